// Edits of the shot list and the reference library, and laying shots out on the timeline.
// Pure: (project, …) => project, one undo step each in the renderer and the same code in
// the CLI. A bad request throws an EditError whose message is written for the user.
//
// Laying out shots 1–3 (4, 2 and 3 frames) on an empty timeline creates the Previz track
// on top and puts a placeholder per shot there, in shot order:
//   Previz | 1 1 1 1 2 2 3 3 3 |
// Laying out again after shot 2 grew to 4 frames keeps every clip and ripples what follows
// on that track (other tracks do not move):
//   Previz | 1 1 1 1 2 2 2 2 3 3 3 |
import type { Clip, Media, Project, Track } from '../timeline/model';
import { createTrack } from '../timeline/factory';
import { rescale, rt } from '../timeline/time';
import { newId } from '../ids';
import { EditError, TimelineEdit, clearRange, endOf, locateAll, place, type Piece } from '../timeline/edit/core';
import { GENERATION_KEY, generationOf } from '../generation/model';
import { SHOT_KEY, type Previz, type Reference, type ReferenceKind, type Shot, type ShotSpec } from './model';
import { cleanText, type ParsedShot } from './shotlist';

/** The name of the video track shots are laid out on. */
export const PREVIZ_TRACK = 'Previz';
/** The name of the audio track their generated sound plays on. */
export const PREVIZ_SOUND_TRACK = 'Previz Sound';

const LIMITS = { name: 256, prompt: 4000, camera: 1000, description: 2000, frames: 1_000_000, references: 16, shots: 10_000, library: 1_000 } as const;

export const previzOf = (project: Project): Previz => project.previz ?? { shots: [], references: [] };

const withPreviz = (project: Project, previz: Previz): Project => ({ ...project, previz });

function shotIndex(project: Project, shotId: string): number {
  const i = previzOf(project).shots.findIndex((s) => s.id === shotId);
  if (i < 0) throw new EditError('That shot is no longer in the shot list.');
  return i;
}

export const findShot = (project: Project, shotId: string): Shot => previzOf(project).shots[shotIndex(project, shotId)]!;

const label = (s: { name: string }, i: number): string => (s.name ? `"${s.name}"` : `shot ${i + 1}`);

function checkText(what: string, value: string, max: number): void {
  if (value.length > max) throw new EditError(`The ${what} is longer than ${max} characters.`);
}

function checkFrames(frames: number): void {
  if (!Number.isSafeInteger(frames) || frames < 1) throw new EditError('A shot needs at least one frame.');
  if (frames > LIMITS.frames) throw new EditError(`A shot can be at most ${LIMITS.frames} frames long.`);
}

function checkReferences(project: Project, ids: readonly string[]): void {
  if (ids.length > LIMITS.references) throw new EditError(`A shot can name at most ${LIMITS.references} references.`);
  const known = new Set(previzOf(project).references.map((r) => r.id));
  if (ids.some((id) => !known.has(id))) throw new EditError('That reference is no longer in the library.');
}

function checkImage(project: Project, mediaId: string): void {
  const m = project.media.find((x) => x.id === mediaId);
  if (!m) throw new EditError('That image is no longer in the bin.');
  if (m.kind === 'audio') throw new EditError(`${m.name} has no picture to start a shot from.`);
}

// ---- shots -------------------------------------------------------------------------------

export interface ShotResolver {
  /** the bin media for an image path as the shot list wrote it */
  imageMediaId(path: string): string | undefined;
  /** the library reference with this name */
  referenceId(name: string): string | undefined;
}

/** New shots from a shot list, inserted before shot index `at` (default: at the end). */
export function addShots(project: Project, shots: readonly ParsedShot[], resolve: ShotResolver, at?: number): Project {
  const previz = previzOf(project);
  if (previz.shots.length + shots.length > LIMITS.shots) throw new EditError(`A shot list holds at most ${LIMITS.shots} shots.`);
  const where = at ?? previz.shots.length;
  if (!Number.isSafeInteger(where) || where < 0 || where > previz.shots.length) throw new EditError('Shots can only be added inside the shot list.');
  const made: Shot[] = shots.map((p, i) => {
    const name = cleanText(p.name);
    const what = name ? `Shot "${name}"` : `Shot ${where + i + 1}`;
    checkText('shot name', name, LIMITS.name);
    checkText('prompt', p.prompt, LIMITS.prompt);
    checkText('camera note', p.camera, LIMITS.camera);
    checkFrames(p.frames);
    const referenceIds = p.references.map((n) => resolve.referenceId(n) ?? fail(`${what} names the reference "${n}", which is not in the library.`));
    checkReferences(project, referenceIds);
    const imageMediaId = p.image ? (resolve.imageMediaId(p.image) ?? fail(`${what}: the image ${p.image} is not in the bin.`)) : undefined;
    if (imageMediaId) checkImage(project, imageMediaId);
    return {
      id: newId('s'),
      name,
      prompt: p.prompt,
      camera: p.camera,
      frames: p.frames,
      referenceIds: [...new Set(referenceIds)],
      ...(imageMediaId ? { imageMediaId } : {}),
      continueFromPrevious: p.continueFromPrevious,
    };
  });
  return withPreviz(project, { ...previz, shots: [...previz.shots.slice(0, where), ...made, ...previz.shots.slice(where)] });
}

