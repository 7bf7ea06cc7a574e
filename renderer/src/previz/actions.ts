// Shot list commands in the editor: paste or import shots, edit, reorder and delete them,
// keep the reference library, lay the shots out on the timeline and generate their
// pictures. Every change to the shot list is one undoable document edit; the pure work is
// in shared/previz (edit.ts, requests.ts, shotlist.ts).
import type { GenerationRequest, GenerationStatus } from '../../../shared/generation/model';
import { isStale, specOf, type ReferenceKind, type Shot } from '../../../shared/previz/model';
import { parseShotList, type ParsedShot } from '../../../shared/previz/shotlist';
import * as pe from '../../../shared/previz/edit';
import { generationWaves, shotRequest } from '../../../shared/previz/requests';
import type { Clip, Media, Project } from '../../../shared/timeline/model';
import { getApi } from '../api';
import { getProject, refuseInReview, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { generations, takeOf, useGenerations } from '../generation/store';
import { previz, type ReferenceDraft } from './store';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
const doc = () => useDocument.getState();

export const shotsOf = (p: Project): Shot[] => p.previz?.shots ?? [];
export const shotById = (p: Project, id: string): Shot | undefined => shotsOf(p).find((s) => s.id === id);

/** The timeline clip a shot laid out to, while it is on the timeline. */
export function clipOfShot(p: Project, shot: Shot | undefined): Clip | undefined {
  if (!shot?.clipId) return undefined;
  for (const t of p.timeline.tracks) for (const i of t.items) if (i.kind === 'clip' && i.id === shot.clipId) return i;
  return undefined;
}

/** How a pasted or imported list names bin images (by path, else by name) and references (by name, any case). */
export function resolverFor(p: Project): Parameters<typeof pe.addShots>[2] {
  const base = (s: string) => s.replace(/^.*[\\/]/, '');
  return {
    imageMediaId: (path) => {
      const t = path.trim();
      return (p.media.find((m) => m.path === t) ?? p.media.find((m) => m.name === t || base(m.path) === base(t)))?.id;
    },
    referenceId: (name) => {
      const n = name.trim().toLocaleLowerCase();
      return p.previz?.references.find((r) => r.name.toLocaleLowerCase() === n)?.id;
    },
  };
}

/** Shots selected in the panel, in shot order (ids no longer in the list are left out). */
export function selectedShots(p: Project = getProject()): string[] {
  const sel = new Set(previz().selected);
  return shotsOf(p)
    .filter((s) => sel.has(s.id))
    .map((s) => s.id);
}

/** New shots go after the last selected shot, else at the end. */
function insertionIndex(p: Project): number | undefined {
  const shots = shotsOf(p);
  const sel = new Set(previz().selected);
  const last = shots.reduce((at, s, i) => (sel.has(s.id) ? i : at), -1);
  return last >= 0 ? last + 1 : undefined;
}

/**
 * Adds parsed shots as one undo step. The selection is cleared, so Generate Drafts next
 * means "every shot without a picture" rather than new takes of the pasted ones.
 */
export function addParsedShots(parsed: readonly ParsedShot[], label: string): boolean {
  const before = new Set(shotsOf(getProject()).map((s) => s.id));
  const ok = doc().editProject(label, (p) => pe.addShots(p, [...parsed], resolverFor(p), insertionIndex(p)));
  if (!ok) return false;
  const added = shotsOf(getProject())
    .filter((s) => !before.has(s.id))
    .map((s) => s.id);
  previz().set({ selected: [], anchor: null });
  ui().set({ status: `${label}: ${plural(added.length, 'shot')} added` });
  return true;
}

/**
 * Text pasted into the panel: tab-separated (a spreadsheet), comma-separated or a Markdown
 * table, with a header row. A bad row is one toast naming the line; nothing is added.
 */
export function pasteShotList(text: string): boolean {
  if (!text.trim()) return false;
  let parsed: ParsedShot[];
  try {
    parsed = parseShotList('pasted', text, getProject().timeline.rate);
  } catch (e) {
    ui().toast('error', `Paste shots: ${oneLine(e)}`);
    return false;
  }
  if (parsed.length === 0) {
    ui().toast('info', 'Paste shots: the pasted table has a header but no shots.');
    return false;
  }
  return addParsedShots(parsed, `Paste ${plural(parsed.length, 'Shot')}`);
}

/** Reads a shot list file through the main process and adds its shots; the one-line error or null. */
export async function importShotListFile(path: string): Promise<string | null> {
  const r = await getApi().invoke('previz:importShotList', { path, rate: getProject().timeline.rate });
  if (!r.ok) return r.error.message;
  if (r.value.shots.length === 0) return `${path.replace(/^.*[\\/]/, '')} has no shots.`;
  addParsedShots(r.value.shots, `Import ${plural(r.value.shots.length, 'Shot')}`);
  return null;
}

/** A new empty shot (4 seconds) after the selection. */
export function addBlankShot(): void {
  const p = getProject();
  const seconds = 4;
  const frames = Math.max(1, Math.round((seconds * p.timeline.rate.num) / p.timeline.rate.den));
  const shot: ParsedShot = { name: `Shot ${shotsOf(p).length + 1}`, frames, prompt: '', camera: '', references: [], continueFromPrevious: false };
  addParsedShots([shot], 'Add Shot');
}

export type ShotPatch = Parameters<typeof pe.updateShot>[2];

/** One field (or a few) of one shot, one undo step. */
export function editShot(shotId: string, patch: ShotPatch, label: string): boolean {
  return doc().editProject(label, (p) => pe.updateShot(p, shotId, patch));
}

/** Deletes shots (their clips stay on the timeline), one undo step. */
export function deleteShots(ids: readonly string[]): boolean {
  if (ids.length === 0) return false;
  const ok = doc().editProject(ids.length === 1 ? 'Delete Shot' : `Delete ${plural(ids.length, 'Shot')}`, (p) => ids.reduce((q, id) => pe.removeShot(q, id), p));
  if (ok) previz().set({ selected: [], anchor: null });
  return ok;
}

/** Moves a shot to `toIndex` in the list (drag, Alt+Up/Down), one undo step. */
export function moveShotTo(shotId: string, toIndex: number): boolean {
  const shots = shotsOf(getProject());
  const from = shots.findIndex((s) => s.id === shotId);
  const to = Math.max(0, Math.min(shots.length - 1, toIndex));
  if (from < 0 || from === to) return false;
  return doc().editProject(`Move ${shots[from]!.name || 'Shot'}`, (p) => pe.moveShot(p, shotId, to));
}

/** Alt+Up / Alt+Down: the selected shots (as a block, keeping their order) one place up or down. */
export function moveSelected(delta: -1 | 1): boolean {
  const p = getProject();
  const shots = shotsOf(p);
  const ids = selectedShots(p);
  if (ids.length === 0) return false;
  const idx = ids.map((id) => shots.findIndex((s) => s.id === id));
  if ((delta < 0 && idx[0] === 0) || (delta > 0 && idx.at(-1) === shots.length - 1)) return false;
  const order = delta < 0 ? ids : [...ids].reverse();
  return doc().editProject(ids.length === 1 ? `Move ${shots[idx[0]!]!.name || 'Shot'}` : `Move ${plural(ids.length, 'Shot')}`, (q) =>
    order.reduce((acc, id) => pe.moveShot(acc, id, shotsOf(acc).findIndex((s) => s.id === id) + delta), q),
  );
}

/** To Timeline: lays the shots (all, or `shotIds`) out on the Previz track as one undo step. */
export function layOut(shotIds?: readonly string[]): boolean {
  const p = getProject();
  if (shotsOf(p).length === 0) {
    ui().toast('info', 'The shot list is empty: paste or add shots first.');
    return false;
  }
  const n = shotIds?.length ?? shotsOf(p).length;
  const ok = doc().editProject(shotIds ? `Lay Out ${plural(n, 'Shot')}` : 'Lay Out Shots', (q) => pe.layOutShots(q, shotIds ? { shotIds: [...shotIds] } : undefined));
  if (ok) ui().set({ status: `Laid out ${plural(n, 'shot')} on the Previz track` });
  return ok;
}

// References ---------------------------------------------------------------------------

const stem = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '');

