import { describe, expect, it } from 'vitest';
import {
  addMarker,
  closeGap,
  copyClips,
  EditError,
  lift,
  link,
  moveClips,
  pasteClips,
  placeClips,
  placeMedia,
  removeMarker,
  rippleDelete,
  roll,
  slide,
  slip,
  split,
  trim,
  unlink,
  updateMarker,
} from '../../../../shared/timeline/edit';
import { TimelineSchema, type Clip, type Timeline } from '../../../../shared/timeline/model';
import { rt } from '../../../../shared/timeline/time';
import { build, clipOf, draw, ids, ins, media, RATE } from './draw';

const X = (frames: number, id = 'X'): Clip => ({ kind: 'clip', id, name: 'X', mediaId: 'mX', sourceRange: { start: rt(0, RATE), duration: rt(frames, RATE) }, enabled: true });
const valid = (t: Timeline) => expect(TimelineSchema.safeParse(t).success).toBe(true);

describe('insert and overwrite', () => {
  it('insert cuts the clip under the point and moves later material right', () => {
    const t = placeClips(build({ V1: 'AAAABB' }), [{ trackId: 'V1', start: 2, clip: X(3) }], 'insert');
    expect(draw(t)).toEqual({ V1: 'AAXXXAABB' });
    expect(ids(t, 'V1')[0]).toBe('A');
    expect(ins(t)[ids(t, 'V1')[2]!]).toBe(2); // the right part of A continues at source frame 2
    valid(t);
  });

  it('overwrite replaces what was there and moves nothing', () => {
    const t = placeClips(build({ V1: 'AAAABB' }), [{ trackId: 'V1', start: 2, clip: X(3) }], 'overwrite');
    expect(draw(t)).toEqual({ V1: 'AAXXXB' });
    expect(ins(t)[ids(t, 'V1')[2]!]).toBe(1); // B lost its first frame
  });

  it('past the end pads with a gap', () => {
    expect(draw(placeClips(build({ V1: 'AA' }), [{ trackId: 'V1', start: 4, clip: X(1) }], 'overwrite'))).toEqual({ V1: 'AA__X' });
  });

  it('insert of linked media moves both target tracks by the same amount, sync tracks too', () => {
    const m = { ...media('N', 2), probe: { ...media('N', 2).probe, streams: [{ index: 0, type: 'video' as const, codec: 'h264' }, { index: 1, type: 'audio' as const, codec: 'aac' }] } };
    const base = build({ V1: 'AAAA', V2: 'CCCC', A1: 'aaaa' });
    const r = placeMedia(base, m, { frame: 2, videoTrackId: 'V1', audioTrackId: 'A1', mode: 'insert' });
    expect(draw(r.timeline)).toEqual({ V1: 'AANNAA', V2: 'CCCC', A1: 'aaNNaa' });
    const [v, a] = r.clipIds.map((id) => clipOf(r.timeline, id));
    expect(v!.linkId).toBeDefined();
    expect(v!.linkId).toBe(a!.linkId);
    const synced = placeClips(base, [{ trackId: 'V1', start: 2, clip: X(2) }], 'insert', ['V2', 'A1']);
    expect(draw(synced)).toEqual({ V1: 'AAXXAA', V2: 'CC__CC', A1: 'aa__aa' });
  });

  it('refuses a locked track and picture on an audio track', () => {
    expect(() => placeClips(build({ V1: 'AA' }, { locked: ['V1'] }), [{ trackId: 'V1', start: 0, clip: X(1) }], 'insert')).toThrow(EditError);
    const m = { ...media('N', 2), probe: { ...media('N', 2).probe, streams: [{ index: 0, type: 'video' as const, codec: 'h264' }] } };
    expect(() => placeMedia(build({ V1: 'AA', A1: 'aa' }), m, { frame: 0, videoTrackId: 'A1', mode: 'insert' })).toThrow(/video track/);
  });
});

