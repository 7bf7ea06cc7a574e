// The local (offline) generation provider as ffmpeg argument lists: pure data, tested as
// exact arrays. Drafts only: a held frame with a slow push-in, sound continued from the
// source's own room tone, a crossfade morph between two stills, a text slate, a still
// with a push-in. Every result is exactly a whole number of frames at the format's rate,
// with an audio stream of exactly the same length.
//
// Frame times follow the render graph: a clip's frames are read by seeking half a frame
// early and conforming with setpts/fps, so the handle frames here are the frames the
// timeline shows. A single frame "shown at" a time is the last frame whose timestamp is
// at or before it (within half a millisecond of rounding).
import { AppError } from '../../../shared/ipc/result';
import { num } from '../../../shared/render/graph';
import type { LocalFormat, LocalRequest } from './types';

export interface Size {
  width: number;
  height: number;
}
export type Fit = 'fit' | 'fill';
export interface Rate {
  num: number;
  den: number;
}

/** What the provider learned about a source file by probing it. */
export interface SourceInfo {
  video: boolean;
  audio: boolean;
  /** the video's frame rate, when known: a source already at the format's rate is not resampled */
  rate?: Rate | null;
}

export interface LocalOptions {
  /** a TrueType font for the text slate */
  fontFile: string;
  /** probe summaries by source path; a source not listed is assumed to have picture and sound */
  sources?: Readonly<Record<string, SourceInfo>>;
}

/** Seconds of the source's sound looped as room tone. */
export const ROOM_TONE_SECONDS = 1.5;
/** The push-in: zoom starts at 1.5 %/s and eases towards +20 % (about 5.2 % after 4 s). */
export const PUSH_LIMIT = 0.2;
export const PUSH_RATE = 0.015;
/** The bridge morph zooms by this much over its whole length. */
export const BRIDGE_ZOOM = 0.05;
/** How far back a single-frame read starts looking for the frame shown at a time. */
const FRAME_WINDOW_SECONDS = 1;
/** Timestamp rounding tolerance for "the frame shown at t". */
const EPS = 0.0005;
/** Length of each loudness window of a seam check. */
export const SEAM_WINDOW_SECONDS = 0.1;

// ---------------------------------------------------------------------------------------
// Frame and sample arithmetic

/** Whole frames of `seconds` at `rate` (nearest). */
export const frameCount = (seconds: number, rate: Rate): number => Math.round((seconds * rate.num) / rate.den);
export const framesToSeconds = (frames: number, rate: Rate): number => (frames * rate.den) / rate.num;
/** The audio sample where frame `frames` starts; lengths taken as differences add up exactly. */
export const sampleAt = (frames: number, rate: Rate, sampleRate: number): number => Math.round((frames * rate.den * sampleRate) / rate.num);

export interface LocalLength {
  /** frames of the handle (extend, extendBefore), else 0 */
  handleFrames: number;
  /** frames of the whole result */
  frames: number;
  handleSamples: number;
  samples: number;
  seconds: number;
}

/** How long the result of a request is, in frames and samples: the handle and the total each rounded to whole frames. */
export function localLength(req: LocalRequest, format: LocalFormat): LocalLength {
  const handle = req.mode === 'extend' || req.mode === 'extendBefore' ? Math.max(0, req.handleSeconds) : 0;
  const handleFrames = frameCount(handle, format.rate);
  const frames = Math.max(handleFrames + 1, frameCount(handle + req.seconds, format.rate));
  return {
    handleFrames,
    frames,
    handleSamples: sampleAt(handleFrames, format.rate, format.sampleRate),
    samples: sampleAt(frames, format.rate, format.sampleRate),
    seconds: framesToSeconds(frames, format.rate),
  };
}

// ---------------------------------------------------------------------------------------
// Filter pieces

const rateText = (r: Rate): string => `${r.num}/${r.den}`;
const sameRate = (a: Rate, b: Rate): boolean => a.num * b.den === b.num * a.den;
const layout = (channels: number): string => (channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels}c`);

/**
 * A value for a filter option inside a filtergraph: quoted for the option parser (a quote
 * inside becomes '\''), then every character the graph parser treats specially escaped.
 * Used for drawtext's text and fontfile (colons, quotes, backslashes, brackets, commas).
 */
export function filterValue(s: string): string {
  const quoted = `'${s.replace(/'/g, "'\\''")}'`;
  return quoted.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** Scale to exactly W×H: letterbox/pillarbox in black (fit) or crop (fill); square pixels. */
