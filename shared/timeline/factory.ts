// Constructors for fresh documents and records.
import { newId } from '../ids';
import { SCHEMA_VERSION, type Clip, type Media, type Project, type ProjectSettings, type Track, type TrackKind } from './model';
import { makeRate, rateFromFps, rt, secondsToFrames, type Rate } from './time';

export const DEFAULT_SETTINGS: ProjectSettings = {
  width: 1920,
  height: 1080,
  rate: makeRate(30),
  sampleRate: 48000,
  channels: 2,
  fit: 'fit',
};

export function createTrack(kind: TrackKind, index: number): Track {
  return {
    id: newId('t'),
    kind,
    name: `${kind === 'video' ? 'V' : 'A'}${index}`,
    items: [],
    enabled: true,
    muted: false,
    solo: false,
    locked: false,
    height: kind === 'video' ? 64 : 56,
  };
}

export function createProject(name: string, settings: ProjectSettings = DEFAULT_SETTINGS, tracks = { video: 2, audio: 2 }): Project {
  const list: Track[] = [];
  for (let i = 1; i <= tracks.video; i++) list.push(createTrack('video', i));
  for (let i = 1; i <= tracks.audio; i++) list.push(createTrack('audio', i));
  return {
    schemaVersion: SCHEMA_VERSION,
    id: newId('p'),
    name,
    settings,
    media: [],
    timeline: { id: newId('tl'), name, rate: settings.rate, tracks: list, markers: [] },
  };
}

export const mediaHasVideo = (m: Media): boolean => m.probe.streams.some((s) => s.type === 'video');
export const mediaHasAudio = (m: Media): boolean => m.probe.streams.some((s) => s.type === 'audio');

/** The native frame rate of a media file, or the fallback (stills, audio). */
export function mediaRate(m: Media, fallback: Rate): Rate {
  const v = m.probe.streams.find((s) => s.type === 'video' && !s.stillImage);
  if (v?.rate) return v.rate;
  if (v?.fps) return rateFromFps(v.fps);
  return fallback;
}

/** Default length of a still image placed on the timeline. */
export const STILL_SECONDS = 5;

/**
 * One clip per stream kind the media has (picture and/or sound), sharing a linkId when
 * both exist. Source ranges are in timeline frames so cuts land on timeline frames.
 */
export function clipsForMedia(media: Media, rate: Rate): { video?: Clip; audio?: Clip } {
  const seconds = media.kind === 'image' ? STILL_SECONDS : media.probe.durationSeconds;
  const frames = Math.max(1, secondsToFrames(seconds, rate));
  const hasVideo = mediaHasVideo(media);
  const hasAudio = mediaHasAudio(media);
  const linkId = hasVideo && hasAudio ? newId('l') : undefined;
  const make = (): Clip => ({
    kind: 'clip',
    id: newId('c'),
    name: media.name,
    mediaId: media.id,
    sourceRange: { start: rt(0, rate), duration: rt(frames, rate) },
    enabled: true,
    ...(linkId ? { linkId } : {}),
  });
  return { ...(hasVideo ? { video: make() } : {}), ...(hasAudio ? { audio: make() } : {}) };
}
