import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, contract, events } from '../../shared/ipc/contract';
import { dispatch, type HandlerTable } from '../../shared/ipc/dispatch';
import { AppError } from '../../shared/ipc/result';
import { createHandlers, type CallContext } from '../../electron/handlers';
import type { Services } from '../../electron/services';

/** A handler table whose every handler records that it ran. */
function spyTable(): { table: HandlerTable<CallContext>; calls: string[] } {
  const calls: string[] = [];
  const table = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      async () => {
        calls.push(c);
        throw new AppError('not_found', 'spy');
      },
    ]),
  ) as unknown as HandlerTable<CallContext>;
  return { table, calls };
}

// Inputs that are wrong for every channel: wrong types, unknown keys, prototype pollution.
const HOSTILE_INPUTS: unknown[] = [
  'a string',
  42,
  [1, 2, 3],
  { __proto__: { polluted: true }, extra: 1 },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  { path: 'x'.repeat(5000) },
  { path: 'a\0b' },
  { paths: [] },
  { mediaId: 'm', samplesPerPixel: 300 },
];

describe('IPC contract', () => {
  it('has a handler for every channel in the real handler table', () => {
    const handlers = createHandlers({} as Services);
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(typeof handlers[c]).toBe('function');
  });

  it('names channels domain:verb and events in the past tense', () => {
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-z][A-Za-z]+$/);
    for (const e of Object.keys(events)) expect(e).toMatch(/^[a-z]+:[a-z]+ed$/);
  });

  it('rejects an unknown channel without running anything', async () => {
    const { table, calls } = spyTable();
    for (const name of ['nope:nothing', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await dispatch(table, name, {}, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(calls).toEqual([]);
  });

  it.each(CHANNELS)('rejects malformed input for %s before its handler runs', async (channel) => {
    const { table, calls } = spyTable();
    for (const input of HOSTILE_INPUTS) {
      const valid = contract[channel].input.safeParse(input).success;
      if (valid) continue; // e.g. an object with only unknown keys is still invalid for strict schemas
      const r = await dispatch(table, channel, input, {});
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.message).not.toMatch(/\n\s+at /); // no stack traces
      }
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes valid input to the handler and wraps its value', async () => {
    const handler = vi.fn(async () => ({ cancelled: true }));
    const table = { ...spyTable().table, 'job:cancel': handler } as HandlerTable<CallContext>;
    const r = await dispatch(table, 'job:cancel', { jobId: 'j1' }, {}, { checkOutput: true });
    expect(r).toEqual({ ok: true, value: { cancelled: true } });
    expect(handler).toHaveBeenCalledWith({ jobId: 'j1' }, {});
  });

  it('turns an AppError into a failure value and hides unexpected errors', async () => {
    const seen: unknown[] = [];
    const table = {
      ...spyTable().table,
      'job:cancel': async () => {
        throw new TypeError('secret internal detail');
      },
    } as HandlerTable<CallContext>;
    const r = await dispatch(table, 'job:cancel', { jobId: 'j1' }, {}, { onInternalError: (_c, e) => seen.push(e) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('internal');
      expect(r.error.message).not.toContain('secret');
    }
    expect(seen).toHaveLength(1);
    const r2 = await dispatch(spyTable().table, 'job:cancel', { jobId: 'j1' }, {});
    expect(r2).toEqual({ ok: false, error: { code: 'not_found', message: 'spy' } });
  });

  it('catches a handler that returns output violating its schema when output checking is on', async () => {
    const table = { ...spyTable().table, 'job:cancel': async () => ({ cancelled: 'yes' }) } as unknown as HandlerTable<CallContext>;
    const r = await dispatch(table, 'job:cancel', { jobId: 'j' }, {}, { checkOutput: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('render:export', () => {
  const project = () => {
    // a minimal valid document with one clip on media the main process does not know
    const rate = { num: 30, den: 1 };
    return {
      schemaVersion: 1 as const,
      id: 'p',
      name: 'p',
      settings: { width: 64, height: 64, rate, sampleRate: 48000, channels: 2, fit: 'fit' as const },
      media: [{ id: 'mX', name: 'x', path: '/etc/passwd', kind: 'video' as const, origin: 'file' as const, probe: { path: '/etc/passwd', formatName: 'mov', durationSeconds: 1, sizeBytes: 1, streams: [] } }],
      timeline: {
        id: 't',
        name: 't',
        rate,
        markers: [],
        tracks: [{ id: 'V1', kind: 'video' as const, name: 'V1', enabled: true, muted: false, solo: false, locked: false, height: 60, items: [{ kind: 'clip' as const, id: 'c', name: 'x', mediaId: 'mX', sourceRange: { start: { value: 0, rate }, duration: { value: 30, rate } }, enabled: true }] }],
      },
    };
  };
  const services = () =>
    ({
      projects: {
        getMedia: (id: string) => {
          throw new AppError('not_found', `Unknown media ${id}`);
        },
      },
      jobs: { start: vi.fn() },
    }) as unknown as Services;

  it('refuses media the main process does not know (no paths made up by the renderer) and starts nothing', async () => {
    const s = services();
    const r = await dispatch(createHandlers(s), 'render:export', { project: project(), path: '/tmp/out.mp4', preset: 'h264', overwrite: false }, {});
    expect(r).toEqual({ ok: false, error: { code: 'not_found', message: 'Unknown media mX' } });
    expect((s.jobs as unknown as { start: ReturnType<typeof vi.fn> }).start).not.toHaveBeenCalled();
  });

  it('refuses relative paths, other extensions and half a range', async () => {
    const s = { ...services(), projects: { getMedia: () => project().media[0] } } as unknown as Services;
    const h = createHandlers(s);
    for (const [input, message] of [
      [{ path: 'out.mp4' }, /absolute path/],
      [{ path: '/tmp/out.exe' }, /\.mp4 or \.mov/],
      [{ path: '/tmp/out.mp4', inFrame: 3 }, /in and an out/],
      [{ path: '/tmp/out.mp4', preset: 'nope' }, /Unknown preset/],
    ] as const) {
      const r = await dispatch(h, 'render:export', { project: project(), preset: 'h264', overwrite: true, ...input }, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
  });
});
