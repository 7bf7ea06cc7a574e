// Dissolves after cuts and gaps, against real ffmpeg: every clip is a brightness ramp in
// its own colour (frame n of source R has red 16 + 8n), so each decoded frame names the
// clip and the source frame it shows. The export must decode to exactly the timeline's
// frames, each from the right clip at the right position, in one pass and in segments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createServices } from '../../../electron/services';
import { checkExport, exportProject } from '../../../electron/services/render/exportService';
import { ffprobeJson, runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { createProject } from '../../../shared/timeline/factory';
import type { Clip, Gap, Item, Media, Project, Transition } from '../../../shared/timeline/model';
import { makeRate, rt } from '../../../shared/timeline/time';
import { makePng, makeTempDir } from '../../helpers/media';

const RATE = makeRate(30);
const SIZE = 64;
/** frames of each ramp source */
const RAMP = 30;
/** a constant grey clip this long goes first in the segmented runs: more than one 12 s export segment */
const FILLER = 370;

type Rgb = [number, number, number];
interface Source {
  key: string;
  media?: Media;
  colour: (n: number) => Rgb;
}
const ramp = (n: number) => 16 + 8 * n;
const SOURCES: Source[] = [
  { key: 'R', colour: (n) => [ramp(n), 0, 0] },
  { key: 'G', colour: (n) => [0, ramp(n), 0] },
  { key: 'B', colour: (n) => [0, 0, ramp(n)] },
  { key: 'Y', colour: (n) => [ramp(n), ramp(n), 0] },
  { key: 'grey', colour: () => [128, 128, 128] },
  { key: 'still', colour: () => [200, 40, 200] },
];
const src = (key: string) => SOURCES.find((s) => s.key === key)!;

let dir: string;
/** each source's frames as this machine's ffmpeg decodes and measures them */
const measured: Record<string, Rgb[]> = {};

async function makeSource(s: Source, frames: number): Promise<Media> {
  const out = path.join(dir, `${s.key}.mp4`);
  // a channel that changes from frame to frame is the ramp, the others are constant
  const [r, g, b] = [0, 1, 2].map((i) => (s.colour(1)[i] !== s.colour(0)[i] ? '16+8*N' : String(s.colour(0)[i])));
  await runFfmpeg(['-f', 'lavfi', '-i', `color=c=black:s=${SIZE}x${SIZE}:r=30:d=${frames / 30},format=rgb24,geq=r='${r}':g='${g}':b='${b}'`, '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', out]);
  return createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') }).media.createMedia(out);
}

beforeAll(async () => {
  dir = makeTempDir('segue-dissolve-');
  for (const s of SOURCES) {
    s.media = s.key === 'still' ? await createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') }).media.createMedia(await makePng(dir, 'still.png', { width: SIZE, height: SIZE, color: '0xC828C8' })) : await makeSource(s, s.key === 'grey' ? FILLER + 10 : RAMP);
    if (s.key === 'still') continue;
    measured[s.key] = await frameColours(s.media.path);
    // the ramps are what they were made to be, give or take the colour conversion
    measured[s.key]!.forEach((c, n) => expect(dist(c, s.colour(n)), `${s.key}#${n}`).toBeLessThan(5));
  }
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// ---- a track, its items and what each of its frames must show ------------------------

type Spec = { clip: string; in: number; frames: number } | { gap: number } | { dissolve: [number, number] };
const C = (key: string, inFrame: number, frames: number): Spec => ({ clip: key, in: inFrame, frames });
const GAP = (frames: number): Spec => ({ gap: frames });
const X = (before: number, after: number): Spec => ({ dissolve: [before, after] });

let ids = 0;
function items(specs: Spec[], rate = RATE): Item[] {
  return specs.map((s): Item => {
    const id = `i${ids++}`;
    if ('gap' in s) return { kind: 'gap', id, duration: rt(s.gap, rate) } satisfies Gap;
    if ('dissolve' in s) return { kind: 'transition', id, name: 'Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(s.dissolve[0], rate), outOffset: rt(s.dissolve[1], rate) } satisfies Transition;
    const m = src(s.clip).media!;
    return { kind: 'clip', id, name: m.name, mediaId: m.id, sourceRange: { start: rt(s.in, rate), duration: rt(s.frames, rate) }, enabled: true } satisfies Clip;
  });
}

/** What a frame shows: one source frame, a mix of two, or nothing (a gap). */
type Expect = { one: [string, number] } | { mix: [[string, number], [string, number]]; step: number; of: number } | null;

/** The frames of a track as the edit defines them (independent of the render plan). */
function expected(specs: Spec[]): Expect[] {
  const out: Expect[] = [];
  let prev: { key: string; in: number; start: number } | null = null;
  let pending: [number, number] | null = null;
  for (const s of specs) {
    if ('dissolve' in s) {
      pending = s.dissolve;
      continue;
    }
    if ('gap' in s) {
      for (let i = 0; i < s.gap; i++) out.push(null);
      prev = null;
      continue;
    }
    const start = out.length;
    // past the end of its media a clip holds its last frame
    for (let i = 0; i < s.frames; i++) out.push({ one: [s.clip, Math.min(s.in + i, RAMP - 1)] });
    if (pending && prev) {
      const [before, after] = pending;
      const of = before + after;
      for (let k = 0; k < of; k++) {
        const t = start - before + k;
        out[t] = { mix: [[prev.key, prev.in + (t - prev.start)], [s.clip, s.in + (t - start)]], step: k, of };
      }
    }
    pending = null;
    prev = { key: s.clip, in: s.in, start };
  }
  return out;
}

const length = (specs: Spec[]) => specs.reduce((n, s) => n + ('clip' in s ? s.frames : 'gap' in s ? s.gap : 0), 0);

function project(tracks: { v1: Spec[]; v2?: Spec[] }, rate = RATE): Project {
  const p = createProject('dissolve', { width: SIZE, height: SIZE, rate, sampleRate: 48000, channels: 2, fit: 'fit' });
  const [v1, v2] = p.timeline.tracks.filter((t) => t.kind === 'video').map((t) => t.id);
  const timeline = { ...p.timeline, tracks: p.timeline.tracks.map((t) => (t.id === v1 ? { ...t, items: items(tracks.v1, rate) } : t.id === v2 && tracks.v2 ? { ...t, items: items(tracks.v2, rate) } : t)) };
  return { ...p, media: SOURCES.map((s) => s.media!), timeline };
}

// ---- measuring the output -----------------------------------------------------------

/** Mean RGB of every decoded frame, passed through as decoded (no frames made up or dropped). */
async function frameColours(file: string): Promise<Rgb[]> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-map', '0:v:0', '-vsync', 'passthrough', '-vf', 'scale=4:4:flags=area,format=rgb24', '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const buf = Buffer.concat(chunks);
  const out: Rgb[] = [];
  for (let i = 0; i + 48 <= buf.length; i += 48) {
    const px = buf.subarray(i, i + 48);
    out.push([0, 1, 2].map((c) => px.filter((_, j) => j % 3 === c).reduce((s, v) => s + v, 0) / 16) as Rgb);
  }
  return out;
}

/** The video stream's frames as ffprobe counts them by decoding. */
async function decodedFrames(file: string): Promise<number> {
  const probe = (await ffprobeJson(file, undefined, ['-select_streams', 'v:0', '-count_frames'])) as { streams?: Array<{ nb_read_frames?: string | number }> };
  return Number(probe.streams?.[0]?.nb_read_frames);
}

const dist = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
const colourOf = ([key, n]: [string, number]) => measured[key]![n]!;
const sq = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0);
/** The source frame nearest to a colour, of all the ramps. */
function nearest(c: Rgb): [string, number] {
  let best: [string, number] = ['', -1];
  let bestD = Infinity;
  for (const s of SOURCES.filter((x) => x.key !== 'grey' && x.key !== 'still')) measured[s.key]!.forEach((m, n) => sq(m, c) < bestD && ((bestD = sq(m, c)), (best = [s.key, n])));
  return best;
}

/** Every frame from `from` on against its expectation; the first few mismatches as readable lines. */
function check(got: Rgb[], want: Expect[], from: number): string[] {
  const bad: string[] = [];
  const mixes: Array<{ t: number; a: number; step: number; of: number }> = [];
  want.forEach((w, t) => {
    if (t < from) return;
    const g = got[t]!;
    if (w === null) {
      if (dist(g, [0, 0, 0]) > 12) bad.push(`frame ${t}: ${g.map(Math.round)} where black was expected`);
    } else if ('one' in w) {
      // the nearest source frame of any clip must be exactly this one (ramps step by 8)
      const [key, n] = nearest(g);
      if (key !== w.one[0] || n !== w.one[1] || dist(g, colourOf(w.one)) > 4) bad.push(`frame ${t}: ${g.map(Math.round)} is ${key}#${n}, not ${w.one.join('#')}`);
    } else {
      // a mix (1 - a)·out + a·in of the two expected frames, for some a
      const x = colourOf(w.mix[0]);
      const y = colourOf(w.mix[1]);
      const d = y.map((v, i) => v - x[i]!);
      const a = d.reduce((s, v, i) => s + v * (g[i]! - x[i]!), 0) / d.reduce((s, v) => s + v * v, 0);
      const fit = x.map((v, i) => v + a * d[i]!);
      if (dist(g, fit) > 6 || a < -0.05 || a > 1.05) bad.push(`frame ${t}: ${g.map(Math.round)} is not a mix of ${w.mix[0].join('#')} and ${w.mix[1].join('#')}`);
      mixes.push({ t, a, step: w.step, of: w.of });
    }
  });
  // inside each dissolve the incoming picture's share grows from ~0 to ~1
  for (let i = 0; i < mixes.length; i++) {
    const m = mixes[i]!;
    const expectA = m.step / m.of;
    if (Math.abs(m.a - expectA) > 0.15) bad.push(`frame ${m.t}: dissolve at ${m.a.toFixed(2)} where ${expectA.toFixed(2)} was expected`);
  }
  return bad.slice(0, 8);
}

/** Bottom track, with the top track's frames over it where the top has something. */
const composite = (v1: Expect[], v2?: Expect[]) => v1.map((e, t) => v2?.[t] ?? e);

const SHAPES: Array<[string, { v1: Spec[]; v2?: Spec[] }]> = [
  ['[A, B, dissolve, C]', { v1: [C('R', 5, 15), C('G', 5, 15), X(4, 4), C('B', 5, 16)] }],
  ['[gap, A, dissolve, B]', { v1: [GAP(6), C('R', 5, 12), X(4, 4), C('G', 5, 12)] }],
  ['[A, gap, B, dissolve, C]', { v1: [C('R', 5, 10), GAP(5), C('G', 5, 10), X(4, 4), C('B', 5, 10)] }],
  ['two dissolves in a row', { v1: [C('R', 5, 12), X(4, 4), C('G', 5, 12), X(3, 5), C('B', 6, 12)] }],
  ['a dissolve after a cut, then a cut', { v1: [C('Y', 5, 8), C('R', 5, 12), X(2, 6), C('G', 8, 10), C('B', 5, 9)] }],
  // one-frame clip and gap (concat gives them no length), and a dissolve that ends the timeline
  ['one-frame pieces, a dissolve to the end', { v1: [C('R', 5, 1), GAP(1), C('Y', 5, 1), C('G', 5, 6), X(3, 3), C('B', 5, 3)] }],
  ['a clip held on its last frame, then a dissolve', { v1: [C('R', 24, 10), C('G', 5, 8), X(2, 2), C('B', 5, 6)] }],
  ['a dissolve on V2 over V1', { v1: [C('Y', 0, 30)], v2: [GAP(3), C('R', 5, 8), C('G', 5, 8), X(4, 4), C('B', 5, 8)] }],
];

describe('dissolves after cuts and gaps', () => {
  it.each(SHAPES.flatMap(([name, shape]) => (['one pass', 'segments'] as const).map((mode) => [name, mode, shape] as const)))('%s (%s): exactly the timeline’s frames, each from the right clip', async (name, mode, shape) => {
    // In segments the shape follows a long grey clip, so the export is cut into two pieces.
    const lead: Spec[] = mode === 'segments' ? [C('grey', 0, FILLER)] : [];
    const v1 = [...lead, ...shape.v1];
    const v2 = shape.v2 ? [...(lead.length ? [GAP(FILLER)] : []), ...shape.v2] : undefined;
    const total = Math.max(length(v1), v2 ? length(v2) : 0);
    const out = path.join(dir, `${name.replace(/\W+/g, '-')}-${mode.replace(' ', '-')}.mp4`);
    const r = await exportProject(project({ v1, ...(v2 ? { v2 } : {}) }), out, { segmentAboveInputs: mode === 'segments' ? 0 : 1000 });
    expect(r.frames).toBe(total);
    const colours = await frameColours(out);
    expect(colours.length, 'decoded frames').toBe(total);
    expect(await decodedFrames(out), 'frames ffprobe decodes').toBe(total);
    const want = composite(expected(v1), v2 && expected(v2));
    const leadFrames = length(lead);
    const grey = colours.slice(0, leadFrames);
    expect(grey.filter((g, t) => dist(g, measured.grey![t]!) > 3).length, 'the grey lead').toBe(0);
    expect(check(colours, want, leadFrames)).toEqual([]);
  });
});

describe('at 29.97 fps, with a still', () => {
  it.each([
    ['one pass', 1000],
    ['segments', 0],
  ])('a dissolve after a cut has exactly the timeline’s frames (%s)', async (mode, segmentAboveInputs) => {
    const ntsc = makeRate(30000, 1001);
    const still = SOURCES.find((x) => x.key === 'still')!;
    const lead: Spec[] = mode === 'segments' ? [C('grey', 0, FILLER)] : [];
    const v1 = [...lead, C('still', 0, 8), C('R', 5, 10), X(3, 3), C('G', 5, 12)];
    const out = path.join(dir, `ntsc-${mode.replace(' ', '-')}.mp4`);
    const r = await exportProject(project({ v1 }, ntsc), out, { segmentAboveInputs });
    const total = length(v1);
    expect(r.frames).toBe(total);
    const colours = await frameColours(out);
    expect(colours.length, 'decoded frames').toBe(total);
    const at = length(lead);
    expect(dist(colours[at]!, still.colour(0))).toBeLessThan(6); // the still first…
    expect(dist(colours.at(-1)!, colourOf(['G', 16]))).toBeLessThan(6); // …and G's last frame last
  });
});

describe('the export check', () => {
  /** 2 s of sound with `frames` frames of picture: the container lasts 2 s whatever the picture does. */
  async function file(name: string, frames: number): Promise<string> {
    const out = path.join(dir, name);
    await runFfmpeg(['-f', 'lavfi', '-i', `color=c=red:s=${SIZE}x${SIZE}:r=30:d=${frames / 30}`, '-f', 'lavfi', '-i', 'sine=f=440:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out]);
    return out;
  }

  it('fails a file whose picture stops before its sound, in one line, and passes a whole one', async () => {
    const short = await file('short.mp4', 30);
    expect(Number(((await ffprobeJson(short)) as { format: { duration: string } }).format.duration)).toBeCloseTo(2, 1); // the container alone looks right
    const err = await checkExport(short, { frames: 60, seconds: 2 }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toBe("The export's picture has 30 frames instead of 60.");
    const whole = await file('whole.mp4', 60);
    await expect(checkExport(whole, { frames: 60, seconds: 2 })).resolves.toMatchObject({ durationSeconds: expect.closeTo(2, 1) });
    await expect(checkExport(whole, { frames: 61, seconds: 2 })).rejects.toThrow(/has 60 frames instead of 61/);
  });
});
