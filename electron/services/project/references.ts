// Turning the media references of a foreign timeline (OTIO target URLs, FCP XML pathurls,
// FCPXML media-rep srcs, EDL `* SOURCE FILE` comments) into media records for the files
// that exist on this machine. What cannot be found stays on the timeline as an offline
// clip with a warning: opening someone else's timeline never fails for missing media.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION, type Item, type Media, type Project, type Provenance, type Timeline } from '../../../shared/timeline/model';
import { rescale } from '../../../shared/timeline/time';
import { newId } from '../../../shared/ids';

const decode = (text: string): string | null => {
  try {
    return decodeURIComponent(text);
  } catch {
    return null; // a stray '%' that is part of the name, not an escape
  }
};

/**
 * Local paths a reference URL may mean, most likely first: `file:///abs`,
 * `file://localhost/abs`, `file:/abs`, percent-encoded or not, plain absolute paths and
 * paths relative to the timeline's folder. Writers differ on whether plain paths are
 * percent-encoded, so both readings are offered. Remote URLs (http:, s3:) give none.
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

/** The file name a URL ends in, for either path separator (Windows paths travel too). */
const fileNameOf = (url: string): string => {
  const last = url.split(/[\\/]/).pop() ?? '';
  return decode(last) ?? last;
};

/** At most this many files are probed at once: each probe is an ffprobe process. */
const PROBES_AT_ONCE = 4;

export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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
 * exists, a file of the same name beside the timeline is taken: timelines often travel
 * in one folder with their media, still pointing at the paths of the machine that wrote
 * them (file://localhost/D%3a/media/... from Premiere). The warning says so.
 */
async function locate(url: string | undefined, baseDir: string): Promise<Located> {
  if (!url) return { offline: 'no media path in the file' };
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

/** A media reference as every importer reports it. */
export interface ForeignRef {
  /** the id the importer's clips point at */
  mediaId: string;
  name: string;
  /** file URL, absolute or relative path; undefined: no media named */
  url: string | undefined;
  /** provenance recorded by Segue's own export */
  generated?: Provenance;
  metadata?: Record<string, unknown>;
  /**
   * The media's own start (file timecode, OTIO's available_range start) in frames at
   * `startRate`: the importer's source ranges include it, and a media record's time starts
   * at 0, so it is taken off when the file is found.
   */
  startFrames?: number;
  startRate?: { num: number; den: number };
}

export interface Resolved {
  media: Media[];
  timeline: Timeline;
  warnings: string[];
}

/**
 * Probes every file the references name (once per file, a few at a time) and points
 * the timeline's clips at the resulting media records; clips whose media is missing go
 * offline, remembering the URL in `segue.offlineUrl` for relinking and export.
 */
export async function resolveReferences(
  timeline: Timeline,
  references: readonly ForeignRef[],
  baseDir: string,
  createMedia: (file: string) => Promise<Media>,
): Promise<Resolved> {
  const warnings: string[] = [];
  const located = await Promise.all(references.map((ref) => locate(ref.url, baseDir)));

  // Two URLs for one file (relative and file://) share one media record, which keeps
  // the id of the first reference that names it, so its clips stay pointed at it.
  const firstRefOf = new Map<string, number>();
  located.forEach((l, i) => {
    if ('file' in l && !firstRefOf.has(l.file)) firstRefOf.set(l.file, i);
  });
  const files = [...firstRefOf.keys()];
  const made = await mapLimited(files, PROBES_AT_ONCE, (f) =>
    createMedia(f).then(
      (m) => ({ ok: true as const, m }),
      (e: unknown) => ({ ok: false as const, message: e instanceof Error ? (e.message.split(/\r?\n/)[0] ?? '') : '' }),
    ),
  );
  const byFile = new Map(files.map((f, i) => [f, made[i]!]));

  const media: Media[] = [];
  // importer media id -> the id clips end up with (null: offline)
  const resolved = new Map<string, string | null>();
  references.forEach((ref, i) => {
    const label = ref.name || ref.url || ref.mediaId;
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
    const generated = ref.generated ? { origin: 'generated' as const, provenance: ref.generated } : {};
    media.push({ ...result.m, id: ref.mediaId, ...generated, ...(Object.keys(metadata).length ? { metadata } : {}) });
  });
  const refOf = new Map(references.map((r) => [r.mediaId, r]));
  const relink = (i: Item): Item => {
    if (i.kind !== 'clip' || i.mediaId === null) return i;
    const ref = refOf.get(i.mediaId);
    const id = resolved.get(i.mediaId);
    let clip = i;
    // Source ranges counted from the media's timecode start become file-relative once
    // they play a file (offline clips keep the numbers they were written with).
    if (ref?.startFrames && id) {
      const r = clip.sourceRange.start.rate;
      const offset = Math.round(rescale({ value: ref.startFrames, rate: ref.startRate ?? r }, r));
      clip = { ...clip, sourceRange: { ...clip.sourceRange, start: { value: Math.max(0, clip.sourceRange.start.value - offset), rate: r } } };
    }
    if (id === undefined || id === i.mediaId) return clip;
    if (id !== null) return { ...clip, mediaId: id };
    // Offline: remember where the media was meant to be, for relinking and export.
    return { ...clip, mediaId: null, ...(ref?.url ? { metadata: { ...clip.metadata, 'segue.offlineUrl': ref.url } } : {}) };
  };
  const tracks = timeline.tracks.map((t) => ({ ...t, items: t.items.map(relink) }));
  return { media, timeline: { ...timeline, tracks }, warnings };
}

/** A project around an imported timeline: picture size from the file, else from its first moving picture. */
export function projectAround(timeline: Timeline, media: Media[], fallbackName: string, size?: { width: number; height: number }): Project {
  const sized = (m: Media) => m.probe.streams.find((s) => s.type === 'video' && s.width && s.height);
  const firstVideo = media.filter((m) => m.kind === 'video').map(sized).find((s) => s) ?? media.map(sized).find((s) => s);
  const name = timeline.name || fallbackName;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: newId('p'),
    name,
    settings: { width: size?.width ?? firstVideo?.width ?? 1920, height: size?.height ?? firstVideo?.height ?? 1080, rate: timeline.rate, sampleRate: 48000, channels: 2, fit: 'fit' },
    media,
    timeline: { ...timeline, name },
  };
}
