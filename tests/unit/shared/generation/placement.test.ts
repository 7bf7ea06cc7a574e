// Where generated media lands: extend after/before with ripple and crossfade, fill a gap,
// insert at the playhead, swap takes. Timelines drawn one character per frame.
import { describe, expect, it } from 'vitest';
import type { Media } from '../../../../shared/timeline/model';
import { EditError } from '../../../../shared/timeline/edit/core';
import { gapTarget, placeAt, placeExtension, placeFill, sourcePoint, splitCrossfade, swapTake, type Landing } from '../../../../shared/generation/placement';
import { GENERATION_KEY, predictedMedia, type GenerationRequest } from '../../../../shared/generation/model';
import { build, clipOf, draw, ids, ins, RATE } from '../edit/draw';
import { rescale } from '../../../../shared/timeline/time';

const request = (frames: number, handleFrames: number): GenerationRequest => ({
  mode: 'extend', provider: 'local', model: '', prompt: 'more', frames, rate: RATE, width: 64, height: 36, takes: 1, fit: 'fit', sampleRate: 48000, channels: 2, handleFrames, name: 'X', source: { mediaId: 'mA', frame: 4 },
});

function landing(frames: number, handleFrames: number, crossfadeFrames: number): Landing {
  const media: Media = predictedMedia({ id: 'mX', name: 'X', path: '/g/x.mp4', request: request(frames, handleFrames), generationId: 'gen1', takeIndex: 0, providerLabel: 'Local', costUsd: 0, createdAt: '2026-11-25T00:00:00Z' });
  return { generationId: 'gen1', media, frames, handleFrames, crossfadeFrames };
}

const transitionOf = (t: ReturnType<typeof build>, track: string) => t.tracks.find((x) => x.name === track)!.items.find((i) => i.kind === 'transition');

describe('placeExtension', () => {
  it('lands directly after the clip, ripples later clips on every track and crossfades the sound into the head handle', () => {
    const base = build({ V1: 'AAAABB', V2: '____CC', A1: 'aaaabb' });
    const { timeline, clipIds } = placeExtension(base, 'A', landing(3, 2, 2));
    expect(draw(timeline)).toEqual({ V1: 'AAAAXXXBB', V2: '_______CC', A1: 'aaaaXXXbb' });
    expect(ids(timeline, 'A1')).toEqual(['a', '/', clipIds[1], 'b']);
    const t = transitionOf(timeline, 'A1')!;
    expect(t.kind === 'transition' && [rescale(t.inOffset, RATE), rescale(t.outOffset, RATE)]).toEqual([2, 0]);
    // picture: a hard cut, no transition
    expect(transitionOf(timeline, 'V1')).toBeUndefined();
    // the extension reads after its handle, picture and sound linked and tagged with the generation
    const [v, a] = clipIds.map((id) => clipOf(timeline, id!));
    expect(ins(timeline)[v!.id]).toBe(2);
    expect(v!.linkId).toBeDefined();
    expect(v!.linkId).toBe(a!.linkId);
    expect(v!.metadata?.[GENERATION_KEY]).toBe('gen1');
  });

  it('works from the sound clip as well, and without a crossfade leaves a hard cut', () => {
    const { timeline } = placeExtension(build({ V1: 'AAAA', A1: 'aaaa' }), 'a', landing(2, 0, 0));
    expect(draw(timeline)).toEqual({ V1: 'AAAAXX', A1: 'aaaaXX' });
    expect(transitionOf(timeline, 'A1')).toBeUndefined();
  });

  it('without a head handle the crossfade is centred on the cut', () => {
    expect(splitCrossfade(4, 0)).toEqual({ before: 2, after: 2 });
    expect(splitCrossfade(4, 1)).toEqual({ before: 2, after: 2 });
    expect(splitCrossfade(4, 4)).toEqual({ before: 4, after: 0 });
    const { timeline } = placeExtension(build({ V1: 'AAAA', A1: 'aaaa' }), 'A', landing(3, 0, 4));
    const t = transitionOf(timeline, 'A1')!;
    expect(t.kind === 'transition' && [rescale(t.inOffset, RATE), rescale(t.outOffset, RATE)]).toEqual([2, 2]);
  });

  it('extends before a clip: the lead-in ends where the clip began and crossfades out of its tail handle', () => {
    const { timeline, clipIds } = placeExtension(build({ V1: 'BBAAAA', A1: 'bbaaaa' }), 'A', landing(3, 2, 2), 'before');
    expect(draw(timeline)).toEqual({ V1: 'BBXXXAAAA', A1: 'bbXXXaaaa' });
    expect(ids(timeline, 'A1')).toEqual(['b', clipIds[1], '/', 'a']);
    const t = transitionOf(timeline, 'A1')!;
    expect(t.kind === 'transition' && [rescale(t.inOffset, RATE), rescale(t.outOffset, RATE)]).toEqual([0, 2]);
    expect(ins(timeline)[clipIds[0]!]).toBe(0);
  });

  it('refuses on a locked track and changes nothing', () => {
    const base = build({ V1: 'AAAA', A1: 'aaaa' }, { locked: ['V1'] });
    expect(() => placeExtension(base, 'A', landing(2, 0, 0))).toThrow(EditError);
  });

  it('names the source point at the clip out point in source frames', () => {
    const base = build({ V1: '__AAA' }, { in: { A: 10 } });
    expect(sourcePoint(base, 'A', 'after')).toMatchObject({ mediaId: 'mA', frame: 13 });
    expect(sourcePoint(base, 'A', 'before')).toMatchObject({ mediaId: 'mA', frame: 10 });
  });
});

