import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { DerivedCache, identityKey, type FileIdentity } from '../../../../electron/services/media/cache';
import { decodePeakSet, encodePeakSet, type PeakSet } from '../../../../electron/services/media/peaks';

const id: FileIdentity = { path: '/media/a.wav', size: 1000, mtimeMs: 1700000000123.5, ino: 42 };

describe('identityKey', () => {
  it('is a stable sha1 of path, size, mtime and inode', () => {
    expect(identityKey(id)).toMatch(/^[0-9a-f]{40}$/);
    expect(identityKey({ ...id })).toBe(identityKey(id));
  });

  it('changes when the file is edited, resized, replaced or moved', () => {
    const keys = new Set([
      identityKey(id),
      identityKey({ ...id, mtimeMs: id.mtimeMs + 1 }),
      identityKey({ ...id, size: id.size + 1 }),
      identityKey({ ...id, ino: 43 }),
      identityKey({ ...id, path: '/media/b.wav' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('cannot be forged by moving digits between fields', () => {
    expect(identityKey({ ...id, size: 11, mtimeMs: 1 })).not.toBe(identityKey({ ...id, size: 1, mtimeMs: 11 }));
  });
});

describe('DerivedCache', () => {
  it('files derived data under <root>/<kind>/<key>.<ext>', () => {
    expect(new DerivedCache('/c').pathFor('peaks', 'abc', 'bin')).toBe(path.join('/c', 'peaks', 'abc.bin'));
  });
});

const set = (): PeakSet => ({
  sampleRate: 44100,
  channels: 2,
  levels: [
    { samplesPerPixel: 256, length: 3, data: Int16Array.from([-1, 1, -2, 2, -3, 3, -10, 10, -20, 20, -30, 30]) },
    { samplesPerPixel: 1024, length: 1, data: Int16Array.from([-3, 3, -30, 30]) },
  ],
});

describe('peak cache file', () => {
  it('round-trips every level exactly', () => {
    const back = decodePeakSet(encodePeakSet(set()));
    expect(back).not.toBeNull();
    expect(back!.sampleRate).toBe(44100);
    expect(back!.channels).toBe(2);
    expect(back!.levels.map((l) => [l.samplesPerPixel, l.length, [...l.data]])).toEqual(set().levels.map((l) => [l.samplesPerPixel, l.length, [...l.data]]));
  });

  it('decodes from an odd byte offset (a slice of a larger buffer)', () => {
    const bytes = encodePeakSet(set());
    const padded = Buffer.alloc(bytes.length + 1);
    bytes.copy(padded, 1);
    expect([...decodePeakSet(padded.subarray(1))!.levels[0]!.data]).toEqual([...set().levels[0]!.data]);
  });

  it('reports a truncated, foreign or garbled file as unusable, so it is recomputed', () => {
    const bytes = encodePeakSet(set());
    expect(decodePeakSet(bytes.subarray(0, bytes.length - 2))).toBeNull();
    expect(decodePeakSet(Buffer.from('RIFF....WAVEfmt '))).toBeNull();
    expect(decodePeakSet(Buffer.alloc(0))).toBeNull();
    const garbled = Buffer.from(bytes);
    garbled.write('{{{{', 8);
    expect(decodePeakSet(garbled)).toBeNull();
  });
});
