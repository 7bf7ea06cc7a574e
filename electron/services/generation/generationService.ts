// The generation queue of the main process. A generation is journalled before any work,
// runs as a job (progress, ETA, cancel in the jobs panel), and lands its takes as files
// in the project's data folder under ids the renderer already placed on the timeline.
// Remote jobs are driven step by step so that the remote id is on disk before anything
// else happens; reopening the project resumes every unfinished job exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { newId } from '../../../shared/ids';
import { isActive, predictedMedia, type GenerationRequest, type GenerationStatus, type Seam } from '../../../shared/generation/model';
import type { Media } from '../../../shared/timeline/model';
import type { JobManager } from '../jobs';
import type { ProjectService } from '../project/projectService';
import type { MediaService } from '../media/mediaService';
import { mediaKind } from '../media/probe';
import { Journal, type JournalEntry, type JournalTake } from './journal';
import type { ProviderSettingsStore } from './settings';
import { redact } from './redact';
import type { LocalFormat, LocalRequest, RemoteProvider, RemoteRequest } from './types';
import { remoteModel, type RemoteModelInfo } from './remoteModel';
import { chainParts, joinPartsArgs } from './chainArgs';
import { runFfmpeg } from '../ffmpeg/runner';

export interface LocalEngine {
  render(req: LocalRequest, format: LocalFormat, dest: string, o: { signal: AbortSignal; onProgress?: (p: { progress: number; etaSeconds: number | null }) => void }): Promise<void>;
  extractFrame(source: string, atSeconds: number, size: { width: number; height: number }, fit: 'fit' | 'fill', dest: string, signal?: AbortSignal): Promise<void>;
  measureSeam(a: { file: string; atSeconds: number }, b: { file: string; atSeconds: number }): Promise<Seam>;
}

export interface GenerationDeps {
  jobs: JobManager;
  projects: ProjectService;
  media: MediaService;
  settings: ProviderSettingsStore;
  userDataDir: string;
  local: LocalEngine;
  makeRemote: (o: { baseURL: string; apiKey: string; model: string }) => RemoteProvider;
  /** poll interval bounds in ms (tests shorten them) */
  poll?: { minMs: number; maxMs: number };
}

export interface Estimate {
  costUsd: number;
  /** seconds the provider bills per take (rounded up to what it accepts) */
  billedSeconds: number;
  calls: number;
  providerLabel: string;
  /** a reason the request cannot run as asked, shown before anything is spent */
  blocked?: string;
  spentUsd: number;
  budgetUsd: number | null;
}

type Listener = (s: GenerationStatus) => void;

const LOCAL_LABEL = 'Local draft (ffmpeg)';

