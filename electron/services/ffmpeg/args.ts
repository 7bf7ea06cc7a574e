// Every ffmpeg argument list of the media services, as pure data (tested as exact arrays).

const secs = (s: number): string => String(Math.round(s * 1000) / 1000);

/** One JPEG poster frame, `height` pixels tall. Seeking before -i is fast and frame-exact on decode. */
export function posterArgs(input: string, atSeconds: number, out: string, height = 180): string[] {
  return ['-v', 'error', '-ss', secs(atSeconds), '-i', input, '-frames:v', '1', '-vf', `scale=-2:${height}`, '-q:v', '4', out];
}

export interface FilmstripPlan {
  count: number;
  intervalSeconds: number;
  tileWidth: number;
  tileHeight: number;
  /** decode keyframes only: much faster on long files, a little less exact */
  keyframesOnly: boolean;
}

export const FILMSTRIP_TILE_HEIGHT = 54;
export const FILMSTRIP_MAX_TILES = 60;

/** How many tiles, how far apart, how large: from the clip's duration and picture size. */
export function planFilmstrip(durationSeconds: number, width: number, height: number, still = false): FilmstripPlan {
  const tileHeight = FILMSTRIP_TILE_HEIGHT;
  const aspect = width > 0 && height > 0 ? width / height : 16 / 9;
  const tileWidth = Math.max(2, Math.round((tileHeight * aspect) / 2) * 2);
  if (still || !(durationSeconds > 0)) return { count: 1, intervalSeconds: 1, tileWidth, tileHeight, keyframesOnly: false };
  const intervalSeconds = Math.max(0.5, durationSeconds / FILMSTRIP_MAX_TILES);
  const count = Math.max(1, Math.min(FILMSTRIP_MAX_TILES, Math.floor(durationSeconds / intervalSeconds)));
  return { count, intervalSeconds: Math.round(intervalSeconds * 1000) / 1000, tileWidth, tileHeight, keyframesOnly: durationSeconds > 120 };
}

/** All tiles in one row of one JPEG, made by one ffmpeg run. */
export function filmstripArgs(input: string, plan: FilmstripPlan, out: string): string[] {
  const pre = plan.keyframesOnly ? ['-skip_frame', 'nokey'] : [];
  // One tile needs no sampling; the fps filter can emit nothing for a one-frame input.
  const vf = plan.count === 1 ? `scale=${plan.tileWidth}:${plan.tileHeight}` : `fps=1/${plan.intervalSeconds},scale=${plan.tileWidth}:${plan.tileHeight},tile=${plan.count}x1`;
  return ['-v', 'error', ...pre, '-i', input, '-an', '-vf', vf, '-frames:v', '1', '-q:v', '5', out];
}

/**
 * Decoded audio as interleaved signed 16-bit PCM on stdout, at the file's own rate.
 * `-map 0:a:0` decodes the first audio stream, the one the probe describes; ffmpeg's own
 * choice would be the stream with the most channels.
 */
export function pcmArgs(input: string, channels: number, sampleRate: number, part?: { startSeconds: number; seconds?: number }): string[] {
  // -ss before -i seeks by decoding and discarding, which is sample-accurate for audio.
  const seek = part && part.startSeconds > 0 ? ['-ss', String(part.startSeconds)] : [];
  const limit = part?.seconds !== undefined ? ['-t', String(part.seconds)] : [];
  // -flush_packets 0: ffmpeg otherwise flushes a pipe after every packet (one ~4 KB write
  // per AAC frame), and Node's per-chunk cost then outweighs the decode itself.
  return ['-v', 'error', ...seek, '-i', input, '-map', '0:a:0', ...limit, '-ac', String(channels), '-ar', String(sampleRate), '-f', 's16le', '-acodec', 'pcm_s16le', '-flush_packets', '0', 'pipe:1'];
}
