// Snapping for drags and scrubbing: the nearest interesting frame within a few pixels.
import type { Timeline } from '../../../shared/timeline/model';
import { layoutTrack } from '../../../shared/timeline/layout';

export interface SnapSources {
  playhead?: number;
  markIn?: number | null;
  markOut?: number | null;
  /** clips being dragged: their own edges are not targets */
  exclude?: ReadonlySet<string>;
}

/** Sorted, distinct frames worth snapping to: clip edges, markers, playhead, I/O marks. */
export function snapTargets(timeline: Timeline, s: SnapSources = {}): number[] {
  const out = new Set<number>([0]);
  for (const t of timeline.tracks) {
    for (const p of layoutTrack(t, timeline.rate)) {
      if (p.item.kind !== 'clip' || s.exclude?.has(p.item.id)) continue;
      out.add(p.start);
      out.add(p.end);
    }
  }
  for (const m of timeline.markers) out.add(m.frame);
  for (const f of [s.playhead, s.markIn, s.markOut]) if (typeof f === 'number') out.add(Math.round(f));
  return [...out].sort((a, b) => a - b);
}

/** The target nearest to any of `frames` within `tolerance` frames: how far to shift, and where. */
export function snapDelta(targets: readonly number[], frames: readonly number[], tolerance: number): { delta: number; at: number } | null {
  let best: { delta: number; at: number } | null = null;
  for (const f of frames) {
    // binary search for the nearest target
    let lo = 0;
    let hi = targets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (targets[mid]! < f) lo = mid + 1;
      else hi = mid;
    }
    for (const i of [lo - 1, lo]) {
      const t = targets[i];
      if (t === undefined) continue;
      const d = t - f;
      if (Math.abs(d) <= tolerance && (!best || Math.abs(d) < Math.abs(best.delta))) best = { delta: d, at: t };
    }
  }
  return best;
}
