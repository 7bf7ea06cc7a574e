// Where generated media is in a render: the timeline frames at which a clip of
// generated media (Media.origin === 'generated') is visible or audible, merged into
// disjoint ranges, each naming what contributes to it. Read off the render plan itself,
// so it agrees with what the export draws:
//
//   V2 | _ _ _ _ O O O O _ _ |   O: opaque and fills the frame, so it covers V1
//   V1 | A A G G G G G G G B |   G: generated
//   A1 | a a a a a a a a a b |
//   → G is seen at frames [2, 4) and [8, 9), and never heard
//
// - hidden video tracks, muted audio tracks (and the rest when one is solo), disabled and
//   offline clips are not rendered, so they do not count;
// - a clip on a higher video track hides what is beneath it where it is opaque: its
//   picture fills the frame (fill, or the output's aspect) and has no alpha channel, and
//   it is not fading (a dip's fades, the incoming side of a dissolve); an unknown pixel
//   format counts as transparent, so doubt reports generated media rather than hiding it;
// - a transition's handles count: a dissolve into (or out of) a generated clip counts
//   from the dissolve's first frame (to its last), where the generated picture starts
//   (stops) contributing, even though it is faint there;
// - sound counts wherever a generated clip plays on an audible track, whatever its gain.
import type { Media, Project } from '../timeline/model';
import { planRender, type RenderSettings, type TrackPlan } from '../render/plan';
import { sha256Hex } from './sha256';

/** Timeline frames [start, end). */
export interface FrameSpan {
  start: number;
  end: number;
}

export interface GeneratedSource extends FrameSpan {
  mediaId: string;
  /** the media's name */
  media: string;
  provider: string;
  model: string;
  /** SHA-256 of the prompt's UTF-8 bytes, hex; null when the media carries no provenance */
  promptSha256: string | null;
  jobId: string | null;
  /** how it reaches the render */
  as: Array<'picture' | 'sound'>;
  clipIds: string[];
}

/** Disjoint, sorted, never adjacent (adjacent ranges are merged). */
export interface GeneratedRange extends FrameSpan {
  /** one entry per generated media and stretch of it inside the range, by start then media id */
  sources: GeneratedSource[];
}

export interface GeneratedRangeOptions {
  /** timeline frames; default the whole timeline */
  start?: number;
  end?: number;
  /** the render's settings (size and fit decide what covers what); default the project's */
  settings?: Partial<RenderSettings>;
}

/** Sorted, merged (overlapping or adjacent joined), empty spans dropped. */
export function unionSpans(spans: readonly FrameSpan[]): FrameSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: FrameSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** `a` without `b` (both any spans). */
export function subtractSpans(a: readonly FrameSpan[], b: readonly FrameSpan[]): FrameSpan[] {
  const cut = unionSpans(b);
  const out: FrameSpan[] = [];
  for (const s of unionSpans(a)) {
    let at = s.start;
    for (const c of cut) {
      if (c.end <= at || c.start >= s.end) continue;
      if (c.start > at) out.push({ start: at, end: c.start });
      at = Math.max(at, c.end);
    }
    if (at < s.end) out.push({ start: at, end: s.end });
  }
  return out;
}

const ALPHA = /^(yuva|ya\d|rgba|bgra|argb|abgr|gbrap|pal8|ayuv|vuya|rgbaf)/;

/** Whether the media's picture, conformed to the output, fills the frame with no transparency. */
function coversFrame(m: Media, s: RenderSettings): boolean {
  const v = m.probe.streams.find((x) => x.type === 'video');
  if (!v?.pixelFormat || ALPHA.test(v.pixelFormat)) return false;
  if (s.fit === 'fill') return true;
  return !!v.width && !!v.height && v.width * s.height === v.height * s.width;
}

interface Piece extends FrameSpan {
  clipId: string;
  media: Media;
  /** where this piece alone hides what lies beneath */
  opaque: FrameSpan[];
}

