// `segue validate PROJECT`: a one-line summary and exit 0 when the project loads, else one
// line on stderr and exit 1.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../../electron/cli/main';
import { writeProjectFile } from '../../../../electron/services/project/projectFile';
import type { Project } from '../../../../shared/timeline/model';

const fixture = path.resolve(import.meta.dirname, '../../../fixtures/projects/schema-v1.segue');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-validate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function segue(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('segue validate', () => {
  it('summarises a loadable project and counts media whose file is missing as offline', async () => {
    const folder = path.join(dir, 'film');
    fs.mkdirSync(path.join(folder, 'media'), { recursive: true });
    fs.copyFileSync(fixture, path.join(folder, 'cut.segue'));
    expect(await segue('validate', path.join(folder, 'cut.segue'))).toEqual({
      code: 0,
      out: `${path.join(folder, 'cut.segue')}: ok — 5 clips on 2 tracks, 2 media (2 offline)\n`,
      err: '',
    });
    // The relative media path resolves against the project's folder.
    fs.writeFileSync(path.join(folder, 'media', 'shot.mp4'), 'not really a video');
    const r = await segue('validate', path.join(folder, 'cut.segue'));
    expect(r.out).toMatch(/: ok — 5 clips on 2 tracks, 2 media \(1 offline\)\n$/);
  });

  it('says "1 clip on 1 track"', async () => {
    const p = JSON.parse(fs.readFileSync(fixture, 'utf8')) as Project;
    const one: Project = { ...p, media: [], timeline: { ...p.timeline, tracks: [{ ...p.timeline.tracks[1]!, items: p.timeline.tracks[1]!.items.filter((i) => i.id === 'c_5') }] } };
    const file = path.join(dir, 'one.segue');
    await writeProjectFile(file, one);
    expect((await segue('validate', file)).out).toBe(`${file}: ok — 1 clip on 1 track, 0 media (0 offline)\n`);
  });

  it.each([
    ['{"schemaVersion": 1', /^segue: bad\.segue is not a Segue project: not valid JSON \(.*\)\n$/],
    ['{"schemaVersion": 99}', /^segue: bad\.segue was saved by a newer Segue \(schema 99\); this version reads up to 1\.\n$/],
    [JSON.stringify({ ...JSON.parse(fs.readFileSync(fixture, 'utf8')), name: 42 }), /^segue: bad\.segue is damaged: name: .*\n$/],
  ])('refuses %s with one line and exit 1', async (text, reason) => {
    const file = path.join(dir, 'bad.segue');
    fs.writeFileSync(file, text);
    const r = await segue('validate', file);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(reason);
    expect(r.err.trimEnd()).not.toContain('\n');
  });

  it('refuses a missing file, a folder and wrong usage', async () => {
    expect(await segue('validate', path.join(dir, 'none.segue'))).toEqual({ code: 1, out: '', err: `segue: No such project file: ${path.join(dir, 'none.segue')}\n` });
    expect((await segue('validate', dir)).err).toBe(`segue: Not a file: ${dir}\n`);
    expect((await segue('validate')).err).toBe('segue: usage: segue validate PROJECT\n');
    expect((await segue('validate', 'a', 'b')).code).toBe(1);
  });

  it('is listed in the help', async () => {
    expect((await segue('--help')).out).toMatch(/segue validate PROJECT {2,}check that a \.segue project loads/);
  });
});
