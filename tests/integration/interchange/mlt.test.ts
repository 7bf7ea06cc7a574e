// MLT XML export against the real renderer: a project exported with exportMlt and rendered
// by `melt` (MLT 7, what Shotcut and Kdenlive are built on) must look and sound like the
// same project rendered by Segue. melt is required: CI installs it (.ci/run); without it
// this file fails, it does not skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createServices } from '../../../electron/services';
import { exportProject } from '../../../electron/services/render/exportService';
import { runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { exportMlt } from '../../../shared/interchange/mlt/export';
import { createProject } from '../../../shared/timeline/factory';
import type { Clip, Gap, Item, Media, Project, Transition } from '../../../shared/timeline/model';
import { makeRate, rt } from '../../../shared/timeline/time';
import { rms, samples, tone } from '../../helpers/measure';
import { makeTempDir } from '../../helpers/media';

const MELT = process.env.MELT_PATH ?? 'melt';
const RATE = makeRate(24);
const W = 320;
const H = 180;
/** comparison size: 32×18 grey */
const CW = 32;
const CH = 18;

let dir: string;
const media: Record<string, Media> = {};
const services = () => createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });

function run(file: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy', QT_QPA_PLATFORM: 'offscreen' } }, (err, stdout, stderr) =>
      err ? reject(Object.assign(err, { stderr })) : resolve({ stdout, stderr }),
    );
  });
}

/**
 * 2 s at 24 fps: a lavfi pattern whose brightness also steps every frame (a ramp of 5), so
 * a picture one frame early or late differs measurably, and a tone.
 */
async function source(name: string, pattern: string, hz: number, width = W, height = H): Promise<Media> {
  const out = path.join(dir, name);
  await runFfmpeg([
    '-f', 'lavfi', '-i', `${pattern}=s=${width}x${height}:r=24:d=2,lutyuv=y=val*0.6+40,eq=brightness='0.05*mod(n\\,5)-0.1':eval=frame`,
    '-f', 'lavfi', '-i', `aevalsrc=0.4*sin(2*PI*${hz}*t)|0.4*sin(2*PI*${hz}*t):s=48000:d=2`,
    // tagged BT.709 like the profile: MLT converts untagged SD sources from BT.601, Segue does not
    '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-c:a', 'aac', '-b:a', '192k', '-t', '2', out,
  ]); // prettier-ignore
  return services().media.createMedia(out);
}

/** Every frame of a video as 32×18 grey bytes. */
async function frames(file: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-vf', `scale=${CW}:${CH}:flags=area,format=gray`, '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const buf = Buffer.concat(chunks);
  const out: Buffer[] = [];
  for (let i = 0; i + CW * CH <= buf.length; i += CW * CH) out.push(buf.subarray(i, i + CW * CH));
  return out;
}

/** Mean absolute difference of two grey frames, 0..255. */
const mad = (a: Buffer, b: Buffer): number => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

