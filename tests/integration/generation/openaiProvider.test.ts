// The OpenAI-compatible remote provider through the real `openai` SDK against the fake
// `/v1/videos` server: real MP4s come back (size, length, sound, first frame), and every
// failure the service can answer becomes the right AppError — with no hidden retries.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiProvider } from '../../../electron/services/generation/openaiProvider';
import type { ProviderError } from '../../../electron/services/generation/openaiProvider';
import type { RemoteProvider, RemoteRequest, RemoteStatus } from '../../../electron/services/generation/types';
import { ffprobeJson, runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { imageSize, startFakeVideosServer } from '../../fakes/videosServer';
import type { FakeVideos } from '../../fakes/videosServer';
import { makePng, makeTempDir } from '../../helpers/media';

const WAN = 'Wan-AI/Wan2.2-TI2V-5B';
const KEY = 'sk-test-segue-SECRET-1234567890';
const signal = () => new AbortController().signal;

interface Probe {
  width: number;
  height: number;
  duration: number;
  video: string;
  audio: { codec: string; channels: number; sampleRate: number } | null;
}

async function probe(file: string): Promise<Probe> {
  const d = (await ffprobeJson(file)) as {
    format: { duration: number | string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; channels?: number; sample_rate?: string }[];
  };
  const v = d.streams.find((s) => s.codec_type === 'video')!;
  const a = d.streams.find((s) => s.codec_type === 'audio');
  return {
    width: v.width!,
    height: v.height!,
    duration: Number(d.format.duration),
    video: v.codec_name,
    audio: a ? { codec: a.codec_name, channels: a.channels!, sampleRate: Number(a.sample_rate) } : null,
  };
}

/** Mean colour of the first frame (scaled to one pixel). */
async function firstFrameRgb(file: string): Promise<[number, number, number]> {
  const chunks: Buffer[] = [];
  await runFfmpeg(['-i', file, '-frames:v', '1', '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { onStdout: (c) => chunks.push(c) });
  const b = Buffer.concat(chunks);
  return [b[0]!, b[1]!, b[2]!];
}

/** Mean volume of the sound, in dB. */
async function meanVolume(file: string): Promise<number> {
  const { stderr } = await runFfmpeg(['-i', file, '-vn', '-af', 'volumedetect', '-f', 'null', '-']);
  return Number(/mean_volume:\s*(-?[\d.]+) dB/.exec(stderr)?.[1] ?? '-Infinity');
}

async function waitDone(p: RemoteProvider, id: string): Promise<RemoteStatus[]> {
  const seen: RemoteStatus[] = [];
  for (let i = 0; i < 400; i++) {
    const s = await p.poll(id, signal());
    seen.push(s);
    if (s.status === 'completed' || s.status === 'failed') return seen;
    await new Promise((r) => setTimeout(r, Math.min(s.pollAfterMs ?? 50, 100)));
  }
  throw new Error('job never finished');
}

async function caught(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    return e as ProviderError;
  }
  throw new Error('expected a rejection');
}

const t2v = (o: Partial<RemoteRequest> = {}): RemoteRequest => ({ mode: 'create', model: WAN, prompt: 'a lighthouse at dusk', seconds: 2, size: '320x180', ...o });

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('openaiProvider against the fake /v1/videos server', () => {
  let fake: FakeVideos;
  let provider: RemoteProvider;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeVideosServer({ apiKey: KEY, jobMs: 300 });
    provider = createOpenAiProvider({ baseURL: fake.baseURL, apiKey: KEY, model: WAN });
    dir = makeTempDir('segue-openai-');
  });
  afterAll(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => fake.clearFaults());

  const lastCreate = () => fake.requests.filter((r) => r.route === 'create').at(-1)!;

  it('text to video: create → poll (queued, in progress, completed) → download gives a real MP4 with sound', async () => {
    fake.inject({ kind: 'slow', jobMs: 1000 }); // a queued window wide enough to see
    const { remoteId } = await provider.submit(t2v({ extra: { seed: 42, negative_prompt: 'blur' } }), signal());
    fake.clearFaults();
    expect(remoteId).toMatch(/^video_/);
    expect(lastCreate().fields).toMatchObject({ prompt: 'a lighthouse at dusk', model: WAN, seconds: '2', size: '320x180', seed: '42', negative_prompt: 'blur' });

    const seen = await waitDone(provider, remoteId);
    expect(seen[0]).toMatchObject({ status: 'queued', progress: 0 });
    expect(seen[0]!.status === 'queued' && seen[0]!.pollAfterMs).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last.status).toBe('completed');
    expect(last.status === 'completed' && last.expiresAt).toBeGreaterThan(Date.now());
    const progress = seen.flatMap((s) => (s.status === 'in_progress' ? [s.progress] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const dest = path.join(dir, 't2v.mp4');
    await provider.download(remoteId, dest, signal());
    const info = await probe(dest);
    expect(info).toMatchObject({ width: 320, height: 180, video: 'h264', audio: { codec: 'aac', channels: 2, sampleRate: 48000 } });
    expect(info.duration).toBeCloseTo(2, 0);
    expect(await meanVolume(dest)).toBeGreaterThan(-30);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('image to video: input_reference arrives as image/png at the requested size and is the first frame', async () => {
    const ref = await makePng(dir, 'red.png', { width: 320, height: 180, color: 'red' });
    const { remoteId } = await provider.submit(t2v({ inputReference: { path: ref, mime: 'image/png' } }), signal());
    const file = lastCreate().files.find((f) => f.name === 'input_reference')!;
    expect(file).toMatchObject({ contentType: 'image/png', width: 320, height: 180 });
    expect(file.filename).toMatch(/\.png$/);
    expect(file.bytes).toBe(fs.statSync(ref).size);

    expect((await waitDone(provider, remoteId)).at(-1)!.status).toBe('completed');
    const dest = path.join(dir, 'i2v.mp4');
    await provider.download(remoteId, dest, signal());
    const [r, g, b] = await firstFrameRgb(dest);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
    expect(b).toBeLessThan(60);
  });

  it('a JPEG reference is sent as image/jpeg and its size is read from the JPEG header', async () => {
    const ref = await makePng(dir, 'blue.jpg', { width: 320, height: 180, color: 'blue' });
    await provider.submit(t2v({ inputReference: { path: ref, mime: 'image/jpeg' } }), signal());
    expect(lastCreate().files[0]).toMatchObject({ contentType: 'image/jpeg', width: 320, height: 180 });
    expect(lastCreate().status).toBe(200);
  });

  it('a reference of the wrong size is rejected with the service message', async () => {
    const ref = await makePng(dir, 'small.png', { width: 160, height: 90 });
    const e = await caught(provider.submit(t2v({ inputReference: { path: ref, mime: 'image/png' } }), signal()));
    expect(e).toMatchObject({ code: 'rejected', message: 'Inpaint image must match the requested width and height', retryable: false });
  });

  it('a seconds value the model does not allow is rejected with the service message', async () => {
    const e = await caught(provider.submit(t2v({ model: 'sora-2', size: '1280x720', seconds: 5 }), signal()));
    expect(e).toMatchObject({ code: 'rejected', message: "Invalid value: '5'. Supported values are: '4', '8', and '12'." });
  });

  it('an extension returns the original and the extension stitched; seconds is the total', async () => {
    const { remoteId: source } = await provider.submit(t2v({ seconds: 2 }), signal());
    expect((await waitDone(provider, source)).at(-1)!.status).toBe('completed');
    const { remoteId } = await provider.submit({ mode: 'extend', model: WAN, prompt: 'the light turns on', seconds: 2, size: '320x180', videoId: source }, signal());
    const req = fake.requests.filter((r) => r.route === 'extend').at(-1)!;
    expect(req.fields).toMatchObject({ 'video[id]': source, prompt: 'the light turns on', seconds: '2' });
    expect((await waitDone(provider, remoteId)).at(-1)!.status).toBe('completed');
    expect(fake.video(remoteId)!.seconds).toBe('4');
    const dest = path.join(dir, 'extended.mp4');
    await provider.download(remoteId, dest, signal());
    const info = await probe(dest);
    expect(info.duration).toBeCloseTo(4, 0);
    expect(info.audio).toMatchObject({ channels: 2, sampleRate: 48000 });
  });

  it('a remix makes a new take of a completed video', async () => {
    const { remoteId: source } = await provider.submit(t2v(), signal());
    await waitDone(provider, source);
    const { remoteId } = await provider.submit({ mode: 'remix', model: WAN, prompt: 'now in winter', seconds: 2, size: '320x180', videoId: source }, signal());
    expect(fake.requests.filter((r) => r.route === 'remix').at(-1)!.fields).toEqual({ prompt: 'now in winter' });
    expect(fake.video(remoteId)!.remixed_from_video_id).toBe(source);
    expect((await waitDone(provider, remoteId)).at(-1)!.status).toBe('completed');
    const dest = path.join(dir, 'remix.mp4');
    await provider.download(remoteId, dest, signal());
    expect(await probe(dest)).toMatchObject({ width: 320, height: 180 });
  });

  it('a wrong key gives unauthorized, pointing at the provider settings, and never shows the key', async () => {
    const wrong = 'sk-wrong-PRIVATE-abcdef987654';
    const bad = createOpenAiProvider({ baseURL: fake.baseURL, apiKey: wrong });
    const before = fake.creates.videos;
    const e = await caught(bad.submit(t2v(), signal()));
    expect(e.code).toBe('unauthorized');
    expect(e.message).toContain('Check the API key in provider settings');
    expect(e.message).toContain('Incorrect API key provided');
    for (const part of [wrong, 'PRIVATE', '7654']) expect(e.message).not.toContain(part);
    expect(fake.creates.videos).toBe(before + 1);
    const t = await caught(bad.testConnection(signal()));
    expect(t.code).toBe('unauthorized');
    expect(t.message).not.toContain('PRIVATE');
  });

  it('429 with Retry-After gives rate_limited with retryAfterMs, after exactly one create attempt', async () => {
    fake.inject({ kind: 'rateLimit', times: 1, retryAfterSeconds: 7 });
    const before = fake.creates.videos;
    const e = await caught(provider.submit(t2v(), signal()));
    expect(e).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(e.message).toContain('Try again in 7 s');
    expect(fake.creates.videos).toBe(before + 1);
    await provider.submit(t2v(), signal());
    expect(fake.creates.videos).toBe(before + 2);
  });

  it('500 on create fails without a retry and is not retryable (a job may exist); 500 on a poll is retryable', async () => {
    fake.inject({ kind: 'serverError', times: 1, route: 'create' });
    const before = fake.creates.videos;
    const e = await caught(provider.submit(t2v(), signal()));
    expect(e).toMatchObject({ code: 'unreachable', retryable: false, status: 500 });
    expect(fake.creates.videos).toBe(before + 1);

    const { remoteId } = await provider.submit(t2v(), signal());
    fake.inject({ kind: 'serverError', times: 1, status: 503, route: 'retrieve' });
    const p = await caught(provider.poll(remoteId, signal()));
    expect(p).toMatchObject({ code: 'unreachable', retryable: true, status: 503 });
    expect((await provider.poll(remoteId, signal())).status).not.toBe('failed');
  });

  it('a moderation failure after acceptance: poll reports failed with moderation_blocked', async () => {
    fake.inject({ kind: 'moderation' });
    const { remoteId } = await provider.submit(t2v({ prompt: 'something not allowed' }), signal());
    const last = (await waitDone(provider, remoteId)).at(-1);
    expect(last).toEqual({ status: 'failed', code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' });
  });

  it('a retired model answers 404 and becomes retired with the plain message and the shutdown date', async () => {
    fake.inject({ kind: 'retired', model: 'sora-2' });
    const e = await caught(provider.submit(t2v({ model: 'sora-2', size: '1280x720', seconds: 4 }), signal()));
    expect(e.code).toBe('retired');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe('This endpoint no longer serves model sora-2. OpenAI shut down sora-2 on 2026-09-24. Choose another provider or model in provider settings.');

    fake.clearFaults();
    fake.inject({ kind: 'retired', model: 'sora-2', style: 'route' });
    expect((await caught(provider.submit(t2v({ model: 'sora-2', size: '1280x720', seconds: 4 }), signal()))).code).toBe('retired');

    const sora = createOpenAiProvider({ baseURL: fake.baseURL, apiKey: KEY, model: 'sora-2' });
    const t = await caught(sora.testConnection(signal()));
    expect(t.code).toBe('retired');
    expect(t.message).toContain('This endpoint no longer serves model sora-2');
  });

  it('a connection dropped after the job was created: submit throws (not retryable) and findLost finds the job', async () => {
    const since = Math.floor(Date.now() / 1000);
    const req = t2v({ prompt: `lost ${Date.now()}` });
    const before = new Set(fake.jobs.keys());
    fake.inject({ kind: 'dropAfterCreate' });
    const e = await caught(provider.submit(req, signal()));
    expect(e.code).toBe('unreachable');
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('a job may exist');
    const created = [...fake.jobs.keys()].filter((id) => !before.has(id));
    expect(created).toHaveLength(1);

    expect(await provider.findLost(req, since, signal())).toBe(created[0]);
    expect(await provider.findLost({ ...req, prompt: 'another prompt' }, since, signal())).toBeNull();
    expect(await provider.findLost(req, since + 3600, signal())).toBeNull();
  });

  it('a closed port gives unreachable at once, retryable because nothing was sent, without the key', async () => {
    const port = await closedPort();
    const down = createOpenAiProvider({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: KEY, timeoutMs: 5000 });
    const started = Date.now();
    const e = await caught(down.submit(t2v(), signal()));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(e).toMatchObject({ code: 'unreachable', retryable: true });
    expect(e.message).toBe(`Cannot reach http://127.0.0.1:${port}/v1: connection refused. Check the base URL in provider settings or that the server is running.`);
    expect((await caught(down.testConnection(signal()))).code).toBe('unreachable');
  });

  it('after delete or expiry the job is gone: 404 → not_found; cancel never throws', async () => {
    const { remoteId: a } = await provider.submit(t2v(), signal());
    await waitDone(provider, a);
    await provider.cancel(a);
    expect((await caught(provider.poll(a, signal()))).code).toBe('not_found');
    expect((await caught(provider.download(a, path.join(dir, 'gone.mp4'), signal()))).code).toBe('not_found');
    expect(fs.existsSync(path.join(dir, 'gone.mp4'))).toBe(false);
    await expect(provider.cancel(a)).resolves.toBeUndefined();

    const { remoteId: b } = await provider.submit(t2v(), signal());
    await waitDone(provider, b);
    fake.inject({ kind: 'expireNow', id: b });
    expect((await caught(provider.poll(b, signal()))).code).toBe('not_found');
  });

  it('jobs expire on their own expireMs', async () => {
    const short = await startFakeVideosServer({ jobMs: 50, expireMs: 200 });
    try {
      const p = createOpenAiProvider({ baseURL: short.baseURL, apiKey: '' });
      const { remoteId } = await p.submit(t2v(), signal());
      const done = (await waitDone(p, remoteId)).at(-1)!;
      expect(done.status).toBe('completed');
      await new Promise((r) => setTimeout(r, 350));
      expect((await caught(p.poll(remoteId, signal()))).code).toBe('not_found');
    } finally {
      await short.close();
    }
  });

  it('an aborted signal cancels', async () => {
    const ac = new AbortController();
    ac.abort();
    expect((await caught(provider.submit(t2v(), ac.signal))).code).toBe('cancelled');
  });

  it('testConnection lists the models', async () => {
    expect((await provider.testConnection(signal())).models).toEqual([WAN, 'sora-2']);
  });
});

describe('the fake /v1/videos server itself', () => {
  let fake: FakeVideos;
  beforeAll(async () => {
    fake = await startFakeVideosServer({ jobMs: 50 });
  });
  afterAll(() => fake.close());

  const post = (body: FormData) => fetch(`${fake.baseURL}/videos`, { method: 'POST', body });
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  };

  it('lists with limit, order and after', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await post(form({ prompt: `p${i}`, model: WAN, seconds: '1', size: '64x64' }))).json()) as { id: string }).id);
    const page1 = (await (await fetch(`${fake.baseURL}/videos?limit=2&order=asc`)).json()) as { data: { id: string }[]; has_more: boolean; last_id: string; object: string };
    expect(page1.object).toBe('list');
    expect(page1.data.map((v) => v.id)).toEqual(ids.slice(0, 2));
    expect(page1.has_more).toBe(true);
    const page2 = (await (await fetch(`${fake.baseURL}/videos?limit=2&order=asc&after=${page1.last_id}`)).json()) as { data: { id: string }[]; has_more: boolean };
    expect(page2.data.map((v) => v.id)).toEqual([ids[2]]);
    expect(page2.has_more).toBe(false);
    const desc = (await (await fetch(`${fake.baseURL}/videos?limit=1`)).json()) as { data: { id: string }[] };
    expect(desc.data[0]!.id).toBe(ids[2]);
  });

  it('answers errors in the real shape', async () => {
    const res = await post(form({ model: WAN }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: "Missing required parameter: 'prompt'.", type: 'invalid_request_error', param: 'prompt', code: 'missing_required_parameter' } });
    const octet = new FormData();
    octet.append('prompt', 'x');
    octet.append('model', WAN);
    octet.append('size', '64x64');
    octet.append('input_reference', new Blob([Buffer.from('not an image')], { type: 'application/octet-stream' }), 'ref.png');
    const r2 = await post(octet);
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { error: { param: string; message: string } }).error).toMatchObject({ param: 'input_reference', message: expect.stringContaining("unsupported mimetype ('application/octet-stream')") });
    const missing = await fetch(`${fake.baseURL}/videos/video_nope`);
    expect(missing.status).toBe(404);
  });

  it('serves a WebP thumbnail and refuses content before completion', async () => {
    fake.inject({ kind: 'slow', jobMs: 5000 });
    const slow = (await (await post(form({ prompt: 'slow', model: WAN, seconds: '1', size: '64x64' }))).json()) as { id: string; status: string };
    expect(slow.status).toBe('queued');
    const early = await fetch(`${fake.baseURL}/videos/${slow.id}/content`);
    expect(early.status).toBe(400);
    fake.clearFaults();
    const v = (await (await post(form({ prompt: 'thumb', model: WAN, seconds: '1', size: '64x64' }))).json()) as { id: string };
    await fake.settle();
    await new Promise((r) => setTimeout(r, 80));
    const thumb = await fetch(`${fake.baseURL}/videos/${v.id}/content?variant=thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await thumb.arrayBuffer());
    expect(bytes.toString('ascii', 8, 12)).toBe('WEBP');
  });

  it('reads PNG, JPEG and WebP sizes', async () => {
    const dir = makeTempDir('segue-fake-img-');
    try {
      for (const name of ['a.png', 'a.jpg', 'a.webp']) {
        const file = await makePng(dir, name, { width: 96, height: 40 });
        expect(imageSize(fs.readFileSync(file))).toEqual({ width: 96, height: 40 });
      }
      expect(imageSize(Buffer.from('nope'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('edits a completed video by id (video[id]) into a new job of the same size and length', async () => {
    const src = (await (await post(form({ prompt: 'src', model: WAN, seconds: '1', size: '64x64' }))).json()) as { id: string };
    await fake.settle();
    await new Promise((r) => setTimeout(r, 80));
    const res = await fetch(`${fake.baseURL}/videos/edits`, { method: 'POST', body: form({ prompt: 'invert', 'video[id]': src.id }) });
    expect(res.status).toBe(200);
    const v = (await res.json()) as { id: string; size: string; seconds: string; object: string };
    expect(v).toMatchObject({ object: 'video', size: '64x64', seconds: '1' });
    expect(fake.creates.edits).toBe(1);
  });
});
