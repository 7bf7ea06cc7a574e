// Markers as review notes: go to the next or previous one, jump to one from the markers
// panel, resolve and reopen (one undo step each), and import a notes file as one step.
import { adjacentMarker, setMarkerStatus } from '../../../shared/timeline/edit/markers';
import { mergeNotes } from '../../../shared/review/notes';
import type { Marker } from '../../../shared/timeline/model';
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * Puts the playhead on a marker and selects it; when the marker is off screen the timeline
 * scrolls to show it a quarter of the way in (`viewWidth` is the lanes' width in pixels).
 */
export function jumpToMarker(marker: Pick<Marker, 'id' | 'frame'>, viewWidth: number): void {
  const { zoom, scrollX } = ui();
  const x = marker.frame * zoom - scrollX;
  const offScreen = x < 0 || x > viewWidth - 20;
  ui().set({ playhead: marker.frame, selectedMarker: marker.id, sourceMediaId: null, playing: false, ...(offScreen ? { scrollX: Math.max(0, marker.frame * zoom - viewWidth / 4) } : {}) });
}

/** Shift+M / Ctrl+Shift+M: the next marker after the playhead, or the previous one before it. */
export function goToMarker(direction: 1 | -1, viewWidth: number): void {
  const m = adjacentMarker(getProject().timeline, Math.round(ui().playhead), direction);
  if (!m) {
    ui().set({ status: direction > 0 ? 'No marker after the playhead' : 'No marker before the playhead' });
    return;
  }
  jumpToMarker(m, viewWidth);
  ui().set({ status: `${m.name || 'Marker'}${m.note ? ` — ${m.note.split('\n')[0]}` : ''}` });
}

/** Resolves or reopens markers as one undoable step. */
export function setStatus(ids: readonly string[], status: 'open' | 'resolved'): boolean {
  const what = ids.length === 1 ? 'Marker' : plural(ids.length, 'Marker');
  return useDocument.getState().edit(`${status === 'resolved' ? 'Resolve' : 'Reopen'} ${what}`, (t) => setMarkerStatus(t, ids, status));
}

/**
 * Reads a notes file through the main process and merges it as one undoable step, "Import
 * Review Notes". Returns the one-line error (nothing changed) or null.
 */
export async function importNotes(path: string): Promise<string | null> {
  const r = await getApi().invoke('review:importNotes', { path, rate: getProject().timeline.rate });
  if (!r.ok) return r.error.message;
  let added = 0;
  let updated = 0;
  const changed = useDocument.getState().edit('Import Review Notes', (t) => {
    const m = mergeNotes(t, r.value.notes);
    added = m.added;
    updated = m.updated;
    return m.timeline;
  });
  const n = r.value.notes.length;
  ui().set({ status: changed ? `Imported ${plural(n, 'note')}: ${added} added, ${updated} updated` : `${plural(n, 'note')} read; the markers already say all of them` });
  return null;
}
