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
