// The local generation provider against real ffmpeg: solid-colour clips with known tones,
// checked by decoding the drafts frame by frame and sample by sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ffprobeJson, runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { filterValue } from '../../../electron/services/generation/localArgs';
import { extractFrame, fontFile, measureSeam, renderLocal } from '../../../electron/services/generation/localProvider';
import type { LocalFormat } from '../../../electron/services/generation/types';
import { makePng, makeTempDir, makeTestClip } from '../../helpers/media';

let dir: string;
let red: string;
let blue: string;
/** red for frames 0–29, blue for 30–59 (30 fps), a 440 Hz tone at 0.5 throughout */
let redBlue: string;
const FORMAT: LocalFormat = { width: 320, height: 180, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2 };

interface Probed {
  streams: Array<{ codec_type: string; nb_frames?: string; duration?: string; width?: number; height?: number }>;
}
async function streams(file: string) {
  const p = (await ffprobeJson(file)) as Probed;
  const v = p.streams.find((s) => s.codec_type === 'video');
  const a = p.streams.find((s) => s.codec_type === 'audio');
  return { frames: Number(v?.nb_frames), videoSeconds: Number(v?.duration), audioSeconds: a ? Number(a.duration) : null, width: v?.width, height: v?.height };
}

/** Every frame's centre colour, classified 'r', 'g', 'b', 'k' (dark) or '?'. */
async function frameColours(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-vf', 'crop=iw/4:ih/4,scale=1:1,format=rgb24', '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const b = Buffer.concat(chunks);
  let out = '';
  for (let i = 0; i + 3 <= b.length; i += 3) out += classify([b[i]!, b[i + 1]!, b[i + 2]!]);
  return out;
}

function classify([r, g, b]: number[]): string {
  if (r! > 180 && g! < 80 && b! < 80) return 'r';
  if (b! > 180 && r! < 80 && g! < 80) return 'b';
  if (g! > 180 && r! < 80 && b! < 80) return 'g';
  if (r! < 40 && g! < 40 && b! < 40) return 'k';
  return '?';
}

/** RGB rows of one frame at `seconds`, scaled to w×h. */
async function picture(file: string, seconds: number | null, w: number, h: number): Promise<(x: number, y: number) => number[]> {
  const chunks: Buffer[] = [];
  const seek = seconds === null ? [] : ['-ss', String(seconds)];
  await runFfmpeg(['-v', 'error', ...seek, '-i', file, '-frames:v', '1', '-vf', `scale=${w}:${h}:flags=neighbor,format=rgb24`, '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const b = Buffer.concat(chunks);
  return (x, y) => [...b.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)];
}

/** Channel 0 (left) of the decoded audio at 48 kHz. */
async function samples(file: string): Promise<Float32Array> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-map', '0:a:0', '-af', 'pan=mono|c0=c0', '-ar', '48000', '-f', 'f32le', '-'], { onStdout: (d) => chunks.push(d) });
  const b = Buffer.concat(chunks);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length - (b.length % 4)));
}

