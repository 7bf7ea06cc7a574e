// The remote provider for any server speaking OpenAI's `/v1/videos` contract (vLLM-Omni,
// SGLang Diffusion, gateways; OpenAI and Azure Sora 2 until they were retired), through
// the official `openai` SDK with its retries turned off: a retried create could start
// and bill a second job, so `submit` makes exactly one attempt and says, through
// `retryable` on the AppError, whether the caller may safely try again. Every failure
// becomes an AppError with a plain message that never contains the API key.
import { redact } from './redact';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, toFile } from 'openai';
import type { Video, VideoSeconds } from 'openai/resources/videos';
import { AppError } from '../../../shared/ipc/result';
import type { ErrorCode } from '../../../shared/ipc/result';
import { presetForBaseURL, retirementNote } from '../../../shared/generation/remotePresets';
import type { RemoteProvider, RemoteRequest, RemoteStatus } from './types';

export interface OpenAiProviderOptions {
  baseURL: string;
  apiKey: string;
  /** the model `testConnection` checks (optional) */
  model?: string;
  /** per-request timeout until the answer's headers arrive (default 60 s) */
  timeoutMs?: number;
}

/** An AppError from a provider, with what the caller needs to decide about a retry. */
export type ProviderError = AppError & {
  /** true only when no job can have been created (429, a connection that never opened) */
  retryable: boolean;
  /** when to try again (429) */
  retryAfterMs?: number;
  /** the HTTP status, when the server answered */
  status?: number;
};

export function providerError(code: ErrorCode, message: string, extra: { retryable?: boolean; retryAfterMs?: number; status?: number } = {}): ProviderError {
  return Object.assign(new AppError(code, message), { retryable: extra.retryable ?? false, ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}), ...(extra.status !== undefined ? { status: extra.status } : {}) });
}

// ---------------------------------------------------------------------------------------
// Pure helpers

export { redact };

/** The base URL as shown to the user: no credentials, no trailing slash. */
export function displayURL(baseURL: string): string {
  return baseURL.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1').replace(/\/+$/, '');
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in ms; undefined when absent. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers?.get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Node/undici error codes found along an error's `cause` chain (AggregateError included). */
export function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 8) return;
    seen.add(e);
    const o = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string') codes.push(o.code);
    walk(o.cause, depth + 1);
    if (Array.isArray(o.errors)) for (const x of o.errors) walk(x, depth + 1);
  };
  walk(err, 0);
  return codes;
}

/** Failures that happen before a connection exists: the request cannot have reached the server. */
const NEVER_CONNECTED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

export function describeConnectionFailure(codes: string[]): string {
  if (codes.includes('ECONNREFUSED')) return 'connection refused';
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'host name not found';
  if (codes.includes('EHOSTUNREACH') || codes.includes('ENETUNREACH')) return 'network unreachable';
  if (codes.some((c) => /ECONNRESET|UND_ERR_SOCKET|EPIPE/.test(c))) return 'the connection was closed before an answer arrived';
  if (codes.some((c) => /TIMEOUT/i.test(c))) return 'timed out';
  return 'connection failed';
}

/** The `error` object of an API error body, whichever shape the server used. */
function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return err.message.replace(/^\d{3}\s+/, '');
}

export type Operation = 'submit' | 'poll' | 'download' | 'list' | 'test' | 'cancel';

export interface MapContext {
  baseURL: string;
  apiKey: string;
  op: Operation;
  model?: string;
}

const SETTINGS = 'provider settings';

/** The plain message for a model or endpoint that is gone. */
export function retiredMessage(baseURL: string, model: string | undefined): string {
  const name = model ? `model ${model}` : 'video generation';
  const note = model ? retirementNote(baseURL, model) : presetForBaseURL(baseURL)?.retired ? `The service was shut down on ${presetForBaseURL(baseURL)!.retired}.` : null;
  return `This endpoint no longer serves ${name}.${note ? ` ${note}` : ''} Choose another provider or model in ${SETTINGS}.`;
}

