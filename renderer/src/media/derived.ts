// Per-media derived data fetched once per session: asset ids, filmstrips, peaks.
import type { Filmstrip, MediaAssets, Peaks } from '../../../shared/ipc/contract';
import { PEAK_LEVELS } from '../../../shared/ipc/contract';
import { getApi } from '../api';

const assets = new Map<string, Promise<MediaAssets | null>>();
const strips = new Map<string, Promise<Filmstrip | null>>();
const peaks = new Map<string, Promise<DecodedPeaks | null>>();

export interface DecodedPeaks {
  samplesPerPixel: number;
  sampleRate: number;
  channels: number;
  length: number;
  /** per channel: interleaved [min, max] as -1..1 */
  data: Float32Array[];
}

export function mediaAssets(mediaId: string): Promise<MediaAssets | null> {
  let p = assets.get(mediaId);
  if (!p) {
    p = getApi()
      .invoke('media:assets', { mediaId })
      .then((r) => (r.ok ? r.value : null));
    assets.set(mediaId, p);
  }
  return p;
}

export function filmstrip(mediaId: string): Promise<Filmstrip | null> {
  let p = strips.get(mediaId);
  if (!p) {
    p = getApi()
      .invoke('media:filmstrip', { mediaId })
      .then((r) => (r.ok ? r.value : null));
    strips.set(mediaId, p);
  }
  return p;
}

export function decodePeaks(p: Peaks): DecodedPeaks {
  const bin = atob(p.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const ints = new Int16Array(bytes.buffer);
  const data: Float32Array[] = [];
  for (let c = 0; c < p.channels; c++) {
    const out = new Float32Array(p.length * 2);
    const base = c * p.length * 2;
    for (let i = 0; i < p.length * 2; i++) out[i] = ints[base + i]! / 32768;
    data.push(out);
  }
  return { samplesPerPixel: p.samplesPerPixel, sampleRate: p.sampleRate, channels: p.channels, length: p.length, data };
}

/** The coarsest level that still gives about one peak pair per pixel at this zoom. */
export function levelFor(pixelsPerSecond: number, sampleRate: number): (typeof PEAK_LEVELS)[number] {
  const wanted = sampleRate / Math.max(1e-6, pixelsPerSecond);
  let best: (typeof PEAK_LEVELS)[number] = PEAK_LEVELS[0];
  for (const l of PEAK_LEVELS) if (l <= wanted) best = l;
  return best;
}

export function mediaPeaks(mediaId: string, level: (typeof PEAK_LEVELS)[number]): Promise<DecodedPeaks | null> {
  const key = `${mediaId}@${level}`;
  let p = peaks.get(key);
  if (!p) {
    p = getApi()
      .invoke('media:peaks', { mediaId, samplesPerPixel: level })
      .then((r) => (r.ok ? decodePeaks(r.value) : null));
    peaks.set(key, p);
  }
  return p;
}
