// The monitor's rendered preview. Enter renders it (as a job in the main process); from
// then on every edit schedules a fresh render once editing pauses, and only the touched
// segments are rendered again. The preview is shown while it matches the document.
import type { Project, Timeline } from '../../../shared/timeline/model';
import { previewPieces } from '../../../shared/render/segments';
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';

const SETTLE_MS = 1500;

/** What the main process has rendered (segment contents), for the ruler's per-range bar. */
export const renderedContents = new Set<string>();

/** Up to this many clips the ruler shows render state per segment (it recomputes on every edit). */
export const PER_SEGMENT_LIMIT = 400;

/** The timeline's preview segments, each marked rendered or not; null for big timelines. */
export function renderState(project: Project): Array<{ start: number; frames: number; rendered: boolean }> | null {
  const clips = project.timeline.tracks.reduce((n, t) => n + t.items.length, 0);
  if (clips > PER_SEGMENT_LIMIT) return null;
  return previewPieces(project).map((p) => ({ start: p.start, frames: p.frames, rendered: renderedContents.has(p.content) }));
}
let running = false;
let again = false;
let timer: ReturnType<typeof setTimeout> | undefined;

export async function renderPreview(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  ui().set({ previewAuto: true });
  try {
    const project = getProject();
    if (!project.timeline.tracks.some((t) => t.items.some((i) => i.kind === 'clip'))) return;
    const r = await getApi().invoke('preview:render', { project });
    if (r.ok) for (const piece of previewPieces(project)) renderedContents.add(piece.content);
    if (!r.ok) {
      if (r.error.code !== 'cancelled') ui().toast('error', `Preview: ${r.error.message}`);
      return;
    }
    const proxies = r.value.proxies ? `, from ${r.value.proxies} review prox${r.value.proxies === 1 ? 'y' : 'ies'}` : '';
    ui().set({ programPreview: { timeline: project.timeline, url: getApi().assetUrl(r.value.assetId), frames: r.value.frames }, status: `Preview ready (${r.value.rendered} of ${r.value.segments} segments rendered${proxies})` });
  } finally {
    running = false;
    if (again) {
      again = false;
      void renderPreview();
    }
  }
}

/** Whether two timelines render the same: markers (a reviewer's notes) are not in the picture or the sound. */
const samePicture = (a: Timeline, b: Timeline): boolean => a === b || (a.tracks === b.tracks && a.rate === b.rate);

/** Whether the preview shows this timeline. */
export const previewMatches = (p: { timeline: Timeline } | null, t: Timeline): boolean => p !== null && samePicture(p.timeline, t);

useDocument.subscribe((s, prev) => {
  const before = prev.history.present?.timeline;
  if (!s.history.present || (before && samePicture(s.history.present.timeline, before)) || !ui().previewAuto) return;
  clearTimeout(timer);
  timer = setTimeout(() => void renderPreview(), SETTLE_MS);
});
