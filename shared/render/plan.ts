// Render planning: the timeline (or an in/out range of it) as per-track sequences of
// exact-length segments, in timeline frames. Pure; the filter graph is built from it.
//
//   V2 |      | C C C |          segments: gap 6, clip C 3 (transparent gaps above V1)
//   V1 | A A A A / B B B B |     segments: A (+tail handle), B (+head handle), joined by a dissolve
//   A1 | a a a a / b b b b |     the same, joined by an audio crossfade
//
// A transition between two clips reaches `inOffset` frames before the cut and
// `outOffset` after it. The outgoing clip is extended past its out point and the
// incoming one before its in point, from their media's handles, and the two overlap by
// what the handles allow; the extensions and the overlap cancel, so everything after the
// cut stays where it was (A/V sync kept). Without handles the join is a fade through
// black or silence on each side instead.
import type { Clip, Media, Project, Timeline, Track, Transition } from '../timeline/model';
import { layoutTrack } from '../timeline/layout';
import { framesToSeconds, rescale, type Rate } from '../timeline/time';
import { proxySize } from './proxy';

export interface RenderSettings {
  width: number;
  height: number;
  rate: Rate;
  sampleRate: number;
  channels: number;
  fit: 'fit' | 'fill';
}

export type Curve = 'linear' | 'equal-power';

/** One source read: a clip's media from `inFrame` for `frames` (timeline frames, handles included). */
export interface ClipSegment {
  kind: 'clip';
  clipId: string;
  path: string;
  still: boolean;
  /** source frame (timeline rate) where reading starts, handle included */
  inFrame: number;
  /** frames read, handles included */
  frames: number;
  /** frames the media really has from inFrame on (Infinity for stills); the rest is held */
  available: number;
  gainDb: number;
  /** the source picture's size, when known (a source already at the output size is not scaled) */
  width?: number;
  height?: number;
  /** the source's frame rate, when known (a source at the output rate needs no conversion) */
  rate?: Rate;
}

export interface GapSegment {
  kind: 'gap';
  frames: number;
}

export type Segment = ClipSegment | GapSegment;

/** How two neighbouring segments meet. */
export type Join =
  | { kind: 'cut' }
  /** the segments overlap by `frames` and blend */
  | { kind: 'blend'; frames: number; curve: Curve }
  /** no handles: the left fades out over its last `outFrames`, the right fades in over its first `inFrames` */
  | { kind: 'dip'; outFrames: number; inFrames: number; curve: Curve };

export interface TrackPlan {
  trackId: string;
  name: string;
  segments: Segment[];
  /** joins[i] is between segments[i] and segments[i + 1] */
  joins: Join[];
}

export interface RenderPlan {
  settings: RenderSettings;
  /** timeline frames [start, start + frames) */
  start: number;
  frames: number;
  /** bottom to top */
  video: TrackPlan[];
  audio: TrackPlan[];
}

/** Media id → the file of its review proxy (shared/render/proxy.ts). */
export type ProxyMap = Readonly<Record<string, string>>;

export interface PlanOptions {
  settings?: Partial<RenderSettings>;
  /** timeline frames; default the whole timeline */
  range?: { start: number; frames: number };
  /**
   * Read these video media from their proxies instead (a project open for review): the
   * proxy's path and picture size, the same frame rate, timing and sound. Export never
   * passes this: a final render reads the originals.
   */
  proxies?: ProxyMap;
}

const mediaFrames = (m: Media | undefined, rate: Rate): number =>
  !m ? 0 : m.kind === 'image' ? Number.POSITIVE_INFINITY : Math.floor((m.probe.durationSeconds * rate.num) / rate.den + 1e-6);

const curveOf = (t: Transition): Curve => (t.metadata?.['segue.curve'] === 'linear' ? 'linear' : 'equal-power');

function pictureSize(m: Media): { width?: number; height?: number; rate?: Rate } {
  const v = m.probe.streams.find((x) => x.type === 'video');
  return { ...(v?.width && v.height ? { width: v.width, height: v.height } : {}), ...(v?.rate && !v.stillImage ? { rate: v.rate } : {}) };
}

/** Where a clip's media is read from: its review proxy when there is one (moving pictures only), else the file itself. */
export function sourceOf(m: Media, proxies: ProxyMap | undefined): { path: string; width?: number; height?: number; rate?: Rate } {
  const proxy = proxies && m.kind === 'video' && Object.hasOwn(proxies, m.id) ? proxies[m.id] : undefined;
  const picture = pictureSize(m);
  if (!proxy) return { path: m.path, ...picture };
  return { ...picture, path: proxy, ...(picture.width && picture.height ? proxySize(picture.width, picture.height) : {}) };
}

interface Placed {
  clip: Clip;
  media: Media;
  start: number;
  end: number;
  inFrame: number;
}

