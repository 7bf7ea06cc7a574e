// The demo project: argument lists as exact data, then a real first run and a second run
// that must reuse the shots instead of rendering them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_SHOTS, demoShotArgs, demoTempName, demoTempOwner, ensureDemoProject } from '../../../electron/services/project/demo';
import { MediaService } from '../../../electron/services/media/mediaService';
import { ProjectSchema } from '../../../shared/timeline/model';
import { layoutTrack, timelineFrames } from '../../../shared/timeline/layout';
import { makeTempDir } from '../../helpers/media';

describe('demoShotArgs', () => {
  it('encodes one lavfi picture and one lavfi sound as H.264/AAC for exactly the shot length', () => {
    const shot = { file: 'x.mp4', seconds: 3, video: 'testsrc2=s=1280x720:r=30', audio: 'aevalsrc=sin(2*PI*440*t)' };
    expect(demoShotArgs(shot, '/tmp/out.mp4')).toEqual([
      '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30',
      '-f', 'lavfi', '-i', 'aevalsrc=sin(2*PI*440*t):s=48000:c=stereo',
      '-t', '3',
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', '30',
      '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2',
      '-movflags', '+faststart',
      '/tmp/out.mp4',
    ]);
  });

  it('gives every shot its own picture, its own sound and a 3-4 s length', () => {
    expect(DEMO_SHOTS).toHaveLength(4);
    expect(new Set(DEMO_SHOTS.map((s) => s.video)).size).toBe(4);
    expect(new Set(DEMO_SHOTS.map((s) => s.audio)).size).toBe(4);
    for (const s of DEMO_SHOTS) {
      expect(s.seconds).toBeGreaterThanOrEqual(3);
      expect(s.seconds).toBeLessThanOrEqual(4);
      expect(s.video).toContain('1280');
    }
  });
});

/** The pid of a process that has already exited (a crashed earlier run). */
const deadPid = (): number => {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (!pid) throw new Error('could not start node');
  return pid;
};

describe('demoTempOwner', () => {
  it('reads the process id from a temporary shot name and nothing from other files', () => {
    expect(demoTempOwner(demoTempName(DEMO_SHOTS[0]!, 4321))).toBe(4321);
    expect(demoTempOwner(DEMO_SHOTS[0]!.file)).toBeNull();
    expect(demoTempOwner('.hidden.mp4')).toBeNull();
  });
});

