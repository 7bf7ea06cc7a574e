// Joining the parts of a chained generation (a length beyond one request's maximum is
// made as several requests, each starting from the previous part's last frame): pure
// argument lists for the one ffmpeg run that joins them, trimmed to the exact length.
import type { LocalFormat } from './types';

/** Seconds of each request for `total` seconds when one request makes at most `max`. */
export function chainParts(total: number, max: number): number[] {
  if (!(total > 0) || !(max > 0)) return [];
  const count = Math.ceil(total / max - 1e-9);
  const base = total / count;
  return Array.from({ length: count }, () => base);
}

/**
 * Joins `parts` (each from the request before it's last frame, which it repeats as its
 * first) into one file of exactly `frames` frames: every part after the first drops that
 * repeated frame; picture and sound are conformed to the format and cut to length.
 */
export function joinPartsArgs(parts: readonly string[], format: LocalFormat, frames: number, out: string): string[] {
  const { width, height, rate, sampleRate, channels } = format;
  const fps = `${rate.num}/${rate.den}`;
  const frameSeconds = rate.den / rate.num;
  const layout = channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels}c`;
  const chains: string[] = [];
  parts.forEach((_, i) => {
    const skip = i === 0 ? '' : 'trim=start_frame=1,';
    const askip = i === 0 ? '' : `atrim=start=${frameSeconds.toFixed(6)},`;
    chains.push(`[${i}:v]fps=${fps},scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,${skip}setpts=PTS-STARTPTS[v${i}]`);
    chains.push(`[${i}:a]aresample=${sampleRate},aformat=sample_fmts=fltp:channel_layouts=${layout},${askip}asetpts=PTS-STARTPTS[a${i}]`);
  });
  const inputs = parts.map((_, i) => `[v${i}][a${i}]`).join('');
  const seconds = frames * frameSeconds;
  chains.push(`${inputs}concat=n=${parts.length}:v=1:a=1[cv][ca]`);
  chains.push(`[cv]trim=end_frame=${frames},setpts=PTS-STARTPTS[v]`);
  chains.push(`[ca]apad,atrim=end_sample=${Math.round(seconds * sampleRate)},asetpts=PTS-STARTPTS[a]`);
  return [
    '-v', 'error', '-y',
    ...parts.flatMap((p) => ['-i', p]),
    '-filter_complex', chains.join(';'),
    '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k',
    '-movflags', '+faststart', '-f', 'mp4', out,
  ];
}
