// Export: plan -> graph -> arguments -> the one ffmpeg runner, into a temporary file
// beside the target; the result is checked with ffprobe (duration, streams) before it
// takes the final name, so a failed or cancelled export leaves no half file behind.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { planRender } from '../../../shared/render/plan';
import { buildFilterGraph } from '../../../shared/render/graph';
import { exportArgs, presetById, presetSettings, PRESETS } from '../../../shared/render/presets';
import { ffprobeJson, runFfmpeg } from '../ffmpeg/runner';
import { secondsToFrames } from '../../../shared/timeline/time';

export interface ExportOptions {
  preset?: string;
  /** seconds on the timeline */
  inSeconds?: number;
  outSeconds?: number;
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; etaSeconds: number | null }) => void;
}

export interface ExportResult {
  file: string;
  durationSeconds: number;
  frames: number;
}

interface ProbeShape {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string }>;
}

export async function exportProject(project: Project, out: string, options: ExportOptions = {}): Promise<ExportResult> {
  const preset = presetById(options.preset ?? 'h264');
  if (!preset) throw new AppError('invalid_input', `Unknown preset "${options.preset}". Presets: ${PRESETS.map((p) => p.id).join(', ')}`);
  const target = path.resolve(out);
  if (fs.existsSync(target) && !options.overwrite) throw new AppError('invalid_input', `${target} exists; choose another name or allow overwriting.`);
  if (!fs.existsSync(path.dirname(target))) throw new AppError('not_found', `The folder ${path.dirname(target)} does not exist.`);
  const rate = project.timeline.rate;
  const start = options.inSeconds !== undefined ? secondsToFrames(options.inSeconds, rate) : 0;
  const range =
    options.inSeconds !== undefined || options.outSeconds !== undefined
      ? { start, frames: (options.outSeconds !== undefined ? secondsToFrames(options.outSeconds, rate) : Number.MAX_SAFE_INTEGER) - start }
      : undefined;
  if (range && range.frames <= 0) throw new AppError('invalid_input', 'The out point must come after the in point.');
  const plan = planRender(project, { settings: presetSettings(preset, { ...project.settings, rate }), ...(range ? { range } : {}) });
  if (plan.frames <= 0) throw new AppError('invalid_input', 'Nothing to render: the timeline (or the in/out range) is empty.');
  for (const t of [...plan.video, ...plan.audio]) {
    for (const s of t.segments) if (s.kind === 'clip' && !fs.existsSync(s.path)) throw new AppError('not_found', `Media offline: ${s.path}`);
  }
  const graph = buildFilterGraph(plan);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  const seconds = (plan.frames * rate.den) / rate.num;
  try {
    await runFfmpeg(exportArgs(plan, graph, preset, temp), {
      totalSeconds: seconds,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const probe = (await ffprobeJson(temp, options.signal)) as ProbeShape;
    const duration = Number(probe.format?.duration ?? NaN);
    const kinds = new Set((probe.streams ?? []).map((s) => s.codec_type));
    if (!kinds.has('video') || !kinds.has('audio')) throw new AppError('io_error', 'The export is missing its picture or its sound.');
    if (!(Math.abs(duration - seconds) <= 0.1)) throw new AppError('io_error', `The export lasts ${duration.toFixed(3)} s instead of ${seconds.toFixed(3)} s.`);
    fs.renameSync(temp, target);
    return { file: target, durationSeconds: duration, frames: plan.frames };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
