// Opens an .otio file as a Segue project: media references become media records for the
// files that exist; the rest stay on the timeline as offline clips, never a failed load.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Media, Project } from '../../../shared/timeline/model';
import { SCHEMA_VERSION } from '../../../shared/timeline/model';
import { importOtio } from '../../../shared/interchange/otio/import';
import { AppError } from '../../../shared/ipc/result';
import { newId } from '../../../shared/ids';

/** file:///abs, file://localhost/abs, percent-encoding, plain and relative paths. */
export function resolveTargetUrl(url: string, baseDir: string): string {
  if (/^file:/i.test(url)) {
    try {
      return fileURLToPath(url.replace(/^file:\/\/localhost\//i, 'file:///'));
    } catch {
      return decodeURIComponent(url.replace(/^file:\/\/(localhost)?/i, ''));
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url)) return url; // http(s) etc.: not a local file
  return path.resolve(baseDir, url);
}

export async function loadOtioProject(file: string, deps: { createMedia(path: string): Promise<Media> }): Promise<{ project: Project; warnings: string[] }> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new AppError('not_found', `No such file: ${file}`);
  }
  let imported;
  try {
    imported = importOtio(text);
  } catch (e) {
    throw new AppError('invalid_input', `${path.basename(file)}: ${(e as Error).message}`);
  }
  const { timeline, references, warnings } = imported;
  const baseDir = path.dirname(file);
  const media: Media[] = [];
  const offline = new Set<string>();
  for (const ref of references) {
    const target = resolveTargetUrl(ref.targetUrl, baseDir);
    try {
      const m = await deps.createMedia(target);
      // Keep the importer's id so the clips stay pointed at it.
      media.push({ ...m, id: ref.mediaId, ...(ref.metadata && Object.keys(ref.metadata).length ? { metadata: ref.metadata } : {}) });
    } catch (e) {
      offline.add(ref.mediaId);
      warnings.push(`${ref.name || ref.targetUrl}: offline (${e instanceof AppError ? e.message : 'cannot read'})`);
    }
  }
  const tracks = timeline.tracks.map((t) => ({
    ...t,
    items: t.items.map((i) => (i.kind === 'clip' && i.mediaId && offline.has(i.mediaId) ? { ...i, mediaId: null, metadata: { ...i.metadata, 'segue.offlineUrl': references.find((r) => r.mediaId === i.mediaId)?.targetUrl } } : i)),
  }));
  const firstVideo = media.map((m) => m.probe.streams.find((s) => s.type === 'video' && s.width && s.height)).find((s) => s);
  const project: Project = {
    schemaVersion: SCHEMA_VERSION,
    id: newId('p'),
    name: timeline.name || path.basename(file, path.extname(file)),
    settings: {
      width: firstVideo?.width ?? 1920,
      height: firstVideo?.height ?? 1080,
      rate: timeline.rate,
      sampleRate: 48000,
      channels: 2,
      fit: 'fit',
    },
    media,
    timeline: { ...timeline, tracks, name: timeline.name || path.basename(file, path.extname(file)) },
  };
  return { project, warnings };
}
