// Review proxies, as pure data: which media get one, its picture size and the ffmpeg
// arguments that make it. A proxy is a light H.264/AAC copy of a video file for playing
// and scrubbing a project opened for review: 540 lines at most (never upscaled, even
// sizes), the source's frame rate, a keyframe every second so a seek decodes at most one
// second of picture, and the index at the front (+faststart) so a player starts at once.
// Images and audio files are light already and get none.
import type { Media } from '../timeline/model';
import type { Rate } from '../timeline/time';

export const PROXY_HEIGHT = 540;

/**
 * Part of every proxy's cache key: bump it when the arguments change, so proxies made
 * with the old ones are not reused.
 */
export const PROXY_FORMAT_VERSION = 1;

/** What a proxy is made from: the source's first picture stream, and whether it has sound. */
export interface ProxySource {
  width: number;
  height: number;
  /** the source's frame rate, when the probe knows it */
  rate?: Rate;
  audio: boolean;
}

/** Whether a media record gets a proxy: moving pictures only. */
export const needsProxy = (m: Pick<Media, 'kind' | 'probe'>): boolean =>
  m.kind === 'video' && m.probe.streams.some((s) => s.type === 'video' && !s.stillImage && (s.width ?? 0) > 0 && (s.height ?? 0) > 0);

/** The source a media record describes (its probe), or null when it has no moving picture. */
export function proxySourceOf(m: Pick<Media, 'kind' | 'probe'>): ProxySource | null {
  if (!needsProxy(m)) return null;
  const v = m.probe.streams.find((s) => s.type === 'video' && !s.stillImage && (s.width ?? 0) > 0 && (s.height ?? 0) > 0)!;
  return { width: v.width!, height: v.height!, ...(v.rate ? { rate: v.rate } : {}), audio: m.probe.streams.some((s) => s.type === 'audio') };
}

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** The proxy's picture: at most PROXY_HEIGHT lines, the source's aspect, even sizes, never larger than the source. */
export function proxySize(width: number, height: number): { width: number; height: number } {
  const h = even(Math.min(PROXY_HEIGHT, height));
  return { width: Math.min(even(width), Math.max(2, Math.round((width * h) / height / 2) * 2)), height: h };
}

/**
 * ffmpeg arguments (after the runner's own `-hide_banner -nostdin -y`) for the proxy of
 * `input` written to `output`:
 * - `-map 0:v:0` (and `0:a:0` when there is sound): the streams the probe describes,
 *   nothing else (no subtitles, data or cover art);
 * - `scale=W:H` to proxySize(), `-r` the source's own rate (constant frame rate);
 * - libx264 veryfast at CRF 28; long GOPs, but `-force_key_frames` puts a keyframe at
 *   every whole second (whatever the rate) and `-g` caps the GOP at one second of frames;
 * - AAC 128 kb/s stereo; `-movflags +faststart` moves the index to the front.
 */
export function proxyArgs(input: string, output: string, src: ProxySource): string[] {
  const { width, height } = proxySize(src.width, src.height);
  const gop = src.rate ? Math.max(1, Math.round(src.rate.num / src.rate.den)) : null;
  return [
    '-v',
    'error',
    '-i',
    input,
    '-map',
    '0:v:0',
    ...(src.audio ? ['-map', '0:a:0'] : []),
    '-vf',
    `scale=${width}:${height}`,
    ...(src.rate ? ['-r', `${src.rate.num}/${src.rate.den}`] : []),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '28',
    '-pix_fmt',
    'yuv420p',
    ...(gop ? ['-g', String(gop)] : []),
    '-force_key_frames',
    'expr:gte(t,n_forced*1)',
    ...(src.audio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : ['-an']),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    output,
  ];
}
