// Which frame a review note's thumbnail shows: the topmost enabled video clip under the
// marker, at the right source time; hidden tracks and disabled clips let lower ones show.
import { describe, expect, it } from 'vitest';
import { pictureAt, planThumbnails } from '../../../../shared/review/thumbnails';
import type { Timeline } from '../../../../shared/timeline/model';
import { build } from '../edit/draw';

const setTrack = (t: Timeline, name: string, patch: object): Timeline => ({ ...t, tracks: t.tracks.map((x) => (x.name === name ? { ...x, ...patch } : x)) });

describe('pictureAt', () => {
  // V2 is above V1; A1 is sound and never a picture.
  const t = build({ V1: 'AAAAAAAA', V2: '__BB____', A1: 'aaaaaaaaaaaa' }, { in: { A: 24 } });

  it('takes the top clip, at its source in point plus the offset into it', () => {
    expect(pictureAt(t, 3)).toEqual({ clipId: 'B', mediaId: 'mB', seconds: 1 / 24 });
    expect(pictureAt(t, 5)).toEqual({ clipId: 'A', mediaId: 'mA', seconds: (24 + 5) / 24 });
  });

  it('looks through a hidden track and a disabled clip, and finds nothing over gaps or sound only', () => {
    expect(pictureAt(setTrack(t, 'V2', { enabled: false }), 3)?.clipId).toBe('A');
    const off = setTrack(t, 'V2', { items: t.tracks[1]!.items.map((i) => (i.id === 'B' ? { ...i, enabled: false } : i)) });
    expect(pictureAt(off, 2)?.clipId).toBe('A');
    expect(pictureAt(t, 10)).toBeNull();
    const offline = setTrack(t, 'V2', { items: t.tracks[1]!.items.map((i) => (i.id === 'B' ? { ...i, mediaId: null } : i)) });
    expect(pictureAt(offline, 2)).toBeNull();
  });

  it('plans one numbered file per marker in time order, with the path the notes show', () => {
    const withMarkers: Timeline = { ...t, markers: [9, 2].map((frame, i) => ({ id: `m${i}`, name: '', frame, duration: 0, color: 'red' as const, note: '' })) };
    expect(planThumbnails(withMarkers, 'Cut 1 notes')).toEqual([
      { markerId: 'm1', cell: 'Cut 1 notes_thumbs/marker-0001.jpg', file: 'marker-0001.jpg', source: { clipId: 'B', mediaId: 'mB', seconds: 0 } },
      { markerId: 'm0', cell: 'Cut 1 notes_thumbs/marker-0002.jpg', file: 'marker-0002.jpg', source: null },
    ]);
  });
});
