// Taking clips out: lift leaves a gap, ripple delete closes it, close gap removes empty space.
//
// Lift B:           | A | B | C |   ->   | A |   | C |
// Ripple delete B:  | A | B | C |   ->   | A | C |
// Close gap:        | A |   | C |   ->   | A | C |
//
// Linked picture and sound go together. Ripple delete moves later material on the
// tracks the deleted clips were on; closing a gap moves every track that has nothing in
// that span, and refuses if another track has material there (that would break sync).
import type { Timeline } from '../model';
import { clearRange, EditError, endOf, locateAll, TimelineEdit, toLayout, withLinked } from './core';

function spans(timeline: Timeline, clipIds: readonly string[]): Map<string, Array<[number, number]>> {
  const where = locateAll(timeline);
  const byTrack = new Map<string, Array<[number, number]>>();
  for (const id of withLinked(timeline, clipIds)) {
    const l = where.get(id);
    if (!l) continue;
    byTrack.set(l.trackId, [...(byTrack.get(l.trackId) ?? []), [l.piece.start, endOf(l.piece)]]);
  }
  return byTrack;
}

export function lift(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const edit = new TimelineEdit(timeline);
  for (const [trackId, ranges] of spans(timeline, clipIds)) {
    const layout = edit.layout(trackId);
    for (const [a, b] of ranges) clearRange(layout, a, b, timeline.rate, false);
  }
  return edit.result();
}

export function rippleDelete(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const edit = new TimelineEdit(timeline);
  for (const [trackId, ranges] of spans(timeline, clipIds)) {
    const layout = edit.layout(trackId);
    // Right to left, so earlier ranges are still where they were.
    for (const [a, b] of [...ranges].sort((x, y) => y[0] - x[0])) clearRange(layout, a, b, timeline.rate, true);
  }
  return edit.result();
}

/** The empty span on `trackId` that contains `frame` (a gap between clips, not after the last). */
export function gapAt(timeline: Timeline, trackId: string, frame: number): [number, number] | null {
  const track = timeline.tracks.find((t) => t.id === trackId);
  if (!track) return null;
  const pieces = toLayout(track, timeline.rate).pieces;
  let prevEnd = 0;
  for (const p of pieces) {
    if (frame >= prevEnd && frame < p.start) return [prevEnd, p.start];
    prevEnd = endOf(p);
  }
  return null;
}

export function closeGap(timeline: Timeline, trackId: string, frame: number): Timeline {
  const span = gapAt(timeline, trackId, frame);
  if (!span) throw new EditError('There is no gap there to close.');
  const [a, b] = span;
  const edit = new TimelineEdit(timeline);
  const blocked: string[] = [];
  const moving: string[] = [];
  for (const t of timeline.tracks) {
    const pieces = toLayout(t, timeline.rate).pieces;
    if (!pieces.some((p) => endOf(p) > a)) continue; // nothing from here on: nothing to move
    if (pieces.some((p) => p.start < b && endOf(p) > a)) blocked.push(t.name);
    else moving.push(t.id);
  }
  if (blocked.length) throw new EditError(`Closing this gap would move ${timeline.tracks.find((t) => t.id === trackId)?.name ?? 'the track'} out of sync with ${blocked.join(', ')}, which has material in that span.`);
  for (const id of moving) clearRange(edit.layout(id), a, b, timeline.rate, true);
  return edit.result();
}
