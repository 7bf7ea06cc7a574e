// Shared machinery of the edit functions. An edited track is handled as its clips at
// absolute timeline frames ("pieces"); gaps are implied by the space between them and
// transitions remember the two clips they join. After the edit the track is written
// back as an OTIO item list: gaps fill the space (keeping their ids where a gap starts
// at the same frame as before), a transition survives only while its two clips still
// meet, with its reach clamped to them. Untouched tracks keep their identity, so the
// document is shared structurally and undo stays cheap.
import type { Clip, Gap, Item, Media, Timeline, Track, Transition } from '../model';
import { itemFrames } from '../layout';
import { rescale, rt, sameRate, type Rate } from '../time';
import { newId } from '../../ids';

/** An edit that cannot be made as asked; the message is written for the user. */
export class EditError extends Error {
  override name = 'EditError';
}

export interface Piece {
  clip: Clip;
  /** first timeline frame */
  start: number;
  /** timeline frames */
  length: number;
}

interface Joint {
  transition: Transition;
  left: string;
  right: string;
}

export interface TrackLayout {
  /** sorted by start, never overlapping */
  pieces: Piece[];
  joints: Joint[];
  /** gaps as they were, by start frame, so unchanged gaps keep their ids */
  gaps: Map<number, Gap>;
  /**
   * The link id for the right part of a linked clip cut at `frame`. Within one edit the
   * same (link, frame) gives the same id on every track, so a pair cut together stays a
   * pair; a part whose partner was not cut ends up alone and is unlinked.
   */
  relink?: (linkId: string, frame: number) => string;
}

export const endOf = (p: Piece): number => p.start + p.length;

export function toLayout(track: Track, rate: Rate): TrackLayout {
  const pieces: Piece[] = [];
  const joints: Joint[] = [];
  const gaps = new Map<number, Gap>();
  let at = 0;
  let lastClip: Clip | null = null;
  let pending: Transition[] = [];
  for (const item of track.items) {
    if (item.kind === 'transition') {
      pending.push(item);
      continue;
    }
    const len = itemFrames(item, rate);
    if (item.kind === 'clip') {
      if (lastClip) for (const t of pending) joints.push({ transition: t, left: lastClip.id, right: item.id });
      if (len > 0) pieces.push({ clip: item, start: at, length: len });
      lastClip = item;
    } else {
      gaps.set(at, item);
      lastClip = null;
    }
    pending = [];
    at += len;
  }
  return { pieces, joints, gaps };
}

export function fromLayout(track: Track, layout: TrackLayout, rate: Rate): Track {
  const items: Item[] = [];
  const pieces = [...layout.pieces].sort((a, b) => a.start - b.start);
  const byLeft = new Map<string, Joint[]>();
  for (const j of layout.joints) byLeft.set(j.left, [...(byLeft.get(j.left) ?? []), j]);
  let at = 0;
  let prev: Piece | null = null;
  for (const p of pieces) {
    if (p.start < at) throw new Error(`internal: overlapping clips on ${track.name}`);
    if (p.start > at) {
      const old = layout.gaps.get(at);
      const len = p.start - at;
      items.push(old && itemFrames(old, rate) === len ? old : { kind: 'gap', id: old?.id ?? newId('g'), duration: rt(len, rate), ...(old?.metadata ? { metadata: old.metadata } : {}) });
    } else if (prev) {
      for (const j of byLeft.get(prev.clip.id) ?? []) {
        if (j.right !== p.clip.id) continue;
        const inOffset = Math.min(rescale(j.transition.inOffset, rate), prev.length);
        const outOffset = Math.min(rescale(j.transition.outOffset, rate), p.length);
        const same = inOffset === rescale(j.transition.inOffset, rate) && outOffset === rescale(j.transition.outOffset, rate);
        if (inOffset + outOffset === 0) continue;
        items.push(same ? j.transition : { ...j.transition, inOffset: rt(inOffset, rate), outOffset: rt(outOffset, rate) });
      }
    }
    items.push(p.clip);
    at = p.start + p.length;
    prev = p;
  }
  const same = items.length === track.items.length && items.every((x, i) => x === track.items[i]);
  return same ? track : { ...track, items };
}

