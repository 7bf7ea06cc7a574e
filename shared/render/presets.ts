// Export presets and the ffmpeg argument list of an export, as data.
import type { FilterGraph } from './graph';
import { num, serializeGraph } from './graph';
import type { RenderPlan, RenderSettings } from './plan';

export interface ExportPreset {
  id: string;
  label: string;
  container: 'mp4' | 'mov';
  /** output size; null keeps the project's */
  size: { width: number; height: number } | null;
  /** fit letterboxes/pillarboxes, fill crops; null keeps the project's */
  fit: RenderSettings['fit'] | null;
  video: string[];
  audio: string[];
}

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'];
const AAC = ['-c:a', 'aac', '-b:a', '192k'];

export const PRESETS: ExportPreset[] = [
  { id: 'h264', label: 'H.264 / AAC MP4 (project size)', container: 'mp4', size: null, fit: null, video: H264, audio: AAC },
  { id: 'h264-1080p', label: 'H.264 / AAC MP4 1080p', container: 'mp4', size: { width: 1920, height: 1080 }, fit: 'fit', video: H264, audio: AAC },
  { id: 'h264-720p', label: 'H.264 / AAC MP4 720p', container: 'mp4', size: { width: 1280, height: 720 }, fit: 'fit', video: H264, audio: AAC },
  { id: 'vertical', label: 'Vertical 9:16 1080×1920 (letterboxed)', container: 'mp4', size: { width: 1080, height: 1920 }, fit: 'fit', video: H264, audio: AAC },
  { id: 'vertical-crop', label: 'Vertical 9:16 1080×1920 (cropped)', container: 'mp4', size: { width: 1080, height: 1920 }, fit: 'fill', video: H264, audio: AAC },
  { id: 'square', label: 'Square 1:1 1080×1080 (letterboxed)', container: 'mp4', size: { width: 1080, height: 1080 }, fit: 'fit', video: H264, audio: AAC },
  { id: 'square-crop', label: 'Square 1:1 1080×1080 (cropped)', container: 'mp4', size: { width: 1080, height: 1080 }, fit: 'fill', video: H264, audio: AAC },
  { id: 'hevc', label: 'HEVC / AAC MP4 (project size)', container: 'mp4', size: null, fit: null, video: ['-c:v', 'libx265', '-preset', 'fast', '-crf', '26', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1'], audio: AAC },
  { id: 'prores', label: 'ProRes 422 MOV (project size)', container: 'mov', size: null, fit: null, video: ['-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le'], audio: ['-c:a', 'pcm_s16le'] },
];

export const presetById = (id: string): ExportPreset | undefined => PRESETS.find((p) => p.id === id);

/** The render settings a preset asks for, from the project's. */
export function presetSettings(preset: ExportPreset, project: RenderSettings): Partial<RenderSettings> {
  return { ...(preset.size ?? {}), ...(preset.fit ? { fit: preset.fit } : {}), rate: project.rate };
}

/** The inputs and the graph: the start of every render's arguments. */
export const graphArgs = (graph: FilterGraph): string[] => ['-v', 'error', ...graph.inputs.flatMap((i) => [...i.options, '-i', i.path]), '-filter_complex', serializeGraph(graph.chains)];

const rateArg = (plan: RenderPlan) => `${plan.settings.rate.num}/${plan.settings.rate.den}`;

/** `-threads n` before every input (decoders) and for the encoder, when several renders share the cores. */
const withThreads = (args: string[], threads: number | undefined): string[] => (threads ? args.flatMap((a) => (a === '-i' ? ['-threads', String(threads), a] : [a])) : args);

/**
 * Picture only (a segment), from a graph built with `{ audio: false }`. With `threads`,
 * each decoder and the encoder use that many threads (segments rendered side by side
 * share the cores instead of each spreading over all of them).
 */
export const pictureArgs = (plan: RenderPlan, graph: FilterGraph, codec: readonly string[], container: 'mp4' | 'mov', out: string, threads?: number): string[] => [
  ...withThreads(graphArgs(graph), threads),
  '-map',
  `[${graph.video}]`,
  '-an',
  ...codec,
  ...(threads ? ['-threads', String(threads)] : []),
  '-r',
  rateArg(plan),
  '-f',
  container,
  out,
];

/** Sound only (one pass over the whole range), from a graph built with `{ video: false }`. */
export const soundArgs = (plan: RenderPlan, graph: FilterGraph, codec: readonly string[], container: 'mp4' | 'mov', out: string): string[] => [
  ...graphArgs(graph),
  '-map',
  `[${graph.audio}]`,
  '-vn',
  ...codec,
  '-ar',
  String(plan.settings.sampleRate),
  '-ac',
  String(plan.settings.channels),
  '-f',
  container,
  out,
];

/** Tags written into an export's container (`-metadata key=value`). */
export type OutputTags = Readonly<Record<string, string>>;

/**
 * The output's metadata: nothing inherited from the sources (ffmpeg copies the first
 * input's tags by default, and a source's provenance tag must never pass for the
 * export's), then the given tags. MP4 and MOV keep tags outside their short fixed list
 * (such as segue_provenance) only as plain keys (`use_metadata_tags`), which ffprobe and
 * exiftool read back; with no tags the container is written as before.
 */
export function metadataArgs(container: 'mp4' | 'mov', tags?: OutputTags): string[] {
  const entries = Object.entries(tags ?? {});
  const flags = [...(container === 'mp4' ? ['+faststart'] : []), ...(entries.length ? ['+use_metadata_tags'] : [])];
  return ['-map_metadata', '-1', ...entries.flatMap(([k, v]) => ['-metadata', `${k}=${v}`]), ...(flags.length ? ['-movflags', flags.join('')] : [])];
}

/** A concat demuxer list; quotes in paths are escaped as the demuxer reads them. */
export const concatList = (files: readonly string[]): string => files.map((f) => `file '${f.replace(/'/g, "'\\''")}'\n`).join('');

/** Picture segments (listed in `list`) and a sound file joined by stream copy into `out`, cut to `seconds`, with `tags` (see metadataArgs). */
export const joinArgs = (list: string, sound: string, seconds: number, container: 'mp4' | 'mov', out: string, extra: readonly string[] = [], tags?: OutputTags): string[] => [
  '-v',
  'error',
  '-f',
  'concat',
  '-safe',
  '0',
  '-i',
  list,
  '-i',
  sound,
  '-map',
  '0:v',
  '-map',
  '1:a',
  '-c',
  'copy',
  ...extra,
  ...metadataArgs(container, tags),
  '-t',
  num(seconds),
  '-f',
  container,
  out,
];

/** Everything after `ffmpeg -hide_banner -nostdin -y`: inputs, the graph, maps, codecs, tags (see metadataArgs), the output. */
export function exportArgs(plan: RenderPlan, graph: FilterGraph, preset: ExportPreset, out: string, tags?: OutputTags): string[] {
  const r = plan.settings.rate;
  return [
    ...graphArgs(graph),
    '-map',
    `[${graph.video}]`,
    '-map',
    `[${graph.audio}]`,
    ...preset.video,
    '-r',
    `${r.num}/${r.den}`,
    ...preset.audio,
    '-ar',
    String(plan.settings.sampleRate),
    '-ac',
    String(plan.settings.channels),
    ...metadataArgs(preset.container, tags),
    '-t',
    num((plan.frames * r.den) / r.num),
    '-f',
    preset.container === 'mov' ? 'mov' : 'mp4',
    out,
  ];
}
