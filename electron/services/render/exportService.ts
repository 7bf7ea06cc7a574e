// Export: plan -> graph -> arguments -> the one ffmpeg runner, into a temporary file
// beside the target; the result is checked with ffprobe (picture and sound present, the
// picture's frames counted, the duration) before it takes the final name, so a failed,
// short or cancelled export leaves no half file behind.
//
// Provenance: where generated media shows or sounds (shared/provenance) goes into the
// file's tags and a sidecar `<output>.provenance.json`, written to a temporary name and
// renamed only after the file itself; with `aiLabel` those frames also carry a burnt-in
// "AI-generated" label. An export without generated media has neither (and loses an
// older manifest of the same name).
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { planRender } from '../../../shared/render/plan';
import { buildFilterGraph, type BurnInLabel } from '../../../shared/render/graph';
import { concatList, exportArgs, joinArgs, pictureArgs, presetById, presetSettings, PRESETS, soundArgs, type ExportPreset, type OutputTags } from '../../../shared/render/presets';
import { groupSegments, previewSegments, segmentsInRange, spansInPiece, type PreviewSegment } from '../../../shared/render/segments';
import { generatedRanges, type FrameSpan } from '../../../shared/provenance/ranges';
import { manifestPath, PROVENANCE_TAG, provenanceManifest, provenanceRecord, provenanceTags } from '../../../shared/provenance/manifest';
import { fontFile } from '../generation/localProvider';
import { appVersion } from '../index';
import type { RenderSettings } from '../../../shared/render/plan';
import os from 'node:os';
import { ffprobeJson, runFfmpeg } from '../ffmpeg/runner';
import { secondsToFrames } from '../../../shared/timeline/time';

export interface ExportOptions {
  preset?: string;
  /** seconds on the timeline */
  inSeconds?: number;
  outSeconds?: number;
  overwrite?: boolean;
  /**
   * Above this many ffmpeg inputs (a clip's picture or sound is one) the picture renders
   * in segments, so memory stops growing with the timeline. Unset: segments whenever the
   * range holds two or more of them and the machine has two or more cores (measured
   * faster there), and above 24 inputs anyway.
   */
  segmentAboveInputs?: number;
  /** burn "AI-generated" into the picture wherever generated media shows or sounds */
  aiLabel?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; etaSeconds: number | null }) => void;
}

export interface ExportResult {
  file: string;
  durationSeconds: number;
  frames: number;
  /** the provenance sidecar, when the export holds generated media */
  manifest: string | null;
}

interface ProbeShape {
  format?: { duration?: string | number; tags?: Record<string, string> };
  streams?: Array<{ codec_type?: string; nb_read_packets?: string | number }>;
}

/**
 * The written file against what was asked for: a picture and a sound, exactly `frames`
 * video frames (packets counted by demuxing, no decoding: the container's duration alone
 * follows the longer stream, so a picture that stopped early would pass), and the
 * duration. Throws a one-line AppError; returns the probe (format tags included).
 */