/** Opens the reference dialog for a bin item (image, or a video's first frame). */
export function referenceFromMedia(mediaId: string): void {
  const m = getProject().media.find((x) => x.id === mediaId);
  if (!m || m.kind === 'audio') return ui().toast('info', 'A reference is a picture: choose a still or a clip in the bin.');
  previz().set({ referenceDraft: { mediaId, name: stem(m.name), kind: 'character', description: '' } });
  ui().set({ overlay: 'reference' });
}

/** Opens the reference dialog on an existing reference. */
export function editReferenceDialog(id: string): void {
  const r = getProject().previz?.references.find((x) => x.id === id);
  if (!r) return;
  previz().set({ referenceDraft: { id: r.id, mediaId: r.mediaId, name: r.name, kind: r.kind, description: r.description } });
  ui().set({ overlay: 'reference' });
}

/** Saves the dialog's reference (new or edited), one undo step; the new id, or null when refused. */
export function saveReference(d: ReferenceDraft): string | null {
  const name = d.name.trim();
  if (!name) {
    ui().toast('info', 'A reference needs a name (prompts and shot lists call it by it).');
    return null;
  }
  if (d.id) {
    const id = d.id;
    doc().editProject(`Edit Reference ${name}`, (p) => pe.updateReference(p, id, { name, kind: d.kind, description: d.description, mediaId: d.mediaId }));
    return getProject().previz?.references.some((r) => r.id === id) ? id : null;
  }
  let added: string | null = null;
  doc().editProject(`Add Reference ${name}`, (p) => {
    const r = pe.addReference(p, { name, kind: d.kind, mediaId: d.mediaId, description: d.description });
    added = r.referenceId;
    return r.project;
  });
  return added;
}

