import { describe, expect, it } from 'vitest';
import { relinkMismatch, scoreCandidate } from '../../../../electron/services/project/relink';
import type { Media, ProbeResult } from '../../../../shared/timeline/model';

const video = (over: Partial<Media> = {}): Media => ({
  id: 'm1',
  name: 'Take 3.MOV',
  path: '/footage/day1/Take 3.MOV',
  kind: 'video',
  origin: 'file',
  probe: {
    path: '/footage/day1/Take 3.MOV',
    formatName: 'mov,mp4',
    durationSeconds: 10,
    sizeBytes: 123_456,
    streams: [
      { index: 0, type: 'video', codec: 'h264', width: 1920, height: 1080, fps: 24, rate: { num: 24, den: 1 } },
      { index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 },
    ],
  },
  ...over,
});

describe('scoreCandidate', () => {
  it('scores name, size and duration together, best when all match', () => {
    expect(scoreCandidate(video(), { name: 'take 3.mov', size: 123_456, durationSeconds: 10.02 })).toEqual({ score: 1, reasons: ['same name', 'same size', 'same duration'] });
  });

  it('a same name alone outranks a same size alone, and both outrank a stem match', () => {
    const name = scoreCandidate(video(), { name: 'Take 3.MOV', size: 1 });
    const size = scoreCandidate(video(), { name: 'clip0001.mov', size: 123_456 });
    const stem = scoreCandidate(video(), { name: 'Take 3.mp4', size: 1 });
    expect(name.reasons).toEqual(['same name']);
    expect(size.reasons).toEqual(['same size']);
    expect(stem.reasons).toEqual(['same name, other extension']);
    expect(name.score).toBeGreaterThan(size.score);
    expect(size.score).toBeGreaterThanOrEqual(stem.score);
    expect(stem.score).toBeGreaterThan(0);
  });

  it('matches the display name too', () => {
    const m = video({ name: 'Hero shot.mov' });
    expect(scoreCandidate(m, { name: 'hero shot.mov', size: 5 }).reasons).toEqual(['same name']);
  });

  it('is 0 with no reason when nothing matches', () => {
    expect(scoreCandidate(video(), { name: 'other.mov', size: 99, durationSeconds: 3 })).toEqual({ score: 0, reasons: [] });
    // A duration alone is not enough to be a candidate… but it adds to a match.
    expect(scoreCandidate(video(), { name: 'other.mov', size: 99, durationSeconds: 10 }).score).toBeGreaterThan(0);
  });

  it('counts a duration within one frame or 0.05 s as the same', () => {
    const slow = video({ probe: { ...video().probe, streams: [{ index: 0, type: 'video', codec: 'h264', rate: { num: 10, den: 1 }, fps: 10 }] } });
    expect(scoreCandidate(video(), { name: 'x', size: 0, durationSeconds: 10.05 }).reasons).toEqual(['same duration']);
    expect(scoreCandidate(video(), { name: 'x', size: 0, durationSeconds: 10.06 }).reasons).toEqual([]);
    expect(scoreCandidate(slow, { name: 'x', size: 0, durationSeconds: 9.91 }).reasons).toEqual(['same duration']);
    expect(scoreCandidate(slow, { name: 'x', size: 0, durationSeconds: 9.85 }).reasons).toEqual([]);
  });

  it('ignores duration for stills and an unknown size', () => {
    const still = video({ kind: 'image', name: 'a.png', path: '/a.png', probe: { path: '/a.png', formatName: 'png_pipe', durationSeconds: 0.04, sizeBytes: 0, streams: [{ index: 0, type: 'video', codec: 'png', stillImage: true }] } });
    expect(scoreCandidate(still, { name: 'b.png', size: 0, durationSeconds: 0.04 })).toEqual({ score: 0, reasons: [] });
  });

  it('handles Windows paths from another machine', () => {
    const m = video({ path: 'D:\\Footage\\Take 3.MOV', name: 'Take 3' });
    expect(scoreCandidate(m, { name: 'take 3.mov', size: 0 }).reasons).toEqual(['same name']);
  });
});

describe('relinkMismatch', () => {
  const probe = (streams: ProbeResult['streams']): ProbeResult => ({ path: '/x', formatName: 'x', durationSeconds: 10, sizeBytes: 1, streams });
  const v = { index: 0, type: 'video' as const, codec: 'h264' };
  const a = { index: 1, type: 'audio' as const, codec: 'aac' };
  const still = { index: 0, type: 'video' as const, codec: 'png', stillImage: true };

  it('accepts the same streams, or more', () => {
    expect(relinkMismatch(video(), probe([v, a]))).toBeNull();
    expect(relinkMismatch(video({ kind: 'audio', probe: probe([a]) }), probe([v, a]))).toBeNull();
  });

  it('refuses no picture where there was one, no sound where there was, a still for a video and the reverse', () => {
    expect(relinkMismatch(video(), probe([a]))).toMatch(/no picture/);
    expect(relinkMismatch(video(), probe([v]))).toMatch(/no sound/);
    expect(relinkMismatch(video(), probe([still, a]))).toMatch(/still image/);
    expect(relinkMismatch(video({ kind: 'image', probe: probe([still]) }), probe([v]))).toMatch(/is a video/);
  });
});
