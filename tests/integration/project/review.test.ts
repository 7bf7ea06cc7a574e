// A review session through the real handler table: the project file and its folder are
// byte-for-byte the same afterwards (markers added, autosaved, a save refused), the
// preview is rendered from proxies, and no provider is ever asked anything, not even to
// resume a generation the project's journal left unfinished.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../electron/services';
import { createHandlers } from '../../../electron/handlers';
import { dispatch } from '../../../shared/ipc/dispatch';
import type { Channel, InputOf, OutputOf } from '../../../shared/ipc/contract';
import { readProjectFile, writeProjectFile } from '../../../electron/services/project/projectFile';
import { createProject } from '../../../shared/timeline/factory';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { addMarker } from '../../../shared/timeline/edit/markers';
import type { Project } from '../../../shared/timeline/model';
import type { GenerationRequest } from '../../../shared/generation/model';
import { makeRate } from '../../../shared/timeline/time';
import type { LocalEngine } from '../../../electron/services/generation/generationService';
import { defaultLocalEngine } from '../../../electron/services';
import { makeTempDir, makeTestClip } from '../../helpers/media';
import { folderSnapshot, sha1 } from '../../helpers/files';

let dir: string;
let projectDir: string;
let file: string;
let saved: Project;
const RATE = makeRate(30);
const opened: Services[] = [];