export function conformChain(size: Size, fit: Fit, yuv = true): string {
  const { width: W, height: H } = size;
  const fmt = yuv ? ',format=yuv420p' : '';
  return fit === 'fill'
    ? `scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},setsar=1${fmt}`
    : `scale=${W}:${H}:force_original_aspect_ratio=decrease,setsar=1${fmt},pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black`;
}

/**
 * A single still (one frame) as `frames` frames of a centred zoom; `zoom` is an expression
 * of the frame number `in`. The perspective filter samples at 1/256 pixel, so a slow zoom
 * moves smoothly (zoompan crops on whole, chroma-aligned pixels and jitters at this speed).
 */
function zoomChain(format: LocalFormat, frames: number, zoom: string): string {
  const { num: n, den: d } = format.rate;
  // The corners of the source area shown: the centre ± half the picture over the zoom.
  const lo = `(0.5-0.5/(${zoom}))`;
  const hi = `(0.5+0.5/(${zoom}))`;
  return [
    `tpad=stop_mode=clone:stop=${frames - 1}`,
    `setpts=N*${d}/${n}/TB`,
    `perspective=x0=W*${lo}:y0=H*${lo}:x1=W*${hi}:y1=H*${lo}:x2=W*${lo}:y2=H*${hi}:x3=W*${hi}:y3=H*${hi}:interpolation=cubic:eval=frame`,
    'setsar=1',
    'format=yuv420p',
  ].join(',');
}

/** The push-in zoom after `frameExpr` frames: 1 at 0, easing towards 1 + PUSH_LIMIT. */
export function pushZoom(frameExpr: string, rate: Rate): string {
  const tauFrames = (PUSH_LIMIT / PUSH_RATE) * (rate.num / rate.den);
  return `1+${num(PUSH_LIMIT)}*(1-exp(-(${frameExpr})/${num(tauFrames)}))`;
}

/** The frame shown at `at` (last timestamp ≤ at) of one input, read from a window before it. */
function shownAtInput(file: string, at: number): { options: string[]; path: string; end: number } {
  const t = Math.max(0, at);
  const start = Math.max(0, t - FRAME_WINDOW_SECONDS);
  const rel = t - start;
  return { options: ['-ss', num(start), '-t', num(rel + 0.05)], path: file, end: rel + EPS };
}

/** Filters that keep only the last frame before `end` (relative seconds), at `size`. */
const lastFrameChain = (end: number, size: Size, fit: Fit, yuv = true): string => `trim=end=${num(end)},setpts=PTS-STARTPTS,${conformChain(size, fit, yuv)},reverse,trim=end_frame=1,setpts=PTS-STARTPTS`;

const audioFormat = (format: LocalFormat): string => `aformat=sample_fmts=fltp:sample_rates=${format.sampleRate}:channel_layouts=${layout(format.channels)}`;

/** The first `samples` samples of an audio input at the format (padded with silence if the file ends early). */
const audioWindow = (input: string, format: LocalFormat, samples: number): string =>
  `[${input}]asetpts=PTS-STARTPTS,aresample=${format.sampleRate},${audioFormat(format)},apad,atrim=end_sample=${samples},asetpts=PTS-STARTPTS`;

const silence = (format: LocalFormat, samples: number): string => `anullsrc=r=${format.sampleRate}:cl=${layout(format.channels)},atrim=end_sample=${samples},asetpts=N/SR/TB`;

/**
 * Room tone from a piece of sound `[inp]` of `piece` samples, `samples` long, as chains
 * writing `[out]`: the piece mirrored (reversed, forward, reversed, …) so every joint is
 * continuous in value. `forward`: starts with the piece's last sample (continues after it);
 * otherwise ends with the piece's first sample (leads into it).
 */
function roomTone(inp: string, piece: number, samples: number, forward: boolean, out: string): string[] {
  const p = `${out}p`;
  const q = `${out}q`;
  const r = `${out}r`;
  // A finite repeat count: an endless aloop whose output is trimmed never ends in this ffmpeg.
  const repeats = Math.ceil(samples / (2 * piece)) - 1;
  const loop = repeats > 0 ? `aloop=loop=${repeats}:size=${2 * piece},asetpts=N/SR/TB,` : '';
  const looped = `asetpts=N/SR/TB,${loop}atrim=end_sample=${samples}`;
  return [
    `[${inp}]asplit=2[${p}][${q}]`,
    `[${q}]areverse[${r}]`,
    forward ? `[${r}][${p}]concat=n=2:v=0:a=1,${looped}[${out}]` : `[${p}][${r}]concat=n=2:v=0:a=1,${looped},areverse,asetpts=N/SR/TB[${out}]`,
  ];
}

