// Which picture each review note shows: the frame of the topmost enabled video clip under
// the marker, and where its thumbnail goes next to the notes file.
//
//   V2  |      [ B ]        |     marker at ▼: B's frame (V2 is on top)
//   V1  | [    A          ] |     marker at ▽: A's frame
//             ▽     ▼
import { clipAt } from '../timeline/edit/core';
import type { Timeline } from '../timeline/model';
import { framesToSeconds, toSeconds } from '../timeline/time';
import { notesOrder } from './notes';

export interface PictureSource {
  clipId: string;
  mediaId: string;
  /** into the source file */
  seconds: number;
}

/**
 * What the viewer shows at `frame`: among enabled video tracks, the last in stacking order
 * (the top one) with an enabled clip there. A disabled clip lets the one below show; an
 * offline clip (no media) shows nothing, and so does a frame over gaps only.
 */
export function pictureAt(timeline: Timeline, frame: number): PictureSource | null {
  const video = timeline.tracks.filter((t) => t.kind === 'video' && t.enabled);
  for (let i = video.length - 1; i >= 0; i--) {
    const hit = clipAt(video[i]!, frame, timeline.rate);
    if (!hit || !hit.clip.enabled) continue;
    if (!hit.clip.mediaId) return null;
    return { clipId: hit.clip.id, mediaId: hit.clip.mediaId, seconds: toSeconds(hit.clip.sourceRange.start) + framesToSeconds(frame - hit.start, timeline.rate) };
  }
  return null;
}

export interface ThumbnailPlan {
  markerId: string;
  /** the path written into the notes, relative to the notes file: `<stem>_thumbs/marker-0001.jpg` */
  cell: string;
  /** the file's name inside the thumbnails folder */
  file: string;
  source: PictureSource | null;
}

/** The folder next to a notes file named `<stem>.csv` that holds its thumbnails. */
export const thumbsFolderName = (stem: string): string => `${stem}_thumbs`;

/** One entry per marker, in the notes' order, numbered from 1. */
export function planThumbnails(timeline: Timeline, stem: string): ThumbnailPlan[] {
  return notesOrder(timeline).map((m, i) => {
    const file = `marker-${String(i + 1).padStart(4, '0')}.jpg`;
    return { markerId: m.id, cell: `${thumbsFolderName(stem)}/${file}`, file, source: pictureAt(timeline, m.frame) };
  });
}
