// Waveform peaks for the timeline, computed once per file in the main process and cached
// on disk. PCM WAV is read directly, split across worker threads (one per core); every
// other format is decoded by ffmpeg to s16le and folded into peaks as it streams.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Peaks } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import type { Media } from '../../../shared/timeline/model';
import type { JobManager } from '../jobs';
import { pcmArgs } from '../ffmpeg/args';
import { runFfmpeg } from '../ffmpeg/runner';
import { DerivedCache, fileIdentity, identityKey } from './cache';
import { BASE_LEVEL, LEVELS, PeakAccumulator, concatLevels, deriveLevel, parseWavHeader, sliceLevel, type PeakLevel, type WavInfo } from './peakMath';

export interface PeakSet {
  sampleRate: number;
  channels: number;
  levels: PeakLevel[];
}

// Plain JavaScript so it runs the same under tsx, vitest and a bundled app (eval: true).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { file, start, end, channels, spp } = workerData;
const frameBytes = channels * 2;
const pixelBytes = frameBytes * spp;
const chunkBytes = pixelBytes * 4096;
const pixels = Math.ceil((end - start) / pixelBytes);
const out = new Int16Array(channels * pixels * 2);
const buf = Buffer.allocUnsafe(chunkBytes);
const fd = fs.openSync(file, 'r');
let pos = start, px = 0;
const mn = new Int32Array(channels), mx = new Int32Array(channels);
try {
  while (pos < end) {
    const want = Math.min(chunkBytes, end - pos);
    const got = fs.readSync(fd, buf, 0, want, pos);
    if (got <= 0) break;
    pos += got;
    const usable = got - (got % frameBytes);
    const s = new Int16Array(buf.buffer, buf.byteOffset, usable / 2);
    for (let p = 0; p < s.length; p += spp * channels) {
      const stop = Math.min(s.length, p + spp * channels);
      if (channels === 2) {
        let a0 = 32767, b0 = -32768, a1 = 32767, b1 = -32768;
        for (let i = p; i < stop; i += 2) {
          const l = s[i], r = s[i + 1];
          if (l < a0) a0 = l; if (l > b0) b0 = l;
          if (r < a1) a1 = r; if (r > b1) b1 = r;
        }
        out[px * 2] = a0; out[px * 2 + 1] = b0;
        out[(pixels + px) * 2] = a1; out[(pixels + px) * 2 + 1] = b1;
      } else {
        mn.fill(32767); mx.fill(-32768);
        for (let i = p; i < stop; i += channels) {
          for (let c = 0; c < channels; c++) { const v = s[i + c]; if (v < mn[c]) mn[c] = v; if (v > mx[c]) mx[c] = v; }
        }
        for (let c = 0; c < channels; c++) { out[(c * pixels + px) * 2] = mn[c]; out[(c * pixels + px) * 2 + 1] = mx[c]; }
      }
      px++;
    }
  }
} finally { fs.closeSync(fd); }
parentPort.postMessage({ length: pixels, data: out }, [out.buffer]);
`;

function runWorker(file: string, start: number, end: number, channels: number, spp: number, signal?: AbortSignal): Promise<PeakLevel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, start, end, channels, spp } });
    const onAbort = () => void worker.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Settling twice is a no-op, so 'exit' only counts when nothing else settled first.
    worker.once('message', (m: { length: number; data: Int16Array }) => resolve({ samplesPerPixel: spp, length: m.length, data: m.data }));
    worker.once('error', (e) => reject(new AppError('io_error', `Cannot read audio: ${e.message}`)));
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? new AppError('cancelled', 'Cancelled') : new AppError('io_error', `The audio reader stopped early (exit code ${code})`));
    });
  });
}

/** Reads a 16-bit PCM WAV directly, one slice per core, slices cut on pixel boundaries. */
export async function wavPeaks(file: string, wav: WavInfo, signal?: AbortSignal, maxParts = os.availableParallelism?.() ?? os.cpus().length): Promise<PeakSet> {
  const { channels } = wav;
  const pixelBytes = channels * 2 * BASE_LEVEL;
  // A torn last frame (a truncated file) would become a pixel with no samples in it.
  const dataLength = wav.dataLength - (wav.dataLength % (channels * 2));
  const pixels = Math.ceil(dataLength / pixelBytes);
  // Short files are not worth a second thread: starting a worker costs ~20 ms.
  const parts = Math.max(1, Math.min(maxParts, 8, Math.ceil(pixels / 4096)));
  const perPart = Math.ceil(pixels / parts) * pixelBytes;
  const end = wav.dataOffset + dataLength;
  // One failing slice stops the others: their work is useless without it.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const jobs: Promise<PeakLevel>[] = [];
  for (let i = 0; i < parts; i++) {
    const s = wav.dataOffset + i * perPart;
    if (s >= end) break;
    const job = runWorker(file, s, Math.min(end, s + perPart), channels, BASE_LEVEL, stop.signal);
    job.catch(() => stop.abort());
    jobs.push(job);
  }
  let slices: PeakLevel[];
  try {
    slices = await Promise.all(jobs);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const base = concatLevels(slices, channels);
  return { sampleRate: wav.sampleRate, channels, levels: withCoarserLevels(base, channels) };
}

async function decodePart(file: string, channels: number, sampleRate: number, part: { startSeconds: number; seconds?: number } | undefined, signal?: AbortSignal, onFrames?: (frames: number) => void): Promise<PeakLevel> {
  const acc = new PeakAccumulator(channels, BASE_LEVEL);
  const frameBytes = channels * 2;
  let carry: Buffer | null = null;
  await runFfmpeg(pcmArgs(file, channels, sampleRate, part), {
    ...(signal ? { signal } : {}),
    onStdout: (chunk) => {
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = buf.length - (buf.length % frameBytes);
      carry = whole < buf.length ? Buffer.from(buf.subarray(whole)) : null;
      // Int16Array needs an even byte offset: view in place when it has one, else copy.
      let samples: Int16Array;
      if (buf.byteOffset % 2 === 0) samples = new Int16Array(buf.buffer, buf.byteOffset, whole / 2);
      else {
        samples = new Int16Array(whole / 2);
        Buffer.from(samples.buffer).set(buf.subarray(0, whole));
      }
      acc.push(samples);
      onFrames?.(samples.length / channels);
    },
  });
  return acc.finish();
}

/**
 * Any format ffmpeg reads: decoded to s16le and folded as it streams. Long files are cut
 * in two at a pixel boundary and decoded by two ffmpeg processes at once (one per core).
 */
export async function decodedPeaks(file: string, channels: number, sampleRate: number, durationSeconds: number, signal?: AbortSignal, report?: (fraction: number) => void): Promise<PeakSet> {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  // Progress is decoded frames over the frames the probed duration promises.
  const expected = Math.max(1, durationSeconds * sampleRate);
  let frames = 0;
  const onFrames = report ? (n: number) => report(Math.min(0.99, (frames += n) / expected)) : undefined;
  let base: PeakLevel;
  if (durationSeconds > 60 && cores > 1) {
    const pixels = Math.floor((durationSeconds * sampleRate) / BASE_LEVEL);
    const split = (Math.floor(pixels / 2) * BASE_LEVEL) / sampleRate;
    const parts = await Promise.all([
      decodePart(file, channels, sampleRate, { startSeconds: 0, seconds: split }, signal, onFrames),
      decodePart(file, channels, sampleRate, { startSeconds: split }, signal, onFrames),
    ]);
    base = concatLevels(parts, channels);
  } else base = await decodePart(file, channels, sampleRate, undefined, signal, onFrames);
  return { sampleRate, channels, levels: withCoarserLevels(base, channels) };
}

function withCoarserLevels(base: PeakLevel, channels: number): PeakLevel[] {
  const levels = [base];
  for (const l of LEVELS.slice(1)) levels.push(deriveLevel(base, channels, l / BASE_LEVEL));
  return levels;
}

// Cache file: "SGPK", u32 header length, JSON header, then each level's Int16 data.
const MAGIC = 'SGPK';

export function encodePeakSet(set: PeakSet): Buffer {
  let json = JSON.stringify({ sampleRate: set.sampleRate, channels: set.channels, levels: set.levels.map((l) => ({ spp: l.samplesPerPixel, length: l.length })) });
  if (json.length % 2) json += ' '; // keep the Int16 data 2-byte aligned
  const header = Buffer.from(json);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  const parts: Buffer[] = [Buffer.from(MAGIC), size, header];
  for (const l of set.levels) parts.push(Buffer.from(l.data.buffer, l.data.byteOffset, l.data.byteLength));
  return Buffer.concat(parts);
}

export function decodePeakSet(buf: Buffer): PeakSet | null {
  if (buf.length < 8 || buf.subarray(0, 4).toString() !== MAGIC) return null;
  const hlen = buf.readUInt32LE(4);
  try {
    const header = JSON.parse(buf.subarray(8, 8 + hlen).toString()) as { sampleRate: number; channels: number; levels: { spp: number; length: number }[] };
    const start = 8 + hlen;
    const count = Math.floor((buf.length - start) / 2);
    // Int16Array views need an even byte offset; copy only when the buffer is odd-aligned.
    let payload: Int16Array;
    if ((buf.byteOffset + start) % 2 === 0) payload = new Int16Array(buf.buffer, buf.byteOffset + start, count);
    else {
      payload = new Int16Array(count);
      Buffer.from(payload.buffer).set(buf.subarray(start, start + count * 2));
    }
    let at = 0;
    const levels: PeakLevel[] = [];
    for (const l of header.levels) {
      const n = header.channels * l.length * 2;
      if (at + n > payload.length) return null;
      levels.push({ samplesPerPixel: l.spp, length: l.length, data: payload.subarray(at, at + n) });
      at += n;
    }
    return { sampleRate: header.sampleRate, channels: header.channels, levels };
  } catch {
    return null;
  }
}

/**
 * Reads one window of one level straight from a cache file: the header, then one read
 * per channel. A timeline asking for what is on screen never loads the whole file.
 */
export async function readCachedWindow(file: string, level: number, window: { offset?: number; length?: number }): Promise<Omit<Peaks, 'mediaId'> | null> {
  let fd: fs.promises.FileHandle;
  try {
    fd = await fs.promises.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(8);
    await fd.read(head, 0, 8, 0);
    if (head.subarray(0, 4).toString() !== MAGIC) return null;
    const hlen = head.readUInt32LE(4);
    if (hlen > 1 << 20) return null;
    const hbuf = Buffer.alloc(hlen);
    await fd.read(hbuf, 0, hlen, 8);
    const header = JSON.parse(hbuf.toString()) as { sampleRate: number; channels: number; levels: { spp: number; length: number }[] };
    let levelStart = 8 + hlen;
    const entry = header.levels.find((l) => l.spp === level);
    if (!entry) return null;
    for (const l of header.levels) {
      if (l === entry) break;
      levelStart += header.channels * l.length * 4;
    }
    const offset = Math.min(window.offset ?? 0, entry.length);
    const n = Math.max(0, Math.min(window.length ?? entry.length, entry.length - offset));
    // Every byte is overwritten below, or the read fails and the buffer is dropped.
    const out = Buffer.allocUnsafe(header.channels * n * 4);
    // A whole level is contiguous across channels: one read instead of one per channel.
    const runs = n === entry.length ? [{ at: 0, bytes: out.length, from: levelStart }] : Array.from({ length: header.channels }, (_, c) => ({ at: c * n * 4, bytes: n * 4, from: levelStart + (c * entry.length + offset) * 4 }));
    for (const r of runs) {
      const { bytesRead } = await fd.read(out, r.at, r.bytes, r.from);
      if (bytesRead !== r.bytes) return null; // truncated cache file: recompute
    }
    return { sampleRate: header.sampleRate, channels: header.channels, samplesPerPixel: level, length: n, offset, data: out.toString('base64') };
  } catch {
    return null;
  } finally {
    await fd.close();
  }
}

/** One computation shared by every caller that wants it; aborted only when all of them left. */
interface SharedRun<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

export class PeaksService {
  private readonly cache: DerivedCache;
  private readonly jobs: JobManager | undefined;
  private readonly inFlight = new Map<string, SharedRun<PeakSet>>();
  /** how many times peaks were computed rather than read from the cache (for tests) */
  computed = 0;

  constructor(opts: { cacheDir: string; jobs?: JobManager }) {
    this.cache = new DerivedCache(opts.cacheDir);
    this.jobs = opts.jobs;
  }

  async peakSet(media: Pick<Media, 'path' | 'probe'>, signal?: AbortSignal): Promise<PeakSet> {
    const audio = media.probe.streams.find((s) => s.type === 'audio');
    if (!audio) throw new AppError('not_available', `${path.basename(media.path)} has no sound`);
    let id;
    try {
      id = await fileIdentity(media.path);
    } catch {
      throw new AppError('not_found', `Media file is missing: ${media.path}`);
    }
    const key = identityKey(id);
    // Checked before a run exists: a run nobody waits for would never be cancelled.
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled');
    let run = this.inFlight.get(key);
    if (!run) {
      const controller = new AbortController();
      const work = this.loadOrCompute(key, media, audio.channels ?? 2, audio.sampleRate ?? 48000, id.size, controller.signal);
      const created: SharedRun<PeakSet> = { controller, waiters: 0, promise: work };
      run = created;
      // Nobody may be waiting any more when it fails (all callers cancelled).
      work.catch(() => undefined).finally(() => this.inFlight.get(key) === created && this.inFlight.delete(key));
      this.inFlight.set(key, created);
    }
    return this.join(key, run, signal);
  }

  /**
   * Waits for a shared run under the caller's own signal. A timeline that scrolls away
   * cancels its wait, not the work another view still waits for; the work itself stops
   * when its last waiter leaves.
   */
  private join(key: string, run: SharedRun<PeakSet>, signal?: AbortSignal): Promise<PeakSet> {
    if (signal?.aborted) return Promise.reject(new AppError('cancelled', 'Cancelled'));
    run.waiters++;
    return new Promise<PeakSet>((resolve, reject) => {
      let done = false;
      const settle = () => {
        done = true;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (done) return;
        settle();
        if (--run.waiters === 0) {
          // Forget it at once, so a new request starts afresh instead of joining a cancelled run.
          if (this.inFlight.get(key) === run) this.inFlight.delete(key);
          run.controller.abort();
        }
        reject(new AppError('cancelled', 'Cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      run.promise.then(
        (v) => {
          if (done) return;
          settle();
          run.waiters--;
          resolve(v);
        },
        (e: unknown) => {
          if (done) return;
          settle();
          run.waiters--;
          reject(e instanceof Error ? e : new AppError('internal', String(e)));
        },
      );
    });
  }

  private async loadOrCompute(key: string, media: Pick<Media, 'path' | 'probe'>, channels: number, sampleRate: number, size: number, signal: AbortSignal): Promise<PeakSet> {
    const file = this.cache.pathFor('peaks', key, 'bin');
    // A corrupt or truncated cache file decodes to null and is simply recomputed.
    const cached = await fs.promises.readFile(file).then(decodePeakSet, () => null);
    if (cached) return cached;
    const compute = async (s: AbortSignal, report?: (fraction: number) => void) => {
      this.computed++;
      const set = await this.compute(media.path, channels, sampleRate, size, media.probe.durationSeconds, s, report);
      const tmp = await this.cache.tempFor(file);
      try {
        await fs.promises.writeFile(tmp, encodePeakSet(set));
        await this.cache.commit(tmp, file);
      } catch (e) {
        await fs.promises.rm(tmp, { force: true });
        throw new AppError('io_error', `Cannot write the waveform cache: ${e instanceof Error ? e.message : String(e)}`);
      }
      return set;
    };
    if (!this.jobs) return compute(signal);
    return this.jobs.run(`Waveform: ${path.basename(media.path)}`, (job) => compute(job.signal, (f) => job.report(f)), signal);
  }

  private async compute(file: string, channels: number, sampleRate: number, size: number, durationSeconds: number, signal: AbortSignal, report?: (fraction: number) => void): Promise<PeakSet> {
    const fd = await fs.promises.open(file, 'r');
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    try {
      await fd.read(head, 0, head.length, 0);
    } finally {
      await fd.close();
    }
    const wav = parseWavHeader(head, size);
    if (wav && wav.format === 1 && wav.bitsPerSample === 16 && wav.blockAlign === wav.channels * 2 && wav.channels > 0) {
      return wavPeaks(file, wav, signal);
    }
    return decodedPeaks(file, channels, sampleRate, durationSeconds, signal, report);
  }

  async get(media: Pick<Media, 'id' | 'path' | 'probe'>, level: number, window: { offset?: number; length?: number } = {}, signal?: AbortSignal): Promise<Peaks> {
    const id = await fileIdentity(media.path).catch(() => null);
    if (id) {
      const hit = await readCachedWindow(this.cache.pathFor('peaks', identityKey(id), 'bin'), level, window);
      if (hit) return { mediaId: media.id, ...hit };
    }
    const set = await this.peakSet(media, signal);
    const l = set.levels.find((x) => x.samplesPerPixel === level);
    if (!l) throw new AppError('invalid_input', `No peaks at ${level} samples per pixel`);
    const offset = window.offset ?? 0;
    const data = sliceLevel(l, set.channels, offset, window.length ?? l.length);
    const length = data.length / 2 / set.channels;
    return {
      mediaId: media.id,
      sampleRate: set.sampleRate,
      channels: set.channels,
      samplesPerPixel: level,
      length,
      offset: Math.min(offset, l.length),
      data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
    };
  }
}
