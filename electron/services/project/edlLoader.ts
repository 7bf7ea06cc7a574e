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

// Windows-1252 differs from Latin-1 in 0x80-0x9F (Node's decoder reads them as Latin-1).
const CP1252 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const windows1252 = (buf: Buffer): string => Array.from(buf, (b) => (b >= 0x80 && b < 0xa0 ? CP1252[b - 0x80]! : String.fromCharCode(b))).join('');

/**
 * The text of an EDL file. Most are ASCII or UTF-8; Windows tools also write UTF-16 (with
 * a byte-order mark) and Avid or older tools Windows-1252 (a clip name with a bullet or an
 * accent is then not valid UTF-8).
 */
export function decodeEdlText(buf: Buffer): { text: string; warning?: string } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)) };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)) };
  // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
  const sample = buf.subarray(0, 512);
  const zeros = [0, 1].map((odd) => sample.filter((b, i) => i % 2 === odd && b === 0).length);
  if (sample.length >= 8 && zeros[1]! >= sample.length / 4 && zeros[0] === 0) return { text: new TextDecoder('utf-16le').decode(buf) };
  if (sample.length >= 8 && zeros[0]! >= sample.length / 4 && zeros[1] === 0) return { text: new TextDecoder('utf-16be').decode(buf) };
  if (buf.includes(0)) throw new AppError('invalid_input', 'not a text file (it holds binary data), so not a CMX 3600 EDL');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
  } catch {
    return { text: windows1252(buf), warning: 'the file is not UTF-8; read as Windows-1252 (Latin-1)' };
  }
}

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