/** The data folder of a project: beside its file, else in the user data folder by id. */
export function projectDataDir(projectFile: string | null, projectId: string, userDataDir: string): string {
  if (projectFile) return path.join(path.dirname(projectFile), `${path.basename(projectFile, path.extname(projectFile))}.segue-data`);
  return path.join(userDataDir, 'projects', projectId);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new AppError('cancelled', 'Cancelled'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AppError('cancelled', 'Cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

export class GenerationService {
  private journal: Journal | null = null;
  private projectId: string | null = null;
  private readonly entries = new Map<string, JournalEntry>();
  private readonly live = new Map<string, { jobId: string; controller: AbortController; userCancel: boolean; progress: number | null; eta: number | null }>();
  private readonly listeners = new Set<Listener>();
  /** generation id → the last job that ran it in this session */
  private readonly jobIds = new Map<string, string>();
  private disposed = false;

  constructor(private readonly deps: GenerationDeps) {}

  onUpdate(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Binds to the host's current project (loading and resuming its journal) if it changed. */
  sync(): void {
    const p = this.deps.projects.current;
    if (!p || p.id === this.projectId) return;
    this.attach(p.id, projectDataDir(this.deps.projects.currentFile, p.id, this.deps.userDataDir));
  }

  /** Loads a project's journal, registers landed media and resumes unfinished jobs. */
  attach(projectId: string, dataDir: string): void {
    this.projectId = projectId;
    this.journal = new Journal(dataDir);
    this.entries.clear();
    for (const e of this.journal.readAll().entries) {
      if (e.projectId !== projectId) continue;
      this.entries.set(e.id, e);
      for (const t of e.takes) if (t.media) this.deps.projects.registerMedia(t.media);
      if (isActive(e.state)) this.launch(e);
    }
  }

  /** Whether `mediaId` is a take of this project's generations that has not landed. */
  isPendingTake(mediaId: string): boolean {
    return [...this.entries.values()].some((e) => e.takes.some((t) => t.mediaId === mediaId && t.state !== 'done'));
  }

  list(): GenerationStatus[] {
    this.sync();
    return [...this.entries.values()].map((e) => this.status(e));
  }

  get(id: string): GenerationStatus {
    const e = this.entries.get(id);
    if (!e) throw new AppError('not_found', 'No such generation');
    return this.status(e);
  }

  private status(e: JournalEntry): GenerationStatus {
    const l = this.live.get(e.id);
    return {
      id: e.id,
      request: e.request,
      state: e.state,
      progress: e.state === 'done' ? 1 : (l?.progress ?? null),
      etaSeconds: l?.eta ?? null,
      ...(e.message ? { message: e.message } : {}),
      ...(e.errorCode ? { errorCode: e.errorCode } : {}),
      providerLabel: e.provider.label,
      costUsd: e.costUsd,
      createdAt: e.createdAt,
      ...(this.jobIds.has(e.id) ? { jobId: this.jobIds.get(e.id)! } : {}),
      takes: e.takes.map((t) => ({
        mediaId: t.mediaId,
        state: t.state,
        ...(t.remoteId ? { remoteId: t.remoteId } : {}),
        ...(t.media ? { media: t.media } : {}),
        ...(t.seam ? { seam: t.seam } : {}),
        ...(t.error ? { error: t.error } : {}),
      })),
    };
  }

  private emit(e: JournalEntry): void {
    const s = this.status(e);
    for (const l of this.listeners) l(s);
  }

  private spent(): number {
    return [...this.entries.values()].filter((e) => e.state === 'done' || isActive(e.state)).reduce((sum, e) => sum + e.costUsd, 0);
  }

  private model(): RemoteModelInfo {
    const r = this.deps.settings.get().remote;
    return remoteModel(r.presetId, r.model, r.pricePerSecondUsd, r.capabilities);
  }

  estimate(request: GenerationRequest): Estimate {
    this.sync();
    const settings = this.deps.settings.get();
    const base = { spentUsd: this.spent(), budgetUsd: settings.budgetUsd };
    const seconds = ((request.frames + (request.provider === 'remote' && request.takeOf ? request.handleFrames : 0)) * request.rate.den) / request.rate.num;
    if (request.provider === 'local') {
      const blocked = request.mode === 'remix' ? 'The local provider cannot remix a clip; choose a /v1/videos provider.' : undefined;
      return { costUsd: 0, billedSeconds: seconds, calls: 1, providerLabel: LOCAL_LABEL, ...base, ...(blocked ? { blocked } : {}) };
    }
    const m = this.model();
    const label = `${m.presetLabel} · ${settings.remote.model}`;
    const blocked =
      m.retired
        ? `This endpoint no longer serves model ${settings.remote.model} (${m.retired}). Choose another provider in Settings › Providers.`
        : request.mode === 'extendBefore'
          ? 'A /v1/videos provider can only continue from a first frame; use the local provider to lead into a clip.'
          : request.mode === 'remix' && !m.supportsRemix
            ? `${label} does not remix videos.`
            : undefined;
    const parts = chainParts(seconds, m.maxSecondsPerCall);
    const billed = parts.reduce((sum, p) => sum + m.billedSeconds(p), 0);
    const tooLong = parts.length > 1 && !m.supportsImageReference ? `${label} makes at most ${m.maxSecondsPerCall} s per request and cannot continue from a frame to chain more; ask for ${m.maxSecondsPerCall} s or less, or use the local provider.` : undefined;
    const calls = parts.length * request.takes;
    const costUsd = m.pricePerSecond(`${request.width}x${request.height}`) * billed * request.takes;
    const overBudget = settings.budgetUsd !== null && base.spentUsd + costUsd > settings.budgetUsd + 1e-9;
    const why = blocked ?? tooLong ?? (overBudget ? `This would take the project's spend to $${(base.spentUsd + costUsd).toFixed(2)}, above its budget of $${settings.budgetUsd!.toFixed(2)}.` : undefined);
    return { costUsd, billedSeconds: billed, calls, providerLabel: label, ...base, ...(why ? { blocked: why } : {}) };
  }

  /**
   * Journals a new generation and starts it. Returns at once with the media records the
   * takes will have, so the renderer can place the result before it exists.
   */
  async start(request: GenerationRequest): Promise<{ status: GenerationStatus; media: Media[] }> {
    this.sync();
    if (!this.journal || !this.projectId) throw new AppError('not_available', 'Open a project before generating.');
    const est = this.estimate(request);
    if (est.blocked) throw new AppError(est.blocked.includes('budget') ? 'budget_exceeded' : est.blocked.includes('no longer serves') ? 'retired' : 'invalid_input', est.blocked);
    const settings = this.deps.settings.get();
    // A remote result has no head handle (it starts from the clip's last frame), except for a
    // further take of a clip, which keeps the handle so that switching takes keeps the edit.
    let req: GenerationRequest = request.provider === 'local' ? { ...request, takes: 1 } : request.takeOf ? request : { ...request, handleFrames: 0 };
    const inputs: JournalEntry['inputs'] = {};
    const continued = req.provider === 'remote' && req.mode === 'extend' && !req.takeOf ? this.extensionOf(req) : null;
    if (continued) {
      // The server continues its own video: the result is the original and the extension
      // stitched, so the original is the head handle the clip reads after.
      inputs.extendRemoteId = continued.remoteId;
      req = { ...req, handleFrames: continued.frames };
    }
    const mediaPath = (id: string) => this.deps.projects.getMedia(id).path;
    if (req.source) inputs.source = mediaPath(req.source.mediaId);
    if (req.sourceB) inputs.sourceB = mediaPath(req.sourceB.mediaId);
    if (req.imageMediaId) inputs.image = mediaPath(req.imageMediaId);
    if (req.remixOf) {
      const take = [...this.entries.values()].flatMap((e) => e.takes).find((t) => t.mediaId === req.remixOf);
      if (!take?.remoteId) throw new AppError('invalid_input', 'Only clips generated by a /v1/videos provider can be remixed.');
      inputs.remixRemoteId = take.remoteId;
    }
    if (req.provider === 'remote' && !this.deps.settings.apiKey() && !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(settings.remote.baseURL)) {
      throw new AppError('unauthorized', 'No API key is set for this provider. Add one in Settings › Providers (or set OPENAI_API_KEY).');
    }
    const id = newId('gen');
    const createdAt = new Date().toISOString();
    const takes: JournalTake[] = Array.from({ length: req.takes }, (_, i) => {
      const mediaId = newId('m');
      return { mediaId, path: path.join(this.journal!.mediaDir, `${id}-${i + 1}.mp4`), state: 'queued' };
    });
    const entry: JournalEntry = {
      version: 1,
      id,
      projectId: this.projectId,
      request: req,
      provider: req.provider === 'local' ? { kind: 'local', label: LOCAL_LABEL } : { kind: 'remote', label: est.providerLabel, presetId: settings.remote.presetId, baseURL: settings.remote.baseURL },
      inputs,
      state: 'queued',
      createdAt,
      costUsd: est.costUsd,
      takes,
    };
    await this.journal.write(entry);
    this.entries.set(id, entry);
    const media = takes.map((t, i) =>
      predictedMedia({ id: t.mediaId, name: req.takes > 1 ? `${req.name} (take ${i + 1})` : req.name, path: t.path, request: req, generationId: id, takeIndex: i, providerLabel: entry.provider.label, costUsd: est.costUsd / req.takes, createdAt }),
    );
    this.launch(entry);
    return { status: this.status(entry), media };
  }

  /**
   * A clip this server generated, extended from its very end, on a model with the
   * `extensions` endpoint: its remote id and length in frames. Otherwise null (the
   * continuation starts from the clip's last frame instead).
   */
  private extensionOf(req: GenerationRequest): { remoteId: string; frames: number } | null {
    if (!req.source || !this.model().supportsExtensions) return null;
    const baseURL = this.deps.settings.get().remote.baseURL;
    for (const e of this.entries.values()) {
      if (e.provider.kind !== 'remote' || e.provider.baseURL !== baseURL) continue;
      const take = e.takes.find((t) => t.mediaId === req.source!.mediaId && t.state === 'done' && t.remoteId && !t.parts);
      if (!take?.media) continue;
      const frames = Math.round((take.media.probe.durationSeconds * req.rate.num) / req.rate.den);
      return Math.abs(req.source.frame - frames) <= 1 && req.frames <= this.model().maxSecondsPerCall * (req.rate.num / req.rate.den) ? { remoteId: take.remoteId!, frames: req.source.frame } : null;
    }
    return null;
  }

  /** Cancels a running generation (deleting remote jobs where the server allows). */
  cancel(id: string): boolean {
    const l = this.live.get(id);
    if (!l) return false;
    l.userCancel = true;
    l.controller.abort();
    return true;
  }

  /** Runs a failed or cancelled generation again; takes that landed stay. */
  async retry(id: string): Promise<GenerationStatus> {
    const e = this.entries.get(id);
    if (!e) throw new AppError('not_found', 'No such generation');
    if (isActive(e.state)) return this.status(e);
    for (const t of e.takes) {
      if (t.state === 'done') continue;
      t.state = 'queued';
      delete t.remoteId;
      delete t.submittedAt;
      delete t.error;
      delete t.errorCode;
    }
    e.state = 'queued';
    delete e.message;
    delete e.errorCode;
    await this.journal!.write(e);
    this.launch(e);
    return this.status(e);
  }

  /** Stops work without touching remote jobs or the journal (quit, crash tests): a later attach resumes. */
  dispose(): void {
    this.disposed = true;
    for (const l of this.live.values()) l.controller.abort();
  }

  private launch(e: JournalEntry): void {
    if (this.live.has(e.id) || this.disposed) return;
    const controller = new AbortController();
    const label = `${e.request.mode === 'extend' ? 'Extend' : e.request.mode === 'fill' ? 'Fill gap' : 'Generate'} · ${e.request.name}`;
    const state = { jobId: '', controller, userCancel: false, progress: null as number | null, eta: null as number | null };
    this.live.set(e.id, state);
    const job = this.deps.jobs.start(label, async (handle) => {
      handle.signal.addEventListener('abort', () => controller.abort(), { once: true });
      const report = (progress: number | null, eta: number | null) => {
        state.progress = progress;
        state.eta = eta;
        handle.report(progress, eta);
        this.emit(e);
      };
      await this.run(e, controller.signal, report);
    });
    state.jobId = job.id;
    this.jobIds.set(e.id, job.id);
    job.done.catch(() => undefined);
  }

  private async save(e: JournalEntry): Promise<void> {
    await this.journal!.write(e);
    this.emit(e);
  }

  private async run(e: JournalEntry, signal: AbortSignal, report: (p: number | null, eta: number | null) => void): Promise<void> {
    const journal = this.journal!;
    e.state = 'running';
    await this.save(e);
    const started = Date.now();
    try {
      const remote = e.provider.kind === 'remote' ? this.remoteFor(e) : null;
      for (const [i, take] of e.takes.entries()) {
        if (take.state === 'done') continue;
        const share = (p: number) => {
          const overall = (i + p) / e.takes.length;
          const elapsed = (Date.now() - started) / 1000;
          report(overall, overall > 0.02 ? (elapsed * (1 - overall)) / overall : null);
        };
        take.state = 'running';
        if (remote) await this.runRemoteTake(e, take, remote, signal, share);
        else await this.runLocalTake(e, take, signal, share);
        await this.land(e, take);
      }
      e.state = 'done';
      this.live.delete(e.id);
      await this.save(e);
    } catch (error) {
      const l = this.live.get(e.id);
      this.live.delete(e.id);
      if (signal.aborted && (this.disposed || !l?.userCancel)) return; // quitting: the journal resumes it
      const cancelled = signal.aborted;
      const err = error instanceof AppError ? error : new AppError('internal', 'Generation failed');
      if (!(error instanceof AppError)) console.error('generation failed:', error);
      const key = this.deps.settings.apiKey();
      for (const t of e.takes) {
        if (t.state === 'done') continue;
        t.state = cancelled ? 'cancelled' : 'failed';
        if (!cancelled) t.error = redact(err.message, key);
        if (cancelled && e.provider.kind === 'remote') for (const id of [t.remoteId, ...(t.parts ?? []).map((p) => p.remoteId)]) if (id) await this.remoteFor(e).cancel(id);
        await fs.promises.rm(`${t.path}.partial`, { force: true });
      }
      e.state = cancelled ? 'cancelled' : 'failed';
      if (!cancelled) {
        e.message = redact(err.message, key);
        e.errorCode = err.code;
      }
      await journal.write(e);
      this.emit(e);
      throw cancelled ? new AppError('cancelled', 'Cancelled') : err;
    }
  }

  /** Remote jobs this project already owns: a lost request is never matched to one of them. */
  private knownRemoteIds(): Set<string> {
    return new Set([...this.entries.values()].flatMap((x) => x.takes.flatMap((t) => [t.remoteId, ...(t.parts ?? []).map((p) => p.remoteId)].filter((id): id is string => Boolean(id)))));
  }

  private remoteFor(e: JournalEntry): RemoteProvider {
    return this.remoteProvider(e.provider.baseURL ?? this.deps.settings.get().remote.baseURL, e.request.model);
  }

  /** A client for a `/v1/videos` server with the stored key (self-hosted servers often need none). */
  remoteProvider(baseURL: string, model: string): RemoteProvider {
    return this.deps.makeRemote({ baseURL, apiKey: this.deps.settings.apiKey() ?? 'none', model });
  }

  private seconds(e: JournalEntry, frames: number): number {
    return (frames * e.request.rate.den) / e.request.rate.num;
  }

  private format(e: JournalEntry): LocalFormat {
    const r = e.request;
    return { width: r.width, height: r.height, rate: r.rate, sampleRate: r.sampleRate, channels: r.channels };
  }

  private localRequest(e: JournalEntry): LocalRequest {
    const r = e.request;
    const s = (f: number) => this.seconds(e, f);
    const seconds = s(r.frames);
    const handleSeconds = s(r.handleFrames);
    switch (r.mode) {
      case 'extend':
        return { mode: 'extend', source: e.inputs.source!, outSeconds: s(r.source!.frame), seconds, handleSeconds };
      case 'extendBefore':
        return { mode: 'extendBefore', source: e.inputs.source!, inSeconds: s(r.source!.frame), seconds, handleSeconds };
      case 'fill':
        if (r.source && r.sourceB) return { mode: 'bridge', a: { source: e.inputs.source!, outSeconds: s(r.source.frame) }, b: { source: e.inputs.sourceB!, inSeconds: s(r.sourceB.frame) }, seconds };
        if (r.source) return { mode: 'extend', source: e.inputs.source!, outSeconds: s(r.source.frame), seconds, handleSeconds: 0 };
        return { mode: 'extendBefore', source: e.inputs.sourceB!, inSeconds: s(r.sourceB!.frame), seconds, handleSeconds: 0 };
      case 'text':
        return { mode: 'text', prompt: r.prompt, seconds };
      case 'image':
        return { mode: 'image', image: e.inputs.image!, seconds };
      default:
        throw new AppError('invalid_input', 'The local provider cannot remix a clip.');
    }
  }

  private async runLocalTake(e: JournalEntry, take: JournalTake, signal: AbortSignal, share: (p: number) => void): Promise<void> {
    await fs.promises.mkdir(path.dirname(take.path), { recursive: true });
    let req = this.localRequest(e);
    if (req.mode === 'image' && this.deps.projects.current && e.request.imageMediaId) {
      // A video used as the picture: its frame at `source.frame` becomes the still.
      const m = this.deps.projects.getMedia(e.request.imageMediaId);
      if (mediaKind(m.probe) === 'video') {
        const still = path.join(this.journal!.jobsDir, `${e.id}-still.png`);
        await this.deps.local.extractFrame(m.path, this.seconds(e, (e.request.source?.frame ?? 0) + 0.5), { width: e.request.width, height: e.request.height }, e.request.fit, still, signal);
        req = { mode: 'image', image: still, seconds: req.seconds };
      }
    }
    await this.deps.local.render(req, this.format(e), take.path, { signal, onProgress: (p) => share(p.progress) });
  }

  /** The first frame for image-to-video: the clip's frame at the out point, at the output size. */
  private async reference(e: JournalEntry, signal: AbortSignal): Promise<RemoteRequest['inputReference']> {
    const r = e.request;
    const file = path.join(this.journal!.jobsDir, `${e.id}-reference.png`);
    if ((r.mode === 'extend' || r.mode === 'fill') && r.source && e.inputs.source) {
      await this.deps.local.extractFrame(e.inputs.source, this.seconds(e, r.source.frame - 0.5), { width: r.width, height: r.height }, r.fit, file, signal);
      return { path: file, mime: 'image/png' };
    }
    if (r.mode === 'image' && e.inputs.image) {
      await this.deps.local.extractFrame(e.inputs.image, this.seconds(e, (r.source?.frame ?? 0) + 0.5), { width: r.width, height: r.height }, r.fit, file, signal);
      return { path: file, mime: 'image/png' };
    }
    return undefined;
  }

  /**
   * One take from a `/v1/videos` server. A length beyond one request's maximum is made
   * as a chain of requests, each starting from the previous part's last frame, joined and
   * cut to the exact length; every part's remote id is journalled like a single take's.
   */
  private async runRemoteTake(e: JournalEntry, take: JournalTake, remote: RemoteProvider, signal: AbortSignal, share: (p: number) => void): Promise<void> {
    const r = e.request;
    const model = this.model();
    const lengths = chainParts(this.seconds(e, r.frames + r.handleFrames), model.maxSecondsPerCall);
    const base: Omit<RemoteRequest, 'seconds'> = {
      mode: r.mode === 'remix' ? 'remix' : 'create',
      model: r.model,
      prompt: r.prompt,
      size: `${r.width}x${r.height}`,
      ...(e.inputs.remixRemoteId ? { videoId: e.inputs.remixRemoteId } : {}),
      ...(Object.keys(this.deps.settings.get().remote.extra).length ? { extra: this.deps.settings.get().remote.extra } : {}),
    };
    await fs.promises.mkdir(path.dirname(take.path), { recursive: true });
    if (e.inputs.extendRemoteId) {
      // `extensions`: the answer is the original and the new part stitched; the clip reads after the original.
      const seconds = model.billedSeconds(this.seconds(e, r.frames));
      await this.runRemotePart(e, take, { ...base, mode: 'extend', videoId: e.inputs.extendRemoteId, seconds }, async () => undefined, take.path, remote, signal, share);
      return;
    }
    if (lengths.length <= 1) {
      await this.runRemotePart(e, take, { ...base, seconds: model.billedSeconds(lengths[0] ?? 1) }, () => this.reference(e, signal), take.path, remote, signal, share);
      return;
    }
    take.parts ??= lengths.map(() => ({}));
    const files = lengths.map((_, i) => `${take.path}.part${i + 1}.mp4`);
    for (const [i, seconds] of lengths.entries()) {
      const part = take.parts[i]!;
      if (part.done && fs.existsSync(files[i]!)) continue;
      const reference = async (): Promise<RemoteRequest['inputReference']> => {
        if (i === 0) return this.reference(e, signal);
        // The next part starts from the last frame of the one before.
        const prev = await this.deps.media.probe(files[i - 1]!, signal);
        const file = path.join(this.journal!.jobsDir, `${e.id}-part${i + 1}.png`);
        await this.deps.local.extractFrame(files[i - 1]!, Math.max(0, prev.durationSeconds - this.seconds(e, 0.5)), { width: r.width, height: r.height }, r.fit, file, signal);
        return { path: file, mime: 'image/png' };
      };
      await this.runRemotePart(e, part, { ...base, seconds: model.billedSeconds(seconds) }, reference, files[i]!, remote, signal, (p) => share((i + p) / lengths.length));
      part.done = true;
      await this.save(e);
    }
    const partial = `${take.path}.partial`;
    await runFfmpeg(joinPartsArgs(files, this.format(e), r.frames + r.handleFrames, partial), { signal });
    await fs.promises.rename(partial, take.path);
    take.remoteId = take.parts.at(-1)?.remoteId ?? take.remoteId;
    for (const f of files) await fs.promises.rm(f, { force: true });
  }

  /** One request: submit once (journalled before and after), poll, download, check, rename into `dest`. */
  private async runRemotePart(
    e: JournalEntry,
    slot: { remoteId?: string | undefined; submittedAt?: number | undefined },
    req: RemoteRequest,
    reference: () => Promise<RemoteRequest['inputReference']>,
    dest: string,
    remote: RemoteProvider,
    signal: AbortSignal,
    share: (p: number) => void,
  ): Promise<void> {
    if (!slot.remoteId && slot.submittedAt !== undefined) {
      // Stopped between sending the request and recording its id: look for it, never resend blindly.
      const found = await remote.findLost(req, slot.submittedAt - 2, signal, this.knownRemoteIds()).catch(() => null);
      if (!found) {
        throw new AppError(
          'not_available',
          `A request for this clip may have reached ${e.provider.label} before Segue stopped, but its id was not recorded, and the server does not list it. Segue did not send it again; press Retry to send a new request (it may be billed again).`,
        );
      }
      slot.remoteId = found;
      await this.save(e);
    }
    if (!slot.remoteId) {
      const ref = await reference();
      if (ref) req.inputReference = ref;
      slot.submittedAt = Math.floor(Date.now() / 1000);
      await this.save(e);
      for (let attempt = 1; ; attempt++) {
        try {
          slot.remoteId = (await remote.submit(req, signal)).remoteId;
          break;
        } catch (error) {
          const retryable = (error as { retryable?: boolean }).retryable === true && attempt < 5 && !signal.aborted;
          if (!retryable && !signal.aborted && error instanceof AppError && (error.code === 'unreachable' || error.code === 'internal')) {
            // The connection broke after the request went out: the job may exist. Look before giving up.
            const found = await remote.findLost(req, slot.submittedAt - 2, signal, this.knownRemoteIds()).catch(() => null);
            if (found) {
              slot.remoteId = found;
              break;
            }
          }
          if (!retryable) throw error;
          const wait = (error as { retryAfterMs?: number }).retryAfterMs ?? 1000 * 2 ** attempt;
          e.message = `${(error as Error).message} — retrying in ${Math.ceil(wait / 1000)} s`;
          this.emit(e);
          await sleep(wait, signal);
          delete e.message;
        }
      }
      await this.save(e);
    }
    const remoteId = slot.remoteId;
    // Poll with back-off; transient failures (5xx, network) are retried for a while.
    const { minMs, maxMs } = this.deps.poll ?? { minMs: 1000, maxMs: 15000 };
    let interval = minMs;
    let failures = 0;
    for (;;) {
      let s;
      try {
        s = await remote.poll(remoteId, signal);
        failures = 0;
      } catch (error) {
        if (signal.aborted) throw error;
        const code = error instanceof AppError ? error.code : 'internal';
        if (code === 'not_found' || code === 'unauthorized' || ++failures > 8) throw error;
        await sleep(Math.min(maxMs, minMs * 2 ** failures), signal);
        continue;
      }
      if (s.status === 'failed') {
        throw new AppError(s.code === 'moderation_blocked' ? 'rejected' : 'internal', s.code === 'moderation_blocked' ? `${e.provider.label} refused this prompt: ${s.message}` : `${e.provider.label} could not make this clip: ${s.message}`);
      }
      if (s.status === 'completed') break;
      share(Math.min(0.95, s.progress / 100));
      await sleep(Math.max(minMs, Math.min(maxMs, s.pollAfterMs ?? interval)), signal);
      interval = Math.min(maxMs, Math.round(interval * 1.5));
    }
    e.state = 'downloading';
    await this.save(e);
    const partial = `${dest}.partial`;
    await remote.download(remoteId, partial, signal);
    try {
      await this.deps.media.probe(partial, signal);
    } catch {
      await fs.promises.rm(partial, { force: true });
      throw new AppError('corrupt_media', `${e.provider.label} returned a file that is not a playable video.`);
    }
    await fs.promises.rename(partial, dest);
    e.state = 'running';
  }

  /** Probes a finished take, registers it under its placed id and checks the seam. */
  private async land(e: JournalEntry, take: JournalTake): Promise<void> {
    const probe = await this.deps.media.probe(take.path);
    const index = e.takes.indexOf(take);
    const name = e.takes.length > 1 ? `${e.request.name} (take ${index + 1})` : e.request.name;
    const predicted = predictedMedia({ id: take.mediaId, name, path: take.path, request: e.request, generationId: e.id, takeIndex: index, providerLabel: e.provider.label, costUsd: e.costUsd / e.takes.length, createdAt: e.createdAt });
    const { 'segue.pending': _pending, ...metadata } = predicted.metadata ?? {};
    const media: Media = { ...predicted, probe, kind: mediaKind(probe), metadata: { ...metadata, ...(take.remoteId ? { 'segue.remoteId': take.remoteId } : {}) } };
    take.media = media;
    take.state = 'done';
    this.deps.projects.registerMedia(media);
    take.seam = await this.seam(e, take).catch(() => undefined);
    if (!take.seam) delete take.seam;
    await this.save(e);
  }

  private async seam(e: JournalEntry, take: JournalTake): Promise<Seam | undefined> {
    const r = e.request;
    const s = (f: number) => this.seconds(e, f);
    const half = s(0.5);
    if ((r.mode === 'extend' || (r.mode === 'fill' && r.source)) && e.inputs.source && r.source) {
      const handle = r.mode === 'extend' ? s(r.handleFrames) : 0;
      return this.deps.local.measureSeam({ file: e.inputs.source, atSeconds: s(r.source.frame) - half }, { file: take.path, atSeconds: handle + half });
    }
    if (r.mode === 'extendBefore' && e.inputs.source && r.source) {
      return this.deps.local.measureSeam({ file: take.path, atSeconds: s(r.frames) - half }, { file: e.inputs.source, atSeconds: s(r.source.frame) + half });
    }
    return undefined;
  }
}
