// Long work (probing many files, peaks, filmstrips, later renders and generation) runs
// as a job: an id, an AbortController, and progress events with an ETA.
import type { JobProgress } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import { newId } from '../../shared/ids';

export type ProgressListener = (p: JobProgress) => void;

export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  report(progress: number | null, etaSeconds?: number | null, message?: string): void;
}

export class JobManager {
  private readonly running = new Map<string, AbortController>();
  private readonly listeners = new Set<ProgressListener>();

  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(p: JobProgress): void {
    for (const l of this.listeners) l(p);
  }

  /** Runs `work` as a job; progress events are throttled to ~10 per second. */
  run<T>(label: string, work: (job: JobHandle) => Promise<T>, parent?: AbortSignal): Promise<T> {
    return this.start(label, work, parent).done;
  }

  /** Starts `work` as a job and returns its id at once (for work the caller does not wait on). */
  start<T>(label: string, work: (job: JobHandle) => Promise<T>, parent?: AbortSignal): { id: string; done: Promise<T> } {
    const id = newId('j');
    return { id, done: this.execute(id, label, work, parent) };
  }

  private async execute<T>(id: string, label: string, work: (job: JobHandle) => Promise<T>, parent?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    const onParentAbort = () => controller.abort();
    parent?.addEventListener('abort', onParentAbort, { once: true });
    this.running.set(id, controller);
    let last = 0;
    const handle: JobHandle = {
      id,
      signal: controller.signal,
      report: (progress, etaSeconds = null, message) => {
        const now = Date.now();
        if (now - last < 100 && progress !== 1) return;
        last = now;
        this.emit({ jobId: id, label, progress, etaSeconds, state: 'running', ...(message ? { message } : {}) });
      },
    };
    this.emit({ jobId: id, label, progress: 0, etaSeconds: null, state: 'running' });
    try {
      const value = await work(handle);
      this.emit({ jobId: id, label, progress: 1, etaSeconds: 0, state: 'done' });
      return value;
    } catch (error) {
      const cancelled = controller.signal.aborted || (error instanceof AppError && error.code === 'cancelled');
      this.emit({
        jobId: id,
        label,
        progress: null,
        etaSeconds: null,
        state: cancelled ? 'cancelled' : 'failed',
        message: error instanceof AppError ? error.message : 'failed',
      });
      throw cancelled && !(error instanceof AppError) ? new AppError('cancelled', 'Cancelled') : error;
    } finally {
      parent?.removeEventListener('abort', onParentAbort);
      this.running.delete(id);
    }
  }

  cancel(id: string): boolean {
    const c = this.running.get(id);
    if (!c) return false;
    c.abort();
    return true;
  }

  get active(): number {
    return this.running.size;
  }
}
