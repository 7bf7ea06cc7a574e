// Changing where clips start and end. Deltas are in timeline frames and are clamped to
// what is possible (media handles, neighbours, one frame minimum), so a drag simply
// stops at the limit. Linked picture and sound are trimmed together.
//
// Trim B's out point by +1 (no ripple): takes room from the gap after it.
//   | A | B |   | C |     ->     | A | B  |  | C |
// Ripple trim B's out point by +1: everything after moves right.
//   | A | B | C |         ->     | A | B  | C |
// Ripple trim B's in point by +1: B starts where it did, later material moves left.
//   | A | B B | C |       ->     | A | B | C |
// Roll the cut between A and B by +1: A gets longer, B shorter, nothing moves.
//   | A | B B | C |       ->     | A A | B | C |
// Slip B by +1: same place and length, the source window moves one frame later.
// Slide B by +1: B moves right; A gets longer and C shorter to match.
//   | A | B | C C |       ->     | A A | B | C |
import type { Media, Timeline } from '../model';
import { conform, EditError, endOf, locateAll, sourceIn, sourceLimit, TimelineEdit, withLinked, withSource, type Piece, type TrackLayout } from './core';

export type Edge = 'in' | 'out';

interface Target {
  trackId: string;
  layout: TrackLayout;
  index: number;
  piece: Piece;
}

function targets(edit: TimelineEdit, clipIds: readonly string[]): Target[] {
  const where = locateAll(edit.timeline);
  const out: Target[] = [];
  for (const id of withLinked(edit.timeline, clipIds)) {
    const l = where.get(id);
    if (!l) continue;
    const layout = edit.layout(l.trackId);
    const index = layout.pieces.findIndex((p) => p.clip.id === id);
    out.push({ trackId: l.trackId, layout, index, piece: layout.pieces[index]! });
  }
  if (out.length === 0) throw new EditError('The clip is no longer on the timeline.');
  return out;
}

const prevEnd = (t: Target) => (t.index > 0 ? endOf(t.layout.pieces[t.index - 1]!) : 0);
const nextStart = (t: Target) => t.layout.pieces[t.index + 1]?.start ?? Number.POSITIVE_INFINITY;

/** How far each target's edge may move: [min, max] delta. */
function trimBounds(t: Target, edge: Edge, ripple: boolean, media: readonly Media[], rate: Timeline['rate']): [number, number] {
  const c = conform(t.piece.clip, rate);
  const inF = sourceIn(c, rate);
  const limit = sourceLimit(c, media, rate);
  if (edge === 'out') {
    const min = 1 - t.piece.length;
    const handle = limit - (inF + t.piece.length);
    const room = ripple ? Number.POSITIVE_INFINITY : nextStart(t) - endOf(t.piece);
    return [min, Math.min(handle, room)];
  }
  // in edge: +delta shortens from the head
  const max = t.piece.length - 1;
  const handle = -inF;
  const room = ripple ? Number.NEGATIVE_INFINITY : prevEnd(t) - t.piece.start;
  return [Math.max(handle, room), max];
}

const clamp = (v: number, [lo, hi]: [number, number]) => Math.max(lo, Math.min(hi, v));

function intersect(bounds: Array<[number, number]>): [number, number] {
  const lo = Math.max(...bounds.map((b) => b[0]));
  const hi = Math.min(...bounds.map((b) => b[1]));
  return lo > hi ? [0, 0] : [lo, hi];
}

function shiftAfter(layout: TrackLayout, index: number, delta: number): void {
  const from = layout.pieces[index]!.start;
  layout.pieces = layout.pieces.map((p, i) => (i > index ? { ...p, start: p.start + delta } : p));
  layout.gaps = new Map([...layout.gaps].filter(([k]) => k <= from));
}

export function trim(timeline: Timeline, clipId: string, edge: Edge, delta: number, opts: { ripple?: boolean; media?: readonly Media[] } = {}): Timeline {
  const rate = timeline.rate;
  const edit = new TimelineEdit(timeline);
  const ts = targets(edit, [clipId]);
  const ripple = opts.ripple ?? false;
  const d = clamp(Math.round(delta), intersect(ts.map((t) => trimBounds(t, edge, ripple, opts.media ?? [], rate))));
  if (d === 0) return timeline;
  for (const t of ts) {
    const c = conform(t.piece.clip, rate);
    const inF = sourceIn(c, rate);
    let piece: Piece;
    if (edge === 'out') {
      piece = { ...t.piece, clip: withSource(c, rate, inF, t.piece.length + d), length: t.piece.length + d };
      if (ripple) shiftAfter(t.layout, t.index, d);
    } else if (ripple) {
      // The head moves in the source; the clip keeps its start and later material follows.
      piece = { ...t.piece, clip: withSource(c, rate, inF + d, t.piece.length - d), length: t.piece.length - d };
      shiftAfter(t.layout, t.index, -d);
    } else {
      piece = { clip: withSource(c, rate, inF + d, t.piece.length - d), start: t.piece.start + d, length: t.piece.length - d };
    }
    t.layout.pieces[t.index] = piece;
  }
  return edit.result();
}

