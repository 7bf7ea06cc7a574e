// Generation from the editor: what the Extend / Fill Gap / Generate dialog asks for, and
// how a started generation lands on the timeline in ONE undoable step (its takes' media
// records and the placed clips together). Undoing that step while the job runs cancels
// the job — after asking, when it costs money.
import { castDraft } from 'immer';
import type { GenerationMode, GenerationRequest, GenerationStatus } from '../../../shared/generation/model';
import { isActive, predictedMedia } from '../../../shared/generation/model';
import { gapTarget, placeAt, placeExtension, placeFill, sourcePoint, swapTake, type Landing, type Placed } from '../../../shared/generation/placement';
import { EditError } from '../../../shared/timeline/edit/core';
import { secondsToFrames } from '../../../shared/timeline/time';
import type { Media, Project, Timeline } from '../../../shared/timeline/model';
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { writeTimeline } from '../state/writeTimeline';
import { ui } from '../state/uiStore';
import { generations, takeOf, useGenerations } from './store';

/** What the dialog is about, fixed when it opens. */
export type GenerateTarget =
  | { mode: 'extend' | 'extendBefore'; clipId: string }
  | { mode: 'fill'; trackId: string; frame: number }
  | { mode: 'text'; frame: number }
  | { mode: 'image'; frame: number; mediaId: string }
  /** another take of a generated clip, offered in its take switcher */
  | { mode: 'take'; clipId: string; generationId: string };

export interface GenerateForm {
  prompt: string;
  seconds: number;
  provider: 'local' | 'remote';
  model: string;
  width: number;
  height: number;
  takes: number;
  crossfadeSeconds: number;
}

export const MODE_TITLES: Record<GenerateTarget['mode'], string> = {
  extend: 'Extend',
  extendBefore: 'Extend Before',
  fill: 'Fill Gap',
  text: 'Generate from Text',
  image: 'Generate from Image',
  take: 'New Take',
};

/** Opens the dialog for the selection (Extend needs a selected clip). */
export function openGenerate(mode: GenerationMode | 'take'): void {
  const s = ui();
  const project = getProject();
  let target: GenerateTarget | null = null;
  if (mode === 'extend' || mode === 'extendBefore') {
    const clipId = s.selectedClips[0];
    if (!clipId) return s.toast('info', 'Select a clip to extend.');
    target = { mode, clipId };
  } else if (mode === 'fill') {
    if (!s.gapTarget) return s.toast('info', 'Click the empty space between two clips, then Fill Gap.');
    target = { mode, trackId: s.gapTarget.trackId, frame: s.gapTarget.frame };
  } else if (mode === 'image') {
    const m = project.media.find((x) => s.selectedMedia.includes(x.id) && (x.kind === 'image' || x.kind === 'video'));
    if (!m) return s.toast('info', 'Select a still (or a clip) in the bin to animate.');
    target = { mode, frame: s.playhead, mediaId: m.id };
  } else if (mode === 'text') target = { mode, frame: s.playhead };
  else if (mode === 'take') {
    const clip = project.timeline.tracks.flatMap((t) => t.items).find((i) => i.kind === 'clip' && i.id === s.selectedClips[0]);
    const found = clip?.kind === 'clip' && clip.mediaId ? takeOf(generations().byId, clip.mediaId) : null;
    if (!clip || !found) return s.toast('info', 'Select a generated clip to make another take of it.');
    target = { mode, clipId: clip.id, generationId: found.status.id };
  }
  if (!target) return;
  try {
    describeTarget(project, target); // refuse early (offline clip, no gap) with a clear message
  } catch (e) {
    return s.toast('info', e instanceof Error ? e.message : String(e));
  }
  s.set({ overlay: 'generate', generateTarget: target });
}

