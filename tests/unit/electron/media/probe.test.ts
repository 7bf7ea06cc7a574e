import { describe, expect, it } from 'vitest';
import { mediaKind, parseProbe } from '../../../../electron/services/media/probe';
import { filmstripArgs, pcmArgs, planFilmstrip, posterArgs } from '../../../../electron/services/ffmpeg/args';
import { createProgressParser, estimate } from '../../../../electron/services/ffmpeg/progress';
import { summariseStderr } from '../../../../electron/services/ffmpeg/runner';

const raw = {
  streams: [
    { index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, r_frame_rate: '30000/1001', avg_frame_rate: '30000/1001', pix_fmt: 'yuv420p', duration: '10.01', nb_frames: 300, disposition: { attached_pic: 0 } },
    { index: 1, codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, channel_layout: 'stereo', duration: 'N/A' },
    { index: 2, codec_type: 'data', codec_name: 'N/A' },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 10.01, bit_rate: 'N/A' },
};

describe('parseProbe', () => {
  it('maps ffprobe output, ignoring N/A', () => {
    const p = parseProbe(raw, '/m/a.mp4', 1234);
    expect(p).toEqual({
      path: '/m/a.mp4',
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 10.01,
      sizeBytes: 1234,
      streams: [
        { index: 0, type: 'video', codec: 'h264', durationSeconds: 10.01, width: 1920, height: 1080, pixelFormat: 'yuv420p', rate: { num: 30000, den: 1001 }, fps: 29.97 },
        { index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' },
        { index: 2, type: 'data', codec: 'unknown' },
      ],
    });
    expect(mediaKind(p)).toBe('video');
  });

  it('recognises stills and audio-only files', () => {
    const png = parseProbe({ streams: [{ index: 0, codec_type: 'video', codec_name: 'png', width: 10, height: 10, r_frame_rate: '25/1' }], format: { format_name: 'png_pipe', duration: 'N/A' } }, '/a.png', 1);
    expect(png.streams[0]!.stillImage).toBe(true);
    expect(png.durationSeconds).toBe(0);
    expect(mediaKind(png)).toBe('image');
    const wav = parseProbe({ streams: [{ index: 0, codec_type: 'audio', codec_name: 'pcm_s16le', sample_rate: 44100, channels: 1 }], format: { format_name: 'wav', duration: '3.5' } }, '/a.wav', 1);
    expect(mediaKind(wav)).toBe('audio');
    expect(wav.durationSeconds).toBe(3.5);
  });

  it('survives garbage', () => {
    expect(parseProbe(null, '/x', 0)).toEqual({ path: '/x', formatName: 'unknown', durationSeconds: 0, sizeBytes: 0, streams: [] });
  });
});

describe('ffmpeg argument lists', () => {
  it('builds poster, filmstrip and PCM arguments', () => {
    expect(posterArgs('/in.mp4', 1.23456, '/out.jpg')).toEqual(['-v', 'error', '-ss', '1.235', '-i', '/in.mp4', '-frames:v', '1', '-vf', 'scale=-2:180', '-q:v', '4', '/out.jpg']);
    const plan = planFilmstrip(10, 1920, 1080);
    expect(plan).toEqual({ count: 20, intervalSeconds: 0.5, tileWidth: 96, tileHeight: 54, keyframesOnly: false });
    expect(filmstripArgs('/in.mp4', plan, '/s.jpg')).toEqual(['-v', 'error', '-i', '/in.mp4', '-an', '-vf', 'fps=1/0.5,scale=96:54,tile=20x1', '-frames:v', '1', '-q:v', '5', '/s.jpg']);
    expect(planFilmstrip(3600, 1280, 720)).toMatchObject({ count: 60, intervalSeconds: 60, keyframesOnly: true });
    expect(planFilmstrip(0, 640, 480, true)).toMatchObject({ count: 1, tileWidth: 72 });
    expect(pcmArgs('/a.m4a', 2, 48000)).toEqual(['-v', 'error', '-i', '/a.m4a', '-vn', '-ac', '2', '-ar', '48000', '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1']);
    expect(pcmArgs('/a.m4a', 1, 44100, { startSeconds: 30, seconds: 5 })).toEqual(['-v', 'error', '-ss', '30', '-i', '/a.m4a', '-vn', '-t', '5', '-ac', '1', '-ar', '44100', '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1']);
  });
});

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
