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
import { decodeEdlText } from '../../../../electron/services/project/edlLoader';

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

// ---- EDLs as other tools write them ---------------------------------------------
// Small snippets typed for these tests, each showing one feature of real files from Avid,
// Premiere, Resolve, Nucoda and the OTIO cmx adapter's samples.

const R25 = makeRate(25);
const read = (text: string, rate = R24) => importEdl(text, { rate });
const clipAt = (tl: Timeline, track: number, i: number) => clips(tl.tracks[track]!.items)[i]!;
const edlMeta = (c: Clip) => c.metadata!.edl as Record<string, unknown>;

describe('EDL import: tracks and channels', () => {
  it('reads Avid audio channels past A4 (A7, A12) as their own tracks, a NONE event on no track', () => {
    const text = [
      'TITLE:   R1 MIX',
      '001  TC_R1_V6 A     C        00:00:00:00 00:00:00:00 01:00:00:00 01:00:10:00 ',
      '002  TC_R1_V6 A7    C        00:00:00:00 00:00:00:00 01:00:00:00 01:00:10:00 ',
      '003  TC_R1_V6 A12   C        00:00:00:00 00:00:00:00 01:00:00:00 01:00:04:00 ',
      '004     BL    NONE  C        00:00:00:00 00:00:01:00 01:00:10:00 01:00:11:00 ',
    ].join('\n');
    const { timeline, warnings } = read(text);
    expect(timeline.tracks.map((t) => [t.kind, t.name])).toEqual([['audio', 'A1'], ['audio', 'A7'], ['audio', 'A12']]);
    expect([0, 1, 2].map((t) => durations(timeline, t))).toEqual([[240], [240], [96]]);
    // Avid gives files without timecode a source in equal to the source out: one warning for all
    expect(warnings.filter((w) => /source in equals source out/.test(w))).toEqual(['events 001, 002, 003: source in equals source out (no source timecode); the clip runs from the source in for its record length']);
    expect(warnings).toContain('line 5: event 004 is on no track (NONE); skipped');
    expect(parseChannels('A12')).toEqual(['A12']);
    expect(parseChannels('NONE')).toEqual([]);
    expect(parseChannels('A0')).toBeNull();
  });

  it('reads AA as A1 + A2 and keeps an AUD line as a comment, as the cmx adapter does (multi_audio.edl)', () => {
    const { timeline, warnings } = read('TITLE: MultiAudio\nFCM: NON-DROP FRAME\n\n001  AX       AA    C        00:00:00:00 00:56:55:22 00:00:00:00 00:56:55:22\n* FROM CLIP NAME: AX\nAUD  3    \n');
    expect(timeline.tracks.map((t) => [t.kind, t.name])).toEqual([['audio', 'A1'], ['audio', 'A2']]);
    expect(timeline.tracks.map((t) => clips(t.items)[0]!.sourceRange)).toEqual(Array(2).fill({ start: rt(0, R24), duration: rt(81982, R24) }));
    expect(warnings).toEqual(['line 6: "AUD  3" not supported; kept as a comment']);
  });

  it('lays a key (KB background, K foreground) over its background on an extra video track', () => {
    const text = [
      '001  BG   V  KB     00:00:15:00 00:00:17:00 01:00:00:00 01:00:02:00',
      '001  FG   V  K      00:00:30:00 00:00:32:00 01:00:00:00 01:00:02:00',
      '* KEY CLIP NAME:  title card',
      '002  NEXT V  C      00:00:00:00 00:00:01:00 01:00:02:00 01:00:03:00',
    ].join('\n');
    const { timeline, warnings } = read(text);
    expect(timeline.tracks.map((t) => t.name)).toEqual(['V', 'V.2']);
    expect(layoutTrack(timeline.tracks[0]!, R24).map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end])).toEqual([['BG', 0, 48], ['NEXT', 48, 72]]);
    expect(layoutTrack(timeline.tracks[1]!, R24).map((p) => [p.item.kind === 'clip' ? p.item.name : p.item.kind, p.start, p.end])).toEqual([['title card', 0, 48]]);
    expect(warnings).toEqual(['line 1: event 001: key (KB) read as a cut', 'line 2: event 001: key (K) read as a cut, laid over its background on track V.2']);
    expect(edlMeta(clipAt(timeline, 1, 0)).effect).toBe('K');
  });

  it('puts an event that overlaps an earlier one on an extra track and says which record times clash', () => {
    const text = '001  A V C 00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00\n002  B V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:02:00\n003  C V C 00:00:00:00 00:00:01:00 01:00:02:00 01:00:03:00\n';
    const { timeline, warnings } = read(text);
    expect(timeline.tracks.map((t) => [t.name, kinds(timeline, timeline.tracks.indexOf(t))])).toEqual([['V', ['clip', 'clip']], ['V.2', ['gap', 'clip']]]);
    expect(warnings).toEqual(['line 2: event 002 (record 01:00:01:00) overlaps an earlier event on V that runs to 01:00:02:00; placed on an extra track V.2']);
  });

  it('reads a list sorted by source (C-mode) in record order', () => {
    const { timeline, warnings } = read('002  B V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:02:00\n001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n');
    expect(clips(timeline.tracks[0]!.items).map((c) => c.name)).toEqual(['A', 'B']);
    expect(timeline.tracks).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});

