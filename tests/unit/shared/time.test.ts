import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimecode, makeRate, parseRateFraction, rateFromFps, rescale, rt, secondsToFrames, framesToSeconds } from '../../../shared/timeline/time';

describe('rational time', () => {
  it('reduces rates and rejects nonsense', () => {
    expect(makeRate(48, 2)).toEqual({ num: 24, den: 1 });
    expect(() => makeRate(0)).toThrow();
    expect(() => makeRate(24.5)).toThrow();
  });

  it('maps NTSC decimals to their exact fractions', () => {
    expect(rateFromFps(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(rateFromFps(29.97)).toEqual({ num: 30000, den: 1001 });
    expect(rateFromFps(59.94)).toEqual({ num: 60000, den: 1001 });
    expect(rateFromFps(25)).toEqual({ num: 25, den: 1 });
    expect(rateFromFps(12.5)).toEqual({ num: 25, den: 2 });
  });

  it("parses ffprobe's fractions", () => {
    expect(parseRateFraction('30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(parseRateFraction('0/0')).toBeNull();
    expect(parseRateFraction('25')).toEqual({ num: 25, den: 1 });
    expect(parseRateFraction(undefined)).toBeNull();
  });

  it('rescales exactly between compatible rates and rounds otherwise', () => {
    expect(rescale(rt(50, makeRate(15)), makeRate(30))).toBe(100);
    expect(rescale(rt(24, makeRate(24)), makeRate(25))).toBe(25);
    expect(rescale(rt(1, makeRate(30)), makeRate(24))).toBe(1); // 0.8 -> 1
    expect(rescale(rt(-3, makeRate(30)), makeRate(60))).toBe(-6);
  });

  it('round-trips frames through seconds at any rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(makeRate(24000, 1001), makeRate(25), makeRate(30000, 1001), makeRate(60)), (f, r) => {
        expect(secondsToFrames(framesToSeconds(f, r), r)).toBe(f);
      }),
    );
  });

  it('formats non-drop and drop-frame timecode', () => {
    expect(formatTimecode(0, makeRate(24))).toBe('00:00:00:00');
    expect(formatTimecode(86501, makeRate(24))).toBe('01:00:04:05');
    // 29.97 drop-frame: frame 1800 is 00:01:00;02 (frames 0 and 1 of minute 1 are skipped)
    expect(formatTimecode(1800, makeRate(30000, 1001), true)).toBe('00:01:00;02');
    expect(formatTimecode(17982, makeRate(30000, 1001), true)).toBe('00:10:00;00');
    expect(formatTimecode(1800, makeRate(30000, 1001), false)).toBe('00:01:00:00');
  });
});
