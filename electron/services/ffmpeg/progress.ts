// Pure parsing of ffmpeg's `-progress pipe:1` key=value stream.

export interface ProgressSnapshot {
  /** media time reached, in seconds */
  outTimeSeconds: number;
  speed: number | null;
  done: boolean;
}

/** Feeds one line; returns a snapshot when a `progress=` line closes a block. */
export function createProgressParser(): (line: string) => ProgressSnapshot | null {
  let outTime = 0;
  let speed: number | null = null;
  return (line: string) => {
    const eq = line.indexOf('=');
    if (eq < 0) return null;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    switch (key) {
      case 'out_time_us':
      case 'out_time_ms': {
        // both are microseconds in ffmpeg (out_time_ms is misnamed upstream)
        const us = Number(value);
        if (Number.isFinite(us) && us >= 0) outTime = us / 1e6;
        return null;
      }
      case 'speed': {
        const v = parseFloat(value);
        speed = Number.isFinite(v) && v > 0 ? v : null;
        return null;
      }
      case 'progress':
        return { outTimeSeconds: outTime, speed, done: value === 'end' };
      default:
        return null;
    }
  };
}

/** Fraction done and seconds left, from media time reached and wall time spent. */
export function estimate(outTimeSeconds: number, totalSeconds: number, elapsedMs: number): { progress: number; etaSeconds: number | null } {
  if (!(totalSeconds > 0)) return { progress: 0, etaSeconds: null };
  const progress = Math.min(1, Math.max(0, outTimeSeconds / totalSeconds));
  if (progress <= 0.001 || elapsedMs <= 0) return { progress, etaSeconds: null };
  const etaSeconds = ((elapsedMs / 1000) * (1 - progress)) / progress;
  return { progress, etaSeconds: Math.max(0, etaSeconds) };
}
