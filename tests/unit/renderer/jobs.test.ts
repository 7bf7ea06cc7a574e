import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobProgress } from '../../../shared/ipc/contract';
import { clearFinishedJobs, DONE_LINGER_MS, receiveJob } from '../../../renderer/src/state/jobs';
import { useDocument } from '../../../renderer/src/state/documentStore';
import { ui } from '../../../renderer/src/state/uiStore';

const job = (jobId: string, state: JobProgress['state'], progress: number | null = null): JobProgress => ({ jobId, label: `Job ${jobId}`, progress, etaSeconds: null, state });

beforeEach(() => {
  vi.useFakeTimers();
  ui().set({ jobs: {} });
});
afterEach(() => vi.useRealTimers());

describe('jobs panel state', () => {
  it('keeps the latest progress of each job', () => {
    receiveJob(job('a', 'running', 0.1));
    receiveJob(job('b', 'running', 0.5));
    receiveJob(job('a', 'running', 0.7));
    expect(Object.values(ui().jobs).map((j) => [j.jobId, j.progress])).toEqual([['a', 0.7], ['b', 0.5]]);
  });

  it('lets a finished job go after a moment but keeps failures', () => {
    receiveJob(job('ok', 'done', 1));
    receiveJob(job('bad', 'failed'));
    vi.advanceTimersByTime(DONE_LINGER_MS + 1);
    expect(Object.keys(ui().jobs)).toEqual(['bad']);
  });

  it('clears finished jobs on request and never touches the document history', () => {
    const history = useDocument.getState().history;
    receiveJob(job('run', 'running', 0.2));
    receiveJob(job('gone', 'cancelled'));
    clearFinishedJobs();
    expect(Object.keys(ui().jobs)).toEqual(['run']);
    expect(useDocument.getState().history).toBe(history);
  });
});
