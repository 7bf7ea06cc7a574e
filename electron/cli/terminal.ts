// Long CLI work on a terminal: a progress bar on stderr (redrawn in place on a TTY, a
// line every 10 % otherwise) and Ctrl+C to cancel.

/** "[#####.....]  42%  ETA 0:07" for a terminal. */
export function progressBar(progress: number, etaSeconds: number | null, width = 30): string {
  const p = Math.max(0, Math.min(1, progress));
  const filled = Math.round(p * width);
  const eta = etaSeconds === null ? '' : `  ETA ${Math.floor(etaSeconds / 60)}:${String(Math.round(etaSeconds % 60)).padStart(2, '0')}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(p * 100)).padStart(3)}%${eta}`;
}

export interface TerminalJob {
  /** aborts on Ctrl+C or when the caller's signal aborts */
  signal: AbortSignal;
  progress(progress: number, etaSeconds: number | null): void;
  /** ends the progress line and stops listening for Ctrl+C */
  done(): void;
}

export function terminalJob(err: (text: string) => void, parent?: AbortSignal, tty = process.stderr.isTTY === true): TerminalJob {
  const controller = new AbortController();
  parent?.addEventListener('abort', () => controller.abort(), { once: true });
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let last = -1;
  let drawn = false;
  return {
    signal: controller.signal,
    progress: (progress, etaSeconds) => {
      const pct = Math.floor(progress * 100);
      if (tty) {
        drawn = true;
        err(`\r${progressBar(progress, etaSeconds)}`);
      } else if (pct >= last + 10) {
        last = pct - (pct % 10);
        err(`${progressBar(progress, etaSeconds)}\n`);
      }
    },
    done: () => {
      if (drawn) err('\n');
      drawn = false;
      process.off('SIGINT', onSigint);
    },
  };
}
