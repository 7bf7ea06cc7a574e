// Mouse gestures on the timeline: move, trim/roll, marquee and bin drops. A drag edits a
// preview timeline from the state at its start; release commits the preview as one
// undo step, Escape throws it away (tldraw's mark-and-bail, without touching history).
import * as E from '../../../shared/timeline/edit';
import type { Timeline, TrackKind } from '../../../shared/timeline/model';
import { layoutTrack } from '../../../shared/timeline/layout';
import { getProject, refuseInReview, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { snapDelta, snapTargets } from './snap';

/** Screen geometry the gestures need, supplied by the Timeline component. */
export interface Geometry {
  /** timeline frame (fractional) under a client x */
  frameAt(clientX: number): number;
  /** the track under a client y, or null */
  trackAt(clientY: number): string | null;
  /** left and right client x of the visible lanes, for scrolling while dragging at an edge */
  lanesX?(): { left: number; right: number } | null;
}

const EDGE_PX = 32;

/** Pixels to scroll this frame for a pointer at `x` near the edge of [left, right]; 0 inside. */
export function edgeScroll(x: number, left: number, right: number): number {
  if (x < left + EDGE_PX) return -Math.min(40, Math.ceil((left + EDGE_PX - x) / 2));
  if (x > right - EDGE_PX) return Math.min(40, Math.ceil((x - (right - EDGE_PX)) / 2));
  return 0;
}

const SNAP_PX = 8;
const DRAG_PX = 3;

/**
 * Runs a window-level drag until mouseup / Escape. With `g`, holding the pointer near the
 * left or right edge of the lanes scrolls the timeline and replays the last move, so a
 * clip can be dragged beyond what is on screen.
 */
function drag(e: { clientX: number; clientY: number }, onMove: (m: MouseEvent, moved: boolean) => void, onEnd: (cancelled: boolean, moved: boolean) => void, g?: Geometry): void {
  const x0 = e.clientX;
  const y0 = e.clientY;
  let moved = false;
  let last: MouseEvent | null = null;
  let raf = 0;
  const tick = () => {
    raf = 0;
    const box = g?.lanesX?.();
    if (!last || !box) return;
    const dx = edgeScroll(last.clientX, box.left, box.right);
    if (dx === 0) return;
    const x = Math.max(0, ui().scrollX + dx);
    if (x === ui().scrollX) return;
    ui().set({ scrollX: x });
    onMove(last, true);
    raf = requestAnimationFrame(tick);
  };
  const move = (m: MouseEvent) => {
    if (!moved && Math.hypot(m.clientX - x0, m.clientY - y0) < DRAG_PX) return;
    moved = true;
    last = m;
    onMove(m, moved);
    if (!raf && g) raf = requestAnimationFrame(tick);
  };
  const finish = (cancelled: boolean) => {
    cancelAnimationFrame(raf);
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
    window.removeEventListener('keydown', key, true);
    onEnd(cancelled, moved);
  };
  const up = () => finish(false);
  const key = (k: KeyboardEvent) => {
    if (k.key !== 'Escape') return;
    k.stopPropagation();
    finish(true);
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
  window.addEventListener('keydown', key, true);
}

/** Snaps the candidate frames (already moved by `delta`) to targets; returns the adjusted delta. */
function snapped(original: Timeline, exclude: Iterable<string>, frames: number[], delta: number): number {
  const u = ui();
  if (!u.snapping) {
    if (u.snapFrame !== null) u.set({ snapFrame: null });
    return delta;
  }
  const targets = snapTargets(original, { playhead: u.playhead, markIn: u.markIn, markOut: u.markOut, exclude: new Set(exclude) });
  const s = snapDelta(targets, frames, SNAP_PX / u.zoom);
  u.set({ snapFrame: s ? s.at : null });
  return s ? delta + s.delta : delta;
}

function commit(label: string, original: Timeline): void {
  const preview = ui().preview;
  ui().set({ preview: null, snapFrame: null });
  if (preview && preview !== original) useDocument.getState().edit(label, () => preview);
}

const kindOf = (t: Timeline, trackId: string): TrackKind | undefined => t.tracks.find((x) => x.id === trackId)?.kind;

/** Index of a track among the tracks of its kind (V1 = 0). */
const kindIndex = (t: Timeline, trackId: string): number => {
  const k = kindOf(t, trackId);
  return t.tracks.filter((x) => x.kind === k).findIndex((x) => x.id === trackId);
};

/** Review mode: a click still selects, a drag moves nothing and says why once it ends. */
function refusedDrag(e: { clientX: number; clientY: number }, label: string, onClick?: () => void): void {
  drag(e, () => undefined, (cancelled, moved) => (!moved ? onClick?.() : cancelled ? undefined : refuseInReview(label)));
}

export function startMove(e: { clientX: number; clientY: number }, clipId: string, g: Geometry, onClick?: () => void): void {
  if (useDocument.getState().readOnly) return refusedDrag(e, 'Move clip', onClick);
  const original = getProject().timeline;
  const ids = E.withLinked(original, ui().selectedClips.includes(clipId) ? ui().selectedClips : [clipId]);
  const where = E.locateAll(original);
  const home = where.get(clipId);
  if (!home) return;
  const homeKind = kindOf(original, home.trackId)!;
  const edges = ids.flatMap((id) => {
    const l = where.get(id);
    return l ? [l.piece.start, l.piece.start + l.piece.length] : [];
  });
  const f0 = g.frameAt(e.clientX);
  let offset = 0;
  drag(
    e,
    (m) => {
      let delta = Math.round(g.frameAt(m.clientX) - f0);
      delta = snapped(original, ids, edges.map((x) => x + delta), delta);
      const over = g.trackAt(m.clientY);
      if (over && kindOf(original, over) === homeKind) offset = kindIndex(original, over) - kindIndex(original, home.trackId);
      try {
        const insert = m.ctrlKey || m.metaKey;
        ui().set({ preview: E.moveClips(original, ids, delta, { [homeKind]: offset }, insert ? 'insert' : 'overwrite'), status: insert ? 'Insert: later clips move right' : 'Move (hold Ctrl to insert)' });
      } catch (err) {
        if (!(err instanceof E.EditError)) throw err;
      }
    },
    (cancelled, moved) => {
      if (!moved) onClick?.();
      if (cancelled) ui().set({ preview: null, snapFrame: null });
      else commit(`Move ${ids.length === 1 ? 'clip' : `${ids.length} clips`}`, original);
    },
    g,
  );
}

export function startTrim(e: { clientX: number; clientY: number; ctrlKey: boolean; metaKey: boolean }, clipId: string, edge: E.Edge, g: Geometry): void {
  if (useDocument.getState().readOnly) return refusedDrag(e, 'Trim');
  const original = getProject().timeline;
  const media = getProject().media;
  const where = E.locateAll(original);
  const home = where.get(clipId);
  if (!home) return;
  const edgeFrame = edge === 'in' ? home.piece.start : home.piece.start + home.piece.length;
  // The clip on the other side of this edit point, for a roll.
  const track = original.tracks.find((t) => t.id === home.trackId)!;
  const placed = layoutTrack(track, original.rate).filter((p) => p.item.kind === 'clip');
  const neighbour = edge === 'in' ? placed.find((p) => p.end === edgeFrame) : placed.find((p) => p.start === edgeFrame);
  const f0 = g.frameAt(e.clientX);
  let label = 'Trim';
  drag(
    e,
    (m) => {
      let delta = Math.round(g.frameAt(m.clientX) - f0);
      delta = snapped(original, E.withLinked(original, [clipId]), [edgeFrame + delta], delta);
      const ripple = m.ctrlKey || m.metaKey;
      const rolling = m.shiftKey && neighbour !== undefined;
      try {
        let next: Timeline;
        if (rolling) {
          label = 'Roll Edit';
          next = E.roll(original, edge === 'out' ? clipId : neighbour.item.id, delta, { media });
        } else {
          label = ripple ? 'Ripple Trim' : 'Trim';
          next = E.trim(original, clipId, edge, delta, { ripple, media });
        }
        ui().set({ preview: next, status: `${label} ${delta > 0 ? '+' : ''}${delta} frames (Ctrl: ripple, Shift: roll)` });
      } catch (err) {
        if (!(err instanceof E.EditError)) throw err;
      }
    },
    (cancelled) => (cancelled ? ui().set({ preview: null, snapFrame: null }) : commit(label, original)),
    g,
  );
}

/** Marquee over empty lane space; a plain click there selects the gap instead (for Ripple Delete). */
export function startMarquee(e: { clientX: number; clientY: number; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }, g: Geometry, draw: (rect: { x0: number; y0: number; x1: number; y1: number } | null) => void, trackRows: () => Array<{ id: string; top: number; bottom: number }>): void {
  const t = getProject().timeline;
  const add = e.shiftKey || e.ctrlKey || e.metaKey;
  const before = add ? ui().selectedClips : [];
  const f0 = g.frameAt(e.clientX);
  const trackId = g.trackAt(e.clientY);
  drag(
    e,
    (m) => {
      draw({ x0: e.clientX, y0: e.clientY, x1: m.clientX, y1: m.clientY });
      const [fa, fb] = [Math.min(f0, g.frameAt(m.clientX)), Math.max(f0, g.frameAt(m.clientX))];
      const [ya, yb] = [Math.min(e.clientY, m.clientY), Math.max(e.clientY, m.clientY)];
      const rows = new Set(trackRows().filter((r) => r.bottom > ya && r.top < yb).map((r) => r.id));
      const hit = t.tracks.filter((tr) => rows.has(tr.id)).flatMap((tr) => layoutTrack(tr, t.rate).filter((p) => p.item.kind === 'clip' && p.end > fa && p.start < fb).map((p) => p.item.id));
      ui().set({ selectedClips: [...new Set([...before, ...hit])], focus: 'timeline' });
    },
    (_cancelled, moved) => {
      draw(null);
      if (!moved) ui().set({ selectedClips: before, gapTarget: trackId && !add ? { trackId, frame: Math.floor(f0) } : null });
    },
    g,
  );
}

/** Where a bin drop at `frame` lands: snapped like a drag. */
export function dropFrame(frame: number): number {
  const at = Math.max(0, Math.round(frame));
  if (!ui().snapping) return at;
  const u = ui();
  const s = snapDelta(snapTargets(getProject().timeline, { playhead: u.playhead, markIn: u.markIn, markOut: u.markOut }), [at], SNAP_PX / u.zoom);
  return s ? at + s.delta : at;
}

/** Media dropped from the bin at a frame and track: overwrite, or insert with Ctrl. */
export function dropMedia(mediaIds: string[], frame: number, trackId: string | null, insert: boolean): void {
  const project = getProject();
  const t = project.timeline;
  const media = mediaIds.map((id) => project.media.find((m) => m.id === id)).filter((m) => m !== undefined);
  if (!media.length) return;
  const kind = trackId ? kindOf(t, trackId) : undefined;
  // The dropped-on track takes its kind; the other half goes to the same-numbered track of the other kind, else the first.
  const idx = trackId ? kindIndex(t, trackId) : 0;
  const nth = (k: TrackKind) => {
    const list = t.tracks.filter((x) => x.kind === k);
    return (list[idx] ?? list[0])?.id;
  };
  const videoTrackId = kind === 'video' ? trackId! : nth('video');
  const audioTrackId = kind === 'audio' ? trackId! : nth('audio');
  let at = dropFrame(frame);
  ui().set({ snapFrame: null, dropFrame: null });
  const created: string[] = [];
  useDocument.getState().edit(`${insert ? 'Insert' : 'Overwrite'} ${media.length === 1 ? media[0]!.name : `${media.length} clips`}`, (tl) => {
    let cur = tl;
    for (const m of media) {
      const r = E.placeMedia(cur, m, { frame: at, ...(videoTrackId ? { videoTrackId } : {}), ...(audioTrackId ? { audioTrackId } : {}), mode: insert ? 'insert' : 'overwrite' });
      cur = r.timeline;
      created.push(...r.clipIds);
      const l = E.locateAll(cur).get(r.clipIds[0]!);
      if (l) at = l.piece.start + l.piece.length;
    }
    return cur;
  });
  if (created.length) ui().set({ selectedClips: created, focus: 'timeline', selectedMedia: [] });
}
