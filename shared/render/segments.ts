// Preview segments: where the timeline is cut into independently cached pieces. A piece
// ends at every cut of a video track, except inside a transition, which stays whole
// (its boundaries are the transition's reach); long pieces are split every few seconds
// counted from the piece's own start. So an edit changes the pieces it touches, and a
// ripple only moves later pieces without changing what is in them.
import type { Project } from '../timeline/model';
import { layoutTrack } from '../timeline/layout';
import { rescale } from '../timeline/time';
import { planRender, type ProxyMap, type RenderSettings } from './plan';

export const PREVIEW_HEIGHT = 540;
/** Longest preview segment, seconds. */
export const PREVIEW_SEGMENT_SECONDS = 5;

/** The preview's picture: the project's aspect at (at most) 540 lines, even sizes. */
export function previewSettings(project: Project): Partial<RenderSettings> {
  const { width, height } = project.settings;
  const h = Math.min(PREVIEW_HEIGHT, height);
  const w = Math.max(2, Math.round((h * width) / height / 2) * 2);
  return { width: w, height: h - (h % 2), rate: project.timeline.rate };
}

export const previewSegmentFrames = (project: Project): number => Math.max(1, Math.round((PREVIEW_SEGMENT_SECONDS * project.timeline.rate.num) / project.timeline.rate.den));

/**
 * Each preview segment with the text that identifies its content (the cache key's source).
 * With `proxies` (review mode) the content names the proxies read, so proxy-made and
 * original-made segments are cached apart.
 */
export function previewPieces(project: Project, proxies?: ProxyMap): Array<PreviewSegment & { content: string }> {
  const settings = previewSettings(project);
  return previewSegments(project, previewSegmentFrames(project)).map((s) => ({ ...s, content: JSON.stringify(segmentContent(project, s, settings, proxies)) }));
}

export interface PreviewSegment {
  start: number;
  frames: number;
}

export function previewSegments(project: Project, maxFrames: number): PreviewSegment[] {
  const t = project.timeline;
  const total = t.tracks.reduce((m, tr) => Math.max(m, layoutTrack(tr, t.rate).at(-1)?.end ?? 0), 0);
  if (total === 0) return [];
  const cuts = new Set<number>([0, total]);
  const inside: Array<[number, number]> = [];
  for (const tr of t.tracks) {
    if (tr.kind !== 'video' || !tr.enabled) continue;
    const placed = layoutTrack(tr, t.rate);
    placed.forEach((p) => {
      if (p.item.kind === 'transition') {
        inside.push([p.start - rescale(p.item.inOffset, t.rate), p.start + rescale(p.item.outOffset, t.rate)]);
        return;
      }
      if (p.item.kind === 'clip') cuts.add(p.start).add(p.end);
    });
  }
  for (const [a, b] of inside) {
    for (const c of [...cuts]) if (c > a && c < b) cuts.delete(c);
    cuts.add(Math.max(0, a)).add(Math.min(total, b));
  }
  const sorted = [...cuts].filter((c) => c >= 0 && c <= total).sort((x, y) => x - y);
  const out: PreviewSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    for (let s = a; s < b; s += maxFrames) out.push({ start: s, frames: Math.min(maxFrames, b - s) });
  }
  return out;
}

/** What decides a segment's picture, without where it sits: equal for equal content. */
export function segmentContent(project: Project, seg: PreviewSegment, settings: Partial<RenderSettings>, proxies?: ProxyMap): unknown {
  const plan = planRender(project, { settings, range: seg, ...(proxies ? { proxies } : {}) });
  return { settings: plan.settings, frames: plan.frames, video: plan.video.map((tr) => ({ segments: tr.segments, joins: tr.joins })) };
}

/** What decides the preview's sound: the whole timeline's audio plan. */
export function audioContent(project: Project, settings: Partial<RenderSettings>, proxies?: ProxyMap): unknown {
  const plan = planRender(project, { settings, ...(proxies ? { proxies } : {}) });
  return { rate: plan.settings.rate, sampleRate: plan.settings.sampleRate, channels: plan.settings.channels, frames: plan.frames, audio: plan.audio.map((tr) => ({ segments: tr.segments, joins: tr.joins })) };
}

/** The segments that cover [start, start + frames), cut at the range's edges. */
export function segmentsInRange(all: readonly PreviewSegment[], start: number, frames: number): PreviewSegment[] {
  const end = start + frames;
  return all.flatMap((s) => {
    const a = Math.max(s.start, start);
    const b = Math.min(s.start + s.frames, end);
    return b > a ? [{ start: a, frames: b - a }] : [];
  });
}

/** Joins neighbouring segments into runs of at least `minFrames` (the last may be shorter): fewer, longer pieces to encode. */
export function groupSegments(segs: readonly PreviewSegment[], minFrames: number): PreviewSegment[] {
  const out: PreviewSegment[] = [];
  for (const s of segs) {
    const last = out.at(-1);
    if (last && last.frames < minFrames && last.start + last.frames === s.start) last.frames += s.frames;
    else out.push({ ...s });
  }
  return out;
}

/**
 * Timeline spans [start, end) as seen from a piece starting at timeline frame `start`:
 * cut to the piece and counted from its first frame (what a piece's own graph numbers
 * its frames from), so a label over a range lands on the same frames however the
 * export is cut into segments.
 */
export function spansInPiece(spans: ReadonlyArray<{ start: number; end: number }>, start: number, frames: number): Array<{ start: number; end: number }> {
  return spans.flatMap((s) => {
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, start + frames);
    return b > a ? [{ start: a - start, end: b - start }] : [];
  });
}
