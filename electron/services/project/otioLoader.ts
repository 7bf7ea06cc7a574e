// Opens an .otio file as a Segue project: media references become media records for the
// files that exist; the rest stay on the timeline as offline clips, never a failed load.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Item, Media, Project } from '../../../shared/timeline/model';
import { SCHEMA_VERSION } from '../../../shared/timeline/model';
import { importOtio, type OtioImport } from '../../../shared/interchange/otio/import';
import { AppError } from '../../../shared/ipc/result';
import { newId } from '../../../shared/ids';

const decode = (text: string): string | null => {
  try {
    return decodeURIComponent(text);
  } catch {
    return null; // a stray '%' that is part of the name, not an escape
  }
};

/**
 * Local paths a target_url may mean, most likely first: `file:///abs`,
 * `file://localhost/abs`, `file:/abs`, percent-encoded or not, plain absolute paths and
 * paths relative to the .otio's folder. Writers differ on whether plain paths are
 * percent-encoded (they are URL references in OTIO, but many tools write raw paths), so
 * both readings are offered. Remote URLs (http:, s3:) give none.
 */
export function targetCandidates(url: string, baseDir: string): string[] {
  const out: string[] = [];
  const add = (p: string | null) => {
    if (p && !out.includes(p)) out.push(p);
  };
  if (/^file:/i.test(url)) {
    try {
      add(fileURLToPath(url.replace(/^file:\/\/localhost\//i, 'file:///')));
    } catch {
      // fileURLToPath refuses other hosts (UNC shares) on POSIX; read the path part.
      add(decode(url.replace(/^file:(\/\/[^/]*)?/i, '')));
    }
    return out;
  }
  // A scheme of two or more letters; one letter is a Windows drive (C:/media/a.mov).
  if (/^[a-z][a-z0-9+.-]+:/i.test(url)) return out;
  add(path.resolve(baseDir, url));
  const decoded = decode(url);
  if (decoded !== null) add(path.resolve(baseDir, decoded));
  return out;
}

const exists = async (file: string): Promise<boolean> =>
  fs.promises.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

export async function loadOtioProject(file: string, deps: { createMedia(path: string): Promise<Media> }): Promise<{ project: Project; warnings: string[] }> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'io_error', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code ?? 'error'}`);
  }
  let imported: OtioImport;
  try {
    imported = importOtio(text);
  } catch (e) {
    // One line: JSON.parse messages can quote the offending text.
    const message = (e as Error).message.split(/\r?\n/)[0] ?? 'Not an OpenTimelineIO file';
    throw new AppError('invalid_input', `${path.basename(file)}: ${message}`);
  }
  const { timeline, references } = imported;
  const warnings = [...imported.warnings];
  const baseDir = path.dirname(file);
  const media: Media[] = [];
  // importer media id -> the id clips end up with (null: offline)
  const resolved = new Map<string, string | null>();
  const byPath = new Map<string, string>();
  for (const ref of references) {
    const label = ref.name || ref.targetUrl;
    const candidates = targetCandidates(ref.targetUrl, baseDir);
    let target: string | undefined;
    for (const c of candidates) {
      if (await exists(c)) {
        target = c;
        break;
      }
    }
    if (!target) {
      resolved.set(ref.mediaId, null);
      warnings.push(`${label}: offline, ${candidates.length ? `no file at ${candidates[0]}` : `not a local file (${ref.targetUrl})`}`);
      continue;
    }
    // Two URLs for one file (relative and file://) share one media record.
    const same = byPath.get(target);
    if (same) {
      resolved.set(ref.mediaId, same);
      continue;
    }
    try {
      const m = await deps.createMedia(target);
      const metadata = { ...m.metadata, ...ref.metadata };
      // Keep the importer's id so the clips stay pointed at it.
      media.push({ ...m, id: ref.mediaId, ...(Object.keys(metadata).length ? { metadata } : {}) });
      resolved.set(ref.mediaId, ref.mediaId);
      byPath.set(target, ref.mediaId);
    } catch (e) {
      resolved.set(ref.mediaId, null);
      warnings.push(`${label}: offline, ${e instanceof Error ? e.message.split(/\r?\n/)[0] : 'cannot read the file'}`);
    }
  }
  const urlOf = new Map(references.map((r) => [r.mediaId, r.targetUrl]));
  const relink = (i: Item): Item => {
    if (i.kind !== 'clip' || i.mediaId === null) return i;
    const id = resolved.get(i.mediaId);
    if (id === undefined || id === i.mediaId) return i;
    if (id !== null) return { ...i, mediaId: id };
    // Offline: remember where the media was meant to be, for relinking and export.
    return { ...i, mediaId: null, metadata: { ...i.metadata, 'segue.offlineUrl': urlOf.get(i.mediaId) } };
  };
  const tracks = timeline.tracks.map((t) => ({ ...t, items: t.items.map(relink) }));
  const firstVideo = media.map((m) => m.probe.streams.find((s) => s.type === 'video' && s.width && s.height)).find((s) => s);
  const name = timeline.name || path.basename(file, path.extname(file));
  const project: Project = {
    schemaVersion: SCHEMA_VERSION,
    id: newId('p'),
    name,
    settings: {
      width: firstVideo?.width ?? 1920,
      height: firstVideo?.height ?? 1080,
      rate: timeline.rate,
      sampleRate: 48000,
      channels: 2,
      fit: 'fit',
    },
    media,
    timeline: { ...timeline, tracks, name },
  };
  return { project, warnings };
}
