// The generation service end to end: journal first, then work; results land once under
// the ids the renderer placed; remote jobs through the real openai SDK against the fake
// /v1/videos server, with retries, faults, cancel and crash-resume.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../electron/services';
import { writeProjectFile } from '../../../electron/services/project/projectFile';
import { createProject } from '../../../shared/timeline/factory';
import { placeExtension } from '../../../shared/generation/placement';
import type { GenerationRequest, GenerationStatus } from '../../../shared/generation/model';
import type { Project } from '../../../shared/timeline/model';
import { makeRate } from '../../../shared/timeline/time';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { startFakeVideosServer, type FakeVideos } from '../../fakes/videosServer';
import { makeTempDir, makeTestClip } from '../../helpers/media';
import { AppError } from '../../../shared/ipc/result';
import { dispatch } from '../../../shared/ipc/dispatch';
import { createHandlers } from '../../../electron/handlers';

const RATE = makeRate(30);
const FAKE_MODEL = 'Wan-AI/Wan2.2-TI2V-5B';

let dir: string;
let clip: string;
let fake: FakeVideos;

beforeAll(async () => {
  dir = makeTempDir('segue-gen-');
  clip = await makeTestClip(dir, 'shot.mp4', { seconds: 2, width: 320, height: 180, video: 'color=c=red', toneHz: 440 });
  fake = await startFakeVideosServer({ jobMs: 300 });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const opened: Services[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.generation.dispose();
  fake.clearFaults();
});

/** A saved project with one 2 s clip, opened by fresh services on a user data folder. */
async function open(userData: string, projectFile: string, env: NodeJS.ProcessEnv = {}): Promise<{ s: Services; project: Project }> {
  const s = createServices({ host: { transport: 'web' }, userDataDir: userData, overrides: { poll: { minMs: 50, maxMs: 200 }, env } });
  opened.push(s);
  if (!fs.existsSync(projectFile)) {
    const media = await s.media.createMedia(clip);
    const base = createProject('Gen test', { width: 320, height: 180, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
    await writeProjectFile(projectFile, { ...base, media: [media], timeline: appendMedia(base.timeline, media) });
  }
  const project = await s.projects.open(projectFile);
  s.generation.sync();
  return { s, project };
}

let promptSeq = 0;
const baseRequest = (project: Project, patch: Partial<GenerationRequest>): GenerationRequest => ({
  mode: 'extend',
  provider: 'local',
  model: FAKE_MODEL,
  prompt: `the red room, continued ${++promptSeq}`,
  frames: 45,
  rate: RATE,
  width: 320,
  height: 180,
  takes: 1,
  fit: 'fit',
  sampleRate: 48000,
  channels: 2,
  handleFrames: 15,
  name: 'shot ext',
  source: { mediaId: project.media[0]!.id, frame: 60 },
  ...patch,
});

function waitFor(s: Services, id: string, done: (g: GenerationStatus) => boolean, ms = 30_000): Promise<GenerationStatus> {
  return new Promise((resolve, reject) => {
    const check = (g: GenerationStatus) => {
      if (g.id !== id || !done(g)) return;
      off();
      clearTimeout(timer);
      resolve(g);
    };
    const off = s.generation.onUpdate(check);
    const timer = setTimeout(() => (off(), reject(new Error(`timed out; last state ${s.generation.get(id).state}`))), ms);
    check(s.generation.get(id));
  });
}

const finished = (g: GenerationStatus) => g.state === 'done' || g.state === 'failed' || g.state === 'cancelled';

async function useRemote(s: Services, patch: Partial<{ baseURL: string; model: string; presetId: string; pricePerSecondUsd: number | null }> = {}, budgetUsd: number | null = null) {
  await s.providerSettings.set({ defaultProvider: 'remote', remote: { presetId: 'custom', baseURL: fake.baseURL, model: FAKE_MODEL, extra: {}, ...patch }, budgetUsd });
}

describe('local provider', () => {
  it('journals, renders the extension with its head handle, registers it under the placed id and measures the seam', async () => {
    const home = makeTempDir('segue-gen-local-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    const { status, media } = await s.generation.start(baseRequest(project, {}));
    // The placeholder is the final clip: the renderer can place it before the file exists.
    expect(media).toHaveLength(1);
    expect(media[0]!.metadata?.['segue.pending']).toBe(true);
    const videoClip = project.timeline.tracks.find((t) => t.kind === 'video')!.items[0]!;
    const placed = placeExtension(project.timeline, videoClip.id, { generationId: status.id, media: media[0]!, frames: 45, handleFrames: 15, crossfadeFrames: 15 });
    expect(placed.clipIds).toHaveLength(2);
    // journalled before any work, beside the project
    const journal = path.join(home, 'p.segue-data', 'jobs', `${status.id}.json`);
    expect(fs.existsSync(journal)).toBe(true);
    const done = await waitFor(s, status.id, finished);
    expect(done.state).toBe('done');
    const take = done.takes[0]!;
    expect(take.media?.id).toBe(media[0]!.id);
    expect(take.media?.path).toBe(media[0]!.path);
    expect(take.media?.probe.durationSeconds).toBeCloseTo(2, 1); // 15 + 45 frames at 30 fps
    expect(s.projects.getMedia(media[0]!.id).probe.streams.some((x) => x.type === 'audio')).toBe(true);
    expect(take.seam).toBeDefined();
    expect(take.seam!.poor).toBe(false);
    expect(done.costUsd).toBe(0);
    expect(JSON.parse(fs.readFileSync(journal, 'utf8')).state).toBe('done');
  });

  it('text-to-video and a fill between two points work with no network', async () => {
    const home = makeTempDir('segue-gen-local2-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    const text = await s.generation.start(baseRequest(project, { mode: 'text', handleFrames: 0, prompt: 'A slate: "night", 100% rain', frames: 30 }));
    const fill = await s.generation.start(baseRequest(project, { mode: 'fill', handleFrames: 0, frames: 30, sourceB: { mediaId: project.media[0]!.id, frame: 0 } }));
    for (const id of [text.status.id, fill.status.id]) {
      const g = await waitFor(s, id, finished);
      expect(g.state).toBe('done');
      expect(g.takes[0]!.media!.probe.durationSeconds).toBeCloseTo(1, 1);
    }
  });

  it('cancel stops the job and leaves no file', async () => {
    const home = makeTempDir('segue-gen-cancel-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    const { status, media } = await s.generation.start(baseRequest(project, { frames: 30 * 20 }));
    await new Promise((r) => setTimeout(r, 150));
    expect(s.generation.cancel(status.id)).toBe(true);
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('cancelled');
    expect(fs.existsSync(media[0]!.path)).toBe(false);
    const left = fs.existsSync(path.dirname(media[0]!.path)) ? fs.readdirSync(path.dirname(media[0]!.path)) : [];
    expect(left).toEqual([]);
  });
});

describe('hostile requests', () => {
  it('a source the main process does not know, a remix of nothing, a bad key: refused, nothing journalled, nothing sent', async () => {
    const home = makeTempDir('segue-gen-hostile-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    const h = createHandlers(s);
    const before = fake.creates.videos;
    const unknown = await dispatch(h, 'generation:start', { request: baseRequest(project, { source: { mediaId: 'mEtcPasswd', frame: 1 } }) }, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await useRemote(s);
    const remix = await dispatch(h, 'generation:start', { request: baseRequest(project, { provider: 'remote', mode: 'remix', remixOf: project.media[0]!.id }) }, {});
    expect(remix.ok).toBe(false);
    const noSource = await dispatch(h, 'generation:start', { request: { ...baseRequest(project, {}), source: undefined } }, {});
    expect(noSource).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const badKey = await dispatch(h, 'providers:set', { settings: s.providerSettings.get(), apiKey: 'sk with spaces' }, {});
    expect(badKey).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const traversal = await dispatch(h, 'generation:cancel', { id: '../../etc' }, {});
    expect(traversal).toEqual({ ok: true, value: { cancelled: false } });
    expect(fs.existsSync(path.join(home, 'p.segue-data', 'jobs')) ? fs.readdirSync(path.join(home, 'p.segue-data', 'jobs')) : []).toEqual([]);
    expect(fake.creates.videos).toBe(before);
    // the key typed in settings is never handed back
    const set = await dispatch(h, 'providers:set', { settings: s.providerSettings.get(), apiKey: 'sk-typed-secret-42' }, {});
    expect(JSON.stringify(set)).not.toContain('sk-typed-secret-42');
    expect(set).toMatchObject({ ok: true, value: { key: 'stored' } });
    const file = path.join(home, 'secrets', 'remote-api-key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('remote provider (fake /v1/videos through the openai SDK)', () => {
  it('image-to-video from the clip last frame: one create per take, the reference at the requested size as PNG, the result lands', async () => {
    const home = makeTempDir('segue-gen-remote-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s);
    const before = fake.creates.videos;
    const { status, media } = await s.generation.start(baseRequest(project, { provider: 'remote', takes: 2 }));
    expect(media).toHaveLength(2);
    expect(status.request.handleFrames).toBe(0); // remote results have no head handle
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('done');
    expect(fake.creates.videos - before).toBe(2);
    const creates = fake.requests.filter((r) => r.route === 'create').slice(-2);
    for (const r of creates) {
      expect(r.fields.seconds).toBe('2');
      expect(r.fields.size).toBe('320x180');
      const ref = r.files.find((f) => f.name === 'input_reference')!;
      expect(ref.contentType).toBe('image/png');
      expect([ref.width, ref.height]).toEqual([320, 180]);
    }
    for (const t of g.takes) {
      expect(t.remoteId).toBeTruthy();
      expect(fs.existsSync(t.media!.path)).toBe(true);
      expect(t.media!.metadata?.['segue.remoteId']).toBe(t.remoteId);
    }
  });

  it('a 429 with Retry-After is waited out and retried: still exactly one job', async () => {
    const home = makeTempDir('segue-gen-429-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s);
    fake.inject({ kind: 'rateLimit', times: 1, retryAfterSeconds: 1 });
    const jobsBefore = fake.jobs.size;
    const { status } = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30 }));
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('done');
    expect(fake.jobs.size - jobsBefore).toBe(1);
  });

  it('a 500 on create fails with a clear message and is not resent', async () => {
    const home = makeTempDir('segue-gen-500-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s);
    fake.inject({ kind: 'serverError', times: 1, route: 'create' });
    const before = fake.creates.videos;
    const { status } = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30 }));
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('failed');
    expect(fake.creates.videos - before).toBe(1);
    expect(g.message).toBeTruthy();
    expect(g.message).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });

  it('moderation ends the job with the provider message', async () => {
    const home = makeTempDir('segue-gen-mod-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s);
    fake.inject({ kind: 'moderation' });
    const { status } = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30 }));
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('failed');
    expect(g.errorCode).toBe('rejected');
    expect(g.message).toMatch(/blocked by our moderation system/);
  });

  it('a model the server no longer serves gets a plain message', async () => {
    const home = makeTempDir('segue-gen-retired-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s);
    fake.inject({ kind: 'retired', model: FAKE_MODEL });
    const { status } = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30 }));
    const g = await waitFor(s, status.id, finished);
    expect(g.errorCode).toBe('retired');
    expect(g.message).toMatch(/no longer serves model/);
  });

  it('refuses a known retired model, an over-budget job and a cloud server without a key before spending anything', async () => {
    const home = makeTempDir('segue-gen-block-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s, { presetId: 'openai', model: 'sora-2' });
    const before = fake.creates.videos;
    await expect(s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 120, width: 1280, height: 720 }))).rejects.toMatchObject({ code: 'retired' });
    await useRemote(s, { pricePerSecondUsd: 0.5 }, 1);
    const est = s.generation.estimate(baseRequest(project, { provider: 'remote', mode: 'text', frames: 120 }));
    expect(est.costUsd).toBeCloseTo(2);
    expect(est.blocked).toMatch(/budget/);
    await expect(s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 120 }))).rejects.toBeInstanceOf(AppError);
    await useRemote(s, { baseURL: 'https://gateway.example.com/v1' });
    await expect(s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30 }))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(fake.creates.videos).toBe(before);
  });

  it('a dropped answer after the job was created: the job is found by listing, not created twice', async () => {
    const home = makeTempDir('segue-gen-drop-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await useRemote(s);
    fake.inject({ kind: 'dropAfterCreate' });
    const before = fake.creates.videos;
    const { status } = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30, prompt: `drop ${Date.now()}` }));
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('done');
    expect(fake.creates.videos - before).toBe(1);
  });

  it('crash-resume: a new runner on the same project finishes the job, the result lands once and the server saw one create', async () => {
    const home = makeTempDir('segue-gen-resume-');
    const file = path.join(home, 'p.segue');
    const first = await open(home, file);
    await useRemote(first.s);
    fake.inject({ kind: 'slow', jobMs: 1500 });
    const before = fake.creates.videos;
    const { status, media } = await first.s.generation.start(baseRequest(first.project, { provider: 'remote', mode: 'text', frames: 30 }));
    await waitFor(first.s, status.id, (g) => Boolean(g.takes[0]!.remoteId));
    first.s.generation.dispose(); // the app dies: nothing cancelled, the journal stays
    const journal = JSON.parse(fs.readFileSync(path.join(home, 'p.segue-data', 'jobs', `${status.id}.json`), 'utf8'));
    expect(journal.takes[0].remoteId).toBeTruthy();
    expect(journal.state).not.toBe('done');

    const second = await open(home, file);
    const landed: string[] = [];
    second.s.generation.onUpdate((g) => {
      if (g.state === 'done') landed.push(g.id);
    });
    const g = await waitFor(second.s, status.id, finished);
    expect(g.state).toBe('done');
    expect(fake.creates.videos - before).toBe(1);
    expect(second.s.projects.getMedia(media[0]!.id).path).toBe(media[0]!.path);
    expect(landed).toEqual([status.id]);

    // A third opening finds it done: nothing runs again.
    const third = await open(home, file);
    expect(third.s.generation.get(status.id).state).toBe('done');
    expect(third.s.projects.getMedia(media[0]!.id).path).toBe(media[0]!.path);
    expect(fake.creates.videos - before).toBe(1);
  });

  it('a crash between sending and recording the id: the job is looked up instead of resent', async () => {
    const home = makeTempDir('segue-gen-lost-');
    const file = path.join(home, 'p.segue');
    const first = await open(home, file);
    await useRemote(first.s);
    fake.inject({ kind: 'slow', jobMs: 1500 });
    const { status } = await first.s.generation.start(baseRequest(first.project, { provider: 'remote', mode: 'text', frames: 30, prompt: `lost ${Date.now()}` }));
    await waitFor(first.s, status.id, (g) => Boolean(g.takes[0]!.remoteId));
    first.s.generation.dispose();
    // Rewrite the journal as if the process died before the id was written.
    const jf = path.join(home, 'p.segue-data', 'jobs', `${status.id}.json`);
    const j = JSON.parse(fs.readFileSync(jf, 'utf8'));
    delete j.takes[0].remoteId;
    fs.writeFileSync(jf, JSON.stringify(j));
    const before = fake.creates.videos;
    const second = await open(home, file);
    const g = await waitFor(second.s, status.id, finished);
    expect(g.state).toBe('done');
    expect(fake.creates.videos).toBe(before);
  });

  it('a length beyond one request: a chain of requests from each part\'s last frame, joined to the exact length', async () => {
    const home = makeTempDir('segue-gen-chain-');
    const model = 'Wan-AI/Wan2.2-TI2V-5B-Diffusers'; // the vLLM-Omni preset: at most 10 s per request
    const chained = await startFakeVideosServer({ jobMs: 200, models: [{ id: model, sizes: 'any', seconds: Array.from({ length: 20 }, (_, i) => String(i + 1)) }] });
    try {
      const { s, project } = await open(home, path.join(home, 'p.segue'));
      await s.providerSettings.set({ defaultProvider: 'remote', remote: { presetId: 'vllm-omni', baseURL: chained.baseURL, model, extra: {} }, budgetUsd: null });
      const request = baseRequest(project, { provider: 'remote', model, frames: 30 * 12 });
      expect(s.generation.estimate(request)).toMatchObject({ calls: 2, billedSeconds: 12 });
      const { status } = await s.generation.start(request);
      const g = await waitFor(s, status.id, finished, 60_000);
      expect(g.state).toBe('done');
      expect(chained.creates.videos).toBe(2);
      const creates = chained.requests.filter((r) => r.route === 'create');
      expect(creates.map((r) => r.fields.seconds)).toEqual(['6', '6']);
      expect(creates.every((r) => r.files.some((f) => f.name === 'input_reference' && f.width === 320 && f.height === 180))).toBe(true);
      const probe = g.takes[0]!.media!.probe;
      expect(probe.streams.find((x) => x.type === 'video')).toBeDefined();
      expect(probe.durationSeconds).toBeCloseTo(12, 1);
      const left = fs.readdirSync(path.join(home, 'p.segue-data', 'generated'));
      expect(left).toEqual([path.basename(g.takes[0]!.media!.path)]);
    } finally {
      await chained.close();
    }
  });

  it('extending a clip the same server made, from its end, uses `extensions` and reads after the stitched original', async () => {
    const home = makeTempDir('segue-gen-ext-');
    const { s, project } = await open(home, path.join(home, 'p.segue'));
    await s.providerSettings.set({ defaultProvider: 'remote', remote: { presetId: 'custom', baseURL: fake.baseURL, model: FAKE_MODEL, extra: {}, capabilities: { extensions: true } }, budgetUsd: null });
    const first = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 60 }));
    const made = await waitFor(s, first.status.id, finished);
    const original = made.takes[0]!.media!;
    const videosBefore = fake.creates.videos;
    const extBefore = fake.creates.extensions;
    const { status, media } = await s.generation.start(baseRequest(project, { provider: 'remote', source: { mediaId: original.id, frame: 60 }, frames: 30 }));
    expect(status.request.handleFrames).toBe(60); // the clip will read after the original
    expect(media[0]!.probe.durationSeconds).toBeCloseTo(3, 5);
    const g = await waitFor(s, status.id, finished);
    expect(g.state).toBe('done');
    expect(fake.creates.extensions - extBefore).toBe(1);
    expect(fake.creates.videos).toBe(videosBefore);
    const ext = fake.requests.filter((r) => r.route === 'extend').at(-1)!;
    expect(ext.fields['video[id]']).toBe(made.takes[0]!.remoteId);
    expect(ext.fields.seconds).toBe('1');
    expect(g.takes[0]!.media!.probe.durationSeconds).toBeCloseTo(3, 1);
    // Not from its end (a trimmed clip): the last frame is sent as an image instead.
    const mid = await s.generation.start(baseRequest(project, { provider: 'remote', source: { mediaId: original.id, frame: 40 }, frames: 30 }));
    expect(mid.status.request.handleFrames).toBe(0);
    await waitFor(s, mid.status.id, finished);
    expect(fake.creates.extensions - extBefore).toBe(1);
  });

  it('keys never reach statuses or journals', async () => {
    const home = makeTempDir('segue-gen-key-');
    const secretFake = await startFakeVideosServer({ apiKey: 'sk-right-key-123456', jobMs: 100 });
    try {
      const { s, project } = await open(home, path.join(home, 'p.segue'), { OPENAI_API_KEY: 'sk-wrong-key-987654' });
      await s.providerSettings.set({ defaultProvider: 'remote', remote: { presetId: 'custom', baseURL: secretFake.baseURL, model: FAKE_MODEL, extra: {} }, budgetUsd: null });
      const { status } = await s.generation.start(baseRequest(project, { provider: 'remote', mode: 'text', frames: 30 }));
      const g = await waitFor(s, status.id, finished);
      expect(g.errorCode).toBe('unauthorized');
      const text = JSON.stringify(g) + fs.readFileSync(path.join(home, 'p.segue-data', 'jobs', `${status.id}.json`), 'utf8');
      expect(text).not.toContain('987654');
    } finally {
      await secretFake.close();
    }
  });
});
