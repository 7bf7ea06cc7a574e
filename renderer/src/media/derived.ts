// Per-media derived data fetched once per session: asset ids, filmstrips, peaks.
import type { Filmstrip, MediaAssets, Peaks } from '../../../shared/ipc/contract';
import { PEAK_LEVELS } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { getApi } from '../api';

/** Requests by key, and what each has resolved to, so a component that mounts after the
 *  first load (every clip scrolled into view) draws at once instead of rendering twice. */
interface Cache<T> {
  pending: Map<string, Promise<T | null>>;
  ready: Map<string, T>;
}
const cache = <T>(): Cache<T> => ({ pending: new Map(), ready: new Map() });

const assets = cache<MediaAssets>();
const strips = cache<Filmstrip>();
const peaks = cache<DecodedPeaks>();

export interface DecodedPeaks {
  samplesPerPixel: number;
  sampleRate: number;
  channels: number;
  length: number;
  /** per channel: interleaved [min, max] as -1..1 */
  data: Float32Array[];
}

/** One request per key per session. A failure resolves to null (drawn as absent) and is
 *  forgotten, so the next render asks again (after a lost connection, say). */
function memo<T>(c: Cache<T>, key: string, load: () => Promise<Result<T>>): Promise<T | null> {
  let p = c.pending.get(key);
  if (!p) {
    p = load().then((r) => {
      if (r.ok) {
        c.ready.set(key, r.value);
        return r.value;
      }
      c.pending.delete(key);
      return null;
    });
    c.pending.set(key, p);
  }
  return p;
}

export const mediaAssets = (mediaId: string): Promise<MediaAssets | null> => memo(assets, mediaId, () => getApi().invoke('media:assets', { mediaId }));

/** Forgets the asset ids asked for so far (a project open for review plays clips from proxies once they are made). */
export function forgetMediaAssets(): void {
  assets.pending.clear();
  assets.ready.clear();
}

export const filmstrip = (mediaId: string): Promise<Filmstrip | null> => memo(strips, mediaId, () => getApi().invoke('media:filmstrip', { mediaId }));

/** The filmstrip if it has already loaded in this session. */
export const loadedFilmstrip = (mediaId: string): Filmstrip | undefined => strips.ready.get(mediaId);

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

export const mediaPeaks = (mediaId: string, level: (typeof PEAK_LEVELS)[number]): Promise<DecodedPeaks | null> =>
  memo(peaks, `${mediaId}@${level}`, async () => {
    const r = await getApi().invoke('media:peaks', { mediaId, samplesPerPixel: level });
    return r.ok ? { ok: true as const, value: decodePeaks(r.value) } : r;
  });
