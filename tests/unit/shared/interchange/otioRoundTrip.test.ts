// OTIO -> Segue -> OTIO: OpenTimelineIO's sample files and hand-written documents for what
// OTIO itself reads (old schema names and versions, disabled items, transitions at a
// track's ends, numbers JavaScript cannot hold) come back with every clip's media, source
// range, position and transition, and their metadata. "Segue" here is the project as a
// .segue file holds it: JSON text, read back through ProjectSchema.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { importOtio, type OtioImport } from '../../../../shared/interchange/otio/import';
import { exportOtio, exportOtioText } from '../../../../shared/interchange/otio/export';
import { parseOtioJson } from '../../../../shared/interchange/otio/json';
import { exportEdl } from '../../../../shared/interchange/edl/export';
import { exportFcp7 } from '../../../../shared/interchange/fcp7/export';
import { planRender } from '../../../../shared/render/plan';
import { layoutTrack } from '../../../../shared/timeline/layout';
import { ProjectSchema, type Clip, type Item, type Media, type Project, type Timeline } from '../../../../shared/timeline/model';

type Json = Record<string, unknown>;

const fixtures = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/interchange');
const FIXTURES = fs.readdirSync(fixtures).filter((f) => f.endsWith('.otio')).sort();
// nested_example.otio's nested compositions are placed on its track on import, so they
// are written back as the items they hold (tested on their own below).
const AS_WRITTEN = FIXTURES.filter((f) => f !== 'nested_example.otio');
// What only the first import of a nested composition says.
const aboutNesting = (w: string) => / \((Nested Stack \d.*|Nested Track)\): /.test(w);

