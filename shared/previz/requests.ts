// What to ask a provider for each shot, and in which order. Pure: the renderer and the
// CLI's runner build the same requests from the same project.
//
// A shot's first picture comes from, in this order:
//   - "continue from previous": the previous shot's clip at its last frame (image-to-video);
//     until that picture exists (no media, or a take still pending) the answer is to wait;
//   - the shot's own image;
//   - the first of its references (the others are described in the prompt);
// and otherwise the shot is text-to-video.
import type { Media, Project } from '../timeline/model';
import { GenerationRequestSchema, generationOf, type GenerationRequest } from '../generation/model';
import { EditError } from '../timeline/edit/core';
import { rescale } from '../timeline/time';
import type { Shot } from './model';
import { previzOf, shotClip } from './edit';

export interface ShotRequestOptions {
  provider: 'local' | 'remote';
  /** the remote provider's model (ignored by the local provider) */
  model: string;
  takes?: number;
}

/** A shot that cannot start yet: the shot whose picture must land first. */
export interface WaitFor {
  waitFor: string;
}

const MAX_PROMPT = 4000;
const PENDING = 'segue.pending';

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The shot's name as a generation and its result are called. */
export const shotTitle = (shot: Shot, index: number): string => shot.name || `Shot ${index + 1}`;

/** The prompt a provider gets: the shot's prompt, its camera note and what its references look like. */
export function shotPrompt(project: Project, shot: Shot): string {
  const library = new Map(previzOf(project).references.map((r) => [r.id, r]));
  const refs = shot.referenceIds.flatMap((id) => (library.has(id) ? [library.get(id)!] : []));
  const lines = [shot.prompt.trim(), shot.camera.trim() ? `Camera: ${shot.camera.trim()}` : '', ...refs.map((r) => (r.description.trim() ? `${r.name}: ${r.description.trim()}` : ''))];
  return cut(lines.filter(Boolean).join('\n'), MAX_PROMPT);
}

const isPending = (m: Media): boolean => m.metadata?.[PENDING] === true;

type Picture = { imageMediaId: string; source?: { mediaId: string; frame: number } } | WaitFor | null;

function pictureOf(project: Project, index: number): Picture {
  const shots = previzOf(project).shots;
  const shot = shots[index]!;
  const media = (id: string | null | undefined) => (id ? project.media.find((m) => m.id === id) : undefined);
  if (shot.continueFromPrevious && index > 0) {
    const prev = shots[index - 1]!;
    const at = shotClip(project, prev);
    const m = media(at?.clip.mediaId);
    if (!at || !m || isPending(m) || m.kind === 'audio') return { waitFor: prev.id };
    if (m.kind === 'image') return { imageMediaId: m.id };
    const rate = project.timeline.rate;
    let last = rescale(at.clip.sourceRange.start, rate) + at.length - 1;
    const mediaFrames = Math.round((m.probe.durationSeconds * rate.num) / rate.den);
    if (mediaFrames > 0) last = Math.min(last, mediaFrames - 1);
    return { imageMediaId: m.id, source: { mediaId: m.id, frame: Math.max(0, last) } };
  }
  if (shot.imageMediaId && media(shot.imageMediaId)) return { imageMediaId: shot.imageMediaId };
  const library = previzOf(project).references;
  for (const id of shot.referenceIds) {
    const ref = library.find((r) => r.id === id);
    const m = media(ref?.mediaId);
    if (m && m.kind !== 'audio') return { imageMediaId: m.id };
  }
  return null;
}

function indexOf(project: Project, shotId: string): number {
  const i = previzOf(project).shots.findIndex((s) => s.id === shotId);
  if (i < 0) throw new EditError('That shot is no longer in the shot list.');
  return i;
}