/** The clip re-expressed at the timeline rate (so cuts land on timeline frames), same length on the timeline. */
export function conform(clip: Clip, rate: Rate): Clip {
  if (sameRate(clip.sourceRange.start.rate, rate) && sameRate(clip.sourceRange.duration.rate, rate)) return clip;
  return {
    ...clip,
    sourceRange: { start: rt(rescale(clip.sourceRange.start, rate), rate), duration: rt(rescale(clip.sourceRange.duration, rate), rate) },
  };
}

/** The clip with a new source in point and length, both in timeline frames. */
export function withSource(clip: Clip, rate: Rate, inFrame: number, length: number): Clip {
  return { ...clip, sourceRange: { start: rt(inFrame, rate), duration: rt(length, rate) } };
}

export const sourceIn = (clip: Clip, rate: Rate): number => rescale(clip.sourceRange.start, rate);

/** Splits the piece that strictly contains `frame`; the left part keeps the id. Returns the new right clip's id. */
export function splitAt(layout: TrackLayout, frame: number, rate: Rate, rightId = newId('c')): string | null {
  const i = layout.pieces.findIndex((p) => p.start < frame && frame < endOf(p));
  if (i < 0) return null;
  const p = layout.pieces[i]!;
  const c = conform(p.clip, rate);
  const cut = frame - p.start;
  const left: Piece = { clip: withSource(c, rate, sourceIn(c, rate), cut), start: p.start, length: cut };
  const rightClip: Clip = { ...withSource(c, rate, sourceIn(c, rate) + cut, p.length - cut), id: rightId };
  if (rightClip.linkId) {
    if (layout.relink) rightClip.linkId = layout.relink(rightClip.linkId, frame);
    else delete rightClip.linkId;
  }
  const right: Piece = { clip: rightClip, start: frame, length: p.length - cut };
  layout.pieces.splice(i, 1, left, right);
  // A transition after the old clip now follows its right part.
  layout.joints = layout.joints.map((j) => (j.left === p.clip.id ? { ...j, left: rightId } : j));
  return rightId;
}

/**
 * Empties [from, to): clips inside go, clips across an edge are cut back. With
 * `ripple`, everything after `to` moves left by the removed length.
 */
export function clearRange(layout: TrackLayout, from: number, to: number, rate: Rate, ripple: boolean): void {
  if (to <= from) return;
  splitAt(layout, from, rate);
  splitAt(layout, to, rate);
  const len = to - from;
  layout.pieces = layout.pieces
    .filter((p) => !(p.start >= from && endOf(p) <= to))
    .map((p) => (ripple && p.start >= to ? { ...p, start: p.start - len } : p));
  if (ripple) layout.gaps = new Map([...layout.gaps].filter(([k]) => k < from));
}

/** Opens `length` frames of space at `frame`, cutting a clip that spans it. */
export function openSpace(layout: TrackLayout, frame: number, length: number, rate: Rate): void {
  if (length <= 0) return;
  splitAt(layout, frame, rate);
  layout.pieces = layout.pieces.map((p) => (p.start >= frame ? { ...p, start: p.start + length } : p));
  layout.gaps = new Map([...layout.gaps].filter(([k]) => k < frame));
}

export function place(layout: TrackLayout, piece: Piece): void {
  const i = layout.pieces.findIndex((p) => p.start >= piece.start);
  if (i < 0) layout.pieces.push(piece);
  else layout.pieces.splice(i, 0, piece);
}

// ---- working on a timeline -----------------------------------------------------

/** Edits several tracks through their layouts and writes back only those touched. */
export class TimelineEdit {
  private readonly layouts = new Map<string, TrackLayout>();
  private readonly links = new Map<string, string>();
  constructor(public readonly timeline: Timeline) {}

