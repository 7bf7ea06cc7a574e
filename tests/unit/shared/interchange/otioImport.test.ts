// Facts from OpenTimelineIO's own sample files (see ../shared/fixtures/interchange/README.md),
// read from the files in place, plus hand-written documents for the edge cases.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { importOtio } from '../../../../shared/interchange/otio/import';
import { itemFrames, layoutTrack, timelineFrames, trackFrames } from '../../../../shared/timeline/layout';
import type { Clip, Item, Timeline } from '../../../../shared/timeline/model';

const fixtures = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/interchange');
const load = (name: string) => importOtio(fs.readFileSync(path.join(fixtures, name), 'utf8'));

const clips = (items: readonly Item[]): Clip[] => items.filter((i): i is Clip => i.kind === 'clip');
const names = (tl: Timeline) => tl.tracks.map((t) => clips(t.items).map((c) => c.name));
const source = (c: Clip | undefined) => c && [c.sourceRange.start.value, c.sourceRange.duration.value, c.sourceRange.duration.rate.num];

// A minimal OTIO document around one track's children, for edge cases.
const doc = (children: unknown[], { stackMarkers = [], ...extra }: Record<string, unknown> = {}) =>
  JSON.stringify({
    OTIO_SCHEMA: 'Timeline.1',
    name: 'T',
    ...extra,
    tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', children: [{ OTIO_SCHEMA: 'Track.1', name: 'V', kind: 'Video', children }], markers: stackMarkers },
  });
