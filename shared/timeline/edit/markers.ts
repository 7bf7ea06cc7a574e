// Timeline markers: a frame, an optional duration, a colour, a name and a note.
//
//   ruler  |----▼--------▼----|     add at the playhead; edit; remove
import type { Marker, Timeline } from '../model';
import { EditError } from './core';
import { newId } from '../../ids';

export type MarkerInput = Partial<Pick<Marker, 'name' | 'note' | 'color' | 'duration' | 'frame'>>;

export function addMarker(timeline: Timeline, frame: number, input: MarkerInput = {}): { timeline: Timeline; markerId: string } {
  if (!Number.isSafeInteger(frame) || frame < 0) throw new EditError('A marker needs a frame on the timeline.');
  const marker: Marker = { id: newId('m'), name: input.name ?? '', frame, duration: input.duration ?? 0, color: input.color ?? 'green', note: input.note ?? '' };
  const markers = [...timeline.markers, marker].sort((a, b) => a.frame - b.frame);
  return { timeline: { ...timeline, markers }, markerId: marker.id };
}

export function updateMarker(timeline: Timeline, markerId: string, input: MarkerInput): Timeline {
  const m = timeline.markers.find((x) => x.id === markerId);
  if (!m) throw new EditError('That marker no longer exists.');
  const next = { ...m, ...input };
  if (Object.keys(input).every((k) => next[k as keyof Marker] === m[k as keyof Marker])) return timeline;
  return { ...timeline, markers: timeline.markers.map((x) => (x.id === markerId ? next : x)).sort((a, b) => a.frame - b.frame) };
}

export function removeMarker(timeline: Timeline, markerId: string): Timeline {
  if (!timeline.markers.some((x) => x.id === markerId)) return timeline;
  return { ...timeline, markers: timeline.markers.filter((x) => x.id !== markerId) };
}
