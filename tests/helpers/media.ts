// Small real media made with ffmpeg at test time: no binary fixtures in the repo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../../electron/services/ffmpeg/runner';

export function makeTempDir(prefix = 'segue-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ClipOptions {
  seconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** lavfi video source name, e.g. testsrc2, smptebars, mandelbrot, color=c=red */
  video?: string;
  toneHz?: number;
  /** sine amplitude, 0..1; lavfi's sine source (the default) is 1/8 */
  amplitude?: number;
  sampleRate?: number;
  channels?: number;
  audio?: boolean;
  videoStream?: boolean;
}

/**
 * The same sine on every channel, generated per channel: letting -ac upmix a mono source
 * would scale it by ffmpeg's -3 dB centre mix level, and tests check exact amplitudes.
 */
function toneSource(amplitude: number, toneHz: number, sampleRate: number, seconds: number, channels: number): string {
  const expr = `${amplitude}*sin(2*PI*${toneHz}*t)`;
  return `aevalsrc=${Array.from({ length: channels }, () => expr).join('|')}:s=${sampleRate}:d=${seconds}`;
}

/** H.264 (yuv420p) + AAC MP4. */
export async function makeTestClip(dir: string, name: string, o: ClipOptions = {}): Promise<string> {
  const { seconds = 2, width = 320, height = 180, fps = 30, video = 'testsrc2', toneHz = 440, amplitude, sampleRate = 48000, channels = 2, audio = true, videoStream = true } = o;
  const out = path.join(dir, name);
  const src = video.includes('=') ? `${video}:s=${width}x${height}:r=${fps}` : `${video}=s=${width}x${height}:r=${fps}`;
  const args: string[] = [];
  if (videoStream) args.push('-f', 'lavfi', '-i', src);
  const tone = amplitude === undefined ? `sine=f=${toneHz}:r=${sampleRate}:d=${seconds}` : toneSource(amplitude, toneHz, sampleRate, seconds, channels);
  if (audio) args.push('-f', 'lavfi', '-i', tone);
  if (videoStream) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (audio) args.push('-c:a', 'aac', '-ac', String(channels), '-ar', String(sampleRate));
  args.push('-t', String(seconds), out);
  await runFfmpeg(args);
  return out;
}

export async function makeWav(dir: string, name: string, o: { seconds: number; sampleRate?: number; channels?: number; toneHz?: number; amplitude?: number }): Promise<string> {
  const { seconds, sampleRate = 48000, channels = 2, toneHz = 440, amplitude = 0.5 } = o;
  const out = path.join(dir, name);
  await runFfmpeg(['-f', 'lavfi', '-i', toneSource(amplitude, toneHz, sampleRate, seconds, channels), '-c:a', 'pcm_s16le', out]);
  return out;
}

export async function makePng(dir: string, name: string, o: { width?: number; height?: number; color?: string } = {}): Promise<string> {
  const { width = 320, height = 180, color = 'blue' } = o;
  const out = path.join(dir, name);
  await runFfmpeg(['-f', 'lavfi', '-i', `color=c=${color}:s=${width}x${height}`, '-frames:v', '1', out]);
  return out;
}
