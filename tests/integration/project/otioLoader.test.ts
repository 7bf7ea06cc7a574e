// Opening .otio files that point at real media made with ffmpeg at test time, through
// every URL form writers use, plus media that is missing or unreadable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadOtioProject, targetCandidates } from '../../../electron/services/project/otioLoader';
import { readProjectFile, writeProjectFile } from '../../../electron/services/project/projectFile';
import { MediaService } from '../../../electron/services/media/mediaService';
import { exportOtioText } from '../../../shared/interchange/otio/export';
import { importOtio } from '../../../shared/interchange/otio/import';
import { parseOtioJson } from '../../../shared/interchange/otio/json';
import { ProjectSchema, type Clip, type Media } from '../../../shared/timeline/model';
import { makePng, makeTempDir, makeTestClip } from '../../helpers/media';

const t = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate });
const r = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: t(start, rate), duration: t(duration, rate) });
const ext = (url: string) => ({ OTIO_SCHEMA: 'ExternalReference.1', target_url: url, available_range: r(0, 50, 25), metadata: {} });
const clip = (name: string, ref: unknown, frames = 25) => ({ OTIO_SCHEMA: 'Clip.1', name, source_range: r(0, frames, 25), media_reference: ref, metadata: {} });
const otio = (name: string, children: unknown[]) =>
  JSON.stringify({
    OTIO_SCHEMA: 'Timeline.1',
    name,
    global_start_time: t(0, 25),
    tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', children: [{ OTIO_SCHEMA: 'Track.1', name: 'V1', kind: 'Video', children }] },
  });

let dir: string;
let media: MediaService;
let a: string;
let b: string;