/** Prompt, length and source points the target implies. */
export function describeTarget(project: Project, t: GenerateTarget): { prompt: string; frames: number | null; name: string; source?: GenerationRequest['source']; sourceB?: GenerationRequest['sourceB'] } {
  const tl = project.timeline;
  const mediaOf = (id: string | null | undefined) => project.media.find((m) => m.id === id);
  if (t.mode === 'extend' || t.mode === 'extendBefore') {
    const side = t.mode === 'extend' ? 'after' : 'before';
    const p = sourcePoint(tl, t.clipId, side);
    const previous = mediaOf(p.mediaId)?.provenance?.prompt;
    return { prompt: previous ?? `${p.clip.name}, the shot continues`, frames: null, name: `${p.clip.name} ${t.mode === 'extend' ? 'ext' : 'lead-in'}`, source: { mediaId: p.mediaId, frame: p.frame } };
  }
  if (t.mode === 'fill') {
    const g = gapTarget(tl, t.trackId, t.frame);
    const a = g.before?.piece.clip;
    const b = g.after?.piece.clip;
    if ((!a || !a.mediaId) && (!b || !b.mediaId)) throw new EditError('A bridge needs a clip before or after the gap.');
    const at = (clipId: string, side: 'after' | 'before') => {
      const p = sourcePoint(tl, clipId, side);
      return { mediaId: p.mediaId, frame: p.frame };
    };
    return {
      prompt: `${a?.name ?? ''}${a && b ? ' flows into ' : ''}${b?.name ?? ''}`.trim(),
      frames: g.end - g.start,
      name: `Bridge ${a?.name ?? ''}${a && b ? '–' : ''}${b?.name ?? ''}`.trim(),
      ...(a?.mediaId ? { source: at(a.id, 'after') } : {}),
      ...(b?.mediaId ? { sourceB: at(b.id, 'before') } : {}),
    };
  }
  if (t.mode === 'take') {
    const g = generations().byId[t.generationId];
    if (!g) throw new EditError('That generation is not known to this session.');
    return { prompt: g.request.prompt, frames: g.request.frames, name: g.request.name };
  }
  if (t.mode === 'image') return { prompt: `${mediaOf(t.mediaId)?.name ?? 'The picture'} comes to life`, frames: null, name: `${mediaOf(t.mediaId)?.name ?? 'Still'} motion` };
  return { prompt: '', frames: null, name: 'Generated' };
}

/** The request the dialog's values make, for an estimate or a start. */
export function buildRequest(project: Project, t: GenerateTarget, f: GenerateForm): GenerationRequest {
  const d = describeTarget(project, t);
  if (t.mode === 'take') {
    // The same request again (same source point, length and size), with the prompt as edited.
    const g = generations().byId[t.generationId]!;
    const { takeOf: _ignored, ...orig } = g.request;
    return { ...orig, provider: f.provider, model: f.model, prompt: f.prompt.trim() || d.prompt, takes: f.provider === 'local' ? 1 : Math.max(1, Math.min(4, Math.round(f.takes))), takeOf: g.request.takeOf ?? g.id };
  }
  const rate = project.timeline.rate;
  const frames = d.frames ?? Math.max(1, secondsToFrames(f.seconds, rate));
  const crossfade = t.mode === 'extend' || t.mode === 'extendBefore' ? Math.max(0, secondsToFrames(f.crossfadeSeconds, rate)) : 0;
  return {
    mode: t.mode,
    provider: f.provider,
    model: f.model,
    prompt: f.prompt.trim() || d.prompt,
    frames,
    rate,
    width: f.width,
    height: f.height,
    takes: f.provider === 'local' ? 1 : Math.max(1, Math.min(4, Math.round(f.takes))),
    fit: project.settings.fit,
    sampleRate: project.settings.sampleRate,
    channels: project.settings.channels,
    handleFrames: crossfade,
    name: d.name.slice(0, 200),
    ...(d.source ? { source: d.source } : {}),
    ...(d.sourceB ? { sourceB: d.sourceB } : {}),
    ...(t.mode === 'image' ? { imageMediaId: t.mediaId, source: { mediaId: t.mediaId, frame: 0 } } : {}),
  };
}

function place(timeline: Timeline, t: Exclude<GenerateTarget, { mode: 'take' }>, l: Landing): Placed {
  switch (t.mode) {
    case 'extend':
      return placeExtension(timeline, t.clipId, l, 'after');
    case 'extendBefore':
      return placeExtension(timeline, t.clipId, l, 'before');
    case 'fill':
      return placeFill(timeline, gapTarget(timeline, t.trackId, t.frame), l);
    default:
      return placeAt(timeline, t.frame, l);
  }
}

const landingFor = (request: GenerationRequest, media: Media, generationId: string, crossfadeFrames: number): Landing => ({
  generationId,
  media,
  frames: request.frames,
  handleFrames: request.handleFrames,
  crossfadeFrames,
});

/**
 * Starts a generation and places its first take, as one undo step. The placement is
 * tried first with a stand-in, so a refused edit (locked track…) spends nothing.
 */
