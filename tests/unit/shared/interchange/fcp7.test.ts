// FCP 7 XML (xmeml): the strict XML reader/writer, export -> import round trip, and the
// otio-fcp-adapter sample files (facts from ../shared/fixtures/interchange/README.md).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { exportFcp7 } from '../../../../shared/interchange/fcp7/export';
import { importFcp7 } from '../../../../shared/interchange/fcp7/import';
import { child, childText, el, parseXml, serializeXml, textOf, XmlError } from '../../../../shared/interchange/fcp7/xml';
import { createProject } from '../../../../shared/timeline/factory';
import { layoutTrack } from '../../../../shared/timeline/layout';
import type { Clip, Item, Media, Project, Timeline, Transition } from '../../../../shared/timeline/model';
import { makeRate, rt } from '../../../../shared/timeline/time';
import { fakeMedia } from '../../../helpers/fakeMedia';

const fixtures = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/interchange');
const load = (name: string) => importFcp7(fs.readFileSync(path.join(fixtures, name), 'utf8'));
const R30 = makeRate(30);
const names = (tl: Timeline, track: number) => tl.tracks[track]!.items.map((i) => (i.kind === 'gap' ? '' : i.name));
const durations = (tl: Timeline, track: number) =>
  tl.tracks[track]!.items.map((i) => (i.kind === 'clip' ? Math.round((i.sourceRange.duration.value * tl.rate.num * i.sourceRange.duration.rate.den) / (tl.rate.den * i.sourceRange.duration.rate.num)) : i.kind === 'gap' ? i.duration.value : [i.inOffset.value, i.outOffset.value]));

