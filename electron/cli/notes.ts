// `segue notes PROJECT -o NOTES.csv|NOTES.md [--force]`: the project's markers as review
// notes with a thumbnail per marker in NOTES_thumbs/. Progress on stderr, the result on
// one stdout line; a marker whose frame could not be taken is a warning (exit 0).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { createServices } from '../services';
import { exportReviewNotes } from '../services/review/notesExport';
import { terminalJob } from './terminal';

export const NOTES_USAGE = 'usage: segue notes PROJECT_OR_OTIO -o NOTES.csv|NOTES.md [--force]';

export async function notesCommand(args: string[], io: { out: (t: string) => void; err: (t: string) => void }, signal?: AbortSignal): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } } });
  const [file, ...extra] = positionals;
  if (!file || extra.length || !values.output) throw new AppError('invalid_input', NOTES_USAGE);
  const services = createServices({ host: { transport: 'web' } });
  const project = await services.projects.open(path.resolve(file));
  for (const w of services.projects.warnings) io.err(`warning: ${w}\n`);
  const media = (id: string) => {
    try {
      return services.projects.getMedia(id);
    } catch {
      return null;
    }
  };
  const job = terminalJob(io.err, signal);
  try {
    const r = await exportReviewNotes(project, path.resolve(values.output), { overwrite: values.force === true, existsHint: 'pass --force to replace it', media, signal: job.signal, onProgress: (p) => job.progress(p, null) });
    job.done();
    for (const w of r.warnings) io.err(`warning: ${w}\n`);
    io.out(`${r.file}: ${r.notes} note${r.notes === 1 ? '' : 's'}, ${r.thumbnails} thumbnail${r.thumbnails === 1 ? '' : 's'}${r.folder ? ` in ${r.folder}` : ''}\n`);
    return 0;
  } finally {
    job.done();
  }
}
