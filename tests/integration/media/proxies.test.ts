// Review proxies with real ffmpeg: made once into the cache folder and reused, made again
// when the source changes, never touching the source; a damaged file fails on its own with
// a one-line reason while the others are made; a cancelled build leaves no half file.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobManager } from '../../../electron/services/jobs';
import { ProxyService } from '../../../electron/services/media/proxies';
import { MediaService } from '../../../electron/services/media/mediaService';
import { probeFile } from '../../../electron/services/media/probe';
import { runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import type { JobProgress } from '../../../shared/ipc/contract';
import type { Media } from '../../../shared/timeline/model';
import { makePng, makeTempDir, makeTestClip, makeWav } from '../../helpers/media';

let dir: string;
let cache: string;
let jobs: JobManager;
let proxies: ProxyService;
let hd: Media;
let small: Media;
let broken: Media;
let still: Media;
let sound: Media;
const events: JobProgress[] = [];

const sha1 = (file: string) => createHash('sha1').update(fs.readFileSync(file)).digest('hex');

/** Presentation times of the picture's keyframes. */
async function keyframeTimes(file: string): Promise<number[]> {
  const { stderr } = await runFfmpeg(['-skip_frame', 'nokey', '-i', file, '-map', '0:v:0', '-vf', 'showinfo', '-f', 'null', '-']);
  return [...stderr.matchAll(/pts_time:\s*([\d.]+)/g)].map((m) => Math.round(Number(m[1]) * 1000) / 1000);
}

/** The proxy build jobs run so far, first event of each. */
const buildJobs = () => [...new Map(events.filter((e) => e.label.startsWith('Building')).reverse().map((e) => [e.jobId, e])).values()].reverse();

beforeAll(async () => {
  dir = makeTempDir('segue-proxies-');
  cache = path.join(dir, 'cache');
  jobs = new JobManager();
  jobs.onProgress((p) => events.push(p));
  proxies = new ProxyService(cache, jobs);
  const media = new MediaService({ cacheDir: cache });
  hd = await media.createMedia(await makeTestClip(dir, 'hd.mp4', { seconds: 3, width: 1280, height: 720, fps: 25, channels: 1, sampleRate: 44100 }));
  small = await media.createMedia(await makeTestClip(dir, 'small.mp4', { seconds: 2, width: 320, height: 180, fps: 30, audio: false }));
  still = await media.createMedia(await makePng(dir, 'still.png'));
  sound = await media.createMedia(await makeWav(dir, 'sound.wav', { seconds: 1 }));
  // A damaged file: a video record (as a project would have it) over bytes no demuxer reads.
  const bad = path.join(dir, 'broken.mp4');
  fs.writeFileSync(bad, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251)));
  broken = { ...small, id: 'm_broken', name: 'broken.mp4', path: bad, probe: { ...small.probe, path: bad } };
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('review proxies', () => {
  it('makes one per video file into cache/proxies (H.264 540p, same rate, keyframe every second, AAC stereo, faststart); images and audio get none', async () => {
    const sources = [hd, small].map((m) => sha1(m.path));
    const o = await proxies.ensure([hd, small, still, sound]);
    expect(o).toMatchObject({ total: 2, failed: [], cancelled: false });
    expect(Object.keys(o.proxies).sort()).toEqual([hd.id, small.id].sort());
    for (const f of Object.values(o.proxies)) expect(path.dirname(f)).toBe(path.join(cache, 'proxies'));

    const p = await probeFile(o.proxies[hd.id]!);
    const v = p.streams.find((s) => s.type === 'video')!;
    const a = p.streams.find((s) => s.type === 'audio')!;
    expect([v.codec, v.width, v.height, v.rate]).toEqual(['h264', 960, 540, { num: 25, den: 1 }]);
    expect([a.codec, a.channels]).toEqual(['aac', 2]);
    expect(Math.abs(p.durationSeconds - 3)).toBeLessThan(0.1);
    expect(await keyframeTimes(o.proxies[hd.id]!)).toEqual([0, 1, 2]);
    // +faststart: the index (moov) comes before the media data
    const bytes = fs.readFileSync(o.proxies[hd.id]!);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));

    // a small silent source: not upscaled, no sound
    const q = await probeFile(o.proxies[small.id]!);
    expect(q.streams.map((s) => [s.type, s.width, s.height])).toEqual([['video', 320, 180]]);
    // the sources are only read
    expect([hd, small].map((m) => sha1(m.path))).toEqual(sources);
  });

  it('reuses them: a second call makes nothing and runs no job', async () => {
    const jobsBefore = buildJobs().length;
    const first = await proxies.ensure([hd, small]);
    const stamps = Object.values(first.proxies).map((f) => fs.statSync(f).mtimeMs);
    const again = await proxies.ensure([hd, small]);
    expect(again.proxies).toEqual(first.proxies);
    expect(Object.values(again.proxies).map((f) => fs.statSync(f).mtimeMs)).toEqual(stamps);
    expect(buildJobs().length).toBe(jobsBefore);
    expect(await proxies.existing(hd)).toBe(first.proxies[hd.id]);
    expect(await proxies.existing(still)).toBeNull();
  });

  it('makes a new one when the source changes (modification time), leaving the source as it is', async () => {
    const old = (await proxies.ensure([hd])).proxies[hd.id]!;
    const before = sha1(hd.path);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(hd.path, later, later);
    expect(await proxies.existing(hd)).toBeNull();
    const jobsBefore = buildJobs().length;
    const fresh = (await proxies.ensure([hd, small])).proxies;
    expect(fresh[hd.id]).not.toBe(old);
    expect(fs.existsSync(fresh[hd.id]!)).toBe(true);
    expect(buildJobs().length).toBe(jobsBefore + 1);
    expect(buildJobs().at(-1)!.label).toBe('Building 1 review proxy'); // the unchanged one was reused
    expect(sha1(hd.path)).toBe(before);
  });

  it('a damaged file fails on its own with a one-line reason; the others are made; it is not retried until it changes', async () => {
    const other = await new MediaService({ cacheDir: cache }).createMedia(await makeTestClip(dir, 'other.mp4', { seconds: 1, width: 640, height: 360 }));
    const o = await proxies.ensure([broken, other]);
    expect(Object.keys(o.proxies)).toEqual([other.id]);
    expect(o.failed).toHaveLength(1);
    expect(o.failed[0]).toMatchObject({ mediaId: broken.id, name: 'broken.mp4' });
    expect(o.failed[0]!.message).toMatch(/^No review proxy for broken\.mp4: not a media file Segue can read \(.+\)$/);
    expect(o.failed[0]!.message).not.toMatch(/\n/);
    const jobsBefore = buildJobs().length;
    const again = await proxies.ensure([broken, other]);
    expect(again.failed.map((f) => f.mediaId)).toEqual([broken.id]);
    expect(buildJobs().length).toBe(jobsBefore);
    expect(fs.readdirSync(path.join(cache, 'proxies')).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('runs as a job with progress and ETA; cancelling it leaves no half file and is not a failure', async () => {
    const long = await new MediaService({ cacheDir: cache }).createMedia(await makeTestClip(dir, 'long.mp4', { seconds: 12, width: 1280, height: 720, fps: 30 }));
    const seen: JobProgress[] = [];
    const off = jobs.onProgress((p) => {
      seen.push(p);
      if (p.state === 'running' && (p.progress ?? 0) > 0.05) jobs.cancel(p.jobId);
    });
    const o = await proxies.ensure([long]);
    off();
    expect(o.cancelled).toBe(true);
    expect(o.proxies).toEqual({});
    expect(o.failed).toEqual([]);
    expect(seen.some((p) => p.state === 'running' && p.progress! > 0 && p.message === '1 of 1: long.mp4')).toBe(true);
    expect(seen.some((p) => p.state === 'running' && p.etaSeconds !== null)).toBe(true);
    expect(seen.at(-1)!.state).toBe('cancelled');
    expect(fs.readdirSync(path.join(cache, 'proxies')).filter((n) => n.includes('partial'))).toEqual([]);
    expect(await proxies.existing(long)).toBeNull();

    // The cancel sticks: a preview uses what is ready and builds nothing, until asked to resume.
    const jobsBefore = buildJobs().length;
    expect(await proxies.ensure([long, hd])).toMatchObject({ proxies: { [hd.id]: expect.any(String) }, cancelled: true });
    expect(buildJobs().length).toBe(jobsBefore);
    const resumed = await proxies.ensure([long], { resume: true });
    expect(resumed).toMatchObject({ cancelled: false, failed: [] });
    expect(fs.existsSync(resumed.proxies[long.id]!)).toBe(true);
    expect(buildJobs().length).toBe(jobsBefore + 1);
  }, 120_000);

  it('Clear Render Cache deletes the proxies except those of the project under review, and a build’s partial file', async () => {
    const made = (await proxies.ensure([hd, small])).proxies;
    const partial = path.join(proxies.dir, 'building.mp4.part');
    fs.writeFileSync(partial, 'half');
    const freed = await proxies.clear([hd]);
    expect(freed).toBeGreaterThan(0);
    expect(fs.existsSync(made[hd.id]!)).toBe(true);
    expect(fs.existsSync(made[small.id]!)).toBe(false);
    expect(fs.existsSync(partial)).toBe(true);
    expect(await proxies.clear()).toBeGreaterThan(0);
    expect(fs.readdirSync(proxies.dir)).toEqual(['building.mp4.part']);
    fs.rmSync(partial);
  }, 120_000);
});