export function updateReferenceField(id: string, patch: Partial<{ name: string; kind: ReferenceKind; description: string }>, label: string): boolean {
  return doc().editProject(label, (p) => pe.updateReference(p, id, patch));
}

/** Removes a reference from the library and from every shot that names it, one undo step. */
export function deleteReference(id: string): boolean {
  const r = getProject().previz?.references.find((x) => x.id === id);
  return doc().editProject(`Remove Reference ${r?.name ?? ''}`.trim(), (p) => pe.removeReference(p, id));
}

// Status -------------------------------------------------------------------------------

export type ShotState = 'not-laid-out' | 'placeholder' | 'queued' | 'generating' | 'failed' | 'draft' | 'generated' | 'media' | 'stale';

export const SHOT_STATE_LABELS: Record<ShotState, string> = {
  'not-laid-out': 'not laid out',
  placeholder: 'placeholder',
  queued: 'queued',
  generating: 'generating',
  failed: 'failed',
  draft: 'draft',
  generated: 'generated',
  media: 'footage',
  stale: 'STALE',
};

/**
 * What a shot's row says: not on the timeline, a placeholder, waiting in a run, being
 * generated, failed, a local draft, a provider's picture, other footage — or STALE when
 * the prompt, length or references changed since its picture was made.
 */
export function shotState(p: Project, shot: Shot, byId: Record<string, GenerationStatus>, waiting: Record<string, string> = {}, failed: Record<string, string> = {}): { state: ShotState; detail?: string } {
  if (isStale(shot)) return { state: 'stale', detail: 'The prompt, length or references changed since this picture was made: regenerate for a new take.' };
  if (waiting[shot.id]) return { state: 'queued', detail: waiting[shot.id] };
  if (failed[shot.id]) return { state: 'failed', detail: failed[shot.id] };
  const clip = clipOfShot(p, shot);
  if (!clip) return { state: 'not-laid-out' };
  if (!clip.mediaId) return { state: 'placeholder' };
  const media = p.media.find((m) => m.id === clip.mediaId);
  if (!media || media.origin !== 'generated') return { state: 'media' };
  const found = takeOf(byId, media.id);
  if (media.metadata?.['segue.pending'] === true && found?.take.state !== 'done') {
    if (!found) return { state: 'generating', detail: 'This generation is not known to this session' };
    if (found.take.state === 'failed' || found.take.state === 'cancelled') return { state: 'failed', detail: found.take.error ?? found.status.message ?? found.take.state };
    return { state: 'generating', detail: `${found.status.providerLabel}${found.status.progress !== null ? ` · ${Math.round(found.status.progress * 100)}%` : ''}` };
  }
  const local = media.provenance?.model === 'segue-local-draft' || found?.status.request.provider === 'local';
  return { state: local ? 'draft' : 'generated', detail: media.provenance ? `${media.provenance.provider}${media.provenance.costUsd > 0 ? ` · $${media.provenance.costUsd.toFixed(2)}` : ''}` : undefined };
}

