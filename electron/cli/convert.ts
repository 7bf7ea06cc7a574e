// `segue convert IN OUT`: a timeline from one interchange format to another, chosen by the
// files' extensions. Exit 1 with one line on invalid input; OUT is written atomically.
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { exportOtio } from '../../shared/interchange/otio/export';
import type { Project } from '../../shared/timeline/model';
import { createServices } from '../services';
import { writeFileAtomic, writeProjectFile } from '../services/project/projectFile';

export const CONVERT_USAGE = 'usage: segue convert IN OUT [--force]   (IN: .segue, .otio; OUT: .segue, .otio)';

const WRITERS: Record<string, (project: Project, out: string) => Promise<string[]>> = {
  '.otio': async (project, out) => {
    await writeFileAtomic(out, `${JSON.stringify(exportOtio(project), null, 2)}\n`);
    return [out];
  },
  '.segue': async (project, out) => {
    await writeProjectFile(out, project);
    return [out];
  },
};

export async function convertCommand(args: string[], io: { out: (t: string) => void; err: (t: string) => void }): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const [input, output, ...extra] = positionals;
  if (!input || !output || extra.length) throw new AppError('invalid_input', CONVERT_USAGE);
  const out = path.resolve(output);
  const writer = WRITERS[path.extname(out).toLowerCase()];
  if (!writer) throw new AppError('invalid_input', `Cannot write ${path.basename(out)}: Segue writes ${Object.keys(WRITERS).join(', ')}`);
  if (path.resolve(input) === out) throw new AppError('invalid_input', 'Write the result to another file: the input is never changed');
  if (fs.existsSync(out) && !values.force) throw new AppError('invalid_input', `${out} exists; pass --force to replace it`);
  const services = createServices({ host: { transport: 'web' } });
  const project = await services.projects.open(path.resolve(input));
  for (const w of services.projects.warnings) io.err(`warning: ${w}\n`);
  const written = await writer(project, out);
  const clips = project.timeline.tracks.reduce((n, t) => n + t.items.filter((i) => i.kind === 'clip').length, 0);
  io.out(`${written.join(', ')}: ${clips} clip${clips === 1 ? '' : 's'} on ${project.timeline.tracks.length} tracks\n`);
  return 0;
}
