// Putting clips on the timeline: insert (ripple) and overwrite.
//
// Insert X (3 frames) at frame 2 — later material moves right, a clip across the
// point is cut in two:
//   V1 | A A A A | B B |        ->   V1 | A A X X X A A | B B |
//
// Overwrite X at frame 2 — X replaces what was there, nothing moves:
//   V1 | A A A A | B B |        ->   V1 | A A X X X | B |
//
// Several clips placed in one call (a linked picture/sound pair, a paste) move the
// tracks they land on by the same amount on insert, so A/V sync is kept; `syncTrackIds`
// adds tracks that open the same space without receiving a clip (Premiere's sync lock).
import type { Clip, Media, Timeline } from '../model';
import { clipsForMedia } from '../factory';
import { itemFrames } from '../layout';
import { clearRange, conform, EditError, openSpace, place, TimelineEdit } from './core';

export interface Placement {
  trackId: string;
  /** timeline frame where the clip starts */
  start: number;
  clip: Clip;
}

export type PlaceMode = 'insert' | 'overwrite';

export function placeClips(timeline: Timeline, placements: readonly Placement[], mode: PlaceMode, syncTrackIds: readonly string[] = []): Timeline {
  if (placements.length === 0) return timeline;
  const edit = new TimelineEdit(timeline);
  const rate = timeline.rate;
  const sized = placements.map((p) => {
    if (!Number.isSafeInteger(p.start) || p.start < 0) throw new EditError('Clips cannot start before the beginning of the timeline.');
    edit.track(p.trackId);
    const clip = conform(p.clip, rate);
    return { ...p, clip, length: itemFrames(clip, rate) };
  });
  if (sized.some((p) => p.length <= 0)) throw new EditError('A clip needs at least one frame.');
  if (mode === 'insert') {
    const at = Math.min(...sized.map((p) => p.start));
    const span = Math.max(...sized.map((p) => p.start + p.length)) - at;
    const tracks = new Set([...sized.map((p) => p.trackId), ...syncTrackIds]);
    for (const id of tracks) openSpace(edit.layout(id), at, span, rate);
  } else {
    for (const p of sized) clearRange(edit.layout(p.trackId), p.start, p.start + p.length, rate, false);
  }
  for (const p of sized) {
    const layout = edit.layout(p.trackId);
    if (mode === 'insert') clearRange(layout, p.start, p.start + p.length, rate, false);
    place(layout, { clip: p.clip, start: p.start, length: p.length });
  }
  return edit.result();
}

export interface MediaTarget {
  frame: number;
  videoTrackId?: string;
  audioTrackId?: string;
  mode: PlaceMode;
}

/**
 * Media from the bin at `frame`: its picture on the video target, its sound on the
 * audio target, linked. Returns the new clips' ids with the timeline.
 */
export function placeMedia(timeline: Timeline, media: Media, target: MediaTarget): { timeline: Timeline; clipIds: string[] } {
  const { video, audio } = clipsForMedia(media, timeline.rate);
  const kindOf = (id: string | undefined) => timeline.tracks.find((t) => t.id === id)?.kind;
  const vTrack = target.videoTrackId ?? timeline.tracks.find((t) => t.kind === 'video')?.id;
  const aTrack = target.audioTrackId ?? timeline.tracks.find((t) => t.kind === 'audio')?.id;
  if ((video && vTrack && kindOf(vTrack) !== 'video') || (audio && aTrack && kindOf(aTrack) !== 'audio')) {
    throw new EditError('Picture goes on a video track and sound on an audio track.');
  }
  const placements: Placement[] = [];
  if (video && vTrack) placements.push({ trackId: vTrack, start: target.frame, clip: video });
  if (audio && aTrack) placements.push({ trackId: aTrack, start: target.frame, clip: audio });
  if (placements.length === 0) throw new EditError(`The timeline has no ${video ? 'video' : 'audio'} track for ${media.name}.`);
  if (placements.length === 1 && video && audio) {
    // Only one half has a track: it is linked to nothing.
    const { linkId: _unlinked, ...clip } = placements[0]!.clip;
    placements[0] = { ...placements[0]!, clip };
  }
  return { timeline: placeClips(timeline, placements, target.mode), clipIds: placements.map((p) => p.clip.id) };
}