/** The frames each clip segment of a planned track occupies, transitions' overlaps included. */
function pieces(t: TrackPlan, offset: number, media: ReadonlyMap<string, Media>, settings: RenderSettings | null): Piece[] {
  const out: Piece[] = [];
  let pos = offset;
  t.segments.forEach((seg, i) => {
    const before = t.joins[i - 1];
    const after = t.joins[i];
    if (before?.kind === 'blend') pos -= before.frames;
    const start = pos;
    const end = pos + seg.frames;
    pos = end;
    if (seg.kind !== 'clip') return;
    const m = media.get(seg.clipId);
    if (!m) return;
    let opaque: FrameSpan[] = [];
    if (settings && coversFrame(m, settings)) {
      // Fading pieces let what is beneath show: a dip's fades, a dissolve's incoming side.
      const head = before?.kind === 'blend' ? before.frames : before?.kind === 'dip' ? before.inFrames : 0;
      const tail = after?.kind === 'dip' ? after.outFrames : 0;
      opaque = [{ start: start + head, end: end - tail }];
    }
    out.push({ start, end, clipId: seg.clipId, media: m, opaque });
  });
  return out;
}

interface Contribution extends FrameSpan {
  clipId: string;
  media: Media;
  as: 'picture' | 'sound';
}

/** See the top of this file. Frames are timeline frames at the timeline's rate. */
export function generatedRanges(project: Project, opts: GeneratedRangeOptions = {}): GeneratedRange[] {
  const start = Math.max(0, opts.start ?? 0);
  const range = opts.start !== undefined || opts.end !== undefined ? { start, frames: Math.max(0, (opts.end ?? Number.MAX_SAFE_INTEGER) - start) } : undefined;
  const plan = planRender(project, { ...(opts.settings ? { settings: opts.settings } : {}), ...(range ? { range } : {}) });
  if (plan.frames <= 0) return [];
  const byId = new Map(project.media.map((m) => [m.id, m]));
  const clipMedia = new Map<string, Media>();
  for (const track of project.timeline.tracks) {
    for (const item of track.items) {
      const m = item.kind === 'clip' && item.mediaId ? byId.get(item.mediaId) : undefined;
      if (m) clipMedia.set(item.id, m);
    }
  }
  const contributions: Contribution[] = [];
  // Picture: top down, each track's generated pieces minus what the tracks above cover.
  const video = plan.video.map((t, i) => pieces(t, plan.start, clipMedia, i > 0 ? plan.settings : null));
  let covered: FrameSpan[] = [];
  for (let i = video.length - 1; i >= 0; i--) {
    for (const p of video[i]!) {
      if (p.media.origin !== 'generated') continue;
      for (const s of subtractSpans([p], covered)) contributions.push({ ...s, clipId: p.clipId, media: p.media, as: 'picture' });
    }
    covered = unionSpans([...covered, ...video[i]!.flatMap((p) => p.opaque)]);
  }
  // Sound: every generated piece of every track that is mixed.
  for (const t of plan.audio) {
    for (const p of pieces(t, plan.start, clipMedia, null)) if (p.media.origin === 'generated') contributions.push({ start: p.start, end: p.end, clipId: p.clipId, media: p.media, as: 'sound' });
  }
  return unionSpans(contributions).map((r) => ({ ...r, sources: sourcesIn(r, contributions) }));
}

function sourcesIn(r: FrameSpan, all: readonly Contribution[]): GeneratedSource[] {
  const inside = all.filter((c) => c.start < r.end && c.end > r.start);
  const byMedia = new Map<string, Contribution[]>();
  for (const c of inside) byMedia.set(c.media.id, [...(byMedia.get(c.media.id) ?? []), c]);
  const out: GeneratedSource[] = [];
  for (const [mediaId, cs] of byMedia) {
    const m = cs[0]!.media;
    const p = m.provenance;
    for (const span of unionSpans(cs)) {
      const here = cs.filter((c) => c.start < span.end && c.end > span.start);
      out.push({
        start: span.start,
        end: span.end,
        mediaId,
        media: m.name,
        provider: p?.provider ?? 'unknown',
        model: p?.model ?? '',
        promptSha256: p ? sha256Hex(p.prompt) : null,
        jobId: p?.jobId ?? null,
        as: (['picture', 'sound'] as const).filter((k) => here.some((c) => c.as === k)),
        clipIds: [...new Set(here.map((c) => c.clipId))].sort(),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.mediaId < b.mediaId ? -1 : a.mediaId > b.mediaId ? 1 : 0));
}
