// Append media at the end of the sequence, picture and sound kept in sync.
//
//   V1 | A | B |            V1 | A | B |   X   |
//   A1 | a |         ->     A1 | a |gap|   x   |
//
// The new clips start at the end of the longest of the two target tracks, padding the
// shorter one with a gap so the linked pair stays aligned.
import type { Media, Timeline } from '../model';
import { clipsForMedia } from '../factory';
import { trackFrames } from '../layout';
import { rt } from '../time';
import { newId } from '../../ids';

export interface AppendTarget {
  videoTrackId?: string;
  audioTrackId?: string;
}

export function appendMedia(timeline: Timeline, media: Media, target: AppendTarget = {}): Timeline {
  const { video, audio } = clipsForMedia(media, timeline.rate);
  const vTrack = video ? timeline.tracks.find((t) => (target.videoTrackId ? t.id === target.videoTrackId : t.kind === 'video')) : undefined;
  const aTrack = audio ? timeline.tracks.find((t) => (target.audioTrackId ? t.id === target.audioTrackId : t.kind === 'audio')) : undefined;
  if (video && !vTrack) throw new Error('The timeline has no video track to place this clip on.');
  if (audio && !aTrack) throw new Error('The timeline has no audio track to place this clip on.');
  const involved = [vTrack, aTrack].filter((t) => t !== undefined);
  const at = Math.max(0, ...involved.map((t) => trackFrames(t, timeline.rate)));
  return {
    ...timeline,
    tracks: timeline.tracks.map((t) => {
      const clip = t === vTrack ? video : t === aTrack ? audio : undefined;
      if (!clip) return t;
      const pad = at - trackFrames(t, timeline.rate);
      const gap = pad > 0 ? [{ kind: 'gap' as const, id: newId('g'), duration: rt(pad, timeline.rate) }] : [];
      return { ...t, items: [...t.items, ...gap, clip] };
    }),
  };
}
