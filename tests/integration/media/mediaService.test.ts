import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { MediaService } from '../../../electron/services/media/mediaService';
import { makePng, makeTempDir, makeTestClip, makeWav } from '../../helpers/media';
import { runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import type { JobProgress, Peaks } from '../../../shared/ipc/contract';
import { JobManager } from '../../../electron/services/jobs';
import { pcmArgs } from '../../../electron/services/ffmpeg/args';

let dir: string;
let service: MediaService;

beforeAll(() => {
  dir = makeTempDir('segue-media-');
  service = new MediaService({ cacheDir: path.join(dir, 'cache') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ints = (p: Peaks) => {
  const b = Buffer.from(p.data, 'base64');
  return new Int16Array(b.buffer, b.byteOffset, b.length / 2);
};
const extent = (a: Int16Array): [number, number] => {
  let lo = 0;
  let hi = 0;
  for (const v of a) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
};

describe('media service', () => {
  it('probes a generated H.264/AAC clip', async () => {
    const file = await makeTestClip(dir, 'a.mp4', { seconds: 2, width: 320, height: 240, fps: 25, sampleRate: 44100, channels: 1 });
    const m = await service.createMedia(file);
    expect(m).toMatchObject({ name: 'a.mp4', path: file, kind: 'video', origin: 'file' });
    expect(m.probe.durationSeconds).toBeGreaterThan(1.95);
    expect(m.probe.durationSeconds).toBeLessThan(2.1);
    expect(m.probe.streams.find((s) => s.type === 'video')).toMatchObject({ codec: 'h264', width: 320, height: 240, fps: 25, rate: { num: 25, den: 1 } });
    expect(m.probe.streams.find((s) => s.type === 'audio')).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 1 });
  });

  it('rejects a text file named .mp4, an empty file and a missing one with one line each', async () => {
    const text = path.join(dir, 'text.mp4');
    fs.writeFileSync(text, 'hello\n'.repeat(100));
    const empty = path.join(dir, 'empty.mov');
    fs.writeFileSync(empty, '');
    for (const [file, code] of [[text, 'unsupported_media'], [empty, 'unsupported_media'], [path.join(dir, 'gone.mp4'), 'not_found']] as const) {
      const err = await service.createMedia(file).catch((e: unknown) => e as { code: string; message: string });
      expect(err).toMatchObject({ code });
      expect((err as { message: string }).message).not.toContain('\n');
      expect((err as { message: string }).message).toContain(path.basename(file));
    }
  });

  it('computes WAV peaks with the right length and amplitude, then serves them from the disk cache', async () => {
    const file = await makeWav(dir, 'tone.wav', { seconds: 1, sampleRate: 48000, channels: 1, amplitude: 0.5 });
    const m = await service.createMedia(file);
    const before = service.peaksService.computed;
    const p = await service.peaks(m, 256);
    expect(p.channels).toBe(1);
    expect(p.length).toBe(Math.ceil(48000 / 256));
    const [lo, hi] = extent(ints(p));
    expect(hi).toBeGreaterThan(16000);
    expect(hi).toBeLessThan(16800);
    expect(lo).toBeLessThan(-16000);
    expect(service.peaksService.computed).toBe(before + 1);
    // a new service (a second open) reads the cache file instead of computing again
    const again = new MediaService({ cacheDir: path.join(dir, 'cache') });
    const q = await again.peaks(m, 256);
    expect(q.data).toBe(p.data);
    expect(again.peaksService.computed).toBe(0);
    const coarse = await again.peaks(m, 4096);
    expect(coarse.length).toBe(Math.ceil(p.length / 16));
    const win = await again.peaks(m, 256, { offset: 10, length: 5 });
    expect(win).toMatchObject({ offset: 10, length: 5 });
    expect([...ints(win)]).toEqual([...ints(p).subarray(20, 30)]);
  });

  it('recomputes when the file changes', async () => {
    const file = await makeWav(dir, 'change.wav', { seconds: 0.5, channels: 1, amplitude: 0.2 });
    const m = await service.createMedia(file);
    const a = await service.peaks(m, 256);
    await makeWav(dir, 'change.wav', { seconds: 0.5, channels: 1, amplitude: 0.8 });
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const b = await service.peaks(m, 256);
    expect(extent(ints(b))[1]).toBeGreaterThan(extent(ints(a))[1] * 3);
  });

  it('decodes compressed audio, splitting long files across two ffmpeg runs without losing samples', async () => {
    const file = path.join(dir, 'long.m4a');
    await runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=300:r=48000:d=70', '-c:a', 'aac', '-b:a', '96k', file]);
    const m = await service.createMedia(file);
    const p = await service.peaks(m, 1024);
    const expected = (m.probe.durationSeconds * 48000) / 1024;
    expect(Math.abs(p.length - expected)).toBeLessThanOrEqual(2);
    const [lo, hi] = extent(ints(p));
    expect(hi).toBeGreaterThan(3500); // sine's default amplitude is 1/8
    expect(lo).toBeLessThan(-3500);
    // no silent hole at the split point
    const mins = ints(p).filter((_, i) => i % 2 === 1);
    expect(Math.min(...mins.slice(1, -1))).toBeGreaterThan(3000);
  });

  it('makes a filmstrip sprite and a poster, cached', async () => {
    const file = await makeTestClip(dir, 'strip.mp4', { seconds: 3, width: 320, height: 180 });
    const m = await service.createMedia(file);
    const s = await service.filmstrip(m);
    expect(s).toMatchObject({ count: 6, intervalSeconds: 0.5, tileWidth: 96, tileHeight: 54 });
    const probe = await service.probe(s.path);
    expect(probe.streams[0]).toMatchObject({ width: 96 * 6, height: 54 });
    const mtime = fs.statSync(s.path).mtimeMs;
    await service.filmstrip(m);
    expect(fs.statSync(s.path).mtimeMs).toBe(mtime);
    const poster = await service.poster(m);
    expect(poster && (await service.probe(poster)).streams[0]).toMatchObject({ codec: 'mjpeg', height: 180 });
  });

  it('treats stills and audio as such', async () => {
    const png = await service.createMedia(await makePng(dir, 'still.png', { width: 64, height: 32 }));
    expect(png.kind).toBe('image');
    expect((await service.filmstrip(png)).count).toBe(1);
    const wav = await service.createMedia(await makeWav(dir, 'a.wav', { seconds: 0.2 }));
    expect(wav.kind).toBe('audio');
    expect(await service.poster(wav)).toBeNull();
    await expect(service.filmstrip(wav)).rejects.toMatchObject({ code: 'not_available' });
  });

  it('computes MP4 peaks from every decoded sample: ceil(samples / 256) pairs per channel, 0.5 sine near ±16384', async () => {
    const file = await makeTestClip(dir, 'tone.mp4', { seconds: 2, channels: 2, sampleRate: 44100, amplitude: 0.5 });
    const m = await service.createMedia(file);
    // Count what ffmpeg decodes on its own: AAC pads to whole 1024-sample frames.
    let bytes = 0;
    await runFfmpeg(pcmArgs(file, 2, 44100), { onStdout: (c) => (bytes += c.length) });
    const samples = bytes / 4;
    const p = await service.peaks(m, 256);
    expect(p).toMatchObject({ channels: 2, sampleRate: 44100, samplesPerPixel: 256, offset: 0, length: Math.ceil(samples / 256) });
    const all = ints(p);
    for (const channel of [all.subarray(0, p.length * 2), all.subarray(p.length * 2)]) {
      const [lo, hi] = extent(channel);
      expect(hi).toBeGreaterThan(15800);
      expect(hi).toBeLessThan(17000);
      expect(lo).toBeLessThan(-15800);
      expect(lo).toBeGreaterThan(-17000);
    }
  });

  it('keeps both channels of a stereo WAV at full amplitude', async () => {
    const file = await makeWav(dir, 'stereo.wav', { seconds: 1, sampleRate: 44100, channels: 2, amplitude: 0.5 });
    const p = await service.peaks(await service.createMedia(file), 1024);
    expect(p.length).toBe(Math.ceil(44100 / 1024));
    const all = ints(p);
    expect(extent(all.subarray(0, p.length * 2))).toEqual(extent(all.subarray(p.length * 2)));
    expect(extent(all)[1]).toBeGreaterThan(16300);
    expect(extent(all)[1]).toBeLessThanOrEqual(16384);
    // read back from the cache file by a new service: one window, both channels
    const win = await new MediaService({ cacheDir: path.join(dir, 'cache') }).peaks(await service.createMedia(file), 1024, { offset: 40, length: 10 });
    // the window is cut short at the end of the level
    const n = p.length - 40;
    expect(win).toMatchObject({ offset: 40, length: n, channels: 2 });
    expect([...ints(win)]).toEqual([...all.subarray(80, 80 + n * 2), ...all.subarray(p.length * 2 + 80, p.length * 2 + 80 + n * 2)]);
  });

  it('shares one computation between concurrent requests', async () => {
    const file = await makeWav(dir, 'shared.wav', { seconds: 3, channels: 2 });
    const m = await service.createMedia(file);
    const s = new MediaService({ cacheDir: path.join(dir, 'cache-shared') });
    const all = await Promise.all([s.peaks(m, 256), s.peaks(m, 1024), s.peaks(m, 256, { offset: 5, length: 3 })]);
    expect(s.peaksService.computed).toBe(1);
    // pairs 5..7 of each channel, channels one after another
    const full = ints(all[0]);
    const n = all[0].length;
    expect([...ints(all[2])]).toEqual([...full.subarray(10, 16), ...full.subarray(n * 2 + 10, n * 2 + 16)]);
  });

  it('lets one waiter cancel without stopping the run another waiter needs, and reports it as a job', async () => {
    const file = path.join(dir, 'cancel-one.m4a');
    await runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=200:r=48000:d=40', '-ac', '2', '-c:a', 'aac', file]);
    const m = await service.createMedia(file);
    const jobs = new JobManager();
    const s = new MediaService({ cacheDir: path.join(dir, 'cache-cancel-one'), jobs });
    const first = new AbortController();
    const events: JobProgress[] = [];
    // Decoding has started (both callers are waiting) once a fraction is reported.
    jobs.onProgress((e) => {
      events.push(e);
      if (e.state === 'running' && (e.progress ?? 0) > 0) first.abort();
    });
    const a = s.peaks(m, 256, {}, first.signal);
    const b = s.peaks(m, 256);
    await expect(a).rejects.toMatchObject({ code: 'cancelled' });
    const q = await b;
    expect(q.length).toBeGreaterThan((40 * 48000) / 256 - 1);
    expect(s.peaksService.computed).toBe(1);
    expect(events[0]).toMatchObject({ label: 'Waveform: cancel-one.m4a', state: 'running', progress: 0 });
    expect(events.at(-1)).toMatchObject({ state: 'done', progress: 1 });
  });

  it('stops the run when its last waiter cancels, and computes afresh on the next request', async () => {
    const file = path.join(dir, 'cancel-all.m4a');
    await runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=200:r=48000:d=40', '-ac', '2', '-c:a', 'aac', file]);
    const m = await service.createMedia(file);
    const jobs = new JobManager();
    const cacheDir = path.join(dir, 'cache-cancel-all');
    const s = new MediaService({ cacheDir, jobs });
    const only = new AbortController();
    const states: string[] = [];
    jobs.onProgress((e) => {
      states.push(e.state);
      if (e.state === 'running' && (e.progress ?? 0) > 0) only.abort();
    });
    await expect(s.peaks(m, 256, {}, only.signal)).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => expect(states).toContain('cancelled'));
    expect(fs.existsSync(path.join(cacheDir, 'peaks')) ? fs.readdirSync(path.join(cacheDir, 'peaks')).filter((f) => f.endsWith('.bin')) : []).toEqual([]);
    const p = await s.peaks(m, 256);
    expect(p.length).toBeGreaterThan((40 * 48000) / 256 - 1);
    expect(s.peaksService.computed).toBe(2);
  });

  it('recomputes a corrupt cache file instead of serving it', async () => {
    const file = await makeWav(dir, 'corrupt.wav', { seconds: 1, channels: 1 });
    const m = await service.createMedia(file);
    const cacheDir = path.join(dir, 'cache-corrupt');
    const good = await new MediaService({ cacheDir }).peaks(m, 256);
    const [bin] = fs.readdirSync(path.join(cacheDir, 'peaks'));
    const cacheFile = path.join(cacheDir, 'peaks', bin!);
    fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile).subarray(0, 100));
    const again = new MediaService({ cacheDir });
    expect((await again.peaks(m, 256)).data).toBe(good.data);
    expect(again.peaksService.computed).toBe(1);
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(100);
  });

  it('rejects a file with neither picture nor sound in one line', async () => {
    const srt = path.join(dir, 'words.srt');
    fs.writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    const err = (await service.createMedia(srt).catch((e: unknown) => e)) as { code: string; message: string };
    expect(err).toMatchObject({ code: 'unsupported_media', message: 'Not a media file Segue can read: words.srt (no picture or sound in it)' });
  });

  it('draws the first audio stream, the one the probe describes, when a file has several', async () => {
    const file = path.join(dir, 'two-tracks.mkv');
    // stream 0: mono at 0.25; stream 1: stereo at 0.5 (ffmpeg alone would pick this one)
    await runFfmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.25*sin(2*PI*440*t):s=48000:d=1', '-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t):s=48000:d=1', '-map', '0', '-map', '1', '-c:a', 'flac', file]);
    const m = await service.createMedia(file);
    expect(m.probe.streams.map((st) => st.channels)).toEqual([1, 2]);
    const p = await service.peaks(m, 256);
    expect(p.channels).toBe(1);
    const [lo, hi] = extent(ints(p));
    expect(hi).toBeGreaterThan(8000);
    expect(hi).toBeLessThan(8400);
    expect(lo).toBeLessThan(-8000);
  });

  it('makes filmstrips and posters as jobs', async () => {
    const file = await makeTestClip(dir, 'jobs.mp4', { seconds: 1, audio: false });
    const jobs = new JobManager();
    const s = new MediaService({ cacheDir: path.join(dir, 'cache-jobs'), jobs });
    const events: JobProgress[] = [];
    jobs.onProgress((e) => events.push(e));
    const m = await s.createMedia(file);
    await s.filmstrip(m);
    await s.poster(m);
    expect(events.filter((e) => e.state === 'done').map((e) => e.label)).toEqual(['Thumbnails: jobs.mp4', 'Poster: jobs.mp4']);
    await s.filmstrip(m);
    expect(events.filter((e) => e.state === 'done')).toHaveLength(2);
  });
});
