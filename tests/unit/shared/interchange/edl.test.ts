// CMX3600 EDL: timecode maths, export -> import round trip, OpenTimelineIO's cmx sample
// files (facts from ../shared/fixtures/interchange/README.md) and the error cases.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { exportEdl, reelName } from '../../../../shared/interchange/edl/export';
import { EdlParseError, importEdl } from '../../../../shared/interchange/edl/import';
import { formatChannels, parseChannels } from '../../../../shared/interchange/edl/channels';
import { formatEdlTimecode, parseTimecode } from '../../../../shared/interchange/edl/timecode';
import { createProject } from '../../../../shared/timeline/factory';
import { layoutTrack, trackFrames } from '../../../../shared/timeline/layout';
import type { Clip, Item, Media, Project, Timeline, Transition } from '../../../../shared/timeline/model';
import { makeRate, rt } from '../../../../shared/timeline/time';
import { fakeMedia } from '../../../helpers/fakeMedia';

const fixtures = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/interchange');
const R24 = makeRate(24);
const NTSC = makeRate(30000, 1001);
const load = (name: string, rate = R24) => importEdl(fs.readFileSync(path.join(fixtures, name), 'utf8'), { rate });

const clips = (items: readonly Item[]): Clip[] => items.filter((i): i is Clip => i.kind === 'clip');
const durations = (tl: Timeline, track = 0) => tl.tracks[track]!.items.map((i) => (i.kind === 'clip' ? i.sourceRange.duration.value : i.kind === 'gap' ? i.duration.value : i.inOffset.value + i.outOffset.value));
const kinds = (tl: Timeline, track = 0) => tl.tracks[track]!.items.map((i) => i.kind);

describe('EDL timecode', () => {
  it('converts non-drop timecode both ways', () => {
    expect(parseTimecode('01:00:04:05', R24).frames).toBe(86501);
    expect(formatEdlTimecode(86501, R24)).toBe('01:00:04:05');
    expect(parseTimecode('00:00:01:24', makeRate(25)).frames).toBe(49);
  });

  it('converts drop-frame timecode at 29.97 and 59.94', () => {
    expect(parseTimecode('00:01:00;02', NTSC)).toEqual({ frames: 1800, dropFrame: true });
    expect(parseTimecode('00:00:59;29', NTSC).frames).toBe(1799);
    expect(parseTimecode('00:10:00;00', NTSC).frames).toBe(17982);
    expect(parseTimecode('01:00:00;00', NTSC).frames).toBe(107892);
    expect(parseTimecode('00:01:00:02', NTSC, { dropFrame: true }).frames).toBe(1800);
    expect(formatEdlTimecode(1800, NTSC, true)).toBe('00:01:00;02');
    expect(formatEdlTimecode(1800, NTSC, false)).toBe('00:01:00:00');
    expect(parseTimecode('00:01:00;04', makeRate(60000, 1001)).frames).toBe(3600);
    for (let f = 0; f < 40000; f += 7) expect(parseTimecode(formatEdlTimecode(f, NTSC, true), NTSC).frames).toBe(f);
  });

  it('rejects timecodes that cannot exist at the rate, naming timecode and rate', () => {
    expect(() => parseTimecode('00:00:01:30', makeRate(30))).toThrow(/00:00:01:30.*30 fps/);
    expect(() => parseTimecode('01:00:00:24', R24)).toThrow(/01:00:00:24 is impossible at 24 fps/);
    expect(() => parseTimecode('00:01:00;01', NTSC)).toThrow(/does not exist in drop-frame/);
    expect(() => parseTimecode('00:01:00;05', R24)).toThrow(/drop-frame.*24 fps/);
    expect(() => parseTimecode('00:61:00:00', R24)).toThrow(/00-59/);
    expect(() => parseTimecode('1:2:3', R24)).toThrow(/not a timecode/);
  });

  it('reads and writes channel fields', () => {
    expect(parseChannels('V')).toEqual(['V']);
    expect(parseChannels('B')).toEqual(['V', 'A1']);
    expect(parseChannels('AA/V')).toEqual(['V', 'A1', 'A2']);
    expect(parseChannels('A2/V')).toEqual(['V', 'A2']);
    expect(parseChannels('X')).toBeNull();
    expect(formatChannels(['V', 'A1'])).toBe('B');
    expect(formatChannels(['V', 'A1', 'A2'])).toBe('AA/V');
    expect(formatChannels(['A1', 'A2'])).toBe('AA');
    expect(formatChannels(['A2'])).toBe('A2');
    expect(reelName('My shot 01.final.mov')).toBe('MY_SHOT_');
    expect(reelName('%%%')).toBe('AX');
  });
});