/** Local engine and remote factory that record every use (a use is what review must never cause). */
function spies() {
  const calls: string[] = [];
  const local: LocalEngine = {
    render: (_req, _format, _dest, o) =>
      new Promise((_resolve, reject) => {
        calls.push('local.render');
        o.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
    extractFrame: async (...args) => {
      calls.push('local.extractFrame');
      return defaultLocalEngine.extractFrame(...args);
    },
    measureSeam: async (...args) => {
      calls.push('local.measureSeam');
      return defaultLocalEngine.measureSeam(...args);
    },
  };
  const makeRemote = () => {
    calls.push('makeRemote');
    throw new Error('no provider may be contacted');
  };
  return { calls, overrides: { local, makeRemote } };
}

function services(userData: string, overrides: ReturnType<typeof spies>['overrides']): Services {
  const s = createServices({ host: { transport: 'web' }, userDataDir: userData, overrides: { ...overrides, env: { OPENAI_API_KEY: 'sk-test' } } });
  opened.push(s);
  return s;
}

async function call<C extends Channel>(s: Services, channel: C, input: InputOf<C>): Promise<{ ok: true; value: OutputOf<C> } | { ok: false; error: { code: string; message: string } }> {
  return (await dispatch(createHandlers(s), channel, input, {})) as never;
}

const textRequest = (): GenerationRequest => ({ mode: 'text', provider: 'local', model: 'm', prompt: 'a red room', frames: 30, rate: RATE, width: 320, height: 180, takes: 1, fit: 'fit', sampleRate: 48000, channels: 2, handleFrames: 0, name: 'room' });

beforeAll(async () => {
  dir = makeTempDir('segue-review-');
  projectDir = path.join(dir, 'project');
  fs.mkdirSync(projectDir);
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'setup') });
  const a = await s.media.createMedia(await makeTestClip(projectDir, 'a.mp4', { seconds: 2, width: 1280, height: 720, fps: 30 }));
  const b = await s.media.createMedia(await makeTestClip(projectDir, 'b.mp4', { seconds: 2, width: 640, height: 360, fps: 30, video: 'color=c=blue' }));
  const p = createProject('Review me', { width: 1280, height: 720, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  file = path.join(projectDir, 'cut.segue');
  await writeProjectFile(file, { ...p, media: [a, b], timeline: appendMedia(appendMedia(p.timeline, a), b) });
  saved = await readProjectFile(file);
}, 60_000);

afterAll(() => {
  for (const s of opened) s.generation.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a review session', () => {
  it('leaves the project folder byte-identical: markers autosaved elsewhere, saving refused, preview from proxies, no provider asked', async () => {
    // The project's journal holds an unfinished local generation, as after a crash.
    const setup = spies();
    const first = services(path.join(dir, 'user-first'), setup.overrides);
    await first.projects.open(file);
    first.generation.sync();
    const started = await first.generation.start(textRequest());
    await expect.poll(() => setup.calls.includes('local.render')).toBe(true);
    first.generation.dispose(); // the app dies with the generation running: it stays in the journal
    expect(JSON.parse(fs.readFileSync(path.join(projectDir, 'cut.segue-data', 'jobs', `${started.status.id}.json`), 'utf8')).state).not.toBe('done');

    const before = folderSnapshot(projectDir);
    const bytes = sha1(file);
    const { calls, overrides } = spies();
    const s = services(path.join(dir, 'user'), overrides);

    const opened = await call(s, 'project:openReview', { path: file });
    expect(opened.ok).toBe(true);
    expect(await call(s, 'project:review', {})).toEqual({ ok: true, value: { review: true, file } });
    expect(await call(s, 'project:current', {})).toMatchObject({ ok: true });
    expect(await call(s, 'generation:list', {})).toEqual({ ok: true, value: [] });

    // The reviewer adds markers: the document changes only there, and is autosaved away from the original.
    let project = opened.ok ? opened.value : saved;
    project = { ...project, timeline: addMarker(addMarker(project.timeline, 15, { note: 'hold longer' }).timeline, 40, { note: 'colour?' }).timeline };
    const auto = await call(s, 'project:autosave', { project });
    expect(auto.ok && auto.value.path.startsWith(path.join(dir, 'user', 'review-autosave'))).toBe(true);
    expect(await call(s, 'project:recovery', {})).toMatchObject({ ok: true, value: { name: 'Review me' } });

    // Saving the reviewed file is refused, however it is named.
    for (const target of [undefined, file, path.join(projectDir, '..', 'project', 'cut.segue')]) {
      const r = await call(s, 'project:save', { project, ...(target ? { path: target } : {}) });
      expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'This project is open for review (read-only)' } });
    }

    // Proxies, then a preview read from them; the monitor's clip asset is the proxy too.
    const built = await call(s, 'proxies:build', {});
    expect(built).toEqual({ ok: true, value: { total: 2, ready: 2, failed: [], cancelled: false } });
    const proxyDir = path.join(dir, 'user', 'cache', 'proxies');
    expect(fs.readdirSync(proxyDir).filter((n) => n.endsWith('.mp4'))).toHaveLength(2);
    const preview = await call(s, 'preview:render', { project });
    expect(preview).toMatchObject({ ok: true, value: { proxies: 2, frames: 120 } });
    const assets = await call(s, 'media:assets', { mediaId: saved.media[0]!.id });
    expect(assets.ok && path.dirname(s.assets.resolve(assets.value.sourceAssetId)!.path)).toBe(proxyDir);

    // No generation and no provider: refused up front, nothing resumed.
    for (const [channel, input] of [
      ['generation:start', { request: textRequest() }],
      ['generation:estimate', { request: textRequest() }],
      ['generation:retry', { id: started.status.id }],
      ['providers:test', {}],
    ] as const) {
      const r = await call(s, channel, input as never);
      expect([channel, r.ok ? 'ok' : r.error.code]).toEqual([channel, 'not_available']);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toEqual([]);

    // Nothing in the project's folder changed: the file, its data folder, no autosave beside it.
    expect(sha1(file)).toBe(bytes);
    expect(folderSnapshot(projectDir)).toEqual(before);

    // Save As writes a copy with the notes, which is then a normal project; the original stays.
    const copy = path.join(dir, 'notes.segue');
    expect(await call(s, 'project:save', { project, path: copy })).toMatchObject({ ok: true, value: { path: copy } });
    expect((await readProjectFile(copy)).timeline.markers.map((m) => m.note)).toEqual(['hold longer', 'colour?']);
    expect(await call(s, 'project:review', {})).toEqual({ ok: true, value: { review: false, file: null } });
    expect(await call(s, 'project:save', { project })).toMatchObject({ ok: true, value: { path: copy } });
    expect(fs.existsSync(auto.ok ? auto.value.path : '')).toBe(false); // the review autosave went with the save
    expect(sha1(file)).toBe(bytes);
    expect(folderSnapshot(projectDir)).toEqual(before);

    // The control: opened normally, the same project resumes its generation at once.
    const control = spies();
    const normal = services(path.join(dir, 'user-normal'), control.overrides);
    expect((await call(normal, 'project:open', { path: file })).ok).toBe(true);
    await expect.poll(() => control.calls.includes('local.render')).toBe(true);
  }, 120_000);

  it('proxies:build outside review says what it is for', async () => {
    const s = services(path.join(dir, 'user-plain'), spies().overrides);
    await s.projects.open(file);
    expect(await call(s, 'proxies:build', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