describe('EDL import: timecode, rates and record start', () => {
  it('keeps the record timecode of the first event as the global start time; an EDL export writes it back', () => {
    const text = 'TITLE: late start\n001  A V C 00:00:10:00 00:00:11:00 00:59:58:00 00:59:59:00\n* FROM CLIP NAME: a.mov\n002  B V C 00:00:20:00 00:00:21:00 01:00:00:00 01:00:01:00\n* FROM CLIP NAME: b.mov\n';
    const { timeline } = read(text);
    expect(layoutTrack(timeline.tracks[0]!, R24).map((p) => [p.item.kind, p.start, p.end])).toEqual([['clip', 0, 24], ['gap', 24, 48], ['clip', 48, 72]]);
    expect(timeline.metadata).toMatchObject({ edl: { recordStart: 86352, recordStartTimecode: '00:59:58:00' }, 'otio.global_start_time': { value: 86352, rate: R24 } });
    const project = createProject('late start', { width: 640, height: 360, rate: R24, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 0 });
    project.timeline = timeline;
    const back = exportEdl(project)[0]!.text;
    expect(back).toMatch(/^001 .* 00:59:58:00 00:59:59:00$/m);
    expect(back).toMatch(/^002 .* 01:00:00:00 01:00:01:00$/m);
  });

  it('reads the header FCM for record times and a later FCM for the sources, drop-frame at 29.97 and 59.94', () => {
    const text = [
      'TITLE: ntsc',
      'FCM: DROP FRAME',
      '001  TAPE1 V C 00:01:00:02 00:01:01:02 01:00:00:00 01:00:01:00',
      'FCM: NON-DROP FRAME',
      '002  TAPE2 V C 00:01:00:00 00:01:01:00 01:00:01:00 01:00:02:00',
      '* LOC: 01:00:01:15 BLUE  halfway',
      'FCM: DROP FRAME',
      '003  TAPE3 V C 00;01;00;02 00;01;01;02 01;00;02;00 01;00;03;00',
    ].join('\r\n');
    const { timeline, warnings } = read(text, NTSC);
    expect(warnings).toEqual([]);
    // source 00:01:00:02 is frame 1800 in drop-frame; 00:01:00:00 is 1800 in non-drop
    expect(clips(timeline.tracks[0]!.items).map((c) => [c.sourceRange.start.value, c.sourceRange.duration.value])).toEqual([[1800, 30], [1800, 30], [1800, 30]]);
    expect(timeline.metadata).toMatchObject({ edl: { recordStart: 107892, recordStartTimecode: '01:00:00;00' } });
    expect(timeline.markers.map((m) => [m.frame, m.color, m.name])).toEqual([[45, 'blue', 'halfway']]);
    const p5994 = read('FCM: DROP FRAME\n001  A V C 00:01:00;04 00:01:01;04 00:01:00;04 00:01:01;04\n', makeRate(60000, 1001));
    expect(p5994.timeline.metadata).toMatchObject({ edl: { recordStart: 3600 } });
    // a source FCM that cannot hold at the rate is read non-drop; the header one is refused
    expect(read('001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\nFCM: DROP FRAME\n002  B V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:02:00\n', makeRate(30)).warnings).toEqual([
      'line 2: FCM: DROP FRAME for the sources, but drop-frame timecode exists only at 29.97 and 59.94 fps, not at 30 fps; their timecodes are read as non-drop',
    ]);
    expect(() => read('FCM: DF\n001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n', R25)).toThrow(/line 1: FCM: DROP FRAME, but .*25 fps/);
    expect(() => read('FCM: SOMETIMES\n', R24)).toThrow(/line 1: unknown frame code mode "SOMETIMES"/);
  });

  it('reads 25 fps and 23.976 fps EDLs at the rate given and hints at the rate when a timecode cannot exist', () => {
    const pal = '001  SC00.JPG V     C        01:00:00:00 01:00:01:24 00:00:17:22 00:00:19:21\n';
    expect(durations(read(pal, R25).timeline)).toEqual([49]);
    expect(() => read(pal, R24)).toThrow('EDL line 1: timecode 01:00:01:24 is impossible at 24 fps: its frame field 24 must be below 24 (is the EDL at another frame rate?)');
    const film = read('001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:23\n', makeRate(24000, 1001));
    expect(durations(film.timeline)).toEqual([47]);
    expect(film.warnings).toEqual(['line 1: source length 24 differs from record length 47 (a speed change?); the clip keeps the record length']);
  });

  it('reads cut points given as frame counts, and an odd-length dissolve keeps the cut length (cmx adapter tests)', () => {
    const frames = read('1 CLPA V C     113 170 0 57\n2 CLPA V C     170 170 57 57\n2 CLPB V D 027 162 189 57 84\n3 CLPB V C     189 381 84 276\n');
    expect(kinds(frames.timeline)).toEqual(['clip', 'transition', 'clip', 'clip']);
    expect(durations(frames.timeline)).toEqual([57, 27, 27, 192]);
    expect(trackFrames(frames.timeline.tracks[0]!, R24)).toBe(276);
    const odd = read('1 CLPA V C     00:00:04:17 00:00:07:02 00:00:00:00 00:00:02:09\n2 CLPA V C     00:00:07:02 00:00:07:02 00:00:02:09 00:00:02:09\n2 CLPB V D 027 00:00:06:18 00:00:07:21 00:00:02:09 00:00:03:12\n3 CLPB V C     00:00:07:21 00:00:15:21 00:00:03:12 00:00:11:12\n');
    expect(trackFrames(odd.timeline.tracks[0]!, R24)).toBe(11 * 24 + 12);
    expect(() => read('1 A V C 0 10 0 99999999999999999999\n')).toThrow('EDL line 1: frame count 99999999999999999999 is past 99 hours at 24 fps');
  });

  it('reads CR-only and CRLF files with tabs, a byte-order mark, event numbers past 999 and zero-padded pairs', () => {
    const cr = '\uFEFFTITLE: cr\r001\tZ10\tV\tC\t\t01:00:04:05\t01:00:05:12\t00:59:53:11\t00:59:54:18\r* FROM CLIP NAME:\tfirst\r1000  Z11 V C 00:00:00:00 00:00:01:00 00:59:54:18 00:59:55:18\r';
    const { timeline } = read(cr);
    expect(clips(timeline.tracks[0]!.items).map((c) => [c.name, c.sourceRange.start.value, c.sourceRange.duration.value])).toEqual([['first', 86501, 31], ['Z11', 0, 24]]);
    expect(edlMeta(clipAt(timeline, 0, 1)).event).toBe('1000');
    // the zero-length C line and the D line of one event may pad the number differently
    const padded = read('000001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n000002  A V C 00:00:01:00 00:00:01:00 01:00:01:00 01:00:01:00\n002  B V D 012 00:00:05:00 00:00:06:00 01:00:01:00 01:00:02:00\n* FROM CLIP NAME: a\n* TO CLIP NAME: b\n');
    expect(kinds(padded.timeline)).toEqual(['clip', 'transition', 'clip']);
    expect((padded.timeline.tracks[0]!.items[1] as Transition).name).toBe('SMPTE_Dissolve from a to b');
  });

  it('reads a source out before the source in forwards, with a warning', () => {
    const { timeline, warnings } = read('001  A V C 00:00:02:00 00:00:01:00 01:00:00:00 01:00:01:00\n');
    expect(clipAt(timeline, 0, 0).sourceRange).toEqual({ start: rt(24, R24), duration: rt(24, R24) });
    expect(warnings).toEqual(['line 1: source out 00:00:01:00 is before source in 00:00:02:00 (reverse play?); read forwards from 00:00:01:00']);
  });
});