describe('lift, ripple delete, close gap', () => {
  it('lift leaves a gap, taking the linked sound too', () => {
    const t = lift(build({ V1: 'AABBCC', A1: 'aabbcc' }), ['B']);
    expect(draw(t)).toEqual({ V1: 'AA__CC', A1: 'aa__cc' });
  });

  it('ripple delete closes up on the tracks of the deleted clips only', () => {
    const t = rippleDelete(build({ V1: 'AABBCC', V2: 'DDDDDD', A1: 'aabbcc' }), ['b']);
    expect(draw(t)).toEqual({ V1: 'AACC', V2: 'DDDDDD', A1: 'aacc' });
    expect(draw(rippleDelete(build({ V1: 'AABBCCDD' }), ['B', 'D']))).toEqual({ V1: 'AACC' });
  });

  it('a transition whose clip is deleted goes with it', () => {
    const base = build({ V1: 'AABBCC' });
    base.tracks[0]!.items.splice(1, 0, { kind: 'transition', id: 'T', name: 'x', transitionType: 'SMPTE_Dissolve', inOffset: rt(1, RATE), outOffset: rt(1, RATE) });
    expect(ids(base, 'V1')).toEqual(['A', '/', 'B', 'C']);
    expect(ids(lift(base, ['C']), 'V1')).toEqual(['A', '/', 'B']);
    expect(ids(rippleDelete(base, ['B']), 'V1')).toEqual(['A', 'C']);
    expect(ids(lift(base, ['A']), 'V1')).toEqual(['_', 'B', 'C']);
    // Cutting inside the transition's reach clamps it to what is left.
    const cut = split(base, 1, { trackIds: ['V1'] }).timeline;
    const tr = cut.tracks[0]!.items.find((i) => i.kind === 'transition');
    expect(ids(cut, 'V1')).toEqual(['A', expect.any(String), '/', 'B', 'C']);
    expect(tr?.kind === 'transition' && [tr.inOffset.value, tr.outOffset.value]).toEqual([1, 1]);
    const tight = split(rippleDelete(base, []), 3, { trackIds: ['V1'] }).timeline;
    expect(ids(tight, 'V1')).toEqual(['A', '/', 'B', expect.any(String), 'C']);
    const one = trim(base, 'B', 'in', 1, { ripple: true });
    const t1 = one.tracks[0]!.items.find((i) => i.kind === 'transition');
    expect(t1?.kind === 'transition' && t1.outOffset.value).toBe(1);
  });

  it('close gap moves every track with material later, and refuses when another track is in the way', () => {
    expect(draw(closeGap(build({ V1: 'AA__BB', A1: 'aa__bb' }), 'V1', 3))).toEqual({ V1: 'AABB', A1: 'aabb' });
    expect(draw(closeGap(build({ V1: 'AA__BB', V2: 'C' }), 'V1', 2))).toEqual({ V1: 'AABB', V2: 'C' });
    expect(() => closeGap(build({ V1: 'AA__BB', V2: 'CCCC' }), 'V1', 2)).toThrow(/out of sync with V2/);
    expect(() => closeGap(build({ V1: 'AABB' }), 'V1', 1)).toThrow(EditError);
  });
});

describe('split', () => {
  it('cuts every unlocked track under the frame; pairs stay linked pair by pair', () => {
    const r = split(build({ V1: 'AAAA', V2: 'CCCC', A1: 'aaaa' }, { locked: ['V2'] }), 1);
    expect(draw(r.timeline)).toEqual({ V1: 'AAAA', V2: 'CCCC', A1: 'aaaa' });
    expect(ids(r.timeline, 'V2')).toEqual(['C']);
    const [v, a] = r.created.map((id) => clipOf(r.timeline, id));
    expect(v!.linkId).toBeDefined();
    expect(v!.linkId).toBe(a!.linkId);
    expect(v!.linkId).not.toBe(clipOf(r.timeline, 'A').linkId);
    expect(ins(r.timeline)[r.created[0]!]).toBe(1);
    expect(clipOf(r.timeline, 'A').sourceRange.duration.value).toBe(1);
  });

  it('with clip ids cuts only those and their links', () => {
    const r = split(build({ V1: 'AAAA', V2: 'CCCC', A1: 'aaaa' }), 2, { clipIds: ['a'] });
    expect(ids(r.timeline, 'V2')).toEqual(['C']);
    expect(ids(r.timeline, 'V1')).toHaveLength(2);
    expect(() => split(build({ V1: 'AA__' }), 3)).toThrow(/no clip under the playhead/);
  });
});

