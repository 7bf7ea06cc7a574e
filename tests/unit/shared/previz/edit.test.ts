// Shot list and reference library edits, and laying shots out on the Previz track.
// Timelines drawn one character per frame (a shot's clip shows its one-letter name).
import { describe, expect, it } from 'vitest';
import type { Clip, Media, Project } from '../../../../shared/timeline/model';
import { EditError } from '../../../../shared/timeline/edit/core';
import { rescale, rt } from '../../../../shared/timeline/time';
import { isStale, SHOT_KEY, specOf } from '../../../../shared/previz/model';
import { GENERATION_KEY } from '../../../../shared/generation/model';
import {
  addReference,
  addShots,
  applyShotResult,
  ensurePrevizTrack,
  layOutShots,
  moveShot,
  PREVIZ_SOUND_TRACK,
  PREVIZ_TRACK,
  removeReference,
  removeShot,
  shotClip,
  shotsUsing,
  updateReference,
  updateShot,
} from '../../../../shared/previz/edit';
import { draw } from '../edit/draw';
import { project, R24, resolverFor, shot, still, video } from './fixtures';

const noRefs = { imageMediaId: () => undefined, referenceId: () => undefined };

/** A project with shots named by the letters, `lengths[i]` frames each. */
function withShots(lengths: Record<string, number>, base: Project = project()): Project {
  return addShots(
    base,
    Object.entries(lengths).map(([n, f]) => shot(n, f)),
    noRefs,
  );
}

const ids = (p: Project) => p.previz!.shots.map((s) => s.id);
const byName = (p: Project, name: string) => p.previz!.shots.find((s) => s.name === name)!;
const trackNames = (p: Project) => p.timeline.tracks.map((t) => t.name);
const previzItems = (p: Project) => p.timeline.tracks.find((t) => t.name === PREVIZ_TRACK)!.items;

function clip(name: string, frames: number, mediaId: string | null = null): Clip {
  return { kind: 'clip', id: `x${name}`, name, mediaId, sourceRange: { start: rt(0, R24), duration: rt(frames, R24) }, enabled: true };
}

/** Puts other material on the Previz track (`items` as [name, frames], '_' a gap). */
function onPreviz(p: Project, items: [string, number][]): Project {
  const e = ensurePrevizTrack(p);
  const list = items.map(([n, f], i) => (n === '_' ? { kind: 'gap' as const, id: `g${i}`, duration: rt(f, R24) } : clip(n, f)));
  return { ...e.project, timeline: { ...e.project.timeline, tracks: e.project.timeline.tracks.map((t) => (t.id === e.trackId ? { ...t, items: [...t.items, ...list] } : t)) } };
}

function expectEditError(f: () => unknown, message: string | RegExp): void {
  expect(f).toThrow(EditError);
  expect(f).toThrow(message);
}

