// Provenance on export against real ffmpeg: a generated clip (real media, marked generated
// in the project) between two ordinary ones. The sidecar manifest and the file's tags say
// exactly where it is; the burnt-in label covers exactly its frames, in the one-graph and
// the segmented renderer alike; cancelling or failing leaves no manifest behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appVersion, createServices } from '../../../electron/services';
import { exportProject } from '../../../electron/services/render/exportService';
import { ffprobeJson, runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { main } from '../../../electron/cli/main';
import { placeClips } from '../../../shared/timeline/edit';
import { createProject } from '../../../shared/timeline/factory';
import type { Clip, Media, Project } from '../../../shared/timeline/model';
import { makeRate, rt } from '../../../shared/timeline/time';
import { makeTempDir, makeTestClip } from '../../helpers/media';

const RATE = makeRate(30);
const PROMPT = 'a slow push-in on a neon street, rain, night';
let dir: string;
let red: Media;
let blue: Media;
let generated: Media;
const services = () => createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const clip = (m: Media, frames: number): Clip => ({
  kind: 'clip',
  id: `c${Math.random().toString(36).slice(2, 10)}`,
  name: m.name,
  mediaId: m.id,
  sourceRange: { start: rt(0, RATE), duration: rt(frames, RATE) },
  enabled: true,
});

/**
 * V1/A1: red 0–60, generated 60–450 (13 s), blue 450–510. Exports are cut into segments
 * of at least 12 s, so the segmented renderer splits the generated clip at frame 420.
 */
function project(withGenerated = true): Project {
  const p = createProject('provenance', { width: 160, height: 90, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  const v1 = p.timeline.tracks.find((t) => t.kind === 'video')!.id;
  const a1 = p.timeline.tracks.find((t) => t.kind === 'audio')!.id;
  const { provenance: _omit, ...ordinary } = generated;
  const mid: Media = withGenerated ? generated : { ...ordinary, id: 'ordinary', origin: 'file' };
  const placements = [
    [0, red, 60],
    [60, mid, 390],
    [450, blue, 60],
  ] as const;
  p.timeline = placeClips(
    p.timeline,
    placements.flatMap(([start, m, frames]) => [
      { trackId: v1, start, clip: clip(m, frames) },
      { trackId: a1, start, clip: clip(m, frames) },
    ]),
    'overwrite',
  );
  return { ...p, media: [red, blue, mid] };
}

/** Each frame's top right corner (where the label goes) and top left corner, as grey bytes. */
async function corners(file: string): Promise<{ right: Buffer[]; left: Buffer[] }> {
  const grab = async (x: number) => {
    const chunks: Buffer[] = [];
    await runFfmpeg(['-v', 'error', '-i', file, '-vf', `crop=70:22:${x}:0,format=gray`, '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
    const all = Buffer.concat(chunks);
    const size = 70 * 22;
    return Array.from({ length: all.length / size }, (_, i) => all.subarray(i * size, (i + 1) * size));
  };
  return { right: await grab(90), left: await grab(0) };
}

const meanDiff = (a: Buffer, b: Buffer) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

const tags = async (file: string) => ((await ffprobeJson(file)) as { format: { tags?: Record<string, string> } }).format.tags ?? {};

beforeAll(async () => {
  dir = makeTempDir('segue-provenance-');
  const s = services();
  red = await s.media.createMedia(await makeTestClip(dir, 'red.mp4', { seconds: 2, width: 160, height: 90, video: 'color=c=red', toneHz: 440 }));
  blue = await s.media.createMedia(await makeTestClip(dir, 'blue.mp4', { seconds: 2, width: 160, height: 90, video: 'color=c=blue', toneHz: 880 }));
  const made = await s.media.createMedia(await makeTestClip(dir, 'neon.mp4', { seconds: 13, width: 160, height: 90, video: 'color=c=0x00aa00', toneHz: 660 }));
  generated = { ...made, origin: 'generated', provenance: { provider: 'openai', model: 'sora-2', prompt: PROMPT, seed: 11, jobId: 'video_68d7', costUsd: 1.3, createdAt: '2026-11-20T10:00:00Z' } };
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('provenance on export', () => {
  let plain: string;
  let labelled: string;

  it('writes the manifest beside the file and the record into its tags, with the clip’s exact position', async () => {
    plain = path.join(dir, 'cut.mp4');
    const r = await exportProject(project(), plain);
    expect(r.manifest).toBe(`${plain}.provenance.json`);
    const manifest = JSON.parse(fs.readFileSync(r.manifest!, 'utf8'));
    expect(manifest).toEqual({
      schema: 'segue.provenance/1',
      file: 'cut.mp4',
      fileSha256: sha256(fs.readFileSync(plain)),
      tool: `Segue ${appVersion()}`,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      rate: { num: 30, den: 1 },
      timelineStartFrame: 0,
      generatedRanges: [
        {
          startSeconds: 2,
          endSeconds: 15,
          startTimecode: '00:00:02:00',
          endTimecode: '00:00:15:00',
          startFrame: 60,
          endFrame: 450,
          provider: 'openai',
          model: 'sora-2',
          promptSha256: sha256(PROMPT),
          jobId: 'video_68d7',
          media: generated.name,
          as: ['picture', 'sound'],
        },
      ],
    });
    expect(fs.readFileSync(r.manifest!, 'utf8')).not.toContain('neon street');
    const t = await tags(plain);
    const { file: _f, fileSha256: _h, ...record } = manifest;
    expect(JSON.parse(t.segue_provenance!)).toEqual(record);
    expect(t.comment).toBe(`Contains AI-generated media at 00:00:02:00-00:00:15:00 (openai sora-2). Details in the segue_provenance tag; Segue ${appVersion()}.`);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial') || f.includes('.parts-'))).toEqual([]);
  });

  it.each([
    ['segments', 0],
    ['one graph', 1000],
  ])('burns the label into exactly the generated frames, in the top right corner only (%s)', async (mode, segmentAboveInputs) => {
    labelled = path.join(dir, `labelled-${mode.replace(' ', '-')}.mp4`);
    await exportProject(project(), labelled, { aiLabel: true, segmentAboveInputs });
    const a = await corners(plain);
    const b = await corners(labelled);
    expect(b.right).toHaveLength(510);
    expect(a.right).toHaveLength(510);
    const diffs = b.right.map((f, i) => meanDiff(f, a.right[i]!));
    const inside = (i: number) => i >= 60 && i < 450;
    for (const i of [0, 30, 59, 60, 61, 200, 419, 420, 421, 449, 450, 451, 509]) {
      if (inside(i)) expect(diffs[i], `frame ${i}`).toBeGreaterThan(15);
      else expect(diffs[i], `frame ${i}`).toBeLessThan(1.5);
    }
    expect(diffs.filter((d, i) => inside(i) !== d > 8), 'frames labelled outside the range or unlabelled inside it').toEqual([]);
    // the other corner is untouched throughout
    expect(Math.max(...b.left.map((f, i) => meanDiff(f, a.left[i]!)))).toBeLessThan(1.5);
    // the label goes with the provenance: same manifest ranges as without it
    const manifest = JSON.parse(fs.readFileSync(`${labelled}.provenance.json`, 'utf8'));
    expect(manifest.generatedRanges.map((e: { startSeconds: number; endSeconds: number }) => [e.startSeconds, e.endSeconds])).toEqual([[2, 15]]);
  });

  it('an in/out export into MOV counts from its own first frame and keeps the tag', async () => {
    const out = path.join(dir, 'range.mov');
    const r = await exportProject(project(), out, { preset: 'prores', inSeconds: 1, outSeconds: 3 });
    const manifest = JSON.parse(fs.readFileSync(r.manifest!, 'utf8'));
    expect(manifest.timelineStartFrame).toBe(30);
    expect(manifest.generatedRanges).toMatchObject([{ startSeconds: 1, endSeconds: 2, startTimecode: '00:00:01:00', endTimecode: '00:00:02:00', startFrame: 30, endFrame: 60 }]);
    expect(JSON.parse((await tags(out)).segue_provenance!).generatedRanges).toEqual(manifest.generatedRanges);
  });

  it('without generated media: no manifest, no provenance tags, and an older manifest of the same name goes', async () => {
    const out = path.join(dir, 'ordinary.mp4');
    await exportProject(project(), out);
    expect(fs.existsSync(`${out}.provenance.json`)).toBe(true);
    const r = await exportProject(project(false), out, { overwrite: true, aiLabel: true });
    expect(r.manifest).toBeNull();
    expect(fs.existsSync(`${out}.provenance.json`)).toBe(false);
    const t = await tags(out);
    expect(t.segue_provenance).toBeUndefined();
    expect(t.comment).toBeUndefined();
    // nor does a source's own tag pass for the export's: re-cut the labelled export as plain media
    const again = await services().media.createMedia(plain);
    const p = project(false);
    p.media = [...p.media, again];
    const v1 = p.timeline.tracks.find((x) => x.kind === 'video')!.id;
    p.timeline = placeClips(p.timeline, [{ trackId: v1, start: 0, clip: clip(again, 90) }], 'overwrite');
    const recut = path.join(dir, 'recut.mp4');
    expect((await exportProject(p, recut)).manifest).toBeNull();
    expect(await tags(plain)).toHaveProperty('segue_provenance');
    expect(await tags(recut)).not.toHaveProperty('segue_provenance');
  });

  it('cancelling leaves no manifest, and an earlier export with its manifest stays as it was', async () => {
    const out = path.join(dir, 'cancelled.mp4');
    const controller = new AbortController();
    const run = exportProject(project(), out, { signal: controller.signal, preset: 'h264-1080p', aiLabel: true });
    setTimeout(() => controller.abort(), 300);
    await expect(run).rejects.toThrow(/Cancelled/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('cancelled') || f.startsWith('.cancelled'))).toEqual([]);

    const before = fs.readFileSync(`${plain}.provenance.json`, 'utf8');
    const stopped = new AbortController();
    const replace = exportProject(project(), plain, { signal: stopped.signal, overwrite: true, preset: 'h264-1080p' });
    setTimeout(() => stopped.abort(), 300);
    await expect(replace).rejects.toThrow(/Cancelled/);
    expect(fs.readFileSync(`${plain}.provenance.json`, 'utf8')).toBe(before);
    expect(JSON.parse(before).fileSha256).toBe(sha256(fs.readFileSync(plain)));
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial') || f.includes('.parts-'))).toEqual([]);
  });

  it('a failed export writes no manifest', async () => {
    const out = path.join(dir, 'failed.mp4');
    const p = project();
    p.media = p.media.map((m) => (m.id === generated.id ? { ...m, path: path.join(dir, 'unreadable.mp4') } : m));
    fs.writeFileSync(path.join(dir, 'unreadable.mp4'), 'not a video');
    await expect(exportProject(p, out)).rejects.toThrow();
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('failed') || f.startsWith('.failed'))).toEqual([]);
  });

  it('segue render --ai-label labels the generated frames and names the manifest', async () => {
    const file = path.join(dir, 'cli.segue');
    fs.writeFileSync(file, JSON.stringify(project()));
    const out = path.join(dir, 'cli.mp4');
    const lines: string[] = [];
    const previous = process.env.SEGUE_USER_DATA;
    process.env.SEGUE_USER_DATA = path.join(dir, 'user');
    try {
      const code = await main(['render', file, '-o', out, '--ai-label', '--in', '1', '--out', '3'], { out: (t) => lines.push(t), err: () => undefined });
      expect(code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.SEGUE_USER_DATA;
      else process.env.SEGUE_USER_DATA = previous;
    }
    expect(lines.join('')).toContain(`${out}.provenance.json`);
    const reference = path.join(dir, 'cli-reference.mp4');
    await exportProject(project(), reference, { inSeconds: 1, outSeconds: 3 });
    const a = await corners(reference);
    const b = await corners(out);
    const diffs = b.right.map((f, i) => meanDiff(f, a.right[i]!));
    expect(diffs.map((d) => d > 8)).toEqual(Array.from({ length: 60 }, (_, i) => i >= 30));
  });
});