/** Any thrown value from the SDK → a ProviderError (already a ProviderError/AppError: kept). */
export function mapError(err: unknown, ctx: MapContext): ProviderError {
  if (err instanceof AppError) return Object.assign(err, { retryable: (err as Partial<ProviderError>).retryable ?? false }) as ProviderError;
  const where = displayURL(ctx.baseURL);
  const clean = (s: string) => redact(s, ctx.apiKey);
  if (err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) return providerError('cancelled', 'Cancelled');
  if (err instanceof APIConnectionTimeoutError) {
    return providerError('unreachable', `Cannot reach ${where}: timed out waiting for an answer. Check the base URL in ${SETTINGS} or that the server is running.`);
  }
  if (err instanceof APIConnectionError) {
    const codes = causeCodes(err);
    const neverConnected = codes.some((c) => NEVER_CONNECTED.includes(c));
    const what = describeConnectionFailure(codes);
    const mayExist = ctx.op === 'submit' && !neverConnected ? ' The request may have reached the server, so a job may exist.' : '';
    return providerError('unreachable', clean(`Cannot reach ${where}: ${what}.${mayExist} Check the base URL in ${SETTINGS} or that the server is running.`), {
      retryable: neverConnected || ctx.op !== 'submit',
    });
  }
  if (err instanceof APIError && err.status !== undefined) {
    const status = err.status;
    const msg = clean(serverMessage(err));
    if (status === 401 || status === 403) {
      return providerError('unauthorized', `${where} refused the API key (${status}): ${msg} Check the API key in ${SETTINGS}.`, { status });
    }
    if (status === 429) {
      const after = retryAfterMs(err.headers) ?? 15_000;
      return providerError('rate_limited', `${where} is rate limiting requests (429): ${msg} Try again in ${Math.ceil(after / 1000)} s.`, { status, retryable: true, retryAfterMs: after });
    }
    if (status === 404) {
      const videoGone = err.code === 'video_not_found' || /\bvideo\b.*\bnot found\b/i.test(msg);
      const modelGone = err.code === 'model_not_found' || /^Invalid URL/i.test(msg) || /\bmodel\b/i.test(msg);
      if (!videoGone && (ctx.op === 'submit' || ctx.op === 'test' || modelGone)) return providerError('retired', retiredMessage(ctx.baseURL, ctx.model), { status });
      return providerError('not_found', `${where} no longer has this video (404): ${msg} It was deleted or has expired.`, { status });
    }
    if (status === 400 || status === 409 || status === 413 || status === 422) return providerError('rejected', msg, { status });
    if (status >= 500) {
      // a create that failed on the server may still have started a job: not retryable
      return providerError('unreachable', `${where} had an error (${status}): ${msg}${ctx.op === 'submit' ? ' A job may have been created; check before submitting again.' : ' Try again in a moment.'}`, {
        status,
        retryable: ctx.op !== 'submit',
      });
    }
    return providerError('rejected', `${where} answered ${status}: ${msg}`, { status });
  }
  const text = err instanceof Error ? err.message : String(err);
  return providerError('io_error', clean(text));
}

/** Video → RemoteStatus. expiresAt is epoch milliseconds. */
export function toStatus(v: Pick<Video, 'status' | 'progress' | 'expires_at' | 'error'>, pollAfterMs?: number): RemoteStatus {
  if (v.status === 'completed') return { status: 'completed', expiresAt: v.expires_at ? v.expires_at * 1000 : null };
  if (v.status === 'failed') return { status: 'failed', code: v.error?.code ?? 'failed', message: v.error?.message ?? 'The job failed.' };
  return { status: v.status, progress: Math.max(0, Math.min(100, Number(v.progress) || 0)), ...(pollAfterMs !== undefined ? { pollAfterMs } : {}) };
}

/** Whether a listed video is the one this request created at or after `since`. */
export function matchesLost(v: Pick<Video, 'prompt' | 'model' | 'created_at' | 'remixed_from_video_id'>, req: RemoteRequest, sinceEpochSeconds: number): boolean {
  if (v.created_at < sinceEpochSeconds || v.prompt !== req.prompt) return false;
  if (req.mode === 'remix') return v.remixed_from_video_id === req.videoId;
  return v.model === req.model;
}

// ---------------------------------------------------------------------------------------
// The provider

const MIME_EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;