describe('shots', () => {
  it('adds parsed shots at the end or before an index, resolving references and images', () => {
    let p = project(R24, [still('anna'), still('img', '/x/booth.png')]);
    p = addReference(p, { name: 'Anna', kind: 'character', mediaId: 'anna', description: 'red coat' }).project;
    p = withShots({ A: 4, C: 2 }, p);
    p = addShots(p, [shot('  B\r\n ', 3, { references: ['Anna', 'Anna'], image: '/x/booth.png', continueFromPrevious: true })], resolverFor(() => p), 1);
    expect(p.previz!.shots.map((s) => [s.name, s.frames])).toEqual([
      ['A', 4],
      ['B', 3],
      ['C', 2],
    ]);
    const b = byName(p, 'B');
    expect(b).toMatchObject({ prompt: '  B\r\n  prompt', referenceIds: [p.previz!.references[0]!.id], imageMediaId: 'img', continueFromPrevious: true });
    expect(b.clipId).toBeUndefined();
    expect(new Set(ids(p)).size).toBe(3);
  });

  it('refuses shots naming a reference or image the project does not have, and bad lengths', () => {
    const p = project();
    expectEditError(() => addShots(p, [shot('A', 2, { references: ['Ghost'] })], noRefs), 'Shot "A" names the reference "Ghost", which is not in the library.');
    expectEditError(() => addShots(p, [shot('', 2, { image: 'a.png' })], noRefs), 'Shot 1: the image a.png is not in the bin.');
    expectEditError(() => addShots(p, [shot('A', 0)], noRefs), 'A shot needs at least one frame.');
    expectEditError(() => addShots(p, [shot('A', 2.5)], noRefs), 'A shot needs at least one frame.');
    expectEditError(() => addShots(p, [shot('A', 1)], noRefs, 3), 'Shots can only be added inside the shot list.');
    expectEditError(() => addShots(p, [shot('A', 1, { prompt: 'x'.repeat(4001) })], noRefs), 'The prompt is longer than 4000 characters.');
  });

  it('moves and removes shots; a removed shot leaves its clip on the timeline', () => {
    let p = layOutShots(withShots({ A: 2, B: 1, C: 3 }));
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('AABCCC');
    p = moveShot(p, byName(p, 'C').id, 0);
    expect(p.previz!.shots.map((s) => s.name)).toEqual(['C', 'A', 'B']);
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('AABCCC');
    expect(draw(layOutShots(p).timeline)[PREVIZ_TRACK]).toBe('CCCAAB');
    expect(moveShot(p, byName(p, 'A').id, 1)).toBe(p);
    expectEditError(() => moveShot(p, byName(p, 'A').id, 3), 'A shot can only move inside the shot list.');
    const removed = removeShot(p, byName(p, 'A').id);
    expect(removed.previz!.shots.map((s) => s.name)).toEqual(['C', 'B']);
    expect(removed.timeline).toBe(p.timeline);
    expectEditError(() => removeShot(removed, byName(p, 'A').id), 'That shot is no longer in the shot list.');
  });

  it('a rename renames the clip; a new length waits for the next layout', () => {
    let p = layOutShots(withShots({ A: 2, B: 2 }));
    const a = byName(p, 'A');
    p = updateShot(p, a.id, { name: 'Z', frames: 4 });
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('ZZBB');
    expect(draw(layOutShots(p).timeline)[PREVIZ_TRACK]).toBe('ZZZZBB');
    expect(shotClip(layOutShots(p), byName(p, 'Z'))!.clip.id).toBe(a.clipId);
  });

  it('checks a patch before changing anything, and an undefined image takes the image away', () => {
    let p = withShots({ A: 2 }, project(R24, [still('img')]));
    const id = byName(p, 'A').id;
    p = updateShot(p, id, { imageMediaId: 'img', continueFromPrevious: true, camera: 'tilt' });
    expect(byName(p, 'A')).toMatchObject({ imageMediaId: 'img', continueFromPrevious: true, camera: 'tilt' });
    p = updateShot(p, id, { imageMediaId: undefined });
    expect('imageMediaId' in byName(p, 'A')).toBe(false);
    expectEditError(() => updateShot(p, id, { imageMediaId: 'nope' }), 'That image is no longer in the bin.');
    expectEditError(() => updateShot(p, id, { referenceIds: ['r-missing'] }), 'That reference is no longer in the library.');
    expectEditError(() => updateShot(p, id, { frames: -1 }), 'A shot needs at least one frame.');
    expectEditError(() => updateShot(p, 'nope', { name: 'x' }), 'That shot is no longer in the shot list.');
  });
});

