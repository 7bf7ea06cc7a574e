// OTIO source_range windows over a track's items, checked as laid-out spans.
import { describe, expect, it } from 'vitest';
import { windowItems } from '../../../../shared/interchange/otio/window';
import { layoutTrack } from '../../../../shared/timeline/layout';
import type { Clip, Item, Track } from '../../../../shared/timeline/model';
import { makeRate, rt } from '../../../../shared/timeline/time';

const r24 = makeRate(24);
const clip = (name: string, start: number, frames: number, rate = r24): Clip => ({
  kind: 'clip',
  id: `c_${name}`,
  name,
  mediaId: null,
  sourceRange: { start: rt(start, rate), duration: rt(frames, rate) },
  enabled: true,
});
const dissolve = (id: string): Item => ({ kind: 'transition', id, name: 'd', transitionType: 'SMPTE_Dissolve', inOffset: rt(1, r24), outOffset: rt(1, r24) });
const track = (items: Item[]): Track => ({ id: 't', kind: 'video', name: 'V1', items, enabled: true, muted: false, solo: false, locked: false, height: 64 });

/** [label, start, end] per item; clips also show their source start. */
const spans = (items: Item[]) =>
  layoutTrack(track(items), r24).map((p) =>
    p.item.kind === 'clip' ? [p.item.name, p.start, p.end, p.item.sourceRange.start.value] : [p.item.kind, p.start, p.end],
  );

// | A 0..10 | B 10..20 | C 20..30 |, sources starting at 100, 200, 300
const abc = () => [clip('A', 100, 10), clip('B', 200, 10), clip('C', 300, 10)];

describe('windowItems', () => {
  it('shifts the content later by a negative start with a leading gap', () => {
    expect(spans(windowItems(abc(), r24, -5, 35))).toEqual([['gap', 0, 5], ['A', 5, 15, 100], ['B', 15, 25, 200], ['C', 25, 35, 300]]);
  });

  it('trims the head by a positive start, moving the cut clip source start in', () => {
    expect(spans(windowItems(abc(), r24, 4, 26))).toEqual([['A', 0, 6, 104], ['B', 6, 16, 200], ['C', 16, 26, 300]]);
  });

  it('trims the tail when the duration is shorter than the content', () => {
    expect(spans(windowItems(abc(), r24, 0, 13))).toEqual([['A', 0, 10, 100], ['B', 10, 13, 200]]);
  });

  it('pads with a trailing gap when the duration is longer than the content', () => {
    expect(spans(windowItems(abc(), r24, 25, 10))).toEqual([['C', 0, 5, 305], ['gap', 5, 10]]);
  });

  it('shows only a gap for a negative start whose window ends before the content', () => {
    expect(spans(windowItems(abc(), r24, -8, 5))).toEqual([['gap', 0, 5]]);
  });

  it('drops a transition whose neighbour falls outside the window and keeps one inside it', () => {
    const items = [clip('A', 100, 10), dissolve('x1'), clip('B', 200, 10), dissolve('x2'), clip('C', 300, 10)];
    expect(windowItems(items, r24, 10, 20).map((i) => i.id)).toEqual(['c_B', 'x2', 'c_C']);
    expect(windowItems(items, r24, 5, 10).map((i) => i.id)).toEqual(['c_A', 'x1', 'c_B']);
  });

  it('keeps a transition at the very start or end of the content (a fade from or to nothing) while the window keeps that end', () => {
    const items = [dissolve('in'), clip('A', 100, 10), clip('B', 200, 10), dissolve('out')];
    expect(windowItems(items, r24, 0, 20).map((i) => i.id)).toEqual(['in', 'c_A', 'c_B', 'out']);
    expect(windowItems(items, r24, -4, 30).map((i) => i.kind)).toEqual(['gap', 'transition', 'clip', 'clip', 'transition', 'gap']);
    expect(windowItems(items, r24, 2, 10).map((i) => i.id)).toEqual(['c_A', 'c_B']);
  });

  it('cuts a clip in another rate in its own frames', () => {
    const half = clip('H', 50, 10, makeRate(12)); // 20 frames at 24
    const [cut] = windowItems([half], r24, 4, 10);
    expect(cut).toMatchObject({ sourceRange: { start: { value: 52, rate: { num: 12, den: 1 } }, duration: { value: 5, rate: { num: 12, den: 1 } } } });
  });

  it('cuts gaps to the part inside the window', () => {
    const items: Item[] = [{ kind: 'gap', id: 'g', duration: rt(10, r24) }, clip('A', 0, 10)];
    expect(spans(windowItems(items, r24, 6, 8))).toEqual([['gap', 0, 4], ['A', 4, 8, 0]]);
  });
});