describe('placeFill', () => {
  it('bridges exactly the gap on the picture track and the free audio span, moving nothing', () => {
    const base = build({ V1: 'AA___BB', A1: 'aa___bb' });
    const gap = gapTarget(base, 'V1', 3);
    expect([gap.start, gap.end, gap.before?.piece.clip.id, gap.after?.piece.clip.id]).toEqual([2, 5, 'A', 'B']);
    const { timeline } = placeFill(base, gap, landing(3, 0, 0));
    expect(draw(timeline)).toEqual({ V1: 'AAXXXBB', A1: 'aaXXXbb' });
  });

  it('leaves the sound out where the audio track has material in the gap', () => {
    const base = build({ V1: 'AA___BB', A1: 'aaccccb' });
    const { timeline, clipIds } = placeFill(base, gapTarget(base, 'V1', 2), landing(3, 0, 0));
    expect(draw(timeline)).toEqual({ V1: 'AAXXXBB', A1: 'aaccccb' });
    expect(clipOf(timeline, clipIds[0]!).linkId).toBeUndefined();
  });

  it('refuses a bridge of another length, and a frame that is not in a gap', () => {
    const base = build({ V1: 'AA___BB' });
    expect(() => placeFill(base, gapTarget(base, 'V1', 2), landing(2, 0, 0))).toThrow(EditError);
    expect(() => gapTarget(base, 'V1', 0)).toThrow(EditError);
  });
});

describe('placeAt and swapTake', () => {
  it('inserts a new clip at the playhead on all unlocked tracks', () => {
    const { timeline } = placeAt(build({ V1: 'AAAA', A1: 'aaaa' }), 2, landing(2, 0, 0));
    expect(draw(timeline)).toEqual({ V1: 'AAXXAA', A1: 'aaXXaa' });
  });

  it('swapping a take keeps the edit and the crossfade', () => {
    const { timeline, clipIds } = placeExtension(build({ V1: 'AAAA', A1: 'aaaa' }), 'A', landing(3, 2, 2));
    const swapped = swapTake(timeline, clipIds[0]!, 'mY');
    expect(draw(swapped)).toEqual(draw(timeline));
    expect(clipIds.map((id) => clipOf(swapped, id!).mediaId)).toEqual(['mY', 'mY']);
    expect(transitionOf(swapped, 'A1')).toEqual(transitionOf(timeline, 'A1'));
    expect(ins(swapped)).toEqual(ins(timeline));
  });
});