describe('references', () => {
  it('adds, renames and describes references; names are unique ignoring case', () => {
    let p = project(R24, [still('a'), still('b'), { ...video('snd', 1), kind: 'audio' }]);
    const first = addReference(p, { name: 'Anna', kind: 'character', mediaId: 'a', description: '' });
    p = first.project;
    expectEditError(() => addReference(p, { name: 'anna', kind: 'place', mediaId: 'b', description: '' }), 'The library already has a reference named "Anna".');
    expectEditError(() => addReference(p, { name: '', kind: 'place', mediaId: 'b', description: '' }), 'A reference needs a name.');
    expectEditError(() => addReference(p, { name: ' Bob', kind: 'place', mediaId: 'b', description: '' }), 'A reference name cannot start or end with a space.');
    expectEditError(() => addReference(p, { name: 'Bob', kind: 'place', mediaId: 'zz', description: '' }), 'That image is no longer in the bin.');
    expectEditError(() => addReference(p, { name: 'Bob', kind: 'place', mediaId: 'snd', description: '' }), 'snd has no picture to use as a reference.');
    p = updateReference(p, first.referenceId, { name: 'ANNA', description: 'red coat' });
    expect(p.previz!.references).toEqual([{ id: first.referenceId, name: 'ANNA', kind: 'character', mediaId: 'a', description: 'red coat' }]);
    const second = addReference(p, { name: 'Diner', kind: 'place', mediaId: 'b', description: '' });
    expectEditError(() => updateReference(second.project, second.referenceId, { name: 'anna' }), 'The library already has a reference named "ANNA".');
  });

  it('knows which shots use a reference and takes a removed one out of every shot', () => {
    let p = project(R24, [still('a'), still('b')]);
    p = addReference(p, { name: 'Anna', kind: 'character', mediaId: 'a', description: '' }).project;
    p = addReference(p, { name: 'Diner', kind: 'place', mediaId: 'b', description: '' }).project;
    const [anna, diner] = p.previz!.references.map((r) => r.id);
    p = addShots(p, [shot('A', 1, { references: ['Anna'] }), shot('B', 1, { references: ['Diner', 'Anna'] }), shot('C', 1)], resolverFor(() => p));
    expect(shotsUsing(p, anna!).map((s) => s.name)).toEqual(['A', 'B']);
    expect(shotsUsing(p, diner!).map((s) => s.name)).toEqual(['B']);
    p = removeReference(p, anna!);
    expect(p.previz!.references.map((r) => r.name)).toEqual(['Diner']);
    expect(p.previz!.shots.map((s) => s.referenceIds)).toEqual([[], [diner], []]);
    expectEditError(() => removeReference(p, anna!), 'That reference is no longer in the library.');
  });
});