beforeAll(async () => {
  dir = makeTempDir('segue-otio-');
  media = new MediaService({ cacheDir: path.join(dir, 'cache') });
  fs.mkdirSync(path.join(dir, 'edit', 'media'), { recursive: true });
  a = await makeTestClip(path.join(dir, 'edit', 'media'), 'shot a.mp4', { seconds: 2, width: 320, height: 240, fps: 25 });
  b = await makeTestClip(dir, 'shot#b.mp4', { seconds: 2, width: 160, height: 90, fps: 25, video: 'mandelbrot' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const clipsOf = (p: { timeline: { tracks: { items: { kind: string }[] }[] } }) => p.timeline.tracks.flatMap((x) => x.items.filter((i): i is Clip => i.kind === 'clip'));

describe('loadOtioProject', () => {
  it('resolves relative, file:///, file://localhost/ and percent-encoded URLs, and keeps missing media offline', async () => {
    const file = path.join(dir, 'edit', 'cut.otio');
    const fileUrlB = pathToFileURL(b).href; // '#' and the like come out percent-encoded
    fs.writeFileSync(
      file,
      otio('Loader test', [
        clip('relative', ext('media/shot a.mp4')),
        clip('relative encoded', ext('media/shot%20a.mp4')),
        clip('file url', ext(fileUrlB)),
        clip('localhost url', ext(`file://localhost${fileUrlB.slice('file://'.length)}`)),
        clip('absolute path', ext(a)),
        clip('missing', ext('media/gone.mp4'), 10),
        clip('remote', ext('https://example.com/x.mov'), 10),
        clip('slug', { OTIO_SCHEMA: 'GeneratorReference.1', generator_kind: 'Slug', parameters: {} }, 5),
      ]),
    );
    const { project, warnings } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });

    expect(ProjectSchema.safeParse(project).success).toBe(true);
    expect(project.name).toBe('Loader test');
    expect(project.settings).toEqual({ width: 320, height: 240, rate: { num: 25, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
    // Five URLs name two files: one media record each.
    expect(project.media.map((m) => m.path).sort()).toEqual([a, b].sort());
    const idOf = (p: string) => project.media.find((m) => m.path === p)!.id;
    const byName = Object.fromEntries(clipsOf(project).map((c) => [c.name, c]));
    expect(byName['relative']!.mediaId).toBe(idOf(a));
    expect(byName['relative encoded']!.mediaId).toBe(idOf(a));
    expect(byName['absolute path']!.mediaId).toBe(idOf(a));
    expect(byName['file url']!.mediaId).toBe(idOf(b));
    expect(byName['localhost url']!.mediaId).toBe(idOf(b));
    for (const off of ['missing', 'remote', 'slug']) expect(byName[off]!.mediaId).toBeNull();
    expect(byName['missing']!.metadata?.['segue.offlineUrl']).toBe('media/gone.mp4');
    expect(warnings.some((w) => w.includes('offline') && w.includes(path.join(dir, 'edit', 'media', 'gone.mp4')))).toBe(true);
    expect(warnings.some((w) => w.includes('https://example.com/x.mov'))).toBe(true);
    const video = project.media.find((m) => m.path === a)!.probe.streams.find((s) => s.type === 'video');
    expect(video).toMatchObject({ codec: 'h264', width: 320, height: 240 });
  });

  it('loads a timeline whose media all is missing with default settings and the file name', async () => {
    const file = path.join(dir, 'edit', 'nothing here.otio');
    fs.writeFileSync(file, otio('', [clip('gone', ext('nowhere/a.mov'))]));
    const { project, warnings } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });
    expect(project.name).toBe('nothing here');
    expect(project.settings).toMatchObject({ width: 1920, height: 1080, rate: { num: 25, den: 1 } });
    expect(project.media).toEqual([]);
    expect(clipsOf(project).map((c) => c.mediaId)).toEqual([null]);
    expect(warnings).toHaveLength(1);
  });

  it('keeps a clip whose file cannot be decoded offline instead of failing the load', async () => {
    const bad = path.join(dir, 'edit', 'media', 'not video.mp4');
    fs.writeFileSync(bad, 'hello\n'.repeat(50));
    const file = path.join(dir, 'edit', 'bad.otio');
    fs.writeFileSync(file, otio('bad media', [clip('bad', ext('media/not%20video.mp4')), clip('good', ext('media/shot%20a.mp4'))]));
    const { project, warnings } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });
    expect(clipsOf(project).map((c) => [c.name, c.mediaId === null])).toEqual([['bad', true], ['good', false]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^bad: offline, /);
  });

  it('opens a sample file from another machine with every clip offline', async () => {
    const file = path.resolve(import.meta.dirname, '../../../../shared/fixtures/interchange/premiere_example.otio');
    const { project, warnings } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });
    expect(ProjectSchema.safeParse(project).success).toBe(true);
    expect(project.name).toBe('sc01_sh010_layerA');
    expect(project.media).toEqual([]);
    expect(clipsOf(project).every((c) => c.mediaId === null)).toBe(true);
    expect(warnings.some((w) => w.includes(path.join('/D:', 'media', 'sc01_sh010_anim.mov')))).toBe(true);
  });

  it('finds media from another machine by name beside the .otio, with a warning saying which file it took', async () => {
    const folder = path.join(dir, 'travelled');
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(a, path.join(folder, 'shot c.mp4'));
    const file = path.join(folder, 'from premiere.otio');
    fs.writeFileSync(
      file,
      otio('travelled', [clip('premiere url', ext('file://localhost/D%3a/media/shot%20c.mp4')), clip('windows path', ext('D:\\media\\shot c.mp4')), clip('elsewhere', ext('file:///mnt/x/other.mp4'))]),
    );
    const { project, warnings } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });
    expect(project.media.map((m) => m.path)).toEqual([path.join(folder, 'shot c.mp4')]);
    expect(clipsOf(project).map((c) => [c.name, c.mediaId])).toEqual([
      ['premiere url', project.media[0]!.id],
      ['windows path', project.media[0]!.id],
      ['elsewhere', null],
    ]);
    expect(warnings.filter((w) => w.includes('of the same name beside the timeline'))).toHaveLength(2);
    expect(warnings.some((w) => w.startsWith('premiere url: not at /D:/media/shot c.mp4; using ') && w.includes(path.join(folder, 'shot c.mp4')))).toBe(true);
    expect(warnings.some((w) => w.startsWith('elsewhere: offline, no file at /mnt/x/other.mp4'))).toBe(true);
  });

  it('probes each file once, several at a time but no more than four', async () => {
    const folder = path.join(dir, 'many');
    fs.mkdirSync(folder, { recursive: true });
    const names = Array.from({ length: 7 }, (_, i) => `copy${i}.mp4`);
    for (const n of names) fs.copyFileSync(a, path.join(folder, n));
    const file = path.join(folder, 'many.otio');
    // every file twice: once relative, once as a file:// URL
    fs.writeFileSync(file, otio('many', names.flatMap((n) => [clip(`${n} rel`, ext(n)), clip(`${n} url`, ext(pathToFileURL(path.join(folder, n)).href))])));
    let running = 0;
    let peak = 0;
    const probed: string[] = [];
    const createMedia = async (f: string): Promise<Media> => {
      probed.push(f);
      peak = Math.max(peak, ++running);
      try {
        return await media.createMedia(f);
      } finally {
        running--;
      }
    };
    const { project, warnings } = await loadOtioProject(file, { createMedia });
    expect(probed.sort()).toEqual(names.map((n) => path.join(folder, n)).sort());
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
    expect(warnings).toEqual([]);
    expect(project.media).toHaveLength(7);
    const ids = clipsOf(project).map((c) => c.mediaId);
    for (let i = 0; i < ids.length; i += 2) expect(ids[i + 1]).toBe(ids[i]);
    expect(new Set(ids).size).toBe(7);
  });

  it('takes the project size from the first video, not a still image placed before it', async () => {
    const folder = path.join(dir, 'sizes');
    fs.mkdirSync(folder, { recursive: true });
    await makePng(folder, 'title.png', { width: 640, height: 640 });
    const file = path.join(folder, 'sizes.otio');
    fs.writeFileSync(file, otio('sizes', [clip('title', ext('title.png')), clip('shot', ext(pathToFileURL(b).href))]));
    const { project } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });
    expect(project.media.map((m) => m.kind)).toEqual(['image', 'video']);
    expect(project.settings).toMatchObject({ width: 160, height: 90 });
  });

  it('rejects a file that is not OTIO with a one-line invalid_input error, and a missing file with not_found', async () => {
    const file = path.join(dir, 'edit', 'notes.otio');
    fs.writeFileSync(file, '{\n  "this": "is json",\n  "but": "not otio"\n}\n');
    await expect(loadOtioProject(file, { createMedia: (f) => media.createMedia(f) })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'notes.otio: Not an OpenTimelineIO file: no OTIO_SCHEMA',
    });
    fs.writeFileSync(file, 'garbage\nover\nlines');
    const err = (await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^notes\.otio: Not an OpenTimelineIO file: not JSON/);
    expect(err.message).not.toContain('\n');
    await expect(loadOtioProject(path.join(dir, 'absent.otio'), { createMedia: (f) => media.createMedia(f) })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('OTIO -> .segue -> OTIO with real media', () => {
  it('keeps online and offline references, disabled clips, edge transitions and metadata numbers token for token', async () => {
    const folder = path.join(dir, 'lossless');
    fs.mkdirSync(path.join(folder, 'media'), { recursive: true });
    fs.copyFileSync(a, path.join(folder, 'media', 'shot a.mp4'));
    const numbers = '{"big": 9007199254740993, "u": 18446744073709551615, "nan": NaN, "inf": Infinity, "whole": 2.0, "list": [-Infinity, 5e-324]}';
    const fade = (name: string) => ({ OTIO_SCHEMA: 'Transition.1', name, transition_type: 'SMPTE_Dissolve', in_offset: t(0, 25), out_offset: t(5, 25), parameters: {}, metadata: {} });
    const online = { ...ext('media/shot%20a.mp4'), name: 'Shot A', metadata: { big: 0 } };
    const offline = { ...ext('media/gone.mp4'), name: 'Gone', metadata: { nan: 0 } };
    const text = otio('lossless', [fade('from black'), { ...clip('on', online), metadata: { big: 1 } }, { ...clip('off', offline), enabled: false }, fade('to black')])
      .replace('"metadata":{"big":0}', `"metadata":${numbers}`)
      .replace('"metadata":{"nan":0}', `"metadata":${numbers}`)
      .replace('"metadata":{"big":1}', `"metadata":${numbers}`);
    const file = path.join(folder, 'cut.otio');
    fs.writeFileSync(file, text);
    const { project, warnings } = await loadOtioProject(file, { createMedia: (f) => media.createMedia(f) });
    expect(warnings.filter((w) => w.includes('not rendered'))).toHaveLength(2);
    const saved = path.join(folder, 'cut.segue');
    await writeProjectFile(saved, project);
    const reopened = await readProjectFile(saved);
    const written = exportOtioText(reopened);

    // Every token, on the clip and on each reference, as OTIO writes it.
    for (const token of ['"big": 9007199254740993', '"u": 18446744073709551615', '"nan": NaN', '"inf": Infinity', '"whole": 2.0', '-Infinity,', '5e-324']) {
      expect(written.split(token).length - 1).toBe(3);
    }
    const back = parseOtioJson(written) as { tracks: { children: Array<{ children: Array<Record<string, unknown>> }> } };
    const items = back.tracks.children[0]!.children;
    expect(items.map((i) => [String(i.OTIO_SCHEMA), i.name, i.enabled])).toEqual([
      ['Transition.1', 'from black', undefined],
      ['Clip.2', 'on', true],
      ['Clip.2', 'off', false],
      ['Transition.1', 'to black', undefined],
    ]);
    const refOf = (i: Record<string, unknown>) => (i.media_references as Record<string, Record<string, unknown>>).DEFAULT_MEDIA!;
    // Online: the file Segue plays, under the name and range the reference had.
    expect(refOf(items[1]!)).toMatchObject({ OTIO_SCHEMA: 'ExternalReference.1', name: 'Shot A', target_url: pathToFileURL(path.join(folder, 'media', 'shot a.mp4')).href, available_range: r(0, 50, 25) });
    // Offline: the reference as it was read.
    expect(refOf(items[2]!)).toEqual((parseOtioJson(text) as typeof back).tracks.children[0]!.children[2]!.media_reference);
    // Read once more, the clips, their ranges and their metadata are the same.
    const again = importOtio(written);
    const clipsAgain = again.timeline.tracks[0]!.items.filter((i): i is Clip => i.kind === 'clip');
    const clipsFirst = clipsOf(project);
    expect(clipsAgain.map((c) => [c.name, c.enabled, c.sourceRange])).toEqual(clipsFirst.map((c) => [c.name, c.enabled, c.sourceRange]));
    const plain = (c: Clip) => {
      const { 'otio.media_reference': _ref, 'segue.offlineUrl': _url, ...rest } = c.metadata ?? {};
      return rest;
    };
    expect(clipsAgain.map(plain)).toEqual(clipsFirst.map(plain));
  });
});

describe('targetCandidates', () => {
  it('reads each URL form as the local paths it may mean', () => {
    expect(targetCandidates('file:///media/a%20b.mov', '/base')).toEqual(['/media/a b.mov']);
    expect(targetCandidates('file://localhost/media/a.mov', '/base')).toEqual(['/media/a.mov']);
    expect(targetCandidates('file:/media/a.mov', '/base')).toEqual(['/media/a.mov']);
    expect(targetCandidates('file://server/share/a%20b.mov', '/base')).toEqual(['/share/a b.mov']);
    expect(targetCandidates('/abs/a.mov', '/base')).toEqual(['/abs/a.mov']);
    expect(targetCandidates('clips/a%20b.mov', '/base')).toEqual(['/base/clips/a%20b.mov', '/base/clips/a b.mov']);
    expect(targetCandidates('clips/100%.mov', '/base')).toEqual(['/base/clips/100%.mov']);
    expect(targetCandidates('https://example.com/a.mov', '/base')).toEqual([]);
  });
});