describe('ensureDemoProject', () => {
  let dir: string;
  let media: MediaService;
  beforeAll(() => {
    dir = makeTempDir('segue-demo-');
    media = new MediaService({ cacheDir: path.join(dir, 'cache') });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders four H.264/AAC shots on first run and builds a two-layer timeline with markers', { timeout: 180_000 }, async () => {
    const user = path.join(dir, 'user');
    // A temporary file left by an interrupted run must not survive or be mistaken for a shot.
    fs.mkdirSync(path.join(user, 'demo'), { recursive: true });
    const stale = path.join(user, 'demo', demoTempName(DEMO_SHOTS[0]!, deadPid()));
    fs.writeFileSync(stale, 'half a file');
    const progress: number[] = [];
    const project = await ensureDemoProject(user, { createMedia: (f) => media.createMedia(f), onProgress: (p) => progress.push(p) });

    expect(ProjectSchema.safeParse(project).success).toBe(true);
    expect(fs.readdirSync(path.join(user, 'demo')).sort()).toEqual(DEMO_SHOTS.map((s) => s.file).sort());
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);

    expect(project.media).toHaveLength(4);
    for (const [i, m] of project.media.entries()) {
      const shot = DEMO_SHOTS[i]!;
      expect(m.path).toBe(path.join(user, 'demo', shot.file));
      expect(m.probe.durationSeconds).toBeGreaterThan(shot.seconds - 0.05);
      expect(m.probe.durationSeconds).toBeLessThan(shot.seconds + 0.1);
      expect(m.probe.streams.find((s) => s.type === 'video')).toMatchObject({ codec: 'h264', width: 1280, height: 720, pixelFormat: 'yuv420p', rate: { num: 30, den: 1 } });
      expect(m.probe.streams.find((s) => s.type === 'audio')).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    }

    const { timeline } = project;
    expect(timeline.rate).toEqual({ num: 30, den: 1 });
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'video', 'audio', 'audio']);
    const [v1, v2, a1, a2] = timeline.tracks.map((t) => layoutTrack(t, timeline.rate));
    const clipMedia = (placed: typeof v1) => placed!.flatMap((p) => (p.item.kind === 'clip' ? [p.item.mediaId] : []));
    const ids = project.media.map((m) => m.id);
    expect(clipMedia(v1)).toEqual(ids.slice(0, 3));
    expect(clipMedia(a1)).toEqual(ids.slice(0, 3));
    expect(clipMedia(v2)).toEqual([ids[3]]);
    expect(clipMedia(a2)).toEqual([ids[3]]);
    // V2 starts after a gap and overlaps the cut between the second and third shots.
    expect(v2!.map((p) => p.item.kind)).toEqual(['gap', 'clip']);
    const overlay = v2![1]!;
    const cut = v1![2]!.start;
    expect(overlay.start).toBeGreaterThan(0);
    expect(overlay.start).toBeLessThan(cut);
    expect(overlay.end).toBeGreaterThan(cut);
    expect(a2!.map((p) => [p.start, p.end])).toEqual(v2!.map((p) => [p.start, p.end]));
    expect(timelineFrames(timeline)).toBe(11 * 30);
    expect(timeline.markers).toHaveLength(2);
    for (const k of timeline.markers) expect(k.frame).toBeLessThan(timelineFrames(timeline));
  });

  it('reuses the shots on a second run without rendering them again', async () => {
    const user = path.join(dir, 'user');
    const shots = DEMO_SHOTS.map((s) => path.join(user, 'demo', s.file));
    const before = shots.map((f) => fs.statSync(f).mtimeMs);
    const started = Date.now();
    const project = await ensureDemoProject(user, { createMedia: (f) => media.createMedia(f) });
    expect(shots.map((f) => fs.statSync(f).mtimeMs)).toEqual(before);
    expect(project.media.map((m) => m.path)).toEqual(shots);
    // Rendering takes seconds; probing four files does not.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('renders again a shot that exists but is not readable media, and only that one', { timeout: 120_000 }, async () => {
    const user = path.join(dir, 'user');
    const shots = DEMO_SHOTS.map((s) => path.join(user, 'demo', s.file));
    fs.writeFileSync(shots[2]!, 'cut short by a full disk');
    const before = shots.map((f) => fs.statSync(f).mtimeMs);
    const project = await ensureDemoProject(user, { createMedia: (f) => media.createMedia(f) });
    const after = shots.map((f) => fs.statSync(f).mtimeMs);
    expect(after.filter((t, i) => t !== before[i])).toHaveLength(1);
    expect(after[2]).not.toBe(before[2]);
    const remade = project.media[2]!;
    expect(remade.path).toBe(shots[2]);
    expect(remade.probe.streams.map((x) => x.codec).sort()).toEqual(['aac', 'h264']);
    expect(remade.probe.durationSeconds).toBeGreaterThan(DEMO_SHOTS[2]!.seconds - 0.05);
  });

  it('runs first runs started together one after the other, cancels a waiting caller at once and spares a live process its temp file', { timeout: 180_000 }, async () => {
    const user = path.join(dir, 'together');
    const demo = path.join(user, 'demo');
    fs.mkdirSync(demo, { recursive: true });
    // The parent of this test process stands in for another running Segue.
    const live = path.join(demo, demoTempName(DEMO_SHOTS[1]!, process.ppid));
    const dead = path.join(demo, demoTempName(DEMO_SHOTS[2]!, deadPid()));
    fs.writeFileSync(live, 'another Segue is writing this');
    fs.writeFileSync(dead, 'left by a crash');
    const deps = { createMedia: (f: string) => media.createMedia(f) };
    const waiting = new AbortController();
    const first = ensureDemoProject(user, deps);
    const second = ensureDemoProject(user, deps);
    const third = ensureDemoProject(user, { ...deps, signal: waiting.signal });
    const aborted = Date.now();
    waiting.abort();
    await expect(third).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - aborted).toBeLessThan(1000);

    const [a, b] = await Promise.all([first, second]);
    expect(b.media.map((m) => m.path)).toEqual(a.media.map((m) => m.path));
    for (const [i, m] of b.media.entries()) expect(m.probe.durationSeconds).toBeGreaterThan(DEMO_SHOTS[i]!.seconds - 0.05);
    expect(fs.readdirSync(demo).sort()).toEqual([...DEMO_SHOTS.map((x) => x.file), path.basename(live)].sort());
    expect(fs.readFileSync(live, 'utf8')).toBe('another Segue is writing this');
  });

  it('stops a first run when cancelled and leaves no partial shot behind', async () => {
    const user = path.join(dir, 'cancelled');
    const controller = new AbortController();
    const run = ensureDemoProject(user, { createMedia: (f) => media.createMedia(f), signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    const left = fs.readdirSync(path.join(user, 'demo'));
    expect(left.filter((f) => f.endsWith('.tmp.mp4'))).toEqual([]);
    for (const f of left) expect(DEMO_SHOTS.map((s) => s.file)).toContain(f);
  });
});
