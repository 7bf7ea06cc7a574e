// Where generated media lands on the timeline. Pure edits over the timeline model, each
// one undo step in the renderer and the same code in the CLI.
//
// Extend after A (4 frames, crossfade 2, the media has a 2-frame head handle):
//   V1 | A A A A | B B |     ->   V1 | A A A A X X X X | B B |
//   A1 | a a a a | b b |     ->   A1 | a a a a / x x x x | b b |    (x fades in over a's last 2)
// Everything after the clip moves right by the extension on every unlocked track (sync
// lock), so picture and sound stay in sync; the picture cuts exactly at the seam and the
// sound crossfades across it, reaching into the extension's head handle, which holds the
// clip's own tail.
import type { Clip, Media, Timeline, Track, Transition } from '../timeline/model';
import { clipsForMedia } from '../timeline/factory';
import { rt } from '../timeline/time';
import { newId } from '../ids';
import { EditError, locateAll, sourceIn, withLinked, type Located } from '../timeline/edit/core';
import { gapAt } from '../timeline/edit/remove';
import { placeClips, type Placement } from '../timeline/edit/place';
import { GENERATION_KEY } from './model';

export interface Landing {
  generationId: string;
  /** the take placed (the first one) */
  media: Media;
  /** frames of the media used on the timeline */
  frames: number;
  /** media frames before (extend) or after (extendBefore) the used part */
  handleFrames: number;
  /** audio crossfade length across the seam; 0 for a hard cut */
  crossfadeFrames: number;
}

export interface Placed {
  timeline: Timeline;
  /** the new clips (picture first) */
  clipIds: string[];
}

/** The new linked clips for a landing, reading `frames` from `inFrame` of the media. */
function newClips(timeline: Timeline, l: Landing, inFrame: number): { video?: Clip; audio?: Clip } {
  const { video, audio } = clipsForMedia(l.media, timeline.rate);
  const shape = (c: Clip | undefined): Clip | undefined =>
    c && { ...c, sourceRange: { start: rt(inFrame, timeline.rate), duration: rt(l.frames, timeline.rate) }, metadata: { [GENERATION_KEY]: l.generationId } };
  return { ...(video ? { video: shape(video)! } : {}), ...(audio ? { audio: shape(audio)! } : {}) };
}

/** The selected clip and its linked partners, by kind of track. */
function group(timeline: Timeline, clipId: string): { video?: Located; audio?: Located } {
  const all = locateAll(timeline);
  if (!all.has(clipId)) throw new EditError('That clip is no longer on the timeline.');
  const out: { video?: Located; audio?: Located } = {};
  for (const id of withLinked(timeline, [clipId])) {
    const loc = all.get(id)!;
    const kind = timeline.tracks.find((t) => t.id === loc.trackId)!.kind;
    // The clicked clip wins over a partner on a track of the same kind.
    if (!out[kind] || id === clipId) out[kind] = loc;
  }
  return out;
}

function crossfade(frames: number, before: number, after: number, rate: Timeline['rate']): Transition {
  return {
    kind: 'transition',
    id: newId('t'),
    name: 'Crossfade',
    transitionType: 'SMPTE_Dissolve',
    inOffset: rt(before, rate),
    outOffset: rt(after, rate),
    metadata: { 'segue.curve': 'equal-power', 'segue.crossfadeFrames': frames },
  };
}

/** Puts `transition` between the clips `leftId` and `rightId` where they meet on a track. */
function joinWith(track: Track, leftId: string, rightId: string, transition: Transition): Track {
  const i = track.items.findIndex((x) => x.id === leftId);
  if (i < 0 || track.items[i + 1]?.id !== rightId) return track;
  return { ...track, items: [...track.items.slice(0, i + 1), transition, ...track.items.slice(i + 1)] };
}

/**
 * How a crossfade of `frames` splits around the cut: as much as possible from the side
 * whose media has a handle, the rest centred (the render engine fades a side without one).
 */
