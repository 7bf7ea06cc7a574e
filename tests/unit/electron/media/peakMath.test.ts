import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PeakAccumulator, concatLevels, deriveLevel, parseWavHeader, sliceLevel } from '../../../../electron/services/media/peakMath';

describe('peak accumulation', () => {
  it('takes min and max per pixel and channel, planar', () => {
    const acc = new PeakAccumulator(2, 2);
    // frames: (L,R) = (1,-1) (5,-7) | (-3,2) (0,9) | (4,4)
    acc.push(Int16Array.from([1, -1, 5, -7, -3, 2]));
    acc.push(Int16Array.from([0, 9, 4, 4]));
    const l = acc.finish();
    expect(l.length).toBe(3);
    expect([...l.data]).toEqual([1, 5, -3, 0, 4, 4, -7, -1, 2, 9, 4, 4]);
  });

  it('gives the same peaks however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 2, maxLength: 400 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom(1, 2, 3), (raw, cut, ch) => {
        const samples = Int16Array.from(raw.slice(0, raw.length - (raw.length % ch)));
        const whole = new PeakAccumulator(ch, 4);
        whole.push(samples);
        const chunked = new PeakAccumulator(ch, 4);
        const step = cut * ch;
        for (let i = 0; i < samples.length; i += step) chunked.push(samples.subarray(i, i + step));
        expect([...chunked.finish().data]).toEqual([...whole.finish().data]);
      }),
    );
  });

  it('refuses chunks that split a frame', () => {
    expect(() => new PeakAccumulator(2, 4).push(Int16Array.from([1, 2, 3]))).toThrow(/whole frames/);
  });

  it('derives coarser levels as min of mins and max of maxes', () => {
    const acc = new PeakAccumulator(1, 1);
    acc.push(Int16Array.from([3, -4, 10, 2, -9]));
    const d = deriveLevel(acc.finish(), 1, 2);
    expect(d.samplesPerPixel).toBe(2);
    expect([...d.data]).toEqual([-4, 3, 2, 10, -9, -9]);
  });

  it('concatenates segments per channel and slices windows', () => {
    const a = { samplesPerPixel: 1, length: 1, data: Int16Array.from([1, 2, 3, 4]) };
    const b = { samplesPerPixel: 1, length: 2, data: Int16Array.from([5, 6, 7, 8, 9, 10, 11, 12]) };
    const c = concatLevels([a, b], 2);
    expect([...c.data]).toEqual([1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]);
    expect([...sliceLevel(c, 2, 1, 5)]).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('WAV header', () => {
  const wav = (chunks: Array<[string, Uint8Array]>) => {
    const parts = chunks.map(([id, body]) => {
      const head = new Uint8Array(8);
      head.set([...id].map((c) => c.charCodeAt(0)));
      new DataView(head.buffer).setUint32(4, body.length, true);
      const pad = body.length % 2 ? new Uint8Array(1) : new Uint8Array(0);
      return [head, body, pad];
    });
    const flat = parts.flat();
    const size = flat.reduce((n, p) => n + p.length, 4);
    const riff = new Uint8Array(12);
    riff.set([...'RIFF'].map((c) => c.charCodeAt(0)));
    new DataView(riff.buffer).setUint32(4, size, true);
    riff.set([...'WAVE'].map((c) => c.charCodeAt(0)), 8);
    const out = new Uint8Array(12 + flat.reduce((n, p) => n + p.length, 0));
    let at = 12;
    out.set(riff);
    for (const p of flat) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const fmt = (format: number, channels: number, rate: number, bits: number, extensible = false) => {
    const b = new Uint8Array(extensible ? 40 : 16);
    const v = new DataView(b.buffer);
    v.setUint16(0, extensible ? 0xfffe : format, true);
    v.setUint16(2, channels, true);
    v.setUint32(4, rate, true);
    v.setUint32(8, (rate * channels * bits) / 8, true);
    v.setUint16(12, (channels * bits) / 8, true);
    v.setUint16(14, bits, true);
    if (extensible) v.setUint16(24, format, true);
    return b;
  };

  it('finds fmt and data after odd-sized chunks', () => {
    const file = wav([['LIST', new Uint8Array(3)], ['fmt ', fmt(1, 2, 48000, 16)], ['data', new Uint8Array(16)]]);
    expect(parseWavHeader(file, file.length)).toEqual({ format: 1, channels: 2, sampleRate: 48000, bitsPerSample: 16, blockAlign: 4, dataOffset: file.length - 16, dataLength: 16 });
  });

  it('reads the real format of WAVE_FORMAT_EXTENSIBLE', () => {
    const file = wav([['fmt ', fmt(3, 1, 44100, 32, true)], ['data', new Uint8Array(8)]]);
    expect(parseWavHeader(file, file.length)).toMatchObject({ format: 3, bitsPerSample: 32, channels: 1 });
  });

  it('rejects what is not RIFF/WAVE', () => {
    expect(parseWavHeader(new TextEncoder().encode('not a wav file at all'), 21)).toBeNull();
  });
});