describe('EDL import of the cmx adapter sample files', () => {
  it('reads dissolve_test.edl: clip, dissolve starting at the cut, clip, clip', () => {
    const { timeline, warnings } = load('dissolve_test.edl');
    expect(warnings).toEqual([]);
    expect(timeline.name).toBe('dissolve test');
    expect(timeline.tracks).toHaveLength(1);
    expect(kinds(timeline)).toEqual(['clip', 'transition', 'clip', 'clip']);
    expect(durations(timeline)).toEqual([9, 10, 10, 1]);
    const [a, x, b, last] = timeline.tracks[0]!.items as [Clip, Transition, Clip, Clip];
    expect([a.name, b.name, last.name]).toEqual(['clip_A', 'clip_B', 'clip_B']);
    expect(x.name).toBe('SMPTE_Dissolve from clip_A to clip_B');
    expect(x.transitionType).toBe('SMPTE_Dissolve');
    expect([x.inOffset.value, x.outOffset.value]).toEqual([0, 10]);
    expect([a.sourceRange.start.value, b.sourceRange.start.value, last.sourceRange.start.value]).toEqual([86501, 86600, 86610]);
    expect(trackFrames(timeline.tracks[0]!, R24)).toBe(20);
  });

  it('reads gap_test.edl: record breaks become gaps, names from comments without *', () => {
    const { timeline } = load('gap_test.edl');
    expect(kinds(timeline)).toEqual(['clip', 'gap', 'clip', 'gap', 'clip']);
    expect(durations(timeline)).toEqual([24, 16, 24, 38, 24]);
    expect(layoutTrack(timeline.tracks[0]!, R24).map((p) => [p.start, p.end])).toEqual([[0, 24], [24, 40], [40, 64], [64, 102], [102, 126]]);
    expect(trackFrames(timeline.tracks[0]!, R24)).toBe(126);
    const cs = clips(timeline.tracks[0]!.items);
    expect(cs.map((c) => c.name)).toEqual(['shot1', 'shot2', 'shot3']);
    expect(cs.map((c) => c.sourceRange.start.value)).toEqual([14400, 1987200, 864000]);
  });

  it('reads screening_example.edl: nine butted clips, locators as markers, source files as references', () => {
    const { timeline, references } = load('screening_example.edl');
    expect(timeline.tracks).toHaveLength(1);
    expect(kinds(timeline)).toEqual(Array(9).fill('clip'));
    const cs = clips(timeline.tracks[0]!.items);
    expect(cs.map((c) => c.name)).toEqual(['ZZ100_501 (LAY3)', 'ZZ100_502A (LAY3)', 'ZZ100_503A (LAY1)', 'ZZ100_504C (LAY1)', 'ZZ100_504B (LAY1)', 'ZZ100_507C (LAY2)', 'ZZ100_508 (LAY2)', 'ZZ100_510 (LAY1)', 'ZZ100_510B (LAY1)']);
    expect(durations(timeline)).toEqual([31, 50, 28, 115, 101, 161, 170, 136, 257]);
    expect(trackFrames(timeline.tracks[0]!, R24)).toBe(1049);
    expect(cs[0]!.sourceRange.start.value).toBe(86501);
    expect(timeline.metadata).toMatchObject({ edl: { recordStart: 86243 } });
    expect((cs[0]!.metadata!.edl as { reel: string }).reel).toBe('ZZ100_50');
    expect((cs[8]!.metadata!.edl as { comments: string[] }).comments).toContain('AVX2 EFFECT, RESIZE');
    // LOC times are record times: 01:00:01:14 is 86 frames into event 4 (which starts at 109).
    expect(timeline.markers.map((m) => [m.name, m.color, m.frame])).toEqual([
      ['ANIM FIX NEEDED', 'red', 109 + 86],
      ['ANIM FIX NEEDED', 'pink', 109 + 110],
      ['', 'green', 530],
    ]);
    expect(references).toHaveLength(9);
    expect(references[0]).toMatchObject({ name: 'ZZ100_501 (LAY3)', sourceFile: 'ZZ100_501.LAY3.01', reel: 'ZZ100_50' });
    expect(cs.map((c) => c.mediaId)).toEqual(references.map((r) => r.mediaId));
  });

  it('reads the same file at 25 fps but names the timecode a 24 fps reader cannot hold', () => {
    expect(load('screening_example.edl', makeRate(25)).timeline.tracks[0]!.items).toHaveLength(9);
    const at25 = 'TITLE: pal\n001  AX V C 00:00:00:24 00:00:01:10 01:00:00:00 01:00:00:11\n';
    expect(() => importEdl(at25, { rate: R24 })).toThrow(/line 2: timecode 00:00:00:24 is impossible at 24 fps/);
    expect(() => importEdl('001  AX V C 00:00:00:00 00:00:01:00 01:00:00:29 01:00:00:30\n', { rate: makeRate(30) })).toThrow(/01:00:00:30 is impossible at 30 fps/);
  });
});

