// Review notes through the real handler table and the CLI: the export writes CSV or
// Markdown with a thumbnail per marker, taken from the topmost enabled video clip under it
// at the right source time (checked by the colour of generated test media); markers over
// nothing get an empty cell; the import reads the file back; hostile files and paths get
// one clear line and change nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/handlers';
import { createServices, type Services } from '../../../electron/services';
import { runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { writeProjectFile } from '../../../electron/services/project/projectFile';
import type { OutputOf } from '../../../shared/ipc/contract';
import { dispatch } from '../../../shared/ipc/dispatch';
import type { Result } from '../../../shared/ipc/result';
import { notesFromCsv } from '../../../shared/review/notes';
import { createProject } from '../../../shared/timeline/factory';
import type { Clip, Marker, Media, Project, Track } from '../../../shared/timeline/model';
import { makeRate, rt } from '../../../shared/timeline/time';
import { segueSync } from '../../helpers/host';
import { makeTempDir, makeTestClip } from '../../helpers/media';

const RATE = makeRate(24);
let dir: string;
let s: Services;
let project: Project;
let handlers: ReturnType<typeof createHandlers>;

const clip = (id: string, media: Media, startFrame: number, frames: number, enabled = true): Clip => ({
  kind: 'clip',
  id,
  name: media.name,
  mediaId: media.id,
  sourceRange: { start: rt(startFrame, RATE), duration: rt(frames, RATE) },
  enabled,
});
const gap = (id: string, frames: number) => ({ kind: 'gap' as const, id, duration: rt(frames, RATE) });
const track = (id: string, items: Track['items'], enabled = true): Track => ({ id, kind: 'video', name: id, items, enabled, muted: false, solo: false, locked: false, height: 64 });
const marker = (id: string, frame: number, name: string, note: string): Marker => ({ id, name, frame, duration: 0, color: 'red', note, author: 'Ana' });

/** The average colour of a JPEG as the strongest channel: 'red', 'green' or 'blue'. */
async function colourOf(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { onStdout: (c) => chunks.push(c) });
  const [r, g, b] = [...Buffer.concat(chunks)];
  const max = Math.max(r!, g!, b!);
  return max === r ? 'red' : max === g ? 'green' : 'blue';
}

const invoke = <C extends 'review:exportNotes' | 'review:importNotes'>(channel: C, input: unknown) => dispatch(handlers, channel, input, {}) as Promise<Result<OutputOf<C>>>;

beforeAll(async () => {
  dir = makeTempDir('segue-notes-');
  const footage = path.join(dir, 'footage');
  fs.mkdirSync(footage);
  // One second red then one second green, so the frame's source time shows in its colour.
  await runFfmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=160x90:r=24:d=1', '-f', 'lavfi', '-i', 'color=c=green:s=160x90:r=24:d=1', '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path.join(footage, 'redgreen.mp4')]);
  await makeTestClip(footage, 'blue.mp4', { seconds: 2, width: 160, height: 90, fps: 24, video: 'color=c=blue', audio: false });
  s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  handlers = createHandlers(s);
  const rg = await s.media.createMedia(path.join(footage, 'redgreen.mp4'));
  const blue = await s.media.createMedia(path.join(footage, 'blue.mp4'));
  s.projects.registerMedia(rg);
  s.projects.registerMedia(blue);
  const base = createProject('Review cut', { width: 160, height: 90, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  //   V3 (hidden) | blue ......................................... |
  //   V2          | gap 24 | blue 24-36 | blue off 36-48 |
  //   V1          | redgreen 0-48 (src 0)  | redgreen 48-72 (src 24: green) |
  //   markers       6 red    30 blue        40 green       60 green           100 nothing
  project = {
    ...base,
    media: [rg, blue],
    timeline: {
      ...base.timeline,
      tracks: [
        track('V1', [clip('a1', rg, 0, 48), clip('a2', rg, 24, 24)]),
        track('V2', [gap('g1', 24), clip('b1', blue, 0, 12), clip('b2', blue, 0, 12, false)]),
        track('V3', [clip('c1', blue, 0, 48)], false),
      ],
      markers: [marker('m1', 6, 'Grade', 'too "red", warm'), marker('m2', 30, 'Insert', '=cmd|calc'), marker('m3', 40, 'Off clip', 'shows V1'), marker('m4', 60, 'Late', 'line one\nline two'), marker('m5', 100, 'After', 'over nothing')],
    },
  };
}, 120_000);