export async function checkExport(file: string, expected: { frames: number; seconds: number }, signal?: AbortSignal): Promise<{ durationSeconds: number; tags: Record<string, string> }> {
  const probe = (await ffprobeJson(file, signal, ['-count_packets'])) as ProbeShape;
  const streams = probe.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video || !streams.some((s) => s.codec_type === 'audio')) throw new AppError('io_error', 'The export is missing its picture or its sound.');
  const frames = Number(video.nb_read_packets ?? NaN);
  if (frames !== expected.frames) throw new AppError('io_error', `The export's picture has ${Number.isFinite(frames) ? frames : 'an unknown number of'} frames instead of ${expected.frames}.`);
  const duration = Number(probe.format?.duration ?? NaN);
  if (!(Math.abs(duration - expected.seconds) <= 0.1)) throw new AppError('io_error', `The export lasts ${duration.toFixed(3)} s instead of ${expected.seconds.toFixed(3)} s.`);
  return { durationSeconds: duration, tags: probe.format?.tags ?? {} };
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
  const nonce = randomBytes(4).toString('hex');
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${nonce}.partial`);
  const manifestTemp = path.join(path.dirname(target), `.${path.basename(target)}.provenance.${nonce}.partial`);
  const seconds = (plan.frames * rate.den) / rate.num;
  const settings = presetSettings(preset, { ...project.settings, rate });
  const perPiece = Math.round((SEGMENT_SECONDS * rate.num) / rate.den);
  const pieces = groupSegments(segmentsInRange(previewSegments(project, perPiece), plan.start, plan.frames), perPiece);
  const ranges = generatedRanges(project, { start: plan.start, end: plan.start + plan.frames, settings });
  const record = provenanceRecord(ranges, { rate, start: plan.start, createdAt: new Date().toISOString(), tool: `Segue ${appVersion()}` });
  const tags = provenanceTags(record);
  const label = options.aiLabel && ranges.length > 0 ? { fontFile: fontFile(), spans: ranges } : null;
  try {
    const graph = buildFilterGraph(plan, label ? { label: labelFor(label, plan.start, plan.frames) } : {});
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const threshold = options.segmentAboveInputs ?? (cores >= 2 ? 0 : SEGMENT_ABOVE_INPUTS);
    if (pieces.length <= 1 || graph.inputs.length <= threshold) {
      await runFfmpeg(exportArgs(plan, graph, preset, temp, tags), {
        totalSeconds: seconds,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } else {
      await renderSegmented(project, settings, plan.start, plan.frames, pieces, preset, temp, options, { tags, label });
    }
    const { durationSeconds: duration, tags: written } = await checkExport(temp, { frames: plan.frames, seconds }, options.signal);
    if (tags[PROVENANCE_TAG] !== undefined && written[PROVENANCE_TAG] !== tags[PROVENANCE_TAG]) throw new AppError('io_error', 'The export lost its provenance tag.');
    const sidecar = manifestPath(target);
    if (record.generatedRanges.length > 0) {
      const manifest = provenanceManifest(record, { name: path.basename(target), sha256: await fileSha256(temp, options.signal) });
      fs.writeFileSync(manifestTemp, `${JSON.stringify(manifest, null, 2)}\n`);
    }
    if (options.signal?.aborted) throw new AppError('cancelled', 'Cancelled');
    fs.renameSync(temp, target);
    try {
      // The file and its sidecar change together: the new manifest, or none.
      if (record.generatedRanges.length > 0) fs.renameSync(manifestTemp, sidecar);
      else fs.rmSync(sidecar, { force: true });
    } catch (e) {
      fs.rmSync(sidecar, { force: true });
      throw new AppError('io_error', `${target} was written but its provenance manifest was not: ${(e as Error).message}`);
    }
    options.onProgress?.({ progress: 1, etaSeconds: 0 });
    return { file: target, durationSeconds: duration, frames: plan.frames, manifest: record.generatedRanges.length > 0 ? sidecar : null };
  } finally {
    fs.rmSync(temp, { force: true });
    fs.rmSync(manifestTemp, { force: true });
  }
}

/** The burn-in over a piece starting at timeline frame `start`: the generated ranges as its own frames. */
const labelFor = (label: { fontFile: string; spans: readonly FrameSpan[] }, start: number, frames: number): BurnInLabel => ({ fontFile: label.fontFile, ranges: spansInPiece(label.spans, start, frames) });

async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, signal ? { signal } : {})) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** On one core: one graph up to this many inputs (12 clips with picture and sound); beyond, segments bound memory. */
const SEGMENT_ABOVE_INPUTS = 24;

/** Export segments are at least this long (seconds), up to the next cut; never split inside a transition. */
const SEGMENT_SECONDS = 12;

/**
 * Long exports render their picture in segments (cut where the timeline is cut, never
 * inside a transition), up to two at a time, so memory depends on a segment's clips
 * rather than the whole timeline's; the sound is one pass (crossfades span the joins and
 * one encoder means no priming at the joins) running beside them; then both are joined
 * by stream copy. Each segment's decoders and encoder get their share of the cores
 * (one thread each on two cores): together the lanes and the sound pass keep every core
 * busy, where one graph leaves ffmpeg's single filtering/muxing thread as the bottleneck
 * (bench/render.ts: 12 clips, 2 cores, 0.94–1.00x the hand-written graph instead of 1.07x).
 */
async function renderSegmented(
  project: Project,
  settings: Partial<RenderSettings>,
  start: number,
  frames: number,
  pieces: PreviewSegment[],
  preset: ExportPreset,
  out: string,
  options: ExportOptions,
  extra: { tags: OutputTags; label: { fontFile: string; spans: readonly FrameSpan[] } | null },
): Promise<void> {
  const work = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.parts-`));
  const controller = new AbortController();
  const abort = () => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const ext = preset.container;
  const rate = project.timeline.rate;
  const done = new Map<number, number>();
  const t0 = Date.now();
  const report = () => {
    const p = (0.9 * [...done.values()].reduce((a, b) => a + b, 0)) / frames;
    const elapsed = (Date.now() - t0) / 1000;
    options.onProgress?.({ progress: Math.min(0.99, p), etaSeconds: p > 0.02 ? (elapsed * (1 - p)) / p : null });
  };
  try {
    const files = pieces.map((_, i) => path.join(work, `v${String(i).padStart(5, '0')}.${ext}`));
    let next = 0;
    const worker = async () => {
      while (next < pieces.length && !controller.signal.aborted) {
        const i = next++;
        const seg = pieces[i]!;
        const plan = planRender(project, { settings, range: seg });
        const graph = buildFilterGraph(plan, { audio: false, ...(extra.label ? { label: labelFor(extra.label, seg.start, seg.frames) } : {}) });
        await runFfmpeg(pictureArgs(plan, graph, preset.video, ext, files[i]!, threads), {
          signal: controller.signal,
          totalSeconds: (seg.frames * rate.den) / rate.num,
          onProgress: ({ progress }) => {
            done.set(i, progress * seg.frames);
            report();
          },
        });
        done.set(i, seg.frames);
        report();
      }
    };
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const lanes = Math.max(1, Math.min(2, cores, pieces.length));
    const threads = Math.max(1, Math.floor(cores / lanes));
    const audioPlan = planRender(project, { settings, range: { start, frames } });
    const audioGraph = buildFilterGraph(audioPlan, { video: false });
    const audio = path.join(work, `audio.${ext}`);
    const sound = runFfmpeg(soundArgs(audioPlan, audioGraph, preset.audio, ext, audio), { signal: controller.signal });
    await Promise.all([sound, ...Array.from({ length: lanes }, worker)]).catch((e: unknown) => {
      controller.abort();
      throw e;
    });
    if (controller.signal.aborted) throw new AppError('cancelled', 'Cancelled');
    const list = path.join(work, 'list.txt');
    fs.writeFileSync(list, concatList(files));
    await runFfmpeg(joinArgs(list, audio, (frames * rate.den) / rate.num, ext, out, [], extra.tags), { signal: controller.signal });
  } finally {
    options.signal?.removeEventListener('abort', abort);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
