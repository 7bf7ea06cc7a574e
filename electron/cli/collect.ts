// `segue collect PROJECT DIR [--force]`: the project and every media file it uses copied
// into DIR. Progress on stderr, the result on one stdout line; missing media are a warning
// (exit 0), any failure one error line (exit 1, from main()).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { createServices } from '../services';
import { collectProject } from '../services/project/collect';
import { progressBar } from './main';

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

  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const tty = process.stderr.isTTY;
  let last = -1;
  let drawn = false;
  try {
    const r = await collectProject(project, dir, {
      overwrite: values.force === true,
      notEmptyHint: ' (use --force to collect into it anyway)',
      sourceProjectFile: source,
      signal: controller.signal,
      onProgress: ({ progress, etaSeconds }) => {
        const pct = Math.floor(progress * 100);
        if (tty) {
          drawn = true;
          io.err(`\r${progressBar(progress, etaSeconds)}`);
        } else if (pct >= last + 10) {
          last = pct - (pct % 10);
          io.err(`${progressBar(progress, etaSeconds)}\n`);
        }
      },
    });
    if (drawn) {
      io.err('\n');
      drawn = false;
    }
    if (r.missing.length) {
      io.err(`warning: ${plural(r.missing.length, 'media file')} missing, left offline in the collected project: ${listSome(r.missing.map((m) => m.path))}\n`);
    }
    io.out(`${r.projectFile}: ${plural(r.copied, 'file')}, ${(r.bytes / 1e6).toFixed(1)} MB copied, ${r.missing.length} missing\n`);
    return 0;
  } finally {
    if (drawn) io.err('\n');
    process.off('SIGINT', onSigint);
  }
}
