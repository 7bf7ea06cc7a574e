// `segue convert`: OpenTimelineIO's own sample timelines through .segue and back to .otio
// keep every clip's place and length and the transitions; bad input exits 1 with one line.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { layoutTrack } from '../../../shared/timeline/layout';
import type { Project } from '../../../shared/timeline/model';
import { repoRoot, segueSync } from '../../helpers/host';
import { makeTempDir } from '../../helpers/media';

const fixtures = path.resolve(repoRoot, '../shared/fixtures/interchange');
let dir: string;

const segue = (...args: string[]) => segueSync(path.join(dir, 'user'), args);

/** Every track's items as [kind, name, start, end] at the timeline rate. */
const shape = (p: Project) =>
  p.timeline.tracks.map((t) => layoutTrack(t, p.timeline.rate).map((x) => [x.item.kind, 'name' in x.item ? x.item.name : '', x.start, x.end]));

beforeAll(() => {
  dir = makeTempDir('segue-convert-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('segue convert', () => {
  it.each(['transition.otio', 'multitrack.otio', 'premiere_example.otio'])('%s → .segue → .otio keeps the timeline', async (name) => {
    const src = path.join(fixtures, name);
    const mid = path.join(dir, `${name}.segue`);
    const back = path.join(dir, `${name}.back.otio`);
    const a = segue('convert', src, mid);
    expect(a.stderr.split('\n').filter((l) => l.startsWith('segue:'))).toEqual([]);
    expect(a.code).toBe(0);
    expect(segue('convert', mid, back).code).toBe(0);
    const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
    const original = await s.projects.open(src);
    const roundTrip = await s.projects.open(back);
    expect(roundTrip.timeline.rate).toEqual(original.timeline.rate);
    expect(shape(roundTrip)).toEqual(shape(original));
  });

  it('an .otio with old schema names, disabled items, edge transitions and big or non-finite metadata numbers comes back through .segue as it was', async () => {
    const t = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate: 24 });
    const r = (start: number, duration: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: t(start), duration: t(duration) });
    const fade = (name: string) => ({ OTIO_SCHEMA: 'Transition.0', name, transition_type: 'SMPTE_Dissolve', in_offset: t(0), out_offset: t(4) });
    const ref = (url: string) => ({ OTIO_SCHEMA: 'ExternalReference.0', target_url: url, available_range: r(0, 48), metadata: { m: 0 } });
    const doc = {
      OTIO_SCHEMA: 'Timeline.0',
      name: 'old and odd',
      metadata: { m: 0 },
      tracks: {
        OTIO_SCHEMA: 'Stack.0',
        children: [
          { OTIO_SCHEMA: 'Sequence.1', name: 'V', kind: 'Video', children: [fade('in'), { OTIO_SCHEMA: 'Clip.1', name: 'a', source_range: r(0, 24), media_reference: ref('file:///nowhere/a.mov'), metadata: { m: 0 } }, { OTIO_SCHEMA: 'Filler.1', source_range: r(0, 6) }, { OTIO_SCHEMA: 'Clip.1', name: 'b', enabled: false, source_range: r(2, 10), media_reference: null }, fade('out')] },
          { OTIO_SCHEMA: 'Track.1', name: 'A', kind: 'Audio', enabled: false, children: [{ OTIO_SCHEMA: 'Clip.1', name: 'a', source_range: r(0, 24), media_reference: ref('file:///nowhere/a.mov') }] },
        ],
      },
    };
    const numbers = '{"big": 9007199254740993, "neg": -9223372036854775808, "nan": NaN, "inf": Infinity, "ninf": -Infinity, "f": 1e308, "whole": 1.0}';
    const src = path.join(dir, 'odd.otio');
    fs.writeFileSync(src, JSON.stringify(doc, null, 2).replaceAll('"m": 0', `"m": ${numbers}`));
    const mid = path.join(dir, 'odd.segue');
    const back = path.join(dir, 'odd.back.otio');
    const first = segue('convert', src, mid);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/warning: track 0: the transition in at its start fades in from nothing/);
    expect(segue('convert', mid, back).code).toBe(0);
    const written = fs.readFileSync(back, 'utf8');
    for (const token of ['"big": 9007199254740993', '"neg": -9223372036854775808', '"nan": NaN', '"inf": Infinity', '"ninf": -Infinity', '"f": 1e308', '"whole": 1.0']) {
      expect(written.split(token).length - 1).toBe(4); // the timeline, the clip and both references
    }
    const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
    const original = await s.projects.open(src);
    const roundTrip = await s.projects.open(back);
    expect(shape(roundTrip)).toEqual(shape(original));
    expect(roundTrip.timeline.tracks.map((x) => [x.kind, x.enabled, x.muted])).toEqual([['video', true, false], ['audio', false, true]]);
    const clips = roundTrip.timeline.tracks[0]!.items.filter((i) => i.kind === 'clip');
    expect(clips.map((c) => [c.name, c.enabled])).toEqual([['a', true], ['b', false]]);
    const { segue: _stamp, ...metadata } = roundTrip.timeline.metadata ?? {};
    expect(metadata).toEqual(original.timeline.metadata);
  });

  it('reads a CMX 3600 EDL at the rate given and writes EDLs back', async () => {
    const otio = path.join(dir, 'screening.otio');
    const r = segue('convert', path.join(fixtures, 'screening_example.edl'), otio, '--rate', '24');
    expect(r.code).toBe(0);
    const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
    const p = await s.projects.open(otio);
    const video = p.timeline.tracks.find((t) => t.kind === 'video')!;
    expect(video.items.filter((i) => i.kind === 'clip')).toHaveLength(9);
    expect(layoutTrack(video, p.timeline.rate).at(-1)!.end).toBe(1049);
    const edl = path.join(dir, 'back.edl');
    expect(segue('convert', otio, edl).code).toBe(0);
    const text = fs.readFileSync(edl, 'utf8');
    expect(text).toMatch(/^TITLE: /m);
    expect(text).toMatch(/^FCM: NON-DROP FRAME/m);
    expect(text.match(/^\d{3} /gm)).toHaveLength(9);
    // the same EDL read at a rate its timecodes cannot have is refused with one line
    const bad = segue('convert', edl, path.join(dir, 'bad.otio'), '--rate', '12');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/impossible at 12 fps/);
  });

  it('writes Final Cut Pro 7 XML with the sequence format Resolve needs', () => {
    const xml = path.join(dir, 'premiere.xml');
    expect(segue('convert', path.join(fixtures, 'premiere_example.otio'), xml).code).toBe(0);
    const text = fs.readFileSync(xml, 'utf8');
    expect(text).toMatch(/<xmeml version="4">/);
    expect(text).toMatch(/<format>\s*<samplecharacteristics>[\s\S]*<width>\d+<\/width>[\s\S]*<height>\d+<\/height>/);
    expect((text.match(/<clipitem /g) ?? []).length).toBeGreaterThan(5);
  });

  it('refuses what it cannot read or write, with one line, and writes nothing', () => {
    const bogus = path.join(dir, 'bogus.otio');
    fs.writeFileSync(bogus, 'not json at all');
    const r = segue('convert', bogus, path.join(dir, 'out.segue'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'out.segue'))).toBe(false);
    const ext = segue('convert', path.join(fixtures, 'transition.otio'), path.join(dir, 'out.xyz'));
    expect(ext.code).toBe(1);
    expect(ext.stderr).toMatch(/Cannot write out\.xyz/);
  });
});