export function createOpenAiProvider(options: OpenAiProviderOptions): RemoteProvider {
  const { baseURL, apiKey, model: configuredModel, timeoutMs = 60_000 } = options;
  const client = new OpenAI({ baseURL, apiKey: apiKey || 'none', maxRetries: 0, timeout: timeoutMs });
  const ctx = (op: Operation, model?: string): MapContext => ({ baseURL, apiKey, op, ...(model ? { model } : {}) });
  const guard = async <T>(op: Operation, model: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapError(e, ctx(op, model));
    }
  };

  async function createCall(req: RemoteRequest, signal: AbortSignal): Promise<Video> {
    const seconds = String(req.seconds);
    const opts = { signal };
    if (req.mode === 'remix') {
      if (!req.videoId) throw providerError('invalid_input', 'A remix needs the id of a completed video.');
      return client.videos.remix(req.videoId, { prompt: req.prompt }, opts);
    }
    if (req.mode === 'extend') {
      if (!req.videoId) throw providerError('invalid_input', 'An extension needs the id of a completed video.');
      return client.videos.extend({ prompt: req.prompt, seconds: seconds as VideoSeconds, video: { id: req.videoId } }, opts);
    }
    const extra = Object.fromEntries(Object.entries(req.extra ?? {}).map(([k, v]) => [k, String(v)]));
    const body: Record<string, unknown> = { ...extra, prompt: req.prompt, model: req.model, seconds, size: req.size };
    if (req.inputReference) {
      const { path: file, mime } = req.inputReference;
      const data = await fs.promises.readFile(file).catch((e: NodeJS.ErrnoException) => {
        throw providerError(e.code === 'ENOENT' ? 'not_found' : 'io_error', `Cannot read the reference image ${path.basename(file)}: ${e.message}`);
      });
      body.input_reference = await toFile(data, `reference.${MIME_EXT[mime]}`, { type: mime });
    }
    return client.videos.create(body as unknown as Parameters<typeof client.videos.create>[0], opts);
  }

  return {
    kind: 'remote',

    submit: (req, signal) =>
      guard('submit', req.model, async () => {
        const v = await createCall(req, signal);
        if (!v || typeof v.id !== 'string' || !v.id) throw providerError('io_error', `${displayURL(baseURL)} accepted the request but returned no job id.`);
        return { remoteId: v.id };
      }),

    poll: (remoteId, signal) =>
      guard('poll', undefined, async () => {
        const { data, response } = await client.videos.retrieve(remoteId, { signal }).withResponse();
        const hint = Number(response.headers.get('openai-poll-after-ms'));
        return toStatus(data, Number.isFinite(hint) && hint > 0 ? hint : undefined);
      }),

    download: (remoteId, dest, signal) =>
      guard('download', undefined, async () => {
        const res = await client.videos.downloadContent(remoteId, { variant: 'video' }, { signal, timeout: Math.max(timeoutMs, 120_000) });
        if (!res.body) throw providerError('io_error', `${displayURL(baseURL)} sent no video for ${remoteId}.`);
        const expected = Number(res.headers.get('content-length'));
        const tmp = `${dest}.${process.pid}.${Date.now()}.part`;
        let received = 0;
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            received += chunk.length;
            cb(null, chunk);
          },
        });
        try {
          await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), count, fs.createWriteStream(tmp), { signal });
          if (received === 0) throw providerError('io_error', `${displayURL(baseURL)} sent an empty file for ${remoteId}.`);
          if (Number.isFinite(expected) && expected > 0 && received !== expected) {
            throw providerError('io_error', `The download of ${remoteId} stopped after ${received} of ${expected} bytes.`, { retryable: true });
          }
          await fs.promises.rename(tmp, dest);
        } catch (e) {
          await fs.promises.rm(tmp, { force: true });
          if (signal.aborted) throw providerError('cancelled', 'Cancelled');
          throw e;
        }
      }),

    async cancel(remoteId) {
      try {
        await client.videos.delete(remoteId);
      } catch {
        // the job may already be gone, or the server may not allow deleting it: nothing to do
      }
    },

    findLost: (req, sinceEpochSeconds, signal, known) =>
      guard('list', req.model, async () => {
        let oldestMatch: string | null = null;
        let seen = 0;
        for await (const v of client.videos.list({ order: 'desc', limit: 100 }, { signal })) {
          if (v.created_at < sinceEpochSeconds || ++seen > 1000) break;
          if (matchesLost(v, req, sinceEpochSeconds) && !known?.has(v.id)) oldestMatch = v.id;
        }
        return oldestMatch;
      }),

    testConnection: (signal) =>
      guard('test', configuredModel, async () => {
        let models: string[];
        try {
          const page = await client.models.list({ signal });
          models = page.data.map((m) => m.id);
        } catch (e) {
          // servers without /models (some gateways): prove the videos route instead
          if (!(e instanceof APIError) || (e.status !== 404 && e.status !== 405)) throw e;
          await client.videos.list({ limit: 1 }, { signal });
          return { models: configuredModel ? [configuredModel] : [] };
        }
        const azure = presetForBaseURL(baseURL)?.id === 'azure'; // models are deployment names there
        if (configuredModel && !azure && models.length > 0 && !models.includes(configuredModel)) {
          throw providerError('retired', retiredMessage(baseURL, configuredModel));
        }
        return { models };
      }),
  };
}