function build(project: Project, index: number, o: ShotRequestOptions, picture: Exclude<Picture, WaitFor>): GenerationRequest {
  const shot = previzOf(project).shots[index]!;
  const s = project.settings;
  if (s.width > 8192 || s.height > 8192) throw new EditError(`Shots are generated at most 8192 pixels wide or high; the project is ${s.width}x${s.height}.`);
  const title = shotTitle(shot, index);
  const prompt = shotPrompt(project, shot);
  const at = shotClip(project, shot);
  const current = at?.clip.mediaId ? project.media.find((m) => m.id === at.clip.mediaId) : undefined;
  const takeOf = current && current.origin === 'generated' ? generationOf(current) : undefined;
  const request: GenerationRequest = {
    mode: picture ? 'image' : 'text',
    provider: o.provider,
    model: o.model,
    // A local draft is a slate: it shows the shot's name over its prompt.
    prompt: o.provider === 'local' ? cut(`${title}\n${prompt}`, MAX_PROMPT) : prompt,
    frames: shot.frames,
    rate: project.timeline.rate,
    width: s.width,
    height: s.height,
    takes: Math.max(1, Math.min(4, Math.round(o.takes ?? 1))),
    fit: s.fit,
    sampleRate: Math.max(8000, Math.min(192000, s.sampleRate)),
    channels: Math.max(1, Math.min(8, s.channels)),
    handleFrames: 0,
    name: cut(title, 200),
    ...(picture ? { imageMediaId: picture.imageMediaId } : {}),
    ...(picture?.source ? { source: picture.source } : {}),
    ...(takeOf ? { takeOf } : {}),
  };
  const checked = GenerationRequestSchema.safeParse(request);
  if (!checked.success) throw new EditError(`Shot ${title} cannot be generated: ${checked.error.issues[0]?.message ?? 'invalid request'}.`);
  return request;
}

/**
 * The generation request for a shot, or { waitFor } naming the shot whose picture it
 * continues from when that picture is not there yet. Size, rate, fit and sound come from
 * the project's settings; a shot whose clip already shows generated media asks for a new
 * take of that generation (takeOf).
 */
export function shotRequest(project: Project, shotId: string, o: ShotRequestOptions): GenerationRequest | WaitFor {
  const i = indexOf(project, shotId);
  const picture = pictureOf(project, i);
  if (picture && 'waitFor' in picture) return picture;
  return build(project, i, o, picture);
}

export const isWaitFor = (r: GenerationRequest | WaitFor): r is WaitFor => 'waitFor' in r;

/**
 * The order to generate shots in: waves, each started once the one before has landed.
 * A shot that continues from a shot also being generated goes in the wave after it (a
 * continuity chain runs in order); the others go first. Within a wave, cheapest first
 * (by `costOf`, given each shot's request; a waiting shot is priced as text-to-video of
 * its length), then in shot order.
 */
export function generationWaves(project: Project, shotIds: readonly string[], costOf: (r: GenerationRequest, shotId: string) => number, o: ShotRequestOptions = { provider: 'local', model: '' }): string[][] {
  const shots = previzOf(project).shots;
  const wanted = new Set(shotIds);
  for (const id of wanted) indexOf(project, id);
  const wave = new Map<string, number>();
  const cost = new Map<string, number>();
  shots.forEach((s, i) => {
    if (!wanted.has(s.id)) return;
    const prev = i > 0 ? shots[i - 1]! : undefined;
    const after = s.continueFromPrevious && prev && wanted.has(prev.id) ? wave.get(prev.id)! + 1 : 0;
    wave.set(s.id, after);
    const picture = after > 0 ? null : pictureOf(project, i);
    const c = costOf(build(project, i, o, picture && !('waitFor' in picture) ? picture : null), s.id);
    cost.set(s.id, Number.isFinite(c) ? c : Number.MAX_VALUE);
  });
  const out: string[][] = [];
  const order = new Map(shots.map((s, i) => [s.id, i]));
  for (const [id, w] of wave) (out[w] ??= []).push(id);
  return out.map((ids) => ids.sort((a, b) => cost.get(a)! - cost.get(b)! || order.get(a)! - order.get(b)!));
}
