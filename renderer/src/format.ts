import type { Media } from '../../shared/timeline/model';
import { formatDuration } from '../../shared/timeline/time';

const channelsName = (n?: number) => (n === 1 ? 'mono' : n === 2 ? 'stereo' : n ? `${n} ch` : '');

/** "1280×720 · 30 fps · h264/aac" or "48 kHz stereo · pcm_s16le" */
export function formatLine(m: Media): string {
  const v = m.probe.streams.find((s) => s.type === 'video');
  const a = m.probe.streams.find((s) => s.type === 'audio');
  if (v && m.kind !== 'audio') {
    const parts = [`${v.width ?? '?'}×${v.height ?? '?'}`];
    if (!v.stillImage && v.fps) parts.push(`${Math.round(v.fps * 100) / 100} fps`);
    parts.push(a ? `${v.codec}/${a.codec}` : v.codec);
    return parts.join(' · ');
  }
  if (a) return `${a.sampleRate ? `${a.sampleRate / 1000} kHz` : ''} ${channelsName(a.channels)} · ${a.codec}`.trim();
  return m.probe.formatName;
}

export const mediaDuration = (m: Media): string => (m.kind === 'image' ? 'still' : formatDuration(m.probe.durationSeconds));

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
