// Opening other applications' timelines as projects: a cut with real media written as
// OTIO, EDL and Final Cut Pro XML opens back with its media found (not offline), the same
// cut list, and generated media still marked; file timecode in FCP 7 XML is taken off
// the source ranges; broken files fail with one line and change nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../electron/services';
import { WRITABLE, writeTimeline } from '../../../electron/services/project/interchange';
import { OPENABLE } from '../../../electron/services/project/projectService';
import { OPEN_EXTENSIONS, WRITE_FORMATS } from '../../../shared/interchange/formats';
import { createProject } from '../../../shared/timeline/factory';
import { layoutTrack } from '../../../shared/timeline/layout';
import type { Clip, Project, Track } from '../../../shared/timeline/model';
import { makeRate, rt } from '../../../shared/timeline/time';
import { repoRoot } from '../../helpers/host';
import { makeTempDir, makeTestClip } from '../../helpers/media';

const R24 = makeRate(24);
const fixtures = path.resolve(repoRoot, '../shared/fixtures/interchange');
let dir: string;
let services: Services;
let project: Project;

const clip = (id: string, name: string, mediaId: string, start: number, frames: number, extra: Partial<Clip> = {}): Clip => ({
  kind: 'clip',
  id,
  name,
  mediaId,
  sourceRange: { start: rt(start, R24), duration: rt(frames, R24) },
  enabled: true,
  ...extra,
});

/** Per track: [name, record start, record end, source start, media path] of every clip. */
function cutList(p: Project, tracks: (t: Track) => boolean = () => true) {
  const pathOf = new Map(p.media.map((m) => [m.id, m.path]));
  return p.timeline.tracks.filter(tracks).map((t) =>
    layoutTrack(t, p.timeline.rate)
      .filter((x) => x.item.kind === 'clip')
      .map((x) => {
        const c = x.item as Clip;
        return [c.name, x.start, x.end, c.sourceRange.start.value, c.mediaId === null ? null : pathOf.get(c.mediaId)];
      }),
  );
}

