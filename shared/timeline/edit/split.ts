// Razor: cut clips in two at a frame.
//
//   V1 | A A A A |      split at 2      V1 | A A | A'A'|
//   A1 | a a a a |          ->          A1 | a a | a'a'|
//
// The left part keeps its id; the right part gets a new one. A linked picture/sound
// pair cut at the same frame stays linked pair by pair (left with left, right with
// right); a part whose partner was not cut is unlinked. With clip ids only those clips (and their links) are cut, else every clip
// under the frame on the given tracks (all unlocked tracks by default).
import type { Timeline } from '../model';
import { clipAt, EditError, splitAt, TimelineEdit, withLinked } from './core';

export interface SplitResult {
  timeline: Timeline;
  /** ids of the new right-hand parts */
  created: string[];
}

export function split(timeline: Timeline, frame: number, opts: { trackIds?: readonly string[]; clipIds?: readonly string[] } = {}): SplitResult {
  const edit = new TimelineEdit(timeline);
  const only = opts.clipIds ? new Set(withLinked(timeline, opts.clipIds)) : null;
  const trackIds = opts.trackIds ?? timeline.tracks.filter((t) => !t.locked).map((t) => t.id);
  const created: string[] = [];
  for (const id of trackIds) {
    const under = clipAt(edit.track(id), frame, timeline.rate);
    if (!under || under.start === frame || (only && !only.has(under.clip.id))) continue;
    const rightId = splitAt(edit.layout(id), frame, timeline.rate);
    if (rightId) created.push(rightId);
  }
  if (created.length === 0) throw new EditError(only ? 'The playhead is not inside the selected clips.' : 'There is no clip under the playhead to split.');
  return { timeline: edit.result(), created };
}