/** Moves the cut between `leftClipId` and the clip right after it (they must touch). */
export function roll(timeline: Timeline, leftClipId: string, delta: number, opts: { media?: readonly Media[] } = {}): Timeline {
  const rate = timeline.rate;
  const edit = new TimelineEdit(timeline);
  const lefts = targets(edit, [leftClipId]);
  const pairs = lefts.flatMap((l) => {
    const right = l.layout.pieces[l.index + 1];
    return right && right.start === endOf(l.piece) ? [{ l, r: { ...l, index: l.index + 1, piece: right } }] : [];
  });
  if (!pairs.some((p) => p.l.piece.clip.id === leftClipId)) throw new EditError('A roll needs two clips that meet; there is nothing right after this clip.');
  const bounds = pairs.flatMap(({ l, r }) => [trimBounds(l, 'out', true, opts.media ?? [], rate), trimBounds(r, 'in', true, opts.media ?? [], rate)]);
  const d = clamp(Math.round(delta), intersect(bounds));
  if (d === 0) return timeline;
  for (const { l, r } of pairs) {
    const lc = conform(l.piece.clip, rate);
    const rc = conform(r.piece.clip, rate);
    l.layout.pieces[l.index] = { ...l.piece, clip: withSource(lc, rate, sourceIn(lc, rate), l.piece.length + d), length: l.piece.length + d };
    r.layout.pieces[r.index] = { clip: withSource(rc, rate, sourceIn(rc, rate) + d, r.piece.length - d), start: r.piece.start + d, length: r.piece.length - d };
  }
  return edit.result();
}

export function slip(timeline: Timeline, clipId: string, delta: number, opts: { media?: readonly Media[] } = {}): Timeline {
  const rate = timeline.rate;
  const edit = new TimelineEdit(timeline);
  const ts = targets(edit, [clipId]);
  const d = clamp(
    Math.round(delta),
    intersect(
      ts.map((t) => {
        const c = conform(t.piece.clip, rate);
        return [-sourceIn(c, rate), sourceLimit(c, opts.media ?? [], rate) - sourceIn(c, rate) - t.piece.length];
      }),
    ),
  );
  if (d === 0) return timeline;
  for (const t of ts) {
    const c = conform(t.piece.clip, rate);
    t.layout.pieces[t.index] = { ...t.piece, clip: withSource(c, rate, sourceIn(c, rate) + d, t.piece.length) };
  }
  return edit.result();
}

export function slide(timeline: Timeline, clipId: string, delta: number, opts: { media?: readonly Media[] } = {}): Timeline {
  const rate = timeline.rate;
  const media = opts.media ?? [];
  const edit = new TimelineEdit(timeline);
  const ts = targets(edit, [clipId]);
  const bounds = ts.map((t): [number, number] => {
    const prev = t.layout.pieces[t.index - 1];
    const next = t.layout.pieces[t.index + 1];
    // A neighbour that touches the clip is trimmed; empty space is just used up.
    const lo = prev && endOf(prev) === t.piece.start ? trimBounds({ ...t, index: t.index - 1, piece: prev }, 'out', true, media, rate)[0] : prevEnd(t) - t.piece.start;
    const hi = next && next.start === endOf(t.piece) ? trimBounds({ ...t, index: t.index + 1, piece: next }, 'in', true, media, rate)[1] : nextStart(t) - endOf(t.piece);
    const prevHandle = prev && endOf(prev) === t.piece.start ? trimBounds({ ...t, index: t.index - 1, piece: prev }, 'out', true, media, rate)[1] : Number.POSITIVE_INFINITY;
    const nextHandle = next && next.start === endOf(t.piece) ? trimBounds({ ...t, index: t.index + 1, piece: next }, 'in', true, media, rate)[0] : Number.NEGATIVE_INFINITY;
    return [Math.max(lo, nextHandle), Math.min(hi, prevHandle)];
  });
  const d = clamp(Math.round(delta), intersect(bounds));
  if (d === 0) return timeline;
  for (const t of ts) {
    const prev = t.layout.pieces[t.index - 1];
    const next = t.layout.pieces[t.index + 1];
    if (prev && endOf(prev) === t.piece.start) {
      const c = conform(prev.clip, rate);
      t.layout.pieces[t.index - 1] = { ...prev, clip: withSource(c, rate, sourceIn(c, rate), prev.length + d), length: prev.length + d };
    }
    if (next && next.start === endOf(t.piece)) {
      const c = conform(next.clip, rate);
      t.layout.pieces[t.index + 1] = { clip: withSource(c, rate, sourceIn(c, rate) + d, next.length - d), start: next.start + d, length: next.length - d };
    }
    t.layout.pieces[t.index] = { ...t.piece, start: t.piece.start + d };
  }
  return edit.result();
}