  private relink = (linkId: string, frame: number): string => {
    const key = `${linkId}@${frame}`;
    let id = this.links.get(key);
    if (!id) this.links.set(key, (id = newId('l')));
    return id;
  };

  get rate(): Rate {
    return this.timeline.rate;
  }

  track(id: string): Track {
    const t = this.timeline.tracks.find((x) => x.id === id);
    if (!t) throw new EditError('That track no longer exists.');
    return t;
  }

  /** The layout of a track to change; a locked track refuses. */
  layout(trackId: string): TrackLayout {
    let l = this.layouts.get(trackId);
    if (!l) {
      const t = this.track(trackId);
      if (t.locked) throw new EditError(`Track ${t.name} is locked.`);
      l = toLayout(t, this.rate);
      l.relink = this.relink;
      this.layouts.set(trackId, l);
    }
    return l;
  }

  /** A link made by this edit with a single member (its partner was not cut) is dropped. */
  private unlinkLoners(): void {
    if (this.links.size === 0) return;
    const made = new Set(this.links.values());
    const count = new Map<string, number>();
    for (const l of this.layouts.values()) for (const p of l.pieces) if (p.clip.linkId && made.has(p.clip.linkId)) count.set(p.clip.linkId, (count.get(p.clip.linkId) ?? 0) + 1);
    for (const l of this.layouts.values()) {
      l.pieces = l.pieces.map((p) => {
        if (!p.clip.linkId || count.get(p.clip.linkId) !== 1) return p;
        const { linkId: _alone, ...clip } = p.clip;
        return { ...p, clip };
      });
    }
  }

  /** Read-only view without the lock check. */
  peek(trackId: string): TrackLayout {
    return this.layouts.get(trackId) ?? toLayout(this.track(trackId), this.rate);
  }

  result(): Timeline {
    if (this.layouts.size === 0) return this.timeline;
    this.unlinkLoners();
    const tracks = this.timeline.tracks.map((t) => {
      const l = this.layouts.get(t.id);
      return l ? fromLayout(t, l, this.rate) : t;
    });
    return tracks.every((t, i) => t === this.timeline.tracks[i]) ? this.timeline : { ...this.timeline, tracks };
  }
}

/** The clip covering `frame` on a track (start inclusive, end exclusive), found without building a layout. */
export function clipAt(track: Track, frame: number, rate: Rate): { clip: Clip; start: number; end: number } | null {
  let at = 0;
  for (const item of track.items) {
    const len = itemFrames(item, rate);
    if (frame < at + len) return item.kind === 'clip' && frame >= at ? { clip: item, start: at, end: at + len } : null;
    at += len;
  }
  return null;
}

export interface Located {
  trackId: string;
  piece: Piece;
}

/** Every clip of the timeline with its track and position. */
export function locateAll(timeline: Timeline): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const t of timeline.tracks) for (const piece of toLayout(t, timeline.rate).pieces) out.set(piece.clip.id, { trackId: t.id, piece });
  return out;
}

/** The ids plus every clip linked to one of them (picture and sound move together). */
export function withLinked(timeline: Timeline, ids: Iterable<string>): string[] {
  const want = new Set(ids);
  const links = new Set<string>();
  for (const t of timeline.tracks) for (const i of t.items) if (i.kind === 'clip' && want.has(i.id) && i.linkId) links.add(i.linkId);
  if (links.size) for (const t of timeline.tracks) for (const i of t.items) if (i.kind === 'clip' && i.linkId && links.has(i.linkId)) want.add(i.id);
  return [...want];
}

/**
 * How far a clip's source reaches, in timeline frames from the source start: the media's
 * length for video and audio, unlimited for stills and offline clips.
 */
export function sourceLimit(clip: Clip, media: readonly Media[], rate: Rate): number {
  const m = clip.mediaId ? media.find((x) => x.id === clip.mediaId) : undefined;
  if (!m || m.kind === 'image' || !(m.probe.durationSeconds > 0)) return Number.POSITIVE_INFINITY;
  return Math.round((m.probe.durationSeconds * rate.num) / rate.den);
}
