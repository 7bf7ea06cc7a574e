// Background work reported by the main process (`job:progressed`). Jobs are UI state:
// they never enter the document or its history.
import type { JobProgress } from '../../../shared/ipc/contract';
import { ui } from './uiStore';

const endListeners = new Set<(p: JobProgress) => void>();
/** Called when any job ends (done, failed, cancelled). */
export const onJobEnd = (l: (p: JobProgress) => void): (() => void) => (endListeners.add(l), () => endListeners.delete(l));

/** How long a finished job stays listed; failures and cancellations stay until cleared. */
export const DONE_LINGER_MS = 4000;

export function receiveJob(p: JobProgress): void {
  ui().set({ jobs: { ...ui().jobs, [p.jobId]: p } });
  for (const l of endListeners) if (p.state !== 'running') l(p);
  if (p.state === 'done')
    setTimeout(() => {
      const { [p.jobId]: finished, ...rest } = ui().jobs;
      // A job id that came back to life (re-run) in the meantime stays.
      if (finished?.state === 'done') ui().set({ jobs: rest });
    }, DONE_LINGER_MS);
}

/** Drops every job that is no longer running. */
export const clearFinishedJobs = (): void => ui().set({ jobs: Object.fromEntries(Object.entries(ui().jobs).filter(([, j]) => j.state === 'running')) });