const at = (s: number) => Math.round(s * 48000);
function rms(pcm: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = at(from); i < at(to); i++) sum += pcm[i]! ** 2;
  return Math.sqrt(sum / (at(to) - at(from)));
}
/** Largest jump between neighbouring samples in [from, to). */
function maxDelta(pcm: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = at(from) + 1; i < at(to); i++) m = Math.max(m, Math.abs(pcm[i]! - pcm[i - 1]!));
  return m;
}
/** Normalised power of `hz` in [from, to) (Goertzel). */
function tone(pcm: Float32Array, hz: number, from: number, to: number): number {
  const k = (2 * Math.PI * hz) / 48000;
  let s1 = 0;
  let s2 = 0;
  for (let i = at(from); i < at(to); i++) {
    const s0 = pcm[i]! + 2 * Math.cos(k) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return Math.sqrt(s1 * s1 + s2 * s2 - 2 * Math.cos(k) * s1 * s2) / (at(to) - at(from));
}

beforeAll(async () => {
  dir = makeTempDir('segue-local-');
  red = await makeTestClip(dir, 'red.mp4', { seconds: 2, video: 'color=c=red', toneHz: 440, amplitude: 0.5 });
  blue = await makeTestClip(dir, 'blue.mp4', { seconds: 2, video: 'color=c=blue', toneHz: 880, amplitude: 0.02 });
  redBlue = path.join(dir, 'redblue.mp4');
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'color=c=red:s=320x180:r=30:d=1',
    '-f', 'lavfi', '-i', 'color=c=blue:s=320x180:r=30:d=1',
    '-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t):s=48000:d=2',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]',
    '-map', '[v]', '-map', '2:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', redBlue,
  ]);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('local provider', () => {
  it('extend: the source tail as the handle, then its last frame held, its sound continued without a click', async () => {
    const out = path.join(dir, 'extend.mp4');
    let last = 0;
    // out point 1.5 s: the handle is source 0.5–1.5 s (15 red frames, 15 blue)
    await renderLocal({ mode: 'extend', source: redBlue, outSeconds: 1.5, seconds: 2, handleSeconds: 1 }, FORMAT, out, { onProgress: (p) => (last = p.progress) });
    expect(last).toBe(1);
    const s = await streams(out);
    expect(s.frames).toBe(90);
    expect(s.videoSeconds).toBeCloseTo(3, 3);
    expect(s.audioSeconds).toBeCloseTo(3, 3);
    expect(await frameColours(out)).toBe('r'.repeat(15) + 'b'.repeat(75));
    const pcm = await samples(out);
    expect(tone(pcm, 440, 0.1, 0.9)).toBeGreaterThan(0.2); // the source's tone in the handle
    const tail = rms(pcm, 0.5, 1);
    const continued = rms(pcm, 1.05, 2.95);
    expect(continued).toBeGreaterThan(0.3);
    expect(Math.abs(20 * Math.log10(continued / tail))).toBeLessThan(1); // room tone at the tail's level
    // the tail's tone continues (measured within one mirrored copy: phases flip at the joints)
    expect(tone(pcm, 440, 1.1, 1.4)).toBeGreaterThan(0.2);
    expect(tone(pcm, 440, 2.6, 2.9)).toBeGreaterThan(0.2);
    // no click at the handle seam (1 s): no bigger step than the sine's own (0.5·2π·440/48000 ≈ 0.029)
    expect(maxDelta(pcm, 0.98, 1.02)).toBeLessThan(0.04);
    expect(maxDelta(pcm, 1.02, 2.995)).toBeLessThan(0.04); // nor at the loop's joints
    const seam = await measureSeam({ file: redBlue, atSeconds: 1.5 - 1 / 60 }, { file: out, atSeconds: 1 + 1 / 60 });
    expect(seam.poor).toBe(false);
    expect(seam.ssim).toBeGreaterThan(0.95);
    expect(Math.abs(seam.loudnessJumpDb)).toBeLessThan(1);
  });

  it('extendBefore: a held first frame leading into the source head as the tail handle', async () => {
    const out = path.join(dir, 'before.mp4');
    // in point 0.5 s: the handle is source 0.5–1.5 s, the hold is source frame 15 (red)
    await renderLocal({ mode: 'extendBefore', source: redBlue, inSeconds: 0.5, seconds: 1, handleSeconds: 1 }, FORMAT, out);
    const s = await streams(out);
    expect(s.frames).toBe(60);
    expect(s.audioSeconds).toBeCloseTo(2, 3);
    expect(await frameColours(out)).toBe('r'.repeat(45) + 'b'.repeat(15));
    const pcm = await samples(out);
    expect(rms(pcm, 0.05, 0.95)).toBeGreaterThan(0.3);
    expect(tone(pcm, 440, 0.6, 0.95)).toBeGreaterThan(0.2);
    expect(tone(pcm, 440, 1.05, 1.95)).toBeGreaterThan(0.2); // the handle: the source's own sound
    expect(maxDelta(pcm, 0.005, 1.995)).toBeLessThan(0.04);
  });

  it('bridge: morphs from A’s last frame to B’s first, sound crossfaded from A’s tone to B’s', async () => {
    const out = path.join(dir, 'bridge.mp4');
    await renderLocal({ mode: 'bridge', a: { source: red, outSeconds: 2 }, b: { source: blue, inSeconds: 0 }, seconds: 1 }, FORMAT, out);
    const s = await streams(out);
    expect(s.frames).toBe(30);
    expect(s.audioSeconds).toBeCloseTo(1, 3);
    const colours = await frameColours(out);
    expect(colours[0]).toBe('r');
    expect(colours.at(-1)).toBe('b');
    expect(colours.slice(12, 18)).not.toMatch(/[rb]/); // mid-morph: a mix of both
    const pcm = await samples(out);
    // A (0.5) starts alone; B (0.02, 28 dB quieter) is all that is left at the end
    expect(tone(pcm, 440, 0, 0.1)).toBeGreaterThan(0.2);
    expect(tone(pcm, 880, 0, 0.1)).toBeLessThan(0.002);
    expect(tone(pcm, 880, 0.9, 1)).toBeGreaterThan(0.005);
    expect(tone(pcm, 440, 0.97, 1)).toBeLessThan(tone(pcm, 440, 0, 0.1) / 20);
    expect(maxDelta(pcm, 0.005, 1)).toBeLessThan(0.04);
  });

  it('text: a slate with a hostile prompt renders, silent, the exact length', async () => {
    const out = path.join(dir, 'text.mp4');
    const prompt = "It's 100% \"quoted\": C:\\path\\to, [brackets]; semi=colon %{pts} \\n\nSecond line\twith a tab and a very long tail of words that must wrap onto further lines";
    await renderLocal({ mode: 'text', prompt, seconds: 1.5 }, { ...FORMAT, rate: { num: 30000, den: 1001 } }, out);
    const s = await streams(out);
    expect(s.frames).toBe(45); // 1.5 s at 29.97 = 44.955 frames
    expect(s.videoSeconds).toBeCloseTo(1.5015, 3);
    // the same length to the millisecond: this ffmpeg's MP4 edit lists count whole milliseconds
    expect(Math.abs(s.audioSeconds! - 1.5015)).toBeLessThanOrEqual(0.0005 + 1e-9);
    expect(rms(await samples(out), 0, 1.4)).toBe(0);
    const px = await picture(out, 0.5, 64, 36);
    const bright = Array.from({ length: 64 * 36 }, (_, i) => px(i % 64, Math.floor(i / 64))).filter((c) => c[0]! > 120).length;
    expect(bright).toBeGreaterThan(20); // text drawn
    expect(px(0, 0)[0]).toBeLessThan(40); // on the dark slate
  });

  it('escapes drawtext text exactly: the same pixels as the raw text read from a file', async () => {
    const text = "a:b 'q' \\back\\ 50% [x]; y,z \"d\" %{n}";
    const file = path.join(dir, 'raw.txt');
    fs.writeFileSync(file, text);
    const draw = (source: string) => ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=400x40', '-vf', `drawtext=fontfile=${filterValue(fontFile())}:${source}:expansion=none:fontsize=16:fontcolor=white:x=4:y=10`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'];
    const render = async (source: string) => {
      const chunks: Buffer[] = [];
      await runFfmpeg(draw(source), { onStdout: (d) => chunks.push(d) });
      return Buffer.concat(chunks);
    };
    const escaped = await render(`text=${filterValue(text)}`);
    const fromFile = await render(`textfile=${filterValue(file)}`);
    expect(escaped.some((v) => v > 128)).toBe(true);
    expect(escaped.equals(fromFile)).toBe(true);
  });

  it('image: fitted with bars and pushed in', async () => {
    const png = await makePng(dir, 'square.png', { width: 180, height: 180, color: 'blue' });
    const out = path.join(dir, 'image.mp4');
    await renderLocal({ mode: 'image', image: png, seconds: 2 }, FORMAT, out);
    const s = await streams(out);
    expect(s.frames).toBe(60);
    expect(s.audioSeconds).toBeCloseTo(2, 3);
    expect(await frameColours(out)).toBe('b'.repeat(60));
    const blueWidth = async (seconds: number) => {
      const px = await picture(out, seconds, 320, 180);
      return Array.from({ length: 320 }, (_, x) => px(x, 90)).filter((c) => c[2]! > 150).length;
    };
    const first = await blueWidth(0);
    const last = await blueWidth(1.95);
    expect(Math.abs(first - 180)).toBeLessThanOrEqual(2); // pillarboxed to its own width
    expect(last).toBeGreaterThan(first + 2); // pushed in…
    expect(last).toBeLessThan(first * 1.1); // …slowly
  });

  it('pushes in smoothly: an edge moves outward a little every frame, never back', async () => {
    const [w, h] = [640, 360];
    const png = path.join(dir, 'edge.png');
    await runFfmpeg(['-v', 'error', '-f', 'lavfi', '-i', `color=c=black:s=${w}x${h},drawbox=x=${w / 4}:y=0:w=${w / 2}:h=${h}:c=white:t=fill`, '-frames:v', '1', png]);
    const out = path.join(dir, 'edge.mp4');
    await renderLocal({ mode: 'image', image: png, seconds: 2 }, { ...FORMAT, width: w, height: h }, out);
    const chunks: Buffer[] = [];
    await runFfmpeg(['-v', 'error', '-i', out, '-vf', `format=gray,crop=${w}:2:0:${h / 2}`, '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
    const b = Buffer.concat(chunks);
    // the left edge of the white box, to a fraction of a pixel, from the white in the left half
    const edges: number[] = [];
    for (let f = 0; (f + 1) * 2 * w <= b.length; f++) edges.push(w / 2 - b.subarray(f * 2 * w, f * 2 * w + w / 2).reduce((sum, v) => sum + (v - 16) / 219, 0));
    expect(edges).toHaveLength(60);
    const steps = edges.slice(1).map((e, i) => e - edges[i]!);
    expect(edges[0]! - edges.at(-1)!).toBeGreaterThan(3); // about 1.5 %/s of 160 px from the centre
    expect(Math.max(...steps)).toBeLessThan(0.05); // never back
    expect(Math.min(...steps)).toBeGreaterThan(-0.3); // no jumps (the mean step is about -0.08 px)
  });

  it('extracts the frame shown at an exact time, padded to the requested size', async () => {
    const png = path.join(dir, 'frame.png');
    const colourOf = async (seconds: number) => {
      await extractFrame(redBlue, seconds, { width: 200, height: 200 }, 'fit', png);
      return classify((await picture(png, null, 20, 20))(10, 10));
    };
    expect(await colourOf(29 / 30)).toBe('r'); // frame 29, exactly on its time
    expect(await colourOf(1 - 1 / 60)).toBe('r'); // the middle of frame 29
    expect(await colourOf(1)).toBe('b'); // frame 30
    expect(await colourOf(1 + 1 / 60)).toBe('b');
    const s = await streams(png);
    expect([s.width, s.height]).toEqual([200, 200]);
    const px = await picture(png, null, 200, 200);
    expect(classify(px(100, 2))).toBe('k'); // letterboxed: 16:9 in a square
    expect(classify(px(100, 100))).toBe('b');
    await extractFrame(redBlue, 0.5, { width: 100, height: 100 }, 'fill', png);
    expect(classify((await picture(png, null, 100, 100))(50, 2))).toBe('r'); // cropped: no bars
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('judges a continuous seam good and a red→blue, loud→quiet seam poor', async () => {
    const good = await measureSeam({ file: red, atSeconds: 1 - 1 / 60 }, { file: red, atSeconds: 1 + 1 / 60 });
    expect(good.poor).toBe(false);
    expect(good.ssim).toBeGreaterThan(0.95);
    expect(Math.abs(good.loudnessJumpDb)).toBeLessThan(1);
    const poor = await measureSeam({ file: red, atSeconds: 2 - 1 / 60 }, { file: blue, atSeconds: 1 / 60 });
    expect(poor.poor).toBe(true);
    expect(poor.ssim).toBeLessThan(0.85);
    expect(poor.loudnessJumpDb).toBeLessThan(-20); // 0.5 → 0.02: about -28 dB
    expect(poor.reason).toMatch(/picture jumps.*quieter/);
  });

  it('cancelling a render leaves no file behind', async () => {
    const sub = makeTempDir('segue-local-cancel-');
    try {
      const out = path.join(sub, 'cancelled.mp4');
      const ac = new AbortController();
      let started = false;
      const run = renderLocal({ mode: 'extend', source: redBlue, outSeconds: 2, seconds: 60, handleSeconds: 1 }, { ...FORMAT, width: 1280, height: 720 }, out, {
        signal: ac.signal,
        onProgress: () => {
          if (!started) ac.abort();
          started = true;
        },
      });
      setTimeout(() => ac.abort(), 3000);
      await expect(run).rejects.toMatchObject({ code: 'cancelled' });
      expect(fs.readdirSync(sub)).toEqual([]);
    } finally {
      fs.rmSync(sub, { recursive: true, force: true });
    }
  });
});