const fail = (message: string): never => {
  throw new EditError(message);
};

export type ShotPatch = Partial<Pick<Shot, 'name' | 'prompt' | 'camera' | 'frames' | 'referenceIds' | 'imageMediaId' | 'continueFromPrevious'>>;

/**
 * Changes a shot. A laid-out shot's clip is renamed with it; its length changes at the next
 * layOutShots. `imageMediaId: undefined` in the patch takes the shot's own image away.
 */
export function updateShot(project: Project, shotId: string, patch: ShotPatch): Project {
  const previz = previzOf(project);
  const i = shotIndex(project, shotId);
  const shot = previz.shots[i]!;
  if (patch.name !== undefined) checkText('shot name', patch.name, LIMITS.name);
  if (patch.prompt !== undefined) checkText('prompt', patch.prompt, LIMITS.prompt);
  if (patch.camera !== undefined) checkText('camera note', patch.camera, LIMITS.camera);
  if (patch.frames !== undefined) checkFrames(patch.frames);
  if (patch.referenceIds !== undefined) checkReferences(project, patch.referenceIds);
  if (patch.imageMediaId !== undefined) checkImage(project, patch.imageMediaId);
  const next: Shot = { ...shot };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.prompt !== undefined) next.prompt = patch.prompt;
  if (patch.camera !== undefined) next.camera = patch.camera;
  if (patch.frames !== undefined) next.frames = patch.frames;
  if (patch.referenceIds !== undefined) next.referenceIds = [...new Set(patch.referenceIds)];
  if (patch.continueFromPrevious !== undefined) next.continueFromPrevious = patch.continueFromPrevious;
  if ('imageMediaId' in patch) {
    if (patch.imageMediaId === undefined) delete next.imageMediaId;
    else next.imageMediaId = patch.imageMediaId;
  }
  const shots = previz.shots.map((s, k) => (k === i ? next : s));
  let out = withPreviz(project, { ...previz, shots });
  if (patch.name !== undefined && patch.name !== shot.name && shot.clipId) out = renameClip(out, shot.clipId, patch.name);
  return out;
}

function renameClip(project: Project, clipId: string, name: string): Project {
  let changed = false;
  const tracks = project.timeline.tracks.map((t) => {
    if (!t.items.some((x) => x.id === clipId)) return t;
    changed = true;
    return { ...t, items: t.items.map((x) => (x.kind === 'clip' && x.id === clipId ? { ...x, name } : x)) };
  });
  return changed ? { ...project, timeline: { ...project.timeline, tracks } } : project;
}

/** Takes a shot out of the list; its clip stays on the timeline. */
export function removeShot(project: Project, shotId: string): Project {
  const previz = previzOf(project);
  const i = shotIndex(project, shotId);
  return withPreviz(project, { ...previz, shots: previz.shots.filter((_, k) => k !== i) });
}

/** Moves a shot to index `toIndex` of the list (the timeline follows at the next layOutShots). */
export function moveShot(project: Project, shotId: string, toIndex: number): Project {
  const previz = previzOf(project);
  const i = shotIndex(project, shotId);
  if (!Number.isSafeInteger(toIndex) || toIndex < 0 || toIndex >= previz.shots.length) throw new EditError('A shot can only move inside the shot list.');
  if (i === toIndex) return project;
  const shots = previz.shots.filter((_, k) => k !== i);
  shots.splice(toIndex, 0, previz.shots[i]!);
  return withPreviz(project, { ...previz, shots });
}

// ---- references ----------------------------------------------------------------------------

export interface ReferenceInput {
  name: string;
  kind: ReferenceKind;
  mediaId: string;
  description: string;
}