/** Shots a Generate command is about: the selection, else every shot without an up-to-date picture. */
export function shotsToGenerate(p: Project = getProject(), byId: Record<string, GenerationStatus> = generations().byId): string[] {
  const sel = selectedShots(p);
  if (sel.length) return sel;
  return shotsOf(p)
    .filter((s) => ['not-laid-out', 'placeholder', 'failed', 'stale'].includes(shotState(p, s, byId).state))
    .map((s) => s.id);
}

// Generation ---------------------------------------------------------------------------

/**
 * The project as far as generation knows it: a generated take that has landed has its
 * probed record (no longer pending). The document keeps the predicted record, so requests
 * that need a landed picture (continue from the previous shot) are built from this view.
 */
export function landedView(p: Project, byId: Record<string, GenerationStatus>): Project {
  let changed = false;
  const media = p.media.map((m): Media => {
    if (m.metadata?.['segue.pending'] !== true) return m;
    const found = takeOf(byId, m.id);
    if (found?.take.state !== 'done' || !found.take.media) return m;
    changed = true;
    return found.take.media;
  });
  return changed ? { ...p, media } : p;
}

export interface RunOptions {
  provider: 'local' | 'remote';
  /** the remote provider's model ('' for local drafts) */
  model: string;
  takes?: number;
  /** estimated cost of each shot by shot id, for the order (cheapest first) */
  costs?: ReadonlyMap<string, number>;
}

export interface RunReport {
  started: string[];
  failed: Array<{ shotId: string; name: string; message: string }>;
}

type Picture = 'ready' | 'pending' | 'failed' | 'none';

/** Whether a shot's clip shows a picture that can be read (a frame taken from it). */
function pictureOf(p: Project, shotId: string, byId: Record<string, GenerationStatus>): { state: Picture; message?: string } {
  const clip = clipOfShot(p, shotById(p, shotId));
  const media = clip?.mediaId ? p.media.find((m) => m.id === clip.mediaId) : undefined;
  if (!media) return { state: 'none' };
  if (media.metadata?.['segue.pending'] !== true) return { state: 'ready' };
  const found = takeOf(byId, media.id);
  if (!found) return { state: 'pending' };
  if (found.take.state === 'done') return { state: 'ready' };
  if (found.take.state === 'failed' || found.take.state === 'cancelled') return { state: 'failed', message: found.take.error ?? found.status.message ?? found.take.state };
  return { state: 'pending' };
}

/**
 * Resolves once the shot's picture has landed; rejects when it failed or there is none,
 * with the reason as a clause ("has no picture yet", "failed (out of credits)").
 */
export function whenLanded(shotId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: Array<() => void> = [];
    const check = () => {
      const pic = pictureOf(getProject(), shotId, generations().byId);
      if (pic.state === 'pending') return;
      offs.forEach((off) => off());
      if (pic.state === 'ready') resolve();
      else reject(new Error(pic.state === 'failed' ? `failed (${pic.message})` : 'has no picture yet'));
    };
    offs.push(useGenerations.subscribe(check), useDocument.subscribe(check));
    check();
  });
}

const requestFor = (shotId: string, o: RunOptions) => shotRequest(landedView(getProject(), generations().byId), shotId, { provider: o.provider, model: o.model, ...(o.takes ? { takes: o.takes } : {}) });

/**
 * The request a shot's cost is estimated from before anything runs: a shot that continues
 * from a picture not made yet is estimated as it will be asked (same provider, length and
 * size), never started from this.
 */
