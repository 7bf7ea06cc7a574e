import { describe, expect, it } from 'vitest';
import { media } from '../renderer/fixtures';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { createProject } from '../../../shared/timeline/factory';
import { layoutTrack } from '../../../shared/timeline/layout';
import { TimelineSchema } from '../../../shared/timeline/model';


describe('appendMedia', () => {
  it('places picture and sound as a linked pair at the end of V1 and A1', () => {
    const p = createProject('t');
    const tl = appendMedia(appendMedia(p.timeline, media('a', 2, ['video', 'audio'])), media('b', 1, ['video', 'audio']));
    const v1 = tl.tracks.find((t) => t.kind === 'video')!;
    const a1 = tl.tracks.find((t) => t.kind === 'audio')!;
    expect(layoutTrack(v1, tl.rate).map((x) => [x.item.kind, x.start, x.end])).toEqual([['clip', 0, 60], ['clip', 60, 90]]);
    expect(layoutTrack(a1, tl.rate).map((x) => [x.start, x.end])).toEqual([[0, 60], [60, 90]]);
    const [v, a] = [v1.items[1], a1.items[1]];
    expect(v?.kind === 'clip' && a?.kind === 'clip' && v.linkId === a.linkId && v.linkId !== undefined).toBe(true);
    expect(TimelineSchema.safeParse(tl).success).toBe(true);
  });

  it('pads the shorter track with a gap so a linked pair starts in sync', () => {
    const p = createProject('t');
    const tl = appendMedia(appendMedia(p.timeline, media('pic', 2, ['video'])), media('b', 1, ['video', 'audio']));
    const a1 = tl.tracks.find((t) => t.kind === 'audio')!;
    expect(layoutTrack(a1, tl.rate).map((x) => [x.item.kind, x.start, x.end])).toEqual([['gap', 0, 60], ['clip', 60, 90]]);
  });

  it('does not change the input timeline', () => {
    const p = createProject('t');
    const before = JSON.stringify(p.timeline);
    appendMedia(p.timeline, media('a', 2, ['video', 'audio']));
    expect(JSON.stringify(p.timeline)).toBe(before);
  });
});