describe('trim', () => {
  const M = [media('A', 10), media('B', 10), media('C', 10)];

  it('out point without ripple takes room from the gap and stops at the next clip', () => {
    const t = build({ V1: 'AA__BB' });
    expect(draw(trim(t, 'A', 'out', 1, { media: M }))).toEqual({ V1: 'AAA_BB' });
    expect(draw(trim(t, 'A', 'out', 5, { media: M }))).toEqual({ V1: 'AAAABB' });
    expect(draw(trim(t, 'A', 'out', -5, { media: M }))).toEqual({ V1: 'A___BB' });
  });

  it('ripple out moves later material; ripple in keeps the start and pulls later material in', () => {
    const t = build({ V1: 'AABBCC', A1: 'aabbcc' });
    expect(draw(trim(t, 'B', 'out', 2, { ripple: true, media: M }))).toEqual({ V1: 'AABBBBCC', A1: 'aabbbbcc' });
    const r = trim(t, 'B', 'in', 1, { ripple: true, media: M });
    expect(draw(r)).toEqual({ V1: 'AABCC', A1: 'aabcc' });
    expect(ins(r).B).toBe(1);
  });

  it('in point without ripple opens a gap; a handle limits how far it extends', () => {
    const t = build({ V1: '__BB' }, { in: { B: 1 } });
    expect(draw(trim(t, 'B', 'in', 1, { media: M }))).toEqual({ V1: '___B' });
    const ext = trim(t, 'B', 'in', -2, { media: M });
    expect(draw(ext)).toEqual({ V1: '_BBB' }); // only one frame of handle before the in point
    expect(ins(ext).B).toBe(0);
    expect(draw(trim(build({ V1: 'AA' }, { in: { A: 8 } }), 'A', 'out', 5, { media: M }))).toEqual({ V1: 'AA' });
  });

  it('keeps at least one frame', () => {
    expect(draw(trim(build({ V1: 'AAA' }), 'A', 'in', 10, { ripple: true, media: M }))).toEqual({ V1: 'A' });
  });
});

describe('roll, slip, slide', () => {
  const M = [media('A', 10), media('B', 10), media('C', 10)];

  it('roll moves the cut, nothing else', () => {
    const r = roll(build({ V1: 'AABBBC' }, { in: { B: 2 } }), 'A', 1, { media: M });
    expect(draw(r)).toEqual({ V1: 'AAABBC' });
    expect(ins(r).B).toBe(3);
    expect(() => roll(build({ V1: 'AA_B' }), 'A', 1, { media: M })).toThrow(/meet/);
  });

  it('slip moves the source window within the media', () => {
    const t = build({ V1: 'AABB' }, { in: { B: 2 } });
    expect(ins(slip(t, 'B', 3, { media: M })).B).toBe(5);
    expect(ins(slip(t, 'B', 99, { media: M })).B).toBe(8);
    expect(ins(slip(t, 'B', -99, { media: M })).B).toBe(0);
    expect(draw(slip(t, 'B', 3, { media: M }))).toEqual({ V1: 'AABB' });
  });

  it('slide moves the clip between its neighbours, trimming them', () => {
    const t = build({ V1: 'AABBCCC' }, { in: { C: 0 } });
    const r = slide(t, 'B', 1, { media: M });
    expect(draw(r)).toEqual({ V1: 'AAABBCC' });
    expect(ins(r).C).toBe(1);
    // C has no handle before its in point: it cannot get longer, so B cannot slide left.
    expect(slide(t, 'B', -1, { media: M })).toBe(t);
    const handled = slide(build({ V1: 'AABBCCC' }, { in: { C: 3 } }), 'B', -5, { media: M });
    expect(draw(handled)).toEqual({ V1: 'ABBCCCC' });
    expect(ins(handled).C).toBe(2);
  });
});