function checkReference(project: Project, r: ReferenceInput, selfId?: string): void {
  if (!r.name) throw new EditError('A reference needs a name.');
  checkText('reference name', r.name, LIMITS.name);
  checkText('description', r.description, LIMITS.description);
  if (/^\s|\s$/.test(r.name)) throw new EditError('A reference name cannot start or end with a space.');
  const clash = previzOf(project).references.find((x) => x.id !== selfId && x.name.toLowerCase() === r.name.toLowerCase());
  if (clash) throw new EditError(`The library already has a reference named "${clash.name}".`);
  const m = project.media.find((x) => x.id === r.mediaId);
  if (!m) throw new EditError('That image is no longer in the bin.');
  if (m.kind === 'audio') throw new EditError(`${m.name} has no picture to use as a reference.`);
}

/** A new named image in the reference library. Names are unique (ignoring case). */
export function addReference(project: Project, r: ReferenceInput): { project: Project; referenceId: string } {
  const previz = previzOf(project);
  if (previz.references.length >= LIMITS.library) throw new EditError(`The reference library holds at most ${LIMITS.library} references.`);
  checkReference(project, r);
  const reference: Reference = { id: newId('r'), name: r.name, kind: r.kind, mediaId: r.mediaId, description: r.description };
  return { project: withPreviz(project, { ...previz, references: [...previz.references, reference] }), referenceId: reference.id };
}

