// The render engine against real ffmpeg: timelines built from generated sources (solid
// colours, numbered grey frames, known tones), checked by decoding the output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createServices } from '../../../electron/services';
import { exportProject } from '../../../electron/services/render/exportService';
import { runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { placeClips } from '../../../shared/timeline/edit';
import { createProject } from '../../../shared/timeline/factory';
import type { Clip, Media, Project, Transition } from '../../../shared/timeline/model';
import { makeRate, rt } from '../../../shared/timeline/time';
import { pixels, samples, tone } from '../../helpers/measure';
import { makeTempDir, makeTestClip } from '../../helpers/media';

let dir: string;
const media: Record<string, Media> = {};
const services = () => createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
const RATE = makeRate(30);

/** Grey frames numbered by brightness: frame n has luma 16 + 8n. */
async function numbered(name: string, frames: number, fps: number): Promise<string> {
  const out = path.join(dir, name);
  await runFfmpeg(['-f', 'lavfi', '-i', `nullsrc=s=64x64:r=${fps}:d=${frames / fps},geq=lum='16+8*N':cb=128:cr=128`, '-f', 'lavfi', '-i', `sine=f=300:d=${frames / fps}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', out]);
  return out;
}

const clip = (m: Media, inFrame: number, frames: number, extra: Partial<Clip> = {}): Clip => ({
  kind: 'clip',
  id: `c${Math.random().toString(36).slice(2, 10)}`,
  name: m.name,
  mediaId: m.id,
  sourceRange: { start: rt(inFrame, RATE), duration: rt(frames, RATE) },
  enabled: true,
  ...extra,
});

function project(width = 160, height = 90): Project {
  const p = createProject('render', { width, height, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  return { ...p, media: Object.values(media) };
}

/** Mean grey level of every output frame (scaled to 8×8). */
async function frameLumas(file: string): Promise<number[]> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-vf', 'scale=8:8,format=gray', '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const buf = Buffer.concat(chunks);
  const out: number[] = [];
  for (let i = 0; i + 64 <= buf.length; i += 64) out.push(buf.subarray(i, i + 64).reduce((s, v) => s + v, 0) / 64);
  return out;
}

const duration = async (file: string) => Number(((await services().media.probe(file)) as { durationSeconds: number }).durationSeconds);

beforeAll(async () => {
  dir = makeTempDir('segue-render-');
  const s = services();
  const add = async (key: string, file: string) => (media[key] = await s.media.createMedia(file));
  await add('num', await numbered('num.mp4', 60, 30));
  await add('red', await makeTestClip(dir, 'red.mp4', { seconds: 2, width: 160, height: 90, video: 'color=c=red', toneHz: 440, amplitude: 0.5 }));
  await add('blue', await makeTestClip(dir, 'blue.mp4', { seconds: 2, width: 160, height: 90, video: 'color=c=blue', toneHz: 880, amplitude: 0.5 }));
  await add('green25', await makeTestClip(dir, 'green25.mp4', { seconds: 2, width: 640, height: 480, fps: 25, video: 'color=c=0x00ff00', toneHz: 660, amplitude: 0.5 }));
  await add('mono', await makeTestClip(dir, 'mono.mp4', { seconds: 2, width: 160, height: 90, video: 'color=c=white', toneHz: 550, amplitude: 0.5, channels: 1, sampleRate: 48000 }));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('render engine', () => {
  it('shows exactly source frames a..b at the timeline frames the clip occupies', async () => {
    const p = project(64, 64); // the source's own size: no bars in the averages
    const v1 = p.timeline.tracks.find((t) => t.kind === 'video')!.id;
    // frames 10..19 of the numbered source at timeline frames 5..14, after a 5-frame gap
    p.timeline = placeClips(p.timeline, [{ trackId: v1, start: 5, clip: clip(media.num!, 10, 4) }, { trackId: v1, start: 9, clip: clip(media.num!, 14, 6) }], 'overwrite');
    const out = path.join(dir, 'accuracy.mp4');
    await exportProject(p, out, { segmentAboveInputs: 0 }); // segments joined at the gap and the cut
    const lumas = await frameLumas(out);
    const source = await frameLumas(media.num!.path);
    expect(lumas).toHaveLength(15);
    lumas.slice(0, 5).forEach((l) => expect(l).toBeLessThan(20)); // black gap
    lumas.slice(5).forEach((l, i) => expect(Math.abs(l - source[10 + i]!), `timeline frame ${5 + i}`).toBeLessThan(3));
  });

  it('composites a higher track over a lower one; a gap above shows what is beneath', async () => {
    const p = project();
    const [v1, v2] = p.timeline.tracks.filter((t) => t.kind === 'video').map((t) => t.id);
    p.timeline = placeClips(p.timeline, [{ trackId: v1!, start: 0, clip: clip(media.red!, 0, 60) }, { trackId: v2!, start: 30, clip: clip(media.blue!, 0, 30) }], 'overwrite');
    const out = path.join(dir, 'layers.mp4');
    await exportProject(p, out);
    const before = await pixels(out, 0.5);
    const after = await pixels(out, 1.5);
    expect(before.centre[0]).toBeGreaterThan(200); // red from V1 through V2's gap
    expect(before.centre[2]).toBeLessThan(60);
    expect(after.centre[2]).toBeGreaterThan(200); // blue from V2 on top
    expect(after.centre[0]).toBeLessThan(60);
  });

  it('conforms a 25 fps 640×480 clip and a 48 kHz mono clip into a 30 fps 1280×720 stereo project', async () => {
    const p = project(1280, 720);
    const v1 = p.timeline.tracks.find((t) => t.kind === 'video')!.id;
    const [a1, a2] = p.timeline.tracks.filter((t) => t.kind === 'audio').map((t) => t.id);
    p.timeline = placeClips(p.timeline, [{ trackId: v1, start: 0, clip: clip(media.green25!, 0, 45) }, { trackId: a1!, start: 0, clip: clip(media.green25!, 0, 45) }, { trackId: a2!, start: 0, clip: clip(media.mono!, 0, 45) }], 'overwrite');
    const out = path.join(dir, 'conform.mp4');
    await exportProject(p, out);
    const probe = await services().media.probe(out);
    const v = probe.streams.find((s) => s.type === 'video')!;
    const a = probe.streams.find((s) => s.type === 'audio')!;
    expect([v.width, v.height, v.rate]).toEqual([1280, 720, { num: 30, den: 1 }]);
    expect([a.sampleRate, a.channels]).toEqual([48000, 2]);
    expect(await frameLumas(out)).toHaveLength(45);
    const px = await pixels(out, 0.7);
    expect(px.centre[1]).toBeGreaterThan(200); // green picture…
    expect(px.corner.every((c) => c < 20)).toBe(true); // …pillarboxed in black
    const pcm = await samples(out);
    for (const ch of [0, 1]) {
      const right = pcm.filter((_, i) => i % 2 === ch);
      expect(tone(right, 1, 550, 0.2, 1.2)).toBeGreaterThan(0.05); // the mono clip on both channels
      expect(tone(right, 1, 660, 0.2, 1.2)).toBeGreaterThan(0.05);
    }
  });

  it.each([
    ['one graph', 1000],
    ['segments', 0],
  ])('crossfades audio across a transition using handles, with both sources inside it, and keeps sync (%s)', async (mode, segmentAboveInputs) => {
    const p = project();
    const v1 = p.timeline.tracks.find((t) => t.kind === 'video')!.id;
    const a1 = p.timeline.tracks.find((t) => t.kind === 'audio')!.id;
    // red 0..30 (handle after), blue from its frame 15 (handle before) at 30..60, a 0.5 s crossfade centred on the cut
    p.timeline = placeClips(
      p.timeline,
      [
        { trackId: v1, start: 0, clip: clip(media.red!, 0, 30) },
        { trackId: v1, start: 30, clip: clip(media.blue!, 15, 30) },
        { trackId: a1, start: 0, clip: clip(media.red!, 0, 30) },
        { trackId: a1, start: 30, clip: clip(media.blue!, 15, 30) },
      ],
      'overwrite',
    );
    const tr = (): Transition => ({ kind: 'transition', id: `x${Math.random().toString(36).slice(2, 8)}`, name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(7, RATE), outOffset: rt(8, RATE) });
    p.timeline = { ...p.timeline, tracks: p.timeline.tracks.map((t) => (t.id === a1 || t.id === v1 ? { ...t, items: [t.items[0]!, tr(), t.items[1]!] } : t)) };
    const out = path.join(dir, `crossfade-${mode.replace(' ', '-')}.mp4`);
    const r = await exportProject(p, out, { segmentAboveInputs });
    expect(await frameLumas(out)).toHaveLength(60);
    expect(r.frames).toBe(60);
    expect(Math.abs((await duration(out)) - 2)).toBeLessThan(0.05);
    const pcm = await samples(out);
    // before the fade only 440, inside it both, after it only 880
    expect(tone(pcm, 2, 440, 0.2, 0.7)).toBeGreaterThan(0.1);
    expect(tone(pcm, 2, 880, 0.2, 0.7)).toBeLessThan(0.01);
    // the fade runs from 0.767 s (7 frames before the cut) to 1.267 s (8 after): both
    // sources on each side of the cut, where a hard cut would have only one
    for (const [a, b] of [[0.85, 0.97], [1.03, 1.17]] as const) {
      expect(tone(pcm, 2, 440, a, b), `440 Hz in ${a}-${b} s`).toBeGreaterThan(0.03);
      expect(tone(pcm, 2, 880, a, b), `880 Hz in ${a}-${b} s`).toBeGreaterThan(0.03);
    }
    expect(tone(pcm, 2, 880, 1.4, 1.9)).toBeGreaterThan(0.1);
    expect(tone(pcm, 2, 440, 1.4, 1.9)).toBeLessThan(0.01);
    // the picture dissolves: purple-ish at the cut, pure colours either side
    const mid = await pixels(out, 1.0);
    expect(mid.centre[0]).toBeGreaterThan(60);
    expect(mid.centre[2]).toBeGreaterThan(60);
    expect((await pixels(out, 0.4)).centre[2]).toBeLessThan(40);
    expect((await pixels(out, 1.6)).centre[0]).toBeLessThan(40);
  });

  it('refuses to overwrite, exports an in/out range, and leaves nothing behind when cancelled', async () => {
    const p = project(64, 64);
    const v1 = p.timeline.tracks.find((t) => t.kind === 'video')!.id;
    p.timeline = placeClips(p.timeline, [{ trackId: v1, start: 0, clip: clip(media.num!, 0, 60) }], 'overwrite');
    const out = path.join(dir, 'range.mp4');
    await exportProject(p, out, { inSeconds: 0.5, outSeconds: 1 });
    const lumas = await frameLumas(out);
    expect(lumas).toHaveLength(15);
    const source = await frameLumas(media.num!.path);
    lumas.forEach((l, i) => expect(Math.abs(l - source[15 + i]!), `frame ${i}`).toBeLessThan(3));
    await expect(exportProject(p, out)).rejects.toThrow(/exists/);
    const controller = new AbortController();
    const cancelled = path.join(dir, 'cancelled.mp4');
    const run = exportProject(p, cancelled, { signal: controller.signal, preset: 'h264-1080p' });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toThrow(/Cancelled/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
  });

  it.each([
    ['hevc', 'hevc', [160, 90]],
    ['prores', 'prores', [160, 90]],
    ['vertical-crop', 'h264', [1080, 1920]],
    ['square', 'h264', [1080, 1080]],
  ] as const)('exports with the %s preset', async (preset, codec, [w, h]) => {
    const p = project();
    const v1 = p.timeline.tracks.find((t) => t.kind === 'video')!.id;
    p.timeline = placeClips(p.timeline, [{ trackId: v1, start: 0, clip: clip(media.red!, 0, 10) }], 'overwrite');
    const out = path.join(dir, `preset-${preset}.${preset === 'prores' ? 'mov' : 'mp4'}`);
    await exportProject(p, out, { preset });
    const probe = await services().media.probe(out);
    const v = probe.streams.find((x) => x.type === 'video')!;
    expect([v.codec, v.width, v.height]).toEqual([codec, w, h]);
    expect(probe.streams.some((x) => x.type === 'audio')).toBe(true);
  });
});
