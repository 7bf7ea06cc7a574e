// Linking picture and sound so they move, trim and delete as one, and unlinking them.
//
//   V1 | A |          link A+a          V1 | A∞|
//   A1 | a |            ->              A1 | a∞|
import type { Timeline } from '../model';
import { EditError, TimelineEdit, locateAll, withLinked } from './core';
import { newId } from '../../ids';

function relabel(timeline: Timeline, ids: ReadonlySet<string>, linkId: string | undefined): Timeline {
  const where = locateAll(timeline);
  const edit = new TimelineEdit(timeline);
  for (const id of ids) {
    const l = where.get(id);
    if (!l) continue;
    const layout = edit.layout(l.trackId);
    const i = layout.pieces.findIndex((p) => p.clip.id === id);
    const { linkId: _old, ...rest } = layout.pieces[i]!.clip;
    layout.pieces[i] = { ...layout.pieces[i]!, clip: linkId ? { ...rest, linkId } : rest };
  }
  return edit.result();
}

/** Links the clips (and whatever they are linked to already) into one group; at most one clip per track. */
export function link(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const ids = new Set(withLinked(timeline, clipIds));
  const where = locateAll(timeline);
  const tracks = [...ids].map((id) => where.get(id)?.trackId);
  if (ids.size < 2) throw new EditError('Select a picture clip and a sound clip to link.');
  if (new Set(tracks).size !== tracks.length) throw new EditError('Linked clips must be on different tracks.');
  return relabel(timeline, ids, newId('l'));
}

export function unlink(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const ids = new Set(withLinked(timeline, clipIds));
  const where = locateAll(timeline);
  const linked = [...ids].filter((id) => where.get(id)?.piece.clip.linkId);
  if (linked.length === 0) return timeline;
  return relabel(timeline, new Set(linked), undefined);
}