const clip = (m: Media, inFrame: number, length: number, extra: Partial<Clip> = {}): Clip => ({
  kind: 'clip',
  id: `c${Math.random().toString(36).slice(2, 10)}`,
  name: m.name,
  mediaId: m.id,
  sourceRange: { start: rt(inFrame, RATE), duration: rt(length, RATE) },
  enabled: true,
  ...extra,
});
const gap = (length: number): Gap => ({ kind: 'gap', id: `g${Math.random().toString(36).slice(2, 10)}`, duration: rt(length, RATE) });
const dissolve = (before: number, after: number): Transition => ({ kind: 'transition', id: `x${Math.random().toString(36).slice(2, 8)}`, name: 'Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(before, RATE), outOffset: rt(after, RATE) });

/**
 * Timeline frames (24 fps), 72 in all:
 *   V2 | gap 6 | C 10..25 (4:3, pillarboxed) |                 gap                                  |
 *   V1 | A 4..35 (32)                 / dissolve 6+6 at 32 \ B 8..39 (32)              | gap 8   |
 *   A1 | A's sound                    /    crossfade        \ B's sound                 |
 * C's own sound (880 Hz) sits on a video track and must not be heard.
 */
function build(): Project {
  const p = createProject('mlt-vs-segue', { width: W, height: H, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 2, audio: 1 });
  const [v1, v2, a1] = p.timeline.tracks;
  const A = media.A!;
  const B = media.B!;
  const C = media.C!;
  const items: Record<string, Item[]> = {
    [v1!.id]: [clip(A, 4, 32), dissolve(6, 6), clip(B, 8, 32), gap(8)],
    [v2!.id]: [gap(6), clip(C, 10, 16)],
    [a1!.id]: [clip(A, 4, 32), dissolve(6, 6), clip(B, 8, 32)],
  };
  return { ...p, media: [A, B, C], timeline: { ...p.timeline, tracks: p.timeline.tracks.map((t) => ({ ...t, items: items[t.id] ?? [] })) } };
}

async function renderMelt(project: Project, name: string): Promise<string> {
  const mlt = path.join(dir, `${name}.mlt`);
  const out = path.join(dir, `${name}.mp4`);
  fs.writeFileSync(mlt, exportMlt(project));
  try {
    await run(MELT, ['-quiet', mlt, '-consumer', `avformat:${out}`, 'vcodec=libx264', 'preset=ultrafast', 'crf=12', 'acodec=aac', 'ab=192k', 'ar=48000', 'channels=2', 'real_time=-1', 'terminate_on_pause=1'], 120_000);
  } catch (e) {
    throw new Error(`melt could not render ${mlt}: ${(e as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' | ') || (e as Error).message}`);
  }
  return out;
}

let segue: { frames: Buffer[]; pcm: Float32Array };
let melt: { frames: Buffer[]; pcm: Float32Array };

beforeAll(async () => {
  try {
    await run(MELT, ['-version'], 20_000);
  } catch {
    throw new Error(`melt (MLT 7) is not installed or not runnable as "${MELT}": the MLT export is tested by rendering with it. Install it (Debian: apt-get install melt; CI does this in .ci/run) or set MELT_PATH.`);
  }
  dir = makeTempDir('segue-mlt-');
  media.A = await source('a.mp4', 'testsrc', 440);
  media.B = await source('b.mp4', 'testsrc2', 660);
  media.C = await source('c.mp4', 'smptebars', 880, 240, 180);
  const p = build();
  const ours = path.join(dir, 'segue.mp4');
  await exportProject(p, ours);
  const theirs = await renderMelt(p, 'melt');
  segue = { frames: await frames(ours), pcm: await samples(ours) };
  melt = { frames: await frames(theirs), pcm: await samples(theirs) };
}, 240_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('MLT export rendered by melt', () => {
  it('is exactly as long as the timeline, as Segue renders it', () => {
    expect(segue.frames).toHaveLength(72);
    expect(melt.frames).toHaveLength(72);
  });

  // Measured: identical sources, the same structure and the same dissolve ramp give a mean
  // difference under 1.5 (encoder noise); a frame early or late gives 5 to 60.
  const TOLERANCE = 2.5;
  const samplesAt: Array<[number, string]> = [
    [2, 'A, before V2'],
    [4, 'A, before V2'],
    [8, 'C over A: V2 on top, A in its side bars'],
    [14, 'C over A'],
    [21, 'C over A, its last frame'],
    [23, 'A after V2'],
    [25, 'A, the last frame before the dissolve'],
    [27, 'the dissolve, mostly A'],
    [30, 'the dissolve'],
    [32, 'the dissolve, at the cut'],
    [34, 'the dissolve, mostly B'],
    [37, 'the dissolve, its last frame'],
    [38, 'B, the first frame after the dissolve'],
    [45, 'B'],
    [55, 'B'],
    [63, 'B, its last frame'],
    [64, 'the trailing gap (black)'],
    [71, 'the trailing gap (black)'],
  ];
  it.each(samplesAt)('shows the same picture at frame %i (%s)', (f) => {
    const d = mad(segue.frames[f]!, melt.frames[f]!);
    expect(d, `frame ${f}: mean difference ${d.toFixed(2)}`).toBeLessThan(TOLERANCE);
  });

  it('would show a difference one frame off, so the comparisons can see an in/out, order or length error', () => {
    for (const [f] of samplesAt.filter(([f]) => f < 63)) {
      const near = Math.min(mad(segue.frames[f]!, segue.frames[f + 1]!), ...(f > 0 ? [mad(segue.frames[f]!, segue.frames[f - 1]!)] : []));
      expect(near, `frame ${f} against its neighbours`).toBeGreaterThan(2 * TOLERANCE);
    }
  });

  it('plays the audio-track sound only, crossfaded at the same time, in both', () => {
    for (const [name, pcm] of [
      ['segue', segue.pcm],
      ['melt', melt.pcm],
    ] as const) {
      // A (440 Hz) to the crossfade (frames 26..37: 1.08..1.58 s), then B (660 Hz) to 2.67 s, then silence
      expect(tone(pcm, 2, 440, 0.1, 1.0), `${name}: A's sound`).toBeGreaterThan(0.05);
      expect(tone(pcm, 2, 660, 0.1, 1.0), `${name}: not B's yet`).toBeLessThan(0.005);
      expect(tone(pcm, 2, 440, 1.25, 1.45), `${name}: A inside the crossfade`).toBeGreaterThan(0.02);
      expect(tone(pcm, 2, 660, 1.25, 1.45), `${name}: B inside the crossfade`).toBeGreaterThan(0.02);
      expect(tone(pcm, 2, 660, 1.7, 2.6), `${name}: B's sound`).toBeGreaterThan(0.05);
      expect(tone(pcm, 2, 440, 1.7, 2.6), `${name}: A's sound is over`).toBeLessThan(0.005);
      expect(tone(pcm, 2, 660, 2.75, 2.95), `${name}: silence after A1 ends`).toBeLessThan(0.005);
      // C sits on V2 (0.25..0.92 s): a video clip's own sound is not played
      expect(tone(pcm, 2, 880, 0.3, 0.9), `${name}: no sound from the video track`).toBeLessThan(0.005);
    }
  });

  it('has the same sound envelope outside the crossfade', () => {
    // RMS in 1/12 s windows: levels and the cut to silence line up. Inside the crossfade
    // (1.08..1.58 s) they differ by design: MLT's mix is linear, Segue's default curve is
    // equal power (+3 dB at the middle); both sources being there is checked above.
    for (let t = 0; t + 1 / 12 <= 3; t += 1 / 12) {
      if (t + 1 / 12 > 1.08 && t < 1.59) continue;
      const a = rms(segue.pcm, 2, t, t + 1 / 12);
      const b = rms(melt.pcm, 2, t, t + 1 / 12);
      expect(Math.abs(a - b), `RMS at ${t.toFixed(2)} s: segue ${a.toFixed(3)}, melt ${b.toFixed(3)}`).toBeLessThan(0.06);
    }
  });
});
