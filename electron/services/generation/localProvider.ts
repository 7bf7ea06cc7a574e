// The local (offline) generation provider: drafts made by ffmpeg on this machine, any
// length, no network. The argument lists live in localArgs.ts; this module probes the
// sources, finds the bundled font, runs ffmpeg into a temporary name and renames it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/ipc/result';
import { ffprobeJson, runFfmpeg } from '../ffmpeg/runner';
import { unpackedPath } from '../paths';
import { frameArgs, judgeSeam, localArgs, localLength, parseSeam, seamArgs, type Fit, type Rate, type Size, type SourceInfo } from './localArgs';
import type { LocalFormat, LocalRequest } from './types';

const FONT = path.join('resources', 'fonts', 'DejaVuSans.ttf');
let fontCache: string | null = null;

/**
 * The bundled DejaVu Sans: `resources/fonts/` of the repository, found by walking up from
 * this module (electron/services/generation/ when run from source, dist/electron/ in the
 * bundle); in a packaged app the asar path is mapped to app.asar.unpacked (ffmpeg reads
 * real files), or the app's resources folder when the font ships as an extra resource.
 */
export function fontFile(): string {
  if (fontCache) return fontCache;
  const candidates: string[] = [];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, FONT));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, FONT), path.join(resources, 'fonts', 'DejaVuSans.ttf'));
  for (const c of candidates) {
    const real = unpackedPath(c);
    if (fs.existsSync(real)) return (fontCache = real);
  }
  throw new AppError('not_available', `The slate font is missing (looked for ${FONT} above ${path.dirname(fileURLToPath(import.meta.url))}).`);
}

interface ProbeStream {
  codec_type?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  disposition?: { attached_pic?: number };
}

function parseRate(text: string | undefined): Rate | null {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m) return null;
  const r = { num: Number(m[1]), den: Number(m[2]) };
  return r.num > 0 && r.den > 0 ? r : null;
}

/** Whether a file has picture and sound, and its frame rate. */
export async function probeSource(file: string, signal?: AbortSignal): Promise<SourceInfo> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `File not found: ${file}`);
  const raw = (await ffprobeJson(file, signal)) as { streams?: ProbeStream[] };
  const streams = raw.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  return {
    video: video !== undefined,
    audio: streams.some((s) => s.codec_type === 'audio'),
    rate: video ? (parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate)) : null,
  };
}

function sourcesOf(req: LocalRequest): string[] {
  switch (req.mode) {
    case 'extend':
    case 'extendBefore':
      return [req.source];
    case 'bridge':
      return [...new Set([req.a.source, req.b.source])];
    case 'text':
      return [];
    case 'image':
      return [req.image];
  }
}

/** A temporary name beside `dest`; the leading dot keeps it out of file pickers. */
const tempBeside = (dest: string, ext: string): string => path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.partial${ext}`);

async function into(dest: string, ext: string, run: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempBeside(dest, ext);
  try {
    await run(temp);
    if (!fs.existsSync(temp)) throw new AppError('io_error', `ffmpeg wrote nothing for ${path.basename(dest)}`);
    await fs.promises.rename(temp, dest);
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

export interface RenderLocalOptions {
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; etaSeconds: number | null }) => void;
}

/** Renders a local draft to `dest` (MP4); nothing is left behind on failure or cancel. */
export async function renderLocal(req: LocalRequest, format: LocalFormat, dest: string, o: RenderLocalOptions = {}): Promise<void> {
  const sources: Record<string, SourceInfo> = {};
  for (const file of sourcesOf(req)) sources[file] = await probeSource(file, o.signal);
  const font = req.mode === 'text' ? fontFile() : '';
  const totalSeconds = localLength(req, format).seconds;
  await into(dest, '.mp4', async (temp) => {
    const args = localArgs(req, format, temp, { fontFile: font, sources });
    await runFfmpeg(args, { ...(o.signal ? { signal: o.signal } : {}), ...(o.onProgress ? { totalSeconds, onProgress: o.onProgress } : {}) });
  });
}

/** The frame shown at `atSeconds` of `source` as a PNG of exactly `size` (see frameArgs). */
export async function extractFrame(source: string, atSeconds: number, size: Size, fit: Fit, dest: string, signal?: AbortSignal): Promise<void> {
  if (!fs.existsSync(source)) throw new AppError('not_found', `File not found: ${source}`);
  await into(dest, '.png', (temp) => runFfmpeg(frameArgs(source, atSeconds, size, fit, temp), signal ? { signal } : {}).then(() => undefined));
}

export interface SeamResult {
  ssim: number;
  /** positive: louder after the seam */
  loudnessJumpDb: number;
  poor: boolean;
  reason?: string;
}

/** How visible and audible a seam is: the frame shown at a's time against b's, and the level on both sides. */
export async function measureSeam(a: { file: string; atSeconds: number }, b: { file: string; atSeconds: number }, signal?: AbortSignal): Promise<SeamResult> {
  const [ia, ib] = [await probeSource(a.file, signal), await probeSource(b.file, signal)];
  if (!ia.video || !ib.video) throw new AppError('unsupported_media', 'A seam check needs a picture on both sides.');
  const { stderr } = await runFfmpeg(seamArgs({ ...a, audio: ia.audio }, { ...b, audio: ib.audio }), signal ? { signal } : {});
  const reading = parseSeam(stderr);
  if (reading.ssim === null) throw new AppError('io_error', 'The seam check measured no picture (is the time inside both files?).');
  return judgeSeam(reading);
}
