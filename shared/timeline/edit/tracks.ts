// Adding, removing and naming tracks.
//
//   V2 |      |        add video track      V3 |      |   (new, empty, on top)
//   V1 | A  B |   ->                         V2 |      |
//   A1 | a  b |                              V1 | A  B |
//                                            A1 | a  b |
import type { Timeline, TrackKind } from '../model';
import { createTrack } from '../factory';
import { EditError } from './core';

/** A new empty track of `kind`, above the others of its kind, named V<n>/A<n> after the highest number in use. */
export function addTrack(timeline: Timeline, kind: TrackKind): { timeline: Timeline; trackId: string } {
  const used = timeline.tracks.filter((t) => t.kind === kind).map((t) => Number(/^[VA](\d+)$/.exec(t.name)?.[1] ?? 0));
  const track = createTrack(kind, Math.max(0, ...used) + 1);
  // Keep kinds grouped: after the last track of the same kind.
  const lastOfKind = timeline.tracks.map((t) => t.kind).lastIndexOf(kind);
  const at = lastOfKind >= 0 ? lastOfKind + 1 : kind === 'video' ? 0 : timeline.tracks.length;
  const tracks = [...timeline.tracks.slice(0, at), track, ...timeline.tracks.slice(at)];
  return { timeline: { ...timeline, tracks }, trackId: track.id };
}

/** Removes a track and its clips. A locked track or the last track of its kind stays. */
export function removeTrack(timeline: Timeline, trackId: string): Timeline {
  const track = timeline.tracks.find((t) => t.id === trackId);
  if (!track) throw new EditError('That track no longer exists.');
  if (track.locked) throw new EditError(`Track ${track.name} is locked.`);
  if (timeline.tracks.filter((t) => t.kind === track.kind).length === 1) throw new EditError(`The timeline needs at least one ${track.kind} track.`);
  return { ...timeline, tracks: timeline.tracks.filter((t) => t.id !== trackId) };
}

export type TrackPatch = Partial<{ name: string; muted: boolean; solo: boolean; locked: boolean; enabled: boolean; height: number }>;

/** Header settings of one track (name, mute, solo, lock, visibility, height). */
export function setTrack(timeline: Timeline, trackId: string, patch: TrackPatch): Timeline {
  const track = timeline.tracks.find((t) => t.id === trackId);
  if (!track) throw new EditError('That track no longer exists.');
  const next = { ...track, ...patch };
  if (patch.name !== undefined) next.name = patch.name.trim().slice(0, 256) || track.name;
  if (patch.height !== undefined) next.height = Math.round(Math.min(400, Math.max(24, patch.height)));
  const changed = (Object.keys(patch) as (keyof TrackPatch)[]).some((k) => next[k] !== track[k]);
  return changed ? { ...timeline, tracks: timeline.tracks.map((t) => (t.id === trackId ? next : t)) } : timeline;
}
