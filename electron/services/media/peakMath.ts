// Waveform peaks as pure arithmetic: min/max of int16 samples per pixel, per channel.

export const BASE_LEVEL = 256;
export const LEVELS = [256, 1024, 4096, 16384] as const;

/** Planar peaks at one level: per channel, `length` pairs [min, max]. */
export interface PeakLevel {
  samplesPerPixel: number;
  length: number;
  /** channels * length * 2 values: channel c, pair i at (c * length + i) * 2 */
  data: Int16Array;
}

/**
 * Streams interleaved int16 samples into min/max pairs. Chunks must hold whole frames
 * (a multiple of `channels` samples); a pixel may span chunks.
 */
export class PeakAccumulator {
  private readonly mins: number[][];
  private readonly maxs: number[][];
  private readonly curMin: Int32Array;
  private readonly curMax: Int32Array;
  private inPixel = 0;

  constructor(
    readonly channels: number,
    readonly samplesPerPixel: number,
  ) {
    this.mins = Array.from({ length: channels }, () => []);
    this.maxs = Array.from({ length: channels }, () => []);
    this.curMin = new Int32Array(channels).fill(32767);
    this.curMax = new Int32Array(channels).fill(-32768);
  }

  push(samples: Int16Array): void {
    const ch = this.channels;
    if (samples.length % ch !== 0) throw new RangeError('PeakAccumulator.push needs whole frames');
    const { curMin, curMax } = this;
    let i = 0;
    while (i < samples.length) {
      const stop = Math.min(samples.length, i + (this.samplesPerPixel - this.inPixel) * ch);
      if (ch === 2) {
        // The common case, unrolled: no inner channel loop per sample.
        let a0 = curMin[0]!, b0 = curMax[0]!, a1 = curMin[1]!, b1 = curMax[1]!;
        for (let j = i; j < stop; j += 2) {
          const l = samples[j]!;
          const r = samples[j + 1]!;
          if (l < a0) a0 = l;
          if (l > b0) b0 = l;
          if (r < a1) a1 = r;
          if (r > b1) b1 = r;
        }
        curMin[0] = a0;
        curMax[0] = b0;
        curMin[1] = a1;
        curMax[1] = b1;
      } else {
        for (let j = i; j < stop; j += ch) {
          for (let c = 0; c < ch; c++) {
            const v = samples[j + c]!;
            if (v < curMin[c]!) curMin[c] = v;
            if (v > curMax[c]!) curMax[c] = v;
          }
        }
      }
      this.inPixel += (stop - i) / ch;
      i = stop;
      if (this.inPixel === this.samplesPerPixel) this.flush();
    }
  }

  private flush(): void {
    for (let c = 0; c < this.channels; c++) {
      this.mins[c]!.push(this.curMin[c]!);
      this.maxs[c]!.push(this.curMax[c]!);
    }
    this.curMin.fill(32767);
    this.curMax.fill(-32768);
    this.inPixel = 0;
  }

  finish(): PeakLevel {
    if (this.inPixel > 0) this.flush();
    const length = this.mins[0]?.length ?? 0;
    const data = new Int16Array(this.channels * length * 2);
    for (let c = 0; c < this.channels; c++) {
      const mins = this.mins[c]!;
      const maxs = this.maxs[c]!;
      const base = c * length * 2;
      for (let i = 0; i < length; i++) {
        data[base + i * 2] = mins[i]!;
        data[base + i * 2 + 1] = maxs[i]!;
      }
    }
    return { samplesPerPixel: this.samplesPerPixel, length, data };
  }
}

/** A coarser level from a finer one: min of mins and max of maxes over `factor` pairs. */
export function deriveLevel(fine: PeakLevel, channels: number, factor: number): PeakLevel {
  const length = Math.ceil(fine.length / factor);
  const data = new Int16Array(channels * length * 2);
  for (let c = 0; c < channels; c++) {
    const src = c * fine.length * 2;
    const dst = c * length * 2;
    for (let i = 0; i < length; i++) {
      let mn = 32767;
      let mx = -32768;
      const end = Math.min(fine.length, (i + 1) * factor);
      for (let j = i * factor; j < end; j++) {
        const a = fine.data[src + j * 2]!;
        const b = fine.data[src + j * 2 + 1]!;
        if (a < mn) mn = a;
        if (b > mx) mx = b;
      }
      data[dst + i * 2] = mn;
      data[dst + i * 2 + 1] = mx;
    }
  }
  return { samplesPerPixel: fine.samplesPerPixel * factor, length, data };
}

/** Joins per-segment peaks (each planar) computed on consecutive parts of a file. */
export function concatLevels(parts: PeakLevel[], channels: number): PeakLevel {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const data = new Int16Array(channels * length * 2);
  for (let c = 0; c < channels; c++) {
    let at = c * length * 2;
    for (const p of parts) {
      data.set(p.data.subarray(c * p.length * 2, (c + 1) * p.length * 2), at);
      at += p.length * 2;
    }
  }
  return { samplesPerPixel: parts[0]?.samplesPerPixel ?? BASE_LEVEL, length, data };
}

/** A window of a level, still planar: channel by channel, pairs [offset, offset+length). */
export function sliceLevel(level: PeakLevel, channels: number, offset: number, length: number): Int16Array {
  const start = Math.min(offset, level.length);
  const n = Math.max(0, Math.min(length, level.length - start));
  const out = new Int16Array(channels * n * 2);
  for (let c = 0; c < channels; c++) {
    const src = (c * level.length + start) * 2;
    out.set(level.data.subarray(src, src + n * 2), c * n * 2);
  }
  return out;
}

export interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  dataOffset: number;
  dataLength: number;
}

/** RIFF/WAVE header: fmt and data chunks, odd-sized chunks padded, WAVE_FORMAT_EXTENSIBLE. */
export function parseWavHeader(buf: Uint8Array, fileSize: number): WavInfo | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (o: number) => String.fromCharCode(buf[o]!, buf[o + 1]!, buf[o + 2]!, buf[o + 3]!);
  if (buf.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let at = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataLength'> | null = null;
  while (at + 8 <= buf.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= buf.length) {
      let format = view.getUint16(body, true);
      if (format === 0xfffe && size >= 40 && body + 26 <= buf.length) format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) return null;
      // Streams written without knowing their length say 0 or 0xffffffff: take the rest of the file.
      const rest = fileSize - body;
      const dataLength = size === 0 || size === 0xffffffff || size > rest ? rest : size;
      return { ...fmt, dataOffset: body, dataLength };
    }
    at = body + size + (size % 2);
  }
  return null;
}
