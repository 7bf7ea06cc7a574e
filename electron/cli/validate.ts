// `segue validate PROJECT`: can this .segue file be opened? Prints a one-line summary and
// exits 0, or throws an AppError whose one line main() prints before exiting 1.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import type { Project } from '../../shared/timeline/model';
import { readProjectFile } from '../services/project/projectFile';

export const VALIDATE_USAGE = 'usage: segue validate PROJECT';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Media whose file is not there (moved, deleted, on a disk that is not mounted). */
export async function offlineMedia(project: Project): Promise<number> {
  const missing = await Promise.all(
    project.media.map((m) =>
      fs.promises.stat(m.path).then(
        (s) => !s.isFile(),
        () => true,
      ),
    ),
  );
  return missing.filter(Boolean).length;
}

/** "PROJECT: ok — 3 clips on 4 tracks, 2 media (1 offline)" */
export async function summarizeProject(label: string, project: Project): Promise<string> {
  const clips = project.timeline.tracks.reduce((n, t) => n + t.items.filter((i) => i.kind === 'clip').length, 0);
  const tracks = project.timeline.tracks.length;
  const offline = await offlineMedia(project);
  return `${label}: ok — ${plural(clips, 'clip')} on ${plural(tracks, 'track')}, ${project.media.length} media (${offline} offline)`;
}

export async function validateCommand(args: string[], io: { out: (text: string) => void }): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new AppError('invalid_input', VALIDATE_USAGE);
  const project = await readProjectFile(file);
  io.out(`${await summarizeProject(file, project)}\n`);
  return 0;
}
