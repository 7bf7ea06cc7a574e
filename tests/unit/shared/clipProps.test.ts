import { describe, expect, it } from 'vitest';
import { media } from '../renderer/fixtures';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { clampGain, setClips } from '../../../shared/timeline/edit/clipProps';
import { EditError } from '../../../shared/timeline/edit/core';
import { setTrack } from '../../../shared/timeline/edit/tracks';
import { createProject } from '../../../shared/timeline/factory';
import { TimelineSchema, type Clip, type Timeline } from '../../../shared/timeline/model';


/** V1 | a | b |, A1 | a | b |, linked pairs. */
function fixture(): Timeline {
  const p = createProject('t');
  return appendMedia(appendMedia(p.timeline, media('a', 2)), media('b', 1));
}

const clipsOf = (tl: Timeline, kind: 'video' | 'audio'): Clip[] =>
  tl.tracks.find((t) => t.kind === kind)!.items.filter((i): i is Clip => i.kind === 'clip');

describe('setClips', () => {
  it('sets gain, enabled and name on the given clips only', () => {
    const tl = fixture();
    const [va, vb] = clipsOf(tl, 'video');
    const next = setClips(tl, [vb!.id], { gainDb: -6, enabled: false, name: ' Bravo ' });
    const [na, nb] = clipsOf(next, 'video');
    expect(na).toBe(va);
    expect(nb).toEqual({ ...vb, gainDb: -6, enabled: false, name: 'Bravo' });
    expect(TimelineSchema.safeParse(next).success).toBe(true);
  });

  it('keeps untouched tracks and items by identity', () => {
    const tl = fixture();
    const [va] = clipsOf(tl, 'video');
    const next = setClips(tl, [va!.id], { gainDb: 3 });
    const audio = (x: Timeline) => x.tracks.find((t) => t.kind === 'audio');
    expect(audio(next)).toBe(audio(tl));
    expect(next.tracks.filter((t, i) => t !== tl.tracks[i])).toHaveLength(1);
    expect(next.markers).toBe(tl.markers);
  });

  it('returns the same timeline object when nothing changes', () => {
    const tl = fixture();
    const [va] = clipsOf(tl, 'video');
    expect(setClips(tl, [va!.id], { enabled: true })).toBe(tl);
    expect(setClips(tl, [va!.id], { gainDb: 0 })).toBe(tl);
    expect(setClips(tl, [va!.id], { name: '   ' })).toBe(tl);
    expect(setClips(tl, [va!.id], {})).toBe(tl);
    expect(setClips(tl, [], { gainDb: 4 })).toBe(tl);
  });

  it('clamps gain to [-96, 24] dB and rounds it to 0.1 dB', () => {
    const tl = fixture();
    const [va, vb] = clipsOf(tl, 'video');
    expect(clipsOf(setClips(tl, [va!.id], { gainDb: 40 }), 'video')[0]!.gainDb).toBe(24);
    expect(clipsOf(setClips(tl, [va!.id], { gainDb: -200 }), 'video')[0]!.gainDb).toBe(-96);
    expect(clipsOf(setClips(tl, [vb!.id], { gainDb: -3.04 }), 'video')[1]!.gainDb).toBe(-3);
    expect(clampGain(24.04)).toBe(24);
  });

  it('stores 0 dB as no gain at all, so untouched clips round-trip unchanged', () => {
    const tl = fixture();
    const [va] = clipsOf(tl, 'video');
    const loud = setClips(tl, [va!.id], { gainDb: 6 });
    const back = clipsOf(setClips(loud, [va!.id], { gainDb: 0 }), 'video')[0]!;
    expect('gainDb' in back).toBe(false);
    expect(back).toEqual(va);
  });

  it('changes a linked picture and sound pair together when both ids are given', () => {
    const tl = fixture();
    const [va] = clipsOf(tl, 'video');
    const [aa] = clipsOf(tl, 'audio');
    const next = setClips(tl, [va!.id, aa!.id], { gainDb: -12 });
    expect([clipsOf(next, 'video')[0]!.gainDb, clipsOf(next, 'audio')[0]!.gainDb]).toEqual([-12, -12]);
  });

  it('refuses with an EditError on a locked track, but not when nothing would change', () => {
    let tl = fixture();
    const v1 = tl.tracks.find((t) => t.kind === 'video')!;
    tl = setTrack(tl, v1.id, { locked: true });
    const [va] = clipsOf(tl, 'video');
    expect(() => setClips(tl, [va!.id], { gainDb: -6 })).toThrow(EditError);
    expect(() => setClips(tl, [va!.id], { gainDb: -6 })).toThrow('Track V1 is locked.');
    expect(setClips(tl, [va!.id], { enabled: true })).toBe(tl);
  });

  it('refuses when none of the clips exists any more, and refuses a gain that is not a number', () => {
    const tl = fixture();
    const [va] = clipsOf(tl, 'video');
    expect(() => setClips(tl, ['gone'], { enabled: false })).toThrow('That clip no longer exists.');
    expect(() => setClips(tl, [va!.id], { gainDb: Number.NaN })).toThrow(EditError);
    // an unknown id next to a real one is ignored
    expect(clipsOf(setClips(tl, ['gone', va!.id], { enabled: false }), 'video')[0]!.enabled).toBe(false);
  });
});
