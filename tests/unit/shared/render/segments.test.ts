import { describe, expect, it } from 'vitest';
import { groupSegments, previewSegments, segmentContent, segmentsInRange } from '../../../../shared/render/segments';
import { rippleDelete, trim } from '../../../../shared/timeline/edit';
import type { Project } from '../../../../shared/timeline/model';
import { rt } from '../../../../shared/timeline/time';
import { build, media, RATE } from '../edit/draw';

const project = (tracks: Record<string, string>): Project => {
  const letters = [...new Set(Object.values(tracks).join('').toUpperCase().replace(/[^A-Z]/g, ''))];
  return { schemaVersion: 1, id: 'p', name: 'p', settings: { width: 64, height: 36, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, media: letters.map((l) => media(l, 40)), timeline: build(tracks) };
};
const ranges = (p: Project, max = 100) => previewSegments(p, max).map((s) => `${s.start}+${s.frames}`);

describe('preview segments', () => {
  it('end at every cut of every video track and split long stretches from their own start', () => {
    expect(ranges(project({ V1: 'AAAABBBBBB', V2: '__CC' }))).toEqual(['0+2', '2+2', '4+6']);
    expect(ranges(project({ V1: 'AAAAAAA' }), 3)).toEqual(['0+3', '3+3', '6+1']);
    expect(ranges(project({ V1: '' }))).toEqual([]);
  });

  it('keep a transition whole: no boundary inside its reach', () => {
    const p = project({ V1: 'AAAABBBB' });
    p.timeline.tracks[0]!.items.splice(1, 0, { kind: 'transition', id: 'T', name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(1, RATE), outOffset: rt(2, RATE) });
    expect(ranges(p)).toEqual(['0+3', '3+3', '6+2']);
  });

  it('a segment whose content did not change has the same content key after a ripple moves it', () => {
    const p = project({ V1: 'AAAABBBBCC' });
    const before = previewSegments(p, 100).map((s) => JSON.stringify(segmentContent(p, s, {})));
    const edited = { ...p, timeline: trim(p.timeline, 'A', 'out', -2, { ripple: true }) };
    const after = previewSegments(edited, 100).map((s) => JSON.stringify(segmentContent(edited, s, {})));
    expect(after[0]).not.toBe(before[0]);
    expect(after.slice(1)).toEqual(before.slice(1));
    const removed = { ...p, timeline: rippleDelete(p.timeline, ['B']) };
    expect(previewSegments(removed, 100).map((s) => JSON.stringify(segmentContent(removed, s, {})))).toEqual([before[0], before[2]]);
  });
});

describe('export pieces', () => {
  it('cuts segments to a range and groups neighbours into runs of a minimum length', () => {
    const segs = [
      { start: 0, frames: 4 },
      { start: 4, frames: 3 },
      { start: 7, frames: 10 },
      { start: 17, frames: 2 },
    ];
    expect(segmentsInRange(segs, 2, 10)).toEqual([
      { start: 2, frames: 2 },
      { start: 4, frames: 3 },
      { start: 7, frames: 5 },
    ]);
    expect(groupSegments(segs, 6)).toEqual([
      { start: 0, frames: 7 },
      { start: 7, frames: 10 },
      { start: 17, frames: 2 },
    ]);
    expect(segs[0]).toEqual({ start: 0, frames: 4 }); // inputs untouched
  });
});
