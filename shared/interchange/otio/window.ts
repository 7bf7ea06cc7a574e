// An OTIO track (or stack) with a source_range shows only that window of its content,
// measured in its own time: content starts at 0, the window at `start`, and the item
// lasts `duration` whatever its content holds (OTIO's trimmed_range).
//
//   content            | A     | B     | C     |
//   window -2 + 9   [..:.......:....]              ->  |gap| A     | B'|
//   window  3 + 9          [...:.......:.]         ->  | A'| B     |C'|
//   window  3 + 20         [...:.......:.......]...->  | A'| B     | C     |gap|
//
// A negative start shifts the content later (OTIO's multiple_track.otio); a positive one
// trims its head; a duration shorter than the content trims its tail, a longer one pads
// it. Cut clips keep their own rate: the cut is converted to it, rounded to a frame.
import { newId } from '../../ids';
import type { Clip, Gap, Item } from '../../timeline/model';
import { itemFrames } from '../../timeline/layout';
import { rescale, rt, type Rate } from '../../timeline/time';

const gap = (frames: number, rate: Rate): Gap => ({ kind: 'gap', id: newId('g'), duration: rt(frames, rate) });

/** `item` without its first `head` frames, `keep` frames long (timeline frames). */
function cut(item: Clip | Gap, head: number, keep: number, rate: Rate): Clip | Gap {
  if (item.kind === 'gap') return { ...item, duration: rt(keep, rate) };
  const { start, duration } = item.sourceRange;
  return {
    ...item,
    sourceRange: {
      start: rt(start.value + rescale(rt(head, rate), start.rate), start.rate),
      duration: rt(rescale(rt(keep, rate), duration.rate), duration.rate),
    },
  };
}

/** The items of [from, to) in content frames; 0 <= from < to <= total. */
function slice(items: readonly Item[], rate: Rate, from: number, to: number, total: number): Item[] {
  const out: Item[] = [];
  let at = 0;
  for (const item of items) {
    const len = itemFrames(item, rate);
    const s = at;
    const e = at + len;
    at = e;
    if (item.kind === 'transition') {
      // A transition needs both neighbours; at a window edge one of them is gone. One at
      // the very start or end of the content fades from or to nothing and had no
      // neighbour there to lose: it stays when the window keeps that end.
      if ((s > from || (s === 0 && from === 0)) && (s < to || (s === total && to === total))) out.push(item);
      continue;
    }
    if (len === 0) {
      if (s >= from && s < to) out.push(item);
      continue;
    }
    if (e <= from || s >= to) continue;
    const head = Math.max(0, from - s);
    const tail = Math.max(0, e - to);
    out.push(head === 0 && tail === 0 ? item : cut(item, head, len - head - tail, rate));
  }
  return out;
}

/**
 * The items an OTIO window shows, `start` and `duration` in frames at `rate` (the rate
 * the items are laid out at). The result lasts exactly `duration` frames, give or take
 * the rounding of clips in other rates.
 */
export function windowItems(items: readonly Item[], rate: Rate, start: number, duration: number): Item[] {
  const total = items.reduce((sum, i) => sum + itemFrames(i, rate), 0);
  const lead = Math.min(duration, Math.max(0, -start));
  const from = Math.max(0, start);
  const to = Math.min(total, start + duration);
  const shown = Math.max(0, to - from);
  const tail = duration - lead - shown;
  return [...(lead > 0 ? [gap(lead, rate)] : []), ...(shown > 0 ? slice(items, rate, from, to, total) : []), ...(tail > 0 ? [gap(tail, rate)] : [])];
}
