// Opens a CMX 3600 EDL as a Segue project. EDLs carry no frame rate: the caller gives it
// (the CLI's --rate, default 24). `* SOURCE FILE` / `* FROM CLIP` / `* FROM FILE` comments
// that name a readable file become media records; other clips stay on the timeline,
// offline.
import fs from 'node:fs';
import path from 'node:path';
import { importEdl } from '../../../shared/interchange/edl/import';
import type { Media, Project } from '../../../shared/timeline/model';
import type { Rate } from '../../../shared/timeline/time';
import { AppError } from '../../../shared/ipc/result';
import { projectAround, resolveReferences } from './references';
import { decodeText } from '../fs/decodeText';

/**
 * The text of an EDL file. Most are ASCII or UTF-8; Windows tools also write UTF-16 (with
 * a byte-order mark) and Avid or older tools Windows-1252 (a clip name with a bullet or an
 * accent is then not valid UTF-8).
 */
export const decodeEdlText = (buf: Uint8Array): { text: string; warning?: string } => decodeText(buf, { what: 'a CMX 3600 EDL', guessWindows1252: true });

export async function loadEdlProject(file: string, rate: Rate, deps: { createMedia(path: string): Promise<Media> }): Promise<{ project: Project; warnings: string[] }> {
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(file);
  } catch {
    throw new AppError('not_found', `No such EDL: ${file}`);
  }
  let imported;
  let decoded;
  try {
    decoded = decodeEdlText(buf);
    imported = importEdl(decoded.text, { rate, name: path.basename(file, path.extname(file)) });
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
  const warnings = [...(decoded.warning ? [decoded.warning] : []), ...imported.warnings, ...resolved.warnings];
  return { project: { ...project, settings: { ...project.settings, rate } }, warnings };
}
