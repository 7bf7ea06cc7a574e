import { describe, expect, it } from 'vitest';
import { createProgressParser, estimate } from '../../../../electron/services/ffmpeg/progress';
import { summariseStderr } from '../../../../electron/services/ffmpeg/runner';

describe('ffmpeg progress', () => {
  it('parses -progress blocks and estimates time left', () => {
    const parse = createProgressParser();
    expect(parse('out_time_us=5000000')).toBeNull();
    expect(parse('speed=2.5x')).toBeNull();
    expect(parse('progress=continue')).toEqual({ outTimeSeconds: 5, speed: 2.5, done: false });
    expect(parse('progress=end')).toMatchObject({ done: true });
    expect(estimate(5, 10, 2000)).toEqual({ progress: 0.5, etaSeconds: 2 });
    expect(estimate(0, 10, 2000)).toEqual({ progress: 0, etaSeconds: null });
  });

  it('keeps the last meaningful stderr line for a one-line error', () => {
    expect(summariseStderr('ffmpeg version 4\nbuilt with gcc\n[mov @ 0x1] moov atom not found\n/x.mp4: Invalid data found when processing input\n')).toBe('/x.mp4: Invalid data found when processing input');
  });
});
