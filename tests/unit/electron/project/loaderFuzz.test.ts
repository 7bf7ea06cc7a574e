// Property-based fuzzing of the .segue loader: whatever the bytes, loading either gives a
// schema-valid project or throws an AppError with a one-line message (never another error
// type, never a stack), and loading writes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProject, readProjectFile } from '../../../../electron/services/project/projectFile';
import { AppError } from '../../../../shared/ipc/result';
import { MAX_JSON_DEPTH } from '../../../../shared/project/migrate';
import { ProjectSchema, type Project } from '../../../../shared/timeline/model';

const fixtureText = fs.readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/projects/schema-v1.segue'), 'utf8');
const valid = JSON.parse(fixtureText) as Project;
const validText = JSON.stringify(valid);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Outcome = 'ok' | 'error';

function expectOneLineAppError(e: unknown): void {
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`, { cause: e });
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.message.length).toBeLessThanOrEqual(400);
  expect(e.message).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(e.message).not.toMatch(/\bat .+:\d+:\d+\)?/);
}

function outcome(run: () => Project): Outcome {
  try {
    const p = run();
    expect(ProjectSchema.safeParse(p).success).toBe(true);
    return 'ok';
  } catch (e) {
    expectOneLineAppError(e);
    return 'error';
  }
}

async function outcomeAsync(run: () => Promise<Project>): Promise<Outcome> {
  try {
    const p = await run();
    expect(ProjectSchema.safeParse(p).success).toBe(true);
    return 'ok';
  } catch (e) {
    expectOneLineAppError(e);
    return 'error';
  }
}

/** Every path to a value in a JSON document. */
function allPaths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(v)) v.forEach((c, i) => allPaths(c, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) allPaths(c, [...at, k], out);
  return out;
}
const paths = allPaths(valid);

/** A copy of `doc` with the value at `at` replaced (or removed when `value` is undefined). */
function substitute(doc: unknown, at: Array<string | number>, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

const nested = (depth: number, open = '[', close = ']', inner = '0') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

/** Replacement values, including what JSON can say but JavaScript numbers cannot hold. */
const weirdValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.5, -1, 2 ** 53, 1e-320),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('', 'x'.repeat(5000), '\n\u2028\u0000', '\uD800'),
  fc.constant(undefined),
);

/** Raw JSON text spliced in for a number: forms JSON.parse accepts that are not safe numbers. */
const hugeNumberText = fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1e-400', '0.0000000000000000000000001', '9007199254740993', '-0');

describe('parseProject fuzzing', () => {
  it('accepts the untouched fixture', () => {
    expect(outcome(() => parseProject(validText, 'fuzz.segue'))).toBe('ok');
  });

  it('survives random truncations', () => {
    fc.assert(
      fc.property(fc.nat({ max: validText.length }), (cut) => {
        const r = outcome(() => parseProject(validText.slice(0, cut), 'fuzz.segue'));
        if (cut < validText.length) expect(r).toBe('error');
      }),
      { numRuns: 300 },
    );
  });

  it('survives a random type substitution or removal at a random path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), weirdValue, (at, value) => {
        outcome(() => parseProject(JSON.stringify(substitute(valid, at, value)) ?? 'undefined', 'fuzz.segue'));
      }),
      { numRuns: 400 },
    );
  });

  it('survives unknown keys with any name, including newlines', () => {
    const objects = paths.filter((p) => {
      const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], valid);
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    });
    fc.assert(
      fc.property(fc.constantFrom(...objects), fc.string({ unit: 'binary', maxLength: 30 }), (at, key) => {
        const target = at.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], valid) as Record<string, unknown>;
        fc.pre(!(key in target));
        const r = outcome(() => parseProject(JSON.stringify(substitute(valid, at, { ...target, [key]: 1 })), `fuzz\n${key}.segue`));
        // metadata takes any key; strict records refuse them
        if (!at.includes('metadata')) expect(r).toBe('error');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every schemaVersion but the current one', () => {
    const version = fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.nat(), { maxLength: 2 }));
    fc.assert(
      fc.property(version, (v) => {
        fc.pre(v !== valid.schemaVersion);
        expect(outcome(() => parseProject(JSON.stringify({ ...valid, schemaVersion: v }), 'fuzz.segue'))).toBe('error');
      }),
      { numRuns: 300 },
    );
    for (const text of ['1e400', '-1e400', '1.0000000000000001', '99999999999999999999999', '2', '-1', '0']) {
      const r = outcome(() => parseProject(validText.replace('"schemaVersion":1', `"schemaVersion":${text}`), 'fuzz.segue'));
      // 1.0000000000000001 is the double 1: JSON cannot tell them apart
      expect(r).toBe(text === '1.0000000000000001' ? 'ok' : 'error');
    }
  });

  it('survives huge and odd numbers in place of any number', () => {
    const numberSpans = [...validText.matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)].filter((m) => !/[A-Za-z_"]/.test(validText[m.index - 1] ?? ''));
    expect(numberSpans.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...numberSpans), hugeNumberText, (m, replacement) => {
        const text = `${validText.slice(0, m.index)}${replacement}${validText.slice(m.index + m[0].length)}`;
        outcome(() => parseProject(text, 'fuzz.segue'));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses deeply nested JSON (up to 100k levels) anywhere, and takes moderate nesting in metadata', () => {
    for (const text of [nested(100_000), nested(100_000, '{"a":', '}'), nested(100_000).slice(0, 150_000), `{"schemaVersion":1,"x":${nested(100_000)}}`]) {
      expect(outcome(() => parseProject(text, 'deep.segue'))).toBe('error');
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom<[string, string]>(['[', ']'], ['{"k":', '}']), (depth, [open, close]) => {
        // spliced as text: the test's own JSON.stringify would overflow on the deep value
        const doc = JSON.stringify({ ...valid, timeline: { ...valid.timeline, metadata: { deep: '@DEEP@' } } });
        const r = outcome(() => parseProject(doc.replace('"@DEEP@"', nested(depth, open, close)), 'deep.segue'));
        // the document nests 3 levels down to timeline.metadata.deep
        expect(r).toBe(depth + 3 <= MAX_JSON_DEPTH ? 'ok' : 'error');
      }),
      { numRuns: 40 },
    );
  });

  it('survives arbitrary JSON documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (v, versioned) => {
        const doc = versioned && typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, schemaVersion: 1 } : v;
        expect(outcome(() => parseProject(JSON.stringify(doc), 'fuzz.segue'))).toBe('error');
      }),
      { numRuns: 200 },
    );
  });
});

describe('readProjectFile fuzzing (bytes on disk)', () => {
  /** name, size and mtime of everything in the folder */
  const snapshot = () =>
    fs
      .readdirSync(dir)
      .sort()
      .map((n) => {
        const s = fs.statSync(path.join(dir, n));
        return `${n}:${s.size}:${s.mtimeMs}:${s.mode}`;
      });

  async function load(bytes: Uint8Array): Promise<Outcome> {
    const file = path.join(dir, 'fuzz.segue');
    fs.writeFileSync(file, bytes);
    const before = snapshot();
    const r = await outcomeAsync(() => readProjectFile(file));
    expect(snapshot()).toEqual(before);
    return r;
  }

  const validBytes = new TextEncoder().encode(validText);

  it('survives random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        expect(await load(bytes)).toBe('error');
      }),
      { numRuns: 150 },
    );
  });

  it('refuses invalid UTF-8 anywhere in a valid project, and reads a byte-order mark', async () => {
    const invalidSequences = fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80]);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: validBytes.length }), invalidSequences, async (at, seq) => {
        const bytes = new Uint8Array([...validBytes.slice(0, at), ...seq, ...validBytes.slice(at)]);
        expect(await load(bytes)).toBe('error');
      }),
      { numRuns: 100 },
    );
    await expect(load(new Uint8Array([0xef, 0xbb, 0xbf, ...validBytes]))).resolves.toBe('ok');
    await expect(readProjectFile(path.join(dir, 'fuzz.segue'))).resolves.toMatchObject({ name: valid.name });
    fs.writeFileSync(path.join(dir, 'fuzz.segue'), new Uint8Array([...validBytes.slice(0, 50), 0xff, ...validBytes.slice(50)]));
    await expect(readProjectFile(path.join(dir, 'fuzz.segue'))).rejects.toThrow(/fuzz\.segue is not a Segue project: not UTF-8 text/);
  });

  it('survives random byte flips of a valid project', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: validBytes.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const bytes = validBytes.slice();
        for (const [i, b] of flips) bytes[i] = b;
        await load(bytes);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses what is not a regular file or is too large, with one line', async () => {
    const big = path.join(dir, 'big.segue');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 300 * 1024 * 1024); // sparse: no disk used
    await expect(outcomeAsync(() => readProjectFile(big))).resolves.toBe('error');
    await expect(readProjectFile(big)).rejects.toThrow(/big\.segue is too large/);
    fs.rmSync(big);
    await expect(readProjectFile(dir)).rejects.toMatchObject({ code: 'invalid_input', message: `Not a file: ${dir}` });
    await expect(readProjectFile(path.join(dir, 'fuzz.segue', 'x.segue'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(readProjectFile(path.join(dir, 'none.segue'))).rejects.toBeInstanceOf(AppError);
  });
});