const t = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate });
const r = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: t(start, rate), duration: t(duration, rate) });
const clip = (name: string, ref: unknown, sr: unknown = r(0, 10, 24), more: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Clip.1', name, source_range: sr, media_reference: ref, ...more });

describe('OTIO import of the sample files', () => {
  it('reads simple_cut.otio: four butted clips, one reference per URL, the last clip ranged by its media', () => {
    const { timeline, references, warnings } = load('simple_cut.otio');
    expect(timeline.name).toBe('Figure 1 - Simple Cut List');
    expect(timeline.rate).toEqual({ num: 24, den: 1 });
    expect(timeline.tracks.map((x) => [x.name, x.kind])).toEqual([['Track-001', 'video']]);
    const cs = clips(timeline.tracks[0]!.items);
    expect(cs.map((c) => c.name)).toEqual(['Clip-001', 'Clip-002', 'Clip-003', 'Clip-004']);
    expect(cs.map(source)).toEqual([[3, 3, 24], [2, 6, 24], [0, 4, 24], [100, 6, 24]]);
    expect(timelineFrames(timeline)).toBe(19);
    expect(references.map((x) => x.targetUrl)).toEqual(['file:///folder/titles.mov', 'file:///folder/wind-up.mov', 'file:///folder/punchline.mov', 'file:///folder/credits.mov']);
    expect(cs.map((c) => references.find((x) => x.mediaId === c.mediaId)?.targetUrl)).toEqual(references.map((x) => x.targetUrl));
    expect(references[3]?.availableRange).toEqual({ start: { value: 100, rate: { num: 24, den: 1 } }, duration: { value: 6, rate: { num: 24, den: 1 } } });
    expect(warnings).toEqual([]);
  });

  it('reads transition.otio: a dissolve between clips 2 and 3 that adds no length', () => {
    const { timeline } = load('transition.otio');
    const items = timeline.tracks[0]!.items;
    expect(items.map((i) => (i.kind === 'transition' ? 'Transition' : i.kind === 'clip' ? i.name : 'gap'))).toEqual(['Clip-001', 'Clip-002', 'Transition', 'Clip-003', 'Clip-004']);
    expect(items[2]).toMatchObject({ kind: 'transition', name: 'Transition', transitionType: 'SMPTE_Dissolve', inOffset: { value: 2, rate: { num: 24, den: 1 } }, outOffset: { value: 3, rate: { num: 24, den: 1 } } });
    expect(timelineFrames(timeline)).toBe(19);
    expect(timeline.metadata?.['otio.global_start_time']).toEqual({ value: 0, rate: { num: 24, den: 1 } });
  });

  it('reads clip_example.otio: gap, offline clip, dissolve, gap with the upstream ranges', () => {
    const { timeline, references } = load('clip_example.otio');
    expect(timeline.name).toBe('transition_test');
    const track = timeline.tracks[0]!;
    expect(track.name).toBe('Track-001');
    const placed = layoutTrack(track, timeline.rate);
    expect(placed.map((p) => [p.item.kind, p.start, p.end])).toEqual([['gap', 0, 8], ['clip', 8, 11], ['transition', 11, 11], ['gap', 11, 19]]);
    const c = placed[1]!.item as Clip;
    expect(c).toMatchObject({ name: 'Clip-001', mediaId: null });
    expect(source(c)).toEqual([3, 3, 24]);
    expect(placed[2]!.item).toMatchObject({ name: 'Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: { value: 2 }, outOffset: { value: 1 } });
    expect(references).toEqual([]);
    expect(trackFrames(track, timeline.rate)).toBe(19);
  });

  it('reads multitrack.otio: three offline video tracks, 3282 frames, the stack name kept', () => {
    const { timeline, references } = load('multitrack.otio');
    expect(timeline.name).toBe('OTIO TEST - multitrack.Exported.01');
    expect(timeline.tracks.map((x) => [x.name, x.kind])).toEqual([['Sequence', 'video'], ['Sequence 2', 'video'], ['Sequence 3', 'video']]);
    expect(names(timeline)).toEqual([['tech.fux (loop)-HD.mp4', 'out-b (loop)-HD.mp4', 'brokchrd (loop)-HD.mp4'], ['t-hawk (loop)-HD.mp4'], ['KOLL-HD.mp4']]);
    expect(timeline.tracks.flatMap((x) => clips(x.items)).every((c) => c.mediaId === null)).toBe(true);
    expect(references).toEqual([]);
    expect(timeline.tracks.map((x) => trackFrames(x, timeline.rate))).toEqual([3282, 3282, 3282]);
    const koll = layoutTrack(timeline.tracks[2]!, timeline.rate).find((p) => p.item.kind === 'clip')!;
    expect([koll.start, koll.end - koll.start]).toEqual([1198, 640]);
    const outB = layoutTrack(timeline.tracks[0]!, timeline.rate).find((p) => p.item.kind === 'clip' && p.item.name.startsWith('out-b'))!;
    expect(outB.start).toBe(803);
    expect(timeline.metadata?.['otio.stack_name']).toBe('NestedScope');
  });

  it('reads premiere_example.otio: 4 video + 4 audio tracks with the upstream names, durations and markers', () => {
    const { timeline, references, warnings } = load('premiere_example.otio');
    expect(timeline.name).toBe('sc01_sh010_layerA');
    expect(timeline.rate).toEqual({ num: 30, den: 1 });
    expect(timeline.tracks.map((x) => x.kind)).toEqual(['video', 'video', 'video', 'video', 'audio', 'audio', 'audio', 'audio']);
    // Nested stacks count as items here, named as the sequence they hold.
    expect(names(timeline)).toEqual([
      ['sc01_sh010_anim.mov'],
      ['sc01_sh010_anim.mov', 'sc01_sh020_anim.mov', 'sc01_sh030_anim.mov', 'sc01_sh010_anim'],
      ['test_title'],
      ['sc01_master_layerA_sh030_temp.mov', 'sc01_sh010_anim.mov'],
      ['sc01_sh010_anim.mov', 'sc01_sh010_anim.mov'],
      ['sc01_placeholder.wav', 'sc01_sh010_anim'],
      ['track_08.wav'],
      ['sc01_master_layerA_sh030_temp.mov', 'sc01_sh010_anim.mov'],
    ]);
    const durations = timeline.tracks.map((x) => x.items.filter((i) => i.kind !== 'transition').map((i) => itemFrames(i, timeline.rate)));
    expect(durations).toEqual([
      [536, 100],
      [13, 100, 52, 157, 235, 79, 320],
      [15, 941],
      [956, 208, 82],
      [13, 100, 423, 100],
      [335, 170, 131, 294],
      [153, 198],
      [956, 221, 94],
    ]);
    expect(timeline.tracks[1]!.items.map((i) => i.kind)).toEqual(['gap', 'clip', 'gap', 'clip', 'clip', 'transition', 'gap', 'clip']);
    const transitions = timeline.tracks.flatMap((x) => x.items.filter((i) => i.kind === 'transition'));
    expect(transitions.map((x) => [x.name, x.inOffset.value, x.outOffset.value])).toEqual([['Cross Dissolve', 19, 0], ['Cross Dissolve', 12, 13]]);
    // The stack's three markers and sc01_sh030_anim.mov's: its 73@30 in media time, on a
    // clip that starts at 322 and plays its media from 0, is 00:00:13:05 (upstream's global time).
    expect(timeline.markers.map((m) => [m.name, m.frame, m.duration, m.color, m.note])).toEqual([
      ['My MArker 1', 113, 0, 'red', 'so, this happened'],
      ['', 298, 0, 'red', ''],
      ['', 395, 0, 'red', ''],
      ['dsf', 492, 0, 'red', 'fsfsfs'],
    ]);
    expect(timelineFrames(timeline)).toBe(1271);

    // The 15 fps clip keeps its own rate; layout turns 50@15 into 100 frames @30.
    expect(source(clips(timeline.tracks[0]!.items)[0])).toEqual([0, 50, 15]);
    // The clip marker names its clip, to be written back onto it.
    const sh030 = clips(timeline.tracks[1]!.items)[2]!;
    expect(timeline.markers[2]!.metadata).toMatchObject({ 'otio.owner': sh030.id, 'otio.marker': { marked_range: { start_time: { value: 73 } }, color: 'RED' } });
    // The slug generator is offline and keeps its reference.
    const title = clips(timeline.tracks[2]!.items)[0]!;
    expect(title.mediaId).toBeNull();
    expect(title.metadata?.['otio.media_reference']).toMatchObject({ OTIO_SCHEMA: 'GeneratorReference.1', generator_kind: 'Slug' });
    expect(source(title)).toEqual([108000, 941, 30]);
    // Nested stacks: offline, their source range kept, the raw JSON in metadata, a warning.
    const nested = clips(timeline.tracks[1]!.items)[3]!;
    expect(nested.mediaId).toBeNull();
    expect(source(nested)).toEqual([0, 320, 30]);
    expect(nested.metadata?.['otio.nested']).toMatchObject({ OTIO_SCHEMA: 'Stack.1', name: 'sc01_sh010_anim' });
    expect(warnings.some((w) => w.includes('nested'))).toBe(true);
    // Clip.2 media_references: one reference per distinct URL, percent-encoding untouched.
    expect(new Set(references.map((x) => x.targetUrl)).size).toBe(references.length);
    expect(references.map((x) => x.targetUrl)).toContain('file://localhost/D%3a/media/sc01_sh010_anim.mov');
    const sh010 = references.find((x) => x.targetUrl.endsWith('/sc01_sh010_anim.mov'))!;
    const usesSh010 = timeline.tracks.flatMap((x) => clips(x.items)).filter((c) => c.mediaId === sh010.mediaId);
    expect(usesSh010.map((c) => c.name)).toEqual(Array(usesSh010.length).fill('sc01_sh010_anim.mov'));
    expect(usesSh010.length).toBe(6);
  });

  it('reads nested_example.otio: nested compositions play their clips through their own source_range, in their place', () => {
    const { timeline, warnings } = load('nested_example.otio');
    expect(timeline.name).toBe('My Timeline');
    expect(timeline.tracks.map((x) => x.name)).toEqual(['Top Level Track']);
    const placed = layoutTrack(timeline.tracks[0]!, timeline.rate);
    // Each composition lasts its source_range (31, 29, 4 frames): the next clip starts
    // where it would in OTIO (238, 269, 302, 331, 394, 398), 636 frames in all.
    expect(placed.map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end])).toEqual([
      ['Normal Clip 1', 0, 238],
      ['Clip Inside A Stack 1', 238, 269],
      ['Normal Clip 2', 269, 302],
      ['Clip Inside A Stack 2', 302, 326],
      ['gap', 326, 331],
      ['Normal Clip 3', 331, 394],
      ['Clip Inside A Track', 394, 395],
      ['gap', 395, 398],
      ['Normal Clip 4', 398, 636],
    ]);
    expect(timelineFrames(timeline)).toBe(636);
    // Nested Stack 1 (0+31) trims its 37-frame clip; the others show all they hold.
    expect(clips(timeline.tracks[0]!.items).map(source)).toEqual([
      [135, 238, 24],
      [373, 31, 24],
      [101, 33, 24],
      [429, 24, 24],
      [179, 63, 24],
      [471, 1, 24],
      [135, 238, 24],
    ]);
    expect(warnings).toEqual([
      'track 0 item 1 (Nested Stack 1): a nested stack; its clips are placed on the track',
      'track 0 item 3 (Nested Stack 2 (with effects)): a nested stack; its clips are placed on the track',
      'track 0 item 3 (Nested Stack 2 (with effects)): effects not applied: LinearTimeWarp ×0.855 (plays at normal speed)',
      'track 0 item 5 (Nested Track): a nested track; its clips are placed on the track',
      'track 0 item 5 (Nested Track): effects not applied: FreezeFrame (plays instead of holding its first frame)',
    ]);
    expect(timeline.metadata?.['otio.stack_name']).toBe('Top Level Stack');
  });

  it('reads multiple_track.otio: Track-003 is shifted 7 frames by its negative source_range start', () => {
    const { timeline } = load('multiple_track.otio');
    expect(timeline.name).toBe('Figure 3 - Multiple Tracks');
    expect(timeline.tracks.map((x) => x.name)).toEqual(['Track-001', 'Track-002', 'Track-003']);
    expect(timeline.tracks.map((x) => trackFrames(x, timeline.rate))).toEqual([19, 16, 16]);
    const t2 = layoutTrack(timeline.tracks[1]!, timeline.rate);
    expect(t2.map((p) => [p.item.kind, p.start])).toEqual([['gap', 0], ['clip', 7]]);
    const t3 = layoutTrack(timeline.tracks[2]!, timeline.rate);
    expect(t3.find((p) => p.item.kind === 'clip')?.start).toBe(7);
    expect(timelineFrames(timeline)).toBe(19);
  });
});

describe('OTIO import edge cases', () => {
  const ext = (url: string) => ({ OTIO_SCHEMA: 'ExternalReference.1', target_url: url, available_range: null, metadata: { k: 1 } });

  it('rounds float times to whole frames with a warning and maps 23.976 to 24000/1001', () => {
    const { timeline, warnings } = importOtio(doc([clip('a', null, r(1.4, 47.6, 23.976))]));
    expect(source(clips(timeline.tracks[0]!.items)[0])).toEqual([1, 48, 24000]);
    expect(timeline.rate).toEqual({ num: 24000, den: 1001 });
    expect(warnings.filter((w) => w.includes('rounded'))).toHaveLength(2);
  });

  it('picks the rate of global_start_time, else the most common clip rate, else the default', () => {
    expect(importOtio(doc([clip('a', null, r(0, 10, 25))], { global_start_time: t(0, 30) })).timeline.rate).toEqual({ num: 30, den: 1 });
    expect(importOtio(doc([clip('a', null, r(0, 10, 25)), clip('b', null, r(0, 10, 25)), clip('c', null, r(0, 10, 50))])).timeline.rate).toEqual({ num: 25, den: 1 });
    expect(importOtio(doc([]), { defaultRate: { num: 60, den: 1 } }).timeline.rate).toEqual({ num: 60, den: 1 });
    expect(importOtio(doc([])).timeline.rate).toEqual({ num: 24, den: 1 });
  });

  it('follows active_media_reference_key in Clip.2 and treats null and missing references as offline', () => {
    const clip2 = { OTIO_SCHEMA: 'Clip.2', name: 'two', source_range: r(0, 5, 24), media_references: { DEFAULT_MEDIA: ext('a.mov'), proxy: ext('proxy.mov') }, active_media_reference_key: 'proxy' };
    const { timeline, references } = importOtio(doc([clip2, clip('null', null), clip('missing', { OTIO_SCHEMA: 'MissingReference.1' }), clip('again', ext('proxy.mov'))]));
    expect(references.map((x) => [x.targetUrl, x.name, x.metadata])).toEqual([['proxy.mov', 'two', { k: 1 }]]);
    expect(clips(timeline.tracks[0]!.items).map((c) => c.mediaId)).toEqual([references[0]!.mediaId, null, null, references[0]!.mediaId]);
  });

  it('keeps a clip whose ExternalReference has no target_url offline and says why', () => {
    const { timeline, references, warnings } = importOtio(doc([clip('blank', ext('')), clip('seq', { OTIO_SCHEMA: 'ImageSequenceReference.1', target_url_base: 'file:///x/' })]));
    expect(references).toEqual([]);
    expect(clips(timeline.tracks[0]!.items).map((c) => [c.mediaId, (c.metadata?.['otio.media_reference'] as { OTIO_SCHEMA: string }).OTIO_SCHEMA])).toEqual([
      [null, 'ExternalReference.1'],
      [null, 'ImageSequenceReference.1'],
    ]);
    expect(warnings).toEqual([
      'track 0 item 0 (blank): its ExternalReference has no target_url; the clip is offline',
      'track 0 item 1 (seq): image sequences are not supported; the clip is offline (first frame file:///x/1)',
    ]);
  });

  it('keeps enabled flags, metadata, effects, global_start_time and Marker.3 colour objects', () => {
    const marker = { OTIO_SCHEMA: 'Marker.3', name: 'm', color: { OTIO_SCHEMA: 'Color.1', r: 0, g: 1, b: 0, a: 1, name: 'GREEN' }, comment: 'note', marked_range: r(12, 2, 24) };
    const odd = { OTIO_SCHEMA: 'Marker.2', name: 'odd', color: 'CHARTREUSE', marked_range: r(3, 0, 24) };
    const effect = { OTIO_SCHEMA: 'LinearTimeWarp.1', name: null, time_scalar: 2 };
    const { timeline, warnings } = importOtio(
      doc([clip('off', null, r(0, 20, 24), { enabled: false, metadata: { team: { x: 1 } }, effects: [effect] })], { global_start_time: t(86400, 24), metadata: { origin: 'test' }, stackMarkers: [marker, odd] }),
    );
    const c = clips(timeline.tracks[0]!.items)[0]!;
    expect(c.enabled).toBe(false);
    expect(c.metadata).toEqual({ team: { x: 1 }, 'otio.effects': [effect] });
    expect(warnings).toContain('track 0 item 0 (off): effects not applied: LinearTimeWarp ×2 (plays at normal speed)');
    expect(timeline.metadata).toEqual({ origin: 'test', 'otio.global_start_time': { value: 86400, rate: { num: 24, den: 1 } } });
    expect(timeline.markers.map((m) => [m.name, m.frame, m.duration, m.color, m.note])).toEqual([
      ['odd', 3, 0, 'white', ''],
      ['m', 12, 2, 'green', 'note'],
    ]);
  });

  it('reads the old schema names Sequence, Filler and SerializeableCollection and Marker.1 ranges', () => {
    const old = {
      OTIO_SCHEMA: 'Timeline.1',
      name: 'old',
      tracks: {
        OTIO_SCHEMA: 'Stack.1',
        markers: [{ OTIO_SCHEMA: 'Marker.1', name: 'm1', color: 'RED', range: r(6, 1, 24) }],
        children: [{ OTIO_SCHEMA: 'Sequence.1', name: 'S', kind: 'Video', children: [{ OTIO_SCHEMA: 'Filler.1', source_range: r(0, 4, 24) }, clip('a', null, r(0, 10, 24))] }],
      },
    };
    const { timeline, warnings } = importOtio(JSON.stringify({ OTIO_SCHEMA: 'SerializeableCollection.1', children: [old] }));
    expect(timeline.tracks.map((x) => [x.name, x.items.map((i) => i.kind)])).toEqual([['S', ['gap', 'clip']]]);
    expect(timelineFrames(timeline)).toBe(14);
    expect(timeline.markers.map((m) => [m.name, m.frame, m.duration])).toEqual([['m1', 6, 1]]);
    expect(warnings).toEqual([]);
  });

  it('reads stack markers written in record time when only that reading fits the timeline', () => {
    const marker = { OTIO_SCHEMA: 'Marker.2', name: 'rec', color: 'BLUE', marked_range: r(86405, 0, 24) };
    const { timeline, warnings } = importOtio(doc([clip('a', null, r(0, 20, 24))], { global_start_time: t(86400, 24), stackMarkers: [marker] }));
    expect(timeline.markers.map((m) => [m.frame, m.color])).toEqual([[5, 'blue']]);
    expect(warnings.some((w) => w.includes('record time'))).toBe(true);
  });

  it('keeps transitions at either end of a track, as upstream transition_test.otio has them, with their parameters', () => {
    const x = (name: string, parameters: Record<string, unknown>) => ({ OTIO_SCHEMA: 'Transition.1', name, transition_type: 'SMPTE_Dissolve', parameters, metadata: {}, in_offset: t(10, 24), out_offset: t(10, 24) });
    const { timeline } = importOtio(doc([x('t0', {}), clip('A', null, r(0, 50, 24)), x('t1', { wipe: 'bar' }), clip('B', null, r(0, 50, 24)), x('t3', {})]));
    const items = timeline.tracks[0]!.items;
    expect(items.map((i) => (i.kind === 'clip' ? i.name : i.kind === 'transition' ? i.name : 'gap'))).toEqual(['t0', 'A', 't1', 'B', 't3']);
    expect(items.map((i) => i.metadata)).toEqual([undefined, undefined, { 'otio.parameters': { wipe: 'bar' } }, undefined, undefined]);
    expect(timelineFrames(timeline)).toBe(100);
  });

  it('places a nested track without a source_range as long as its children, its items in the track', () => {
    const nested = { OTIO_SCHEMA: 'Track.1', name: 'inner', kind: 'Video', children: [clip('x', null, r(0, 5, 24)), { OTIO_SCHEMA: 'Gap.1', source_range: r(0, 3, 24) }, clip('y', null, r(0, 4, 24))] };
    const { timeline } = importOtio(doc([clip('before', null, r(0, 2, 24)), nested, clip('after', null, r(0, 2, 24))]));
    const spansOf = layoutTrack(timeline.tracks[0]!, timeline.rate).map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end]);
    expect(spansOf).toEqual([['before', 0, 2], ['x', 2, 7], ['gap', 7, 10], ['y', 10, 14], ['after', 14, 16]]);
  });

  // One video track around `children`, with optional track and stack source ranges.
  const windowed = (children: unknown[], trackRange: unknown, stackRange: unknown = null, stackMarkers: unknown[] = []) =>
    JSON.stringify({
      OTIO_SCHEMA: 'Timeline.1',
      name: 'W',
      tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', source_range: stackRange, markers: stackMarkers, children: [{ OTIO_SCHEMA: 'Track.1', name: 'V', kind: 'Video', source_range: trackRange, children }] },
    });
  const spans = (tl: Timeline) => layoutTrack(tl.tracks[0]!, tl.rate).map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end]);

  it('trims a track to a source_range with a positive start and keeps the range in its metadata', () => {
    const { timeline, warnings } = importOtio(windowed([clip('a', null, r(100, 10, 24)), clip('b', null, r(200, 10, 24))], r(4, 12, 24)));
    expect(spans(timeline)).toEqual([['a', 0, 6], ['b', 6, 12]]);
    expect(source(clips(timeline.tracks[0]!.items)[0])).toEqual([104, 6, 24]);
    expect(source(clips(timeline.tracks[0]!.items)[1])).toEqual([200, 6, 24]);
    expect(timeline.tracks[0]!.metadata?.['otio.source_range']).toEqual(r(4, 12, 24));
    expect(warnings).toEqual([]);
  });

  it('does not apply a CMX-style record offset whose window lies wholly before the content', () => {
    const { timeline, warnings } = importOtio(windowed([clip('a', null, r(0, 30, 24)), clip('b', null, r(0, 19, 24))], r(-86243, 49, 24)));
    expect(spans(timeline)).toEqual([['a', 0, 30], ['b', 30, 49]]);
    expect(warnings.filter((w) => w.includes('record offset'))).toHaveLength(1);
  });

  it('windows every track by the top-level stack source_range and measures stack markers from its start', () => {
    const marker = { OTIO_SCHEMA: 'Marker.2', name: 'm', color: 'RED', marked_range: r(15, 0, 24) };
    const { timeline } = importOtio(windowed([clip('a', null, r(0, 10, 24)), clip('b', null, r(0, 10, 24))], null, r(5, 10, 24), [marker]));
    expect(spans(timeline)).toEqual([['a', 0, 5], ['b', 5, 10]]);
    expect(timeline.markers.map((m) => m.frame)).toEqual([10]);
  });

  it('reads the NaN and Infinity OTIO writes, and a byte order mark', () => {
    const effect = { OTIO_SCHEMA: 'LinearTimeWarp.1', name: 'Infinity NaN', time_scalar: 0 };
    const text = '\uFEFF' + doc([clip('a', null, r(0, 10, 24), { effects: [effect], metadata: { note: 'say "NaN"', max: 0, min: 0 } })]);
    const withTokens = text.replace('"time_scalar":0', '"time_scalar":Infinity').replace('"max":0', '"max": -Infinity').replace('"min":0', '"min":NaN');
    expect(withTokens).not.toBe(text);
    const c = clips(importOtio(withTokens).timeline.tracks[0]!.items)[0]!;
    expect(c.metadata?.['note']).toBe('say "NaN"');
    // Tagged, so that a .segue file (JSON) keeps them and export writes them back bare.
    expect(c.metadata?.['max']).toEqual({ $otio: 'number', text: '-Infinity' });
    expect(c.metadata?.['min']).toEqual({ $otio: 'number', text: 'NaN' });
    expect(c.metadata?.['otio.effects']).toEqual([{ ...effect, time_scalar: { $otio: 'number', text: 'Infinity' } }]);
  });

  it('reads the short Inf, a signed NaN and integers beyond 64 bits in metadata, as upstream big_int.otio has them, without losing a digit', () => {
    const text = doc([clip('black', null, r(1, 24, 24), { metadata: { a: 1, b: 2, c: 3, d: 4 } })])
      .replace('"a":1', '"a":Inf')
      .replace('"b":2', '"b":-Inf')
      .replace('"c":3', '"c":-NaN')
      .replace('"d":4', '"d":170141183460469231731687303715884105728');
    const c = clips(importOtio(text).timeline.tracks[0]!.items)[0]!;
    // OTIO's writer spells them Infinity, -Infinity and NaN; the integer keeps every digit.
    const n = (text: string) => ({ $otio: 'number', text });
    expect(c.metadata).toEqual({ a: n('Infinity'), b: n('-Infinity'), c: n('NaN'), d: n('170141183460469231731687303715884105728') });
  });

  it('rejects a non-finite time as a bad RationalTime', () => {
    const text = doc([clip('a', null, r(0, 10, 24))]).replace('"value":10', '"value":Infinity');
    expect(() => importOtio(text)).toThrow('Not an OpenTimelineIO file: bad RationalTime');
  });

  it('opens the first timeline of a SerializableCollection with a warning', () => {
    const tl = JSON.parse(doc([clip('a', null)])) as unknown;
    const { timeline, warnings } = importOtio(JSON.stringify({ OTIO_SCHEMA: 'SerializableCollection.1', children: [tl, tl] }));
    expect(timeline.name).toBe('T');
    expect(warnings.some((w) => w.includes('2 timelines'))).toBe(true);
  });

  it.each([
    ['not json', 'Not an OpenTimelineIO file: not JSON'],
    ['[1, 2]', 'Not an OpenTimelineIO file: no OTIO_SCHEMA'],
    ['{"a": 1}', 'Not an OpenTimelineIO file: no OTIO_SCHEMA'],
    ['{"OTIO_SCHEMA": "Timeline.1", "tracks": 3}', 'Not an OpenTimelineIO file: a Timeline without tracks'],
    ['{"OTIO_SCHEMA": "Clip.1"}', 'Not an OpenTimelineIO file: the top object is a Clip.1'],
    ['{"OTIO_SCHEMA": "SerializableCollection.1", "children": []}', 'Not an OpenTimelineIO file: a SerializableCollection without a Timeline'],
    [doc([{ OTIO_SCHEMA: 'Gap.1', source_range: { start_time: t(0, 24), duration: { value: 'x', rate: 24 } } }]), 'Not an OpenTimelineIO file: bad RationalTime'],
    [doc([clip('neg', null, r(0, -5, 24))]), 'Not an OpenTimelineIO file: negative duration'],
    [doc([clip('zero rate', null, r(0, 5, 0))]), 'Not an OpenTimelineIO file: bad RationalTime'],
    [doc([clip('past 2^53', null, r(1e20, 5, 24))]), 'Not an OpenTimelineIO file: bad RationalTime at track 0 item 0.source_range.start_time'],
  ])('rejects %s with a one-line message', (text, message) => {
    expect(() => importOtio(text)).toThrow(message);
  });
});