export function estimateRequestFor(shotId: string, o: RunOptions): GenerationRequest {
  const p = landedView(getProject(), generations().byId);
  const opts = { provider: o.provider, model: o.model, ...(o.takes ? { takes: o.takes } : {}) };
  const r = shotRequest(p, shotId, opts);
  if (!('waitFor' in r)) return r;
  // Priced as the same shot without the picture it waits for (providers price by length).
  const r2 = shotRequest(pe.updateShot(p, shotId, { continueFromPrevious: false }), shotId, opts);
  if ('waitFor' in r2) throw new Error('no estimate before the previous shot has a picture');
  return r2;
}

/** Starts one shot's generation and points its clip at the predicted take, one undo step. */
async function startShot(shotId: string, request: GenerationRequest, o: RunOptions): Promise<void> {
  const shot = shotById(getProject(), shotId);
  if (!shot) throw new Error('The shot was deleted');
  const spec = specOf(shot);
  const r = await getApi().invoke('generation:start', { request });
  if (!r.ok) throw new Error(r.error.message);
  const { status, media } = r.value;
  generations().receive(status);
  const first = media[0];
  const label = `${o.provider === 'local' ? 'Draft' : 'Generate'} ${shot.name || 'Shot'}`;
  const placed =
    first !== undefined &&
    doc().editProject(label, (p) => {
      const known = new Set(p.media.map((m) => m.id));
      return pe.applyShotResult({ ...p, media: [...p.media, ...media.filter((m) => !known.has(m.id))] }, shotId, first, spec);
    });
  if (!placed) {
    // The shot or its clip went away while the request was on its way: nothing is kept.
    void getApi().invoke('generation:cancel', { id: status.id });
    throw new Error('its clip is no longer on the timeline (or its track is locked)');
  }
}

function setWaiting(shotId: string, why: string | null): void {
  const { [shotId]: _gone, ...rest } = previz().waiting;
  previz().set({ waiting: why === null ? rest : { ...rest, [shotId]: why } });
}

function setFailed(shotId: string, message: string | null): void {
  const { [shotId]: _gone, ...rest } = previz().failed;
  previz().set({ failed: message === null ? rest : { ...rest, [shotId]: message } });
}

/**
 * Generates the shots' pictures: lays out any shot not on the timeline yet, then starts
 * them in waves (shots that need nothing first, cheapest first); a shot that continues
 * from the previous one starts once that picture has landed. Each start is one undo step
 * (undoing it cancels the job). A shot that fails is reported; the others go on.
 */
