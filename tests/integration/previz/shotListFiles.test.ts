// Shot list files as Import / Export Shot List use them: a project's shots written as CSV
// and as a Markdown table read back to the same rows; what cannot be read is one line that
// names the file (and the line), and nothing is written over a file unless asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readShotListFile, writeShotListFile } from '../../../electron/services/previz/shotListFiles';
import { addReference, addShots } from '../../../shared/previz/edit';
import { projectShotRows } from '../../../shared/previz/shotlist';
import { createProject } from '../../../shared/timeline/factory';
import type { Media, Project } from '../../../shared/timeline/model';

const RATE = { num: 24, den: 1 };
let dir: string;
let project: Project;

const still: Media = {
  id: 'still1',
  name: 'keeper.png',
  path: '/footage/keeper.png',
  kind: 'image',
  origin: 'file',
  probe: { path: '/footage/keeper.png', formatName: 'png_pipe', durationSeconds: 0, sizeBytes: 10, streams: [{ index: 0, type: 'video', codec: 'png', width: 64, height: 64, stillImage: true }] },
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-shotlist-'));
  let p: Project = { ...createProject('Files', { width: 320, height: 180, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }), media: [still] };
  p = addReference(p, { name: 'Keeper', kind: 'character', mediaId: still.id, description: 'an old man' }).project;
  const keeper = p.previz!.references[0]!.id;
  p = addShots(
    p,
    [
      { name: 'Harbour, dawn', frames: 48, prompt: 'Gulls over the boats,\n"quiet"', camera: 'wide', references: [], continueFromPrevious: false },
      { name: 'Keeper', frames: 30, prompt: 'He climbs | the stairs', camera: '', image: still.path, references: ['Keeper'], continueFromPrevious: true },
    ],
    { imageMediaId: (x) => (x === still.path ? still.id : undefined), referenceId: (n) => (n === 'Keeper' ? keeper : undefined) },
  );
  project = p;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('shot list files', () => {
  it.each(['shots.csv', 'shots.md'])('%s is written and read back to the same shots', async (name) => {
    const file = path.join(dir, name);
    expect(await writeShotListFile(project, file, false)).toEqual({ file, shots: 2 });
    const rows = await readShotListFile(file, RATE);
    expect(rows).toEqual(projectShotRows(project));
    expect(rows.map((r) => [r.name, r.frames, r.image, r.references, r.continueFromPrevious])).toEqual([
      ['Harbour, dawn', 48, undefined, [], false],
      ['Keeper', 30, still.path, ['Keeper'], true],
    ]);
  });

  it('an existing file is replaced only when asked', async () => {
    const file = path.join(dir, 'keep.csv');
    fs.writeFileSync(file, 'mine');
    await expect(writeShotListFile(project, file, false)).rejects.toThrow(/exists; choose another name/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    await writeShotListFile(project, file, true);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/Harbour, dawn/);
  });

  it('refuses what it cannot write: a relative path, another extension, an empty shot list', async () => {
    await expect(writeShotListFile(project, 'shots.csv', false)).rejects.toThrow('Export the shot list to an absolute path.');
    await expect(writeShotListFile(project, path.join(dir, 'shots.segue'), false)).rejects.toThrow(/written as \.csv or \.md, not shots\.segue/);
    await expect(writeShotListFile({ ...project, previz: { shots: [], references: [] } }, path.join(dir, 'empty.csv'), false)).rejects.toThrow(/empty/);
    expect(fs.existsSync(path.join(dir, 'empty.csv'))).toBe(false);
  });

  it('reads TSV from a spreadsheet; a bad row is one line naming the file and the line', async () => {
    const tsv = path.join(dir, 'list.tsv');
    fs.writeFileSync(tsv, 'Shot\tDuration\tPrompt\nA\t1.5\tfirst\nB\tsoon\tsecond\n');
    await expect(readShotListFile(tsv, RATE)).rejects.toThrow(/^list\.tsv line 3: .*soon/);
    fs.writeFileSync(tsv, 'Shot\tDuration\tPrompt\nA\t1.5\tfirst\n');
    expect((await readShotListFile(tsv, RATE)).map((r) => [r.name, r.frames])).toEqual([['A', 36]]);
  });

  it('refuses what is not a shot list: relative, other extensions, missing, a folder, not UTF-8', async () => {
    await expect(readShotListFile('list.csv', RATE)).rejects.toThrow('Import a shot list from an absolute path.');
    await expect(readShotListFile('/etc/passwd', RATE)).rejects.toThrow(/not passwd/);
    await expect(readShotListFile(path.join(dir, 'missing.csv'), RATE)).rejects.toThrow(/^No such file/);
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    await expect(readShotListFile(path.join(dir, 'folder.csv'), RATE)).rejects.toThrow(/^Not a file/);
    fs.writeFileSync(path.join(dir, 'latin1.csv'), Buffer.from([0x73, 0x68, 0x6f, 0x74, 0x0a, 0xe9, 0xe9, 0xff]));
    await expect(readShotListFile(path.join(dir, 'latin1.csv'), RATE)).rejects.toThrow(/not UTF-8 text/);
  });
});
