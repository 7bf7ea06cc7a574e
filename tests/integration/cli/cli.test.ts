import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, makeTestClip } from '../../helpers/media';
import { repoRoot, segueSync } from '../../helpers/host';
import { binaries } from '../../../electron/services/paths';

const ffmpegPath = () => binaries().ffmpeg;

let dir: string;

const segue = (...args: string[]) => segueSync(path.join(dir, 'user'), args);

beforeAll(() => {
  dir = makeTempDir('segue-cli-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('segue CLI', () => {
  it('probes an H.264/AAC clip to JSON', async () => {
    const clip = await makeTestClip(dir, 'shot.mp4', { seconds: 2, width: 320, height: 240, fps: 25, sampleRate: 44100, channels: 2 });
    const r = segue('probe', clip);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.durationSeconds).toBeGreaterThan(1.95);
    expect(info.durationSeconds).toBeLessThan(2.1);
    const video = info.streams.find((s: { type: string }) => s.type === 'video');
    const audio = info.streams.find((s: { type: string }) => s.type === 'audio');
    expect(video).toMatchObject({ codec: 'h264', width: 320, height: 240, fps: 25 });
    expect(audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 2 });
  });

  it('exits 1 with one line for a text file named .mp4', () => {
    const fake = path.join(dir, 'notes.mp4');
    fs.writeFileSync(fake, 'this is not a video\n'.repeat(20));
    const r = segue('probe', fake);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^segue: .*notes\.mp4/);
  });

  it('exits 1 with one line for a missing file and for a bad command', () => {
    const missing = segue('probe', path.join(dir, 'nope.mov'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const bad = segue('frobnicate');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown command/);
  });

  it('prints help and version', () => {
    const help = segue('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/segue probe FILE/);
    expect(help.stdout).toMatch(/segue web/);
    const version = segue('--version');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(version.stdout.trim()).toBe(`segue ${pkg.version}`);
  });

  it('refuses to serve a project file that is not a timeline', () => {
    const bad = path.join(dir, 'broken.otio');
    fs.writeFileSync(bad, '{"not": "otio"');
    const r = segue('web', bad, '--port', '0');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^segue: /);
  });

  it('renders an OTIO timeline with gaps, two video tracks and crossfades to the right duration, picture and sound', async () => {
    const red = await makeTestClip(dir, 'r.mp4', { seconds: 3, width: 160, height: 90, fps: 25, video: 'color=c=red', toneHz: 440, amplitude: 0.5 });
    const blue = await makeTestClip(dir, 'b.mp4', { seconds: 3, width: 160, height: 90, fps: 25, video: 'color=c=blue', toneHz: 880, amplitude: 0.5 });
    const t = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate: 25 });
    const range = (start: number, duration: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: t(start), duration: t(duration) });
    const clip = (url: string, start: number, frames: number) => ({ OTIO_SCHEMA: 'Clip.1', name: path.basename(url), source_range: range(start, frames), media_reference: { OTIO_SCHEMA: 'ExternalReference.1', target_url: url, available_range: range(0, 75) } });
    const gap = (frames: number) => ({ OTIO_SCHEMA: 'Gap.1', source_range: range(0, frames) });
    const dissolve = () => ({ OTIO_SCHEMA: 'Transition.1', transition_type: 'SMPTE_Dissolve', in_offset: t(6), out_offset: t(6) });
    const track = (name: string, kind: string, children: unknown[]) => ({ OTIO_SCHEMA: 'Track.1', name, kind, children });
    // V1/A1: red 0-25, dissolve, blue (from its frame 10) 25-50, gap 50-60, red 60-75
    // V2: gap 0-62, blue 62-75 over V1's red
    const otio = {
      OTIO_SCHEMA: 'Timeline.1',
      name: 'cli render',
      global_start_time: null,
      tracks: {
        OTIO_SCHEMA: 'Stack.1',
        children: [
          track('V1', 'Video', [clip(red, 0, 25), dissolve(), clip(blue, 10, 25), gap(10), clip(red, 0, 15)]),
          track('V2', 'Video', [gap(62), clip(blue, 0, 13)]),
          track('A1', 'Audio', [clip(red, 0, 25), dissolve(), clip(blue, 10, 25), gap(10), clip(red, 0, 15)]),
        ],
      },
    };
    const file = path.join(dir, 'cut.otio');
    fs.writeFileSync(file, JSON.stringify(otio));
    const out = path.join(dir, 'cut.mp4');
    const r = segue('render', file, '-o', out, '--preset', 'h264');
    expect(r.stderr).toMatch(/100%/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cut\.mp4 \(3\.00 s, 75 frames\)/);
    const info = JSON.parse(segue('probe', out).stdout);
    expect(info.durationSeconds).toBeGreaterThan(2.95);
    expect(info.durationSeconds).toBeLessThan(3.06);
    // every frame's colour, decoded in order (no seeking), indexed by frame number
    const decoded = spawnSync(ffmpegPath(), ['-v', 'error', '-i', out, '-vf', 'scale=1:1,format=rgb24', '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 1 << 24 }).stdout;
    const frame = (n: number) => [...decoded.subarray(n * 3, n * 3 + 3)];
    expect(decoded.length / 3).toBe(75);
    expect(frame(10)[0]).toBeGreaterThan(200); // red
    expect(frame(40)[2]).toBeGreaterThan(200); // blue after the dissolve
    const mid = frame(25); // the middle of the dissolve: both
    expect(mid[0]).toBeGreaterThan(60);
    expect(mid[2]).toBeGreaterThan(60);
    expect(Math.max(...frame(59))).toBeLessThan(30); // the gap: black, to its last frame
    expect(frame(60)[0]).toBeGreaterThan(200); // V1's red from frame 60
    expect(frame(61)[0]).toBeGreaterThan(200);
    expect(frame(62)[2]).toBeGreaterThan(200); // V2's blue over it from frame 62
    // sound: 440 Hz, then 880 Hz after the crossfade, silence in the gap, 440 Hz again
    const pcmBuf = spawnSync(ffmpegPath(), ['-v', 'error', '-i', out, '-f', 'f32le', '-ac', '1', '-ar', '48000', '-'], { encoding: 'buffer', maxBuffer: 1 << 24 }).stdout;
    const pcm = new Float32Array(pcmBuf.buffer, pcmBuf.byteOffset, Math.floor(pcmBuf.length / 4));
    expect(pcm.length / 48000).toBeGreaterThan(2.97);
    const level = (hz: number, a: number, b: number) => {
      let re = 0;
      let im = 0;
      for (let i = Math.floor(a * 48000); i < Math.floor(b * 48000); i++) {
        re += pcm[i]! * Math.cos((2 * Math.PI * hz * i) / 48000);
        im += pcm[i]! * Math.sin((2 * Math.PI * hz * i) / 48000);
      }
      return Math.hypot(re, im) / ((b - a) * 48000);
    };
    expect(level(440, 0.1, 0.6)).toBeGreaterThan(0.1);
    expect(level(880, 0.1, 0.6)).toBeLessThan(0.01);
    expect(level(880, 1.3, 1.8)).toBeGreaterThan(0.1);
    expect(level(440, 1.3, 1.8)).toBeLessThan(0.01);
    expect(level(440, 2.05, 2.35) + level(880, 2.05, 2.35)).toBeLessThan(0.005);
    expect(level(440, 2.5, 2.9)).toBeGreaterThan(0.1);
    // again without --force: refused, one line
    const again = segue('render', file, '-o', out);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/exists/);
  });
});
