// The pure parts of the OpenAI-compatible provider: error mapping, redaction, Retry-After,
// connection-failure causes, status mapping and matching a lost job.
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { causeCodes, displayURL, mapError, matchesLost, redact, retiredMessage, retryAfterMs, toStatus } from '../../../../electron/services/generation/openaiProvider';
import type { MapContext } from '../../../../electron/services/generation/openaiProvider';
import type { RemoteRequest } from '../../../../electron/services/generation/types';

const KEY = 'sk-proj-VERYSECRET0123456789';
const ctx = (op: MapContext['op'], model?: string): MapContext => ({ baseURL: 'http://127.0.0.1:8091/v1', apiKey: KEY, op, ...(model ? { model } : {}) });
const apiError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) => APIError.generate(status, { error }, undefined, new Headers(headers));
const refused = () => new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }) });
const reset = () => new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }) });

describe('redact and displayURL', () => {
  it('removes the key, bearer tokens and sk- keys, masked or not', () => {
    expect(redact(`key ${KEY} was wrong`, KEY)).toBe('key [redacted] was wrong');
    expect(redact('Authorization: Bearer abc.def', KEY)).toBe('Authorization: Bearer [redacted]');
    expect(redact('Incorrect API key provided: sk-pro***********6789.', KEY)).toBe('Incorrect API key provided: [redacted].');
    expect(redact('nothing here', '')).toBe('nothing here');
  });
  it('shows a base URL without credentials or trailing slash', () => {
    expect(displayURL('https://user:pw@host/v1/')).toBe('https://host/v1');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date or retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '7' }))).toBe(1500);
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 00:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe('causeCodes', () => {
  it('walks causes and AggregateErrors', () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'x'), {});
    expect(causeCodes(new Error('top', { cause: agg }))).toEqual(['ECONNREFUSED']);
  });
});

describe('mapError', () => {
  it('maps 401 and 403 to unauthorized without the key', () => {
    const e = mapError(apiError(401, { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' }), ctx('submit'));
    expect(e.code).toBe('unauthorized');
    expect(e.message).not.toContain('VERYSECRET');
    expect(e.message).toContain('Check the API key in provider settings');
    expect(mapError(apiError(403, { message: 'no access' }), ctx('poll')).code).toBe('unauthorized');
  });

  it('maps 429 to rate_limited, retryable, with retryAfterMs (default when absent)', () => {
    expect(mapError(apiError(429, { message: 'slow down' }, { 'retry-after': '3' }), ctx('submit'))).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    expect(mapError(apiError(429, { message: 'slow down' }), ctx('submit')).retryAfterMs).toBeGreaterThan(0);
  });

  it('refused connections are retryable; a connection lost after sending a create is not', () => {
    expect(mapError(refused(), ctx('submit'))).toMatchObject({ code: 'unreachable', retryable: true });
    expect(mapError(reset(), ctx('submit'))).toMatchObject({ code: 'unreachable', retryable: false });
    expect(mapError(reset(), ctx('poll'))).toMatchObject({ code: 'unreachable', retryable: true });
    expect(mapError(new APIConnectionTimeoutError(), ctx('submit'))).toMatchObject({ code: 'unreachable', retryable: false });
    expect(mapError(refused(), ctx('submit')).message).toBe('Cannot reach http://127.0.0.1:8091/v1: connection refused. Check the base URL in provider settings or that the server is running.');
  });

  it('5xx: a create is not retryable (a job may exist), a poll is', () => {
    expect(mapError(apiError(500, { message: 'oops' }), ctx('submit'))).toMatchObject({ code: 'unreachable', retryable: false, status: 500 });
    expect(mapError(apiError(502, { message: 'bad gateway' }), ctx('poll'))).toMatchObject({ code: 'unreachable', retryable: true });
  });

  it('404: a model or route is retired; a missing video is not_found', () => {
    const gone = mapError(apiError(404, { message: 'The model `sora-2` does not exist or you do not have access to it.', code: 'model_not_found' }), ctx('submit', 'sora-2'));
    expect(gone).toMatchObject({ code: 'retired', message: 'This endpoint no longer serves model sora-2. OpenAI shut down sora-2 on 2026-09-24. Choose another provider or model in provider settings.' });
    expect(mapError(apiError(404, { message: 'Invalid URL (POST /v1/videos)' }), ctx('submit', 'x')).code).toBe('retired');
    expect(mapError(apiError(404, { message: "Video with id 'video_1' not found.", code: 'video_not_found' }), ctx('poll')).code).toBe('not_found');
    expect(mapError(apiError(404, { message: "Video with id 'video_1' not found." }), ctx('submit', 'x')).code).toBe('not_found');
  });

  it('400 and 422 are rejected with the server message; aborts are cancelled', () => {
    expect(mapError(apiError(400, { message: 'Inpaint image must match the requested width and height' }), ctx('submit'))).toMatchObject({
      code: 'rejected',
      message: 'Inpaint image must match the requested width and height',
    });
    expect(mapError(apiError(422, { message: 'bad' }), ctx('submit')).code).toBe('rejected');
    expect(mapError(new APIUserAbortError(), ctx('poll')).code).toBe('cancelled');
  });

  it('says when a known service shut down', () => {
    expect(retiredMessage('https://res.openai.azure.com/openai/v1/', 'my-sora')).toContain('Azure retired its last sora-2 on 2026-10-15.');
    expect(retiredMessage('http://gpu:8091/v1', 'Lightricks/LTX-2')).toBe('This endpoint no longer serves model Lightricks/LTX-2. Choose another provider or model in provider settings.');
  });
});

describe('toStatus and matchesLost', () => {
  it('maps Video to RemoteStatus', () => {
    expect(toStatus({ status: 'in_progress', progress: 40, expires_at: null, error: null }, 250)).toEqual({ status: 'in_progress', progress: 40, pollAfterMs: 250 });
    expect(toStatus({ status: 'completed', progress: 100, expires_at: 100, error: null })).toEqual({ status: 'completed', expiresAt: 100_000 });
    expect(toStatus({ status: 'failed', progress: 0, expires_at: null, error: { code: 'moderation_blocked', message: 'm' } })).toEqual({ status: 'failed', code: 'moderation_blocked', message: 'm' });
  });

  it('matches prompt, model (or remix source) and time', () => {
    const req: RemoteRequest = { mode: 'create', model: 'm', prompt: 'p', seconds: 4, size: '64x64' };
    const v = { prompt: 'p', model: 'm', created_at: 100, remixed_from_video_id: null };
    expect(matchesLost(v, req, 100)).toBe(true);
    expect(matchesLost(v, req, 101)).toBe(false);
    expect(matchesLost({ ...v, model: 'n' }, req, 0)).toBe(false);
    expect(matchesLost({ ...v, remixed_from_video_id: 'video_a' }, { ...req, mode: 'remix', videoId: 'video_a' }, 0)).toBe(true);
  });
});