export async function startGeneration(t: GenerateTarget, f: GenerateForm): Promise<boolean> {
  const project = getProject();
  const rate = project.timeline.rate;
  let request: GenerationRequest;
  try {
    request = buildRequest(project, t, f);
  } catch (e) {
    ui().toast('error', e instanceof Error ? e.message : String(e));
    return false;
  }
  const crossfade = t.mode === 'extend' || t.mode === 'extendBefore' ? Math.max(0, secondsToFrames(f.crossfadeSeconds, rate)) : 0;
  if (t.mode === 'take') {
    const r = await getApi().invoke('generation:start', { request });
    if (!r.ok) {
      ui().toast('error', r.error.message);
      return false;
    }
    generations().receive(r.value.status);
    // The new takes join the bin (under Takes) and the clip's take switcher; the edit stays.
    useDocument.getState().run(`New take of ${request.name}`, (d) => {
      d.media.push(...castDraft(r.value.media));
    });
    ui().set({ status: `New take of ${request.name}: generating with ${r.value.status.providerLabel}…` });
    return true;
  }
  try {
    const standIn = predictedMedia({ id: 'standin', name: request.name, path: '/standin.mp4', request, generationId: 'standin', takeIndex: 0, providerLabel: '', costUsd: 0, createdAt: '' });
    place(project.timeline, t, landingFor(request, standIn, 'standin', crossfade));
  } catch (e) {
    ui().toast('error', e instanceof Error ? e.message : String(e));
    return false;
  }
  const r = await getApi().invoke('generation:start', { request });
  if (!r.ok) {
    ui().toast('error', r.error.message);
    return false;
  }
  const { status, media } = r.value;
  generations().receive(status);
  const first = media[0]!;
  const before = getProject().timeline;
  let placed: Placed;
  try {
    placed = place(before, t, landingFor(status.request, first, status.id, crossfade));
  } catch (e) {
    // The document changed while the request was on its way: nothing placed, nothing spent.
    void getApi().invoke('generation:cancel', { id: status.id });
    ui().toast('error', e instanceof Error ? e.message : String(e));
    return false;
  }
  useDocument.getState().run(`${MODE_TITLES[t.mode]} ${request.name}`, (d) => {
    d.media.push(...castDraft(media));
    writeTimeline(d, before, placed.timeline);
  });
  ui().set({ selectedClips: placed.clipIds, status: `${MODE_TITLES[t.mode]}: generating ${request.name} with ${status.providerLabel}…` });
  return true;
}

/** Shows take `mediaId` in the clip (and its linked partner), as one undo step. */
export function switchTake(clipId: string, mediaId: string): void {
  useDocument.getState().edit('Switch take', (tl) => swapTake(tl, clipId, mediaId));
}

export async function retryGeneration(id: string): Promise<void> {
  const r = await getApi().invoke('generation:retry', { id });
  if (r.ok) generations().receive(r.value);
  else ui().toast('error', r.error.message);
}

export async function cancelGeneration(id: string): Promise<void> {
  const r = await getApi().invoke('generation:cancel', { id });
  if (!r.ok) ui().toast('error', r.error.message);
}

/** Running generations none of whose takes the project holds any more (their step was undone). */
export function orphaned(project: Project, byId: Record<string, GenerationStatus>): GenerationStatus[] {
  const held = new Set(project.media.map((m) => m.id));
  return Object.values(byId).filter((s) => isActive(s.state) && !s.takes.some((t) => held.has(t.mediaId)));
}

/**
 * Before an undo: if it would drop a running generation that costs money, ask. Returns
 * false when the user keeps it (the undo does not happen).
 */
export function confirmUndo(next: Project): boolean {
  const paid = orphaned(next, generations().byId).filter((s) => s.costUsd > 0);
  if (paid.length === 0) return true;
  const cost = paid.reduce((sum, s) => sum + s.costUsd, 0);
  return window.confirm(`Undoing this cancels ${paid.length === 1 ? `the generation of ${paid[0]!.request.name}` : `${paid.length} generations`} ($${cost.toFixed(2)}, which the provider may still bill). Undo and cancel?`);
}

/** After every document change: cancel running generations whose placement was undone. */
export function watchUndo(): () => void {
  return useDocument.subscribe((state, prev) => {
    if (state.history.present === prev.history.present || !state.history.present) return;
    for (const s of orphaned(state.history.present, useGenerations.getState().byId)) void cancelGeneration(s.id);
  });
}
