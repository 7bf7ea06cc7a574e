// Writes the result of a pure edit into an immer draft with as few patches as possible:
// replaced tracks by index when the track list keeps its shape, else the list itself.
import { castDraft, type Draft } from 'immer';
import type { Project, Timeline } from '../../../shared/timeline/model';

export function writeTimeline(d: Draft<Project>, before: Timeline, next: Timeline): void {
  const sameShape = before.tracks.length === next.tracks.length && before.tracks.every((t, i) => t.id === next.tracks[i]!.id);
  if (sameShape) {
    next.tracks.forEach((t, i) => {
      if (t === before.tracks[i]) return;
      const old = before.tracks[i]!;
      if (t.items !== old.items) d.timeline.tracks[i]!.items = castDraft(t.items);
      for (const k of ['name', 'muted', 'solo', 'locked', 'enabled', 'height'] as const) if (t[k] !== old[k]) (d.timeline.tracks[i] as Record<string, unknown>)[k] = t[k];
      if (t.metadata !== old.metadata) d.timeline.tracks[i]!.metadata = castDraft(t.metadata);
    });
  } else d.timeline.tracks = castDraft(next.tracks);
  if (next.markers !== before.markers) d.timeline.markers = castDraft(next.markers);
  if (next.name !== before.name) d.timeline.name = next.name;
  if (next.rate !== before.rate) d.timeline.rate = next.rate;
  if (next.metadata !== before.metadata) d.timeline.metadata = castDraft(next.metadata);
}

/**
 * Writes the result of a pure project edit: the timeline as above, media appended at the
 * end as pushes, every other changed field as itself.
 */
export function writeProject(d: Draft<Project>, before: Project, next: Project): void {
  for (const key of Object.keys({ ...before, ...next }) as Array<keyof Project>) {
    if (next[key] === before[key]) continue;
    if (key === 'timeline') writeTimeline(d, before.timeline, next.timeline);
    else if (key === 'media' && next.media.length >= before.media.length && before.media.every((m, i) => next.media[i] === m)) d.media.push(...castDraft(next.media.slice(before.media.length)));
    else if (!(key in next)) delete (d as Record<string, unknown>)[key];
    else (d as Record<string, unknown>)[key] = castDraft(next[key]);
  }
}
