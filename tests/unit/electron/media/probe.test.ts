import { describe, expect, it } from 'vitest';
import { mediaKind, parseProbe } from '../../../../electron/services/media/probe';

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

  it('takes the exact rate from r_frame_rate when avg_frame_rate is 0/0', () => {
    const p = parseProbe({ streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 'N/A', r_frame_rate: '24000/1001', avg_frame_rate: '0/0' }], format: { format_name: 'matroska,webm', duration: '1.5' } }, '/a.mkv', 9);
    expect(p.streams[0]).toEqual({ index: 0, type: 'video', codec: 'h264', rate: { num: 24000, den: 1001 }, fps: 23.976 });
  });

  it('treats cover art in a music file as a still, so the file is audio', () => {
    const mp3 = parseProbe(
      {
        streams: [
          { index: 0, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2 },
          { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, r_frame_rate: '90000/1', disposition: { attached_pic: 1 } },
        ],
        format: { format_name: 'mp3', duration: '200.0' },
      },
      '/song.mp3',
      5,
    );
    expect(mp3.streams[1]!.stillImage).toBe(true);
    expect(mp3.streams[1]!.rate).toBeUndefined();
    expect(mediaKind(mp3)).toBe('audio');
  });
});