describe('EDL import: effects', () => {
  it('keeps the record length of M2 speed changes and freeze frames, with one warning each (speed_effects_small.edl)', () => {
    const text = [
      'TITLE: Speed_Effects_Test',
      '001  Z677_4C. V     C        01:00:01:21 01:00:07:03 01:00:00:00 01:00:05:06 ',
      '002  Z682_156 V     C        01:00:10:21 01:00:10:22 01:08:30:00 01:08:30:17 ',
      'M2   Z682_156       000.0                01:00:10:21 ',
      '* FROM CLIP NAME:  Z682_156 (LAY3) FF ',
      '* * FREEZE FRAME',
      '005  Z686_5A. V     C        01:00:06:00 01:00:08:22 01:11:31:16 01:11:33:04 ',
      'M2   Z686_5A.       046.7                01:00:06:00',
      '* FROM CLIP NAME:  Z686_5A (LAY2) (46.66 FPS)',
    ].join('\n');
    const { timeline, warnings } = read(text);
    const placed = layoutTrack(timeline.tracks[0]!, R24).filter((p) => p.item.kind === 'clip');
    // upstream: the freeze frame sits at 00:08:30:00 for 17 frames, the speed change at 00:11:31:16 for 36
    expect(placed.map((p) => [p.start, p.end - p.start])).toEqual([[0, 126], [12240, 17], [16600, 36]]);
    const [, freeze, fast] = placed.map((p) => p.item as Clip);
    expect(freeze!.sourceRange.start.value).toBe(86661);
    expect([freeze!.name, fast!.name]).toEqual(['Z682_156 (LAY3)', 'Z686_5A (LAY2) (46.66 FPS)']);
    expect(edlMeta(freeze!).freezeFrame).toBe(true);
    expect(edlMeta(fast!).speed).toEqual({ fps: 46.7, timeScalar: 1.945833 });
    expect(warnings).toEqual([
      'line 4: event 002: freeze frame not applied; the clip keeps its record length of 17 frames and plays at normal speed',
      'line 8: event 005: speed change to 46.7 fps (M2) not applied; the clip keeps its record length of 36 frames and plays at normal speed',
    ]);
    // Resolve writes M2 with the source as long as the record; a reel-less M2 and a reverse one read too
    const resolve = read('001  AX       V     C        00:00:00:00 00:00:04:19 01:00:00:00 01:00:04:19  \nM2   AX             048.0                00:00:00:00\n002  AX V C 00:00:00:00 00:00:01:00 01:00:04:19 01:00:05:19\nM2 -024.0 00:00:00:00\n');
    expect(durations(resolve.timeline)).toEqual([115, 24]);
    expect(resolve.warnings).toEqual([
      'line 2: event 001: speed change to 48 fps (M2) not applied; the clip keeps its record length of 115 frames and plays at normal speed',
      'line 4: event 002: speed change to -24 fps (M2) not applied; the clip keeps its record length of 24 frames and plays at normal speed',
    ]);
  });

  it('reads a wipe (W001) as a dissolve with a warning, keeping the wipe code (wipe_test.edl)', () => {
    const text = '001  TST V     C        01:00:04:05 01:00:04:14 01:00:00:00 01:00:00:09 \n002  TST V     C        01:00:04:14 01:00:04:14 01:00:00:09 01:00:00:09 \n002  TST V     W001    010 01:00:08:08 01:00:08:18 01:00:00:09 01:00:00:19 \n* FROM CLIP NAME:  clip_A\n* TO CLIP NAME:  clip_B\n';
    const { timeline, warnings } = read(text);
    expect(kinds(timeline)).toEqual(['clip', 'transition', 'clip']);
    const x = timeline.tracks[0]!.items[1] as Transition;
    expect([x.transitionType, x.inOffset.value, x.outOffset.value, x.metadata]).toEqual(['SMPTE_Dissolve', 0, 10, { edl: { effect: 'W001' } }]);
    expect(durations(timeline)).toEqual([9, 10, 10]);
    expect(warnings).toEqual(['line 3: wipe W001 read as a dissolve']);
  });

  it('reads a 0-frame dissolve as a cut, a fade to black as a dissolve into a gap, and BL / BLACK as gaps', () => {
    const zero = read('001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n002  A V C 00:00:01:00 00:00:01:00 01:00:01:00 01:00:01:00\n002  B V D 000 00:00:05:00 00:00:06:00 01:00:01:00 01:00:02:00\n');
    expect(kinds(zero.timeline)).toEqual(['clip', 'clip']);
    expect(zero.warnings).toEqual(['line 3: event 002: D of 0 frames read as a cut']);
    const fade = read('1 CLPA V C     00:00:03:18 00:00:12:15 00:00:00:00 00:00:08:21\n2 CLPA V C     00:00:12:15 00:00:12:15 00:00:08:21 00:00:08:21\n2 BL   V D 024 00:00:00:00 00:00:01:00 00:00:08:21 00:00:09:21\n');
    expect(kinds(fade.timeline)).toEqual(['clip', 'transition', 'gap']);
    expect(durations(fade.timeline)).toEqual([213, 24, 24]);
    const black = read('1 BL V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00\n2 BLACK V C 00:00:00:00 00:00:01:00 00:00:01:00 00:00:02:00\n3 BARS V C 00:00:00:00 00:00:01:00 00:00:02:00 00:00:03:00\n');
    expect(kinds(black.timeline)).toEqual(['gap', 'clip']);
    expect(durations(black.timeline)).toEqual([48, 24]);
  });
});