function encodeArgs(format: LocalFormat, out: string): string[] {
  return [
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    // below the default 23: at 23 a slow push-in on a sharp edge visibly steps (skipped blocks)
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    '-r',
    rateText(format.rate),
    '-c:a',
    'aac',
    '-b:a',
    '192k',
    '-ar',
    String(format.sampleRate),
    '-ac',
    String(format.channels),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    out,
  ];
}

function info(opts: LocalOptions, file: string): SourceInfo {
  const s = opts.sources?.[file] ?? { video: true, audio: true };
  if (!s.video) throw new AppError('unsupported_media', `The source has no picture to continue: ${file}`);
  return s;
}

function checkFormat(format: LocalFormat, seconds: number): void {
  const { width, height, rate, sampleRate, channels } = format;
  if (!(width > 0 && height > 0 && width % 2 === 0 && height % 2 === 0)) throw new AppError('invalid_input', `The draft size must be even and positive (got ${width}×${height}).`);
  if (!(rate.num > 0 && rate.den > 0 && sampleRate > 0 && channels > 0)) throw new AppError('invalid_input', 'The draft format needs a frame rate, a sample rate and channels.');
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new AppError('invalid_input', `A draft must last more than 0 seconds (got ${seconds}).`);
}

// ---------------------------------------------------------------------------------------
// Single frames

/**
 * One frame as PNG: the frame shown at `atSeconds` of `source` (the last frame whose time
 * is at or before it, so a time in the middle of a frame picks that frame), scaled to
 * exactly `size` with bars (fit) or cropped (fill), square pixels.
 */
export function frameArgs(source: string, atSeconds: number, size: Size, fit: Fit, out: string): string[] {
  const inp = shownAtInput(source, atSeconds);
  return ['-v', 'error', ...inp.options, '-i', inp.path, '-an', '-vf', lastFrameChain(inp.end, size, fit, false), '-frames:v', '1', '-f', 'image2', '-c:v', 'png', out];
}

// ---------------------------------------------------------------------------------------
// Drafts

/** The whole ffmpeg argument list of a local draft written to `out` (an MP4). */
export function localArgs(req: LocalRequest, format: LocalFormat, out: string, opts: LocalOptions): string[] {
  checkFormat(format, req.seconds);
  switch (req.mode) {
    case 'extend':
    case 'extendBefore':
      return extendArgs(req, format, out, opts);
    case 'bridge':
      return bridgeArgs(req, format, out, opts);
    case 'text':
      return textArgs(req, format, out, opts);
    case 'image':
      return imageArgs(req, format, out);
  }
}

type Extend = Extract<LocalRequest, { mode: 'extend' | 'extendBefore' }>;

