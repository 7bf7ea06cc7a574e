// `segue previz` as a user runs it (the real bin in a child process): a 10-shot CSV with
// varied durations, a continuity shot and two shots naming reference images of another
// size than the output. Laid out only; generated with the local provider (real drafts,
// exact lengths, continuity frame for frame, the project renders); generated through the
// fake /v1/videos server (one create per shot, references as input_reference at the
// output size, one refused shot reported while the others land, no key in the output);
// then one shot edited and regenerated with the runner as a new take.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { ffprobeJson, runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { projectDataDir } from '../../../electron/services/generation/generationService';
import { readProjectFile } from '../../../electron/services/project/projectFile';
import { checkExport, exportProject } from '../../../electron/services/render/exportService';
import { runPreviz } from '../../../electron/services/previz/runner';
import { generationOf } from '../../../shared/generation/model';
import { DEFAULT_SETTINGS as DEFAULT_PROVIDER_SETTINGS } from '../../../shared/generation/providerSettings';
import { isStale, SHOT_KEY, specOf, type Shot } from '../../../shared/previz/model';
import { PREVIZ_TRACK, shotClip, shotsUsing, updateShot } from '../../../shared/previz/edit';
import { layoutTrack } from '../../../shared/timeline/layout';
import { rescale } from '../../../shared/timeline/time';
import type { Clip, Media, Project } from '../../../shared/timeline/model';
import { startFakeVideosServer, type FakeVideos } from '../../fakes/videosServer';
import { repoRoot, segueBin, segueAsync } from '../../helpers/host';
import { makePng, makeTempDir } from '../../helpers/media';
import { pixels } from '../../helpers/measure';

const SECRET = 'sk-previz-test-DO-NOT-LEAK-4242';
const W = 320;
const H = 180;
let dir: string;
let list: string;
let fake: FakeVideos;

/** name, duration as written, frames at 24 fps */
const SHOTS: [string, string, number][] = [
  ['Opening', '2', 48],
  ['Anna enters', '1.5', 36],
  ['Counter', '00:00:01:12', 36],
  ['Refused', '1s', 24],
  ['Window', '3', 72],
  ['Window, continued', '0.5', 12],
  ['Booth', '2.25', 54],
  ['Diner wide', '1', 24],
  ['Coffee', '1.75', 42],
  ['Exit', '1', 24],
];
const CONTINUES = 5;
const WITH_REFS = new Map([
  [1, ['Anna']],
  [7, ['Diner', 'Anna']],
]);
const WITH_IMAGE = 4;

const segue = (args: string[], env: Record<string, string> = {}) => segueAsync(path.join(dir, 'user'), args, env);

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

