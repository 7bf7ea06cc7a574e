// Schema migrations: every past schemaVersion has a fixture that loads into the current
// model; the chain of N -> N+1 steps; and the on-disk path form (relative inside the
// project's folder, absolute elsewhere) round-trips through a real write and read.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readProjectFile, writeProjectFile } from '../../../../electron/services/project/projectFile';
import { FIRST_SCHEMA_VERSION, MIGRATIONS, migrateProject, type Migration } from '../../../../shared/project/migrate';
import { AppError } from '../../../../shared/ipc/result';
import { ProjectSchema, SCHEMA_VERSION, type Project } from '../../../../shared/timeline/model';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/projects');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fixtureVersions = () =>
  fs
    .readdirSync(fixtures)
    .map((f) => /^schema-v(\d+)\.segue$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));

describe('schema fixtures', () => {
  it('has a fixture for every schema version from the first to the current one', () => {
    const versions = fixtureVersions();
    for (let v = FIRST_SCHEMA_VERSION; v <= SCHEMA_VERSION; v++) expect(versions).toContain(v);
  });

  it('has a migration for every past version', () => {
    for (let v = FIRST_SCHEMA_VERSION; v < SCHEMA_VERSION; v++) expect(typeof MIGRATIONS[v]).toBe('function');
  });

  it.each(fixtureVersions())('loads the schema %i fixture into the current model, media paths resolved', async (v) => {
    const file = path.join(fixtures, `schema-v${v}.segue`);
    const p = await readProjectFile(file);
    expect(p.schemaVersion).toBe(SCHEMA_VERSION);
    expect(ProjectSchema.safeParse(p).success).toBe(true);
    expect(p.timeline.tracks.length).toBeGreaterThan(0);
    for (const m of p.media) {
      expect(path.isAbsolute(m.path)).toBe(true);
      expect(m.probe.path).toBe(m.path);
    }
    const inside = p.media.find((m) => m.id === 'm_inside');
    if (inside) expect(inside.path).toBe(path.join(fixtures, 'media', 'shot.mp4'));
  });

  it('reads the same document when the fixture is copied elsewhere, relative paths following the folder', async () => {
    const copy = path.join(dir, 'moved', 'v1.segue');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'schema-v1.segue'), copy);
    const p = await readProjectFile(copy);
    expect(p.media.find((m) => m.id === 'm_inside')?.path).toBe(path.join(dir, 'moved', 'media', 'shot.mp4'));
    expect(p.media.find((m) => m.id === 'm_outside')?.path).toBe('/nonexistent-segue-fixture/music.wav');
  });
});