function extendArgs(req: Extend, format: LocalFormat, out: string, opts: LocalOptions): string[] {
  const after = req.mode === 'extend';
  const at = after ? req.outSeconds : req.inSeconds;
  const src = info(opts, req.source);
  const len = localLength(req, format);
  const H = len.handleFrames;
  const N = len.frames - H;
  const fd = framesToSeconds(1, format.rate);
  if (after && req.handleSeconds > req.outSeconds + fd / 2) throw new AppError('invalid_input', `The handle (${num(req.handleSeconds)} s) is longer than the clip before its out point (${num(req.outSeconds)} s).`);
  if (after && req.outSeconds < fd / 2) throw new AppError('invalid_input', 'The clip ends before its first frame.');
  if (!after && req.inSeconds < 0) throw new AppError('invalid_input', 'The in point is before the start of the source.');

  // Picture: a window of W frames ending at the out point (or starting at the in point),
  // read like the render graph reads a clip; its last (first) frame is the held one.
  const W = Math.max(H, 1);
  const vStart = after ? at - framesToSeconds(W, format.rate) : at;
  const vIn = ['-ss', num(Math.max(0, vStart - fd / 2)), '-t', num(framesToSeconds(W + 2, format.rate)), '-i', req.source];
  const fps = src.rate && sameRate(src.rate, format.rate) ? '' : `fps=${rateText(format.rate)},`;
  const chains: string[] = [];
  chains.push(`[0:v:0]setpts=PTS-STARTPTS,${fps}${conformChain(format, 'fit')},tpad=stop_mode=clone:stop=${W},trim=end_frame=${W},setpts=PTS-STARTPTS${H > 0 ? ',split=2[vh][vx]' : '[vx]'}`);
  const hold = after ? `trim=start_frame=${W - 1}` : 'trim=end_frame=1';
  const zoom = after ? pushZoom('in+1', format.rate) : pushZoom(`${N}-in`, format.rate);
  chains.push(`[vx]${hold},setpts=PTS-STARTPTS,${zoomChain(format, N, zoom)}[vz]`);
  if (H > 0) chains.push(after ? '[vh][vz]concat=n=2:v=1:a=0[v]' : '[vz][vh]concat=n=2:v=1:a=0[v]');
  else chains.push('[vz]null[v]');

  // Sound: the handle's samples and a room-tone piece from beside the out (in) point.
  const inputs = [...vIn];
  const Hs = len.handleSamples;
  const Cs = len.samples - Hs;
  if (src.audio) {
    const Ls = Math.max(1, Math.round(Math.min(ROOM_TONE_SECONDS, after ? at : Infinity) * format.sampleRate));
    const Ws = Math.max(Hs, Ls);
    const aStart = after ? Math.max(0, at - Ws / format.sampleRate) : at;
    inputs.push('-ss', num(aStart), '-t', num(Ws / format.sampleRate + 0.1), '-i', req.source);
    chains.push(`${audioWindow('1:a:0', format, Ws)}${Hs > 0 ? ',asplit=2[ah0][at0]' : '[at0]'}`);
    if (Hs > 0) chains.push(after ? `[ah0]atrim=start_sample=${Ws - Hs},asetpts=PTS-STARTPTS[ah]` : `[ah0]atrim=end_sample=${Hs},asetpts=PTS-STARTPTS[ah]`);
    chains.push(after ? `[at0]atrim=start_sample=${Ws - Ls},asetpts=PTS-STARTPTS[tp]` : `[at0]atrim=end_sample=${Ls},asetpts=PTS-STARTPTS[tp]`);
    chains.push(...roomTone('tp', Ls, Cs, after, 'ac'));
    if (Hs > 0) chains.push(after ? '[ah][ac]concat=n=2:v=0:a=1,asetpts=N/SR/TB[a]' : '[ac][ah]concat=n=2:v=0:a=1,asetpts=N/SR/TB[a]');
    else chains.push('[ac]anull[a]');
  } else {
    chains.push(`${silence(format, len.samples)}[a]`);
  }
  return ['-v', 'error', ...inputs, '-filter_complex', chains.join(';'), ...encodeArgs(format, out)];
}

type Bridge = Extract<LocalRequest, { mode: 'bridge' }>;

function bridgeArgs(req: Bridge, format: LocalFormat, out: string, opts: LocalOptions): string[] {
  const a = info(opts, req.a.source);
  const b = info(opts, req.b.source);
  const len = localLength(req, format);
  const N = len.frames;
  const fd = framesToSeconds(1, format.rate);
  const span = Math.max(1, N - 1);
  // A's last shown frame (half a frame before its out point), B's first (half a frame after its in point).
  const fa = shownAtInput(req.a.source, req.a.outSeconds - fd / 2);
  const fb = shownAtInput(req.b.source, req.b.inSeconds + fd / 2);
  const inputs = [...fa.options, '-i', fa.path, ...fb.options, '-i', fb.path];
  const chains = [
    `[0:v:0]${lastFrameChain(fa.end, format, 'fit')},${zoomChain(format, N, `1+${num(BRIDGE_ZOOM)}*in/${span}`)}[va]`,
    `[1:v:0]${lastFrameChain(fb.end, format, 'fit')},${zoomChain(format, N, `${num(1 + BRIDGE_ZOOM)}-${num(BRIDGE_ZOOM)}*in/${span}`)},format=yuva420p,fade=t=in:s=0:n=${span}:alpha=1[vb]`,
    '[va][vb]overlay=eof_action=endall,format=yuv420p[v]',
  ];
  const S = len.samples;
  const Ls = Math.max(1, Math.round(ROOM_TONE_SECONDS * format.sampleRate));
  const La = Math.max(1, Math.round(Math.min(ROOM_TONE_SECONDS, req.a.outSeconds) * format.sampleRate));
  let k = 2;
  if (a.audio) {
    inputs.push('-ss', num(Math.max(0, req.a.outSeconds - La / format.sampleRate)), '-t', num(La / format.sampleRate + 0.1), '-i', req.a.source);
    chains.push(`${audioWindow(`${k++}:a:0`, format, La)}[ta]`, ...roomTone('ta', La, S, true, 'xa'));
  } else chains.push(`${silence(format, S)}[xa]`);
  if (b.audio) {
    inputs.push('-ss', num(Math.max(0, req.b.inSeconds)), '-t', num(Ls / format.sampleRate + 0.1), '-i', req.b.source);
    chains.push(`${audioWindow(`${k++}:a:0`, format, Ls)}[tb]`, ...roomTone('tb', Ls, S, false, 'xb'));
  } else chains.push(`${silence(format, S)}[xb]`);
  chains.push(`[xa][xb]acrossfade=ns=${S}:c1=qsin:c2=qsin,asetpts=N/SR/TB[a]`);
  return ['-v', 'error', ...inputs, '-filter_complex', chains.join(';'), ...encodeArgs(format, out)];
}

