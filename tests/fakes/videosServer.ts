// A faithful fake of the OpenAI-style `/v1/videos` server (see /work/shared/docs/video-api.md)
// for tests: node:http, multipart and JSON bodies, the real validation rules and error
// shapes, jobs that walk queued → in_progress → completed | failed, and REAL MP4 results
// made with ffmpeg (H.264 + AAC stereo 48 kHz, a sine tone; an input_reference image is the
// first frame; extensions are the original and the new part stitched). Faults on demand:
// 429 with Retry-After, 5xx, slow jobs, moderation failures, retired models, a connection
// dropped after the job was created, and expiry.
//
// Retired models (`inject({ kind: 'retired', model })`) answer like OpenAI answers an
// unknown model: 404 {"error":{"message":"The model `sora-2` does not exist or you do not
// have access to it. It was shut down and is no longer served.","type":"invalid_request_error",
// "param":"model","code":"model_not_found"}}. With `style: 'route'` the whole API is gone
// instead: 404 {"error":{"message":"Invalid URL (POST /v1/videos)","type":"invalid_request_error",
// "param":null,"code":null}} — both were reported by third parties; the real one is unconfirmed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ffprobeJson, runFfmpeg } from '../../electron/services/ffmpeg/runner';

// ---------------------------------------------------------------------------------------
// Public types

export interface FakeModel {
  id: string;
  /** allowed "WxH" values, or 'any' (even sides, 16–4096) */
  sizes: readonly string[] | 'any';
  /** allowed `seconds` strings for create */
  seconds: readonly string[];
  /** allowed `seconds` strings for an extension (default: `seconds`) */
  extendSeconds?: readonly string[];
}

export type FakeRoute = 'create' | 'retrieve' | 'list' | 'delete' | 'content' | 'remix' | 'extend' | 'edit' | 'models';

export type Fault =
  | { kind: 'rateLimit'; times?: number; retryAfterSeconds?: number }
  | { kind: 'serverError'; times?: number; status?: number; route?: FakeRoute }
  | { kind: 'slow'; jobMs: number }
  /** with `prompt`, only a job whose prompt contains it is refused */
  | { kind: 'moderation'; times?: number; prompt?: string }
  | { kind: 'retired'; model: string; style?: 'model' | 'route' }
  | { kind: 'dropAfterCreate'; times?: number }
  | { kind: 'expireNow'; id: string };

export interface FakeVideosOptions {
  /** when set, every request needs `Authorization: Bearer <apiKey>` */
  apiKey?: string;
  /** time from queued to completed (default 600 ms) */
  jobMs?: number;
  models?: FakeModel[];
  /** how long a completed job's assets stay available (default one hour) */
  expireMs?: number;
  /** `openai-poll-after-ms` sent while a job runs (default: a quarter of jobMs, at least 50) */
  pollAfterMs?: number;
}

export interface RecordedFile {
  name: string;
  filename: string;
  contentType: string;
  /** byte count */
  bytes: number;
  data: Buffer;
  /** pixel size when the file is a PNG, JPEG or WebP */
  width?: number;
  height?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  route: FakeRoute | null;
  status: number;
  headers: http.IncomingHttpHeaders;
  fields: Record<string, string>;
  files: RecordedFile[];
}

export interface VideoObject {
  id: string;
  object: 'video';
  model: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed';
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string | null;
  size: string;
  seconds: string;
  remixed_from_video_id: string | null;
  error: { code: string; message: string } | null;
}

export interface FakeJob {
  id: string;
  seq: number;
  model: string;
  prompt: string;
  size: string;
  /** total seconds of the result (stitched total for extensions) */
  seconds: number;
  createdMs: number;
  jobMs: number;
  remixedFrom: string | null;
  extensionCount: number;
  moderated: boolean;
  deleted: boolean;
  expired: boolean;
  /** the finished MP4, once ffmpeg is done */
  file: string | null;
  renderError: string | null;
  renderDoneMs: number | null;
  render: Promise<void>;
}

