// Opens a CMX 3600 EDL as a Segue project. EDLs carry no frame rate: the caller gives it
// (the CLI's --rate, default 24). `* SOURCE FILE` comments that name a readable file
// become media records; other clips stay on the timeline, offline.
import fs from 'node:fs';
import path from 'node:path';
import { importEdl } from '../../../shared/interchange/edl/import';
import { SCHEMA_VERSION, type Item, type Media, type Project } from '../../../shared/timeline/model';
import type { Rate } from '../../../shared/timeline/time';
import { AppError } from '../../../shared/ipc/result';
import { newId } from '../../../shared/ids';

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
  const warnings = [...imported.warnings];
  const media: Media[] = [];
  const resolved = new Map<string, string | null>();
  const byFile = new Map<string, string>();
  for (const ref of imported.references) {
    const src = ref.sourceFile ? path.resolve(path.dirname(file), ref.sourceFile) : null;
    if (!src || !fs.existsSync(src)) {
      resolved.set(ref.mediaId, null);
      warnings.push(`${ref.name || ref.reel}: offline${src ? `, ${src} is missing` : ' (no SOURCE FILE comment)'}`);
      continue;
    }
    const known = byFile.get(src);
    if (known) {
      resolved.set(ref.mediaId, known);
      continue;
    }
    try {
      const m = await deps.createMedia(src);
      const generated = ref.generated ? { origin: 'generated' as const, provenance: { ...ref.generated, costUsd: 0, createdAt: new Date(0).toISOString() } } : {};
      media.push({ ...m, id: ref.mediaId, ...generated });
      byFile.set(src, ref.mediaId);
      resolved.set(ref.mediaId, ref.mediaId);
    } catch (e) {
      resolved.set(ref.mediaId, null);
      warnings.push(`${ref.name}: offline, ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const relink = (i: Item): Item => (i.kind === 'clip' && i.mediaId !== null ? { ...i, mediaId: resolved.get(i.mediaId) ?? null } : i);
  const timeline = { ...imported.timeline, tracks: imported.timeline.tracks.map((t) => ({ ...t, items: t.items.map(relink) })) };
  const video = media.flatMap((m) => m.probe.streams.filter((s) => s.type === 'video' && s.width && s.height))[0];
  const project: Project = {
    schemaVersion: SCHEMA_VERSION,
    id: newId('p'),
    name: timeline.name,
    settings: { width: video?.width ?? 1920, height: video?.height ?? 1080, rate, sampleRate: 48000, channels: 2, fit: 'fit' },
    media,
    timeline,
  };
  return { project, warnings };
}
