// Facts from OpenTimelineIO's own sample files (see ../shared/fixtures/interchange/README.md).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { importOtio } from '../../../../shared/interchange/otio/import';
import { itemFrames, layoutTrack, timelineFrames } from '../../../../shared/timeline/layout';

const fixtures = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/interchange');
const load = (name: string) => importOtio(fs.readFileSync(path.join(fixtures, name), 'utf8'));

describe('OTIO import', () => {
  it('reads premiere_example.otio: 4 video + 4 audio tracks with the upstream durations and markers', () => {
    const { timeline } = load('premiere_example.otio');
    expect(timeline.rate).toEqual({ num: 30, den: 1 });
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'video', 'video', 'video', 'audio', 'audio', 'audio', 'audio']);
    const durations = timeline.tracks.map((t) => t.items.filter((i) => i.kind !== 'transition').map((i) => itemFrames(i, timeline.rate)));
    expect(durations[0]).toEqual([536, 100]);
    expect(durations[1]).toEqual([13, 100, 52, 157, 235, 79, 320]);
    expect(durations[3]).toEqual([956, 208, 82]);
    expect(durations[4]).toEqual([13, 100, 423, 100]);
    expect(durations[7]).toEqual([956, 221, 94]);
    const v2 = timeline.tracks[1]!.items.map((i) => i.kind);
    expect(v2).toEqual(['gap', 'clip', 'gap', 'clip', 'clip', 'transition', 'gap', 'clip']);
    const transition = timeline.tracks[1]!.items[5];
    expect(transition?.kind === 'transition' && [transition.inOffset.value, transition.outOffset.value]).toEqual([19, 0]);
    expect(timeline.markers.map((m) => [m.name, m.frame, m.color])).toEqual([
      ['My MArker 1', 113, 'red'],
      ['dsf', 492, 'red'],
      ['', 298, 'red'],
    ]);
    expect(timelineFrames(timeline)).toBe(1271);
  });

  it('reads nested_example.otio with the upstream positions', () => {
    const { timeline, warnings } = load('nested_example.otio');
    const placed = layoutTrack(timeline.tracks[0]!, timeline.rate);
    expect(placed.map((p) => p.start)).toEqual([0, 238, 269, 302, 331, 394, 398]);
    expect(timelineFrames(timeline)).toBe(636);
    expect(warnings.some((w) => /nested/.test(w))).toBe(true);
  });

  it('reads transition.otio and keeps transition offsets', () => {
    const { timeline, references } = load('transition.otio');
    const items = timeline.tracks[0]!.items;
    expect(items.filter((i) => i.kind === 'transition').length).toBeGreaterThan(0);
    expect(references.length).toBeGreaterThan(0);
    for (const i of items) if (i.kind === 'clip') expect(i.mediaId === null || references.some((r) => r.mediaId === i.mediaId)).toBe(true);
  });

  it('shifts multiple_track.otio Track-003 by its negative source_range start', () => {
    const { timeline } = load('multiple_track.otio');
    const t3 = layoutTrack(timeline.tracks[2]!, timeline.rate);
    expect(t3.find((p) => p.item.kind === 'clip')?.start).toBe(7);
    expect(timelineFrames(timeline)).toBe(19);
  });

  it('gives clips with the same media one reference each', () => {
    const { timeline, references } = load('simple_cut.otio');
    const ids = timeline.tracks[0]!.items.flatMap((i) => (i.kind === 'clip' && i.mediaId ? [i.mediaId] : []));
    expect(new Set(ids).size).toBe(references.length);
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"a": 1}', 'no OTIO_SCHEMA'],
    ['{"OTIO_SCHEMA": "Timeline.1", "tracks": 3}', 'without tracks'],
    ['{"OTIO_SCHEMA": "Clip.1"}', 'Not an OpenTimelineIO file: the top object is a Clip.1'],
    ['{"OTIO_SCHEMA": "Timeline.1", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [{"OTIO_SCHEMA": "Track.1", "kind": "Video", "children": [{"OTIO_SCHEMA": "Gap.1", "source_range": {"start_time": {"value": 0, "rate": 24}, "duration": {"value": "x", "rate": 24}}}]}]}}', 'bad RationalTime'],
  ])('rejects %s with a clear message', (text, message) => {
    expect(() => importOtio(text)).toThrow(message);
  });
});
