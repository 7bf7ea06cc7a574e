import { describe, expect, it } from 'vitest';
import { snapDelta, snapTargets } from '../../../renderer/src/timeline/snap';
import { build } from '../shared/edit/draw';

describe('snapping', () => {
  const t = { ...build({ V1: 'AA__BBB', A1: 'aa' }), markers: [{ id: 'm', name: '', frame: 9, duration: 0, color: 'red' as const, note: '' }] };

  it('collects clip edges, markers, playhead and marks, without the dragged clips', () => {
    expect(snapTargets(t, { playhead: 12.4, markIn: 20, markOut: null })).toEqual([0, 2, 4, 7, 9, 12, 20]);
    expect(snapTargets(t, { exclude: new Set(['B']) })).toEqual([0, 2, 9]);
  });

  it('picks the nearest target to any moving edge within the tolerance', () => {
    const targets = [0, 2, 4, 7, 9];
    expect(snapDelta(targets, [5.5], 1)).toBeNull();
    expect(snapDelta(targets, [6.5], 1)).toEqual({ delta: 0.5, at: 7 });
    // Two edges moving together: the closer one wins.
    expect(snapDelta(targets, [3.25, 8.75], 1)).toEqual({ delta: 0.25, at: 9 });
    expect(snapDelta([], [3], 10)).toBeNull();
    expect(snapDelta(targets, [100], 5)).toBeNull();
  });
});

describe('scrolling while dragging at an edge', () => {
  it('scrolls towards the edge the pointer is near, faster the closer it is, capped', async () => {
    const { edgeScroll } = await import('../../../renderer/src/timeline/gestures');
    expect(edgeScroll(500, 100, 900)).toBe(0);
    expect(edgeScroll(890, 100, 900)).toBe(11);
    expect(edgeScroll(899, 100, 900)).toBeGreaterThan(edgeScroll(880, 100, 900));
    expect(edgeScroll(105, 100, 900)).toBeLessThan(0);
    expect(edgeScroll(2000, 100, 900)).toBe(40);
  });
});