export function splitCrossfade(frames: number, handleFrames: number): { before: number; after: number } {
  if (handleFrames >= frames) return { before: frames, after: 0 };
  const before = handleFrames + Math.floor((frames - handleFrames) / 2);
  return { before, after: frames - before };
}

/** Extend after (or, with side 'before', lead into) the clip `clipId` and its linked partner. */
export function placeExtension(timeline: Timeline, clipId: string, l: Landing, side: 'after' | 'before' = 'after'): Placed {
  const g = group(timeline, clipId);
  const anchor = g.video ?? g.audio!;
  const at = side === 'after' ? anchor.piece.start + anchor.piece.length : anchor.piece.start;
  for (const loc of [g.video, g.audio]) {
    if (loc && (side === 'after' ? loc.piece.start + loc.piece.length : loc.piece.start) !== at) {
      throw new EditError('The picture and sound of this clip are out of sync; extend one of them on its own.');
    }
  }
  const clips = newClips(timeline, l, side === 'after' ? l.handleFrames : 0);
  const placements: Placement[] = [];
  if (g.video && clips.video) placements.push({ trackId: g.video.trackId, start: at, clip: clips.video });
  const audioTrack = g.audio?.trackId ?? timeline.tracks.find((t) => t.kind === 'audio' && !t.locked)?.id;
  if (audioTrack && clips.audio) placements.push({ trackId: audioTrack, start: at, clip: clips.audio });
  if (!placements.length) throw new EditError('There is no track for the generated clip.');
  if (placements.length === 1) {
    const { linkId: _alone, ...clip } = placements[0]!.clip;
    placements[0] = { ...placements[0]!, clip };
  }
  const sync = timeline.tracks.filter((t) => !t.locked).map((t) => t.id);
  let next = placeClips(timeline, placements, 'insert', sync);
  const newAudio = placements.find((p) => p.trackId === audioTrack && p.clip.id === clips.audio?.id);
  if (g.audio && newAudio && l.crossfadeFrames > 0) {
    const rate = timeline.rate;
    const { before, after } = splitCrossfade(l.crossfadeFrames, l.handleFrames);
    // After: the incoming extension reaches back into its head handle (inOffset, before the cut).
    // Before: the outgoing lead-in reaches on into its tail handle (outOffset, after the cut).
    const t = side === 'after' ? crossfade(l.crossfadeFrames, Math.min(before, g.audio.piece.length), Math.min(after, l.frames), rate) : crossfade(l.crossfadeFrames, Math.min(after, l.frames), Math.min(before, g.audio.piece.length), rate);
    const [left, right] = side === 'after' ? [g.audio.piece.clip.id, newAudio.clip.id] : [newAudio.clip.id, g.audio.piece.clip.id];
    next = { ...next, tracks: next.tracks.map((tr) => (tr.id === audioTrack ? joinWith(tr, left, right, t) : tr)) };
  }
  return { timeline: next, clipIds: placements.map((p) => p.clip.id) };
}

/** The clip's out point (or in point) in source frames at the timeline rate, for the provider. */
export function sourcePoint(timeline: Timeline, clipId: string, side: 'after' | 'before'): { mediaId: string; frame: number; clip: Clip } {
  const g = group(timeline, clipId);
  const loc = g.video ?? g.audio!;
  const clip = loc.piece.clip;
  if (!clip.mediaId) throw new EditError('This clip is offline; relink it before extending.');
  const start = sourceIn(clip, timeline.rate);
  return { mediaId: clip.mediaId, frame: side === 'after' ? start + loc.piece.length : start, clip };
}

export interface GapTarget {
  trackId: string;
  start: number;
  end: number;
  /** the clip before the gap on that track, if any */
  before?: Located;
  /** the clip after it */
  after?: Located;
}

