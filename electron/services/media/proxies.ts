// Review proxies on disk: a light H.264/AAC copy of each video file (shared/render/proxy.ts
// has the arguments), made for a project opened for review so that playing and scrubbing
// never decode the originals. They live in the app's cache folder beside the preview
// cache (cache/proxies), named by the source's path, size and modification time: a proxy
// is made once and reused, and a source that changes gets a new one. The source is only
// ever read.
//
// Building runs as one job (progress, ETA, cancel in the jobs panel), one file after the
// other; a file ffmpeg cannot read fails on its own with a one-line reason and the others
// still get theirs. A failure is remembered until the source changes, so a damaged file is
// not retried on every preview.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Media } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { needsProxy, proxyArgs, proxySourceOf, PROXY_FORMAT_VERSION } from '../../../shared/render/proxy';
import type { JobManager } from '../jobs';
import { runFfmpeg } from '../ffmpeg/runner';
import { probeFile } from './probe';

export interface ProxyFailure {
  mediaId: string;
  name: string;
  message: string;
}

export interface ProxyOutcome {
  /** media id → proxy file, for every video media that has one now */
  proxies: Record<string, string>;
  /** video media whose proxy could not be made, each with its reason */
  failed: ProxyFailure[];
  /** video media considered (missing files are left out: they are offline, not failed) */
  total: number;
  /** building was cancelled (now or by an earlier cancel); `proxies` holds what is ready */
  cancelled: boolean;
}