afterAll(() => {
  s.generation.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('review:exportNotes', () => {
  it('writes CSV with a thumbnail of the topmost enabled clip at each marker and an empty cell over nothing', async () => {
    const out = path.join(dir, 'out', 'Review notes.csv');
    fs.mkdirSync(path.dirname(out));
    const r = await invoke('review:exportNotes', { project, path: out, overwrite: false });
    expect(r).toEqual({ ok: true, value: { file: out, folder: path.join(dir, 'out', 'Review notes_thumbs'), notes: 5, thumbnails: 4, warnings: [] } });
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFtimecode,duration,author,status,color,name,note,thumbnail\r\n')).toBe(true);
    expect(text).toContain(`00:00:01:06,00:00:00:00,Ana,open,red,Insert,'=cmd|calc,Review notes_thumbs/marker-0002.jpg\r\n`);
    const rows = notesFromCsv(text, RATE);
    expect(rows.map((n) => [n.frame, n.name, n.note])).toEqual(project.timeline.markers.map((m) => [m.frame, m.name, m.note]));
    const cells = text.trim().split('\r\n').slice(1).map((l) => l.slice(l.lastIndexOf(',') + 1));
    expect(cells).toEqual(['Review notes_thumbs/marker-0001.jpg', 'Review notes_thumbs/marker-0002.jpg', 'Review notes_thumbs/marker-0003.jpg', 'Review notes_thumbs/marker-0004.jpg', '']);
    const thumbs = path.join(dir, 'out', 'Review notes_thumbs');
    expect(fs.readdirSync(thumbs).sort()).toEqual(['marker-0001.jpg', 'marker-0002.jpg', 'marker-0003.jpg', 'marker-0004.jpg']);
    const colours = [];
    for (const f of fs.readdirSync(thumbs).sort()) colours.push(await colourOf(path.join(thumbs, f)));
    expect(colours).toEqual(['red', 'blue', 'green', 'green']);
  });

  it('writes Markdown with image links, and replaces the thumbnails of an earlier export only when allowed', async () => {
    const out = path.join(dir, 'notes.md');
    expect((await invoke('review:exportNotes', { project, path: out, overwrite: false })).ok).toBe(true);
    const md = fs.readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Review notes: Review cut\n/);
    expect(md).toContain('| 00:00:00:06 | 00:00:00:00 | Ana | open | red | Grade | too "red", warm | ![Grade](notes_thumbs/marker-0001.jpg) |');
    expect(md).toContain('| line one<br>line two |');
    const again = await invoke('review:exportNotes', { project, path: out, overwrite: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!again.ok) expect(again.error.message).toMatch(/notes\.md exists/);
    // Fewer markers now: the stale fifth thumbnail of the first export does not linger.
    fs.writeFileSync(path.join(dir, 'notes_thumbs', 'marker-0009.jpg'), 'stale');
    fs.writeFileSync(path.join(dir, 'notes_thumbs', 'keep.txt'), 'the user’s own file');
    const fewer = { ...project, timeline: { ...project.timeline, markers: project.timeline.markers.slice(0, 2) } };
    expect(await invoke('review:exportNotes', { project: fewer, path: out, overwrite: true })).toMatchObject({ ok: true, value: { notes: 2, thumbnails: 2 } });
    expect(fs.readdirSync(path.join(dir, 'notes_thumbs')).sort()).toEqual(['keep.txt', 'marker-0001.jpg', 'marker-0002.jpg']);
  });

  it('takes frames only from media the main process knows: a renderer-made media path gives an empty cell and a warning', async () => {
    const forged: Media = { ...project.media[0]!, id: 'mForged', path: path.join(dir, 'footage', 'blue.mp4') };
    const p = { ...project, media: [...project.media, forged], timeline: { ...project.timeline, tracks: [track('V1', [{ ...clip('f1', forged, 0, 24) }])], markers: [marker('m1', 3, 'x', '')] } };
    const out = path.join(dir, 'forged.csv');
    const r = await invoke('review:exportNotes', { project: p, path: out, overwrite: false });
    expect(r).toMatchObject({ ok: true, value: { thumbnails: 0, folder: null, warnings: ['marker-0001.jpg: the clip\'s media is missing'] } });
    expect(fs.existsSync(path.join(dir, 'forged_thumbs'))).toBe(false);
    expect(fs.readFileSync(out, 'utf8').trim().endsWith(',')).toBe(true);
  });

  it.each([
    ['a relative path', 'notes.csv', /absolute path/],
    ['another extension', '/tmp/segue-notes-test.txt', /written as \.csv or \.md/],
    ['a project file', '/tmp/segue-notes-test.segue', /written as \.csv or \.md/],
  ])('refuses %s', async (_what, file, message) => {
    const r = await invoke('review:exportNotes', { project, path: file, overwrite: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('review:importNotes', () => {
  it('reads back the notes an export wrote', async () => {
    const out = path.join(dir, 'roundtrip.csv');
    await invoke('review:exportNotes', { project, path: out, overwrite: true });
    const r = await invoke('review:importNotes', { path: out, rate: RATE });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.notes.map((n) => [n.frame, n.author, n.status, n.color, n.name, n.note])).toEqual(project.timeline.markers.map((m) => [m.frame, 'Ana', 'open', 'red', m.name, m.note]));
  });

  const hostile: Array<[string, string, string | Buffer, RegExp]> = [
    ['a bad timecode', 'bad-tc.csv', 'timecode,note\n00:00:01:00,ok\nsoon,bad\n', /^bad-tc\.csv line 3: "soon" is not a timecode \(HH:MM:SS:FF at 24 fps\)$/],
    ['an unclosed quote', 'quote.csv', 'timecode,note\n00:00:01:00,"open\n', /^quote\.csv line 2: a quoted cell is never closed/],
    ['no header', 'nohead.csv', '00:00:01:00,note\n', /^nohead\.csv line 1: the first row must name the columns/],
    ['text that is not UTF-8', 'latin1.csv', Buffer.from([0x74, 0x69, 0x6d, 0x65, 0x63, 0x6f, 0x64, 0x65, 0x0a, 0xe9, 0xff, 0x0a]), /^latin1\.csv is not UTF-8 text/],
    ['an empty file', 'empty.csv', '', /^empty\.csv: the CSV file is empty/],
    ['a Markdown file without a table', 'plain.md', '# Notes\n\nnone\n', /^plain\.md: the Markdown file has no table with a Timecode column$/],
  ];
  it.each(hostile)('refuses %s with one line naming the file and line', async (_what, name, content, message) => {
    const file = path.join(dir, 'hostile', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const r = await invoke('review:importNotes', { path: file, rate: RATE });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toMatch(message);
      expect(r.error.message).not.toContain('\n');
    }
  });

  it('refuses paths that are not a notes file the user could have chosen', async () => {
    const folder = path.join(dir, 'folder.csv');
    fs.mkdirSync(folder);
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 33 * 1024 * 1024);
    for (const [p, message] of [
      ['/etc/passwd', /read from \.csv or \.md files/],
      ['relative.csv', /absolute path/],
      [path.join(dir, 'missing.csv'), /No such file/],
      [folder, /Not a file/],
      [big, /too large for review notes/],
    ] as const) {
      const r = await invoke('review:importNotes', { path: p, rate: RATE });
      expect(r.ok, p).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    expect((await invoke('review:importNotes', { path: path.join(dir, 'x.csv'), rate: { num: 0, den: 1 } })).ok).toBe(false);
  });
});

describe('segue notes', () => {
  const segue = (...args: string[]) => segueSync(path.join(dir, 'user'), args);

  it('writes the notes and thumbnails of a project file, and refuses to replace them without --force', async () => {
    const file = path.join(dir, 'cli', 'cut.segue');
    fs.mkdirSync(path.dirname(file));
    await writeProjectFile(file, project);
    const out = path.join(dir, 'cli', 'notes.csv');
    const r = segue('notes', file, '-o', out);
    expect(r.stderr).not.toMatch(/^segue:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}: 5 notes, 4 thumbnails in ${path.join(dir, 'cli', 'notes_thumbs')}\n`);
    expect(notesFromCsv(fs.readFileSync(out, 'utf8'), RATE)).toHaveLength(5);
    expect(fs.readdirSync(path.join(dir, 'cli', 'notes_thumbs'))).toHaveLength(4);
    const again = segue('notes', file, '-o', out);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([`segue: ${out} exists; pass --force to replace it`]);
    expect(segue('notes', file, '-o', out, '--force').code).toBe(0);
    const usage = segue('notes', file);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/usage: segue notes/);
  });
});
