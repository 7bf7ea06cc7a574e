// Opens a CMX 3600 EDL as a Segue project. EDLs carry no frame rate: the caller gives it
// (the CLI's --rate, default 24). `* SOURCE FILE` comments that name a readable file
// become media records; other clips stay on the timeline, offline.
import fs from 'node:fs';
import path from 'node:path';
import { importEdl } from '../../../shared/interchange/edl/import';
import type { Media, Project } from '../../../shared/timeline/model';
import type { Rate } from '../../../shared/timeline/time';
import { AppError } from '../../../shared/ipc/result';
import { projectAround, resolveReferences } from './references';

export async function loadEdlProject(file: string, rate: Rate, deps: { createMedia(path: string): Promise<Media> }): Promise<{ project: Project; warnings: string[] }> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new AppError('not_found', `No such EDL: ${file}`);
  }
  let imported;
  try {
    imported = importEdl(text, { rate, name: path.basename(file, path.extname(file)) });
  } catch (e) {
    throw new AppError('invalid_input', `${path.basename(file)}: ${(e as Error).message.split('\n')[0]}`);
  }
  const refs = imported.references.map((ref) => ({
    mediaId: ref.mediaId,
    name: ref.name || ref.reel,
    url: ref.sourceFile,
    // An EDL comment records what made the media, not its cost or time.
    ...(ref.generated ? { generated: { ...ref.generated, costUsd: 0, createdAt: new Date(0).toISOString() } } : {}),
  }));
  const resolved = await resolveReferences(imported.timeline, refs, path.dirname(file), (f) => deps.createMedia(f));
  const project = projectAround(resolved.timeline, resolved.media, path.basename(file, path.extname(file)));
  return { project: { ...project, settings: { ...project.settings, rate } }, warnings: [...imported.warnings, ...resolved.warnings] };
}
