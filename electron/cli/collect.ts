// `segue collect PROJECT DIR [--force]`: the project and every media file it uses copied
// into DIR. Progress on stderr, the result on one stdout line; missing media are a warning
// (exit 0), any failure one error line (exit 1, from main()).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { createServices } from '../services';
import { collectProject } from '../services/project/collect';
import { terminalJob } from './terminal';

export const COLLECT_USAGE = 'usage: segue collect PROJECT DIR [--force]';

export interface CollectIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** At most `max` items, then "and N more". */
function listSome(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export async function collectCommand(args: string[], io: CollectIO, signal?: AbortSignal): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const [file, dir, ...extra] = positionals;
  if (!file || !dir || extra.length) throw new AppError('invalid_input', COLLECT_USAGE);
  const source = path.resolve(file);
  const services = createServices({ host: { transport: 'web' } });
  const project = await services.projects.open(source);
  for (const w of services.projects.warnings) io.err(`warning: ${w}\n`);

  const job = terminalJob(io.err, signal);
  try {
    const r = await collectProject(project, dir, {
      overwrite: values.force === true,
      notEmptyHint: ' (use --force to collect into it anyway)',
      sourceProjectFile: source,
      signal: job.signal,
      onProgress: ({ progress, etaSeconds }) => job.progress(progress, etaSeconds),
    });
    job.done();
    if (r.missing.length) {
      io.err(`warning: ${plural(r.missing.length, 'media file')} missing, left offline in the collected project: ${listSome(r.missing.map((m) => m.path))}\n`);
    }
    io.out(`${r.projectFile}: ${plural(r.copied, 'file')}, ${(r.bytes / 1e6).toFixed(1)} MB copied, ${r.missing.length} missing\n`);
    return 0;
  } finally {
    job.done();
  }
}