// Files from other writers than OTIO's own adapters (Resolve, Kdenlive, tlRender, pipeline
// tools), re-typed as small documents around the feature each exercises.
describe('OTIO import of what other tools write', () => {
  const ext = (url: string, available: unknown = r(0, 1000, 24)) => ({ OTIO_SCHEMA: 'ExternalReference.1', target_url: url, available_range: available, metadata: {} });
  const clip2 = (name: string, sr: unknown, refs: Record<string, unknown>, key = 'DEFAULT_MEDIA', more: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Clip.2', name, source_range: sr, media_references: refs, active_media_reference_key: key, ...more });
  const marker = (name: string, start: number, rate: number, color: unknown = 'RED', duration = 0) => ({ OTIO_SCHEMA: 'Marker.2', name, color, marked_range: r(start, duration, rate), metadata: {} });
  const track = (name: string, kind: unknown, children: unknown[], more: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Track.1', name, kind, children, ...more });
  const tl = (tracks: unknown[], more: Record<string, unknown> = {}, stackMarkers: unknown[] = []) =>
    JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: 'T', ...more, tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', children: tracks, markers: stackMarkers } });
  const spans = (x: Timeline, i = 0) => layoutTrack(x.tracks[i]!, x.rate).map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end]);
  const at = (x: Timeline) => x.markers.map((m) => [m.name, m.frame]);

  it('reads track kinds in any case or spacing, a missing kind as Video (OTIO\'s default), and names any other kind', () => {
    const c = () => clip('c', null, r(0, 10, 24));
    const { timeline, warnings } = importOtio(tl([track('a', 'video', [c()]), track('b', 'audio', [c()]), track('c', ' AUDIO ', [c()]), track('d', undefined, [c()]), track('e', 'Subtitle', [c()])]));
    expect(timeline.tracks.map((x) => [x.name, x.kind])).toEqual([['a', 'video'], ['b', 'audio'], ['c', 'audio'], ['d', 'video'], ['e', 'video']]);
    expect(warnings).toEqual(['track 4 (e): unknown kind "Subtitle", read as video']);
  });

  it('times the timeline by its video clips, not by audio clips timed in samples', () => {
    const a = (n: number) => clip2(`s${n}`, r(0, 48000, 48000), { DEFAULT_MEDIA: ext(`s${n}.wav`, r(0, 480000, 48000)) });
    const { timeline } = importOtio(tl([track('V', 'Video', [clip2('v', r(0, 25, 25), { DEFAULT_MEDIA: ext('v.mov', r(0, 250, 25)) })]), track('A', 'Audio', [a(1), a(2), a(3)])]));
    expect(timeline.rate).toEqual({ num: 25, den: 1 });
    expect(spans(timeline, 1)).toEqual([['s1', 0, 25], ['s2', 25, 50], ['s3', 50, 75]]);
  });

  it('reads the rates OTIO writes for NTSC (23.976023976023978, 29.97002997) and a timecode global_start_time', () => {
    const ntsc = 24000 / 1001;
    const { timeline } = importOtio(
      tl([track('V', 'Video', [clip2('a', r(86486, 48, ntsc), { DEFAULT_MEDIA: ext('a.mov', r(86400, 1000, ntsc)) }), clip2('b', r(0, 30, 30000 / 1001), { DEFAULT_MEDIA: ext('b.mov', r(0, 300, 30000 / 1001)) })])], { global_start_time: t(86400, ntsc) }, [
        marker('rec', 86400 + 20, ntsc),
      ]),
    );
    expect(timeline.rate).toEqual({ num: 24000, den: 1001 });
    expect(timeline.metadata?.['otio.global_start_time']).toEqual({ value: 86400, rate: { num: 24000, den: 1001 } });
    expect(spans(timeline)).toEqual([['a', 0, 48], ['b', 48, 72]]);
    expect(source(clips(timeline.tracks[0]!.items)[1])).toEqual([0, 30, 30000]);
    expect(at(timeline)).toEqual([['rec', 20]]);
  });

  it('reads a file timed in seconds (rate 1) at the default frame rate, a half second as 12 frames, not rounded to whole seconds', () => {
    const { timeline, warnings } = importOtio(tl([track('V', 'Video', [clip2('a', r(0.5, 2.5, 1), { DEFAULT_MEDIA: ext('a.mov', r(0, 100, 1)) }), clip2('b', r(1, 2, 1), { DEFAULT_MEDIA: ext('b.mov', r(0, 100, 1)) })])]));
    expect(timeline.rate).toEqual({ num: 24, den: 1 });
    expect(spans(timeline)).toEqual([['a', 0, 60], ['b', 60, 108]]);
    expect(source(clips(timeline.tracks[0]!.items)[0])).toEqual([12, 60, 24]);
    expect(warnings).toEqual([]);
  });

  it('reads a negative transition offset as none, with a warning', () => {
    const x = { OTIO_SCHEMA: 'Transition.1', name: 'neg', transition_type: 'SMPTE_Dissolve', in_offset: t(-2, 24), out_offset: t(3, 24) };
    const { timeline, warnings } = importOtio(tl([track('V', 'Video', [clip('a', null, r(0, 10, 24)), x, clip('b', null, r(0, 10, 24))])]));
    const dissolve = timeline.tracks[0]!.items[1]!;
    expect(dissolve.kind === 'transition' && [dissolve.inOffset.value, dissolve.outOffset.value]).toEqual([0, 3]);
    expect(warnings).toEqual(['track 0 item 1.in_offset: negative (-2); read as 0']);
  });

  it('keeps a negative global_start_time and measures stack markers from the stack, not from it', () => {
    const { timeline } = importOtio(tl([track('V', 'Video', [clip('a', null, r(0, 24, 24))])], { global_start_time: t(-48, 24) }, [marker('m', 12, 24)]));
    expect(timeline.metadata?.['otio.global_start_time']).toEqual({ value: -48, rate: { num: 24, den: 1 } });
    expect(at(timeline)).toEqual([['m', 12]]);
  });

  it('follows the active one of several Clip.2 references, and takes the only (or DEFAULT_MEDIA) reference when the active key names none', () => {
    const missing = { OTIO_SCHEMA: 'MissingReference.1', metadata: {}, available_range: null };
    const { timeline, references, warnings } = importOtio(
      tl([
        track('V', 'Video', [
          clip2('proxy', r(0, 5, 24), { DEFAULT_MEDIA: missing, HIGH_RES: ext('file:///hi/a.mov'), PROXY: ext('file:///proxy/a.mov') }, 'PROXY'),
          clip2('dangling', r(0, 5, 24), { DEFAULT_MEDIA: ext('file:///x.mov') }, 'NOPE'),
          clip2('empty', r(0, 5, 24), {}),
        ]),
      ]),
    );
    expect(references.map((x) => x.targetUrl)).toEqual(['file:///proxy/a.mov', 'file:///x.mov']);
    const [proxy, dangling, empty] = clips(timeline.tracks[0]!.items);
    expect([proxy!.mediaId, dangling!.mediaId, empty!.mediaId]).toEqual([references[0]!.mediaId, references[1]!.mediaId, null]);
    expect(proxy!.metadata?.['otio.media_references']).toMatchObject({ HIGH_RES: { target_url: 'file:///hi/a.mov' } });
    expect(warnings).toEqual(['track 0 item 1 (dangling): its active media reference "NOPE" is not in media_references; used "DEFAULT_MEDIA"']);
  });

  it('looks for the file a DaVinci Resolve MissingReference still names (Resolve_OTIO "Media Url")', () => {
    const resolveMissing = { OTIO_SCHEMA: 'MissingReference.1', name: 'Sea of Clouds.mp3', available_range: r(0, 3329, 24), metadata: { Resolve_OTIO: { 'Media Url': '/Users/j/music/Sea of Clouds.mp3' } } };
    const plain = { OTIO_SCHEMA: 'MissingReference.1', metadata: {}, available_range: null };
    const { timeline, references, warnings } = importOtio(tl([track('Audio 11', 'Audio', [clip2('Sea of Clouds.mp3', r(448, 253, 24), { DEFAULT_MEDIA: resolveMissing }), clip2('gone', r(0, 5, 24), { DEFAULT_MEDIA: plain })])]));
    expect(references.map((x) => [x.targetUrl, x.name, x.availableRange?.duration.value])).toEqual([['/Users/j/music/Sea of Clouds.mp3', 'Sea of Clouds.mp3', 3329]]);
    expect(clips(timeline.tracks[0]!.items).map((c) => c.mediaId)).toEqual([references[0]!.mediaId, null]);
    expect(warnings).toEqual([]);
  });

  it('never fails on plugin schemas: an unknown item, media reference, effect, marker schema or stack child', () => {
    const { timeline, warnings } = importOtio(
      tl([
        track('V', 'Video', [
          clip2('shot', r(0, 24, 24), { DEFAULT_MEDIA: { OTIO_SCHEMA: 'Studio.AssetRef.3', available_range: r(0, 48, 24), asset: 12 } }, 'DEFAULT_MEDIA', {
            effects: [{ OTIO_SCHEMA: 'Studio.Grade.1', effect_name: 'grade', lift: [0.1] }],
            markers: [{ OTIO_SCHEMA: 'Studio.Note.1', name: 'n', marked_range: r(5, 1, 24) }],
          }),
          { OTIO_SCHEMA: 'Studio.Shot.2', name: 'plugin item', source_range: r(0, 12, 24) },
          { OTIO_SCHEMA: 'Studio.Thing.1' },
          clip('after', null, r(0, 6, 24)),
        ]),
        { OTIO_SCHEMA: 'Studio.Layer.1', children: [] },
      ]),
    );
    expect(spans(timeline)).toEqual([['shot', 0, 24], ['gap', 24, 36], ['gap', 36, 36], ['after', 36, 42]]);
    expect(at(timeline)).toEqual([['n', 5]]);
    expect(warnings).toEqual([
      'track 0 item 0 (shot): Studio.AssetRef.3 is not supported; the clip is offline',
      'track 0 item 0 (shot): effects not applied: Studio.Grade "grade"',
      'track 0 item 1: Studio.Shot.2 is not supported; kept as a 12-frame gap and written back on export',
      'track 0 item 2: Studio.Thing.1 is not supported; kept as a gap and written back on export',
      'track 1 item 0: Studio.Layer.1 is not supported; kept as a gap and written back on export',
    ]);
  });
});

