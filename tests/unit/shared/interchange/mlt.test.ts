// MLT XML export: the structure Shotcut and melt read, checked by parsing the output back
// (shared/interchange/fcp7/xml.ts) rather than comparing strings. Rendering it with melt
// is tested in tests/integration/interchange/mlt.test.ts.
import { describe, expect, it } from 'vitest';
import { exportMlt, MARKER_HEX, MLT_VERSION } from '../../../../shared/interchange/mlt/export';
import { child, childElements, descendants, parseXml, textOf, type XmlElement } from '../../../../shared/interchange/fcp7/xml';
import { createProject } from '../../../../shared/timeline/factory';
import { trackFrames } from '../../../../shared/timeline/layout';
import type { Clip, Gap, Media, Project, Track, Transition } from '../../../../shared/timeline/model';
import { makeRate, rt, type Rate } from '../../../../shared/timeline/time';
import { fakeMedia } from '../../../helpers/fakeMedia';

const R30 = makeRate(30);
const R25 = makeRate(25);


const media = (id: string, name: string, extra: Partial<Media> = {}): Media => fakeMedia(id, name, {}, extra);

const still = (id: string, name: string): Media =>
  media(id, name, { kind: 'image', probe: { path: `/footage/${name}`, formatName: 'png_pipe', durationSeconds: 0, sizeBytes: 1, streams: [{ index: 0, type: 'video', codec: 'png', width: 800, height: 800, stillImage: true }] } });

const clip = (id: string, mediaId: string | null, start: number, frames: number, extra: Partial<Clip> = {}, rate: Rate = R30): Clip => ({
  kind: 'clip',
  id,
  name: id,
  mediaId,
  sourceRange: { start: rt(start, rate), duration: rt(frames, rate) },
  enabled: true,
  ...extra,
});
const gap = (id: string, frames: number): Gap => ({ kind: 'gap', id, duration: rt(frames, R30) });
const dissolve = (id: string, before: number, after: number, extra: Partial<Transition> = {}): Transition => ({
  kind: 'transition',
  id,
  name: 'Cross Dissolve',
  transitionType: 'SMPTE_Dissolve',
  inOffset: rt(before, R30),
  outOffset: rt(after, R30),
  ...extra,
});

function project(video = 2, audio = 2, settings: Partial<Project['settings']> = {}): Project {
  const p = createProject('Edit', { width: 1280, height: 720, rate: R30, sampleRate: 48000, channels: 2, fit: 'fit', ...settings }, { video, audio });
  p.media = [media('m1', 'a.mov'), media('m2', 'b.mov'), media('m3', 'unused.mov')];
  return p;
}
const tracks = (p: Project): Track[] => p.timeline.tracks;

// ---- reading the output back ----------------------------------------------------------

const doc = (p: Project): XmlElement => parseXml(exportMlt(p));
/** An element's <property> children as name -> text. */
const props = (el: XmlElement): Record<string, string> => Object.fromEntries(childElements(el, 'property').map((x) => [x.attrs.name!, textOf(x)]));
const byId = (root: XmlElement, id: string): XmlElement => {
  const hit = childElements(root).find((e) => e.attrs.id === id);
  if (!hit) throw new Error(`no element ${id}`);
  return hit;
};
const mainTractor = (root: XmlElement): XmlElement => childElements(root, 'tractor').at(-1)!;
const multitrack = (root: XmlElement): XmlElement[] => childElements(child(mainTractor(root), 'multitrack')!, 'track');
/** The playlist for the n-th Segue track (in the multitrack: after the background). */
const playlistOf = (root: XmlElement, n: number): XmlElement => byId(root, multitrack(root)[n + 1]!.attrs.producer!);

type Row = { blank: number } | { producer: string; in: number; out: number; filters: XmlElement[] };
const rows = (pl: XmlElement): Row[] =>
  childElements(pl)
    .filter((e) => e.name === 'entry' || e.name === 'blank')
    .map((e) => (e.name === 'blank' ? { blank: Number(e.attrs.length) } : { producer: e.attrs.producer!, in: Number(e.attrs.in), out: Number(e.attrs.out), filters: childElements(e, 'filter') }));
