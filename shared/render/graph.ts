// The ffmpeg side of a render plan, as data: the inputs (one per clip read) and a filter
// graph of chains; then the graph as the string -filter_complex takes. Pure and tested
// as exact strings.
//
//   per clip:   [k:v] setpts, fps, scale+pad/crop, setsar, yuva420p, tpad (hold), trim N
//   per track:  concat of segments (gaps transparent / silent), dissolves and crossfades
//               where a transition joins two clips; video after a concat is renumbered
//               onto the frame grid (settb 1/rate, setpts N), and the outgoing side of a dissolve is
//               lengthened by concatenating an empty segment (never tpad after concat,
//               which adds no usable frames in the bundled 2018 ffmpeg)
//   video:      black canvas, tracks overlaid bottom to top, yuv420p
//   audio:      tracks mixed (amix, gain restored), exact sample length
//   label:      optionally, "AI-generated" drawn in the top right corner on exactly the
//               frames where generated media shows (drawtext enabled by frame number)
import type { ClipSegment, Curve, Join, RenderPlan, Segment, TrackPlan } from './plan';
import { sampleAt } from './plan';

export type FilterArg = string | number | Quoted;

/** Free text (a path, a sentence, an expression with commas): quoted and escaped for the graph. */
export interface Quoted {
  quoted: string;
}

export interface Filter {
  name: string;
  /** positional or named arguments, in order */
  args?: Array<FilterArg | [string, FilterArg]>;
}

export interface FilterChain {
  inputs: string[];
  filters: Filter[];
  outputs: string[];
}

export interface FfInput {
  /** options before -i */
  options: string[];
  path: string;
}

export interface FilterGraph {
  inputs: FfInput[];
  chains: FilterChain[];
  video: string;
  audio: string;
}

