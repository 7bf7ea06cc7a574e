// Missing media and relinking. A clip whose file is gone stays on the timeline, offline;
// the Relink dialog looks for the file in a folder the user chooses and ranks what it
// finds by name, size and duration (kept in every media's probe for this).
//
// scoreCandidate is pure (unit-tested); the walk, the probing and relinkMedia touch disk.
import fs from 'node:fs';
import path from 'node:path';
import type { Media, ProbeResult, Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { mediaKind, probeFile } from '../media/probe';

export interface Candidate {
  /** absolute path of the file found */
  path: string;
  /** 0..1, higher is likelier */
  score: number;
  /** why: 'same name', 'same name, other extension', 'same size', 'same duration' */
  reasons: string[];
}

export interface CandidateFile {
  /** the file's base name, with extension */
  name: string;
  size: number;
  /** known only for the few files that were probed */
  durationSeconds?: number;
}

export interface FindOptions {
  signal?: AbortSignal;
  /** stop the walk after this many files (default 20 000) */
  maxFiles?: number;
  /** how many folders deep to look below `dir` (default 8) */
  maxDepth?: number;
  /** how many of the best name/size matches of each media are probed for their duration (default 5) */
  probeTop?: number;
  /** at most this many candidates per media (default 20) */
  maxCandidates?: number;
}

const W_NAME = 0.5;
const W_STEM = 0.3;
const W_SIZE = 0.3;
const W_DURATION = 0.2;
/** Durations within this many seconds are the same (or one frame of the media, if longer). */
export const DURATION_TOLERANCE = 0.05;

const stem = (name: string): string => {
  const ext = path.posix.extname(name.replace(/\\/g, '/'));
  return ext ? name.slice(0, -ext.length) : name;
};
/** The base name of a path written on any system. */
const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/** One frame of the media's picture in seconds, or 0 when it has none. */
function frameSeconds(media: Media): number {
  const v = media.probe.streams.find((s) => s.type === 'video' && !s.stillImage);
  if (v?.rate && v.rate.num > 0) return v.rate.den / v.rate.num;
  if (v?.fps && v.fps > 0) return 1 / v.fps;
  return 0;
}

/**
 * How likely `file` is the missing `media`: a same name (case-insensitive, the file name of
 * its path or its display name) counts most, the same name with another extension less,
 * then an equal size, then an equal duration (within one frame or 0.05 s; stills have none
 * to compare). 0 when nothing matches.
 */
export function scoreCandidate(media: Media, file: CandidateFile): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  const name = file.name.toLowerCase();
  const names = new Set([baseName(media.path).toLowerCase(), media.name.toLowerCase()].filter((n) => n !== ''));
  if (names.has(name)) {
    score += W_NAME;
    reasons.push('same name');
  } else {
    const fileStem = stem(name);
    if (fileStem !== '' && [...names].some((n) => stem(n) === fileStem)) {
      score += W_STEM;
      reasons.push('same name, other extension');
    }
  }
  if (media.probe.sizeBytes > 0 && file.size === media.probe.sizeBytes) {
    score += W_SIZE;
    reasons.push('same size');
  }
  const d = file.durationSeconds;
  if (d !== undefined && media.kind !== 'image' && media.probe.durationSeconds > 0) {
    const tolerance = Math.max(DURATION_TOLERANCE, frameSeconds(media));
    if (Math.abs(d - media.probe.durationSeconds) <= tolerance + 1e-9) {
      score += W_DURATION;
      reasons.push('same duration');
    }
  }
  return { score: Math.min(1, Math.round(score * 1000) / 1000), reasons };
}

/** Whether `file` is a regular file (following symlinks). */
function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Ids of the media whose file is not there (deleted, moved, a disk not mounted, a folder). */
export function missingMedia(project: Project): string[] {
  return project.media.filter((m) => !isFile(m.path)).map((m) => m.id);
}

interface FoundFile {
  path: string;
  name: string;
  size: number;
}

const cancelled = () => new AppError('cancelled', 'Cancelled');
const SKIP_DIRS = new Set(['node_modules']);

/**
 * Every regular file under `dir`, shallow folders first, at most `maxFiles`, at most
 * `maxDepth` folders deep. Hidden files and folders and node_modules are skipped; symlinks
 * are followed but a folder is never visited twice (no loops).
 */
