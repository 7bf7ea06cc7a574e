// Background work reported by the main process (`job:progressed`). Jobs are UI state:
// they never enter the document or its history.
import type { JobProgress } from '../../../shared/ipc/contract';
import { ui } from './uiStore';

/** How long a finished job stays listed; failures and cancellations stay until cleared. */
export const DONE_LINGER_MS = 4000;

export function receiveJob(p: JobProgress): void {
  ui().set({ jobs: { ...ui().jobs, [p.jobId]: p } });
  if (p.state === 'done')
    setTimeout(() => {
      const { [p.jobId]: finished, ...rest } = ui().jobs;
      // A job id that came back to life (re-run) in the meantime stays.
      if (finished?.state === 'done') ui().set({ jobs: rest });
    }, DONE_LINGER_MS);
}

/** Drops every job that is no longer running. */
export const clearFinishedJobs = (): void => ui().set({ jobs: Object.fromEntries(Object.entries(ui().jobs).filter(([, j]) => j.state === 'running')) });