/** The gap on `trackId` that holds `frame`, with its neighbours. */
export function gapTarget(timeline: Timeline, trackId: string, frame: number): GapTarget {
  const span = gapAt(timeline, trackId, frame);
  if (!span) throw new EditError('There is no gap there to fill.');
  const [start, end] = span;
  let before: Located | undefined;
  let after: Located | undefined;
  for (const loc of locateAll(timeline).values()) {
    if (loc.trackId !== trackId) continue;
    if (loc.piece.start + loc.piece.length === start) before = loc;
    if (loc.piece.start === end) after = loc;
  }
  return { trackId, start, end, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

const isFree = (timeline: Timeline, trackId: string, start: number, end: number): boolean =>
  ![...locateAll(timeline).values()].some((l) => l.trackId === trackId && l.piece.start < end && l.piece.start + l.piece.length > start);

/**
 * A bridge of exactly the gap's length into the gap; its sound goes on the audio track
 * linked to the clip before (or after) the gap when that span is free there, else only
 * the picture lands. Nothing moves.
 */
export function placeFill(timeline: Timeline, gap: GapTarget, l: Landing): Placed {
  if (l.frames !== gap.end - gap.start) throw new EditError('The bridge must be exactly as long as the gap.');
  const clips = newClips(timeline, l, 0);
  const track = timeline.tracks.find((t) => t.id === gap.trackId)!;
  const placements: Placement[] = [];
  const main = track.kind === 'video' ? clips.video : clips.audio;
  if (main) placements.push({ trackId: gap.trackId, start: gap.start, clip: main });
  if (track.kind === 'video' && clips.audio) {
    const neighbour = gap.before ?? gap.after;
    const partner = neighbour ? group(timeline, neighbour.piece.clip.id).audio : undefined;
    const audioTrack = partner?.trackId ?? timeline.tracks.find((t) => t.kind === 'audio' && !t.locked)?.id;
    if (audioTrack && !timeline.tracks.find((t) => t.id === audioTrack)!.locked && isFree(timeline, audioTrack, gap.start, gap.end)) {
      placements.push({ trackId: audioTrack, start: gap.start, clip: clips.audio });
    }
  }
  if (!placements.length) throw new EditError('There is no track for the bridge.');
  if (placements.length === 1) {
    const { linkId: _alone, ...clip } = placements[0]!.clip;
    placements[0] = { ...placements[0]!, clip };
  }
  return { timeline: placeClips(timeline, placements, 'overwrite'), clipIds: placements.map((p) => p.clip.id) };
}

/** A new clip (text- or image-to-video) inserted at `frame` on the first unlocked video track. */
export function placeAt(timeline: Timeline, frame: number, l: Landing, videoTrackId?: string): Placed {
  const clips = newClips(timeline, l, 0);
  const vTrack = videoTrackId ?? timeline.tracks.find((t) => t.kind === 'video' && !t.locked)?.id;
  const aTrack = timeline.tracks.find((t) => t.kind === 'audio' && !t.locked)?.id;
  const placements: Placement[] = [];
  if (vTrack && clips.video) placements.push({ trackId: vTrack, start: frame, clip: clips.video });
  if (aTrack && clips.audio) placements.push({ trackId: aTrack, start: frame, clip: clips.audio });
  if (!placements.length) throw new EditError('There is no unlocked track for the new clip.');
  const sync = timeline.tracks.filter((t) => !t.locked).map((t) => t.id);
  return { timeline: placeClips(timeline, placements, 'insert', sync), clipIds: placements.map((p) => p.clip.id) };
}

/**
 * Shows another take in the clip and its linked partner: the media changes, the edit
 * (position, length, in point, transitions) stays.
 */
export function swapTake(timeline: Timeline, clipId: string, mediaId: string): Timeline {
  const ids = new Set(withLinked(timeline, [clipId]));
  let changed = false;
  const tracks = timeline.tracks.map((t) => {
    if (!t.items.some((i) => ids.has(i.id))) return t;
    if (t.locked) throw new EditError(`Track ${t.name} is locked.`);
    changed = true;
    return { ...t, items: t.items.map((i) => (i.kind === 'clip' && ids.has(i.id) ? { ...i, mediaId } : i)) };
  });
  return changed ? { ...timeline, tracks } : timeline;
}