function planTrack(track: Track, timeline: Timeline, media: Map<string, Media>, from: number, to: number, kind: 'video' | 'audio', proxies?: ProxyMap): TrackPlan {
  const rate = timeline.rate;
  const placed: Array<Placed | null> = [];
  const transitions = new Map<number, Transition>(); // index in `placed` of the right-hand clip
  let lastWasClip = false;
  let pending: Transition | null = null;
  for (const p of layoutTrack(track, rate)) {
    if (p.item.kind === 'transition') {
      pending = lastWasClip ? p.item : null;
      continue;
    }
    const m = p.item.kind === 'clip' && p.item.mediaId ? media.get(p.item.mediaId) : undefined;
    const usable = p.item.kind === 'clip' && p.item.enabled && m !== undefined && m.probe.streams.some((s) => s.type === kind || (kind === 'video' && m.kind === 'image'));
    if (p.item.kind === 'clip' && usable && pending && lastWasClip) transitions.set(placed.length, pending);
    placed.push(usable && p.item.kind === 'clip' ? { clip: p.item, media: m!, start: p.start, end: p.end, inFrame: rescale(p.item.sourceRange.start, rate) } : null);
    // a gap or an unusable clip is a hard boundary for transitions
    lastWasClip = usable && p.item.kind === 'clip';
    pending = null;
  }
  // Windowed clips in order, with the transition before each (only if both sides are whole enough).
  const segs: Segment[] = [];
  const joins: Join[] = [];
  let at = from;
  let prevClip: { seg: ClipSegment; placed: Placed } | null = null;
  placed.forEach((p, i) => {
    if (!p || p.end <= from || p.start >= to) {
      prevClip = null;
      return;
    }
    const s = Math.max(p.start, from);
    const e = Math.min(p.end, to);
    if (s > at) {
      segs.push({ kind: 'gap', frames: s - at });
      if (segs.length > 1) joins.push({ kind: 'cut' });
      prevClip = null;
    }
    const inFrame = p.inFrame + (s - p.start);
    const { path, ...picture } = sourceOf(p.media, proxies);
    const seg: ClipSegment = {
      kind: 'clip',
      clipId: p.clip.id,
      path,
      still: p.media.kind === 'image',
      inFrame,
      frames: e - s,
      available: Math.max(0, mediaFrames(p.media, rate) - inFrame),
      gainDb: kind === 'audio' ? (p.clip.gainDb ?? 0) : 0,
      ...picture,
    };
    const tr = transitions.get(i);
    let join: Join = { kind: 'cut' };
    const before: { seg: ClipSegment; placed: Placed } | null = prevClip;
    if (tr && before && before.placed.end === p.start && p.start > from && p.start < to) {
      const reachIn = rescale(tr.inOffset, rate); // before the cut, into the outgoing clip
      const reachOut = rescale(tr.outOffset, rate); // after the cut, into the incoming clip
      const tailHandle = Math.max(0, mediaFrames(before.placed.media, rate) - (before.seg.inFrame + before.seg.frames));
      const headHandle = Math.max(0, seg.inFrame);
      const hA = Math.min(reachOut, tailHandle, to - p.start);
      const hB = Math.min(reachIn, headHandle, p.start - from);
      if (hA + hB > 0) {
        before.seg.frames += hA;
        seg.inFrame -= hB;
        seg.frames += hB;
        seg.available += hB;
        join = { kind: 'blend', frames: hA + hB, curve: curveOf(tr) };
      } else if (reachIn + reachOut > 0) {
        join = { kind: 'dip', outFrames: Math.min(reachIn, before.seg.frames), inFrames: Math.min(reachOut, seg.frames), curve: curveOf(tr) };
      }
    }
    if (segs.length > 0) joins.push(join);
    segs.push(seg);
    at = e;
    prevClip = { seg, placed: p };
  });
  if (at < to) {
    if (segs.length > 0) joins.push({ kind: 'cut' });
    segs.push({ kind: 'gap', frames: to - at });
  }
  return { trackId: track.id, name: track.name, segments: segs, joins };
}

export function planRender(project: Project, opts: PlanOptions = {}): RenderPlan {
  const timeline = project.timeline;
  const settings: RenderSettings = { ...project.settings, rate: timeline.rate, ...opts.settings };
  const total = timeline.tracks.reduce((m, t) => Math.max(m, layoutTrack(t, timeline.rate).at(-1)?.end ?? 0), 0);
  const start = Math.max(0, opts.range?.start ?? 0);
  const frames = Math.max(0, opts.range ? Math.min(opts.range.frames, Math.max(0, total - start)) : total - start);
  const media = new Map(project.media.map((m) => [m.id, m]));
  const audible = timeline.tracks.filter((t) => t.kind === 'audio' && !t.muted);
  const solo = audible.some((t) => t.solo);
  return {
    settings,
    start,
    frames,
    video: timeline.tracks.filter((t) => t.kind === 'video' && t.enabled).map((t) => planTrack(t, timeline, media, start, start + frames, 'video', opts.proxies)),
    audio: audible.filter((t) => !solo || t.solo).map((t) => planTrack(t, timeline, media, start, start + frames, 'audio', opts.proxies)),
  };
}

/** Seconds of a frame count at the plan's rate (only at the ffmpeg edge). */
export const planSeconds = (plan: RenderPlan, frames: number): number => framesToSeconds(frames, plan.settings.rate);

/** Samples from the plan's first frame to frame `f` (relative), rounded so lengths add up without drift. */
export const sampleAt = (plan: RenderPlan, f: number): number => Math.round((f * plan.settings.sampleRate * plan.settings.rate.den) / plan.settings.rate.num);
