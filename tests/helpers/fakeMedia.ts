// Media records for pure tests: a file that need not exist, with the streams a test asks for.
import type { Media } from '../../shared/timeline/model';
import { makeRate, type Rate } from '../../shared/timeline/time';

export interface FakeMediaOptions {
  /** picture frame rate (default 30) */
  rate?: Rate;
  /** default 20 */
  seconds?: number;
  /** picture and sound (default), picture only, sound only, or no streams at all */
  streams?: 'av' | 'v' | 'a' | 'none';
}

/** A 1920x1080 H.264 + 48 kHz stereo AAC file at /footage/NAME. */
export function fakeMedia(id: string, name: string, o: FakeMediaOptions = {}, extra: Partial<Media> = {}): Media {
  const { rate = makeRate(30), seconds = 20, streams = 'av' } = o;
  const video = streams === 'av' || streams === 'v';
  const audio = streams === 'av' || streams === 'a';
  return {
    id,
    name,
    path: `/footage/${name}`,
    kind: streams === 'a' ? 'audio' : 'video',
    origin: 'file',
    probe: {
      path: `/footage/${name}`,
      formatName: 'mov',
      durationSeconds: seconds,
      sizeBytes: 1,
      streams: [
        ...(video ? [{ index: 0, type: 'video' as const, codec: 'h264', width: 1920, height: 1080, rate }] : []),
        ...(audio ? [{ index: 1, type: 'audio' as const, codec: 'aac', sampleRate: 48000, channels: 2 }] : []),
      ],
    },
    ...extra,
  };
}
