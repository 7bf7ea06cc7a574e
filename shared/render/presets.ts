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

/** Everything after `ffmpeg -hide_banner -nostdin -y`: inputs, the graph, maps, codecs, the output. */
export function exportArgs(plan: RenderPlan, graph: FilterGraph, preset: ExportPreset, out: string): string[] {
  const inputs = graph.inputs.flatMap((i) => [...i.options, '-i', i.path]);
  const r = plan.settings.rate;
  return [
    '-v',
    'error',
    ...inputs,
    '-filter_complex',
    serializeGraph(graph.chains),
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
    ...(preset.container === 'mp4' ? ['-movflags', '+faststart'] : []),
    '-t',
    num((plan.frames * r.den) / r.num),
    '-f',
    preset.container === 'mov' ? 'mov' : 'mp4',
    out,
  ];
}