const t = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate });
const r = (start: number, duration: number, rate = 24) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: t(start, rate), duration: t(duration, rate) });
const ext = (url: string, more: Json = {}) => ({ OTIO_SCHEMA: 'ExternalReference.1', target_url: url, available_range: r(0, 100), metadata: {}, ...more });
const clip1 = (name: string, ref: unknown, range: unknown = r(0, 10), more: Json = {}) => ({ OTIO_SCHEMA: 'Clip.1', name, source_range: range, media_reference: ref, ...more });
const gap = (frames: number, schema = 'Gap.1') => ({ OTIO_SCHEMA: schema, source_range: r(0, frames) });
const dissolve = (name: string, inOffset: number, outOffset: number, schema = 'Transition.1') => ({ OTIO_SCHEMA: schema, name, transition_type: 'SMPTE_Dissolve', in_offset: t(inOffset, 24), out_offset: t(outOffset, 24) });
const track = (children: unknown[], more: Json = {}) => ({ OTIO_SCHEMA: 'Track.1', name: 'V', kind: 'Video', children, ...more });
const timeline = (tracks: unknown[], more: Json = {}, stack: Json = {}) => ({ OTIO_SCHEMA: 'Timeline.1', name: 'T', tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', children: tracks, ...stack }, ...more });

/** An imported timeline saved as a .segue file would hold it and read back, with offline media as the loader leaves it. */
function asProject(imported: OtioImport, media: Media[] = []): Project {
  const urls = new Map(imported.references.map((x) => [x.mediaId, x.targetUrl]));
  const online = new Set(media.map((m) => m.id));
  const offline = (i: Item): Item =>
    i.kind === 'clip' && i.mediaId && !online.has(i.mediaId) ? { ...i, mediaId: null, metadata: { ...i.metadata, 'segue.offlineUrl': urls.get(i.mediaId) } } : i;
  const tl: Timeline = { ...imported.timeline, tracks: imported.timeline.tracks.map((x) => ({ ...x, items: x.items.map(offline) })) };
  const project = { schemaVersion: 1, id: 'p1', name: tl.name || 'untitled', settings: { width: 1920, height: 1080, rate: tl.rate, sampleRate: 48000, channels: 2, fit: 'fit' }, media, timeline: tl };
  return ProjectSchema.parse(JSON.parse(JSON.stringify(project)));
}

const roundTrip = (text: string) => {
  const first = importOtio(text);
  const written = exportOtioText(asProject(first));
  return { first, written, second: importOtio(written) };
};

/** What an import says, without the ids it makes up: media by URL, Segue's export stamp left out. */
function comparable(imported: OtioImport) {
  const url = new Map(imported.references.map((x) => [x.mediaId, x.targetUrl]));
  const { segue: _stamp, ...metadata } = imported.timeline.metadata ?? {};
  // A marker taken from a clip, gap or track names it by id: here by where it is.
  const where = new Map(imported.timeline.tracks.flatMap((tr, ti) => [[`track:${tr.id}`, `track ${ti}`] as const, ...tr.items.map((i, k) => [i.id, `track ${ti} item ${k}`] as const)]));
  const owned = (m: Omit<Timeline['markers'][number], 'id'>) => (m.metadata?.['otio.owner'] ? { ...m, metadata: { ...m.metadata, 'otio.owner': where.get(String(m.metadata['otio.owner'])) } } : m);
  return {
    name: imported.timeline.name,
    rate: imported.timeline.rate,
    metadata,
    tracks: imported.timeline.tracks.map(({ id: _t, items, ...rest }) => ({
      ...rest,
      items: items.map(({ id: _i, ...i }) => ('mediaId' in i ? { ...i, mediaId: i.mediaId === null ? null : url.get(i.mediaId) } : i)),
    })),
    markers: imported.timeline.markers.map(({ id: _m, ...m }) => owned(m)),
    references: imported.references.map(({ mediaId: _r, ...x }) => x),
  };
}

/** An OTIO track's items as OTIO sees them: schema, name, where it starts, source range, media, transition, metadata. */
function otioItems(o: Json) {
  const time = (x: unknown) => (x ? `${(x as Json).value}@${(x as Json).rate}` : null);
  const range = (x: unknown) => (x ? `${time((x as Json).start_time)}+${time((x as Json).duration)}` : null);
  return ((o.tracks as Json).children as Json[]).map((tr) => {
    let at = 0;
    return (tr.children as Json[]).map((c) => {
      const schema = String(c.OTIO_SCHEMA).split('.')[0];
      if (schema === 'Transition') return [schema, c.name, c.transition_type, time(c.in_offset), time(c.out_offset), c.parameters ?? {}, c.metadata ?? {}];
      const ref = (c.media_references ? (c.media_references as Json)[c.active_media_reference_key as string] : c.media_reference) as Json | null;
      const sr = (c.source_range ?? ref?.available_range) as Json | null;
      const start = at;
      if (sr) at = Math.round((at + Number((sr.duration as Json).value) / Number((sr.duration as Json).rate)) * 1e9) / 1e9; // seconds
      return [schema, c.name ?? '', start, range(c.source_range), c.enabled !== false, ref ? [ref.OTIO_SCHEMA, ref.target_url ?? null, range(ref.available_range), ref.metadata ?? {}] : null, c.metadata ?? {}, c.effects ?? [], c.markers ?? [], c.children ?? null];
    });
  });
}

describe('OTIO round trip of the sample files', () => {
  it.each(FIXTURES)('%s: import → .segue → export → import gives the same tracks, items, ranges, media, transitions, markers and metadata', (name) => {
    const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
    const { first, second } = roundTrip(text);
    expect(comparable(second)).toEqual(comparable(first));
    expect(second.warnings).toEqual(first.warnings.filter((w) => !aboutNesting(w)));
  });

  it.each(AS_WRITTEN)('%s: the written OTIO has every clip with its media, source range, position and transition as the file had it', (name) => {
    const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
    const original = parseOtioJson(text) as Json;
    const back = parseOtioJson(roundTrip(text).written) as Json;
    // A track's source_range (multiple_track.otio's Track-003) is applied on import: its
    // clip then sits behind a gap in the written file, at the same place.
    const windowed = ((original.tracks as Json).children as Json[]).map((x) => x.source_range != null);
    const keep = (rows: unknown[][]) => rows.filter((_, i) => !windowed[i]);
    expect(keep(otioItems(back))).toEqual(keep(otioItems(original)));
    expect([back.name, back.global_start_time ?? null, (back.tracks as Json).name]).toEqual([original.name, original.global_start_time ?? null, (original.tracks as Json).name]);
    const { segue: _stamp, ...metadata } = back.metadata as Json;
    expect(metadata).toEqual(original.metadata ?? {});
  });

  it('writes nested_example.otio\'s nested compositions as the clips they hold, each where it played, with the range it showed', () => {
    const back = parseOtioJson(roundTrip(fs.readFileSync(path.join(fixtures, 'nested_example.otio'), 'utf8')).written) as Json;
    const rows = otioItems(back)[0]!.map((row) => [row[0], row[1], Math.round(Number(row[2]) * 24), row[3]]);
    expect(rows).toEqual([
      ['Clip', 'Normal Clip 1', 0, '135@24+238@24'],
      ['Clip', 'Clip Inside A Stack 1', 238, '373@24+31@24'],
      ['Clip', 'Normal Clip 2', 269, '101@24+33@24'],
      ['Clip', 'Clip Inside A Stack 2', 302, '429@24+24@24'],
      ['Gap', '', 326, '0@24+5@24'],
      ['Clip', 'Normal Clip 3', 331, '179@24+63@24'],
      ['Clip', 'Clip Inside A Track', 394, '471@24+1@24'],
      ['Gap', '', 395, '0@24+3@24'],
      ['Clip', 'Normal Clip 4', 398, '135@24+238@24'],
    ]);
  });

  it('places multiple_track.otio Track-003 the same after the trip: its clip 7 frames in', () => {
    const { second } = roundTrip(fs.readFileSync(path.join(fixtures, 'multiple_track.otio'), 'utf8'));
    const t3 = layoutTrack(second.timeline.tracks[2]!, second.timeline.rate);
    expect(t3.map((p) => [p.item.kind, p.start, p.end])).toEqual([['gap', 0, 7], ['clip', 7, 16]]);
  });
});

describe('OTIO metadata numbers JavaScript cannot hold', () => {
  const tokens: Array<[string, string]> = [
    ['big', '9007199254740993'],
    ['neg', '-9223372036854775808'],
    ['u', '18446744073709551615'],
    ['nan', 'NaN'],
    ['inf', 'Infinity'],
    ['ninf', '-Infinity'],
    ['f', '1e308'],
    ['tiny', '5e-324'],
    ['whole', '24.0'],
  ];
  const body = tokens.map(([k, v]) => `"${k}": ${v}`).join(', ');
  const metadata = `{${body}, "nested": {"list": [1, 2.5, [NaN, 9007199254740993, {"deep": -Infinity}]], "obj": {"x": 18446744073709551615}}}`;
  const doc = () =>
    JSON.stringify(timeline([track([clip1('a', ext('file:///m/a.mov', { metadata: { ref: 'REF' } }), r(0, 10), { metadata: { placeholder: 1 } })], { metadata: { placeholder: 2 } })], { metadata: { placeholder: 3 } }))
      .replace('{"placeholder":1}', metadata)
      .replace('{"placeholder":2}', metadata)
      .replace('{"placeholder":3}', metadata)
      .replace('{"ref":"REF"}', metadata);

  it('come back from a .segue file token for token, on the timeline, a track, a clip and its media reference', () => {
    const text = doc();
    expect(() => JSON.parse(text)).toThrow(); // NaN and Infinity: not plain JSON
    const { written, first, second } = roundTrip(text);
    for (const [key, token] of tokens) expect(written.match(new RegExp(`"${key}": ${token.replace(/[.+-]/g, '\\$&')}[,\\n]`, 'g'))).toHaveLength(4);
    for (const token of ['[\\s]*NaN,\\s*9007199254740993,', '"deep": -Infinity', '"x": 18446744073709551615']) expect(written.match(new RegExp(token, 'g'))).toHaveLength(4);
    // and read again, the metadata is the same, deep
    const c1 = first.timeline.tracks[0]!.items[0] as Clip;
    const c2 = second.timeline.tracks[0]!.items[0] as Clip;
    expect(c2.metadata).toEqual(c1.metadata);
    expect(second.timeline.tracks[0]!.metadata).toEqual(first.timeline.tracks[0]!.metadata);
    expect(second.references[0]!.metadata).toEqual(first.references[0]!.metadata);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('keep OTIO\'s own spelling and drop none of the digits in the written file', () => {
    const back = parseOtioJson(roundTrip(doc()).written) as Json;
    expect((back.metadata as Json).big).toEqual({ $otio: 'number', text: '9007199254740993' });
    expect((back.metadata as Json).f).toBe(1e308);
    expect((back.metadata as Json).whole).toEqual({ $otio: 'number', text: '24.0' });
  });

  it('reads the short Inf and a signed NaN and writes them as OTIO does (Infinity, NaN)', () => {
    const text = doc().replace('"inf": Infinity', '"inf": Inf').replace('"nan": NaN', '"nan": -NaN');
    const { written } = roundTrip(text);
    expect(written).not.toMatch(/: Inf[,\n]|-NaN/);
    expect(written.match(/"inf": Infinity/g)).toHaveLength(4);
  });
});

describe('OTIO schema names and versions OpenTimelineIO reads', () => {
  it('reads Timeline.0, Stack.0, Sequence.1, Filler.1, Gap.0, Transition.0, Clip.1 and ExternalReference.0 and writes today\'s schemas back', () => {
    const old = {
      OTIO_SCHEMA: 'Timeline.0',
      name: 'old',
      tracks: {
        OTIO_SCHEMA: 'Stack.0',
        children: [
          { OTIO_SCHEMA: 'Sequence.1', name: 'S', kind: 'Video', children: [gap(4, 'Filler.1'), clip1('a', { OTIO_SCHEMA: 'ExternalReference.0', target_url: 'a.mov' }), dissolve('d', 2, 2, 'Transition.0'), clip1('b', null), gap(3, 'Gap.0')] },
        ],
      },
    };
    const { first, written, second } = roundTrip(JSON.stringify(old));
    expect(first.warnings).toEqual([]);
    const items = first.timeline.tracks[0]!.items;
    expect(items.map((i) => i.kind)).toEqual(['gap', 'clip', 'transition', 'clip', 'gap']);
    expect(first.references.map((x) => x.targetUrl)).toEqual(['a.mov']);
    expect(layoutTrack(first.timeline.tracks[0]!, first.timeline.rate).map((p) => p.start)).toEqual([0, 4, 14, 14, 24]);
    const back = parseOtioJson(written) as Json;
    const stack = back.tracks as Json;
    const tr = (stack.children as Json[])[0]!;
    expect([back.OTIO_SCHEMA, stack.OTIO_SCHEMA, tr.OTIO_SCHEMA, ...(tr.children as Json[]).map((c) => c.OTIO_SCHEMA)]).toEqual(['Timeline.1', 'Stack.1', 'Track.1', 'Gap.1', 'Clip.2', 'Transition.1', 'Clip.2', 'Gap.1']);
    // Clip.1's null reference becomes a MissingReference, as OTIO's Clip 1 -> 2 upgrade does.
    const b = (tr.children as Json[])[3]!;
    expect(b.media_references).toEqual({ DEFAULT_MEDIA: { OTIO_SCHEMA: 'MissingReference.1', name: '', available_range: null, metadata: {} } });
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('keeps Clip.2\'s other references and its active key, and follows the active one', () => {
    const clip2 = {
      OTIO_SCHEMA: 'Clip.2',
      name: 'two',
      source_range: r(0, 5),
      media_references: { DEFAULT_MEDIA: ext('hi.mov'), proxy: ext('proxy.mov', { name: 'Proxy' }) },
      active_media_reference_key: 'proxy',
    };
    const { first, written, second } = roundTrip(JSON.stringify(timeline([track([clip2])])));
    expect(first.references.map((x) => [x.targetUrl, x.name])).toEqual([['proxy.mov', 'Proxy']]);
    const back = ((((parseOtioJson(written) as Json).tracks as Json).children as Json[])[0]!.children as Json[])[0]!;
    expect(back.active_media_reference_key).toBe('proxy');
    expect(back.media_references).toEqual(clip2.media_references);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('keeps a MissingReference, a GeneratorReference and an ImageSequenceReference offline (saying so) and writes them back as read', () => {
    const missing = { OTIO_SCHEMA: 'MissingReference.1', name: 'lost', available_range: r(0, 8), metadata: { why: 'x' } };
    const bars = { OTIO_SCHEMA: 'GeneratorReference.1', name: 'bars', generator_kind: 'SMPTEBars', parameters: { size: 1.0 }, available_range: r(0, 50), metadata: {} };
    const frames = { OTIO_SCHEMA: 'ImageSequenceReference.1', target_url_base: 'file:///shots/sh010/', name_prefix: 'sh010.', name_suffix: '.exr', start_frame: 1001, frame_step: 1, rate: 24, frame_zero_padding: 4, missing_frame_policy: 'error', available_range: r(0, 48), metadata: {} };
    const { first, written, second } = roundTrip(JSON.stringify(timeline([track([clip1('m', missing), clip1('g', bars), clip1('s', frames)])])).replace('"size":1', '"size":1.0'));
    expect(first.timeline.tracks[0]!.items.map((i) => (i as Clip).mediaId)).toEqual([null, null, null]);
    expect(first.warnings).toEqual([
      'track 0 item 1 (g): generators (SMPTEBars) are not rendered; the clip is offline',
      'track 0 item 2 (s): image sequences are not supported; the clip is offline (first frame file:///shots/sh010/sh010.1001.exr)',
    ]);
    const refs = ((((parseOtioJson(written) as Json).tracks as Json).children as Json[])[0]!.children as Json[]).map((c) => (c.media_references as Json).DEFAULT_MEDIA);
    expect(refs).toEqual([missing, { ...bars, parameters: { size: { $otio: 'number', text: '1.0' } } }, frames]);
    expect(written).toMatch(/"size": 1\.0\n/);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('opens the first Timeline of a SerializableCollection, nested or under its old name', () => {
    const tl = (name: string) => timeline([track([clip1('a', null)])], { name });
    const doc = { OTIO_SCHEMA: 'SerializeableCollection.1', children: [{ OTIO_SCHEMA: 'SerializableCollection.1', children: [tl('inner')] }, tl('outer')] };
    const { timeline: opened, warnings } = importOtio(JSON.stringify(doc));
    expect(opened.name).toBe('inner');
    expect(warnings).toEqual(['the file holds 2 timelines; opened the first, inner']);
  });

  it('keeps effects on clips, gaps, tracks and the stack, item colours and unknown fields, and writes each back where it was', () => {
    const warp = { OTIO_SCHEMA: 'LinearTimeWarp.1', name: 'slow', effect_name: 'LinearTimeWarp', time_scalar: 0.5, metadata: {} };
    const resolve = { OTIO_SCHEMA: 'Effect.1', name: '', effect_name: 'Resolve Effect', metadata: { Resolve_OTIO: { 'Default Parameter Value': 1.0, Enabled: true } } };
    const color = { OTIO_SCHEMA: 'Color.1', name: 'RED', r: 1.0, g: 0.0, b: 0.0, a: 1.0 };
    const marker = { OTIO_SCHEMA: 'Marker.2', name: 'on gap', color: 'GREEN', marked_range: r(1, 0), comment: '', metadata: {} };
    const doc = timeline(
      [
        track([clip1('a', null, r(0, 10), { effects: [warp, resolve], color, future_field: [1, 2] }), { OTIO_SCHEMA: 'Gap.1', name: 'hole', source_range: r(0, 4), effects: [warp], markers: [marker], enabled: false }], {
          effects: [warp],
          color,
        }),
      ],
      { canvas: { w: 1 } },
      { effects: [resolve], enabled: true },
    );
    const text = JSON.stringify(doc).replaceAll('"Default Parameter Value":1', '"Default Parameter Value":1.0');
    const { first, written, second } = roundTrip(text);
    expect(first.warnings).toEqual([
      'track 0 item 0 (a): effects not applied: LinearTimeWarp ×0.5 (plays at normal speed), Effect "Resolve Effect"',
      'track 0 (V): effects not applied: LinearTimeWarp ×0.5 (plays at normal speed)',
      'the top-level stack: effects not applied: Effect "Resolve Effect"',
    ]);
    const back = parseOtioJson(written) as Json;
    const stack = back.tracks as Json;
    const tr = (stack.children as Json[])[0]!;
    const [c, g] = tr.children as Json[];
    expect(c!.effects).toEqual([warp, { ...resolve, metadata: { Resolve_OTIO: { 'Default Parameter Value': { $otio: 'number', text: '1.0' }, Enabled: true } } }]);
    expect(written).toMatch(/"Default Parameter Value": 1\.0,/);
    expect([c!.color, c!.future_field]).toEqual([color, [1, 2]]);
    expect([g!.name, g!.effects, g!.markers, g!.enabled]).toEqual(['hole', [warp], [marker], false]);
    expect([tr.effects, tr.color]).toEqual([[warp], color]);
    expect([stack.effects, back.canvas]).toEqual([[{ ...resolve, metadata: { Resolve_OTIO: { 'Default Parameter Value': { $otio: 'number', text: '1.0' }, Enabled: true } } }], { w: 1 }]);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('keeps an item of an unknown schema as a gap of its length, says so, and writes it back in place', () => {
    const odd = { OTIO_SCHEMA: 'FancyItem.3', name: 'odd', source_range: r(0, 6), payload: { x: 1 } };
    const { first, written, second } = roundTrip(JSON.stringify(timeline([track([clip1('a', null), odd, clip1('b', null)])])));
    expect(first.warnings).toEqual(['track 0 item 1: FancyItem.3 is not supported; kept as a 6-frame gap and written back on export']);
    expect(layoutTrack(first.timeline.tracks[0]!, first.timeline.rate).map((p) => [p.item.kind, p.start])).toEqual([['clip', 0], ['gap', 10], ['clip', 16]]);
    const children = ((((parseOtioJson(written) as Json).tracks as Json).children as Json[])[0]!.children as Json[]);
    expect(children[1]).toEqual(odd);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('reads a clip placed directly in the top-level stack as a track of its own and writes it back there', () => {
    const bare = clip1('over', null, r(0, 5));
    const { first, written, second } = roundTrip(JSON.stringify(timeline([track([clip1('a', null, r(0, 20))]), bare])));
    expect(first.timeline.tracks.map((x) => [x.kind, (x.items[0] as Clip).name])).toEqual([['video', 'a'], ['video', 'over']]);
    const children = ((parseOtioJson(written) as Json).tracks as Json).children as Json[];
    expect(children.map((c) => c.OTIO_SCHEMA)).toEqual(['Track.1', 'Clip.2']);
    expect(children[1]!.name).toBe('over');
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('writes 23.976 times, a gap starting past 0 and a clip without a source_range back as they were', () => {
    const ntsc = (v: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value: v, rate: 23.976 });
    const a = clip1('a', null, { OTIO_SCHEMA: 'TimeRange.1', start_time: ntsc(86400), duration: ntsc(48) });
    const b = clip1('b', ext('b.mov', { available_range: r(100, 6) }), null);
    const g = { OTIO_SCHEMA: 'Gap.1', source_range: r(313, 119) };
    const x = { OTIO_SCHEMA: 'Transition.1', name: 'x', transition_type: 'SMPTE_Dissolve', in_offset: ntsc(12), out_offset: ntsc(12) };
    const doc = timeline([track([a, x, clip1('c', null, r(0, 48)), g, b])]);
    const { first, written, second } = roundTrip(JSON.stringify(doc));
    const children = ((((parseOtioJson(written) as Json).tracks as Json).children as Json[])[0]!.children as Json[]);
    expect(children[0]!.source_range).toEqual(a.source_range);
    expect([children[1]!.in_offset, children[1]!.out_offset]).toEqual([x.in_offset, x.out_offset]);
    expect(children[3]!.source_range).toEqual(g.source_range);
    expect(children[4]!.source_range).toBeNull();
    expect(comparable(second)).toEqual(comparable(first));
  });
});

// Media for the OTIO clips that point at a.mov and b.mov, 100 frames at 24 fps.
const mediaFor = (imported: OtioImport): Media[] =>
  imported.references.map((x) => ({
    id: x.mediaId,
    name: x.targetUrl,
    path: `/m/${x.targetUrl}`,
    kind: 'video',
    origin: 'file',
    probe: { path: `/m/${x.targetUrl}`, formatName: 'mov', durationSeconds: 100 / 24, sizeBytes: 1, streams: [{ index: 0, type: 'video', codec: 'h264', width: 64, height: 36 }, { index: 1, type: 'audio', codec: 'aac' }] },
  }));

describe('disabled OTIO tracks and clips', () => {
  const doc = JSON.stringify(
    timeline([
      track([clip1('on', ext('a.mov')), clip1('off', ext('b.mov'), r(0, 10), { enabled: false }), clip1('on again', ext('a.mov'))]),
      track([clip1('hidden', ext('b.mov'), r(0, 30))], { name: 'V2', enabled: false }),
      track([clip1('sound off', ext('a.mov'), r(0, 30))], { name: 'A1', kind: 'Audio', enabled: false }),
    ]),
  );

  it('are kept disabled; an audio track is muted too, Segue\'s way to switch sound off', () => {
    const { timeline: tl } = importOtio(doc);
    expect(tl.tracks.map((x) => [x.name, x.enabled, x.muted])).toEqual([['V', true, false], ['V2', false, false], ['A1', false, true]]);
    expect(tl.tracks[0]!.items.map((i) => (i as Clip).enabled)).toEqual([true, false, true]);
  });

  it('are left out of the render: a disabled clip is a hole, a disabled track is not drawn, a disabled audio track is silent', () => {
    const imported = importOtio(doc);
    const plan = planRender(asProject(imported, mediaFor(imported)));
    expect(plan.video.map((x) => x.name)).toEqual(['V']);
    expect(plan.video[0]!.segments.map((s) => (s.kind === 'gap' ? `gap ${s.frames}` : `clip ${s.clipId === imported.timeline.tracks[0]!.items[2]!.id ? 'on again' : 'on'} ${s.frames}`))).toEqual(['clip on 10', 'gap 10', 'clip on again 10']);
    expect(plan.audio).toEqual([]);
  });

  it('are written back disabled to OTIO and Final Cut Pro 7 XML, and left out of a CMX EDL as Premiere and Resolve do', () => {
    const imported = importOtio(doc);
    const project = asProject(imported, mediaFor(imported));
    const back = parseOtioJson(exportOtioText(project)) as Json;
    const tracks = (back.tracks as Json).children as Json[];
    expect(tracks.map((x) => x.enabled)).toEqual([true, false, false]);
    expect((tracks[0]!.children as Json[]).map((c) => c.enabled)).toEqual([true, false, true]);
    const xml = exportFcp7(project);
    const clipsOn = [...xml.matchAll(/<clipitem[^>]*>\s*<name>([^<]*)<\/name>\s*<enabled>(\w+)<\/enabled>/g)].map((m) => [m[1], m[2]]);
    expect(clipsOn).toEqual([['on', 'TRUE'], ['off', 'FALSE'], ['on again', 'TRUE'], ['hidden', 'TRUE'], ['sound off', 'TRUE']]);
    const tracksOn = [...xml.matchAll(/<\/clipitem>\s*<enabled>(\w+)<\/enabled>/g)].map((m) => m[1]);
    expect(tracksOn).toEqual(['TRUE', 'FALSE', 'FALSE']);
    const edl = exportEdl(project)[0]!.text;
    expect(edl).toMatch(/FROM CLIP NAME: on\b/);
    expect(edl).not.toMatch(/FROM CLIP NAME: off\b/);
    expect(edl).toMatch(/FROM CLIP NAME: on again/);
  });

  it('a muted Segue audio track goes out disabled, an unmuted one enabled', () => {
    const imported = importOtio(doc);
    const project = asProject(imported);
    project.timeline.tracks[2]!.muted = false;
    const tracks = ((exportOtio(project).tracks as Json).children as Json[]);
    expect(tracks[2]!.enabled).toBe(true);
  });
});

describe('OTIO transitions at either end of a track', () => {
  const doc = JSON.stringify(timeline([track([dissolve('in', 0, 6), clip1('A', ext('a.mov'), r(10, 24)), dissolve('mid', 3, 3), clip1('B', ext('b.mov'), r(10, 24)), dissolve('out', 6, 0)])]));

  it('are kept in place with a warning that they are not rendered', () => {
    const { timeline: tl, warnings } = importOtio(doc);
    expect(tl.tracks[0]!.items.map((i) => (i.kind === 'transition' ? `/${i.name}/` : (i as Clip).name))).toEqual(['/in/', 'A', '/mid/', 'B', '/out/']);
    expect(warnings).toEqual([
      'track 0: the transition in at its start fades in from nothing; kept for export, not rendered',
      'track 0: the transition out at its end fades out to nothing; kept for export, not rendered',
    ]);
  });

  it('are written back first and last on the track', () => {
    const { first, written, second } = roundTrip(doc);
    const children = ((((parseOtioJson(written) as Json).tracks as Json).children as Json[])[0]!.children as Json[]);
    expect(children.map((c) => [c.OTIO_SCHEMA, c.name])).toEqual([['Transition.1', 'in'], ['Clip.2', 'A'], ['Transition.1', 'mid'], ['Clip.2', 'B'], ['Transition.1', 'out']]);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('render as cuts at the ends while the one between the clips still blends', () => {
    const imported = importOtio(doc);
    const plan = planRender(asProject(imported, mediaFor(imported)));
    expect(plan.frames).toBe(48);
    const v = plan.video[0]!;
    expect(v.segments.map((s) => s.kind)).toEqual(['clip', 'clip']);
    expect(v.joins).toEqual([{ kind: 'blend', frames: 6, curve: 'equal-power' }]);
  });

  it('survive a track source_range that keeps the track\'s ends', () => {
    const windowed = JSON.stringify(timeline([track([dissolve('in', 0, 6), clip1('A', null, r(0, 24)), dissolve('out', 6, 0)], { source_range: r(0, 24) })]));
    const items = importOtio(windowed).timeline.tracks[0]!.items;
    expect(items.map((i) => i.kind)).toEqual(['transition', 'clip', 'transition']);
  });
});

describe('Segue -> OTIO -> Segue', () => {
  it('gives linked clips their link and a clip its gain back, and keeps the provenance of generated media', () => {
    const base = importOtio(JSON.stringify(timeline([track([clip1('pic', ext('a.mov'), r(0, 24))]), track([clip1('snd', ext('a.mov'), r(0, 24))], { name: 'A1', kind: 'Audio' })])));
    const media = mediaFor(base).map((m) => ({ ...m, origin: 'generated' as const, provenance: { provider: 'Local', model: 'm', prompt: 'p', jobId: 'j1', costUsd: 0.25, createdAt: '2026-01-01T00:00:00Z' } }));
    const project = asProject(base, media);
    const [pic, snd] = project.timeline.tracks.map((x) => x.items[0] as Clip);
    Object.assign(pic!, { linkId: 'L1' });
    Object.assign(snd!, { linkId: 'L1', gainDb: -6 });
    const again = importOtio(exportOtioText(project));
    const [pic2, snd2] = again.timeline.tracks.map((x) => x.items[0] as Clip);
    expect([pic2!.linkId, snd2!.linkId, snd2!.gainDb, pic2!.gainDb]).toEqual(['L1', 'L1', -6, undefined]);
    expect(snd2!.metadata?.['segue.gainDb']).toBeUndefined();
    expect(snd2!.metadata?.segue).toMatchObject({ origin: 'generated', provenance: { jobId: 'j1' } });
    expect(snd2!.metadata?.segue).not.toHaveProperty('linkId');
    expect(again.references[0]!.metadata?.segue).toMatchObject({ origin: 'generated', provenance: { provider: 'Local', costUsd: 0.25 } });
  });
});

describe('OTIO markers of clips, gaps and tracks, on the way back', () => {
  const green = { OTIO_SCHEMA: 'Color.1', name: 'GREEN', r: 0.0, g: 1.0, b: 0.0, a: 1.0 };
  const onClip = { OTIO_SCHEMA: 'Marker.3', name: 'fix', color: green, comment: 'too dark', marked_range: r(55, 3, 15), metadata: { studio: { id: 7 } } };
  const onTrack = { OTIO_SCHEMA: 'Marker.2', name: 'reel change', color: 'BLUE', marked_range: r(20, 0, 30), metadata: {} };
  // 30 fps: a 20-frame gap, then a clip of 15 fps media from 50 (10 source frames = 20 timeline frames).
  const doc = () => JSON.stringify(timeline([track([gap(20), clip1('shot', null, r(50, 10, 15), { markers: [onClip] })], { markers: [onTrack] })], { global_start_time: t(0, 24) })).replaceAll('"rate":24', '"rate":30');
  const written = (project: Project) => parseOtioJson(exportOtioText(project)) as Json;
  const trackOf = (o: Json) => ((o.tracks as Json).children as Json[])[0]!;

  it('go back onto their clip and track as they were read while unedited', () => {
    const first = importOtio(doc());
    expect(first.timeline.markers.map((m) => [m.name, m.frame, m.duration, m.color, m.note])).toEqual([
      ['reel change', 20, 0, 'blue', ''],
      ['fix', 30, 6, 'green', 'too dark'],
    ]);
    const back = written(asProject(first));
    const tr = trackOf(back);
    expect((tr.children as Json[])[1]!.markers).toEqual([onClip]);
    expect(tr.markers).toEqual([onTrack]);
    expect((back.tracks as Json).markers).toEqual([]);
  });

  it('an edited one goes back on its clip at its new place in the clip\'s media time, keeping what Segue does not show', () => {
    const project = asProject(importOtio(doc()));
    const fix = project.timeline.markers.find((m) => m.name === 'fix')!;
    Object.assign(fix, { name: 'fix grade', frame: 34 });
    const m = (trackOf(written(project)).children as Json[])[1]!.markers as Json[];
    // 34 is 14 timeline frames into the clip: 7 frames of 15 fps media after 50.
    expect(m).toEqual([{ ...onClip, name: 'fix grade', marked_range: r(57, 3, 15) }]);
    Object.assign(fix, { color: 'red' });
    const recoloured = ((trackOf(written(project)).children as Json[])[1]!.markers as Json[])[0]!;
    expect([recoloured.OTIO_SCHEMA, recoloured.color]).toEqual(['Marker.2', 'RED']);
    const again = importOtio(exportOtioText(project));
    expect(again.timeline.markers.map((x) => [x.name, x.frame, x.color])).toEqual([
      ['reel change', 20, 'blue'],
      ['fix grade', 34, 'red'],
    ]);
  });

  it('one whose clip was deleted goes to the stack at its timeline frame', () => {
    const project = asProject(importOtio(doc()));
    const tr = project.timeline.tracks[0]!;
    tr.items = tr.items.filter((i) => i.kind !== 'clip');
    const stackMarkers = (written(project).tracks as Json).markers as Json[];
    expect(stackMarkers.map((x) => [x.name, (x.marked_range as Json).start_time])).toEqual([['fix', t(30, 30)]]);
  });

  it('one read in record time (CMX LOC) is written in the clip\'s media time and read back at the same frame', () => {
    const loc = { OTIO_SCHEMA: 'Marker.2', name: 'LOC', color: 'RED', marked_range: r(86438, 0), metadata: {} };
    const cmx = JSON.stringify(timeline([track([clip1('first', null, r(86501, 109)), clip1('ZZ100_504C', null, r(86641, 115), { markers: [loc] })], { source_range: r(-86243, 224) })]));
    const { first, written: text, second } = roundTrip(cmx);
    expect(first.timeline.markers.map((x) => x.frame)).toEqual([195]);
    const clipBack = (trackOf(parseOtioJson(text) as Json).children as Json[])[1]!;
    expect(((clipBack.markers as Json[])[0]!.marked_range as Json).start_time).toEqual(t(86641 + 86, 24));
    expect(second.timeline.markers.map((x) => x.frame)).toEqual([195]);
  });
});