describe('EDL import errors and variants', () => {
  const head = 'TITLE: t\nFCM: NON-DROP FRAME\n';
  it('rejects malformed lines with their line number', () => {
    const bad = `${head}001  AX V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\nhello there\n`;
    expect(() => importEdl(bad, { rate: R24 })).toThrow(EdlParseError);
    expect(() => importEdl(bad, { rate: R24 })).toThrow(/line 4: not a CMX3600 line/);
    expect(() => importEdl(`${head}002  AX V C 00:00:00:00 01:00:00:00\n`, { rate: R24 })).toThrow(/line 3: malformed event line/);
    expect(() => importEdl(`${head}001  AX Q C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n`, { rate: R24 })).toThrow(/line 3: unknown channel field "Q"/);
    expect(() => importEdl(`${head}001  AX V D 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n`, { rate: R24 })).toThrow(/line 3: .*transition length/);
    expect(() => importEdl('TITLE: t\n', { rate: R24 })).toThrow(/no events/);
  });

  it('rejects a record out before the record in', () => {
    expect(() => importEdl(`${head}\n001  AX V C 00:00:00:00 00:00:01:00 01:00:00:10 01:00:00:05\n`, { rate: R24 })).toThrow(/line 4: record out 01:00:00:05 is before record in 01:00:00:10/);
  });

  it('reads drop-frame EDLs and refuses drop frame at a rate without it', () => {
    const df = 'TITLE: df\nFCM: DROP FRAME\n001  AX V C 00:00:00;00 00:01:00;02 01:00:00;00 01:00:01;00\n';
    const { timeline } = importEdl(df, { rate: NTSC });
    expect(durations(timeline)).toEqual([30]);
    expect(() => importEdl(df, { rate: makeRate(30) })).toThrow(/line 2: .*drop-frame.*30 fps/);
  });

  it('builds linked audio tracks from B / AA/V events and audio-only events', () => {
    const text = `${head}001  R1 AA/V C 00:00:10:00 00:00:11:00 01:00:00:00 01:00:01:00\n* FROM CLIP NAME: one\n002  R2 A2 C 00:00:00:00 00:00:00:12 01:00:01:12 01:00:02:00\n`;
    const { timeline } = importEdl(text, { rate: R24 });
    expect(timeline.tracks.map((t) => [t.kind, t.name])).toEqual([['video', 'V'], ['audio', 'A1'], ['audio', 'A2']]);
    const [v, a1, a2] = timeline.tracks.map((t) => clips(t.items)[0]!);
    expect(v!.linkId).toBeDefined();
    expect([a1!.linkId, a2!.linkId]).toEqual([v!.linkId, v!.linkId]);
    expect(durations(timeline, 2)).toEqual([24, 12, 12]);
    expect(kinds(timeline, 2)).toEqual(['clip', 'gap', 'clip']);
  });
});

// ---- round trip ---------------------------------------------------------------

