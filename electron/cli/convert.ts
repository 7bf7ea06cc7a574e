// `segue convert IN OUT`: a timeline from one interchange format to another, chosen by the
// files' extensions. Exit 1 with one line on invalid input; OUT is written atomically.
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { parseRateFraction, rateFromFps } from '../../shared/timeline/time';
import { createServices } from '../services';
import { WRITABLE, writeTimeline } from '../services/project/interchange';
import { OPENABLE } from '../services/project/projectService';

export const CONVERT_USAGE = `usage: segue convert IN OUT [--force] [--rate FPS]   (IN: ${OPENABLE.join(', ')}; OUT: ${WRITABLE.join(', ')}; .xml is Final Cut Pro 7 XML; --rate: an EDL's frame rate, default 24)`;

export async function convertCommand(args: string[], io: { out: (t: string) => void; err: (t: string) => void }): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' }, rate: { type: 'string' } } });
  const [input, output, ...extra] = positionals;
  if (!input || !output || extra.length) throw new AppError('invalid_input', CONVERT_USAGE);
  const out = path.resolve(output);
  if (!WRITABLE.includes(path.extname(out).toLowerCase())) throw new AppError('invalid_input', `Cannot write ${path.basename(out)}: Segue writes ${WRITABLE.join(', ')}`);
  if (path.resolve(input) === out) throw new AppError('invalid_input', 'Write the result to another file: the input is never changed');
  if (fs.existsSync(out) && !values.force) throw new AppError('invalid_input', `${out} exists; pass --force to replace it`);
  const services = createServices({ host: { transport: 'web' } });
  let rate;
  if (values.rate !== undefined) {
    rate = parseRateFraction(values.rate) ?? (Number(values.rate) > 0 ? rateFromFps(Number(values.rate)) : null);
    if (!rate) throw new AppError('invalid_input', `--rate is frames per second (24, 25, 30000/1001…), not ${values.rate}`);
  }
  const project = await services.projects.open(path.resolve(input), rate ? { rate } : {});
  for (const w of services.projects.warnings) io.err(`warning: ${w}\n`);
  const written = await writeTimeline(project, out);
  const clips = project.timeline.tracks.reduce((n, t) => n + t.items.filter((i) => i.kind === 'clip').length, 0);
  io.out(`${written.join(', ')}: ${clips} clip${clips === 1 ? '' : 's'} on ${project.timeline.tracks.length} tracks\n`);
  return 0;
}