export interface FakeVideos {
  baseURL: string;
  port: number;
  /** create attempts per route, counted before any validation or fault */
  creates: { videos: number; remix: number; extensions: number; edits: number };
  requests: RecordedRequest[];
  jobs: Map<string, FakeJob>;
  /** the public Video object of a job as GET would show it now (null when gone) */
  video(id: string): VideoObject | null;
  /** resolves once every started render is finished */
  settle(): Promise<void>;
  inject(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_MODELS: FakeModel[] = [
  { id: 'Wan-AI/Wan2.2-TI2V-5B', sizes: 'any', seconds: Array.from({ length: 20 }, (_, i) => String(i + 1)) },
  { id: 'sora-2', sizes: ['720x1280', '1280x720'], seconds: ['4', '8', '12'], extendSeconds: ['4', '8', '12', '16', '20'] },
];

// ---------------------------------------------------------------------------------------
// Pure helpers: errors, multipart, image headers

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const invalid = (message: string, param: string | null = null, code: string | null = 'invalid_value') => new HttpError(400, message, 'invalid_request_error', param, code);

export function errorBody(e: HttpError): string {
  return JSON.stringify({ error: { message: e.message, type: e.type, param: e.param, code: e.code } });
}

/** "Supported values are: '4', '8', and '12'." in OpenAI's wording */
export function listValues(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  if (q.length <= 2) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q.at(-1)}`;
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw invalid('Could not parse multipart form: no boundary');
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(boundary, start);
    if (next === -1) break;
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after boundary and before next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      const data = chunk.subarray(headerEnd + 4);
      const disp = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
      const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim();
      if (name !== undefined) parts.push({ name, data, ...(filename !== undefined ? { filename } : {}), ...(type ? { contentType: type } : {}) });
    }
    pos = next;
  }
  return parts;
}

/** Pixel size from a PNG, JPEG or WebP header; null when unknown. */
export function imageSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString('ascii', 12, 16) === 'IHDR') {
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    let i = 2;
    while (i + 9 < buf.length) {
      if (buf[i] !== 0xff) return null;
      const marker = buf[i + 1]!;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const len = buf.readUInt16BE(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
      i += 2 + len;
    }
    return null;
  }
  if (buf.length >= 30 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') {
    const chunk = buf.toString('ascii', 12, 16);
    if (chunk === 'VP8 ') return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const b = buf.readUInt32LE(21);
      return { width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
  }
  return null;
}

const parseSize = (s: string): { width: number; height: number } | null => {
  const m = /^(\d+)x(\d+)$/.exec(s);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
};

// ---------------------------------------------------------------------------------------
// Rendering (all through runFfmpeg)

const FPS = 24;
const encode = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-r', String(FPS), '-c:a', 'aac', '-ac', '2', '-ar', '48000', '-movflags', '+faststart'];
const tone = (hz: number, seconds: number) => `sine=f=${hz}:r=48000:d=${seconds}`;

interface RenderSpec {
  width: number;
  height: number;
  seconds: number;
  pattern: string;
  toneHz: number;
  /** image shown alone for the first half second, then the pattern fades in over it */
  reference?: string;
}

async function renderClip(out: string, r: RenderSpec): Promise<void> {
  const size = `${r.width}x${r.height}`;
  const pattern = `${r.pattern}=s=${size}:r=${FPS}:d=${r.seconds}`;
  if (!r.reference) {
    await runFfmpeg(['-f', 'lavfi', '-i', pattern, '-f', 'lavfi', '-i', tone(r.toneHz, r.seconds), ...encode, '-t', String(r.seconds), out]);
    return;
  }
  const hold = Math.min(0.5, r.seconds / 2);
  const graph = `[0:v]scale=${size},setsar=1,fps=${FPS},format=yuv420p[bg];[1:v]format=yuva420p,fade=t=in:st=${hold}:d=${hold}:alpha=1[fg];[bg][fg]overlay=shortest=1,format=yuv420p[v]`;
  await runFfmpeg([
    '-loop', '1', '-framerate', String(FPS), '-t', String(r.seconds), '-i', r.reference,
    '-f', 'lavfi', '-i', pattern,
    '-f', 'lavfi', '-i', tone(r.toneHz, r.seconds),
    '-filter_complex', graph, '-map', '[v]', '-map', '2:a', ...encode, '-t', String(r.seconds), out,
  ]);
}

/** original + a new part, stitched (re-encoded so the result is one clean stream). */
async function renderStitched(out: string, original: string, r: RenderSpec): Promise<void> {
  const size = `${r.width}x${r.height}`;
  const graph =
    `[0:v]scale=${size},setsar=1,fps=${FPS},format=yuv420p[v0];[0:a]aformat=sample_rates=48000:channel_layouts=stereo[a0];` +
    `[1:v]setsar=1,format=yuv420p[v1];[2:a]aformat=sample_rates=48000:channel_layouts=stereo[a1];[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]`;
  await runFfmpeg(['-i', original, '-f', 'lavfi', '-i', `${r.pattern}=s=${size}:r=${FPS}:d=${r.seconds}`, '-f', 'lavfi', '-i', tone(r.toneHz, r.seconds), '-filter_complex', graph, '-map', '[v]', '-map', '[a]', ...encode, out]);
}

/** The source with its colours inverted, same length and sound. */
async function renderEdit(out: string, source: string): Promise<void> {
  await runFfmpeg(['-i', source, '-vf', 'negate,format=yuv420p', ...encode, out]);
}

async function probe(file: string): Promise<{ width: number; height: number; seconds: number }> {
  const data = (await ffprobeJson(file)) as { format?: { duration?: number | string }; streams?: { codec_type?: string; width?: number; height?: number }[] };
  const v = data.streams?.find((s) => s.codec_type === 'video');
  return { width: v?.width ?? 0, height: v?.height ?? 0, seconds: Number(data.format?.duration ?? 0) };
}

// ---------------------------------------------------------------------------------------
// The server

interface ParsedBody {
  fields: Record<string, string>;
  files: RecordedFile[];
}

type CountedFault = Fault & { remaining: number };
type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

const nowSeconds = (ms: number) => Math.floor(ms / 1000);

export async function startFakeVideosServer(options: FakeVideosOptions = {}): Promise<FakeVideos> {
  const defaultJobMs = options.jobMs ?? 600;
  const expireMs = options.expireMs ?? 3_600_000;
  const models = options.models ?? DEFAULT_FAKE_MODELS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-fake-videos-'));
  const jobs = new Map<string, FakeJob>();
  const requests: RecordedRequest[] = [];
  const creates = { videos: 0, remix: 0, extensions: 0, edits: 0 };
  let faults: CountedFault[] = [];
  let seq = 0;
  const thumbs = new Map<string, Promise<string>>();

  const findFault = <K extends Fault['kind']>(kind: K, match: (f: FaultOf<K>) => boolean): (FaultOf<K> & { remaining: number }) | undefined =>
    faults.find((x) => x.kind === kind && x.remaining > 0 && match(x as unknown as FaultOf<K>)) as unknown as (FaultOf<K> & { remaining: number }) | undefined;
  /** the first active fault of this kind, used up by one */
  const takeFault = <K extends Fault['kind']>(kind: K, match: (f: FaultOf<K>) => boolean = () => true): FaultOf<K> | null => {
    const f = findFault(kind, match);
    if (!f) return null;
    f.remaining -= 1;
    faults = faults.filter((x) => x.remaining > 0);
    return f;
  };
  const peekFault = <K extends Fault['kind']>(kind: K, match: (f: FaultOf<K>) => boolean = () => true): FaultOf<K> | null => findFault(kind, match) ?? null;

  // --- job state ---------------------------------------------------------------------

  const pollAfter = (job: FakeJob) => options.pollAfterMs ?? Math.max(50, Math.round(job.jobMs / 4));
  const completedMs = (job: FakeJob) => Math.max(job.createdMs + job.jobMs, job.renderDoneMs ?? Infinity);
  const isGone = (job: FakeJob, now: number) => {
    if (job.deleted || job.expired) return true;
    const done = completedMs(job);
    return Number.isFinite(done) && now >= done + expireMs;
  };

  function videoOf(job: FakeJob, now = Date.now()): VideoObject {
    const elapsed = now - job.createdMs;
    const done = completedMs(job);
    const base = {
      id: job.id,
      object: 'video' as const,
      model: job.model,
      created_at: nowSeconds(job.createdMs),
      prompt: job.prompt,
      size: job.size,
      seconds: String(job.seconds),
      remixed_from_video_id: job.remixedFrom,
    };
    if (now < done) {
      const queued = elapsed < job.jobMs * 0.15;
      const progress = queued ? 0 : Math.min(99, Math.max(1, Math.floor((elapsed / job.jobMs) * 100)));
      return { ...base, status: queued ? 'queued' : 'in_progress', progress, completed_at: null, expires_at: null, error: null };
    }
    const failure = job.moderated
      ? { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' }
      : job.renderError
        ? { code: 'internal_error', message: 'Video generation failed.' }
        : null;
    if (failure) return { ...base, status: 'failed', progress: 0, completed_at: null, expires_at: null, error: failure };
    return { ...base, status: 'completed', progress: 100, completed_at: nowSeconds(done), expires_at: nowSeconds(done + expireMs), error: null };
  }

  function liveJob(id: string): FakeJob {
    const job = jobs.get(id);
    if (!job || isGone(job, Date.now())) throw new HttpError(404, `Video with id '${id}' not found.`, 'invalid_request_error', null, 'video_not_found');
    return job;
  }

  function completedJob(id: string, param: string): FakeJob {
    const job = liveJob(id);
    const v = videoOf(job);
    if (v.status !== 'completed') throw invalid(`Video '${id}' is not completed (status: ${v.status}).`, param, 'invalid_value');
    return job;
  }

  function startJob(init: { model: string; prompt: string; size: string; seconds: number; remixedFrom?: string | null; extensionCount?: number }, render: (out: string) => Promise<void>): FakeJob {
    const slow = peekFault('slow');
    const moderated = takeFault('moderation', (f) => f.prompt === undefined || init.prompt.includes(f.prompt)) !== null;
    const id = `video_${crypto.randomBytes(24).toString('hex')}`;
    const out = path.join(dir, `${id}.mp4`);
    const job: FakeJob = {
      id,
      seq: seq++,
      model: init.model,
      prompt: init.prompt,
      size: init.size,
      seconds: init.seconds,
      createdMs: Date.now(),
      jobMs: slow?.jobMs ?? defaultJobMs,
      remixedFrom: init.remixedFrom ?? null,
      extensionCount: init.extensionCount ?? 0,
      moderated,
      deleted: false,
      expired: false,
      file: null,
      renderError: null,
      renderDoneMs: null,
      render: Promise.resolve(),
    };
    job.render = moderated
      ? Promise.resolve().then(() => void (job.renderDoneMs = Date.now()))
      : render(out).then(
          () => {
            job.file = out;
            job.renderDoneMs = Date.now();
          },
          (e: unknown) => {
            job.renderError = e instanceof Error ? e.message : String(e);
            job.renderDoneMs = Date.now();
          },
        );
    jobs.set(id, job);
    return job;
  }

  // --- validation ----------------------------------------------------------------------

  function checkRetired(model: string, method: string, urlPath: string): void {
    const r = peekFault('retired', (f) => f.model === model);
    if (!r) return;
    if (r.style === 'route') throw new HttpError(404, `Invalid URL (${method} ${urlPath})`, 'invalid_request_error');
    throw new HttpError(404, `The model \`${model}\` does not exist or you do not have access to it. It was shut down and is no longer served.`, 'invalid_request_error', 'model', 'model_not_found');
  }

  function findModel(id: string): FakeModel {
    const m = models.find((x) => x.id === id);
    if (!m) throw new HttpError(404, `The model \`${id}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model', 'model_not_found');
    return m;
  }

  function checkSeconds(value: string | undefined, allowed: readonly string[]): number {
    const s = value ?? allowed[0]!;
    if (!allowed.includes(s)) throw invalid(`Invalid value: '${s}'. Supported values are: ${listValues(allowed)}.`, 'seconds');
    return Number(s);
  }

  function checkSize(value: string | undefined, model: FakeModel): string {
    const s = value ?? (model.sizes === 'any' ? '1280x720' : model.sizes[0]!);
    if (model.sizes === 'any') {
      const z = parseSize(s);
      if (!z || z.width % 2 || z.height % 2 || z.width < 16 || z.height < 16 || z.width > 4096 || z.height > 4096) {
        throw invalid(`Invalid value: '${s}'. Size must be WIDTHxHEIGHT with even sides between 16 and 4096.`, 'size');
      }
      return s;
    }
    if (!model.sizes.includes(s)) throw invalid(`Invalid value: '${s}'. Supported values are: ${listValues(model.sizes)}.`, 'size');
    return s;
  }

  function requirePrompt(fields: Record<string, string>): string {
    const p = fields.prompt;
    if (p === undefined || p === '') throw invalid("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
    return p;
  }

  // --- routes ----------------------------------------------------------------------------

  async function create(body: ParsedBody, method: string, urlPath: string): Promise<FakeJob> {
    const prompt = requirePrompt(body.fields);
    const modelId = body.fields.model ?? 'sora-2';
    checkRetired(modelId, method, urlPath);
    const model = findModel(modelId);
    const seconds = checkSeconds(body.fields.seconds, model.seconds);
    const size = checkSize(body.fields.size, model);
    const { width, height } = parseSize(size)!;
    const ref = body.files.find((f) => f.name === 'input_reference');
    let refPath: string | undefined;
    if (ref) {
      const types = ['image/jpeg', 'image/png', 'image/webp'];
      if (!types.includes(ref.contentType)) {
        throw invalid(`Invalid file 'input_reference': unsupported mimetype ('${ref.contentType}'). Supported file formats are ${listValues(types)}.`, 'input_reference', 'unsupported_file');
      }
      if (ref.width !== width || ref.height !== height) throw invalid('Inpaint image must match the requested width and height', 'input_reference');
      refPath = path.join(dir, `ref-${crypto.randomBytes(8).toString('hex')}.${ref.contentType.split('/')[1]}`);
      fs.writeFileSync(refPath, ref.data);
    }
    return startJob({ model: modelId, prompt, size, seconds }, (out) => renderClip(out, { width, height, seconds, pattern: 'testsrc2', toneHz: 440, ...(refPath ? { reference: refPath } : {}) }));
  }

  function sourceId(fields: Record<string, string>): string {
    const id = fields['video[id]'] ?? fields.video_id ?? fields.video;
    if (!id) throw invalid("Missing required parameter: 'video'.", 'video', 'missing_required_parameter');
    return id;
  }

  async function extend(body: ParsedBody, method: string, urlPath: string): Promise<FakeJob> {
    const prompt = requirePrompt(body.fields);
    if (body.files.some((f) => f.name === 'input_reference')) throw invalid('Image references are not supported for extensions.', 'input_reference');
    const source = completedJob(sourceId(body.fields), 'video');
    checkRetired(source.model, method, urlPath);
    const model = findModel(source.model);
    const add = checkSeconds(body.fields.seconds, model.extendSeconds ?? model.seconds);
    if (source.extensionCount >= 6) throw invalid('A video can be extended at most 6 times.', 'video');
    if (source.seconds + add > 120) throw invalid(`The extended video would be ${source.seconds + add} seconds long; the maximum is 120 seconds.`, 'seconds');
    const { width, height } = parseSize(source.size)!;
    const original = source.file!;
    return startJob({ model: source.model, prompt, size: source.size, seconds: source.seconds + add, extensionCount: source.extensionCount + 1 }, (out) =>
      renderStitched(out, original, { width, height, seconds: add, pattern: 'smptebars', toneHz: 660 }),
    );
  }

  async function remix(id: string, body: ParsedBody, method: string, urlPath: string): Promise<FakeJob> {
    const prompt = requirePrompt(body.fields);
    const source = completedJob(id, 'video_id');
    checkRetired(source.model, method, urlPath);
    const { width, height } = parseSize(source.size)!;
    return startJob({ model: source.model, prompt, size: source.size, seconds: source.seconds, remixedFrom: source.id }, (out) =>
      renderClip(out, { width, height, seconds: source.seconds, pattern: 'smptebars', toneHz: 550 }),
    );
  }

  async function edit(body: ParsedBody): Promise<FakeJob> {
    const prompt = requirePrompt(body.fields);
    const upload = body.files.find((f) => f.name === 'video');
    if (upload) {
      const src = path.join(dir, `upload-${crypto.randomBytes(8).toString('hex')}.mp4`);
      fs.writeFileSync(src, upload.data);
      const info = await probe(src).catch(() => null);
      if (!info || !info.width) throw invalid('The uploaded video could not be decoded.', 'video', 'invalid_file');
      return startJob({ model: models[0]!.id, prompt, size: `${info.width}x${info.height}`, seconds: Math.round(info.seconds) }, (out) => renderEdit(out, src));
    }
    const source = completedJob(sourceId(body.fields), 'video');
    const file = source.file!;
    return startJob({ model: source.model, prompt, size: source.size, seconds: source.seconds, remixedFrom: source.id }, (out) => renderEdit(out, file));
  }

  function list(query: Record<string, string>) {
    const limit = Math.min(100, Math.max(1, Number(query.limit ?? 20) || 20));
    const order = query.order === 'asc' ? 'asc' : 'desc';
    const now = Date.now();
    const all = [...jobs.values()].filter((j) => !isGone(j, now)).sort((a, b) => (order === 'asc' ? a.seq - b.seq : b.seq - a.seq));
    let start = 0;
    if (query.after) {
      const i = all.findIndex((j) => j.id === query.after);
      if (i === -1) throw invalid(`Video with id '${query.after}' not found.`, 'after');
      start = i + 1;
    }
    const page = all.slice(start, start + limit).map((j) => videoOf(j, now));
    return { object: 'list', data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + limit < all.length };
  }

  async function thumbnail(job: FakeJob, variant: 'thumbnail' | 'spritesheet'): Promise<string> {
    const key = `${job.id}:${variant}`;
    let p = thumbs.get(key);
    if (!p) {
      const out = path.join(dir, `${job.id}-${variant}.${variant === 'thumbnail' ? 'webp' : 'jpg'}`);
      const args = variant === 'thumbnail' ? ['-i', job.file!, '-frames:v', '1', '-c:v', 'libwebp', out] : ['-i', job.file!, '-vf', 'fps=1,scale=160:-2,tile=4x1', '-frames:v', '1', out];
      p = runFfmpeg(args).then(() => out);
      thumbs.set(key, p);
    }
    return p;
  }

  // --- dispatch --------------------------------------------------------------------------

  const routeOf = (method: string, parts: string[]): FakeRoute | null => {
    // parts: path after /v1, split on '/'
    if (parts[0] === 'models' && parts.length === 1 && method === 'GET') return 'models';
    if (parts[0] !== 'videos') return null;
    if (parts.length === 1) return method === 'POST' ? 'create' : method === 'GET' ? 'list' : null;
    if (parts.length === 2 && parts[1] === 'extensions') return method === 'POST' ? 'extend' : null;
    if (parts.length === 2 && parts[1] === 'edits') return method === 'POST' ? 'edit' : null;
    if (parts.length === 2) return method === 'GET' ? 'retrieve' : method === 'DELETE' ? 'delete' : null;
    if (parts.length === 3 && parts[2] === 'content' && method === 'GET') return 'content';
    if (parts.length === 3 && parts[2] === 'remix' && method === 'POST') return 'remix';
    return null;
  };

  async function readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function parseBody(raw: Buffer, contentType: string): ParsedBody {
    if (raw.length === 0) return { fields: {}, files: [] };
    if (/^multipart\/form-data/i.test(contentType)) {
      const fields: Record<string, string> = {};
      const files: RecordedFile[] = [];
      for (const p of parseMultipart(raw, contentType)) {
        if (p.filename === undefined) fields[p.name] = p.data.toString('utf8');
        else files.push({ name: p.name, filename: p.filename, contentType: p.contentType ?? 'application/octet-stream', bytes: p.data.length, data: Buffer.from(p.data), ...(imageSize(p.data) ?? {}) });
      }
      return { fields, files };
    }
    if (/json/i.test(contentType)) {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalid('We could not parse the JSON body of your request.', null, null);
      }
      const fields: Record<string, string> = {};
      if (json && typeof json === 'object') for (const [k, v] of Object.entries(json)) fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
      return { fields, files: [] };
    }
    throw invalid(`Unsupported content type: '${contentType}'.`, null, null);
  }

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | number> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': `req_${crypto.randomBytes(8).toString('hex')}`, ...headers });
    res.end(body);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (!url.pathname.startsWith('/v1/')) throw new HttpError(404, `Invalid URL (${method} ${url.pathname})`, 'invalid_request_error');
    const parts = url.pathname.slice(4).split('/').filter(Boolean).map(decodeURIComponent);
    const route = routeOf(method, parts);
    record.route = route;
    if (route === 'create') creates.videos++;
    if (route === 'remix') creates.remix++;
    if (route === 'extend') creates.extensions++;
    if (route === 'edit') creates.edits++;

    if (options.apiKey !== undefined) {
      const auth = req.headers.authorization;
      if (!auth) {
        throw new HttpError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error');
      }
      const key = auth.replace(/^Bearer\s+/i, '');
      if (key !== options.apiKey) {
        const masked = key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}` : '***';
        throw new HttpError(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', null, 'invalid_api_key');
      }
    }
    if (!route) throw new HttpError(404, `Invalid URL (${method} ${url.pathname})`, 'invalid_request_error');

    const err = takeFault('serverError', (f) => f.route === undefined || f.route === route);
    if (err) {
      const status = err.status ?? 500;
      throw new HttpError(status, status === 503 ? 'The server is overloaded or not ready yet.' : 'The server had an error while processing your request. Sorry about that!', 'server_error');
    }
    const isCreate = route === 'create' || route === 'remix' || route === 'extend' || route === 'edit';
    if (isCreate) {
      const rl = takeFault('rateLimit');
      if (rl) {
        const after = rl.retryAfterSeconds ?? 20;
        throw new HttpError(429, `Rate limit reached for videos on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in ${after}s.`, 'requests', null, 'rate_limit_exceeded', { 'retry-after': String(after) });
      }
    }

    const query = Object.fromEntries(url.searchParams.entries());
    record.query = query;
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    record.fields = body.fields;
    record.files = body.files;

    if (isCreate) {
      const job =
        route === 'create' ? await create(body, method, url.pathname) : route === 'extend' ? await extend(body, method, url.pathname) : route === 'remix' ? await remix(parts[1]!, body, method, url.pathname) : await edit(body);
      if (takeFault('dropAfterCreate')) {
        record.status = 0;
        req.socket.destroy();
        return;
      }
      record.status = 200;
      return send(res, 200, JSON.stringify(videoOf(job)));
    }
    switch (route) {
      case 'models': {
        const data = models.filter((m) => !peekFault('retired', (f) => f.model === m.id)).map((m) => ({ id: m.id, object: 'model', created: 1_700_000_000, owned_by: 'fake' }));
        record.status = 200;
        return send(res, 200, JSON.stringify({ object: 'list', data }));
      }
      case 'list':
        record.status = 200;
        return send(res, 200, JSON.stringify(list(query)));
      case 'retrieve': {
        const job = liveJob(parts[1]!);
        const v = videoOf(job);
        record.status = 200;
        return send(res, 200, JSON.stringify(v), v.status === 'queued' || v.status === 'in_progress' ? { 'openai-poll-after-ms': pollAfter(job) } : {});
      }
      case 'delete': {
        const job = liveJob(parts[1]!);
        job.deleted = true;
        record.status = 200;
        return send(res, 200, JSON.stringify({ id: job.id, object: 'video.deleted', deleted: true }));
      }
      case 'content': {
        const job = liveJob(parts[1]!);
        const variant = query.variant ?? 'video';
        if (!['video', 'thumbnail', 'spritesheet'].includes(variant)) throw invalid(`Invalid value: '${variant}'. Supported values are: ${listValues(['video', 'thumbnail', 'spritesheet'])}.`, 'variant');
        const v = videoOf(job);
        if (v.status !== 'completed') throw invalid(`Video '${job.id}' is not ready yet (status: ${v.status}). Wait until it is completed.`, 'video_id', 'video_not_ready');
        const file = variant === 'video' ? job.file! : await thumbnail(job, variant as 'thumbnail' | 'spritesheet');
        const type = variant === 'video' ? 'video/mp4' : variant === 'thumbnail' ? 'image/webp' : 'image/jpeg';
        const size = fs.statSync(file).size;
        record.status = 200;
        res.writeHead(200, { 'content-type': type, 'content-length': size });
        fs.createReadStream(file).pipe(res);
        return;
      }
      default:
        throw new HttpError(404, `Invalid URL (${method} ${url.pathname})`, 'invalid_request_error');
    }
  }

  const server = http.createServer((req, res) => {
    const record: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, query: {}, route: null, status: 0, headers: req.headers, fields: {}, files: [] };
    requests.push(record);
    handle(req, res, record).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const he = e instanceof HttpError ? e : new HttpError(500, `The server had an error processing your request: ${e instanceof Error ? e.message : String(e)}`, 'server_error');
      record.status = he.status;
      send(res, he.status, errorBody(he), he.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    creates,
    requests,
    jobs,
    video: (id) => {
      const job = jobs.get(id);
      return job && !isGone(job, Date.now()) ? videoOf(job) : null;
    },
    settle: async () => {
      await Promise.all([...jobs.values()].map((j) => j.render));
    },
    inject(fault) {
      if (fault.kind === 'expireNow') {
        const job = jobs.get(fault.id);
        if (job) job.expired = true;
        return;
      }
      const persistent = fault.kind === 'slow' || fault.kind === 'retired';
      const times = 'times' in fault && fault.times !== undefined ? fault.times : persistent ? Infinity : 1;
      faults.push({ ...fault, remaining: times });
    },
    clearFaults() {
      faults = [];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...jobs.values()].map((j) => j.render));
      await Promise.all([...thumbs.values()].map((p) => p.catch(() => undefined)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