beforeAll(async () => {
  dir = makeTempDir('segue-previz-');
  fake = await startFakeVideosServer({ jobMs: 300, apiKey: SECRET });
  fs.mkdirSync(path.join(dir, 'references'));
  fs.mkdirSync(path.join(dir, 'stills'));
  // reference images of sizes other than the output's; Anna in references/, Diner beside the list
  await makePng(path.join(dir, 'references'), 'Anna.png', { width: 300, height: 200, color: 'red' });
  await makePng(dir, 'Diner.png', { width: 500, height: 376, color: 'green' });
  // a shot's own picture with detail, so a push-in changes it from frame to frame
  await runFfmpeg(['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}`, '-frames:v', '1', path.join(dir, 'stills', 'window.png')]);
  const rows = SHOTS.map(([name, duration], i) => {
    const prompt = i === 3 ? 'FORBIDDEN: a scene the provider refuses' : `${name}: rain on the window, "neon", night`;
    return [name, duration, prompt, i % 2 ? 'slow push in' : 'wide, static', i === WITH_IMAGE ? 'stills/window.png' : '', (WITH_REFS.get(i) ?? []).join('; '), i === CONTINUES ? 'yes' : ''].map(csvCell).join(',');
  });
  list = path.join(dir, 'shots.csv');
  fs.writeFileSync(list, ['Shot,Duration,Prompt,Camera,Image,References,Continue', ...rows, ''].join('\r\n'));
}, 60_000);
afterAll(async () => {
  await fake?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function previzClips(p: Project): { clip: Clip; start: number; end: number }[] {
  const track = p.timeline.tracks.find((t) => t.kind === 'video' && t.name === PREVIZ_TRACK)!;
  return layoutTrack(track, p.timeline.rate).flatMap((x) => (x.item.kind === 'clip' ? [{ clip: x.item, start: x.start, end: x.end }] : []));
}

const mediaOf = (p: Project, id: string | null): Media => p.media.find((m) => m.id === id)!;

async function videoFrames(file: string): Promise<number> {
  const probe = (await ffprobeJson(file, undefined, ['-count_packets'])) as { streams: { codec_type: string; nb_read_packets: string }[] };
  return Number(probe.streams.find((s) => s.codec_type === 'video')!.nb_read_packets);
}

/** Every frame of a file as grey pixels at 80x45. */
async function greyFrames(file: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-v', 'error', '-i', file, '-vf', 'scale=80:45:flags=area,format=gray', '-f', 'rawvideo', '-'], { onStdout: (d) => chunks.push(d) });
  const all = Buffer.concat(chunks);
  const size = 80 * 45;
  return Array.from({ length: all.length / size }, (_, i) => all.subarray(i * size, (i + 1) * size));
}

const meanDiff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

describe('segue previz', () => {
  it('lays a 10-shot CSV out as named, timed placeholders in order and saves the shots and the reference library', async () => {
    const out = path.join(dir, 'layout.segue');
    const r = await segue(['previz', list, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}: 10 shots (15.5 s) on the Previz track, 2 references\n`);
    const p = await readProjectFile(out);
    expect(p.settings).toMatchObject({ width: 1280, height: 720, rate: { num: 24, den: 1 } });
    const clips = previzClips(p);
    let at = 0;
    expect(clips.map((c) => [c.clip.name, c.start, c.end, c.clip.mediaId])).toEqual(SHOTS.map(([name, , frames]) => [name, at, (at += frames), null]));
    const shots = p.previz!.shots;
    expect(shots.map((s) => [s.name, s.frames, s.clipId, s.continueFromPrevious])).toEqual(SHOTS.map(([name, , frames], i) => [name, frames, clips[i]!.clip.id, i === CONTINUES]));
    for (const c of clips) expect(c.clip.metadata?.[SHOT_KEY]).toBe(shots[clips.indexOf(c)]!.id);
    expect(shots[2]!.prompt).toBe('Counter: rain on the window, "neon", night');
    expect(shots[WITH_IMAGE]!.imageMediaId && mediaOf(p, shots[WITH_IMAGE]!.imageMediaId!).path).toBe(path.join(dir, 'stills', 'window.png'));
    // the library: each name once, its image imported, the shots that use it
    const refs = p.previz!.references;
    expect(refs.map((x) => [x.name, mediaOf(p, x.mediaId).path, mediaOf(p, x.mediaId).kind])).toEqual([
      ['Anna', path.join(dir, 'references', 'Anna.png'), 'image'],
      ['Diner', path.join(dir, 'Diner.png'), 'image'],
    ]);
    expect(shotsUsing(p, refs[0]!.id).map((s) => s.name)).toEqual(['Anna enters', 'Diner wide']);
    expect(shotsUsing(p, refs[1]!.id).map((s) => s.name)).toEqual(['Diner wide']);
    expect(shots[7]!.referenceIds).toEqual([refs[1]!.id, refs[0]!.id]);
  });

  it('takes the library from --references (kinds, descriptions, images relative to that file) before looking for files by name', async () => {
    const refsDir = path.join(dir, 'library');
    fs.mkdirSync(refsDir, { recursive: true });
    await makePng(refsDir, 'anna-front.png', { width: 200, height: 300, color: 'yellow' });
    const refs = path.join(refsDir, 'refs.csv');
    fs.writeFileSync(refs, 'name,kind,image,description\nanna,character,anna-front.png,"a woman in a red coat, 30s"\nCup,prop,../Diner.png,a chipped mug\n');
    const shotsFile = path.join(dir, 'with-refs.csv');
    fs.writeFileSync(shotsFile, 'shot,duration,references\nOne,1,"Anna, Cup"\nTwo,1,Diner\n');
    const out = path.join(dir, 'with-refs.segue');
    const r = await segue(['previz', shotsFile, '-o', out, '--references', refs, '--fps', '23.976']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const p = await readProjectFile(out);
    expect(p.settings.rate).toEqual({ num: 24000, den: 1001 });
    expect(p.previz!.references.map((x) => [x.name, x.kind, x.description, path.relative(dir, mediaOf(p, x.mediaId).path)])).toEqual([
      ['anna', 'character', 'a woman in a red coat, 30s', path.join('library', 'anna-front.png')],
      ['Cup', 'prop', 'a chipped mug', 'Diner.png'],
      ['Diner', 'character', '', 'Diner.png'],
    ]);
    // one image file in the bin once, even when two references use it
    expect(p.media.filter((m) => m.path === path.join(dir, 'Diner.png'))).toHaveLength(1);
    const ids = p.previz!.references.map((x) => x.id);
    expect(p.previz!.shots.map((x) => x.referenceIds)).toEqual([[ids[0], ids[1]], [ids[2]]]);
  });

  it('refuses bad input with one line and writes nothing', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'shot,duration,prompt\nA,2,"one\ntwo"\nB,soon,x\n');
    const out = path.join(dir, 'bad.segue');
    let r = await segue(['previz', bad, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('segue: bad.csv: line 4: duration "soon" is not seconds or a timecode (seconds such as 4 or 4.5, or a timecode HH:MM:SS:FF at 24 fps)\n');
    expect(fs.existsSync(out)).toBe(false);
    fs.writeFileSync(bad, 'shot,duration,references\nA,2,Nobody\n');
    r = await segue(['previz', bad, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('segue: reference "Nobody" (shot "A") has no image: put Nobody.png or .jpg beside bad.csv or in references/, or list it with --references\n');
    expect(fs.existsSync(out)).toBe(false);
    r = await segue(['previz', list, '-o', path.join(dir, 'layout.segue')]);
    expect([r.code, r.stderr]).toEqual([1, `segue: ${path.join(dir, 'layout.segue')} exists; pass --force to replace it\n`]);
    r = await segue(['previz', list, '-o', out, '--size', '321x180']);
    expect([r.code, r.stderr]).toEqual([1, 'segue: --size is WIDTHxHEIGHT with even sides from 16 to 8192, not 321x180\n']);
    expect(fs.existsSync(out)).toBe(false);
  });

  let local: { out: string; project: Project };

  it('generates a draft of every shot with the local provider: exact lengths, slates, continuity frame for frame, and the project renders', async () => {
    const out = path.join(dir, 'local.segue');
    const r = await segue(['previz', list, '-o', out, '--generate', '--size', `${W}x${H}`]);
    expect(r.stdout).toBe(`${out}: 10 shots (15.5 s) on the Previz track, 2 references\ngenerated 10 of 10 shots · cost $0.00\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Local draft \(ffmpeg\): 10 shots, 15\.5 s\n/);
    expect(r.stderr).toMatch(/100%/);
    const p = await readProjectFile(out);
    local = { out, project: p };
    const clips = previzClips(p);
    const dataDir = projectDataDir(out, p.id, '');
    for (const [i, c] of clips.entries()) {
      const shot = p.previz!.shots[i]!;
      const m = mediaOf(p, c.clip.mediaId);
      expect(m.origin).toBe('generated');
      expect(m.path.startsWith(dataDir)).toBe(true);
      expect(c.end - c.start).toBe(SHOTS[i]![2]);
      expect(rescale(c.clip.sourceRange.start, p.timeline.rate)).toBe(0);
      expect(await videoFrames(m.path)).toBe(SHOTS[i]![2]);
      expect(shot.generated).toEqual(specOf(shot));
      expect(generationOf(c.clip)).toBe(generationOf(m));
    }
    // shots with no picture of their own are slates showing the shot's name over its prompt
    for (const i of [0, 2, 3, 6, 8, 9]) {
      const m = mediaOf(p, clips[i]!.clip.mediaId);
      expect(m.provenance!.prompt.split('\n')[0]).toBe(SHOTS[i]![0]);
      const { corner } = await pixels(m.path, 0.5);
      for (const [k, v] of [22, 24, 29].entries()) expect(Math.abs(corner[k]! - v)).toBeLessThanOrEqual(6);
    }
    // a shot with a reference starts from the reference's picture (red Anna, green Diner first)
    expect((await pixels(mediaOf(p, clips[1]!.clip.mediaId).path, 0)).centre[0]).toBeGreaterThan(200);
    expect((await pixels(mediaOf(p, clips[7]!.clip.mediaId).path, 0)).centre[1]).toBeGreaterThan(100);
    // continuity: the first frame of shot 6 is the last frame of shot 5 (which moves: a push-in)
    const prev = await greyFrames(mediaOf(p, clips[CONTINUES - 1]!.clip.mediaId).path);
    const next = await greyFrames(mediaOf(p, clips[CONTINUES]!.clip.mediaId).path);
    expect(prev).toHaveLength(72);
    const same = meanDiff(next[0]!, prev.at(-1)!);
    expect(same).toBeLessThan(2);
    expect(meanDiff(next[0]!, prev[0]!)).toBeGreaterThan(same * 3 + 1);
    // the whole sequence plays: every frame renders
    const render = path.join(dir, 'local.mp4');
    const done = await exportProject(p, render, { overwrite: true });
    const total = SHOTS.reduce((sum, s) => sum + s[2], 0);
    expect(done.frames).toBe(total);
    await checkExport(render, { frames: total, seconds: total / 24 });
  }, 240_000);

  it('generates every shot once through a /v1/videos server: references at the output size, one refused shot reported, the others land, no key in the output', async () => {
    const out = path.join(dir, 'remote.segue');
    fake.inject({ kind: 'moderation', prompt: 'FORBIDDEN' });
    const before = { creates: fake.creates.videos, requests: fake.requests.length };
    const r = await segue(['previz', list, '-o', out, '--generate', '--provider', 'openai', '--base-url', fake.baseURL, '--model', 'Wan-AI/Wan2.2-TI2V-5B', '--size', `${W}x${H}`], { OPENAI_API_KEY: SECRET });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^.*remote\.segue: 10 shots \(15\.5 s\) on the Previz track, 2 references\ngenerated 9 of 10 shots, 1 failed · cost \$\d+\.\d\d\n {2}failed: Refused — .*refused this prompt.*\n$/);
    for (const text of [r.stdout, r.stderr, fs.readFileSync(out, 'utf8')]) expect(text).not.toContain(SECRET);
    for (const f of fs.readdirSync(path.join(dir, 'remote.segue-data', 'jobs'))) expect(fs.readFileSync(path.join(dir, 'remote.segue-data', 'jobs', f)).includes(SECRET)).toBe(false);
    // one create per shot, the refused one included
    expect(fake.creates.videos - before.creates).toBe(10);
    const creates = fake.requests.slice(before.requests).filter((q) => q.route === 'create');
    expect(creates).toHaveLength(10);
    const p = await readProjectFile(out);
    const shots = p.previz!.shots;
    const withPicture = new Set([1, 7, WITH_IMAGE, CONTINUES]);
    for (const [i, s] of shots.entries()) {
      const q = creates.filter((x) => x.fields.prompt?.startsWith(i === 3 ? 'FORBIDDEN' : `${s.name}: rain`));
      expect(q, s.name).toHaveLength(1);
      const refs = q[0]!.files.filter((f) => f.name === 'input_reference');
      if (withPicture.has(i)) {
        expect(refs.map((f) => [f.contentType, f.width, f.height])).toEqual([['image/png', W, H]]);
        expect(q[0]!.fields.size).toBe(`${W}x${H}`);
      } else expect(refs).toEqual([]);
    }
    // the prompt carries the camera note
    expect(creates.find((x) => x.fields.prompt?.startsWith('Diner wide'))!.fields.prompt).toContain('\nCamera: slow push in');
    // the refused shot keeps its placeholder; the other nine show their takes
    const clips = previzClips(p);
    expect(clips.map((c) => c.clip.mediaId === null)).toEqual(shots.map((_, i) => i === 3));
    expect(shots.map((s) => s.generated !== undefined)).toEqual(shots.map((_, i) => i !== 3));
    for (const [i, c] of clips.entries()) if (i !== 3) expect(mediaOf(p, c.clip.mediaId).provenance!.model).toBe('Wan-AI/Wan2.2-TI2V-5B');
  }, 240_000);

  it('refuses a run whose estimate is over --budget before anything is spent', async () => {
    const user = path.join(dir, 'priced');
    fs.mkdirSync(user, { recursive: true });
    fs.writeFileSync(path.join(user, 'providers.json'), JSON.stringify({ ...DEFAULT_PROVIDER_SETTINGS, remote: { ...DEFAULT_PROVIDER_SETTINGS.remote, pricePerSecondUsd: 0.1 } }));
    const out = path.join(dir, 'budget.segue');
    const before = fake.creates.videos;
    const args = ['previz', list, '-o', out, '--generate', '--provider', 'openai', '--base-url', fake.baseURL, '--model', 'Wan-AI/Wan2.2-TI2V-5B', '--size', `${W}x${H}`];
    // 18 billed seconds (each shot rounded up to whole seconds) at $0.10
    const r = await segue([...args, '--budget', '1'], { OPENAI_API_KEY: SECRET, SEGUE_USER_DATA: user });
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'segue: generating every shot is estimated at $1.80, above --budget $1.00\n']);
    expect(fs.existsSync(out)).toBe(false);
    expect(fake.creates.videos).toBe(before);
  });

  it('Ctrl+C cancels cleanly: running jobs are deleted on the server, no more start, and the report says so', async () => {
    const out = path.join(dir, 'cancelled.segue');
    fake.inject({ kind: 'slow', jobMs: 60_000 });
    const before = { creates: fake.creates.videos, jobs: new Set(fake.jobs.keys()) };
    try {
      const child = spawn(process.execPath, [segueBin, 'previz', list, '-o', out, '--generate', '--provider', 'openai', '--base-url', fake.baseURL, '--model', 'Wan-AI/Wan2.2-TI2V-5B', '--size', `${W}x${H}`], {
        cwd: repoRoot,
        env: { ...process.env, SEGUE_USER_DATA: path.join(dir, 'user'), OPENAI_API_KEY: SECRET },
      });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // four shots run at once; wait until they are all on the server
      for (let i = 0; i < 600 && fake.creates.videos - before.creates < 4; i++) await new Promise((r) => setTimeout(r, 50));
      expect(fake.creates.videos - before.creates).toBe(4);
      child.kill('SIGINT');
      const started = Date.now();
      expect(await exited).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(fake.creates.videos - before.creates).toBe(4);
      const mine = [...fake.jobs.values()].filter((j) => !before.jobs.has(j.id));
      expect(mine.map((j) => j.deleted)).toEqual([true, true, true, true]);
      expect(stdout).toContain('generated 0 of 10 shots, 10 not generated (cancelled) · cost $0.00\n');
      expect(stdout.match(/^ {2}cancelled: /gm)).toHaveLength(10);
      const p = await readProjectFile(out);
      expect(previzClips(p).map((c) => c.clip.mediaId)).toEqual(SHOTS.map(() => null));
    } finally {
      fake.clearFaults();
    }
  }, 120_000);

  it('editing one shot’s prompt makes only that shot stale; regenerating it adds a take and keeps the edit', async () => {
    const { out } = local;
    let p = await readProjectFile(out);
    const target = p.previz!.shots[2]!;
    const oldClip = shotClip(p, target)!.clip;
    const oldMedia = mediaOf(p, oldClip.mediaId);
    p = updateShot(p, target.id, { prompt: 'Counter: the rain has stopped' });
    expect(p.previz!.shots.map(isStale)).toEqual(SHOTS.map((_, i) => i === 2));
    const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
    try {
      s.projects.setCurrent(p, out);
      s.generation.attach(p.id, projectDataDir(out, p.id, s.userDataDir));
      const before = p.media.length;
      const result = await runPreviz({ generation: s.generation, projects: s.projects }, p, { provider: 'local', model: '', shotIds: [target.id] });
      expect(result.outcomes.map((o) => [o.name, o.state])).toEqual([['Counter', 'done']]);
      const after = result.project;
      const shot = after.previz!.shots[2] as Shot;
      const clip = shotClip(after, shot)!;
      // the same clip, in the same place, now showing the new take
      expect([clip.clip.id, clip.start, clip.length]).toEqual([oldClip.id, 84, 36]);
      const take = mediaOf(after, clip.clip.mediaId);
      expect(take.id).not.toBe(oldMedia.id);
      expect(take.provenance!.prompt).toBe('Counter\nCounter: the rain has stopped\nCamera: wide, static');
      expect(await videoFrames(take.path)).toBe(36);
      expect(after.media).toHaveLength(before + 1);
      expect(after.media.find((m) => m.id === oldMedia.id)).toEqual(oldMedia);
      expect(fs.existsSync(oldMedia.path)).toBe(true);
      expect(s.generation.get(result.outcomes[0]!.generationId!).request.takeOf).toBe(generationOf(oldMedia));
      expect(shot.prompt).toBe('Counter: the rain has stopped');
      expect(shot.generated).toEqual(specOf(shot));
      expect(after.previz!.shots.map(isStale)).toEqual(SHOTS.map(() => false));
      // every other shot is untouched
      for (const [i, x] of after.previz!.shots.entries()) if (i !== 2) expect(x).toEqual(p.previz!.shots[i]);
    } finally {
      s.generation.dispose();
    }
  }, 120_000);
});
