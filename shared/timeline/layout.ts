// Positions are derived from order (OpenTimelineIO): a clip starts where the items
// before it end. Transitions take no room in the track; they overlap their neighbours.
import type { Item, Timeline, Track } from './model';
import { rescale, type Rate } from './time';

export interface PlacedItem<T extends Item = Item> {
  readonly item: T;
  readonly index: number;
  /** first timeline frame (inclusive) */
  readonly start: number;
  /** last timeline frame (exclusive) */
  readonly end: number;
}

/** Duration of an item in timeline frames. Transitions occupy none. */
export function itemFrames(item: Item, rate: Rate): number {
  switch (item.kind) {
    case 'clip':
      return rescale(item.sourceRange.duration, rate);
    case 'gap':
      return rescale(item.duration, rate);
    case 'transition':
      return 0;
    default: {
      const never: never = item;
      throw new Error(`unknown item ${(never as { kind: string }).kind}`);
    }
  }
}

export function layoutTrack(track: Track, rate: Rate): PlacedItem[] {
  const out: PlacedItem[] = [];
  let at = 0;
  track.items.forEach((item, index) => {
    const len = itemFrames(item, rate);
    out.push({ item, index, start: at, end: at + len });
    at += len;
  });
  return out;
}

export const trackFrames = (track: Track, rate: Rate): number =>
  track.items.reduce((sum, item) => sum + itemFrames(item, rate), 0);

export const timelineFrames = (timeline: Timeline): number =>
  timeline.tracks.reduce((max, t) => Math.max(max, trackFrames(t, timeline.rate)), 0);

/** Video tracks in stacking order (V1 first, composited bottom to top), then audio. */
export const videoTracks = (t: Timeline): Track[] => t.tracks.filter((x) => x.kind === 'video');
export const audioTracks = (t: Timeline): Track[] => t.tracks.filter((x) => x.kind === 'audio');
