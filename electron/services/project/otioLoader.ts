// Opens an .otio file as a Segue project: media references become media records for the
// files that exist; the rest stay on the timeline as offline clips, never a failed load.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvenanceSchema, type Item, type Media, type Project } from '../../../shared/timeline/model';
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

/** The file name a target_url ends in, for either path separator (Windows paths travel too). */
const fileNameOf = (url: string): string => {
  const last = url.split(/[\\/]/).pop() ?? '';
  return decode(last) ?? last;
};

/** At most this many files are probed at once: each probe is an ffprobe process. */
const PROBES_AT_ONCE = 4;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

type Located = { file: string; note?: string } | { offline: string };

/**
 * Where a reference's media is on this machine. When none of the readings of its URL
 * exists, a file of the same name beside the .otio is taken: timelines often travel
 * in one folder with their media, still pointing at the paths of the machine that wrote
 * them (file://localhost/D%3a/media/... from Premiere). The warning says so.
 */
async function locate(url: string, baseDir: string): Promise<Located> {
  const candidates = targetCandidates(url, baseDir);
  for (const c of candidates) if (await exists(c)) return { file: c };
  if (!candidates.length) return { offline: `not a local file (${url})` };
  const name = fileNameOf(url);
  const beside = name ? path.join(baseDir, name) : null;
  if (beside && !candidates.includes(beside) && (await exists(beside))) {
    return { file: beside, note: `not at ${candidates[0]}; using ${beside}, the file of the same name beside the timeline` };
  }
  return { offline: `no file at ${candidates[0]}` };
}

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
  const located = await Promise.all(references.map((ref) => locate(ref.targetUrl, baseDir)));

  // Two URLs for one file (relative and file://) share one media record, which keeps
  // the id of the first reference that names it, so its clips stay pointed at it.
  const firstRefOf = new Map<string, number>();
  located.forEach((l, i) => {
    if ('file' in l && !firstRefOf.has(l.file)) firstRefOf.set(l.file, i);
  });
  const files = [...firstRefOf.keys()];
  const made = await mapLimited(files, PROBES_AT_ONCE, (f) =>
    deps.createMedia(f).then(
      (m) => ({ ok: true as const, m }),
      (e: unknown) => ({ ok: false as const, message: e instanceof Error ? (e.message.split(/\r?\n/)[0] ?? '') : '' }),
    ),
  );
  const byFile = new Map(files.map((f, i) => [f, made[i]!]));

  const media: Media[] = [];
  // importer media id -> the id clips end up with (null: offline)
  const resolved = new Map<string, string | null>();
  references.forEach((ref, i) => {
    const label = ref.name || ref.targetUrl;
    const where = located[i]!;
    if ('offline' in where) {
      resolved.set(ref.mediaId, null);
      warnings.push(`${label}: offline, ${where.offline}`);
      return;
    }
    const owner = references[firstRefOf.get(where.file)!]!;
    const result = byFile.get(where.file)!;
    if (!result.ok) {
      resolved.set(ref.mediaId, null);
      if (owner === ref) warnings.push(`${label}: offline, ${result.message || 'cannot read the file'}`);
      return;
    }
    if (where.note) warnings.push(`${label}: ${where.note}`);
    resolved.set(ref.mediaId, owner.mediaId);
    if (owner !== ref) return;
    const metadata = { ...result.m.metadata, ...ref.metadata };
    // Segue's own export records where generated media came from.
    const segue = ref.metadata?.segue as { origin?: unknown; provenance?: unknown } | undefined;
    const provenance = ProvenanceSchema.safeParse(segue?.provenance);
    const generated = segue?.origin === 'generated' && provenance.success ? { origin: 'generated' as const, provenance: provenance.data } : {};
    media.push({ ...result.m, id: ref.mediaId, ...generated, ...(Object.keys(metadata).length ? { metadata } : {}) });
  });
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
  // The picture size of the first moving picture; a still only when there is none.
  const sized = (m: Media) => m.probe.streams.find((s) => s.type === 'video' && s.width && s.height);
  const firstVideo = media.filter((m) => m.kind === 'video').map(sized).find((s) => s) ?? media.map(sized).find((s) => s);
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
