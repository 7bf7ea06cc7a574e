// Generating a whole shot list headlessly (the CLI's `segue previz --generate`; the same
// requests and edits as the editor). Shots run in waves (shared/previz/requests.ts): a
// shot that continues from another waits for that picture to land. Each landed shot is
// applied to the project (its clip shows the new take, the old media stays in the bin);
// a failed shot is recorded with a one-line reason and the others go on. Cancelling stops
// every running generation and starts no more.
import { isActive, type GenerationRequest, type GenerationStatus } from '../../../shared/generation/model';
import type { Media, Project } from '../../../shared/timeline/model';
import { specOf, type ShotSpec } from '../../../shared/previz/model';
import { applyShotResult, findShot, layOutShots, previzOf } from '../../../shared/previz/edit';
import { generationWaves, isWaitFor, shotRequest, shotTitle, type ShotRequestOptions } from '../../../shared/previz/requests';
import type { GenerationService } from '../generation/generationService';
import type { ProjectService } from '../project/projectService';

export interface ShotOutcome {
  shotId: string;
  name: string;
  state: 'done' | 'failed' | 'cancelled';
  /** one line, for a failed shot */
  error?: string;
  costUsd: number;
  generationId?: string;
  /** the landed takes (the clip shows the first) */
  mediaIds: string[];
}

export interface PrevizProgress {
  /** 0..1 over all shots */
  progress: number;
  etaSeconds: number | null;
  done: number;
  failed: number;
  total: number;
}

export interface PrevizRunOptions extends ShotRequestOptions {
  /** the shots to generate (default: every shot), laid out first when they are not */
  shotIds?: readonly string[];
  signal?: AbortSignal;
  /** generations running at once (default 2 local, 4 remote) */
  concurrency?: number;
  onProgress?: (p: PrevizProgress) => void;
  onShot?: (o: ShotOutcome) => void;
}

export interface PrevizRunResult {
  project: Project;
  outcomes: ShotOutcome[];
  /** what the landed shots cost */
  costUsd: number;
  cancelled: boolean;
}

export interface PrevizDeps {
  generation: GenerationService;
  projects: ProjectService;
}

const firstLine = (s: string): string => s.split('\n')[0]!.trim() || 'failed';

/** The total estimated cost of the shots, and the first reason one of them cannot run, before anything is spent. */
export function estimatePreviz(deps: PrevizDeps, project: Project, o: PrevizRunOptions): { costUsd: number; blocked?: string; requests: number } {
  const ids = o.shotIds ?? previzOf(project).shots.map((s) => s.id);
  let costUsd = 0;
  let blocked: string | undefined;
  const laid = layOutShots(project, { shotIds: ids });
  generationWaves(
    laid,
    ids,
    (r, shotId) => {
      const e = deps.generation.estimate(r);
      costUsd += e.costUsd;
      if (e.blocked && !e.blocked.includes('budget') && !blocked) blocked = `${shotTitle(findShot(laid, shotId), previzOf(laid).shots.findIndex((s) => s.id === shotId))}: ${e.blocked}`;
      return e.costUsd;
    },
    o,
  );
  return { costUsd, requests: ids.length, ...(blocked ? { blocked } : {}) };
}

function waitDone(generation: GenerationService, id: string, signal: AbortSignal, onProgress: (p: number) => void): Promise<GenerationStatus> {
  return new Promise((resolve) => {
    const check = (g: GenerationStatus) => {
      if (g.id !== id) return;
      if (isActive(g.state)) {
        if (g.progress !== null) onProgress(g.progress);
        return;
      }
      off();
      signal.removeEventListener('abort', onAbort);
      resolve(g);
    };
    const onAbort = () => generation.cancel(id);
    signal.addEventListener('abort', onAbort, { once: true });
    const off = generation.onUpdate(check);
    check(generation.get(id));
  });
}

/**
 * Generates the shots and applies every landed one to the project. The generation
 * service must be attached to the project's data folder and the project service must
 * know its media (setCurrent) before the run.
 */
