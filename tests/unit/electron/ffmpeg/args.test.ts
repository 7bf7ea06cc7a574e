import { describe, expect, it } from 'vitest';
import { filmstripArgs, pcmArgs, planFilmstrip, posterArgs } from '../../../../electron/services/ffmpeg/args';

describe('posterArgs', () => {
  it('seeks before the input and rounds seconds to milliseconds', () => {
    expect(posterArgs('/in.mp4', 1.23456, '/out.jpg')).toEqual(['-v', 'error', '-ss', '1.235', '-i', '/in.mp4', '-frames:v', '1', '-vf', 'scale=-2:180', '-q:v', '4', '/out.jpg']);
  });

  it('takes the poster height', () => {
    expect(posterArgs('/in.png', 0, '/p.jpg', 90)).toEqual(['-v', 'error', '-ss', '0', '-i', '/in.png', '-frames:v', '1', '-vf', 'scale=-2:90', '-q:v', '4', '/p.jpg']);
  });
});

describe('planFilmstrip', () => {
  it('spaces tiles at least half a second apart on short clips', () => {
    expect(planFilmstrip(10, 1920, 1080)).toEqual({ count: 20, intervalSeconds: 0.5, tileWidth: 96, tileHeight: 54, keyframesOnly: false });
    expect(planFilmstrip(2, 320, 180)).toEqual({ count: 4, intervalSeconds: 0.5, tileWidth: 96, tileHeight: 54, keyframesOnly: false });
  });

  it('caps long clips at 60 tiles and samples keyframes only', () => {
    expect(planFilmstrip(3600, 1280, 720)).toEqual({ count: 60, intervalSeconds: 60, tileWidth: 96, tileHeight: 54, keyframesOnly: true });
  });

  it('keeps the aspect ratio with an even tile width', () => {
    expect(planFilmstrip(10, 640, 480).tileWidth).toBe(72);
    expect(planFilmstrip(10, 1080, 1920).tileWidth).toBe(30);
  });

  it('makes one tile for a still, and assumes 16:9 when the size is unknown', () => {
    expect(planFilmstrip(0, 640, 480, true)).toEqual({ count: 1, intervalSeconds: 1, tileWidth: 72, tileHeight: 54, keyframesOnly: false });
    expect(planFilmstrip(5, 0, 0, true)).toEqual({ count: 1, intervalSeconds: 1, tileWidth: 96, tileHeight: 54, keyframesOnly: false });
  });
});

describe('filmstripArgs', () => {
  it('samples, scales and tiles in one filter chain and writes one picture', () => {
    expect(filmstripArgs('/in.mp4', planFilmstrip(10, 1920, 1080), '/s.jpg')).toEqual(['-v', 'error', '-i', '/in.mp4', '-an', '-vf', 'fps=1/0.5,scale=96:54,tile=20x1', '-frames:v', '1', '-q:v', '5', '/s.jpg']);
  });

  it('skips non-key frames on long clips', () => {
    expect(filmstripArgs('/long.mp4', planFilmstrip(3600, 1280, 720), '/s.jpg')).toEqual(['-v', 'error', '-skip_frame', 'nokey', '-i', '/long.mp4', '-an', '-vf', 'fps=1/60,scale=96:54,tile=60x1', '-frames:v', '1', '-q:v', '5', '/s.jpg']);
  });

  it('only scales a one-tile strip, since fps can emit nothing for a single frame', () => {
    expect(filmstripArgs('/a.png', planFilmstrip(0, 640, 480, true), '/s.jpg')).toEqual(['-v', 'error', '-i', '/a.png', '-an', '-vf', 'scale=72:54', '-frames:v', '1', '-q:v', '5', '/s.jpg']);
  });
});

describe('pcmArgs', () => {
  it('decodes the first audio stream of the whole file to interleaved s16le on stdout', () => {
    expect(pcmArgs('/a.m4a', 2, 48000)).toEqual(['-v', 'error', '-i', '/a.m4a', '-map', '0:a:0', '-ac', '2', '-ar', '48000', '-f', 's16le', '-acodec', 'pcm_s16le', '-flush_packets', '0', 'pipe:1']);
  });

  it('decodes one part: seek before the input, duration after it', () => {
    expect(pcmArgs('/a.m4a', 1, 44100, { startSeconds: 30, seconds: 5 })).toEqual(['-v', 'error', '-ss', '30', '-i', '/a.m4a', '-map', '0:a:0', '-t', '5', '-ac', '1', '-ar', '44100', '-f', 's16le', '-acodec', 'pcm_s16le', '-flush_packets', '0', 'pipe:1']);
    expect(pcmArgs('/a.m4a', 2, 48000, { startSeconds: 0, seconds: 5 })).toEqual(['-v', 'error', '-i', '/a.m4a', '-map', '0:a:0', '-t', '5', '-ac', '2', '-ar', '48000', '-f', 's16le', '-acodec', 'pcm_s16le', '-flush_packets', '0', 'pipe:1']);
    expect(pcmArgs('/a.m4a', 2, 48000, { startSeconds: 12.8 })).toEqual(['-v', 'error', '-ss', '12.8', '-i', '/a.m4a', '-map', '0:a:0', '-ac', '2', '-ar', '48000', '-f', 's16le', '-acodec', 'pcm_s16le', '-flush_packets', '0', 'pipe:1']);
  });
});
