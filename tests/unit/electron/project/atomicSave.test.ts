// Atomic saves that fail: the previous file stays as it was, the temporary file is gone and
// the AppError says why in words. Disk-full and permission errors cannot be produced for
// real here (the tests may run as root, which ignores permissions), so they are injected
// into the real fs calls; a folder in the way and a missing folder are real failures.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readProjectFile, saveErrorMessage, tmpOwner, writeFileAtomic, writeProjectFile } from '../../../../electron/services/project/projectFile';
import { AppError } from '../../../../shared/ipc/result';
import { createProject } from '../../../../shared/timeline/factory';
import type { Project } from '../../../../shared/timeline/model';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-atomic-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let dir: string;
let file: string;
let previous: Project;
let previousBytes: Buffer;
let n = 0;
beforeEach(async () => {
  dir = path.join(root, `case${n++}`);
  fs.mkdirSync(dir);
  file = path.join(dir, 'a.segue');
  previous = createProject('previous');
  await writeProjectFile(file, previous);
  previousBytes = fs.readFileSync(file);
});
afterEach(() => vi.restoreAllMocks());

const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: failed, ${syscall}`), { code, syscall });

async function saveError(run: () => Promise<void>): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('the save did not fail');
}

async function expectPreviousIntact(): Promise<void> {
  expect(fs.readFileSync(file)).toEqual(previousBytes);
  expect(await readProjectFile(file)).toEqual(previous);
  expect(fs.readdirSync(dir)).toEqual(['a.segue']);
}

describe('saveErrorMessage', () => {
  it.each([
    ['ENOSPC', 'Could not save a.segue: the disk is full'],
    ['EDQUOT', 'Could not save a.segue: your disk quota is used up'],
    ['EACCES', 'Could not save a.segue: permission denied (you cannot write to /films)'],
    ['EPERM', 'Could not save a.segue: permission denied (you cannot write to /films)'],
    ['EROFS', 'Could not save a.segue: the disk is read-only'],
    ['ENOENT', 'Could not save a.segue: the folder /films does not exist'],
    ['EISDIR', 'Could not save a.segue: a folder has that name'],
    ['EIO', 'Could not save a.segue: a disk error occurred'],
    ['EBUSY', 'Could not save a.segue: the file is in use by another program'],
    ['EWHATEVER', 'Could not save a.segue: EWHATEVER: something odd'],
    [undefined, 'Could not save a.segue: something odd'],
  ])('%s reads "%s"', (code, message) => {
    expect(saveErrorMessage('/films/a.segue', code, 'something odd')).toBe(message);
  });

  it('keeps the message on one line', () => {
    expect(saveErrorMessage('/films/a\nb.segue', undefined, 'two\nlines')).toBe('Could not save a b.segue: two lines');
  });
});

describe('a failed save leaves the previous file intact and says why', () => {
  const next = () => createProject('next');

  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EDQUOT', 'your disk quota is used up'],
    ['EIO', 'a disk error occurred'],
  ])('%s while writing the temporary file (part of it already written)', async (code, reason) => {
    const open = fs.promises.open;
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      if (String(args[0]).endsWith('.tmp')) {
        const write = handle.writeFile.bind(handle);
        handle.writeFile = async (data: Parameters<typeof write>[0]) => {
          await write(typeof data === 'string' ? data.slice(0, 20) : '');
          throw errno(code, 'write');
        };
      }
      return handle;
    });
    const e = await saveError(() => writeProjectFile(file, next()));
    expect(e.code).toBe('io_error');
    expect(e.message).toBe(`Could not save a.segue: ${reason}`);
    await expectPreviousIntact();
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EROFS', 'the disk is read-only'],
  ])('%s creating the temporary file', async (code, reason) => {
    const open = fs.promises.open;
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      if (String(args[0]).endsWith('.tmp')) throw errno(code, 'open');
      return open(...args);
    });
    const e = await saveError(() => writeProjectFile(file, next()));
    expect(e.message).toContain(`Could not save a.segue: ${reason}`);
    await expectPreviousIntact();
  });

  it('ENOSPC from fsync, EPERM from rename', async () => {
    const open = fs.promises.open;
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      if (String(args[0]).endsWith('.tmp')) handle.sync = () => Promise.reject(errno('ENOSPC', 'fsync'));
      return handle;
    });
    expect((await saveError(() => writeProjectFile(file, next()))).message).toBe('Could not save a.segue: the disk is full');
    await expectPreviousIntact();
    vi.restoreAllMocks();
    vi.spyOn(fs.promises, 'rename').mockRejectedValue(errno('EPERM', 'rename'));
    expect((await saveError(() => writeProjectFile(file, next()))).message).toMatch(/^Could not save a\.segue: permission denied/);
    await expectPreviousIntact();
  });

  it('a folder where the file should be (real EISDIR)', async () => {
    const target = path.join(dir, 'folder.segue');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'x');
    const e = await saveError(() => writeProjectFile(target, next()));
    expect(e).toMatchObject({ code: 'io_error', message: 'Could not save folder.segue: a folder has that name' });
    expect(fs.readdirSync(target)).toEqual(['inside']);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.segue', 'folder.segue']);
  });

  it('a missing folder and a file in the path (real ENOENT, ENOTDIR)', async () => {
    const missing = path.join(dir, 'gone', 'b.segue');
    expect((await saveError(() => writeProjectFile(missing, next()))).message).toBe(`Could not save b.segue: the folder ${path.dirname(missing)} does not exist`);
    const underFile = path.join(file, 'b.segue');
    expect((await saveError(() => writeProjectFile(underFile, next()))).message).toMatch(/^Could not save b\.segue: a part of .* is not a folder$/);
    await expectPreviousIntact();
  });

  it('an invalid project is refused before anything is written', async () => {
    const bad = { ...next(), settings: { ...next().settings, width: -1 } };
    const e = await saveError(() => writeProjectFile(file, bad));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/^Could not save a\.segue: the project is not valid \(settings\.width/);
    await expectPreviousIntact();
  });
});

describe('writeFileAtomic', () => {
  it('keeps the permissions of the file it replaces', async () => {
    fs.chmodSync(file, 0o600);
    await writeProjectFile(file, createProject('next'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('runs concurrent saves of one file without mixing them or leaving temporary files', async () => {
    const projects = Array.from({ length: 20 }, (_, i) => createProject(`state ${i}`));
    await Promise.all(projects.map((p) => writeProjectFile(file, p)));
    const read = await readProjectFile(file);
    expect(projects).toContainEqual(read);
    expect(fs.readdirSync(dir)).toEqual(['a.segue']);
  });

  it('removes temporary files of saves by processes that died, not of living ones', async () => {
    const { pid: dead } = spawnSync(process.execPath, ['-e', '']);
    const stale = `.a.segue.${dead}.abc123.tmp`;
    const mine = `.a.segue.${process.pid}.abc123.tmp`;
    const parent = `.a.segue.${process.ppid}.abc123.tmp`;
    const other = `.b.segue.${dead}.abc123.tmp`;
    for (const f of [stale, mine, parent, other]) fs.writeFileSync(path.join(dir, f), 'partial');
    expect(tmpOwner(stale, 'a.segue')).toBe(dead);
    expect(tmpOwner(other, 'a.segue')).toBeNull();
    await writeFileAtomic(file, 'new');
    expect(fs.readdirSync(dir).sort()).toEqual([mine, other, parent, 'a.segue'].sort());
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });
});