const media = (id: string, name: string, extra: Partial<Media> = {}): Media => fakeMedia(id, name, { seconds: 100, streams: 'none' }, extra);
const clip = (id: string, name: string, mediaId: string, start: number, duration: number, linkId?: string): Clip => ({
  kind: 'clip',
  id,
  name,
  mediaId,
  sourceRange: { start: rt(start, R24), duration: rt(duration, R24) },
  enabled: true,
  ...(linkId ? { linkId } : {}),
});
const dissolve = (id: string, inOffset: number, outOffset: number): Transition => ({ kind: 'transition', id, name: 'Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(inOffset, R24), outOffset: rt(outOffset, R24) });

function sampleProject(): Project {
  const p = createProject('Round trip', { width: 1920, height: 1080, rate: R24, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 1 });
  p.media = [
    media('ma', 'alpha.mov'),
    media('mb', 'bravo.mov'),
    media('mc', 'gen.mp4', { origin: 'generated', provenance: { provider: 'fal', model: 'veo-3', prompt: 'a red kite / over hills', jobId: 'job-42', costUsd: 0.5, createdAt: '2025-01-01T00:00:00Z' } }),
    media('md', 'delta.mov'),
  ];
  const [v, a] = p.timeline.tracks as [typeof p.timeline.tracks[0], typeof p.timeline.tracks[0]];
  v!.items = [
    clip('c1', 'Alpha', 'ma', 10, 48, 'L1'),
    { kind: 'gap', id: 'g1', duration: rt(12, R24) },
    clip('c2', 'Bravo', 'mb', 0, 24, 'L2'),
    dissolve('x1', 0, 6),
    clip('c3', 'Kite', 'mc', 5, 30),
    dissolve('x2', 2, 3),
    clip('c4', 'Delta', 'md', 100, 24),
  ];
  a!.items = [clip('a1', 'Alpha', 'ma', 10, 48, 'L1'), { kind: 'gap', id: 'g2', duration: rt(12, R24) }, clip('a2', 'Bravo', 'mb', 0, 24, 'L2'), clip('a3', 'Music', 'md', 0, 10)];
  p.timeline.markers = [{ id: 'k1', name: 'fix colour', frame: 70, duration: 0, color: 'green', note: '' }];
  return p;
}

const shape = (tl: Timeline) =>
  tl.tracks.map((t) => [
    t.kind,
    layoutTrack(t, tl.rate).map(({ item, start, end }) =>
      item.kind === 'clip' ? ['clip', item.name, start, end, item.sourceRange.start.value, item.sourceRange.duration.value] : item.kind === 'gap' ? ['gap', start, end] : ['transition', start, item.inOffset.value, item.outOffset.value, item.transitionType],
    ),
  ]);

describe('EDL export', () => {
  it('writes CMX3600 events: title, FCM, reels, channels, comments, a D pair, provenance', () => {
    const files = exportEdl(sampleProject());
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe('Round trip - V1.edl');
    const lines = files[0]!.text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['TITLE: Round trip V1', 'FCM: NON-DROP FRAME']);
    expect(lines).toContain('001  ALPHA    B     C        00:00:00:10 00:00:02:10 01:00:00:00 01:00:02:00');
    expect(lines).toContain('002  BRAVO    B     C        00:00:00:00 00:00:01:00 01:00:02:12 01:00:03:12');
    expect(lines).toContain('003  BRAVO    V     C        00:00:01:00 00:00:01:00 01:00:03:12 01:00:03:12');
    expect(lines).toContain('003  GEN      V     D    006 00:00:00:05 00:00:01:09 01:00:03:12 01:00:04:16');
    expect(lines).toContain('* FROM CLIP NAME: Alpha');
    expect(lines).toContain('* SOURCE FILE: /footage/alpha.mov');
    expect(lines).toContain('* TO CLIP NAME: Kite');
    expect(lines).toContain('* SEGUE GENERATED: fal / veo-3 / a red kite / over hills / job-42');
    // the second dissolve reaches 2 frames before its cut: written from the earlier cut
    expect(lines).toContain('005  GEN      V     C        00:00:01:09 00:00:01:09 01:00:04:16 01:00:04:16');
    expect(lines).toContain('005  DELTA    V     D    005 00:00:04:02 00:00:05:04 01:00:04:16 01:00:05:18');
    expect(lines).toContain('* SEGUE DISSOLVE IN OFFSET: 2');
    // the music clip is audio-only
    expect(lines).toContain('004  DELTA    A     C        00:00:00:00 00:00:00:10 01:00:03:12 01:00:03:22');
    expect(lines).toContain('* LOC: 01:00:02:22 GREEN   fix colour');
  });

  it('uses AX reels, drop frame and a record start on request; one file per video track', () => {
    const p = sampleProject();
    p.timeline.rate = NTSC;
    const v2 = { ...p.timeline.tracks[0]!, id: 'v2', name: 'V2', items: [{ ...clip('z', 'Zulu', 'ma', 0, 30), sourceRange: { start: rt(0, NTSC), duration: rt(30, NTSC) } }] };
    p.timeline.tracks.push(v2);
    expect(exportEdl(p).map((f) => f.name)).toEqual(['Round trip - V1.edl', 'Round trip - V2.edl']);
    const [only] = exportEdl(p, { trackId: 'v2', reels: 'AX', recordStart: '00:59:59;28' });
    expect(only!.text).toContain('FCM: DROP FRAME');
    expect(only!.text).toContain('001  AX       V     C        00:00:00;00 00:00:01;00 00:59:59;28 01:00:00;28');
    expect(() => exportEdl(p, { trackId: 'nope' })).toThrow(/no video track/);
  });
});

describe('EDL round trip', () => {
  it('export -> import keeps record positions, source ranges, names, transitions, links and provenance', () => {
    const p = sampleProject();
    const [file] = exportEdl(p);
    const { timeline, references, warnings } = importEdl(file!.text, { rate: R24, recordStart: '01:00:00:00' });
    expect(warnings).toEqual([]);
    const before = shape(p.timeline);
    const after = shape(timeline);
    expect(after[0]).toEqual(before[0]);
    // audio: A1 has the linked clips and the music clip, which shares its range with nothing else
    expect(after[1]).toEqual(before[1]);
    const [v, a] = timeline.tracks;
    const vc = clips(v!.items);
    const ac = clips(a!.items);
    expect(vc[0]!.linkId).toBeDefined();
    expect(ac[0]!.linkId).toBe(vc[0]!.linkId);
    expect(ac[1]!.linkId).toBe(vc[1]!.linkId);
    expect(vc.map((c) => references.find((r) => r.mediaId === c.mediaId)?.sourceFile)).toEqual(['/footage/alpha.mov', '/footage/bravo.mov', '/footage/gen.mp4', '/footage/delta.mov']);
    expect(references.find((r) => r.sourceFile === '/footage/gen.mp4')?.generated).toEqual({ provider: 'fal', model: 'veo-3', prompt: 'a red kite / over hills', jobId: 'job-42' });
    expect(vc[2]!.metadata?.['segue.provenance']).toMatchObject({ jobId: 'job-42' });
    expect(timeline.markers.map((m) => [m.name, m.frame, m.color])).toEqual([['fix colour', 70, 'green']]);
  });

  it('without a record start the timeline begins at the first event', () => {
    const p = sampleProject();
    p.timeline.tracks[0]!.items.unshift({ kind: 'gap', id: 'g0', duration: rt(5, R24) });
    p.timeline.tracks[1]!.items.unshift({ kind: 'gap', id: 'g00', duration: rt(5, R24) });
    const { timeline } = importEdl(exportEdl(p)[0]!.text, { rate: R24 });
    expect(shape(timeline)[0]).toEqual(shape({ ...p.timeline, tracks: [{ ...p.timeline.tracks[0]!, items: p.timeline.tracks[0]!.items.slice(1) }] })[0]);
    expect(timeline.metadata).toMatchObject({ edl: { recordStart: 86400 + 5 } });
  });

  it('round-trips dissolves to and from black (gaps)', () => {
    const p = sampleProject();
    p.timeline.tracks = [p.timeline.tracks[0]!];
    p.timeline.tracks[0]!.items = [clip('c1', 'Alpha', 'ma', 10, 48), dissolve('x1', 4, 4), { kind: 'gap', id: 'g', duration: rt(20, R24) }, dissolve('x2', 0, 8), clip('c2', 'Bravo', 'mb', 0, 24)];
    p.timeline.markers = [];
    const text = exportEdl(p)[0]!.text;
    expect(text).toContain(' BL ');
    const { timeline } = importEdl(text, { rate: R24, recordStart: '01:00:00:00' });
    expect(shape(timeline)).toEqual(shape(p.timeline));
  });
});