describe('OTIO markers on clips, gaps and tracks', () => {
  const marker = (name: string, start: number, rate: number, duration = 0) => ({ OTIO_SCHEMA: 'Marker.2', name, color: 'GREEN', marked_range: r(start, duration, rate), metadata: {} });
  const withMarkers = (c: Record<string, unknown>, ...markers: unknown[]) => ({ ...c, markers });
  const one = (children: unknown[], trackMore: Record<string, unknown> = {}, more: Record<string, unknown> = {}) =>
    JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: 'M', ...more, tracks: { OTIO_SCHEMA: 'Stack.1', children: [{ OTIO_SCHEMA: 'Track.1', name: 'V', kind: 'Video', children, ...trackMore }] } });
  const at = (x: Timeline) => x.markers.map((m) => [m.name, m.frame, m.duration]);

  it('places a clip marker at the clip\'s start plus its distance from the source start, in the clip\'s own rate', () => {
    // 30 fps timeline; the second clip is 15 fps media from 100: its marker at 110@15 is 10 source frames in, 20 timeline frames.
    const { timeline, warnings } = importOtio(
      one([clip('a', null, r(0, 40, 30)), withMarkers(clip('b', null, r(100, 20, 15)), marker('in b', 110, 15, 2)), withMarkers({ OTIO_SCHEMA: 'Gap.1', source_range: r(0, 10, 30) }, marker('on gap', 4, 30))]),
    );
    expect(at(timeline)).toEqual([['in b', 60, 4], ['on gap', 84, 0]]);
    expect(timeline.markers[0]!.metadata?.['otio.owner']).toBe(clips(timeline.tracks[0]!.items)[1]!.id);
    expect(warnings).toEqual([]);
  });

  it('reads a LOC marker written in record time (OTIO\'s CMX adapter) by the track\'s record offset', () => {
    // screening_example: a track source_range of -86243 + length, a clip at source 86641 recorded at
    // 00:59:58:00 (frame 109 of the cut), and its LOC at 01:00:01:14 = 86438: 86 frames into the clip.
    const { timeline, warnings } = importOtio(
      one([clip('first', null, r(86501, 109, 24)), withMarkers(clip('ZZ100_504C', null, r(86641, 115, 24)), { ...marker('ANIM FIX NEEDED', 86438, 24), marked_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: t(86438, 24), duration: t(0, 1) } })], {
        source_range: r(-86243, 224, 24),
      }),
    );
    expect(at(timeline)).toEqual([['ANIM FIX NEEDED', 195, 0]]);
    expect(warnings).toContain('track 0 item 1 (ZZ100_504C): marker "ANIM FIX NEEDED" lies outside the media the clip uses; read as record time');
  });

  it('reads the CMX adapter\'s LOC markers (metadata.cmx_3600) in record time even where media time would also land on the clip', () => {
    // screening_example: ZZ100_508 plays 86628-86798 from record frame 486; its LOC 01:00:15:13 = 86773 is record frame 530.
    const loc = { OTIO_SCHEMA: 'Marker.3', name: '', metadata: { cmx_3600: { color: 'GREEN' } }, color: { OTIO_SCHEMA: 'Color.1', r: 0, g: 1, b: 0, a: 1, name: 'GREEN' }, marked_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: t(86773, 24), duration: t(0, 1) } };
    const { timeline } = importOtio(one([clip('before', null, r(86501, 486, 24)), withMarkers(clip('ZZ100_508 (LAY2)', null, r(86628, 170, 24)), loc)], { source_range: r(-86243, 656, 24) }));
    expect(timeline.markers.map((m) => [m.frame, m.color])).toEqual([[530, 'green']]);
  });

  it('reads a clip marker counted from the clip\'s first frame (tlRender\'s samples) when media time misses the clip, else puts it on the nearest end', () => {
    const { timeline, warnings } = importOtio(one([withMarkers(clip('b', null, r(90, 30, 30)), marker('half', 15, 30, 15), marker('late', 400, 30))]));
    expect(at(timeline)).toEqual([['half', 15, 15], ['late', 29, 0]]);
    expect(warnings).toEqual([
      'track 0 item 0 (b): marker "half" lies outside the media the clip uses; read from the clip\'s first frame',
      'track 0 item 0 (b): marker "late" lies outside the media the clip uses; put on its last frame',
    ]);
  });

  it('places a track\'s markers in track time, moved by its source_range, and leaves out those it hides', () => {
    const { timeline, warnings } = importOtio(one([clip('a', null, r(0, 40, 24))], { source_range: r(10, 20, 24), markers: [marker('kept', 15, 24), marker('cut', 35, 24)] }));
    expect(at(timeline)).toEqual([['kept', 5, 0]]);
    expect(timeline.markers[0]!.metadata?.['otio.owner']).toBe(`track:${timeline.tracks[0]!.id}`);
    expect(warnings).toEqual(['track 0 (V): marker "cut" is in a part a source_range leaves out; left out']);
  });

  it('reads marker colours as names in any case, DaVinci Resolve\'s own names, and Color.1 objects with only r, g, b', () => {
    const colored = (color: unknown) => ({ OTIO_SCHEMA: 'Marker.3', name: 'm', color, marked_range: r(0, 0, 24) });
    const colors = ['blue', 'Sky', 'Fuchsia', 'Cream', { OTIO_SCHEMA: 'Color.1', r: 0.9, g: 0.55, b: 0.05, a: 1 }, { OTIO_SCHEMA: 'Color.1', r: 0.1, g: 0.1, b: 0.95 }, 'CHARTREUSE'];
    const { timeline } = importOtio(one([clip('a', null, r(0, 10, 24))], { markers: colors.map(colored) }));
    expect(timeline.markers.map((m) => m.color)).toEqual(['blue', 'cyan', 'pink', 'white', 'orange', 'blue', 'white']);
  });

  it('skips a marker whose range cannot be read, with a warning, and reads the rest of the file', () => {
    const bad = { OTIO_SCHEMA: 'Marker.2', name: 'bad', marked_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: t(1, 24), duration: { OTIO_SCHEMA: 'RationalTime.1', value: 'x', rate: 24 } } };
    const { timeline, warnings } = importOtio(one([withMarkers(clip('a', null, r(0, 10, 24)), bad, marker('ok', 2, 24))]));
    expect(at(timeline)).toEqual([['ok', 2, 0]]);
    expect(warnings).toEqual(['track 0 item 0 marker 0: bad RationalTime at track 0 item 0 marker 0.duration; the marker is left out']);
  });
});

