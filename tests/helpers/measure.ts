// Measuring rendered media in tests: pixel colours at a time, decoded audio, tone power.
import { runFfmpeg } from '../../electron/services/ffmpeg/runner';

/** RGB of the centre (and a corner) of the frame at `seconds`. */
export async function pixels(file: string, seconds: number): Promise<{ centre: number[]; corner: number[] }> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', 'scale=16:16:flags=neighbor,format=rgb24', '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const b = Buffer.concat(chunks);
  const at = (x: number, y: number) => [...b.subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3)];
  return { centre: at(8, 8), corner: at(0, 0) };
}

/** Decoded audio as interleaved float samples at 48 kHz. */
export async function samples(file: string, channels = 2): Promise<Float32Array> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-f', 'f32le', '-ac', String(channels), '-ar', '48000', '-'], { onStdout: (d) => chunks.push(d) });
  const b = Buffer.concat(chunks);
  return new Float32Array(b.buffer, b.byteOffset, Math.floor(b.length / 4));
}

/** Power of frequency `hz` in channel 0 of [from, to) seconds (Goertzel), normalised. */
export function tone(pcm: Float32Array, channels: number, hz: number, from: number, to: number): number {
  const a = Math.floor(from * 48000);
  const z = Math.floor(to * 48000);
  const k = (2 * Math.PI * hz) / 48000;
  let s1 = 0;
  let s2 = 0;
  for (let i = a; i < z; i++) {
    const s0 = pcm[i * channels]! + 2 * Math.cos(k) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return Math.sqrt(s1 * s1 + s2 * s2 - 2 * Math.cos(k) * s1 * s2) / (z - a);
}

/** RMS of channel 0 over [from, to) seconds of 48 kHz interleaved samples. */
export function rms(pcm: Float32Array, channels: number, from: number, to: number): number {
  const a = Math.floor(from * 48000);
  const z = Math.min(Math.floor(to * 48000), Math.floor(pcm.length / channels));
  let sum = 0;
  for (let i = a; i < z; i++) sum += pcm[i * channels]! ** 2;
  return Math.sqrt(sum / Math.max(1, z - a));
}
