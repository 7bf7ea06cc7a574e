// Moving clips in time and across tracks, and pasting copies.
//
// Move B by +2 frames (overwrite, Premiere's default drag): B leaves a gap and covers
// what was at its new place.
//   V1 | A | B | C C C |    ->    V1 | A |   | B | C |
// Move B up one track: V1 keeps a gap, B lands on V2 at the same time.
//   V2 |           |              V2 |     | B |
//   V1 | A | B | C |        ->    V1 | A |   | C |
// With mode 'insert' the target tracks open room instead of being covered.
//
// Linked picture and sound move together; a track offset applies per kind (dragging a
// picture up moves it among video tracks; its sound stays on its audio track unless
// the audio offset says otherwise).
import type { Clip, Timeline, TrackKind } from '../model';
import { clearRange, EditError, locateAll, TimelineEdit, withLinked } from './core';
import { placeClips, type PlaceMode, type Placement } from './place';
import { newId } from '../../ids';

export type TrackOffsets = Partial<Record<TrackKind, number>>;

/** Track `offset` places above (video) / below (audio) `trackId` among tracks of its kind, or null. */
export function offsetTrack(timeline: Timeline, trackId: string, offset: number): string | null {
  const track = timeline.tracks.find((t) => t.id === trackId);
  if (!track) return null;
  const same = timeline.tracks.filter((t) => t.kind === track.kind);
  return same[same.indexOf(track) + offset]?.id ?? null;
}

export function moveClips(timeline: Timeline, clipIds: readonly string[], delta: number, offsets: TrackOffsets = {}, mode: PlaceMode = 'overwrite'): Timeline {
  const where = locateAll(timeline);
  const moving = withLinked(timeline, clipIds)
    .map((id) => where.get(id))
    .filter((x) => x !== undefined);
  if (moving.length === 0) return timeline;
  const minStart = Math.min(...moving.map((m) => m.piece.start));
  const d = Math.max(-minStart, Math.round(delta));
  const placements: Placement[] = moving.map((m) => {
    const kind = timeline.tracks.find((t) => t.id === m.trackId)!.kind;
    const target = offsetTrack(timeline, m.trackId, offsets[kind] ?? 0);
    if (!target) throw new EditError(`There is no ${kind} track there.`);
    return { trackId: target, start: m.piece.start + d, clip: m.piece.clip };
  });
  if (d === 0 && placements.every((p, i) => p.trackId === moving[i]!.trackId)) return timeline;
  const edit = new TimelineEdit(timeline);
  for (const m of moving) clearRange(edit.layout(m.trackId), m.piece.start, m.piece.start + m.piece.length, timeline.rate, false);
  return placeClips(edit.result(), placements, mode);
}

/** What the clipboard holds: clips with their track and offset from the first copied frame. */
export interface ClipboardEntry {
  trackId: string;
  offset: number;
  clip: Clip;
}

export function copyClips(timeline: Timeline, clipIds: readonly string[]): ClipboardEntry[] {
  const where = locateAll(timeline);
  const found = withLinked(timeline, clipIds)
    .map((id) => where.get(id))
    .filter((x) => x !== undefined);
  if (found.length === 0) return [];
  const from = Math.min(...found.map((f) => f.piece.start));
  return found.map((f) => ({ trackId: f.trackId, offset: f.piece.start - from, clip: f.piece.clip })).sort((a, b) => a.offset - b.offset);
}

/**
 * Pastes copies at `frame` on the tracks they were copied from, each with a new id;
 * copied links stay links among the copies.
 */
export function pasteClips(timeline: Timeline, frame: number, entries: readonly ClipboardEntry[], mode: PlaceMode = 'overwrite'): { timeline: Timeline; clipIds: string[] } {
  if (entries.length === 0) return { timeline, clipIds: [] };
  const links = new Map<string, string>();
  const placements = entries.map((e) => {
    if (!timeline.tracks.some((t) => t.id === e.trackId)) throw new EditError('The track these clips were copied from no longer exists.');
    const { linkId, ...rest } = e.clip;
    const clip: Clip = { ...rest, id: newId('c') };
    if (linkId) {
      if (!links.has(linkId)) links.set(linkId, newId('l'));
      clip.linkId = links.get(linkId)!;
    }
    return { trackId: e.trackId, start: frame + e.offset, clip };
  });
  return { timeline: placeClips(timeline, placements, mode), clipIds: placements.map((p) => p.clip.id) };
}