export function updateReference(project: Project, referenceId: string, patch: Partial<ReferenceInput>): Project {
  const previz = previzOf(project);
  const old = previz.references.find((r) => r.id === referenceId) ?? fail('That reference is no longer in the library.');
  const next: Reference = { ...old, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  checkReference(project, next, referenceId);
  return withPreviz(project, { ...previz, references: previz.references.map((r) => (r.id === referenceId ? next : r)) });
}

/** Takes a reference out of the library and out of every shot that named it. */
export function removeReference(project: Project, referenceId: string): Project {
  const previz = previzOf(project);
  if (!previz.references.some((r) => r.id === referenceId)) throw new EditError('That reference is no longer in the library.');
  return withPreviz(project, {
    references: previz.references.filter((r) => r.id !== referenceId),
    shots: previz.shots.map((s) => (s.referenceIds.includes(referenceId) ? { ...s, referenceIds: s.referenceIds.filter((id) => id !== referenceId) } : s)),
  });
}

/** The shots that name a reference, in shot order. */
export const shotsUsing = (project: Project, referenceId: string): Shot[] => previzOf(project).shots.filter((s) => s.referenceIds.includes(referenceId));

// ---- the timeline -------------------------------------------------------------------------

/** The Previz video track, if the timeline has one. */
export const previzTrack = (project: Project): Track | undefined => project.timeline.tracks.find((t) => t.kind === 'video' && t.name === PREVIZ_TRACK);

/** The timeline with a Previz track (made the top video track when missing) and its id. */
export function ensurePrevizTrack(project: Project): { project: Project; trackId: string } {
  const found = previzTrack(project);
  if (found) return { project, trackId: found.id };
  const tracks = project.timeline.tracks;
  const videos = tracks.filter((t) => t.kind === 'video').length;
  const track: Track = { ...createTrack('video', videos + 1), name: PREVIZ_TRACK };
  let lastVideo = -1;
  tracks.forEach((t, i) => {
    if (t.kind === 'video') lastVideo = i;
  });
  const next = [...tracks.slice(0, lastVideo + 1), track, ...tracks.slice(lastVideo + 1)];
  return { project: { ...project, timeline: { ...project.timeline, tracks: next } }, trackId: track.id };
}

/** The Previz sound track (a shot's generated sound, linked to its picture), if there is one. */
export const previzSoundTrack = (project: Project): Track | undefined => project.timeline.tracks.find((t) => t.kind === 'audio' && t.name === PREVIZ_SOUND_TRACK);

/** The timeline with a Previz sound track (the last audio track when missing) and its id. */
function ensurePrevizSoundTrack(project: Project): { project: Project; trackId: string } {
  const found = previzSoundTrack(project);
  if (found) return { project, trackId: found.id };
  const audios = project.timeline.tracks.filter((t) => t.kind === 'audio').length;
  const track: Track = { ...createTrack('audio', audios + 1), name: PREVIZ_SOUND_TRACK };
  return { project: { ...project, timeline: { ...project.timeline, tracks: [...project.timeline.tracks, track] } }, trackId: track.id };
}

const hasSound = (m: Media): boolean => m.probe.streams.some((x) => x.type === 'audio');

const placeholder = (shot: Shot, rate: Project['timeline']['rate']): Clip => ({
  kind: 'clip',
  id: newId('c'),
  name: shot.name,
  mediaId: null,
  sourceRange: { start: rt(0, rate), duration: rt(shot.frames, rate) },
  enabled: true,
  metadata: { [SHOT_KEY]: shot.id },
});

/**
 * Lays the shots out in shot order on the Previz track: shots already there keep their
 * clip (renamed to the shot, with the shot's length, at its place in the order), the
 * shots in `shotIds` (default: all) that are not there get a placeholder clip (offline,
 * named after the shot, tagged with SHOT_KEY). The laid-out shots follow one another from
 * where the first of them was (or the end of the track); what else is on the track after
 * that point follows them, rippled by the change of length. Other tracks do not move.
 */
export function layOutShots(project: Project, o: { shotIds?: readonly string[] } = {}): Project {
  const previz = previzOf(project);
  const wanted = new Set(o.shotIds ?? previz.shots.map((s) => s.id));
  for (const id of wanted) shotIndex(project, id);
  if (wanted.size === 0) return project;
  const ensured = ensurePrevizTrack(project);
  const p = ensured.project;
  const rate = p.timeline.rate;
  const edit = new TimelineEdit(p.timeline);
  const layout = edit.layout(ensured.trackId);
  const onTrack = new Map(layout.pieces.map((x) => [x.clip.id, x]));
  const shotPieces = new Map<string, Piece>();
  for (const s of previz.shots) {
    const piece = s.clipId ? onTrack.get(s.clipId) : undefined;
    if (piece && piece.clip.metadata?.[SHOT_KEY] === s.id) shotPieces.set(piece.clip.id, piece);
  }
  const old = [...shotPieces.values()];
  const trackEnd = layout.pieces.reduce((m, x) => Math.max(m, endOf(x)), 0);
  const blockStart = old.length ? Math.min(...old.map((x) => x.start)) : trackEnd;
  const blockEnd = old.length ? Math.max(...old.map(endOf)) : trackEnd;

  // The block: every shot laid out before, and the wanted ones, in shot order.
  let at = blockStart;
  const block: Piece[] = [];
  const clipIds = new Map<string, string>();
  for (const s of previz.shots) {
    const had = s.clipId ? shotPieces.get(s.clipId) : undefined;
    if (!had && !wanted.has(s.id)) continue;
    const clip: Clip = had ? conformLength({ ...had.clip, name: s.name, metadata: { ...had.clip.metadata, [SHOT_KEY]: s.id } }, s.frames, rate) : placeholder(s, rate);
    block.push({ clip, start: at, length: s.frames });
    clipIds.set(s.id, clip.id);
    at += s.frames;
  }
  // What else was on the track from the block on follows it: what lay between shot clips
  // right after the last shot, then the rest rippled by the change in length.
  const rest = layout.pieces.filter((x) => !shotPieces.has(x.clip.id));
  const before = rest.filter((x) => x.start < blockStart);
  let cursor = at;
  const inside = rest
    .filter((x) => x.start >= blockStart && x.start < blockEnd)
    .map((x) => {
      const start = cursor;
      cursor += x.length;
      return { ...x, start };
    });
  const delta = cursor - blockEnd;
  const after = [...inside, ...rest.filter((x) => x.start >= blockEnd).map((x) => ({ ...x, start: x.start + delta }))];
  layout.pieces = [...before, ...block, ...after];
  layout.gaps = new Map([...layout.gaps].filter(([k]) => k < blockStart));
  followWithSound(p, edit, block, blockStart, delta);
  const timeline = edit.result();
  const shots = previz.shots.map((s) => (clipIds.has(s.id) && s.clipId !== clipIds.get(s.id) ? { ...s, clipId: clipIds.get(s.id)! } : s));
  return { ...p, timeline, previz: { ...previz, shots } };
}

/**
 * The shots' sound on the Previz sound track follows their pictures: each linked sound
 * clip goes where its picture now is, as long as it; the rest of that track stays before
 * the block or ripples by `delta` after it, as on the picture track.
 */
function followWithSound(p: Project, edit: TimelineEdit, block: readonly Piece[], blockStart: number, delta: number): void {
  const track = previzSoundTrack(p);
  if (!track) return;
  const rate = p.timeline.rate;
  const pictureOf = new Map(block.filter((x) => x.clip.linkId).map((x) => [x.clip.linkId!, x]));
  const sound = edit.layout(track.id);
  const linked = sound.pieces.filter((x) => x.clip.linkId && pictureOf.has(x.clip.linkId));
  sound.pieces = sound.pieces.filter((x) => !linked.includes(x)).map((x) => (x.start >= blockStart ? { ...x, start: x.start + delta } : x));
  sound.gaps = new Map([...sound.gaps].filter(([k]) => k < blockStart));
  for (const x of linked) {
    const picture = pictureOf.get(x.clip.linkId!)!;
    clearRange(sound, picture.start, endOf(picture), rate, false);
    place(sound, { clip: conformLength(x.clip, picture.length, rate), start: picture.start, length: picture.length });
  }
}

/** The clip with its source length set to `frames` timeline frames, at the timeline rate. */
function conformLength(clip: Clip, frames: number, rate: Project['timeline']['rate']): Clip {
  return { ...clip, sourceRange: { start: rt(rescale(clip.sourceRange.start, rate), rate), duration: rt(frames, rate) } };
}

/** The clip of a shot and where it is, or undefined when it is not on the timeline. */
export function shotClip(project: Project, shot: Shot): { clip: Clip; trackId: string; start: number; length: number } | undefined {
  if (!shot.clipId) return undefined;
  const loc = locateAll(project.timeline).get(shot.clipId);
  return loc ? { clip: loc.piece.clip, trackId: loc.trackId, start: loc.piece.start, length: loc.piece.length } : undefined;
}

/**
 * Shows generated `media` (already in project.media: a predicted record or a landed one)
 * in the shot's clip: same position and length, read from the media's start, and records
 * the spec it was generated from. The previous media stays in the bin as the old take.
 */
export function applyShotResult(project: Project, shotId: string, media: Media, spec: ShotSpec): Project {
  const previz = previzOf(project);
  const i = shotIndex(project, shotId);
  const shot = previz.shots[i]!;
  if (!project.media.some((m) => m.id === media.id)) throw new EditError(`${media.name} is not in the bin.`);
  const at = shotClip(project, shot) ?? fail(`Lay ${label(shot, i)} out on the timeline before placing its picture.`);
  const rate = project.timeline.rate;
  const track = project.timeline.tracks.find((t) => t.id === at.trackId)!;
  if (track.locked) throw new EditError(`Track ${track.name} is locked.`);
  const generationId = generationOf(media);
  const clip: Clip = {
    ...at.clip,
    mediaId: media.id,
    sourceRange: { start: rt(0, rate), duration: rt(at.length, rate) },
    metadata: { ...at.clip.metadata, [SHOT_KEY]: shot.id, ...(generationId ? { [GENERATION_KEY]: generationId } : {}) },
  };
  const shots = previz.shots.map((s, k) => (k === i ? { ...s, generated: { ...spec, referenceIds: [...spec.referenceIds] } } : s));
  // The take's sound plays on the Previz sound track, linked to the picture (a video
  // clip's own sound is not heard); an earlier take's sound goes with it.
  const oldLink = at.clip.linkId;
  const sounded = hasSound(media) ? ensurePrevizSoundTrack(project) : { project, trackId: previzSoundTrack(project)?.id };
  const linkId = hasSound(media) ? newId('l') : undefined;
  const picture: Clip = { ...clip, ...(linkId ? { linkId } : {}) };
  if (!linkId) delete picture.linkId;
  const edit = new TimelineEdit(sounded.project.timeline);
  const pictures = edit.layout(track.id);
  pictures.pieces = pictures.pieces.map((x) => (x.clip.id === picture.id ? { ...x, clip: picture } : x));
  if (sounded.trackId && (oldLink || linkId)) {
    const sound = edit.layout(sounded.trackId);
    sound.pieces = sound.pieces.filter((x) => !(oldLink && x.clip.linkId === oldLink));
    if (linkId) {
      clearRange(sound, at.start, at.start + at.length, rate, false);
      const clipOfSound: Clip = { kind: 'clip', id: newId('c'), name: shot.name, mediaId: media.id, sourceRange: { start: rt(0, rate), duration: rt(at.length, rate) }, enabled: true, linkId, metadata: { ...picture.metadata } };
      place(sound, { clip: clipOfSound, start: at.start, length: at.length });
    }
  }
  return { ...sounded.project, timeline: edit.result(), previz: { ...previz, shots } };
}