/** Frames a playlist plays: entries are in..out inclusive. */
const playlistFrames = (pl: XmlElement): number => rows(pl).reduce((sum, r) => sum + ('blank' in r ? r.blank : r.out - r.in + 1), 0);
const producerOf = (root: XmlElement, mediaId: string): XmlElement => childElements(root, 'producer').find((p) => props(p)['segue:media_id'] === mediaId)!;

describe('MLT XML export', () => {
  it('writes the mlt root and a profile with the project size, the timeline rate, square pixels and BT.709', () => {
    const root = doc(project());
    expect(root.name).toBe('mlt');
    expect(root.attrs).toMatchObject({ LC_NUMERIC: 'C', version: MLT_VERSION, title: 'Edit', producer: 'main_bin' });
    expect(MLT_VERSION).toBe('7.12.0');
    const profile = child(root, 'profile')!;
    expect(profile.attrs).toMatchObject({
      width: '1280',
      height: '720',
      frame_rate_num: '30',
      frame_rate_den: '1',
      progressive: '1',
      sample_aspect_num: '1',
      sample_aspect_den: '1',
      display_aspect_num: '16',
      display_aspect_den: '9',
      colorspace: '709',
    });
    const ntsc = project(1, 0, { width: 1080, height: 1920, rate: makeRate(30000, 1001) });
    ntsc.timeline.rate = makeRate(30000, 1001);
    expect(child(doc(ntsc), 'profile')!.attrs).toMatchObject({ width: '1080', height: '1920', frame_rate_num: '30000', frame_rate_den: '1001', display_aspect_num: '9', display_aspect_den: '16' });
  });

  it('defines one producer per media file the timeline uses, with its path, length, service and caption', () => {
    const p = project(1, 1);
    p.media.push(still('m4', 'card.png'));
    const [v, a] = tracks(p);
    v!.items = [clip('c1', 'm1', 0, 30), clip('c2', 'm1', 60, 30), clip('c3', 'm4', 0, 90)];
    a!.items = [clip('c4', 'm2', 0, 30), clip('c5', 'gone', 0, 10), clip('c6', null, 0, 10)];
    const root = doc(p);
    const producers = childElements(root, 'producer').filter((x) => x.attrs.id !== 'black');
    expect(producers.map((x) => props(x)['segue:media_id'])).toEqual(['m1', 'm2', 'm4']); // not the unused one
    const a1 = props(producerOf(root, 'm1'));
    expect(a1).toMatchObject({ resource: '/footage/a.mov', mlt_service: 'avformat', length: '600', 'shotcut:caption': 'a.mov' });
    expect(producerOf(root, 'm1').attrs).toMatchObject({ in: '0', out: '599' });
    const card = props(producerOf(root, 'm4'));
    expect(card).toMatchObject({ resource: '/footage/card.png', mlt_service: 'pixbuf', length: '90' });
    // Shotcut's bin lists them
    const bin = byId(root, 'main_bin');
    expect(props(bin).xml_retain).toBe('1');
    expect(rows(bin).map((r) => ('producer' in r ? r.producer : ''))).toEqual(producers.map((x) => x.attrs.id));
    // producers are defined before anything refers to them
    const order = childElements(root).map((e) => e.attrs.id);
    for (const x of producers) expect(order.indexOf(x.attrs.id)).toBeLessThan(order.indexOf('main_bin'));
  });

  it('writes clips as entries with inclusive out points and gaps as blanks, so every track is as long as in Segue', () => {
    const p = project(1, 1);
    const [v, a] = tracks(p);
    v!.items = [gap('g1', 12), clip('c1', 'm1', 10, 60), clip('c2', 'm2', 0, 1), gap('g2', 5), clip('c3', 'm1', 300, 45)];
    a!.items = [clip('c4', 'm1', 10, 60)];
    const root = doc(p);
    const p1 = producerOf(root, 'm1').attrs.id!;
    const p2 = producerOf(root, 'm2').attrs.id!;
    expect(rows(playlistOf(root, 0)).map((r) => ('blank' in r ? r : { producer: r.producer, in: r.in, out: r.out }))).toEqual([
      { blank: 12 },
      { producer: p1, in: 10, out: 69 },
      { producer: p2, in: 0, out: 0 },
      { blank: 5 },
      { producer: p1, in: 300, out: 344 },
    ]);
    expect(playlistFrames(playlistOf(root, 0))).toBe(trackFrames(v!, R30));
    expect(playlistFrames(playlistOf(root, 1))).toBe(60);
    // the background and the timeline tractor run the whole timeline
    const total = trackFrames(v!, R30);
    expect(playlistFrames(byId(root, 'background'))).toBe(total);
    expect(mainTractor(root).attrs).toMatchObject({ in: '0', out: String(total - 1) });
  });

  it('converts source times to frames at the timeline rate', () => {
    const p = project(1, 0);
    tracks(p)[0]!.items = [clip('c1', 'm1', 50, 25, {}, R25)]; // 2 s..3 s of the source, at 25 fps
    const r = rows(playlistOf(doc(p), 0))[0]!;
    expect(r).toMatchObject({ in: 60, out: 89 }); // 2 s..3 s at 30 fps
  });

  it('writes disabled clips and clips without usable media as blanks of their length', () => {
    const p = project(1, 1);
    p.media.push(media('m5', 'tone.wav', { kind: 'audio', probe: { path: '/footage/tone.wav', formatName: 'wav', durationSeconds: 20, sizeBytes: 1, streams: [{ index: 0, type: 'audio', codec: 'pcm_s16le', sampleRate: 48000, channels: 2 }] } }));
    const [v, a] = tracks(p);
    v!.items = [clip('c1', 'm1', 0, 10), clip('c2', 'm1', 10, 20, { enabled: false }), clip('c3', 'gone', 0, 7), clip('c4', null, 0, 3), clip('c5', 'm5', 0, 4), clip('c6', 'm1', 40, 10)];
    a!.items = [clip('c7', 'm5', 0, 30)];
    const root = doc(p);
    const pl = rows(playlistOf(root, 0));
    // 20 + 7 + 3 + 4 frames of nothing between the two clips (a sound file has no picture)
    expect(pl.map((r) => ('blank' in r ? `blank ${r.blank}` : `${r.in}-${r.out}`))).toEqual(['0-9', 'blank 34', '40-49']);
    expect(rows(playlistOf(root, 1))).toMatchObject([{ in: 0, out: 29 }]);
  });

  it('stacks background, video tracks bottom to top, then audio, with hide flags so only audio tracks sound', () => {
    const p = project(3, 3);
    const [v1, v2, v3, a1, a2, a3] = tracks(p);
    v2!.enabled = false;
    a2!.muted = true;
    for (const t of tracks(p)) t.items = [clip(`c-${t.id}`, 'm1', 0, 10)];
    const root = doc(p);
    const mt = multitrack(root);
    expect(mt[0]!.attrs).toEqual({ producer: 'background' });
    expect(mt.slice(1).map((t) => props(byId(root, t.attrs.producer!))['shotcut:name'])).toEqual(['V1', 'V2', 'V3', 'A1', 'A2', 'A3']);
    expect(mt.slice(1).map((t) => props(byId(root, t.attrs.producer!))['segue:track_id'])).toEqual([v1, v2, v3, a1, a2, a3].map((t) => t!.id));
    // a video clip's own sound is never played (Segue plays audio tracks only)
    expect(mt.slice(1).map((t) => t.attrs.hide)).toEqual(['audio', 'both', 'audio', 'video', 'both', 'video']);
    expect(mt.slice(1, 4).every((t) => props(byId(root, t.attrs.producer!))['shotcut:video'] === '1')).toBe(true);
    expect(mt.slice(4).every((t) => props(byId(root, t.attrs.producer!))['shotcut:audio'] === '1')).toBe(true);

    // solo: only soloed (unmuted) audio tracks sound
    a3!.solo = true;
    expect(multitrack(doc(p)).slice(4).map((t) => t.attrs.hide)).toEqual(['both', 'both', 'video']);
  });

  it('mixes every track onto the background and composites each video track above V1 onto V1', () => {
    const p = project(3, 1);
    const tractor = mainTractor(doc(p));
    const transitions = childElements(tractor, 'transition').map(props);
    const mixes = transitions.filter((t) => t.mlt_service === 'mix');
    expect(mixes.map((t) => [t.a_track, t.b_track, t.always_active, t.sum])).toEqual([1, 2, 3, 4].map((b) => ['0', String(b), '1', '1']));
    const composites = transitions.filter((t) => t.mlt_service === 'composite');
    // Shotcut keeps V1's blend disabled and composites higher tracks onto the bottom video track
    expect(composites.map((t) => [t.a_track, t.b_track, t.disable ?? '0'])).toEqual([
      ['0', '1', '1'],
      ['1', '2', '0'],
      ['1', '3', '0'],
    ]);
    expect(composites.every((t) => t.halign === 'center' && t.valign === 'middle' && t.fill === '1')).toBe(true);
    expect(props(tractor)).toMatchObject({ shotcut: '1', 'shotcut:projectAudioChannels': '2' });
  });

  it('writes a dissolve as a two-track tractor entry taking its frames from the handles, so the track keeps its length', () => {
    const p = project(1, 1);
    const [v, a] = tracks(p);
    // a.mov 10..69 then b.mov from 30: 5 frames of head handle before the cut, plenty of tail after
    v!.items = [gap('g', 4), clip('c1', 'm1', 10, 60), dissolve('x1', 5, 5), clip('c2', 'm2', 30, 45)];
    a!.items = [gap('g', 4), clip('c3', 'm1', 10, 60, { gainDb: -6 }), dissolve('x2', 5, 5), clip('c4', 'm2', 30, 45)];
    const root = doc(p);
    const p1 = producerOf(root, 'm1').attrs.id!;
    const p2 = producerOf(root, 'm2').attrs.id!;
    const pl = rows(playlistOf(root, 0));
    // cut at 64: the dissolve runs 59..68, a.mov up to 58 (source 64), b.mov from 69 (source 35)
    expect(pl.map((r) => ('blank' in r ? r : { producer: r.producer, in: r.in, out: r.out }))).toEqual([
      { blank: 4 },
      { producer: p1, in: 10, out: 64 },
      { producer: expect.stringMatching(/^tractor\d+$/) as unknown as string, in: 0, out: 9 },
      { producer: p2, in: 35, out: 74 },
    ]);
    expect(playlistFrames(playlistOf(root, 0))).toBe(trackFrames(v!, R30));
    const tr = byId(root, (pl[2] as { producer: string }).producer);
    expect(tr.name).toBe('tractor');
    expect(tr.attrs).toMatchObject({ in: '0', out: '9' });
    expect(props(tr)['shotcut:transition']).toBe('lumaMix');
    // outgoing a.mov 65..74 (past its out point), incoming b.mov 25..34 (before its in point)
    expect(childElements(child(tr, 'multitrack')!, 'track').map((t) => t.attrs)).toEqual([
      { producer: p1, in: '65', out: '74' },
      { producer: p2, in: '25', out: '34' },
    ]);
    const [luma, mix] = childElements(tr, 'transition');
    expect(props(luma!)).toMatchObject({ mlt_service: 'luma', a_track: '0', b_track: '1' });
    expect(props(mix!)).toMatchObject({ mlt_service: 'mix', a_track: '0', b_track: '1', start: '-1' });
    expect(luma!.attrs.out).toBe('9');
    // tractors are defined before the playlist that plays them
    const order = childElements(root).map((e) => e.attrs.id);
    expect(order.indexOf(tr.attrs.id!)).toBeLessThan(order.indexOf(multitrack(root)[1]!.attrs.producer));
    // the sound: gain on the entries and on the outgoing side of the crossfade
    const apl = rows(playlistOf(root, 1));
    expect(apl).toHaveLength(4);
    const first = apl[1] as { filters: XmlElement[] };
    expect(first.filters.map(props)).toEqual([expect.objectContaining({ mlt_service: 'volume', level: '-6' })]);
    const atr = byId(root, (apl[2] as { producer: string }).producer);
    expect(childElements(atr, 'filter').map((f) => [f.attrs.track, props(f).mlt_service, props(f).level])).toEqual([['0', 'volume', '-6']]);
  });

  it('limits a dissolve to the handles there are', () => {
    const p = project(1, 0);
    // b.mov from source frame 2: only 2 frames before the cut; a.mov ends 1 frame before its media does
    tracks(p)[0]!.items = [clip('c1', 'm1', 539, 60), dissolve('x1', 8, 8), clip('c2', 'm2', 2, 30)];
    const root = doc(p);
    const pl = rows(playlistOf(root, 0)) as Array<{ producer: string; in: number; out: number }>;
    expect(pl.map((r) => r.out - r.in + 1)).toEqual([58, 3, 29]); // 2 before the cut + 1 after
    const tr = byId(root, pl[1]!.producer);
    expect(childElements(child(tr, 'multitrack')!, 'track').map((t) => [t.attrs.in, t.attrs.out])).toEqual([
      ['597', '599'],
      ['0', '2'],
    ]);
  });

  it('fades the clips out and in where a transition has no handles (Shotcut fade filters), keeping the length', () => {
    const p = project(2, 1);
    const [v1, v2, a1] = tracks(p);
    v1!.items = [clip('c1', 'm1', 540, 60), dissolve('x1', 6, 4), clip('c2', 'm2', 0, 30)];
    v2!.items = [clip('c3', 'm1', 540, 60), dissolve('x2', 6, 4), clip('c4', 'm2', 0, 30)];
    a1!.items = [clip('c5', 'm1', 540, 60), dissolve('x3', 6, 4, { metadata: { 'segue.curve': 'linear' } }), clip('c6', 'm2', 0, 30)];
    const root = doc(p);
    expect(childElements(root, 'tractor')).toHaveLength(1); // no dissolve tractors
    const fadeOf = (n: number) => {
      const pl = rows(playlistOf(root, n)) as Array<{ in: number; out: number; filters: XmlElement[] }>;
      expect(pl.map((r) => [r.in, r.out])).toEqual([
        [540, 599],
        [0, 29],
      ]);
      const [out] = pl[0]!.filters;
      const [inn] = pl[1]!.filters;
      return { out: { ...out!.attrs, ...props(out!) }, in: { ...inn!.attrs, ...props(inn!) } };
    };
    const bottom = fadeOf(0);
    expect(bottom.out).toMatchObject({ in: '594', out: '599', mlt_service: 'brightness', level: '0=1;5=0.167', 'shotcut:filter': 'fadeOutBrightness' });
    expect(bottom.in).toMatchObject({ in: '0', out: '3', mlt_service: 'brightness', level: '0=0;3=0.75', 'shotcut:filter': 'fadeInBrightness' });
    const above = fadeOf(1); // through transparency, so V1 shows
    expect(above.out).toMatchObject({ mlt_service: 'brightness', level: '1', alpha: '0=1;5=0.167' });
    expect(above.in).toMatchObject({ level: '1', alpha: '0=0;3=0.75' });
    const sound = fadeOf(2);
    expect(sound.out).toMatchObject({ in: '594', out: '599', mlt_service: 'volume', 'shotcut:filter': 'fadeOutVolume' });
    // linear: 1, 5/6 … 1/6 as dB
    expect(sound.out.level!.split(';').map((k) => Number(k.split('=')[1]))).toEqual([1, 5 / 6, 4 / 6, 3 / 6, 2 / 6, 1 / 6].map((g) => Math.round(20 * Math.log10(g) * 1000) / 1000));
    expect(sound.in.level!.split(';')[0]).toBe('0=-60');
    for (let n = 0; n < 3; n++) expect(playlistFrames(playlistOf(root, n))).toBe(90);
  });

  it('keeps generated media provenance on the producer', () => {
    const p = project(1, 0);
    p.media.push(media('g1', 'gen.mp4', { origin: 'generated', provenance: { provider: 'fal', model: 'kling-2', prompt: 'a cat on a <roof> & "sky"\nat dusk', seed: 7, jobId: 'job-42', costUsd: 0.35, createdAt: '2026-01-01T00:00:00Z' } }));
    tracks(p)[0]!.items = [clip('c1', 'g1', 0, 30), clip('c2', 'm1', 0, 30)];
    const root = doc(p);
    expect(props(producerOf(root, 'g1'))).toMatchObject({
      'segue:generated': '1',
      'segue:provider': 'fal',
      'segue:model': 'kling-2',
      'segue:prompt': 'a cat on a <roof> & "sky"\nat dusk',
      'segue:job_id': 'job-42',
      'segue:seed': '7',
    });
    expect(props(producerOf(root, 'm1'))['segue:generated']).toBeUndefined();
  });

  it('writes markers as Shotcut markers on the timeline tractor (end frame inclusive)', () => {
    const p = project(1, 0);
    tracks(p)[0]!.items = [clip('c1', 'm1', 0, 300)];
    p.timeline.markers = [
      { id: 'k1', name: 'Look here', frame: 90, duration: 0, color: 'red', note: '' },
      { id: 'k2', name: '', frame: 120, duration: 30, color: 'blue', note: 'the note' },
    ];
    const holder = childElements(mainTractor(doc(p)), 'properties').find((x) => x.attrs.name === 'shotcut:markers')!;
    expect(childElements(holder, 'properties').map((m) => ({ name: m.attrs.name, ...props(m) }))).toEqual([
      { name: '0', text: 'Look here', start: '90', end: '90', color: MARKER_HEX.red },
      { name: '1', text: 'the note', start: '120', end: '149', color: MARKER_HEX.blue },
    ]);
    expect(Object.values(MARKER_HEX).every((c) => /^#[0-9A-F]{6}$/.test(c))).toBe(true);
  });

  it('escapes hostile names and paths so they read back unchanged', () => {
    const hostile = `x" /><producer id="evil"><property name="resource">/etc/passwd</property></producer><!-- & ]]> 'q' <`;
    const p = project(1, 1);
    p.name = hostile;
    p.timeline.name = hostile;
    p.media = [media('m1', hostile, { path: `/footage/${hostile}\nline.mov` })];
    const [v, a] = tracks(p);
    v!.name = hostile;
    a!.name = `A1 & <b>`;
    v!.items = [clip('c1', 'm1', 0, 30)];
    p.timeline.markers = [{ id: 'k1', name: hostile, frame: 1, duration: 0, color: 'green', note: '' }];
    const root = doc(p);
    expect(root.attrs.title).toBe(hostile);
    expect(childElements(root, 'producer').map((x) => x.attrs.id)).not.toContain('evil');
    expect([...descendants(root, 'producer')].some((x) => props(x).resource === '/etc/passwd')).toBe(false);
    const prod = props(producerOf(root, 'm1'));
    expect(prod['shotcut:caption']).toBe(hostile);
    expect(prod.resource).toBe(`/footage/${hostile}\nline.mov`);
    expect(props(playlistOf(root, 0))['shotcut:name']).toBe(hostile);
    expect(props(playlistOf(root, 1))['shotcut:name']).toBe('A1 & <b>');
    expect(mainTractor(root).attrs.title).toBe(hostile);
    const marker = childElements(childElements(mainTractor(root), 'properties')[0]!, 'properties')[0]!;
    expect(props(marker).text).toBe(hostile);
  });

  it('crops to the frame in "fill" projects and letterboxes otherwise', () => {
    const p = project(1, 0, { fit: 'fill', width: 1080, height: 1920 });
    tracks(p)[0]!.items = [clip('c1', 'm1', 0, 30)];
    const filters = childElements(producerOf(doc(p), 'm1'), 'filter').map(props);
    expect(filters).toEqual([expect.objectContaining({ mlt_service: 'crop', center: '1' })]);
    const fit = project(1, 0);
    tracks(fit)[0]!.items = [clip('c1', 'm1', 0, 30)];
    expect(childElements(producerOf(doc(fit), 'm1'), 'filter')).toEqual([]);
  });

  it('writes a valid one-frame document for an empty timeline', () => {
    const root = doc(createProject('Empty'));
    expect(rows(byId(root, 'background'))).toEqual([{ producer: 'black', in: 0, out: 0, filters: [] }]);
    expect(multitrack(root)).toHaveLength(5);
    expect(childElements(root, 'producer').map((x) => x.attrs.id)).toEqual(['black']);
  });
});
