// Timeline markers: a frame, an optional duration, a colour, a name and a note; as review
// notes also who wrote them, when, and whether they are resolved.
//
//   ruler  |----▼--------▼----|     add at the playhead; edit; resolve; remove
import type { Marker, Timeline } from '../model';
import { EditError } from './core';
import { newId } from '../../ids';

export type MarkerInput = Partial<Pick<Marker, 'name' | 'note' | 'color' | 'duration' | 'frame' | 'author' | 'status' | 'createdAt'>>;

const REVIEW_KEYS = ['author', 'status', 'createdAt'] as const;

/**
 * The review fields in their stored form: an empty author, an open status and an empty
 * date are written as absent, so a marker made before review notes and one reopened
 * after are the same record (and a no-op update stays a no-op).
 */
function normalise(m: Marker): Marker {
  const out: Marker = { ...m };
  if (!out.author) delete out.author;
  if (out.status === undefined || out.status === 'open') delete out.status;
  if (!out.createdAt) delete out.createdAt;
  return out;
}

function checkFrames(input: MarkerInput): void {
  for (const k of ['frame', 'duration'] as const) {
    const v = input[k];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new EditError(`A marker's ${k} is a whole number of frames from 0.`);
  }
}

const byFrame = (a: Marker, b: Marker) => a.frame - b.frame;

export function addMarker(timeline: Timeline, frame: number, input: MarkerInput = {}): { timeline: Timeline; markerId: string } {
  if (!Number.isSafeInteger(frame) || frame < 0) throw new EditError('A marker needs a frame on the timeline.');
  checkFrames(input);
  const marker = normalise({
    id: newId('m'),
    name: input.name ?? '',
    frame,
    duration: input.duration ?? 0,
    color: input.color ?? 'green',
    note: input.note ?? '',
    ...Object.fromEntries(REVIEW_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])),
  });
  // A stable sort: a marker added at an occupied frame goes after the ones already there.
  const markers = [...timeline.markers, marker].sort(byFrame);
  return { timeline: { ...timeline, markers }, markerId: marker.id };
}

const same = (a: Marker, b: Marker) =>
  a.name === b.name && a.frame === b.frame && a.duration === b.duration && a.color === b.color && a.note === b.note && REVIEW_KEYS.every((k) => a[k] === b[k]);

export function updateMarker(timeline: Timeline, markerId: string, input: MarkerInput): Timeline {
  const m = timeline.markers.find((x) => x.id === markerId);
  if (!m) throw new EditError('That marker no longer exists.');
  checkFrames(input);
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as MarkerInput;
  const next = normalise({ ...m, ...defined });
  if (same(next, normalise(m))) return timeline;
  return { ...timeline, markers: timeline.markers.map((x) => (x.id === markerId ? next : x)).sort(byFrame) };
}

export function removeMarker(timeline: Timeline, markerId: string): Timeline {
  if (!timeline.markers.some((x) => x.id === markerId)) return timeline;
  return { ...timeline, markers: timeline.markers.filter((x) => x.id !== markerId) };
}

/** Resolves or reopens markers in one step; markers already in that state are left alone. */
export function setMarkerStatus(timeline: Timeline, markerIds: readonly string[], status: NonNullable<Marker['status']>): Timeline {
  let t = timeline;
  for (const id of markerIds) t = updateMarker(t, id, { status });
  return t;
}

/** The first marker strictly after `frame`, or strictly before it (`direction` -1). */
export function adjacentMarker(timeline: Timeline, frame: number, direction: 1 | -1): Marker | null {
  const sorted = [...timeline.markers].sort(byFrame);
  return (direction > 0 ? sorted.find((m) => m.frame > frame) : sorted.filter((m) => m.frame < frame).at(-1)) ?? null;
}