describe('migrateProject', () => {
  it('returns a current document as it is', () => {
    const doc = { schemaVersion: SCHEMA_VERSION, x: 1 };
    expect(migrateProject(doc)).toEqual({ project: doc, from: SCHEMA_VERSION });
  });

  // A made-up history: 1 -> 2 renames a field, 2 -> 3 adds a default.
  const table: Record<number, Migration> = {
    1: ({ title, ...rest }) => ({ ...rest, schemaVersion: 2, name: title }),
    2: (doc) => ({ ...doc, schemaVersion: 3, tags: [] }),
  };

  it('chains N -> N+1 steps from the saved version to the current one, without touching its input', () => {
    const v1 = Object.freeze({ schemaVersion: 1, title: 'old' });
    expect(migrateProject(v1, { migrations: table, current: 3 })).toEqual({ project: { schemaVersion: 3, name: 'old', tags: [] }, from: 1 });
    expect(v1).toEqual({ schemaVersion: 1, title: 'old' });
    expect(migrateProject({ schemaVersion: 2, name: 'mid' }, { migrations: table, current: 3 })).toEqual({ project: { schemaVersion: 3, name: 'mid', tags: [] }, from: 2 });
  });

  it('refuses a version with no migration, and a step that does not reach the next version', () => {
    expect(() => migrateProject({ schemaVersion: 1 }, { migrations: { 2: table[2]! }, current: 3, name: 'a.segue' })).toThrow(/a\.segue has schema version 1, which this Segue cannot upgrade/);
    expect(() => migrateProject({ schemaVersion: 1 }, { migrations: { 1: (d) => d }, current: 2 })).toThrow(/did not produce schema 2/);
  });

  it.each([
    [[], /no schemaVersion/],
    [null, /no schemaVersion/],
    [{ name: 'x' }, /no schemaVersion/],
    [{ schemaVersion: SCHEMA_VERSION + 1 }, /newer Segue \(schema \d+\)/],
    [{ schemaVersion: 2 ** 40 }, /newer Segue \(schema 1099511627776\)/],
    [{ schemaVersion: 1e300 }, /schemaVersion 1e\+300 is not a version number/],
    [{ schemaVersion: 0 }, /schemaVersion 0 is not a version number/],
    [{ schemaVersion: -1 }, /schemaVersion -1 is not a version number/],
    [{ schemaVersion: 1.5 }, /schemaVersion 1.5 is not a version number/],
    [{ schemaVersion: '1' }, /schemaVersion "1" is not a version number/],
    [{ schemaVersion: null }, /schemaVersion null is not a version number/],
    [{ schemaVersion: [1] }, /schemaVersion array is not a version number/],
  ])('refuses %j as an AppError', (raw, reason) => {
    let error: unknown;
    try {
      migrateProject(raw, { name: 'x.segue' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toMatch(reason);
  });
});

describe('media paths on disk', () => {
  const fixture = (): Project => JSON.parse(fs.readFileSync(path.join(fixtures, 'schema-v1.segue'), 'utf8')) as Project;

  it('stores media inside the folder relative, outside absolute, and reads back the same absolute paths', async () => {
    const folder = path.join(dir, 'film');
    const file = path.join(folder, 'cut.segue');
    fs.mkdirSync(folder, { recursive: true });
    const base = fixture();
    const inside = path.join(folder, 'media', 'sub dir', 'shot.mp4');
    const outside = path.join(dir, 'elsewhere', 'music.wav');
    const project: Project = {
      ...base,
      media: [
        { ...base.media[0]!, path: inside, probe: { ...base.media[0]!.probe, path: inside } },
        { ...base.media[1]!, path: outside, probe: { ...base.media[1]!.probe, path: outside } },
      ],
    };
    await writeProjectFile(file, project);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as Project;
    expect(onDisk.media.map((m) => [m.path, m.probe.path])).toEqual([
      ['media/sub dir/shot.mp4', 'media/sub dir/shot.mp4'],
      [outside, outside],
    ]);
    expect(await readProjectFile(file)).toEqual(project);
    // The document in memory is not changed by saving.
    expect(project.media[0]!.path).toBe(inside);
    // Keeps size and duration for relinking.
    expect(onDisk.media[0]!.probe.sizeBytes).toBe(123456);
    expect(onDisk.media[0]!.probe.durationSeconds).toBe(3);
  });

  it('saving to another folder rewrites the relative paths for that folder', async () => {
    const a = path.join(dir, 'a', 'p.segue');
    const b = path.join(dir, 'a', 'nested', 'p.segue');
    fs.mkdirSync(path.dirname(b), { recursive: true });
    const base = fixture();
    const media = path.join(dir, 'a', 'nested', 'clip.mp4');
    const project: Project = { ...base, media: [{ ...base.media[0]!, path: media, probe: { ...base.media[0]!.probe, path: media } }] };
    await writeProjectFile(a, project);
    await writeProjectFile(b, await readProjectFile(a));
    expect((JSON.parse(fs.readFileSync(a, 'utf8')) as Project).media[0]!.path).toBe('nested/clip.mp4');
    expect((JSON.parse(fs.readFileSync(b, 'utf8')) as Project).media[0]!.path).toBe('clip.mp4');
    expect((await readProjectFile(b)).media[0]!.path).toBe(media);
  });
});
