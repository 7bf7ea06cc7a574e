// The one module that spawns ffmpeg and ffprobe. Everything else builds argument lists
// as plain data (see args.ts and friends) and hands them here. Every run honours an
// AbortSignal and can stream progress.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { binaries } from '../paths';
import { createProgressParser, estimate } from './progress';
import { AppError } from '../../../shared/ipc/result';
import type FluentFfmpeg from 'fluent-ffmpeg';

const require = createRequire(import.meta.url);

export interface RunOptions {
  signal?: AbortSignal;
  /** total media seconds the run produces, for progress; enables `-progress pipe:1` */
  totalSeconds?: number;
  onProgress?: (p: { progress: number; etaSeconds: number | null }) => void;
  /** receives raw stdout chunks (e.g. decoded PCM); progress is then unavailable */
  onStdout?: (chunk: Buffer) => void;
  /** maximum stderr kept for the error message */
  stderrLimit?: number;
}

export interface RunResult {
  stderr: string;
}

/** Last meaningful stderr line, for a one-line error message. */
export function summariseStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(ffmpeg|ffprobe) version|^built with|^configuration:|^lib\w+\s+\d/.test(l));
  return lines.at(-1) ?? 'ffmpeg failed';
}

function run(binary: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const { signal, totalSeconds, onProgress, onStdout, stderrLimit = 64 * 1024 } = options;
  if (signal?.aborted) return Promise.reject(new AppError('cancelled', 'Cancelled'));
  const wantProgress = totalSeconds !== undefined && onProgress !== undefined && onStdout === undefined;
  const fullArgs = wantProgress ? ['-progress', 'pipe:1', '-nostats', ...args] : [...args];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let aborted = false;
    const started = Date.now();
    const parse = createProgressParser();
    let partial = '';
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (stderr.length > stderrLimit) stderr = stderr.slice(-stderrLimit);
    });
    child.stdout.on('data', (d: Buffer) => {
      if (onStdout) return onStdout(d);
      if (!wantProgress) return;
      partial += d.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const snap = parse(line);
        if (snap) onProgress!(snap.done ? { progress: 1, etaSeconds: 0 } : estimate(snap.outTimeSeconds, totalSeconds!, Date.now() - started));
      }
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new AppError('not_available', err.code === 'ENOENT' ? `Cannot run ${binary}: file not found. Set FFMPEG_PATH/FFPROBE_PATH.` : `Cannot run ${binary}: ${err.message}`));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (aborted) return reject(new AppError('cancelled', 'Cancelled'));
      if (code === 0) return resolve({ stderr });
      const err = new AppError('io_error', summariseStderr(stderr));
      (err as AppError & { stderr?: string }).stderr = stderr;
      reject(err);
    });
  });
}

export const runFfmpeg = (args: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
  run(binaries().ffmpeg, ['-hide_banner', '-nostdin', '-y', ...args], options);

/**
 * Raw ffprobe JSON (format + streams) through fluent-ffmpeg, the archived wrapper kept to
 * this module. `args` go to ffprobe before the file (e.g. `-select_streams v:0 -count_packets`).
 */
export function ffprobeJson(file: string, signal?: AbortSignal, args: readonly string[] = []): Promise<unknown> {
  const ffmpeg = require('fluent-ffmpeg') as typeof FluentFfmpeg;
  ffmpeg.setFfprobePath(binaries().ffprobe);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('cancelled', 'Cancelled'));
    ffmpeg.ffprobe(file, [...args], (err: Error | null, data: unknown) => {
      if (err) {
        const e = new AppError('corrupt_media', summariseStderr(err.message));
        return reject(e);
      }
      resolve(data);
    });
  });
}

/** ffmpeg's version line, e.g. "N-47683-g0e8eb07980-static". */
export async function ffmpegVersion(): Promise<string> {
  let out = '';
  await run(binaries().ffmpeg, ['-version'], { onStdout: (d) => (out += d.toString()) }).catch(() => undefined);
  return /ffmpeg version (\S+)/.exec(out)?.[1] ?? 'unknown';
}