beforeAll(async () => {
  dir = makeTempDir('segue-open-');
  services = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const files = await Promise.all(['a.mp4', 'b.mp4', 'gen.mp4', 'over.mp4'].map((n, i) => makeTestClip(dir, n, { seconds: 4, fps: 24, width: 320, height: 180, toneHz: 300 + i * 100 })));
  const media = await Promise.all(files.map((f) => services.media.createMedia(f)));
  media[2] = { ...media[2]!, origin: 'generated', provenance: { provider: 'local', model: 'segue-local-1', prompt: 'the rain keeps falling', jobId: 'job-42', costUsd: 0, createdAt: '2026-11-25T10:00:00.000Z' } };
  project = createProject('Rainy cut', { width: 320, height: 180, rate: R24, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 2, audio: 1 });
  project.media = media;
  const [a, b, gen, over] = media.map((m) => m.id) as [string, string, string, string];
  const [v1, v2, a1] = project.timeline.tracks as [Track, Track, Track];
  v1.items = [
    clip('c1', 'a.mp4', a, 12, 36, { linkId: 'L1' }),
    { kind: 'transition', id: 'x1', name: 'Cross Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(6, R24), outOffset: rt(6, R24) },
    clip('c2', 'b.mp4', b, 24, 30),
    { kind: 'gap', id: 'g1', duration: rt(12, R24) },
    clip('c3', 'gen.mp4', gen, 0, 48),
  ];
  v2.items = [{ kind: 'gap', id: 'g2', duration: rt(40, R24) }, clip('c4', 'over.mp4', over, 6, 20)];
  a1.items = [clip('c5', 'a.mp4', a, 12, 36, { linkId: 'L1' })];
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('opening other applications’ timelines', () => {
  it('the main process opens and writes exactly the extensions the renderer offers', () => {
    expect([...OPENABLE].sort()).toEqual([...OPEN_EXTENSIONS].sort());
    expect([...WRITABLE].sort()).toEqual(['.segue', ...WRITE_FORMATS.map((f) => f.ext)].sort());
  });

  it.each(['.otio', '.xml', '.fcpxml'])('a 3-track cut with a dissolve written as %s opens with its media and the same cut list', async (ext) => {
    const file = path.join(dir, `cut${ext}`);
    await writeTimeline(project, file);
    const opened = await services.projects.open(file);
    expect(services.projects.currentFile).toBeNull(); // a new, unsaved project
    expect(opened.timeline.rate).toEqual(R24);
    expect(cutList(opened)).toEqual(cutList(project));
    expect(opened.media.map((m) => m.path).sort()).toEqual(project.media.map((m) => m.path).sort());
    const gen = opened.media.find((m) => m.path.endsWith('gen.mp4'))!;
    expect(gen.origin).toBe('generated');
    expect(gen.provenance).toMatchObject({ provider: 'local', model: 'segue-local-1', prompt: 'the rain keeps falling', jobId: 'job-42' });
    const transitions = opened.timeline.tracks[0]!.items.filter((i) => i.kind === 'transition');
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ inOffset: { value: 6 }, outOffset: { value: 6 } });
    expect(services.projects.warnings).toEqual([]);
  });

  it('an EDL opens at the rate given, with the media its SOURCE FILE comments name', async () => {
    const file = path.join(dir, 'cut.edl');
    const written = await writeTimeline(project, file);
    expect(written).toHaveLength(2); // one EDL per video track
    const opened = await services.projects.open(file, { rate: R24 });
    expect(opened.timeline.rate).toEqual(R24);
    const video = (p: Project) => cutList(p, (t) => t.kind === 'video')[0];
    expect(video(opened)).toEqual(video(project));
    expect(opened.media.find((m) => m.path.endsWith('gen.mp4'))?.origin).toBe('generated');
  });

  it('takes an FCP 7 file’s timecode off the source ranges, so clips play the frames the editor chose', async () => {
    const media = project.media[0]!;
    // Premiere writes <in> counted from the file's start; OTIO's reading adds the file's
    // timecode (01:00:00:00 = 86400 frames at 24) which must come off again here.
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xmeml>
<xmeml version="4"><sequence><name>TC</name><rate><timebase>24</timebase><ntsc>FALSE</ntsc></rate><duration>24</duration>
<media><video><format><samplecharacteristics><width>640</width><height>360</height></samplecharacteristics></format>
<track><clipitem id="ci1"><name>a</name><rate><timebase>24</timebase><ntsc>FALSE</ntsc></rate><start>0</start><end>24</end><in>30</in><out>54</out>
<file id="f1"><name>a.mp4</name><pathurl>${new URL(`file://${media.path}`).href}</pathurl><rate><timebase>24</timebase><ntsc>FALSE</ntsc></rate><duration>96</duration>
<timecode><rate><timebase>24</timebase><ntsc>FALSE</ntsc></rate><string>01:00:00:00</string><frame>86400</frame></timecode></file></clipitem></track></video></media></sequence></xmeml>`;
    const file = path.join(dir, 'tc.xml');
    fs.writeFileSync(file, xml);
    const opened = await services.projects.open(file);
    const c = opened.timeline.tracks[0]!.items[0] as Clip;
    expect(c.mediaId).not.toBeNull();
    expect(c.sourceRange.start.value).toBe(30);
    expect(c.sourceRange.duration.value).toBe(24);
    expect(opened.settings).toMatchObject({ width: 640, height: 360 }); // the sequence's <format>
  });

  it('plays an OTIO clip whose media starts at a timecode from the right frame, and writes the timecode back', async () => {
    const media = project.media[0]!;
    const t = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate: 24 });
    const range = (start: number, duration: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: t(start), duration: t(duration) });
    const otio = {
      OTIO_SCHEMA: 'Timeline.1',
      name: 'TC',
      tracks: {
        OTIO_SCHEMA: 'Stack.1',
        children: [
          {
            OTIO_SCHEMA: 'Track.1',
            name: 'V1',
            kind: 'Video',
            children: [
              {
                OTIO_SCHEMA: 'Clip.1',
                name: 'a',
                source_range: range(86400 + 30, 24),
                media_reference: { OTIO_SCHEMA: 'ExternalReference.1', target_url: `file://${media.path}`, available_range: range(86400, 96), metadata: {} },
              },
            ],
          },
        ],
      },
    };
    const file = path.join(dir, 'tc.otio');
    fs.writeFileSync(file, JSON.stringify(otio));
    const opened = await services.projects.open(file);
    const c = opened.timeline.tracks[0]!.items[0] as Clip;
    expect(c.mediaId).not.toBeNull();
    expect(c.sourceRange.start.value).toBe(30); // frame 30 of the file, not 86430
    const back = path.join(dir, 'tc.back.otio');
    await writeTimeline(opened, back);
    const written = JSON.parse(fs.readFileSync(back, 'utf8')) as { tracks: { children: { children: { source_range: { start_time: { value: number } }; media_references: { DEFAULT_MEDIA: { available_range: { start_time: { value: number } } } } }[] }[] } };
    const clipOut = written.tracks.children[0]!.children[0]!;
    expect(clipOut.source_range.start_time.value).toBe(86430);
    expect(clipOut.media_references.DEFAULT_MEDIA.available_range.start_time.value).toBe(86400);
  });

  it('reads XML in the encoding its byte order mark or declaration names (UTF-16, Latin-1), and refuses bytes that do not fit', async () => {
    const xml = (encoding: string) =>
      `<?xml version="1.0" encoding="${encoding}"?>\n<xmeml version="4"><sequence><name>Café crème</name><rate><timebase>24</timebase></rate><media><video><track><clipitem id="c"><name>Élan</name><start>0</start><end>24</end><in>0</in><out>24</out></clipitem></track></video></media></sequence></xmeml>`;
    const utf16 = path.join(dir, 'utf16.xml');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml('UTF-16'), 'utf16le')]));
    const latin1 = path.join(dir, 'latin1.xml');
    fs.writeFileSync(latin1, Buffer.from(xml('ISO-8859-1'), 'latin1'));
    for (const f of [utf16, latin1]) {
      const opened = await services.projects.open(f);
      expect(opened.timeline.name).toBe('Café crème');
      expect((opened.timeline.tracks[0]!.items[0] as Clip).name).toBe('Élan');
    }
    const wrong = path.join(dir, 'wrong.xml');
    fs.writeFileSync(wrong, Buffer.from(xml('UTF-8'), 'latin1')); // says UTF-8, holds Latin-1
    await expect(services.projects.open(wrong)).rejects.toThrow(/^wrong\.xml: not valid UTF-8 text$/);
    const odd = path.join(dir, 'odd.xml');
    fs.writeFileSync(odd, xml('x-klingon'));
    await expect(services.projects.open(odd)).rejects.toThrow(/^odd\.xml: the text encoding x-klingon is not one Segue reads/);
  });

  it('opens Premiere’s FCP 7 XML sample with its clips offline and says why', async () => {
    const opened = await services.projects.open(path.join(fixtures, 'premiere_example.xml'));
    expect(opened.timeline.tracks.filter((t) => t.kind === 'video')).toHaveLength(4);
    expect(opened.media).toEqual([]);
    expect(services.projects.warnings.some((w) => /offline, no file at/.test(w))).toBe(true);
  });

  it('refuses a file that is not a timeline with one line, and keeps the project open', async () => {
    const before = await services.projects.open(path.join(dir, 'cut.otio'));
    const bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(bad, '<?xml version="1.0"?><html><body>not a timeline</body></html>');
    await expect(services.projects.open(bad)).rejects.toThrow(/^bad\.xml: not Final Cut Pro XML/);
    const broken = path.join(dir, 'broken.xml');
    fs.writeFileSync(broken, '<?xml version="1.0"?><xmeml version="4"><sequence><name>x</name>');
    await expect(services.projects.open(broken)).rejects.toThrow(/^broken\.xml: /);
    await expect(services.projects.open(path.join(dir, 'cut.mov'))).rejects.toThrow(/Segue opens \.segue projects/);
    expect(services.projects.current?.id).toBe(before.id);
  });
});