/** Average advance of a DejaVu Sans glyph, in ems, for wrapping. */
const CHAR_EM = 0.56;

/**
 * A prompt as at most `maxLines` lines of at most `maxChars` characters: paragraphs kept,
 * whitespace collapsed, control characters dropped, long words broken, the last line
 * ending in "…" when text was left out.
 */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const limit = Math.max(1, maxChars);
  const lines: string[] = [];
  for (const para of text.split(/\r\n|\r|\n/)) {
    const printable = Array.from(para, (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('');
    const words = printable.split(/\s+/).filter(Boolean);
    let line = '';
    for (let word of words) {
      while (word.length > limit) {
        if (line) lines.push(line);
        lines.push(word.slice(0, limit));
        word = word.slice(limit);
        line = '';
      }
      if (!word) continue;
      if (!line) line = word;
      else if (line.length + 1 + word.length <= limit) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  while (lines.length > 1 && lines[0] === '') lines.shift();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= limit ? last.slice(0, limit - 1) : last}…`;
  return kept;
}

export const SLATE_COLOUR = '0x16181d';
export const DRAFT_LABEL = 'DRAFT · local';

type Text = Extract<LocalRequest, { mode: 'text' }>;

function textArgs(req: Text, format: LocalFormat, out: string, opts: LocalOptions): string[] {
  const { width: W, height: H } = format;
  const len = localLength(req, format);
  const size = Math.max(10, Math.round(H / 16));
  const lineHeight = Math.round(size * 1.35);
  const maxChars = Math.floor((W * 0.84) / (size * CHAR_EM));
  const maxLines = Math.max(1, Math.floor((H * 0.7) / lineHeight));
  const lines = wrapText(req.prompt, maxChars, maxLines);
  const top = Math.round((H - lines.length * lineHeight) / 2);
  const font = filterValue(opts.fontFile);
  const draw = (text: string, fontsize: number, colour: string, x: string, y: number) => `drawtext=fontfile=${font}:text=${filterValue(text)}:expansion=none:fontsize=${fontsize}:fontcolor=${colour}:x=${x}:y=${y}`;
  const labelSize = Math.max(8, Math.round(H / 30));
  const texts = lines.flatMap((l, i) => (l ? [draw(l, size, 'white', '(w-text_w)/2', top + i * lineHeight)] : []));
  texts.push(draw(DRAFT_LABEL, labelSize, '0x9aa0aa', String(labelSize), H - 2 * labelSize));
  const chains = [`color=c=${SLATE_COLOUR}:s=${W}x${H}:r=${rateText(format.rate)},trim=end_frame=${len.frames},setpts=PTS-STARTPTS,format=yuv420p,${texts.join(',')}[v]`, `${silence(format, len.samples)}[a]`];
  return ['-v', 'error', '-filter_complex', chains.join(';'), ...encodeArgs(format, out)];
}

type Image = Extract<LocalRequest, { mode: 'image' }>;

function imageArgs(req: Image, format: LocalFormat, out: string): string[] {
  const len = localLength(req, format);
  const chains = [`[0:v:0]trim=end_frame=1,setpts=PTS-STARTPTS,${conformChain(format, 'fit')},${zoomChain(format, len.frames, pushZoom('in', format.rate))}[v]`, `${silence(format, len.samples)}[a]`];
  return ['-v', 'error', '-i', req.image, '-filter_complex', chains.join(';'), ...encodeArgs(format, out)];
}

// ---------------------------------------------------------------------------------------
// Seam check

export interface SeamSide {
  file: string;
  atSeconds: number;
  /** whether the file has sound (probe first); without it the side is silence */
  audio: boolean;
}

/** Small size the two frames are compared at: fine detail and noise matter less than the picture. */
export const SEAM_SIZE: Size = { width: 160, height: 90 };

/**
 * One run comparing the frame shown at `a.atSeconds` of a with the frame shown at
 * `b.atSeconds` of b (SSIM, logged by `ssim@seam`), and the sound's RMS level over the
 * 100 ms before a's time and after b's (logged by `astats@before` / `astats@after`).
 * Results are read from stderr by `parseSeam`.
 */
export function seamArgs(a: SeamSide, b: SeamSide): string[] {
  const fa = shownAtInput(a.file, a.atSeconds);
  const fb = shownAtInput(b.file, b.atSeconds);
  const inputs = [...fa.options, '-i', fa.path, ...fb.options, '-i', fb.path];
  const chains = [`[0:v:0]${lastFrameChain(fa.end, SEAM_SIZE, 'fill')}[sa]`, `[1:v:0]${lastFrameChain(fb.end, SEAM_SIZE, 'fill')}[sb]`, '[sa][sb]ssim@seam[sv]'];
  const maps = ['-map', '[sv]'];
  let k = 2;
  if (a.audio) {
    const start = Math.max(0, a.atSeconds - SEAM_WINDOW_SECONDS);
    inputs.push('-ss', num(start), '-t', num(Math.max(0.001, a.atSeconds - start)), '-i', a.file);
    chains.push(`[${k++}:a:0]astats@before[xa]`);
    maps.push('-map', '[xa]');
  }
  if (b.audio) {
    inputs.push('-ss', num(Math.max(0, b.atSeconds)), '-t', num(SEAM_WINDOW_SECONDS), '-i', b.file);
    chains.push(`[${k++}:a:0]astats@after[xb]`);
    maps.push('-map', '[xb]');
  }
  return ['-v', 'info', ...inputs, '-filter_complex', chains.join(';'), ...maps, '-f', 'null', '-'];
}

/** Silence (and -inf) reads as this level. */
export const SILENCE_DB = -90;

export interface SeamReading {
  ssim: number | null;
  /** overall RMS level in dB, null when that side was not measured */
  beforeDb: number | null;
  afterDb: number | null;
}

/** The numbers of a `seamArgs` run from ffmpeg's stderr. */
export function parseSeam(stderr: string): SeamReading {
  const ssim = /\[ssim@seam @ [^\]]*\] SSIM .*?All:([\d.]+)/.exec(stderr);
  const rms = (name: string): number | null => {
    const lines = stderr.split(/\r?\n/).filter((l) => l.startsWith(`[astats@${name} `));
    const overall = lines.findIndex((l) => /\]\s*Overall\s*$/.test(l));
    if (overall < 0) return null;
    for (const l of lines.slice(overall + 1)) {
      const m = /RMS level dB:\s*(-?inf|-?[\d.]+)/.exec(l);
      if (m) return m[1]!.endsWith('inf') ? SILENCE_DB : Math.max(SILENCE_DB, Number(m[1]));
    }
    return null;
  };
  return { ssim: ssim ? Number(ssim[1]) : null, beforeDb: rms('before'), afterDb: rms('after') };
}

/** Below this SSIM the picture visibly jumps at a seam. */
export const SEAM_MIN_SSIM = 0.85;
/** Above this change in level the sound audibly jumps at a seam. */
export const SEAM_MAX_JUMP_DB = 6;

/** A reading judged: the loudness jump is signed (positive: louder after). */
export function judgeSeam(r: SeamReading): { ssim: number; loudnessJumpDb: number; poor: boolean; reason?: string } {
  const ssim = r.ssim ?? 0;
  const before = r.beforeDb ?? SILENCE_DB;
  const after = r.afterDb ?? SILENCE_DB;
  const loudnessJumpDb = Math.round((after - before) * 10) / 10 + 0; // + 0: no -0
  const reasons: string[] = [];
  if (ssim < SEAM_MIN_SSIM) reasons.push(`the picture jumps (similarity ${ssim.toFixed(2)})`);
  if (Math.abs(loudnessJumpDb) > SEAM_MAX_JUMP_DB) reasons.push(`the sound gets ${loudnessJumpDb > 0 ? 'louder' : 'quieter'} by ${Math.abs(loudnessJumpDb).toFixed(1)} dB`);
  const poor = reasons.length > 0;
  return { ssim: Math.round(ssim * 1000) / 1000, loudnessJumpDb, poor, ...(poor ? { reason: `${reasons.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) } : {}) };
}
