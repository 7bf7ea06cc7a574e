// Opening .otio files that point at real media made with ffmpeg at test time, through
// every URL form writers use, plus media that is missing or unreadable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
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

/** A zip as Python's zipfile writes one (OTIO's otioz adapter): stored or deflated entries, zip64 records when asked. */
function zip(entries: { name: string; data: Buffer; deflate?: boolean; method?: number }[], zip64 = false): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const method = e.method ?? (e.deflate ? 8 : 0);
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(zlib.crc32(e.data), 14);
    local.writeUInt32LE(zip64 ? 0xffffffff : body.length, 18);
    local.writeUInt32LE(zip64 ? 0xffffffff : e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(e.data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(zip64 ? 45 : 20, 4);
    cd.writeUInt16LE(zip64 ? 45 : 20, 6);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(zlib.crc32(e.data), 16);
    cd.writeUInt32LE(zip64 ? 0xffffffff : body.length, 20);
    cd.writeUInt32LE(zip64 ? 0xffffffff : e.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    central.push(cd, name, extra);
    parts.push(local, name, body);
    offset += 30 + name.length + body.length;
  }
  const cdBytes = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cdBytes.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cdBytes.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : cdBytes.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, cdBytes, ...tail, end]);
}

describe('OpenTimelineIO bundles (.otioz, .otiod) and their file:media/ references', () => {
  const content = () => otio('Bundle', [clip('a', ext('file:media/shot%20a.mp4')), { ...clip('b', ext('file:media/b.mp4')), markers: [{ OTIO_SCHEMA: 'Marker.2', name: 'on b', color: 'RED', marked_range: r(5, 0, 25) }] }]);
  const open = (file: string) => loadOtioProject(file, { createMedia: (f) => media.createMedia(f), unpackDir: path.join(dir, 'user', 'unpacked') });
  const unpacked: string[] = [];
  afterAll(() => unpacked.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it.each([
    ['media stored, content.otio deflated, as OTIO writes it', false, false],
    ['every entry deflated, with zip64 records', true, true],
  ])('opens an .otioz with its media (%s): unpacked once into the user data folder, the clips online, the markers placed', async (_what, deflate, zip64) => {
    const file = path.join(dir, `bundle-${zip64 ? '64' : '32'}.otioz`);
    fs.writeFileSync(
      file,
      zip(
        [
          { name: 'media/shot a.mp4', data: fs.readFileSync(a), deflate },
          { name: 'media/b.mp4', data: fs.readFileSync(b), deflate },
          { name: 'content.otio', data: Buffer.from(content()), deflate: true },
        ],
        zip64,
      ),
    );
    const { project, warnings } = await open(file);
    const folder = /unpacked to (.+)$/.exec(warnings[0] ?? '')?.[1];
    expect(folder?.startsWith(os.tmpdir())).toBe(true);
    unpacked.push(folder!);
    expect(folder!.startsWith(path.join(dir, 'user', 'unpacked') + path.sep)).toBe(true); // lasts: not the system temp folder
    expect(warnings).toEqual([`${path.basename(file)}: its 2 media files unpacked to ${folder}`]);
    expect(project.name).toBe('Bundle');
    expect(project.media.map((m) => [path.relative(folder!, m.path), m.probe.streams.find((x) => x.type === 'video')?.width])).toEqual([
      [path.join('media', 'shot a.mp4'), 320],
      [path.join('media', 'b.mp4'), 160],
    ]);
    expect(fs.readFileSync(project.media[0]!.path).equals(fs.readFileSync(a))).toBe(true);
    expect(clipsOf(project).every((c) => c.mediaId !== null)).toBe(true);
    expect(project.timeline.markers.map((m) => [m.name, m.frame])).toEqual([['on b', 30]]);
    // Opened again, the media already there is used as it is.
    expect((await open(file)).warnings).toEqual([`${path.basename(file)}: its 2 media files already unpacked to ${folder}`]);
  });

  it('opens an .otiod folder in place, its file:media/ references relative to it', async () => {
    const bundle = path.join(dir, 'cut.otiod');
    fs.mkdirSync(path.join(bundle, 'media'), { recursive: true });
    fs.copyFileSync(a, path.join(bundle, 'media', 'shot a.mp4'));
    fs.copyFileSync(b, path.join(bundle, 'media', 'b.mp4'));
    fs.writeFileSync(path.join(bundle, 'content.otio'), content());
    const { project, warnings } = await open(bundle);
    expect(warnings).toEqual([]);
    expect(project.media.map((m) => m.path)).toEqual([path.join(bundle, 'media', 'shot a.mp4'), path.join(bundle, 'media', 'b.mp4')]);
  });

  it('reads file:media/... and file://name in a plain .otio beside its media as relative paths', async () => {
    const folder = path.join(dir, 'relative-urls');
    fs.mkdirSync(path.join(folder, 'media'), { recursive: true });
    fs.copyFileSync(a, path.join(folder, 'media', 'shot a.mp4'));
    fs.copyFileSync(b, path.join(folder, 'b.mp4'));
    const file = path.join(folder, 'cut.otio');
    fs.writeFileSync(file, otio('Relative', [clip('bundle style', ext('file:media/shot%20a.mp4')), clip('tlRender style', ext('file://b.mp4'))]));
    const { project, warnings } = await open(file);
    expect(warnings).toEqual([]);
    expect(clipsOf(project).map((c) => project.media.find((m) => m.id === c.mediaId)?.path)).toEqual([path.join(folder, 'media', 'shot a.mp4'), path.join(folder, 'b.mp4')]);
  });

  it.each([
    ['not a zip', () => Buffer.from(content()), 'not a zip archive'],
    ['cut short', () => zip([{ name: 'content.otio', data: Buffer.from(content()) }]).subarray(0, 40), 'not a zip archive'],
    ['without content.otio', () => zip([{ name: 'readme.txt', data: Buffer.from('x') }]), 'no content.otio in the archive'],
    ['compressed with bzip2', () => zip([{ name: 'content.otio', data: Buffer.from(content()), method: 12 }]), 'content.otio uses compression method 12; Segue reads stored and deflated entries'],
    ['with a media entry outside the archive', () => zip([{ name: 'content.otio', data: Buffer.from(content()) }, { name: 'media/../../evil.mp4', data: Buffer.from('x') }]), 'media/../../evil.mp4 points outside the archive'],
    ['whose content is not OTIO', () => zip([{ name: 'content.otio', data: Buffer.from('{"a": 1}') }]), 'Not an OpenTimelineIO file: no OTIO_SCHEMA'],
  ])('refuses an .otioz %s in one line', async (what, bytes, message) => {
    const file = path.join(dir, `bad ${what}.otioz`);
    fs.writeFileSync(file, bytes());
    await expect(open(file)).rejects.toMatchObject({ code: 'invalid_input', message: `bad ${what}.otioz: ${message}` });
  });

  it('refuses an .otiod folder without content.otio in one line', async () => {
    const bundle = path.join(dir, 'empty.otiod');
    fs.mkdirSync(bundle, { recursive: true });
    await expect(open(bundle)).rejects.toMatchObject({ code: 'invalid_input', message: 'empty.otiod: no content.otio in the folder' });
  });
});