describe('OTIO nested compositions', () => {
  const track = (name: string, children: unknown[], more: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Track.1', name, kind: 'Video', children, ...more });
  const gap = (frames: number) => ({ OTIO_SCHEMA: 'Gap.1', source_range: r(0, frames, 24) });
  const tl = (tracks: unknown[]) => JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: 'N', tracks: { OTIO_SCHEMA: 'Stack.1', children: tracks } });
  const spans = (x: Timeline, i: number) => layoutTrack(x.tracks[i]!, x.rate).map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end]);

  it('plays a two-layer nested stack through its source_range: the lower layer in the track, the upper on a track right above it', () => {
    const marker = { OTIO_SCHEMA: 'Marker.2', name: 'in a1', color: 'RED', marked_range: r(105, 0, 24) };
    const nested = {
      OTIO_SCHEMA: 'Stack.1',
      name: 'comp',
      source_range: r(5, 30, 24),
      children: [track('lower', [{ ...clip('a1', null, r(100, 20, 24)), markers: [marker] }, clip('a2', null, r(200, 20, 24))]), track('upper', [gap(10), clip('b1', null, r(0, 15, 24))])],
    };
    const { timeline, warnings } = importOtio(tl([track('V1', [clip('before', null, r(0, 10, 24)), nested, clip('after', null, r(0, 10, 24))]), track('V2', [gap(60), clip('top', null, r(0, 5, 24))])]));
    expect(timeline.tracks.map((x) => [x.name, x.kind])).toEqual([['V1', 'video'], ['upper', 'video'], ['V2', 'video']]);
    expect(spans(timeline, 0)).toEqual([['before', 0, 10], ['a1', 10, 25], ['a2', 25, 40], ['after', 40, 50]]);
    expect(source(clips(timeline.tracks[0]!.items)[1])).toEqual([105, 15, 24]);
    expect(spans(timeline, 1)).toEqual([['gap', 0, 10], ['gap', 10, 15], ['b1', 15, 30]]);
    expect(timeline.markers.map((m) => [m.name, m.frame])).toEqual([['in a1', 10]]);
    expect(warnings).toEqual(['track 0 item 1 (comp): a nested stack; its clips are placed on the track, its other layer goes to a track of its own above']);
  });

  it('sends an audio layer of a nested stack in a video track to an audio track, and switches off the clips of a disabled composition', () => {
    const nested = { OTIO_SCHEMA: 'Stack.1', name: 'av', enabled: false, children: [track('pic', [clip('p', null, r(0, 8, 24))]), { ...track('snd', [clip('s', null, r(0, 8, 24))]), kind: 'Audio' }] };
    const { timeline } = importOtio(tl([track('V1', [nested])]));
    expect(timeline.tracks.map((x) => [x.name, x.kind, clips(x.items).map((c) => [c.name, c.enabled])])).toEqual([
      ['V1', 'video', [['p', false]]],
      ['snd', 'audio', [['s', false]]],
    ]);
  });

  it('places stacks nested in tracks nested in stacks, deepest first, and keeps a composition with no clip as one offline clip', () => {
    const deep = { OTIO_SCHEMA: 'Stack.1', name: 'deep', children: [track('t', [{ OTIO_SCHEMA: 'Stack.1', name: 'deeper', children: [track('deepest', [clip('bottom', null, r(0, 6, 24))])] }])] };
    const empty = { OTIO_SCHEMA: 'Stack.1', name: 'empty', source_range: r(0, 4, 24), children: [] };
    const { timeline } = importOtio(tl([track('V1', [deep, empty])]));
    expect(spans(timeline, 0)).toEqual([['bottom', 0, 6], ['empty', 6, 10]]);
    expect(clips(timeline.tracks[0]!.items)[1]!.metadata?.['otio.nested']).toMatchObject({ name: 'empty' });
  });

  it('keeps a composition nested past 64 levels as one offline clip instead of recursing on', () => {
    let inner: unknown = clip('core', null, r(0, 3, 24));
    for (let i = 0; i < 80; i++) inner = { OTIO_SCHEMA: i % 2 ? 'Stack.1' : 'Track.1', name: `n${i}`, kind: 'Video', children: [inner] };
    const { timeline, warnings } = importOtio(tl([track('V1', [inner])]));
    expect(timelineFrames(timeline)).toBe(3);
    expect(warnings.some((w) => w.includes('nested more than 64 deep'))).toBe(true);
  });
});