describe('move, copy and paste', () => {
  it('moves a linked pair in time, overwriting where it lands', () => {
    const t = moveClips(build({ V1: 'AABBCCC', A1: 'aabbccc' }), ['B'], 2);
    expect(draw(t)).toEqual({ V1: 'AA__BBC', A1: 'aa__bbc' });
  });

  it('moves picture up a track and leaves its sound where it is', () => {
    const t = moveClips(build({ V1: 'AABB', V2: '', A1: 'aabb' }), ['B'], 0, { video: 1 });
    expect(draw(t)).toEqual({ V1: 'AA', V2: '__BB', A1: 'aabb' });
    expect(() => moveClips(t, ['B'], 0, { video: 1 })).toThrow(/no video track/);
  });

  it('insert-move opens room on the target', () => {
    expect(draw(moveClips(build({ V1: 'AAAA', V2: 'B' }), ['B'], 2, { video: -1 }, 'insert'))).toEqual({ V1: 'AABAA', V2: '' });
  });

  it('never before the start', () => {
    expect(draw(moveClips(build({ V1: '__A' }), ['A'], -10))).toEqual({ V1: 'A' });
  });

  it('pastes copies with new ids, links kept among the copies', () => {
    const t = build({ V1: 'AA', A1: 'aa' });
    const r = pasteClips(t, 4, copyClips(t, ['A']));
    expect(draw(r.timeline)).toEqual({ V1: 'AA__AA', A1: 'aa__aa' });
    const [v, a] = r.clipIds.map((id) => clipOf(r.timeline, id));
    expect(r.clipIds).not.toContain('A');
    expect(v!.linkId).toBe(a!.linkId);
    expect(v!.linkId).not.toBe('lA');
  });
});

describe('link, unlink, markers', () => {
  it('unlinked clips move alone; linking makes them move together again', () => {
    const t = unlink(build({ V1: 'AA', A1: 'aa' }), ['A']);
    expect(clipOf(t, 'a').linkId).toBeUndefined();
    expect(draw(moveClips(t, ['A'], 1))).toEqual({ V1: '_AA', A1: 'aa' });
    const l = link(t, ['A', 'a']);
    expect(draw(moveClips(l, ['A'], 1))).toEqual({ V1: '_AA', A1: '_aa' });
    expect(() => link(build({ V1: 'AB' }, { unlinked: true }), ['A', 'B'])).toThrow(/different tracks/);
  });

  it('adds, edits and removes markers in frame order', () => {
    const a = addMarker(build({ V1: 'AAAA' }), 3, { note: 'later' });
    const b = addMarker(a.timeline, 1, { name: 'first', color: 'red' });
    expect(b.timeline.markers.map((m) => m.frame)).toEqual([1, 3]);
    const c = updateMarker(b.timeline, a.markerId, { frame: 0, note: 'now first' });
    expect(c.markers.map((m) => m.note)).toEqual(['now first', '']);
    expect(removeMarker(c, b.markerId).markers).toHaveLength(1);
    expect(updateMarker(c, a.markerId, { note: 'now first' })).toBe(c);
  });
});

it('an edit that changes nothing returns the same timeline and untouched tracks are shared', () => {
  const t = build({ V1: 'AABB', V2: 'CC', A1: 'aabb' });
  expect(trim(t, 'A', 'out', 1)).toBe(t);
  const r = rippleDelete(t, ['C']);
  expect(r.tracks[0]).toBe(t.tracks[0]);
  expect(r.tracks[2]).toBe(t.tracks[2]);
});