describe('FCP 7 XML reader and writer', () => {
  it('reads elements, attributes, entities, numeric references and CDATA', () => {
    const root = parseXml(`<?xml version="1.0"?>\n<!DOCTYPE xmeml>\n<!-- c -->\n<a x="1 &amp; 2" y='&#x41;'><b>&lt;tag&gt; &quot;q&quot; &apos;s&apos; &#233;</b><c><![CDATA[<raw> & stuff]]></c><d/></a>`);
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1 & 2', y: 'A' });
    expect(childText(root, 'b')).toBe(`<tag> "q" 's' é`);
    expect(textOf(child(root, 'c'))).toBe('<raw> & stuff');
    expect(child(root, 'd')?.children).toEqual([]);
  });

  it('reports malformed input with its line number', () => {
    const cases: [string, number, RegExp][] = [
      ['<a>\n<b>\n</a>', 3, /does not match <b>/],
      ['<a>\n\n<b x=1/></a>', 3, /must be quoted/],
      ['<a>\n&nbsp;</a>', 2, /unknown entity &nbsp;/],
      ['<a>\n\n\n<b>', 4, /never closed/],
      ['<a/><b/>', 1, /more than one root/],
      ['hello', 1, /not XML/],
      ['<a x="1" x="2"/>', 1, /duplicate attribute/],
      ['<a>\n & b</a>', 2, /bare "&"/],
    ];
    for (const [text, line, message] of cases) {
      let err: unknown;
      try {
        parseXml(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(XmlError);
      expect((err as XmlError).line, text).toBe(line);
      expect((err as XmlError).message, text).toMatch(message);
    }
  });

  it('refuses entity definitions, so entity expansion attacks cannot run', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>`;
    expect(() => parseXml(laughs)).toThrow(/line 2: DOCTYPE entity definitions/);
    expect(() => parseXml('<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>')).toThrow(/external DTD/);
    expect(() => parseXml('<x>&xxe;</x>')).toThrow(/unknown entity/);
  });

  it('writes escaped, indented XML that reads back the same', () => {
    const text = serializeXml(el('root', { a: 'x "&" <y>' }, [el('name', 'a < b & c > d'), el('empty'), el('n', 5)]), 'root');
    expect(text).toContain('<!DOCTYPE root>');
    expect(text).toContain('  <name>a &lt; b &amp; c &gt; d</name>');
    const back = parseXml(text);
    expect(back.attrs.a).toBe('x "&" <y>');
    expect(childText(back, 'name')).toBe('a < b & c > d');
    expect(childText(back, 'n')).toBe('5');
  });
});


const media = (id: string, name: string, extra: Partial<Media> = {}): Media => fakeMedia(id, name, {}, extra);

const clip = (id: string, name: string, mediaId: string | null, start: number, frames: number, extra: Partial<Clip> = {}): Clip => ({
  kind: 'clip',
  id,
  name,
  mediaId,
  sourceRange: { start: rt(start, R30), duration: rt(frames, R30) },
  enabled: true,
  ...extra,
});

function sampleProject(): Project {
  const p = createProject('Cut & Paste <1>', { width: 1280, height: 720, rate: R30, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 1 });
  p.media = [
    media('m1', 'a.mov'),
    media('m2', 'b & c.mov'),
    media('m3', 'gen.mp4', {
      origin: 'generated',
      provenance: { provider: 'fal', model: 'kling', prompt: 'a cat on a <roof> & "sky"', seed: 7, jobId: 'job-1', costUsd: 0.1, createdAt: '2026-01-01T00:00:00Z' },
    }),
  ];
  const dissolve: Transition = { kind: 'transition', id: 'x1', name: 'Cross Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(5, R30), outOffset: rt(5, R30) };
  const [v, a] = p.timeline.tracks as [Project['timeline']['tracks'][0], Project['timeline']['tracks'][0]];
  v.items = [
    clip('c1', 'a.mov', 'm1', 10, 60, { linkId: 'L1' }),
    dissolve,
    clip('c2', 'b & c.mov', 'm2', 30, 45),
    { kind: 'gap', id: 'g1', duration: rt(15, R30) },
    clip('c3', 'gen.mp4', 'm3', 0, 40),
    clip('c4', 'a.mov', 'm1', 100, 20, { enabled: false }),
  ];
  a.items = [clip('c5', 'a.mov', 'm1', 10, 60, { linkId: 'L1' })];
  p.timeline.markers = [{ id: 'k1', name: 'Look here', frame: 90, duration: 0, color: 'red', note: 'fix the "sky"' }];
  return p;
}

const clipsOf = (items: readonly Item[]) => items.filter((i): i is Clip => i.kind === 'clip');

describe('FCP 7 XML export -> import', () => {
  it('writes a sequence with a <format> holding the frame size and rate', () => {
    const xml = parseXml(exportFcp7(sampleProject()));
    expect(xml.name).toBe('xmeml');
    expect(xml.attrs.version).toBe('4');
    const seq = child(xml, 'sequence')!;
    expect(childText(seq, 'name')).toBe('Cut & Paste <1>');
    expect(childText(seq, 'rate', 'timebase')).toBe('30');
    expect(childText(seq, 'rate', 'ntsc')).toBe('FALSE');
    const sc = child(child(child(child(seq, 'media'), 'video'), 'format'), 'samplecharacteristics');
    expect(childText(sc, 'width')).toBe('1280');
    expect(childText(sc, 'height')).toBe('720');
    expect(childText(sc, 'rate', 'timebase')).toBe('30');
  });

  it('defines each file once and refers back to it by id', () => {
    const text = exportFcp7(sampleProject());
    expect(text.match(/<file id="file-1">/g)).toHaveLength(1);
    expect(text.match(/<file id="file-1"\/>/g)!.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('<pathurl>file:///footage/b%20%26%20c.mov</pathurl>');
  });

  it('round-trips positions, source ranges, names, links, the dissolve, a disabled clip, a marker and provenance', () => {
    const project = sampleProject();
    const { timeline, references, warnings } = importFcp7(exportFcp7(project));
    expect(warnings).toEqual([]);
    expect(timeline.name).toBe('Cut & Paste <1>');
    expect(timeline.rate).toEqual(R30);
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    const place = (tl: { tracks: Project['timeline']['tracks'] }, i: number) =>
      layoutTrack(tl.tracks[i]!, R30).map(({ item, start, end }) => ({
        kind: item.kind,
        start,
        end,
        ...(item.kind === 'clip' ? { name: item.name, src: item.sourceRange.start.value, enabled: item.enabled } : {}),
        ...(item.kind === 'transition' ? { offsets: [item.inOffset.value, item.outOffset.value], name: item.name } : {}),
      }));
    expect(place(timeline, 0)).toEqual(place(project.timeline, 0));
    expect(place(timeline, 1)).toEqual(place(project.timeline, 1));
    const [v1, , , , , disabled] = timeline.tracks[0]!.items as [Clip, Item, Clip, Item, Clip, Clip];
    const a1 = clipsOf(timeline.tracks[1]!.items)[0]!;
    expect(v1.linkId).toBeDefined();
    expect(a1.linkId).toBe(v1.linkId);
    expect(disabled.enabled).toBe(false);
    expect(clipsOf(timeline.tracks[0]!.items).filter((c) => c.linkId)).toHaveLength(1);
    expect(timeline.markers).toEqual([expect.objectContaining({ name: 'Look here', frame: 90, duration: 0, note: 'fix the "sky"' })]);
    expect(references).toHaveLength(3);
    const byName = new Map(references.map((r) => [r.name, r]));
    expect(byName.get('b & c.mov')?.pathurl).toBe('file:///footage/b%20%26%20c.mov');
    expect(byName.get('a.mov')?.durationFrames).toBe(600);
    expect(byName.get('gen.mp4')?.generated).toEqual(project.media[2]!.provenance);
    expect(byName.get('a.mov')?.generated).toBeUndefined();
    // clips point at the right references
    expect(v1.mediaId).toBe(byName.get('a.mov')!.mediaId);
    expect(a1.mediaId).toBe(byName.get('a.mov')!.mediaId);
  });

  it('writes -1 edges and widened in/out next to a dissolve, and Cross Fade (+3dB) on audio', () => {
    const project = sampleProject();
    const a = project.timeline.tracks[1]!;
    a.items = [...a.items, { kind: 'transition', id: 'x2', name: 'Cross Fade (+3dB)', transitionType: 'SMPTE_Dissolve', inOffset: rt(4, R30), outOffset: rt(0, R30) }, { kind: 'gap', id: 'g2', duration: rt(10, R30) }];
    const text = exportFcp7(project);
    const seq = child(parseXml(text), 'sequence')!;
    const vt = child(child(child(seq, 'media'), 'video'), 'track')!;
    const items = vt.children.filter((c) => typeof c !== 'string');
    const [c1, tr, c2] = items as [ReturnType<typeof parseXml>, ReturnType<typeof parseXml>, ReturnType<typeof parseXml>];
    expect([childText(c1, 'start'), childText(c1, 'end'), childText(c1, 'in'), childText(c1, 'out')]).toEqual(['0', '-1', '10', '75']);
    expect([childText(tr, 'start'), childText(tr, 'end'), childText(tr, 'alignment'), childText(tr, 'effect', 'name')]).toEqual(['55', '65', 'center', 'Cross Dissolve']);
    expect([childText(c2, 'start'), childText(c2, 'end'), childText(c2, 'in'), childText(c2, 'out')]).toEqual(['-1', '105', '25', '75']);
    expect(text).toContain('<name>Cross Fade (+3dB)</name>');
    expect(text).toContain('<alignment>end-black</alignment>');
    const back = importFcp7(text).timeline.tracks[1]!.items;
    expect(back.map((i) => i.kind)).toEqual(['clip', 'transition']);
    expect([(back[1] as Transition).inOffset.value, (back[1] as Transition).outOffset.value]).toEqual([4, 0]);
  });

  it('keeps an uneven centre dissolve exact by writing the clip edges', () => {
    const project = sampleProject();
    const x = project.timeline.tracks[0]!.items[1] as Transition;
    project.timeline.tracks[0]!.items[1] = { ...x, inOffset: rt(9, R30), outOffset: rt(3, R30) };
    const back = importFcp7(exportFcp7(project)).timeline.tracks[0]!;
    const t = back.items[1] as Transition;
    expect([t.inOffset.value, t.outOffset.value]).toEqual([9, 3]);
    expect(layoutTrack(back, R30).map((p) => p.start)).toEqual(layoutTrack(project.timeline.tracks[0]!, R30).map((p) => p.start));
  });

  it('writes NTSC rates as timebase + ntsc and reads them back exactly', () => {
    const project = sampleProject();
    const ntsc = makeRate(30000, 1001);
    project.settings.rate = ntsc;
    project.timeline.rate = ntsc;
    for (const t of project.timeline.tracks) t.items = t.items.filter((i) => i.kind !== 'transition').map((i) => (i.kind === 'clip' ? { ...i, sourceRange: { start: rt(i.sourceRange.start.value, ntsc), duration: rt(i.sourceRange.duration.value, ntsc) } } : i.kind === 'gap' ? { ...i, duration: rt(i.duration.value, ntsc) } : i));
    const text = exportFcp7(project);
    expect(text).toContain('<ntsc>TRUE</ntsc>');
    expect(text).toContain('<displayformat>DF</displayformat>');
    expect(importFcp7(text).timeline.rate).toEqual(ntsc);
  });
});

describe('FCP 7 XML import errors', () => {
  it('says clearly when a file is not xmeml or has no sequence', () => {
    expect(() => importFcp7('<fcpxml version="1.8"/>')).toThrow(/^Not an FCP 7 XML file: the root element is <fcpxml>/);
    expect(() => importFcp7('<xmeml version="4"><project/></xmeml>')).toThrow(/no <sequence>/);
    expect(() => importFcp7('{"OTIO_SCHEMA": "Timeline.1"}')).toThrow(/Not a readable FCP 7 XML file: XML line 1/);
    expect(() => importFcp7('<xmeml>\n<sequence>\n<name>x</name>\n</xmeml>')).toThrow(/line 4/);
  });
});

describe('FCP 7 XML import of the fcp adapter sample files', () => {
  it('reads premiere_example.xml: 4 video + 4 audio tracks (stereo pairs collapsed) with the upstream items', () => {
    const { timeline, references, warnings } = load('premiere_example.xml');
    expect(timeline.name).toBe('sc01_sh010_layerA');
    expect(timeline.rate).toEqual(R30);
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'video', 'video', 'video', 'audio', 'audio', 'audio', 'audio']);
    expect(names(timeline, 0)).toEqual(['', 'sc01_sh010_anim.mov']);
    expect(names(timeline, 1)).toEqual(['', 'sc01_sh010_anim.mov', '', 'sc01_sh020_anim.mov', 'sc01_sh030_anim.mov', 'Cross Dissolve', '', 'sc01_sh010_anim']);
    expect(names(timeline, 2)).toEqual(['', 'test_title']);
    expect(names(timeline, 3)).toEqual(['', 'sc01_master_layerA_sh030_temp.mov', 'Cross Dissolve', 'sc01_sh010_anim.mov']);
    expect(durations(timeline, 0)).toEqual([536, 100]);
    expect(durations(timeline, 1)).toEqual([13, 100, 52, 157, 235, [19, 0], 79, 320]);
    expect(durations(timeline, 2)).toEqual([15, 941]);
    expect(durations(timeline, 3)).toEqual([956, 208, [12, 13], 82]);
    expect(names(timeline, 4)).toEqual(['', 'sc01_sh010_anim.mov', '', 'sc01_sh010_anim.mov']);
    expect(names(timeline, 5)).toEqual(['', 'sc01_placeholder.wav', '', 'sc01_sh010_anim']);
    expect(names(timeline, 6)).toEqual(['', 'track_08.wav']);
    expect(names(timeline, 7)).toEqual(['', 'sc01_master_layerA_sh030_temp.mov', 'sc01_sh010_anim.mov']);
    expect(durations(timeline, 4)).toEqual([13, 100, 423, 100]);
    expect(durations(timeline, 5)).toEqual([335, 170, 131, 294]);
    expect(durations(timeline, 6)).toEqual([153, 198]);
    expect(durations(timeline, 7)).toEqual([956, 221, 94]);
    // mixed rate: 50 frames at 15 fps fill 100 timeline frames
    const v1 = clipsOf(timeline.tracks[0]!.items)[0]!;
    expect(v1.sourceRange).toEqual({ start: rt(0, makeRate(15)), duration: rt(50, makeRate(15)) });
    // file timecode offset and the transition's share of the incoming clip
    const [temp, , after] = timeline.tracks[3]!.items.slice(1) as [Clip, Transition, Clip];
    expect(temp.sourceRange.start.value).toBe(133);
    expect(after.sourceRange.start.value).toBe(18);
    expect(clipsOf(timeline.tracks[2]!.items)[0]!.sourceRange.start.value).toBe(108000);
    // sequence markers, plus the clip marker at its global frame
    const seqMarkers = timeline.markers.filter((m) => !m.metadata);
    expect(seqMarkers.map((m) => [m.name, m.frame, m.note])).toEqual([
      ['My MArker 1', 113, 'so, this happened'],
      ['', 298, ''],
      ['dsf', 492, 'fsfsfs'],
    ]);
    expect(timeline.markers.filter((m) => m.metadata).map((m) => [m.name, m.frame])).toEqual([['', 395]]);
    // media
    expect(references.map((r) => r.pathurl).every((u) => u?.startsWith('file://localhost/D%3a/media/'))).toBe(true);
    expect(references.find((r) => r.name === 'test_title')).toBeUndefined();
    expect(clipsOf(timeline.tracks[2]!.items)[0]!.mediaId).toBeNull();
    // linked picture and sound share a linkId
    const v2 = clipsOf(timeline.tracks[1]!.items)[0]!;
    const a1 = clipsOf(timeline.tracks[4]!.items)[0]!;
    expect(v2.linkId).toBeDefined();
    expect(a1.linkId).toBe(v2.linkId);
    expect(warnings.some((w) => /nested sequence/.test(w))).toBe(true);
  });

  it('reads hiero_xml_export.xml: source timecode, a clip with no media path, gaps', () => {
    const { timeline, references, warnings } = load('hiero_xml_export.xml');
    expect(timeline.rate).toEqual(makeRate(24));
    expect(timeline.tracks).toHaveLength(1);
    expect(timeline.tracks[0]!.name).toBe('Video 1');
    const items = timeline.tracks[0]!.items;
    expect(items.map((i) => i.kind)).toEqual(['gap', 'clip', 'gap', 'clip']);
    const [, c1, , c2] = items as [Item, Clip, Item, Clip];
    expect(c1.name).toBe('A160C005_171213_R0MN');
    expect(c1.sourceRange).toEqual({ start: rt(1101071, makeRate(24)), duration: rt(1055, makeRate(24)) });
    expect(c2.name).toBe('/');
    expect(c2.mediaId).toBeNull();
    expect(c2.sourceRange.start.value).toBe(326400);
    expect(layoutTrack(timeline.tracks[0]!, makeRate(24)).map((p) => [p.start, p.end])).toEqual([
      [0, 14],
      [14, 1069],
      [1069, 1085],
      [1085, 1324],
    ]);
    expect(references).toEqual([expect.objectContaining({ name: 'A160C005_171213_R0MN', pathurl: 'file://localhost/A160R0MN/A160R0MN/A160C005_171213_R0MN.mxf', timecodeFrame: 1101071 })]);
    expect(c1.mediaId).toBe(references[0]!.mediaId);
    expect(warnings.some((w) => /Time Remap/.test(w))).toBe(true);
    expect(timeline.metadata).toEqual({ fcp7: { version: '5', timecodeFrame: 86400 } });
  });
});

// Small hand-written xmeml snippets for what real exports from Premiere, Resolve, Final Cut
// Pro 7, Avid and OTIO (Kdenlive) do that the two sample files above do not.
const R = (tb: number, ntsc = false) => `<rate><timebase>${tb}</timebase><ntsc>${ntsc ? 'TRUE' : 'FALSE'}</ntsc></rate>`;
const seqXml = (inner: string, rate = R(25), name = 'Seq') => `<xmeml version="5"><sequence><name>${name}</name>${rate}${inner}</sequence></xmeml>`;
const video = (...tracks: string[]) => `<media><video>${tracks.map((t) => `<track>${t}</track>`).join('')}</video></media>`;
const item = (id: string, name: string, t: { start?: number; end?: number; in?: number; out?: number }, inner = '', rate = R(25)) =>
  `<clipitem id="${id}"><name>${name}</name>${rate}${(['start', 'end', 'in', 'out'] as const).map((k) => (t[k] === undefined ? '' : `<${k}>${t[k]}</${k}>`)).join('')}${inner}</clipitem>`;
const place = (tl: Timeline, track = 0) =>
  layoutTrack(tl.tracks[track]!, tl.rate).map(({ item: i, start, end }) => (i.kind === 'clip' ? [i.name, start, end, i.sourceRange.start.value] : [i.kind, start, end]));

describe('FCP 7 XML import of what other writers do', () => {
  it('opens the project sequence that is not nested in another, with a file defined in a bin', () => {
    const file = `<file id="f1"><name>A001.mov</name><pathurl>file://localhost/Volumes/RAID/Day%202/A001.mov</pathurl>${R(24, true)}<duration>2400</duration></file>`;
    const text = `<xmeml version="5"><project><name>Doc</name><children>
      <bin><name>Footage</name><children><clip id="m1"><name>A001</name><media><video><track><clipitem id="mc1">${file}</clipitem></track></video></media></clip></children></bin>
      <sequence id="sub"><name>Sub</name>${R(24, true)}${video(item('s1', 'A001', { start: 0, end: 48, in: 600, out: 648 }, '<file id="f1"/>', R(24, true)))}</sequence>
      <sequence id="main"><name>Main Edit</name>${R(24, true)}${video(item('c1', 'A001', { start: 0, end: 96, in: 100, out: 196 }, '<file id="f1"/>', R(24, true)) + item('c2', 'Sub', { start: 96, end: 144, in: 0, out: 48 }, '<sequence id="sub"/>', R(24, true)))}</sequence>
      <bin><name>Old</name><children><sequence id="alt"><name>Alt Cut</name>${R(24, true)}</sequence></children></bin>
    </children></project></xmeml>`;
    const { timeline, references, warnings } = importFcp7(text);
    expect(timeline.name).toBe('Main Edit');
    expect(timeline.rate).toEqual(makeRate(24000, 1001));
    expect(place(timeline)).toEqual([
      ['A001', 0, 96, 100],
      ['Sub', 96, 144, 0],
    ]);
    expect(references).toEqual([expect.objectContaining({ name: 'A001.mov', pathurl: 'file://localhost/Volumes/RAID/Day%202/A001.mov' })]);
    expect(clipsOf(timeline.tracks[0]!.items)[1]!).toMatchObject({ mediaId: null, metadata: { fcp7: { nestedSequence: true } } });
    expect(warnings).toContain('"Sub" is a nested sequence; imported as an offline clip of the same length');
    expect(warnings).toContain('the file holds 2 sequences; "Main Edit" is opened, not "Alt Cut"');
  });

  it('reads timecodes given only as a string, drop-frame included, and converts a file timecode to the clip rate', () => {
    const df = R(30, true);
    const text = seqXml(
      video(
        item('a', 'resolve', { start: 0, end: 30, in: 48, out: 78 }, `<file id="fa"><name>a.mov</name><pathurl>file:///a.mov</pathurl>${df}<timecode><string>10:00:00;00</string><displayformat>DF</displayformat>${df}</timecode></file>`, df) +
          item('b', 'premiere', { start: 30, end: 60, in: 0, out: 30 }, `<file id="fb"><name>b.mov</name><pathurl>file:///b.mov</pathurl>${df}<timecode>${df}<string>00;01;00;02</string></timecode></file>`, df) +
          item('c', 'fifty', { start: 60, end: 90, in: 10, out: 40 }, `<file id="fc"><name>c.mov</name><pathurl>file:///c.mov</pathurl>${R(25)}<timecode>${R(25)}<frame>250</frame></timecode></file>`, R(50)) +
          item('d', 'film', { start: 90, end: 120, in: 0, out: 30 }, `<file id="fd"><name>d.mov</name><pathurl>file:///d.mov</pathurl>${R(24, true)}<timecode><rate><timebase>24</timebase></rate><frame>1226505</frame></timecode></file>`, R(24, true)),
      ),
      df,
    ).replace('<media>', `<timecode>${df}<string>01:00:00;00</string><displayformat>DF</displayformat></timecode><media>`);
    const { timeline, references } = importFcp7(text);
    // 10:00:00;00 drop-frame is frame 1078920; 00;01;00;02 is 1800; 10 s at 25 fps is 500 frames at 50
    expect(clipsOf(timeline.tracks[0]!.items).map((c) => c.sourceRange.start.value)).toEqual([1078920 + 48, 1800, 500 + 10, 1226505]);
    expect(references.map((r) => r.timecodeFrame)).toEqual([1078920, 1800, 250, 1226505]);
    expect(references[3]!.rate).toEqual(makeRate(24000, 1001));
    expect(timeline.metadata).toEqual({ fcp7: { version: '5', timecodeFrame: 107892 } });
  });

  it('names tracks from Premiere\'s MZ.TrackName and keeps disabled tracks and clips', () => {
    const f = `<file id="f"><name>s.mp4</name><pathurl>file://localhost/s.mp4</pathurl></file>`;
    const text = `<xmeml version="4"><sequence><name>s</name>${R(25)}<media><video>
      <track MZ.TrackName="base">${item('a', 'on', { start: 0, end: 81, in: 0, out: 81 }, `${f}<enabled>TRUE</enabled>`)}<enabled>TRUE</enabled></track>
      <track MZ.TrackName="disabled_track">${item('b', 'off', { start: 81, end: 177, in: 0, out: 96 }, '<file id="f"/><enabled>FALSE</enabled>')}<enabled>FALSE</enabled><locked>TRUE</locked></track>
      <track><name>Video 3</name></track>
    </video></media></sequence></xmeml>`;
    const { timeline } = importFcp7(text);
    expect(timeline.tracks.map((t) => [t.name, t.enabled, t.locked])).toEqual([
      ['base', true, false],
      ['disabled_track', false, true],
      ['Video 3', true, false],
    ]);
    expect(clipsOf(timeline.tracks[1]!.items)[0]!.enabled).toBe(false);
  });

  it('takes the length of clip items with <in>/<out> missing or -1 from <start>/<end>, and places items without <start> after the one before', () => {
    const f = `<file id="f"><name>a.mov</name><pathurl>file:///a.mov</pathurl></file>`;
    const text = seqXml(
      video(
        // the file is defined in full only by the last clip item that uses it
        item('1', 'minus one', { start: 0, end: 48, in: -1, out: -1 }, '<file id="f"/>') +
          item('2', 'no in/out', { start: 48, end: 96 }, '<file id="f"/>') +
          item('3', 'no start/end', { in: 200, out: 224 }, '<file id="f"/>') +
          item('4', 'start/end -1', { start: -1, end: -1, in: 300, out: 324 }, '<file id="f"/>') +
          item('5', 'only out', { start: 150, end: 174, out: 500 }, f),
      ),
    );
    const { timeline, references, warnings } = importFcp7(text);
    expect(place(timeline)).toEqual([
      ['minus one', 0, 48, 0],
      ['no in/out', 48, 96, 0],
      ['no start/end', 96, 120, 200],
      ['start/end -1', 120, 144, 300],
      ['gap', 144, 150],
      ['only out', 150, 174, 476],
    ]);
    expect(warnings.filter((w) => /overlaps/.test(w))).toEqual([]);
    expect(warnings).toContain('"minus one" has no source in point; it starts at the head of its media');
    expect(new Set(clipsOf(timeline.tracks[0]!.items).map((c) => c.mediaId))).toEqual(new Set([references[0]!.mediaId]));
    expect(references).toEqual([expect.objectContaining({ name: 'a.mov', pathurl: 'file:///a.mov' })]);
  });

  it('merges the mono tracks holding further channels of a file into one audio track, and keeps other tracks', () => {
    const links = '<link><linkclipref>v</linkclipref></link>' + [1, 2, 3, 4].map((n) => `<link><linkclipref>a${n}</linkclipref></link>`).join('');
    const wav = `<file id="w"><name>take.wav</name><pathurl>file:///take.wav</pathurl></file>`;
    const channel = (n: number) => `<track>${item(`a${n}`, 'take.wav', { start: 0, end: 250, in: 100, out: 350 }, `${n === 1 ? wav : '<file id="w"/>'}<sourcetrack><mediatype>audio</mediatype><trackindex>${n}</trackindex></sourcetrack>${links}`)}</track>`;
    const music = `<track>${item('m', 'music.aif', { start: 50, end: 250, in: 0, out: 200 }, '<file id="mu"><name>music.aif</name><pathurl>file:///music.aif</pathurl></file>')}</track>`;
    const pic = item('v', 'take', { start: 0, end: 250, in: 100, out: 350 }, `<file id="p"><name>take.mov</name><pathurl>file:///take.mov</pathurl></file>${links}`);
    const text = seqXml(`<media><video><track>${pic}</track></video><audio>${[1, 2, 3, 4].map(channel).join('')}${music}</audio></media>`);
    const { timeline, warnings } = importFcp7(text);
    expect(timeline.tracks.map((t) => `${t.kind}:${clipsOf(t.items).map((c) => c.name).join(',')}`)).toEqual(['video:take', 'audio:take.wav', 'audio:music.aif']);
    expect(clipsOf(timeline.tracks[1]!.items)[0]!.linkId).toBe(clipsOf(timeline.tracks[0]!.items)[0]!.linkId);
    expect(warnings).toContain("3 audio tracks held further channels of the clips on A1; merged into A1 (a Segue clip plays all of its file's channels)");
    // the same channel twice is a deliberate copy, not a further channel
    const twice = seqXml(`<media><audio>${channel(1)}${channel(1).replace(/a1/g, 'a1b')}</audio></media>`);
    expect(importFcp7(twice).timeline.tracks).toHaveLength(2);
  });

  it('imports generators (slugs, colour mattes, titles) as offline clips that say what they were', () => {
    const R24 = R(24, true);
    const text = seqXml(
      video(
        `<generatoritem id="g1"><name>White</name><start>383</start><end>432</end><in>86313</in><out>86362</out>${R24}<effect><name>Color</name><effectid>Color</effectid><effecttype>generator</effecttype></effect></generatoritem>` +
          item('g2', 'Black Video', { start: 432, end: 551, in: 86313, out: 86432 }, `<file id="s"><name>Black Video</name><mediaSource>Slug</mediaSource>${R(30, true)}<timecode>${R(30, true)}<string>00;00;00;00</string><frame>0</frame><displayformat>DF</displayformat></timecode></file>`, R24) +
          `<generatoritem id="g3"><start>551</start><end>600</end><in>0</in><out>49</out>${R24}<effect><name>Text</name><effectid>Text</effectid><effecttype>generator</effecttype></effect></generatoritem>`,
      ),
      R24,
    );
    const { timeline, references, warnings } = importFcp7(text);
    const clips = clipsOf(timeline.tracks[0]!.items);
    expect(clips.map((c) => [c.name, c.mediaId, (c.metadata?.fcp7 as { generator?: string }).generator])).toEqual([
      ['White', null, 'Color'],
      ['Black Video', null, 'Slug'],
      ['Text', null, 'Text'],
    ]);
    expect(clips[0]!.sourceRange).toEqual({ start: rt(86313, makeRate(24000, 1001)), duration: rt(49, makeRate(24000, 1001)) });
    expect(layoutTrack(timeline.tracks[0]!, timeline.rate)[1]).toMatchObject({ start: 383, end: 432 });
    expect(references).toEqual([]);
    expect(warnings).toContain('"White" is a generator (Color); imported as an offline clip');
    // a Final Cut Pro 7 multiclip, or a clip item naming no media at all, is offline and says so
    const multi = importFcp7(seqXml(video(item('m', 'Multiclip 1', { start: 0, end: 10, in: 0, out: 10 }, '<multiclip id="mc"><name>Multiclip 1</name></multiclip>') + item('n', 'bare', { start: 10, end: 20, in: 0, out: 10 }))));
    expect(clipsOf(multi.timeline.tracks[0]!.items).map((c) => c.mediaId)).toEqual([null, null]);
    expect(multi.warnings).toEqual(['"Multiclip 1" is a multiclip; imported as an offline clip', '"bare" has no media file; imported as an offline clip']);
  });

  it('cuts at the transition edge its alignment names, fades from and to black included', () => {
    const f = `<file id="f"><name>b.mov</name><pathurl>file:///b.mov</pathurl></file>`;
    const tr = (start: number, end: number, alignment: string) => `<transitionitem><start>${start}</start><end>${end}</end><alignment>${alignment}</alignment><effect><name>Cross Dissolve</name></effect></transitionitem>`;
    const text = seqXml(
      video(
        tr(0, 15, 'start-black') +
          item('1', 'one', { start: -1, end: -1, in: 100, out: 190 }, f, R(30)) +
          tr(75, 90, 'end') +
          item('2', 'two', { start: -1, end: -1, in: 400, out: 500 }, '<file id="f"/>', R(30)) +
          tr(150, 160, 'start') +
          item('3', 'three', { start: -1, end: -1, in: 600, out: 700 }, '<file id="f"/>', R(30)) +
          tr(230, 240, 'end-black'),
      ),
      R(30),
    );
    const items = importFcp7(text).timeline.tracks[0]!.items;
    expect(items.map((i) => (i.kind === 'transition' ? [i.inOffset.value, i.outOffset.value] : i.kind === 'clip' ? [i.name, i.sourceRange.start.value, i.sourceRange.duration.value] : i.kind))).toEqual([
      [0, 15],
      ['one', 100, 90],
      [15, 0],
      // the incoming clip's <in> is where the transition starts using it, 15 frames before the cut
      ['two', 415, 60],
      [0, 10],
      ['three', 600, 90],
      [10, 0],
    ]);
    // a transition that does not say where it lies is left out, not a reason to refuse the file
    const broken = seqXml(video(item('1', 'one', { start: 0, end: 30, in: 0, out: 30 }, f) + '<transitionitem><alignment>center</alignment></transitionitem>'));
    const { timeline, warnings } = importFcp7(broken);
    expect(timeline.tracks[0]!.items.map((i) => i.kind)).toEqual(['clip']);
    expect(warnings).toContain('line 1: a transition without a usable <start>/<end> is left out');
  });

  it('puts clip markers where they fall on the timeline and leaves out those outside the used part', () => {
    const f = `<file id="f"><name>a.mov</name><pathurl>file:///a.mov</pathurl></file>`;
    const mk = (name: string, at: number, out = -1) => `<marker><name>${name}</name><comment>c</comment><in>${at}</in><out>${out}</out></marker>`;
    const text = seqXml(
      video(
        item('1', 'a', { start: 0, end: -1, in: 0, out: 60 }, f + mk('before', 5), R(30)) +
          `<transitionitem><start>40</start><end>60</end><alignment>center</alignment><effect><name>Cross Dissolve</name></effect></transitionitem>` +
          item('2', 'half rate', { start: -1, end: 100, in: 20, out: 45 }, `<file id="f"/>${mk('inside', 35, 40)}${mk('outside', 500)}`, R(15)),
      ),
      R(30),
    );
    const { timeline, warnings } = importFcp7(text);
    // clip 2 shows source frame 20 + 5 (the transition's first half at 15 fps) at frame 50
    expect(timeline.markers.map((m) => [m.name, m.frame, m.duration])).toEqual([
      ['before', 5, 0],
      ['inside', 70, 10],
    ]);
    expect(warnings).toContain('"half rate": 1 clip marker outside the part of the clip that is used, left out');
    // Premiere's <pproColor> (red in the low byte); markers without one stay red, as in OTIO
    const colours = seqXml(video(''), R(30)).replace('</sequence>', [4281740498, 4281828977, 4292277273].map((c, i) => `<marker><name>m${i}</name><in>${i}</in><out>-1</out><pproColor>${c}</pproColor></marker>`).join('') + '</sequence>');
    expect(importFcp7(colours).timeline.markers.map((m) => m.color)).toEqual(['red', 'green', 'cyan']);
    expect(timeline.markers.map((m) => m.color)).toEqual(['red', 'red']);
  });

  it('reads a sequence without its own <rate> at its format\'s rate, and refuses files that hold no timeline in one line', () => {
    const text = `<xmeml version="5"><sequence><name>n</name><media><video><format><samplecharacteristics>${R(25)}<width>1280</width><height>720</height></samplecharacteristics></format><track>${item('x', 'x', { start: 0, end: 50, in: 0, out: 50 }, '<file id="f"><pathurl>file:///dir/bad%zzname.mov</pathurl></file>')}</track></video></media></sequence></xmeml>`;
    const { timeline, references, warnings } = importFcp7(text);
    expect(timeline.rate).toEqual(makeRate(25));
    expect(warnings).toContain('the sequence has no <rate>; it is read at 25 fps, the rate of its video format');
    // a stray "%" in a path with no <name> does not stop the import
    expect(references[0]!.name).toBe('bad%zzname.mov');
    expect(() => importFcp7('<xmeml version="4"><bin><name>b</name><children><clip><name>c</name></clip></children></bin></xmeml>')).toThrow(/^FCP 7 XML file has no <sequence>: it holds no timeline to open$/);
    expect(() => importFcp7('<xmeml version="4"><sequence><name>s</name></sequence></xmeml>')).toThrow(/^FCP 7 XML line 1: the sequence has no <rate><timebase>$/);
    // absurd numbers are refused in one line, not carried into the timeline maths
    expect(() => importFcp7(seqXml(video(item('x', 'x', { start: 0, end: 5e12, in: 0, out: 10 }))))).toThrow(/^FCP 7 XML line 1: <end>5000000000000<\/end> in <clipitem> is not a usable frame number$/);
    expect(() => importFcp7(seqXml(video(''), '<rate><timebase>0.000001</timebase></rate>'))).toThrow(/the sequence has no <rate><timebase>$/);
  });
});