describe('OTIO files too big for a timeline', () => {
  it('reads 40,000 clips with float times in a few seconds, warning about the first 200 roundings and counting the rest', () => {
    const n = 40_000;
    const children = Array.from({ length: n }, (_, i) => clip(`c${i}`, { OTIO_SCHEMA: 'ExternalReference.1', target_url: `file:///m/${i % 500}.mov`, available_range: null }, r(i + 0.4, 10, 24)));
    const text = JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: 'big', tracks: { OTIO_SCHEMA: 'Stack.1', children: [0, 1, 2, 3].map((k) => ({ OTIO_SCHEMA: 'Track.1', kind: 'Video', name: `V${k}`, children: children.slice(k * 10_000, (k + 1) * 10_000) })) } });
    const started = performance.now();
    const { timeline, references, warnings } = importOtio(text);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(timeline.tracks.map((x) => x.items.length)).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(references).toHaveLength(500);
    expect(warnings).toHaveLength(201);
    expect(warnings.at(-1)).toBe(`… and ${n - 200} more warnings like these`);
  });

  it('refuses a document nested thousands deep in one line instead of running out of stack', () => {
    const depth = 20_000;
    const text = doc(['@@']).replace('"@@"', `${'{"OTIO_SCHEMA":"Track.1","kind":"Video","children":['.repeat(depth)}${']}'.repeat(depth)}`);
    expect(() => importOtio(text)).toThrow(/^Not an OpenTimelineIO file Segue can open: it nests too deeply$/);
  });

  it('refuses more tracks than a timeline holds with one line saying so', () => {
    const tracks = Array.from({ length: 300 }, (_, i) => ({ OTIO_SCHEMA: 'Track.1', kind: 'Video', name: `V${i}`, children: [] }));
    expect(() => importOtio(JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: 'wide', tracks: { OTIO_SCHEMA: 'Stack.1', children: tracks } }))).toThrow(/^Not an OpenTimelineIO file Segue can open: it has 300 tracks \(with nested layers\); Segue opens at most 256$/);
  });
});
