// Timeline commands: each is one undoable step through the document store's `edit`.
// Selection, playhead, marks and the clipboard are UI state and never enter history.
import * as E from '../../../shared/timeline/edit';
import { setClips } from '../../../shared/timeline/edit/clipProps';
import type { Timeline } from '../../../shared/timeline/model';
import { itemFrames, layoutTrack, timelineFrames } from '../../../shared/timeline/layout';
import { getProject, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { getReviewer } from '../state/reviewer';

const doc = () => useDocument.getState();
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** Selected clips, or nothing when none are selected. */
const selected = (): string[] => ui().selectedClips;

/** S / Ctrl+K: cut selected clips under the playhead, else every unlocked track. */
export function splitAtPlayhead(): void {
  const frame = Math.round(ui().playhead);
  const t = getProject().timeline;
  const sel = selected();
  const chosen = new Set(sel);
  const underSel = chosen.size > 0 && t.tracks.some((tr) => {
    const c = E.clipAt(tr, frame, t.rate);
    return c !== null && c.start < frame && chosen.has(c.clip.id);
  });
  let created: string[] = [];
  doc().edit('Split', (tl) => {
    const r = E.split(tl, frame, underSel ? { clipIds: sel } : {});
    created = r.created;
    return r.timeline;
  });
  if (created.length && underSel) ui().set({ selectedClips: created });
}

export function deleteSelection(ripple: boolean): void {
  const sel = selected();
  if (sel.length === 0) {
    const gap = ui().gapTarget;
    if (ripple && gap) doc().edit('Close Gap', (t) => E.closeGap(t, gap.trackId, gap.frame));
    if (ripple && gap) ui().set({ gapTarget: null });
    return;
  }
  const n = E.withLinked(getProject().timeline, sel).length;
  if (doc().edit(ripple ? `Ripple Delete ${plural(n, 'clip')}` : `Delete ${plural(n, 'clip')}`, (t) => (ripple ? E.rippleDelete(t, sel) : E.lift(t, sel)))) ui().set({ selectedClips: [] });
}

export function copySelection(cut: boolean): void {
  const sel = selected();
  if (sel.length === 0) return;
  const entries = E.copyClips(getProject().timeline, sel);
  ui().set({ clipboard: entries, status: `Copied ${plural(entries.length, 'clip')}` });
  if (cut) deleteSelection(false);
}

export function paste(mode: E.PlaceMode): void {
  const entries = ui().clipboard;
  if (entries.length === 0) return;
  let ids: string[] = [];
  doc().edit(mode === 'insert' ? 'Paste Insert' : 'Paste', (t) => {
    const r = E.pasteClips(t, Math.round(ui().playhead), entries, mode);
    ids = r.clipIds;
    return r.timeline;
  });
  if (ids.length) {
    const rate = getProject().timeline.rate;
    const end = Math.max(...entries.map((e) => e.offset + itemFrames(e.clip, rate)));
    ui().set({ selectedClips: ids, playhead: Math.round(ui().playhead) + end });
  }
}

export function selectAll(): void {
  const t = getProject().timeline;
  ui().set({ selectedClips: t.tracks.flatMap((tr) => tr.items.filter((i) => i.kind === 'clip').map((i) => i.id)), focus: 'timeline' });
}

/** M: a marker at the playhead, signed with the reviewer's name and dated, its note open for typing. */
export function addMarkerAtPlayhead(): void {
  let id = '';
  doc().edit('Add Marker', (t) => {
    const r = E.addMarker(t, Math.round(ui().playhead), { author: getReviewer(), createdAt: new Date().toISOString() });
    id = r.markerId;
    return r.timeline;
  });
  if (id) ui().set({ editingMarker: id, selectedMarker: id, overlay: 'marker' });
}

export function setLink(on: boolean): void {
  const sel = selected();
  if (sel.length === 0) return;
  doc().edit(on ? 'Link' : 'Unlink', (t) => (on ? E.link(t, sel) : E.unlink(t, sel)));
}

/** Alt+←/→ nudge, slip and slide by frames, on the first selected clip (and its link). */
export function nudge(kind: 'move' | 'slip' | 'slide', delta: number): void {
  const sel = selected();
  if (sel.length === 0) return;
  const media = getProject().media;
  const label = kind === 'move' ? 'Nudge' : kind === 'slip' ? 'Slip' : 'Slide';
  doc().edit(label, (t) => (kind === 'move' ? E.moveClips(t, sel, delta) : kind === 'slip' ? E.slip(t, sel[0]!, delta, { media }) : E.slide(t, sel[0]!, delta, { media })));
}

/** Adds a track of `kind` (named V<n>/A<n> by addTrack) as one undo step. */
export function addTrackOf(kind: 'video' | 'audio'): void {
  const r = E.addTrack(getProject().timeline, kind);
  const name = r.timeline.tracks.find((t) => t.id === r.trackId)?.name ?? '';
  doc().edit(`Add ${kind === 'video' ? 'Video' : 'Audio'} Track ${name}`.trim(), () => r.timeline);
}

/** Cut points of all tracks (and 0 and the end), for Up/Down "go to edit". */
export function editPoints(t: Timeline): number[] {
  const s = new Set<number>([0, timelineFrames(t)]);
  for (const tr of t.tracks) for (const p of layoutTrack(tr, t.rate)) if (p.item.kind === 'clip') s.add(p.start).add(p.end);
  return [...s].sort((a, b) => a - b);
}

export function goToEdit(direction: 1 | -1): void {
  const points = editPoints(getProject().timeline);
  const ph = Math.round(ui().playhead);
  const next = direction > 0 ? points.find((p) => p > ph) : points.filter((p) => p < ph).at(-1);
  if (next !== undefined) ui().set({ playhead: next, sourceMediaId: null });
}

/** J/K/L: L plays forward and doubles the speed on each press, J the same backwards, K stops. */
export function shuttle(direction: 1 | -1 | 0): void {
  const { playing, playRate } = ui();
  if (direction === 0) return ui().set({ playing: false, playRate: 1 });
  const same = playing && Math.sign(playRate) === direction;
  const rate = same ? Math.max(-8, Math.min(8, playRate * 2)) : direction;
  ui().set({ playing: true, playRate: rate, sourceMediaId: null, status: `Playing ${rate > 0 ? '' : 'reverse '}${Math.abs(rate)}×` });
}

export function setMark(which: 'in' | 'out' | 'clear'): void {
  const f = Math.round(ui().playhead);
  if (which === 'clear') return ui().set({ markIn: null, markOut: null });
  if (which === 'in') ui().set({ markIn: f, markOut: ui().markOut !== null && ui().markOut! <= f ? null : ui().markOut });
  else ui().set({ markOut: f, markIn: ui().markIn !== null && ui().markIn! >= f ? null : ui().markIn });
}

/** Shift+E: disable the selected clips (kept on the timeline, not shown or heard), or enable them again. */
export function toggleEnabled(): void {
  const sel = selected();
  if (sel.length === 0) return;
  const t = getProject().timeline;
  const anyOn = t.tracks.some((tr) => tr.items.some((i) => i.kind === 'clip' && sel.includes(i.id) && i.enabled));
  doc().edit(anyOn ? 'Disable Clips' : 'Enable Clips', (tl) => setClips(tl, E.withLinked(tl, sel), { enabled: !anyOn }));
}
