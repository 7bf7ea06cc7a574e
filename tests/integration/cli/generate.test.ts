// `segue extend` and `segue fill-gap` as a user runs them: the real bin in a child process,
// with the local provider (no key, no network) and against the fake /v1/videos server.
// The extended timeline is exported and checked at the seam: no gap, sound continuous.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { writeProjectFile, readProjectFile } from '../../../electron/services/project/projectFile';
import { exportProject } from '../../../electron/services/render/exportService';
import { createProject } from '../../../shared/timeline/factory';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { layoutTrack } from '../../../shared/timeline/layout';
import { makeRate, rescale } from '../../../shared/timeline/time';
import type { Project } from '../../../shared/timeline/model';
import { startFakeVideosServer, type FakeVideos } from '../../fakes/videosServer';
import { segueAsync } from '../../helpers/host';
import { makeTempDir, makeTestClip } from '../../helpers/media';
import { pixels, rms, samples } from '../../helpers/measure';

const RATE = makeRate(30);
let dir: string;
let input: string;
let fake: FakeVideos;

const segue = (args: string[], env: Record<string, string> = {}) => segueAsync(path.join(dir, 'user'), args, env);

beforeAll(async () => {
  dir = makeTempDir('segue-cli-gen-');
  fake = await startFakeVideosServer({ jobMs: 300 });
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const a = await s.media.createMedia(await makeTestClip(dir, 'a.mp4', { seconds: 2, width: 320, height: 180, video: 'color=c=red', toneHz: 440, amplitude: 0.3 }));
  const b = await s.media.createMedia(await makeTestClip(dir, 'b.mp4', { seconds: 1, width: 320, height: 180, video: 'color=c=blue', toneHz: 660, amplitude: 0.3 }));
  const base = createProject('CLI gen', { width: 320, height: 180, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  let timeline = appendMedia(base.timeline, a);
  timeline = appendMedia(timeline, b);
  input = path.join(dir, 'in.segue');
  await writeProjectFile(input, { ...base, media: [a, b], timeline });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const clipsOf = (p: Project, kind: 'video' | 'audio') => {
  const track = p.timeline.tracks.find((t) => t.kind === kind)!;
  return layoutTrack(track, p.timeline.rate).map((x) => ({ kind: x.item.kind, name: 'name' in x.item ? x.item.name : '', start: x.start, end: x.end, item: x.item }));
};

describe('segue extend / fill-gap', () => {
  it('extends a clip with the local provider: placed right after it, later clips ripple, sound crossfades; the export has no gap and no dropout at the seam', async () => {
    const before = fs.readFileSync(input, 'utf8');
    const out = path.join(dir, 'extended.segue');
    const r = await segue(['extend', input, '--clip', 'a.mp4', '--seconds', '1.5', '--crossfade', '0.5', '-o', out]);
    expect(r.stderr + r.stdout).toMatch(/placed/);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(input, 'utf8')).toBe(before); // input untouched
    const p = await readProjectFile(out);
    const v = clipsOf(p, 'video');
    expect(v.map((x) => [x.name, x.start, x.end])).toEqual([
      ['a.mp4', 0, 60],
      ['a.mp4 ext', 60, 105],
      ['b.mp4', 105, 135],
    ]);
    const a = clipsOf(p, 'audio');
    const t = a.find((x) => x.kind === 'transition')!.item;
    expect(t.kind === 'transition' && rescale(t.inOffset, RATE) + rescale(t.outOffset, RATE)).toBe(15);
    expect(a.filter((x) => x.kind === 'clip').map((x) => [x.name, x.start, x.end])).toEqual([
      ['a.mp4', 0, 60],
      ['a.mp4 ext', 60, 105],
      ['b.mp4', 105, 135],
    ]);
    const ext = p.media.find((m) => m.origin === 'generated')!;
    expect(ext.provenance).toMatchObject({ provider: expect.stringMatching(/Local/), prompt: expect.any(String) });
    expect(fs.existsSync(ext.path)).toBe(true);
    expect(ext.path.startsWith(path.join(dir, 'extended.segue-data'))).toBe(true);

    // Export: 135 frames, the extension continues the red picture and the sound has no hole at the seam.
    const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
    const opened = await s.projects.open(out);
    const file = path.join(dir, 'extended.mp4');
    const done = await exportProject(opened, file, { preset: 'h264' });
    expect(done.frames).toBe(135);
    expect((await pixels(file, 2.2)).centre[0]).toBeGreaterThan(180); // still red after the seam
    expect((await pixels(file, 4.0)).centre[2]).toBeGreaterThan(180); // b is blue, rippled to 3.5 s
    const pcm = await samples(file);
    const level = rms(pcm, 2, 1.0, 1.5);
    for (let t = 1.7; t < 2.3; t += 0.05) expect(rms(pcm, 2, t, t + 0.05)).toBeGreaterThan(level * 0.5);
    expect(pcm.length / 2 / 48000).toBeCloseTo(4.5, 1); // sound as long as picture: no drift
  });

  it('writes OTIO that Segue reads back with the generated clip and its provenance', async () => {
    const out = path.join(dir, 'extended.otio');
    const r = await segue(['extend', input, '--clip', 'a.mp4', '--seconds', '1', '-o', out]);
    expect(r.code).toBe(0);
    const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
    const p = await s.projects.open(out);
    expect(clipsOf(p, 'video').map((x) => [x.name, x.start, x.end])).toEqual([
      ['a.mp4', 0, 60],
      ['a.mp4 ext', 60, 90],
      ['b.mp4', 90, 120],
    ]);
    const gen = p.media.find((m) => m.origin === 'generated');
    expect(gen?.provenance?.provider).toMatch(/Local/);
  });

  it('fills a gap with a bridge of exactly its length', async () => {
    // Make a gap: lift b one second later.
    const p = await readProjectFile(input);
    const gapped = path.join(dir, 'gapped.segue');
    const spread = { ...p, timeline: { ...p.timeline, tracks: p.timeline.tracks.map((t) => (t.items.length === 0 ? t : { ...t, items: [t.items[0]!, { kind: 'gap' as const, id: `g${t.id}`, duration: { value: 20, rate: RATE } }, ...t.items.slice(1)] })) } };
    await writeProjectFile(gapped, spread);
    const out = path.join(dir, 'filled.segue');
    const r = await segue(['fill-gap', gapped, '--after', 'a.mp4', '-o', out]);
    expect(r.code).toBe(0);
    const filled = await readProjectFile(out);
    expect(clipsOf(filled, 'video').map((x) => [x.name, x.start, x.end])).toEqual([
      ['a.mp4', 0, 60],
      ['Bridge a.mp4–b.mp4', 60, 80],
      ['b.mp4', 80, 110],
    ]);
  });

  it('against a /v1/videos server: one create, the result placed; a retired model or a bad clip exits 1 with one line and writes nothing', async () => {
    const out = path.join(dir, 'remote.segue');
    const before = fake.creates.videos;
    const r = await segue(['extend', input, '--clip', 'a.mp4', '--seconds', '2', '--provider', 'openai', '--base-url', fake.baseURL, '--model', 'Wan-AI/Wan2.2-TI2V-5B', '-o', out]);
    expect(r.stderr + r.stdout).toMatch(/placed/);
    expect(r.code).toBe(0);
    expect(fake.creates.videos - before).toBe(1);
    const p = await readProjectFile(out);
    expect(clipsOf(p, 'video').map((x) => [x.name, x.start, x.end])[1]).toEqual(['a.mp4 ext', 60, 120]);

    fake.inject({ kind: 'retired', model: 'Wan-AI/Wan2.2-TI2V-5B' });
    const out2 = path.join(dir, 'retired.segue');
    const retired = await segue(['extend', input, '--clip', 'a.mp4', '--seconds', '2', '--provider', 'openai', '--base-url', fake.baseURL, '--model', 'Wan-AI/Wan2.2-TI2V-5B', '-o', out2]);
    fake.clearFaults();
    expect(retired.code).toBe(1);
    expect(retired.stderr.trim().split('\n').filter((l) => l.startsWith('segue:'))).toEqual([expect.stringMatching(/no longer serves model/)]);
    expect(fs.existsSync(out2)).toBe(false);

    const bad = await segue(['extend', input, '--clip', 'nope', '--seconds', '2', '-o', out2]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/No clip named or with id "nope"/);
    expect(fs.existsSync(out2)).toBe(false);
  });
});