export async function runPreviz(deps: PrevizDeps, input: Project, o: PrevizRunOptions): Promise<PrevizRunResult> {
  const signal = o.signal ?? new AbortController().signal;
  const ids = o.shotIds ?? previzOf(input).shots.map((s) => s.id);
  let project = layOutShots(input, { shotIds: ids });
  for (const m of project.media) deps.projects.registerMedia(m);
  const waves = generationWaves(project, ids, (r) => deps.generation.estimate(r).costUsd, o);
  const outcomes = new Map<string, ShotOutcome>();
  const share = new Map<string, number>();
  const started = Date.now();
  const total = ids.length;

  const report = () => {
    if (!o.onProgress) return;
    const progress = total ? [...share.values()].reduce((a, b) => a + b, 0) / total : 1;
    const elapsed = (Date.now() - started) / 1000;
    const outs = [...outcomes.values()];
    o.onProgress({
      progress,
      etaSeconds: progress > 0.02 && progress < 1 ? (elapsed * (1 - progress)) / progress : null,
      done: outs.filter((x) => x.state === 'done').length,
      failed: outs.filter((x) => x.state !== 'done').length,
      total,
    });
  };
  const finish = (out: ShotOutcome) => {
    outcomes.set(out.shotId, out);
    share.set(out.shotId, 1);
    o.onShot?.(out);
    report();
  };
  const nameOf = (shotId: string) => {
    const shots = previzOf(project).shots;
    const i = shots.findIndex((s) => s.id === shotId);
    return i < 0 ? shotId : shotTitle(shots[i]!, i);
  };
  const failed = (shotId: string, error: string, state: 'failed' | 'cancelled' = 'failed') => finish({ shotId, name: nameOf(shotId), state, ...(state === 'failed' ? { error: firstLine(error) } : {}), costUsd: 0, mediaIds: [] });

  async function runShot(shotId: string): Promise<void> {
    if (signal.aborted) return failed(shotId, 'cancelled', 'cancelled');
    let request: GenerationRequest;
    let spec: ShotSpec;
    try {
      const r = shotRequest(project, shotId, o);
      if (isWaitFor(r)) {
        const prev = outcomes.get(r.waitFor);
        return failed(shotId, prev && prev.state !== 'done' ? `continues from ${nameOf(r.waitFor)}, which ${prev.state === 'cancelled' ? 'was cancelled' : 'failed'}` : `continues from ${nameOf(r.waitFor)}, which has no picture yet (generate it first)`);
      }
      request = r;
      spec = specOf(findShot(project, shotId));
      const est = deps.generation.estimate(request);
      if (est.blocked) return failed(shotId, est.blocked);
    } catch (e) {
      return failed(shotId, e instanceof Error ? e.message : String(e));
    }
    let status: GenerationStatus;
    let predicted: Media[];
    try {
      ({ status, media: predicted } = await deps.generation.start(request));
    } catch (e) {
      return failed(shotId, e instanceof Error ? e.message : String(e));
    }
    const done = await waitDone(deps.generation, status.id, signal, (p) => {
      share.set(shotId, Math.min(0.99, p));
      report();
    });
    if (done.state !== 'done') {
      return done.state === 'cancelled' || signal.aborted ? failed(shotId, 'cancelled', 'cancelled') : failed(shotId, done.message ?? 'the generation failed');
    }
    const landed = done.takes.flatMap((t) => (t.media ? [t.media] : []));
    const first = landed.find((m) => m.id === predicted[0]?.id) ?? landed[0];
    if (!first) return failed(shotId, 'the provider returned no take');
    try {
      const known = new Set(project.media.map((m) => m.id));
      project = { ...project, media: [...project.media, ...landed.filter((m) => !known.has(m.id))] };
      project = applyShotResult(project, shotId, first, spec);
    } catch (e) {
      return failed(shotId, e instanceof Error ? e.message : String(e));
    }
    finish({ shotId, name: nameOf(shotId), state: 'done', costUsd: done.costUsd, generationId: done.id, mediaIds: landed.map((m) => m.id) });
  }

  const limit = Math.max(1, o.concurrency ?? (o.provider === 'local' ? 2 : 4));
  for (const wave of waves) {
    const queue = [...wave];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await runShot(id);
    };
    await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  }
  for (const id of ids) if (!outcomes.has(id)) failed(id, 'cancelled', 'cancelled');
  const list = ids.map((id) => outcomes.get(id)!);
  return { project, outcomes: list, costUsd: list.reduce((sum, x) => sum + x.costUsd, 0), cancelled: signal.aborted };
}