async function walk(dir: string, maxFiles: number, maxDepth: number, signal?: AbortSignal): Promise<FoundFile[]> {
  const files: FoundFile[] = [];
  const seen = new Set<string>();
  const rootStat = await fs.promises.stat(dir);
  seen.add(`${rootStat.dev}:${rootStat.ino}`);
  let level: string[] = [dir];
  for (let depth = 0; level.length > 0 && depth <= maxDepth; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (signal?.aborted) throw cancelled();
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(folder, { withFileTypes: true });
      } catch {
        continue; // unreadable folder: look elsewhere
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const full = path.join(folder, e.name);
        let isDir = e.isDirectory();
        let isReg = e.isFile();
        let st: fs.Stats | undefined;
        if (e.isSymbolicLink() || isDir || isReg) {
          try {
            st = await fs.promises.stat(full);
          } catch {
            continue; // dangling link or gone meanwhile
          }
          isDir = st.isDirectory();
          isReg = st.isFile();
        }
        if (!st) continue;
        if (isDir) {
          if (SKIP_DIRS.has(e.name) || depth === maxDepth) continue;
          const key = `${st.dev}:${st.ino}`;
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(full);
        } else if (isReg) {
          files.push({ path: full, name: e.name, size: st.size });
          if (files.length >= maxFiles) return files;
        }
      }
    }
    level = next;
  }
  return files;
}

/**
 * Candidates for each missing media in `dir` and below, best first, keyed by media id (an
 * empty list when nothing matched). The few best matches by name and size are probed, so
 * their duration counts and files that are not media drop out.
 */
export async function findRelinkCandidates(missing: Media[], dir: string, opts: FindOptions = {}): Promise<Record<string, Candidate[]>> {
  const { signal, maxFiles = 20_000, maxDepth = 8, probeTop = 5, maxCandidates = 20 } = opts;
  const root = path.resolve(dir);
  let rootStat: fs.Stats;
  try {
    rootStat = await fs.promises.stat(root);
  } catch {
    throw new AppError('not_found', `No such folder: ${root}`);
  }
  if (!rootStat.isDirectory()) throw new AppError('invalid_input', `Not a folder: ${root}`);
  const files = await walk(root, maxFiles, maxDepth, signal);

  const probes = new Map<string, Promise<ProbeResult | null>>();
  const probeOnce = (file: string): Promise<ProbeResult | null> => {
    let p = probes.get(file);
    if (!p) {
      p = probeFile(file, signal).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'cancelled') throw e;
        return null;
      });
      probes.set(file, p);
    }
    return p;
  };

  const out: Record<string, Candidate[]> = {};
  for (const media of missing) {
    if (signal?.aborted) throw cancelled();
    const scored: Candidate[] = [];
    for (const f of files) {
      const { score, reasons } = scoreCandidate(media, f);
      if (score > 0) scored.push({ path: f.path, score, reasons });
    }
    sortCandidates(scored);
    const top = scored.slice(0, probeTop);
    const rest = scored.slice(probeTop);
    const probed: Candidate[] = [];
    for (const c of top) {
      const probe = await probeOnce(c.path);
      if (signal?.aborted) throw cancelled();
      if (!probe) continue; // not a media file Segue can read
      const again = scoreCandidate(media, { name: path.basename(c.path), size: probe.sizeBytes, durationSeconds: probe.durationSeconds });
      if (again.score > 0) probed.push({ path: c.path, ...again });
    }
    const all = [...probed, ...rest];
    sortCandidates(all);
    out[media.id] = all.slice(0, maxCandidates);
  }
  return out;
}

function sortCandidates(list: Candidate[]): void {
  list.sort((a, b) => b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const hasMovingVideo = (p: ProbeResult) => p.streams.some((s) => s.type === 'video' && !s.stillImage);
const hasVideo = (p: ProbeResult) => p.streams.some((s) => s.type === 'video');
const hasAudio = (p: ProbeResult) => p.streams.some((s) => s.type === 'audio');

/** Why `probe` cannot stand in for `media`, or null when it can. */
export function relinkMismatch(media: Media, probe: ProbeResult): string | null {
  const was = media.probe;
  if (media.kind === 'image') {
    if (!hasVideo(probe)) return 'it has no picture but the original is a still image';
    if (hasMovingVideo(probe)) return 'it is a video but the original is a still image';
    return null;
  }
  if (hasMovingVideo(was) && !hasMovingVideo(probe)) return hasVideo(probe) ? 'it is a still image but the original is a video' : 'it has no picture but the original has';
  if (hasAudio(was) && !hasAudio(probe)) return 'it has no sound but the original has';
  return null;
}

/**
 * `media` pointing at `newPath`: the same id, name, provenance and metadata with the new
 * path and probe. Refuses a file that is not media, or whose picture or sound is missing
 * where the original had it (AppError 'invalid_input').
 */
export async function relinkMedia(media: Media, newPath: string, signal?: AbortSignal): Promise<Media> {
  const abs = path.resolve(newPath);
  const probe = await probeFile(abs, signal);
  const why = relinkMismatch(media, probe);
  if (why) throw new AppError('invalid_input', `Cannot relink ${media.name} to ${path.basename(abs)}: ${why}`);
  return { ...media, path: abs, kind: mediaKind(probe), probe };
}