describe('layOutShots', () => {
  it('creates the Previz track above the other video tracks and lays every shot out as a named, tagged placeholder', () => {
    const p = layOutShots(withShots({ A: 4, B: 2, C: 3 }));
    expect(trackNames(p)).toEqual(['V1', 'V2', PREVIZ_TRACK, 'A1', 'A2']);
    expect(draw(p.timeline)).toEqual({ V1: '', V2: '', [PREVIZ_TRACK]: 'AAAABBCCC', A1: '', A2: '' });
    const items = previzItems(p) as Clip[];
    expect(items.map((c) => c.id)).toEqual(p.previz!.shots.map((s) => s.clipId));
    for (const [i, c] of items.entries()) {
      expect(c).toMatchObject({ mediaId: null, name: p.previz!.shots[i]!.name, metadata: { [SHOT_KEY]: p.previz!.shots[i]!.id } });
      expect(rescale(c.sourceRange.start, R24)).toBe(0);
    }
    // laying out again changes nothing but keeps the clips
    const again = layOutShots(p);
    expect(again.timeline).toEqual(p.timeline);
    expect(again.previz).toEqual(p.previz);
  });

  it('keeps every clip on a relayout; a longer or shorter shot ripples what follows on its track only', () => {
    let p = onPreviz(withShots({ A: 2, B: 2, C: 2 }), [['P', 2]]);
    p = { ...p, timeline: { ...p.timeline, tracks: p.timeline.tracks.map((t) => (t.name === 'V1' ? { ...t, items: [clip('v', 10)] } : t)) } };
    p = layOutShots(p);
    expect(draw(p.timeline)).toMatchObject({ V1: 'vvvvvvvvvv', [PREVIZ_TRACK]: 'PPAABBCC' });
    p = onPreviz(p, [['_', 1], ['Q', 2]]);
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('PPAABBCC_QQ');
    const clips = p.previz!.shots.map((s) => s.clipId);
    p = layOutShots(updateShot(p, byName(p, 'B').id, { frames: 5 }));
    expect(draw(p.timeline)).toMatchObject({ V1: 'vvvvvvvvvv', [PREVIZ_TRACK]: 'PPAABBBBBCC_QQ' });
    p = layOutShots(updateShot(p, byName(p, 'A').id, { frames: 1 }));
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('PPABBBBBCC_QQ');
    expect(p.previz!.shots.map((s) => s.clipId)).toEqual(clips);
  });

  it('lays out only the shots asked for, then adds the others in shot order', () => {
    let p = withShots({ A: 2, B: 1, C: 3 });
    p = layOutShots(p, { shotIds: [byName(p, 'C').id] });
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('CCC');
    expect(p.previz!.shots.map((s) => Boolean(s.clipId))).toEqual([false, false, true]);
    p = layOutShots(p, { shotIds: [byName(p, 'A').id] });
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('AACCC');
    p = layOutShots(p);
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('AABCCC');
    expectEditError(() => layOutShots(p, { shotIds: ['nope'] }), 'That shot is no longer in the shot list.');
  });

  it('gives a shot whose clip was deleted a new placeholder; material before the first shot clip stays, material between shot clips follows the block', () => {
    let p = layOutShots(withShots({ A: 2, B: 2 }));
    // the user drops a clip between A and B (B moves right), then deletes A's clip
    const e = ensurePrevizTrack(p);
    p = {
      ...p,
      timeline: {
        ...p.timeline,
        tracks: p.timeline.tracks.map((t) => (t.id === e.trackId ? { ...t, items: [t.items[0]!, clip('X', 3), t.items[1]!].filter((x) => x.id !== byName(p, 'A').clipId) } : t)),
      },
    };
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('XXXBB');
    const oldA = byName(p, 'A').clipId;
    p = layOutShots(p);
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('XXXAABB');
    expect(byName(p, 'A').clipId).not.toBe(oldA);
    // a gap and later material keep their place relative to the block's end
    p = onPreviz(p, [['_', 2], ['Q', 1]]);
    p = layOutShots(updateShot(p, byName(p, 'A').id, { frames: 4 }));
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('XXXAAAABB__Q');
    // material dropped between two shot clips moves after the last one
    const t = ensurePrevizTrack(p).trackId;
    p = { ...p, timeline: { ...p.timeline, tracks: p.timeline.tracks.map((x) => (x.id === t ? { ...x, items: [x.items[0]!, x.items[1]!, clip('Y', 1), ...x.items.slice(2)] } : x)) } };
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('XXXAAAAYBB__Q');
    p = layOutShots(p);
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('XXXAAAABBY__Q');
  });

  it('refuses a locked Previz track', () => {
    const p = layOutShots(withShots({ A: 2 }));
    const locked = { ...p, timeline: { ...p.timeline, tracks: p.timeline.tracks.map((t) => ({ ...t, locked: t.name === PREVIZ_TRACK })) } };
    expectEditError(() => layOutShots(locked), `Track ${PREVIZ_TRACK} is locked.`);
  });
});