/** The cache key of a source file's proxy: its absolute path, size and mtime, and the proxy format. */
export function proxyKey(absPath: string, size: number, mtimeMs: number): string {
  return createHash('sha1').update(`segue-proxy-v${PROXY_FORMAT_VERSION}\0${absPath}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 24);
}

interface Planned {
  media: Media;
  key: string;
  file: string;
}

/** The reason in an error, without the file's name again ("Not a media file Segue can read: x.mp4 (…)" → "not a media file Segue can read (…)"). */
function reasonOf(e: unknown, name: string): string {
  const text = e instanceof AppError ? e.message.split(`: ${name}`).join('').replace(/: $/, '') : 'ffmpeg failed';
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const isCancel = (e: unknown, signal: AbortSignal) => signal.aborted || (e instanceof AppError && e.code === 'cancelled');

export class ProxyService {
  readonly dir: string;
  /** proxy key → why it could not be made (forgotten when the source changes: its key changes) */
  private readonly failures = new Map<string, string>();
  /** the one build (or check) at a time; later callers wait for it, then find its proxies */
  private running: Promise<unknown> | null = null;
  /** a build was cancelled: later calls use what is ready and build nothing until asked to resume */
  private paused = false;

  constructor(
    cacheDir: string,
    private readonly jobs: JobManager,
  ) {
    this.dir = path.join(cacheDir, 'proxies');
  }

  /** Where the proxy of `m` lives (whether or not it exists yet); null when the source is missing. */
  async fileFor(m: Media): Promise<{ key: string; file: string } | null> {
    const abs = path.resolve(m.path);
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(abs);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const key = proxyKey(abs, st.size, st.mtimeMs);
    return { key, file: path.join(this.dir, `${key}.mp4`) };
  }

  /**
   * Deletes the proxies on disk except those of `keep` (the project under review); a
   * build in progress keeps its partial file. Returns the bytes freed.
   */
  async clear(keep: readonly Media[] = []): Promise<number> {
    const kept = new Set((await Promise.all(keep.map((m) => this.fileFor(m)))).flatMap((w) => (w ? [path.basename(w.file)] : [])));
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return 0;
    }
    let freed = 0;
    for (const n of names) {
      if (kept.has(n) || !n.endsWith('.mp4')) continue;
      const f = path.join(this.dir, n);
      try {
        freed += (await fs.promises.stat(f)).size;
        await fs.promises.rm(f, { force: true });
      } catch {
        // gone already
      }
    }
    return freed;
  }

  /** The proxy of `m` if it has been made (for the current state of its source), else null. */
  async existing(m: Media): Promise<string | null> {
    if (!needsProxy(m)) return null;
    const where = await this.fileFor(m);
    if (!where) return null;
    try {
      return (await fs.promises.stat(where.file)).size > 0 ? where.file : null;
    } catch {
      return null;
    }
  }

  /**
   * Makes (or reuses) the proxies of the video media among `media`. Builds run one at a
   * time: a call while another runs waits for it and then builds only what is still
   * missing. Never throws for one file: failures and a cancel are in the outcome. After a
   * cancel nothing is built (a preview uses what is ready) until a call with `resume`
   * (the user asking for proxies again, or opening a project for review).
   */
  async ensure(media: readonly Media[], options: { resume?: boolean } = {}): Promise<ProxyOutcome> {
    while (this.running) await this.running.catch(() => undefined);
    if (options.resume) this.paused = false;
    const work = this.ensureNow(media);
    this.running = work;
    try {
      return await work;
    } finally {
      if (this.running === work) this.running = null;
    }
  }

  private async ensureNow(media: readonly Media[]): Promise<ProxyOutcome> {
    const considered: Planned[] = [];
    for (const m of media) {
      if (!needsProxy(m) || considered.some((c) => c.media.id === m.id)) continue;
      const where = await this.fileFor(m);
      if (where) considered.push({ media: m, ...where }); // a missing file is offline: the editor says so on its own
    }
    // One build per file (two records of one file share its proxy), none for a known failure.
    const todo: Planned[] = [];
    for (const c of considered) if (!todo.some((t) => t.file === c.file) && !this.failures.has(c.key) && !(await this.exists(c.file))) todo.push(c);
    if (todo.length > 0 && !this.paused) {
      try {
        await this.jobs.run(`Building ${todo.length} review prox${todo.length === 1 ? 'y' : 'ies'}`, (job) => this.build(todo, job));
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'cancelled')) throw e;
        this.paused = true;
      }
    }
    const outcome: ProxyOutcome = { proxies: {}, failed: [], total: considered.length, cancelled: this.paused && todo.length > 0 };
    for (const c of considered) {
      if (await this.exists(c.file)) outcome.proxies[c.media.id] = c.file;
      else if (this.failures.has(c.key)) outcome.failed.push({ mediaId: c.media.id, name: c.media.name, message: this.failures.get(c.key)! });
    }
    return outcome;
  }

  private async build(todo: Planned[], job: { signal: AbortSignal; report(p: number | null, eta?: number | null, message?: string): void }): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const weight = (t: Planned) => Math.max(0.1, t.media.probe.durationSeconds || 1);
    const total = todo.reduce((n, t) => n + weight(t), 0);
    const started = Date.now();
    let done = 0;
    const report = (part: number, message: string) => {
      const p = Math.min(0.99, (done + part) / total);
      const elapsed = (Date.now() - started) / 1000;
      job.report(p, p > 0.02 ? (elapsed * (1 - p)) / p : null, message);
    };
    for (const [i, t] of todo.entries()) {
      if (job.signal.aborted) throw new AppError('cancelled', 'Cancelled');
      const message = `${i + 1} of ${todo.length}: ${t.media.name}`;
      report(0, message);
      try {
        await this.buildOne(t, job.signal, (p) => report(p * weight(t), message));
      } catch (e) {
        if (isCancel(e, job.signal)) throw new AppError('cancelled', 'Cancelled');
        this.failures.set(t.key, `No review proxy for ${t.media.name}: ${reasonOf(e, t.media.name)}`);
      }
      done += weight(t);
    }
  }

  /** Probes the source as it is now, encodes into a temporary name, renames when ffmpeg succeeded. */
  private async buildOne(t: Planned, signal: AbortSignal, onProgress: (p: number) => void): Promise<void> {
    const probe = await probeFile(t.media.path, signal);
    const src = proxySourceOf({ kind: t.media.kind, probe });
    if (!src) throw new AppError('unsupported_media', 'the file has no moving picture');
    const temp = `${t.file}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await runFfmpeg(proxyArgs(path.resolve(t.media.path), temp, src), { signal, totalSeconds: probe.durationSeconds, onProgress: ({ progress }) => onProgress(progress) });
      await fs.promises.rename(temp, t.file);
    } finally {
      await fs.promises.rm(temp, { force: true });
    }
  }

  private async exists(file: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(file)).size > 0;
    } catch {
      return false;
    }
  }
}
