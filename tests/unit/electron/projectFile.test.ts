import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProject, readProjectFile, writeProjectFile } from '../../../electron/services/project/projectFile';
import { createProject } from '../../../shared/timeline/factory';
import { SCHEMA_VERSION } from '../../../shared/timeline/model';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-projfile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('.segue project files', () => {
  it('round-trips a project through an atomic write', async () => {
    const p = createProject('Round trip');
    const file = path.join(dir, 'a.segue');
    await writeProjectFile(file, p);
    expect(await readProjectFile(file)).toEqual(p);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /no schemaVersion/],
    [JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 }), /newer Segue/],
    [JSON.stringify({ ...createProject('x'), settings: { width: 'wide' } }), /damaged: settings/],
  ])('rejects %s with a one-line reason', (text, reason) => {
    let message = '';
    try {
      parseProject(text, 'x.segue');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(reason);
    expect(message).not.toContain('\n');
  });

  it('reports a missing file', async () => {
    await expect(readProjectFile(path.join(dir, 'nope.segue'))).rejects.toMatchObject({ code: 'not_found' });
  });
});
