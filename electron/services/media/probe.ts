// ffprobe's answer turned into our ProbeResult: pure parsing here, one spawn in runner.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { MediaKind, ProbeResult, StreamInfo } from '../../../shared/timeline/model';
import { parseRateFraction, fps as rateFps } from '../../../shared/timeline/time';
import { AppError } from '../../../shared/ipc/result';
import { ffprobeJson } from '../ffmpeg/runner';

type Raw = Record<string, unknown>;

/** fluent-ffmpeg leaves missing values as the string 'N/A'. */
function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== 'N/A' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== 'N/A' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 ? Math.round(n) : undefined;
};

const STILL_CODECS = new Set(['png', 'mjpeg', 'webp', 'bmp', 'tiff', 'gif', 'jpegls']);
const STILL_FORMATS = /image2|_pipe$|^png|^webp/;

export function parseProbe(raw: unknown, file: string, sizeBytes: number): ProbeResult {
  const r = (raw ?? {}) as Raw;
  const format = (r.format ?? {}) as Raw;
  const formatName = str(format.format_name) ?? 'unknown';
  const streamsRaw = Array.isArray(r.streams) ? (r.streams as Raw[]) : [];
  const streams: StreamInfo[] = [];
  for (const s of streamsRaw) {
    const t = str(s.codec_type);
    const type = t === 'video' || t === 'audio' || t === 'subtitle' ? t : 'data';
    const info: StreamInfo = { index: int(s.index) ?? streams.length, type, codec: str(s.codec_name) ?? 'unknown' };
    const duration = num(s.duration);
    if (duration !== undefined && duration >= 0) info.durationSeconds = duration;
    if (type === 'video') {
      const w = int(s.width);
      const h = int(s.height);
      if (w) info.width = w;
      if (h) info.height = h;
      const pix = str(s.pix_fmt);
      if (pix) info.pixelFormat = pix;
      const disposition = (s.disposition ?? {}) as Raw;
      const frames = int(s.nb_frames);
      const still = disposition.attached_pic === 1 || (STILL_CODECS.has(info.codec) && (STILL_FORMATS.test(formatName) || frames === 1 || frames === undefined));
      if (still) info.stillImage = true;
      else {
        const rate = parseRateFraction(str(s.avg_frame_rate)) ?? parseRateFraction(str(s.r_frame_rate));
        if (rate) {
          info.rate = rate;
          info.fps = Math.round(rateFps(rate) * 1000) / 1000;
        }
      }
    } else if (type === 'audio') {
      const sr = int(s.sample_rate);
      const ch = int(s.channels);
      if (sr) info.sampleRate = sr;
      if (ch) info.channels = ch;
      const layout = str(s.channel_layout);
      if (layout) info.channelLayout = layout;
    }
    streams.push(info);
  }
  // The container's duration is authoritative; streams fill in when it is missing.
  const streamDurations = streams.filter((s) => !s.stillImage).map((s) => s.durationSeconds ?? 0);
  const result: ProbeResult = {
    path: file,
    formatName,
    durationSeconds: num(format.duration) ?? Math.max(0, ...streamDurations),
    sizeBytes,
    streams,
  };
  const bitRate = int(format.bit_rate);
  if (bitRate) result.bitRate = bitRate;
  return result;
}

export function mediaKind(probe: ProbeResult): MediaKind {
  const video = probe.streams.filter((s) => s.type === 'video');
  if (video.some((s) => !s.stillImage)) return 'video';
  if (probe.streams.some((s) => s.type === 'audio')) return 'audio';
  return 'image';
}

export async function probeFile(file: string, signal?: AbortSignal): Promise<ProbeResult> {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(abs);
  } catch {
    throw new AppError('not_found', `File not found: ${abs}`);
  }
  if (!stat.isFile()) throw new AppError('unsupported_media', `Not a file: ${abs}`);
  if (stat.size === 0) throw new AppError('unsupported_media', `Not a media file Segue can read: ${name} (the file is empty)`);
  let raw: unknown;
  try {
    raw = await ffprobeJson(abs, signal);
  } catch (e) {
    if (e instanceof AppError && e.code === 'cancelled') throw e;
    const reason = e instanceof Error ? e.message.replace(abs, '').replace(/^[:\s]+/, '') : 'unreadable';
    throw new AppError('unsupported_media', `Not a media file Segue can read: ${name} (${reason || 'unreadable'})`);
  }
  const probe = parseProbe(raw, abs, stat.size);
  if (!probe.streams.some((s) => s.type === 'video' || s.type === 'audio')) {
    throw new AppError('unsupported_media', `Not a media file Segue can read: ${name} (no picture or sound in it)`);
  }
  if (mediaKind(probe) !== 'image' && !(probe.durationSeconds > 0)) {
    throw new AppError('corrupt_media', `${name} has no readable duration; the file may be damaged`);
  }
  return probe;
}