const SAFE = /^[A-Za-z0-9_.+\-*/()@#]+$/;

/**
 * A value for a filter option inside a filtergraph: quoted for the option parser (a quote
 * inside becomes '\''), then every character the graph parser treats specially escaped.
 */
export function quoteValue(s: string): string {
  const quoted = `'${s.replace(/'/g, "'\\''")}'`;
  return quoted.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** One filter argument value; anything outside a plain expression is refused rather than escaped wrongly. */
function value(v: FilterArg): string {
  if (typeof v === 'object') return quoteValue(v.quoted);
  const s = typeof v === 'number' ? num(v) : v;
  if (!SAFE.test(s)) throw new Error(`unsafe filter argument ${JSON.stringify(s)}`);
  return s;
}

/** Numbers as ffmpeg reads them: no exponent, at most 6 decimals. */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

export function serializeFilter(f: Filter): string {
  if (!f.args || f.args.length === 0) return f.name;
  return `${f.name}=${f.args.map((a) => (Array.isArray(a) ? `${a[0]}=${value(a[1])}` : value(a))).join(':')}`;
}

export function serializeGraph(chains: readonly FilterChain[]): string {
  return chains.map((c) => `${c.inputs.map((i) => `[${i}]`).join('')}${c.filters.map(serializeFilter).join(',')}${c.outputs.map((o) => `[${o}]`).join('')}`).join(';');
}

const f = (name: string, ...args: Array<FilterArg | [string, FilterArg]>): Filter => ({ name, ...(args.length ? { args } : {}) });

const rateText = (p: RenderPlan) => `${p.settings.rate.num}/${p.settings.rate.den}`;
/**
 * Frame n of a stream at timeline frame n + from, in time base 1/rate, whatever timestamps
 * it came with: concat guesses a segment's length from its frames' spacing (a one-frame
 * segment gets none, so the next overlaps it), and setpts truncates, so a timestamp
 * computed in another time base can land just before the frame it means and overlay
 * then shows the frame before.
 */
const onGrid = (p: RenderPlan, from = 0): Filter[] => [f('settb', `${p.settings.rate.den}/${p.settings.rate.num}`), f('setpts', from > 0 ? `N+${from}` : 'N')];
const secs = (p: RenderPlan, frames: number) => (frames * p.settings.rate.den) / p.settings.rate.num;
const layout = (channels: number) => (channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels}c`);
const acurve = (c: Curve) => (c === 'linear' ? 'tri' : 'qsin');

class Builder {
  readonly inputs: FfInput[] = [];
  readonly chains: FilterChain[] = [];
  private n = 0;
  constructor(readonly plan: RenderPlan) {}
  label(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
  chain(inputs: string[], filters: Filter[], prefix: string): string {
    const out = this.label(prefix);
    this.chains.push({ inputs, filters, outputs: [out] });
    return out;
  }
  input(seg: ClipSegment, kind: 'video' | 'audio'): number {
    const p = this.plan;
    const opts = seg.still
      ? ['-loop', '1', '-framerate', rateText(p), '-t', num(secs(p, seg.frames + 1))]
      : [
          // Video seeks half a frame early so the in frame is kept whatever the rounding;
          // audio seeks exactly. Reading stops a little after the last frame needed.
          '-ss',
          num(Math.max(0, secs(p, kind === 'video' ? seg.inFrame - 0.5 : seg.inFrame))),
          '-t',
          num(secs(p, seg.frames + 2)),
        ];
    this.inputs.push({ options: opts, path: seg.path });
    return this.inputs.length - 1;
  }
}

/**
 * One segment of a video track. The bottom track is `opaque`: its gaps and bars are black
 * and it is the canvas itself; tracks above carry transparency (yuva420p) where they are
 * empty so what lies beneath shows.
 */
function videoSegment(b: Builder, seg: Segment, fadeIn: number, fadeOut: number, opaque: boolean): string {
  const p = b.plan;
  const { width: W, height: H } = p.settings;
  const pix = opaque ? 'yuv420p' : 'yuva420p';
  const empty = opaque ? 'black' : 'black@0';
  // Through black on the bottom track, through transparency above.
  const alpha: Array<[string, FilterArg]> = opaque ? [] : [['alpha', 1]];
  const fades = [...(fadeIn > 0 ? [f('fade', ['t', 'in'], ['st', 0], ['d', num(secs(p, fadeIn))], ...alpha)] : []), ...(fadeOut > 0 ? [f('fade', ['t', 'out'], ['st', num(secs(p, seg.frames - fadeOut))], ['d', num(secs(p, fadeOut))], ...alpha)] : [])];
  if (seg.kind === 'gap') return b.chain([], [f('color', ['c', empty], ['s', `${W}x${H}`], ['r', rateText(p)]), f('format', pix), f('trim', ['end_frame', seg.frames]), f('setpts', 'PTS-STARTPTS')], 'g');
  const k = b.input(seg, 'video');
  const conform =
    seg.width === W && seg.height === H
      ? [f('setsar', 1), f('format', pix)]
      : p.settings.fit === 'fill'
        ? [f('scale', W, H, ['force_original_aspect_ratio', 'increase']), f('crop', W, H), f('setsar', 1), f('format', pix)]
        : [f('scale', W, H, ['force_original_aspect_ratio', 'decrease']), f('setsar', 1), f('format', pix), f('pad', W, H, '(ow-iw)/2', '(oh-ih)/2', ['color', empty])];
  return b.chain(
    [`${k}:v:0`],
    [
      f('setpts', 'PTS-STARTPTS'),
      // A source at the output rate is already on the frame grid; others are conformed.
      ...(seg.rate && seg.rate.num * p.settings.rate.den === p.settings.rate.num * seg.rate.den ? [] : [f('fps', rateText(p))]),
      ...conform,
      // Held on its last frame where the media ends before the clip does.
      ...(seg.available < seg.frames ? [f('tpad', ['stop_mode', 'clone'], ['stop', seg.frames - seg.available])] : []),
      f('trim', ['end_frame', seg.frames]),
      f('setpts', 'PTS-STARTPTS'),
      ...fades,
    ],
    'v',
  );
}

function audioSegment(b: Builder, seg: Segment, samples: number, fadeIn: number, fadeOut: number, curve: Curve): string {
  const p = b.plan;
  const fmt = f('aformat', ['sample_fmts', 'fltp'], ['sample_rates', p.settings.sampleRate], ['channel_layouts', layout(p.settings.channels)]);
  const fades = [
    ...(fadeIn > 0 ? [f('afade', ['t', 'in'], ['ss', 0], ['ns', sampleAt(p, fadeIn)], ['curve', acurve(curve)])] : []),
    ...(fadeOut > 0 ? [f('afade', ['t', 'out'], ['ss', samples - sampleAt(p, fadeOut)], ['ns', sampleAt(p, fadeOut)], ['curve', acurve(curve)])] : []),
  ];
  if (seg.kind === 'gap') return b.chain([], [f('anullsrc', ['r', p.settings.sampleRate], ['cl', layout(p.settings.channels)]), f('atrim', ['end_sample', samples]), f('asetpts', 'PTS-STARTPTS')], 's');
  const k = b.input(seg, 'audio');
  const gain = seg.gainDb !== 0 ? [f('volume', `${num(seg.gainDb)}dB`)] : [];
  return b.chain([`${k}:a:0`], [f('asetpts', 'PTS-STARTPTS'), f('aresample', p.settings.sampleRate), fmt, f('apad'), f('atrim', ['end_sample', samples]), f('asetpts', 'PTS-STARTPTS'), ...gain, ...fades], 'a');
}

/** A track as one stream: segments concatenated, blends overlapping them. */
function trackStream(b: Builder, t: TrackPlan, kind: 'video' | 'audio', opaque = false): string {
  const p = b.plan;
  // Sample lengths from running frame positions, so they add up to the exact total.
  let pos = 0;
  const streams = t.segments.map((seg, i) => {
    const before: Join | undefined = t.joins[i - 1];
    const after: Join | undefined = t.joins[i];
    if (before?.kind === 'blend') pos -= before.frames;
    const fadeIn = before?.kind === 'dip' ? before.inFrames : 0;
    const fadeOut = after?.kind === 'dip' ? after.outFrames : 0;
    const curve = (after?.kind === 'dip' ? after.curve : before?.kind === 'dip' ? before.curve : 'equal-power') as Curve;
    const samples = sampleAt(p, pos + seg.frames) - sampleAt(p, pos);
    pos += seg.frames;
    return { label: kind === 'video' ? videoSegment(b, seg, fadeIn, fadeOut, opaque) : audioSegment(b, seg, samples, fadeIn, fadeOut, curve), frames: seg.frames };
  });
  // Runs of segments joined by cuts are concatenated; runs meet at blends.
  type Stream = { label: string; frames: number };
  const runs: Stream[] = [];
  const blends: Array<Extract<Join, { kind: 'blend' }>> = [];
  let run: Stream[] = [];
  const flush = (): Stream => {
    const frames = run.reduce((sum, x) => sum + x.frames, 0);
    const label = run.length === 1 ? run[0]!.label : b.chain(run.map((x) => x.label), kind === 'video' ? [f('concat', ['n', run.length], ['v', 1], ['a', 0]), ...onGrid(p)] : [f('concat', ['n', run.length], ['v', 0], ['a', 1])], kind === 'video' ? 'cv' : 'ca');
    run = [];
    return { label, frames };
  };
  streams.forEach((s, i) => {
    run.push(s);
    const join = t.joins[i];
    if (join?.kind === 'blend') {
      runs.push(flush());
      blends.push(join);
    }
  });
  runs.push(flush());
  let cur = runs[0]!;
  for (let i = 1; i < runs.length; i++) cur = blend(b, cur, runs[i]!, blends[i - 1]!, kind, opaque);
  return cur.label;
}

function blend(b: Builder, left: { label: string; frames: number }, right: { label: string; frames: number }, j: Extract<Join, { kind: 'blend' }>, kind: 'video' | 'audio', opaque: boolean): { label: string; frames: number } {
  const p = b.plan;
  const frames = left.frames + right.frames - j.frames;
  if (kind === 'audio') {
    return { label: b.chain([left.label, right.label], [f('acrossfade', ['ns', sampleAt(p, j.frames)], ['c1', acurve(j.curve)], ['c2', acurve(j.curve)])], 'x'), frames };
  }
  // Dissolve: the incoming picture fades in over the outgoing one, placed frame by frame
  // where it starts; the outgoing side goes on past its end, empty (black on the bottom
  // track, transparent above), for as long as the incoming one lasts after the dissolve.
  const shifted = b.chain([right.label], [...(opaque ? [f('format', 'yuva420p')] : []), f('fade', ['t', 'in'], ['st', 0], ['d', num(secs(p, j.frames))], ['alpha', 1]), ...onGrid(p, left.frames - j.frames)], 'd');
  const rest = right.frames - j.frames;
  const held = rest > 0 ? b.chain([left.label, videoSegment(b, { kind: 'gap', frames: rest }, 0, 0, opaque)], [f('concat', ['n', 2], ['v', 1], ['a', 0]), ...onGrid(p)], 'h') : left.label;
  const out = opaque ? [f('overlay', ['eof_action', 'pass']), f('format', 'yuv420p')] : [f('overlay', ['eof_action', 'pass'], ['format', 'auto'])];
  return { label: b.chain([held, shifted], [...out, f('trim', ['end_frame', frames])], 'x'), frames };
}

export const AI_LABEL_TEXT = 'AI-generated';

/** A label burnt into the picture over some of its frames. */
export interface BurnInLabel {
  /** frames [start, end) counted from the plan's first frame (0); outside the plan they are ignored */
  ranges: ReadonlyArray<{ start: number; end: number }>;
  /** a TrueType font file (the bundled DejaVu Sans) */
  fontFile: string;
  /** default AI_LABEL_TEXT */
  text?: string;
}

/**
 * drawtext over exactly the label's frames: small white text at 85% on a 40% black box in
 * the top right corner, scaled with the picture's height. `n` is the frame number, so the
 * frames are exact whatever the rate (between() includes both ends). Null when no frame
 * of the plan is labelled.
 */
export function labelFilter(plan: RenderPlan, label: BurnInLabel): Filter | null {
  const spans = label.ranges.map((r) => ({ start: Math.max(0, r.start), end: Math.min(plan.frames, r.end) })).filter((r) => r.end > r.start);
  if (spans.length === 0) return null;
  const H = plan.settings.height;
  const size = Math.max(10, Math.round(H / 30));
  const border = Math.max(2, Math.round(size / 3));
  const margin = Math.max(2, Math.round(H / 36)) + border;
  return f(
    'drawtext',
    ['fontfile', { quoted: label.fontFile }],
    ['text', { quoted: label.text ?? AI_LABEL_TEXT }],
    ['expansion', 'none'],
    ['fontsize', size],
    ['fontcolor', 'white@0.85'],
    ['box', 1],
    ['boxcolor', 'black@0.4'],
    ['boxborderw', border],
    ['x', `w-tw-${margin}`],
    ['y', margin],
    ['enable', { quoted: spans.map((r) => `between(n,${r.start},${r.end - 1})`).join('+') }],
  );
}

export function buildFilterGraph(plan: RenderPlan, parts: { video?: boolean; audio?: boolean; label?: BurnInLabel } = {}): FilterGraph {
  const wantVideo = parts.video ?? true;
  const wantAudio = parts.audio ?? true;
  if (plan.frames <= 0) throw new Error('Nothing to render: the timeline (or the in/out range) is empty.');
  const b = new Builder(plan);
  let video = '';
  if (wantVideo) video = videoOut(b, plan, parts.label ? labelFilter(plan, parts.label) : null);
  let audio = '';
  if (wantAudio) audio = audioOut(b, plan);
  return { inputs: b.inputs, chains: b.chains, video, audio };
}

function videoOut(b: Builder, plan: RenderPlan, label: Filter | null): string {
  const { width: W, height: H } = plan.settings;
  // The bottom track is the canvas (black where empty); with no video track, plain black.
  const [bottom, ...above] = plan.video;
  let video = bottom ? trackStream(b, bottom, 'video', true) : b.chain([], [f('color', ['c', 'black'], ['s', `${W}x${H}`], ['r', rateText(plan)]), f('trim', ['end_frame', plan.frames]), f('setpts', 'PTS-STARTPTS')], 'base');
  for (const t of above) {
    const track = trackStream(b, t, 'video');
    video = b.chain([video, track], [f('overlay', ['eof_action', 'pass'])], 'o');
  }
  return b.chain([video], [f('format', 'yuv420p'), f('trim', ['end_frame', plan.frames]), ...(label ? [label] : [])], 'vout');
}

function audioOut(b: Builder, plan: RenderPlan): string {
  const total = sampleAt(plan, plan.frames);
  const fmt = f('aformat', ['sample_fmts', 'fltp'], ['sample_rates', plan.settings.sampleRate], ['channel_layouts', layout(plan.settings.channels)]);
  const tracks = plan.audio.map((t) => trackStream(b, t, 'audio'));
  let audio: string;
  if (tracks.length === 0) audio = b.chain([], [f('anullsrc', ['r', plan.settings.sampleRate], ['cl', layout(plan.settings.channels)]), f('atrim', ['end_sample', total])], 'aout');
  else if (tracks.length === 1) audio = b.chain(tracks, [fmt, f('atrim', ['end_sample', total])], 'aout');
  // amix divides by the number of inputs; every track is as long as the others, so
  // multiplying back gives the plain sum.
  else audio = b.chain(tracks, [f('amix', ['inputs', tracks.length], ['duration', 'longest'], ['dropout_transition', 0]), f('volume', tracks.length), fmt, f('atrim', ['end_sample', total])], 'aout');
  return audio;
}