describe('applyShotResult', () => {
  it('shows the media in the shot clip (same place and length, from its start) and remembers the spec; the old take stays', () => {
    let p = layOutShots(withShots({ A: 2, B: 3 }));
    const b = byName(p, 'B');
    p = { ...p, media: [...p.media, video('take1', 5, { generation: 'gen1' })] };
    p = applyShotResult(p, b.id, p.media.at(-1)!, specOf(b));
    const c = shotClip(p, byName(p, 'B'))!;
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('AABBB');
    expect(c.clip).toMatchObject({ id: b.clipId, mediaId: 'take1', metadata: { [SHOT_KEY]: b.id, [GENERATION_KEY]: 'gen1' } });
    expect([rescale(c.clip.sourceRange.start, R24), c.length]).toEqual([0, 3]);
    expect(byName(p, 'B').generated).toEqual(specOf(b));
    expect(isStale(byName(p, 'B'))).toBe(false);
    // a new prompt makes it stale; the new take lands and the old media stays in the bin
    p = updateShot(p, b.id, { prompt: 'rain' });
    expect(p.previz!.shots.map(isStale)).toEqual([false, true]);
    p = { ...p, media: [...p.media, video('take2', 5, { generation: 'gen2' })] };
    p = applyShotResult(p, b.id, p.media.at(-1)!, specOf(byName(p, 'B')));
    expect(shotClip(p, byName(p, 'B'))!.clip.mediaId).toBe('take2');
    expect(p.media.map((m) => m.id)).toEqual(['take1', 'take2']);
    expect(byName(p, 'B').generated!.prompt).toBe('rain');
    expect(p.previz!.shots.map(isStale)).toEqual([false, false]);
  });

  it('plays a take’s sound on the Previz Sound track, linked to its picture, following it when shots move or change length', () => {
    const withSound = (id: string, seconds: number, generation: string): Media => {
      const m = video(id, seconds, { generation });
      return { ...m, probe: { ...m.probe, streams: [...m.probe.streams, { index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 }] } };
    };
    let p = layOutShots(withShots({ A: 2, B: 3 }));
    p = { ...p, media: [...p.media, withSound('a1', 5, 'ga'), withSound('b1', 5, 'gb')] };
    p = applyShotResult(p, byName(p, 'A').id, p.media[0]!, specOf(byName(p, 'A')));
    p = applyShotResult(p, byName(p, 'B').id, p.media[1]!, specOf(byName(p, 'B')));
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('AABBB');
    expect(draw(p.timeline)[PREVIZ_SOUND_TRACK]).toBe('AABBB');
    const sound = () => p.timeline.tracks.find((t) => t.name === PREVIZ_SOUND_TRACK)!.items.filter((x): x is Clip => x.kind === 'clip');
    const pictureB = () => shotClip(p, byName(p, 'B'))!.clip;
    expect(sound().map((c) => c.mediaId)).toEqual(['a1', 'b1']);
    expect(sound()[1]!.linkId).toBe(pictureB().linkId);
    expect(pictureB().linkId).toBeDefined();
    // A new take of B replaces B's sound, nothing else.
    p = { ...p, media: [...p.media, withSound('b2', 5, 'gb2')] };
    p = applyShotResult(p, byName(p, 'B').id, p.media[2]!, specOf(byName(p, 'B')));
    expect(sound().map((c) => c.mediaId)).toEqual(['a1', 'b2']);
    expect(sound()[1]!.linkId).toBe(pictureB().linkId);
    // A grows and the order changes: the sound follows its picture.
    p = updateShot(p, byName(p, 'A').id, { frames: 4 });
    p = moveShot(p, byName(p, 'B').id, 0);
    p = layOutShots(p);
    expect(draw(p.timeline)[PREVIZ_TRACK]).toBe('BBBAAAA');
    expect(draw(p.timeline)[PREVIZ_SOUND_TRACK]).toBe('BBBAAAA');
    // A silent take leaves the shot silent (the earlier take's sound goes).
    p = { ...p, media: [...p.media, video('a2', 5, { generation: 'ga2' })] };
    p = applyShotResult(p, byName(p, 'A').id, p.media[3]!, specOf(byName(p, 'A')));
    expect(draw(p.timeline)[PREVIZ_SOUND_TRACK]).toBe('BBB');
    expect(shotClip(p, byName(p, 'A'))!.clip.linkId).toBeUndefined();
  });

  it('needs the shot laid out and the media in the bin', () => {
    const p = withShots({ A: 2 });
    const a = byName(p, 'A');
    const m = video('take1', 1, { generation: 'g' });
    expectEditError(() => applyShotResult({ ...p, media: [m] }, a.id, m, specOf(a)), 'Lay "A" out on the timeline before placing its picture.');
    const laid = layOutShots(p);
    expectEditError(() => applyShotResult(laid, a.id, m, specOf(a)), 'take1 is not in the bin.');
  });
});