describe('EDL import: comments', () => {
  it('takes the media path from FROM CLIP (Avid) and FROM FILE (Nucoda); Premiere names the clip only', () => {
    for (const key of ['FROM CLIP', 'FROM FILE']) {
      const { timeline, references } = read(`TITLE:   Example.01\n001  ZZ100_50 V     C        01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18\n* FROM CLIP NAME:  take_1\n* ${key}: S:\\path\\to\\ZZ100_501.take_1.0001.exr\n`);
      expect(references).toEqual([{ mediaId: expect.any(String), name: 'take_1', reel: 'ZZ100_50', sourceFile: 'S:\\path\\to\\ZZ100_501.take_1.0001.exr' }]);
      expect(durations(timeline)).toEqual([31]);
    }
    const premiere = read('001  AX V     C        01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18\n* FROM CLIP NAME:  ZZ100_501.take_1.0001.exr\n');
    expect(premiere.references.map((r) => [r.name, r.sourceFile])).toEqual([['ZZ100_501.take_1.0001.exr', undefined]]);
    // a full path says more than a bare SOURCE FILE name
    const both = read('001  R V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n* SOURCE FILE: a.mov\n* FROM CLIP: /media/a.mov\n');
    expect(both.references[0]!.sourceFile).toBe('/media/a.mov');
  });

  it('gives a dissolve the incoming media path (TO FILE), leaving Avid’s SOURCE FILE of the outgoing clip to it', () => {
    const text = [
      '001  R1 A C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00',
      '* FROM CLIP NAME:  DX.WAV',
      '* SOURCE FILE: DX.WAV',
      '002  R1 A C 00:00:01:00 00:00:01:00 01:00:01:00 01:00:01:00',
      '002  R2 A D 002 00:00:05:00 00:00:06:00 01:00:01:00 01:00:02:00',
      '* FROM CLIP NAME:  DX.WAV',
      '* TO CLIP NAME:  FX.WAV',
      '* SOURCE FILE: DX.WAV',
      '003  R2 A C 00:00:06:00 00:00:07:00 01:00:02:00 01:00:03:00',
      '* FROM CLIP NAME:  FX.WAV',
      '* SOURCE FILE: /sound/FX.WAV',
      '004  R1 V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00',
      '005  R1 V C 00:00:01:00 00:00:01:00 01:00:01:00 01:00:01:00',
      '005  R3 V D 012 00:00:02:02 00:00:03:04 01:00:01:00 01:00:02:02',
      '* FROM CLIP NAME:  Clip1',
      '* FROM FILE: /var/tmp/clip1.001.exr',
      '* TO CLIP NAME:  Clip2',
      '* TO FILE: /var/tmp/clip2.001.exr',
    ].join('\n');
    const { timeline, references } = read(text);
    const audio = timeline.tracks.find((t) => t.name === 'A1')!;
    const path = (c: Clip) => references.find((r) => r.mediaId === c.mediaId)?.sourceFile;
    expect(clips(audio.items).map((c) => [c.name, path(c)])).toEqual([['DX.WAV', 'DX.WAV'], ['FX.WAV', '/sound/FX.WAV'], ['FX.WAV', '/sound/FX.WAV']]);
    expect(clips(timeline.tracks[0]!.items).map((c) => [c.name, path(c)])).toEqual([['R1', undefined], ['Clip2', '/var/tmp/clip2.001.exr']]);
  });

  it('reads ASC_SOP / ASC_SAT into the clip’s cdl metadata, with or without colon and commas', () => {
    const text = [
      '001  ZZ100_50 V     C        01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18 ',
      '* ASC_SOP: (0.1 0.2 0.3)(1.0000 -0.0122 0.0305)(1.0000 0.0000 1.0000)',
      '* ASC_SAT: 0.9000',
      '002  A006C014 V     C        04:34:41:13 04:34:41:16 00:59:54:18 00:59:54:21',
      '*ASC_SOP (1.1549, 1.1469, 1.1422)(-0.0678, -0.0555, -0.0323)(1.1325, 1.1351, 1.1221) ',
      '*ASC_SAT 1.2988',
      '003  A V C 00:00:00:00 00:00:01:00 00:59:54:21 00:59:55:21',
      '* ASC_SOP: (1 2)(3)',
    ].join('\n');
    const { timeline, warnings } = read(text);
    expect(clipAt(timeline, 0, 0).metadata!.cdl).toEqual({ asc_sop: { slope: [0.1, 0.2, 0.3], offset: [1, -0.0122, 0.0305], power: [1, 0, 1] }, asc_sat: 0.9 });
    expect(clipAt(timeline, 0, 1).metadata!.cdl).toEqual({ asc_sop: { slope: [1.1549, 1.1469, 1.1422], offset: [-0.0678, -0.0555, -0.0323], power: [1.1325, 1.1351, 1.1221] }, asc_sat: 1.2988 });
    expect(clipAt(timeline, 0, 2).metadata!.cdl).toBeUndefined();
    expect(warnings).toEqual(['line 8: ASC_SOP needs three groups of three numbers; kept as a comment']);
    expect(edlMeta(clipAt(timeline, 0, 0)).comments).toEqual(['ASC_SOP: (0.1 0.2 0.3)(1.0000 -0.0122 0.0305)(1.0000 0.0000 1.0000)', 'ASC_SAT: 0.9000']);
  });

  it('names clips from FROM CLIP NAME, CLIP NAME or the reel; reads reels with spaces, REM and effect-name lines', () => {
    const text = [
      '001  AX V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00',
      '* FROM CLIP NAME:  ',
      '002  AX V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:02:00',
      '* CLIP NAME: second.mov',
      '003  My Reel V C 00:00:00:00 00:00:01:00 01:00:02:00 01:00:03:00',
      'EFFECTS NAME IS CROSS DISSOLVE',
      'REM a remark',
    ].join('\n');
    const { timeline, references, warnings } = read(text);
    expect(clips(timeline.tracks[0]!.items).map((c) => c.name)).toEqual(['AX', 'second.mov', 'My Reel']);
    // two unnamed AX events are not one medium
    expect(references.map((r) => r.name)).toEqual(['AX', 'second.mov', 'My Reel']);
    expect(edlMeta(clipAt(timeline, 0, 2)).comments).toEqual(['EFFECTS NAME IS CROSS DISSOLVE', 'REM a remark']);
    expect(warnings).toEqual([]);
    expect(() => read('001  AX V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\nthis is not edl\n')).toThrow('EDL line 2: not a CMX3600 line: "this is not edl"');
  });

  it('reads LOC colours (kept as written) and Resolve’s marker lines as timeline markers', () => {
    const loc = read('001  A V C 00:00:00:00 00:00:05:00 01:00:00:00 01:00:05:00\n* LOC: 01:00:01:00 MAGENTA  check this\n*LOC: 01:00:02:00 CYAN\n* LOC: 01:00:03:00 NOTE without colour\n');
    expect(loc.timeline.markers.map((m) => [m.frame, m.color, m.name, m.metadata])).toEqual([
      [24, 'purple', 'check this', { edl: { event: '001', color: 'MAGENTA' } }],
      [48, 'cyan', '', { edl: { event: '001', color: 'CYAN' } }],
      [72, 'red', 'NOTE without colour', { edl: { event: '001' } }],
    ]);
    const resolve = read('TITLE: Timeline 1\nFCM: NON-DROP FRAME\n\n001  001      V     C        01:00:03:12 01:00:03:13 01:00:03:12 01:00:03:13  \n |C:ResolveColorBlue |M:Marker 1 |D:1\n\n002  001      V     C        01:00:05:00 01:00:05:01 01:00:05:00 01:00:05:01  \n |C:ResolveColorSand |M:fix the sky |D:24\n');
    expect(resolve.timeline.markers.map((m) => [m.frame, m.duration, m.color, m.name])).toEqual([[0, 0, 'blue', 'Marker 1'], [36, 24, 'orange', 'fix the sky']]);
    expect(resolve.timeline.tracks.map((t) => [t.name, t.items.length])).toEqual([['V', 0]]);
  });
});

describe('EDL file text', () => {
  it('decodes UTF-16 with a byte-order mark and Windows-1252, and refuses binary data', () => {
    const line = '001  A V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n* FROM CLIP NAME: \u202292PT-5 caf\u00e9\n';
    expect(decodeEdlText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line, 'utf16le')]))).toEqual({ text: line });
    expect(decodeEdlText(Buffer.from(line, 'utf8'))).toEqual({ text: line });
    const cp1252 = Buffer.from(line.replace('\u2022', '\u0095'), 'latin1');
    expect(decodeEdlText(cp1252)).toEqual({ text: line, warning: 'the file is not UTF-8; read as Windows-1252 (Latin-1)' });
    expect(() => decodeEdlText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]))).toThrow(/not a text file/);
  });
});