export async function generateShots(shotIds: readonly string[], o: RunOptions): Promise<RunReport> {
  const report: RunReport = { started: [], failed: [] };
  if (doc().readOnly) {
    refuseInReview('Generate Shots', 'generate');
    return report;
  }
  const wanted = shotIds.filter((id) => shotById(getProject(), id));
  if (wanted.length === 0) return report;
  const missing = wanted.filter((id) => !clipOfShot(getProject(), shotById(getProject(), id)));
  if (missing.length && !doc().editProject(`Lay Out ${plural(missing.length, 'Shot')}`, (p) => pe.layOutShots(p, { shotIds: missing }))) return report;
  const nameOf = (id: string) => shotById(getProject(), id)?.name || 'Shot';
  const fail = (id: string, e: unknown) => {
    const message = oneLine(e);
    report.failed.push({ shotId: id, name: nameOf(id), message });
    setWaiting(id, null);
    setFailed(id, message);
  };
  let waves: string[][];
  try {
    waves = generationWaves(landedView(getProject(), generations().byId), wanted, (_r, id) => o.costs?.get(id) ?? 0, { provider: o.provider, model: o.model });
  } catch (e) {
    ui().toast('error', oneLine(e));
    return report;
  }
  const inRun = new Set(waves.flat());
  for (const id of inRun) {
    setFailed(id, null);
    setWaiting(id, 'queued');
  }
  /** settles when the shot's generation was started (or could not be) */
  const started = new Map<string, Promise<void>>();
  const tasks: Promise<void>[] = [];
  const run = async (id: string, request: GenerationRequest) => {
    setWaiting(id, null);
    await startShot(id, request, o);
    report.started.push(id);
  };
  /** waits for the picture it continues from, then starts */
  const waitThenRun = async (id: string, dependsOn: string) => {
    let dep = dependsOn;
    for (let hops = 0; hops < 64; hops++) {
      setWaiting(id, `waiting for ${nameOf(dep)}`);
      await started.get(dep)?.catch(() => undefined);
      await whenLanded(dep).catch((e: unknown) => {
        throw new Error(`continues from ${nameOf(dep)}, which ${oneLine(e)}`);
      });
      const next = requestFor(id, o);
      if (!('waitFor' in next)) return run(id, next);
      if (next.waitFor === dep) throw new Error(`the picture of ${nameOf(dep)} cannot be read`);
      dep = next.waitFor;
    }
    throw new Error('too many shots to wait for');
  };
  for (const wave of waves) {
    for (const id of wave) {
      let first: ReturnType<typeof requestFor>;
      try {
        first = requestFor(id, o);
      } catch (e) {
        fail(id, e);
        started.set(id, Promise.reject(e));
        started.get(id)!.catch(() => undefined);
        continue;
      }
      const task = ('waitFor' in first ? waitThenRun(id, first.waitFor) : run(id, first)).catch((e: unknown) => fail(id, e));
      started.set(id, task);
      tasks.push(task);
      // Shots that can start now start one after another, in the waves' order.
      if (!('waitFor' in first)) await task;
    }
  }
  await Promise.all(tasks);
  const n = report.started.length;
  if (report.failed.length === 0) ui().set({ status: `Started ${plural(n, o.provider === 'local' ? 'draft' : 'generation')}: progress in the Jobs panel` });
  else ui().toast('error', `${n} of ${plural(wanted.length, 'shot')} started; ${report.failed[0]!.name}: ${report.failed[0]!.message}${report.failed.length > 1 ? ` (and ${report.failed.length - 1} more)` : ''}`);
  return report;
}

/** Generate Drafts: the local provider, at once, for the selection or every shot that needs a picture. */
export async function generateDrafts(shotIds: readonly string[] = shotsToGenerate()): Promise<RunReport | null> {
  if (shotsOf(getProject()).length === 0) {
    ui().toast('info', 'The shot list is empty: paste or add shots first.');
    return null;
  }
  if (shotIds.length === 0) {
    ui().toast('info', 'Every shot has an up-to-date picture. Select shots to make new takes of them.');
    return null;
  }
  return generateShots(shotIds, { provider: 'local', model: '' });
}

/** Generate with Provider…: asks (shots, provider, model, total cost) before anything is spent. */
export function askGenerate(shotIds: readonly string[] = shotsToGenerate(), provider: 'local' | 'remote' = 'remote'): void {
  if (shotsOf(getProject()).length === 0) return ui().toast('info', 'The shot list is empty: paste or add shots first.');
  if (shotIds.length === 0) return ui().toast('info', 'Every shot has an up-to-date picture. Select shots to make new takes of them.');
  previz().set({ generateAsk: { shotIds: [...shotIds], provider } });
  ui().set({ overlay: 'previzGenerate' });
}

/** Regenerate a (stale) shot as a new take, with the kind of provider its picture came from. */
export function regenerateShot(shotId: string): void {
  const p = getProject();
  const clip = clipOfShot(p, shotById(p, shotId));
  const media = clip?.mediaId ? p.media.find((m) => m.id === clip.mediaId) : undefined;
  const remote = media?.origin === 'generated' && media.provenance !== undefined && media.provenance.model !== 'segue-local-draft';
  if (remote) askGenerate([shotId], 'remote');
  else void generateShots([shotId], { provider: 'local', model: '' });
}

// The panel's selection keeps to shots that exist (after an undo, a delete, another project).
useDocument.subscribe((state, prev) => {
  if (state.history.present === prev.history.present || !state.history.present) return;
  const ids = new Set(shotsOf(state.history.present).map((s) => s.id));
  const { selected, anchor } = previz();
  if (selected.some((id) => !ids.has(id))) previz().set({ selected: selected.filter((id) => ids.has(id)), anchor: anchor && ids.has(anchor) ? anchor : null });
});
