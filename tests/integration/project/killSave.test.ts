// Atomic saves under SIGKILL: a child process saves ever-changing projects (0 to ~2 MB)
// with the real writeProjectFile in a loop and is killed at a random moment, 200 times.
// After every kill the file loads and is exactly one state the child wrote, no older than
// the last save it reported, and at most the one temporary file of the save in flight is
// left (the next save removes it).
//
// The child is saveLoop.ts bundled once by esbuild into a plain .mjs: the same source as
// the app, but node starts it in ~0.1 s instead of ~0.3 s through tsx, which keeps 200
// kills within half a minute on two cores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { readProjectFile, writeProjectFile } from '../../../electron/services/project/projectFile';
import type { Project } from '../../../shared/timeline/model';
import { stateProject } from './saveLoop';

const KILLS = 200;

let dir: string;
let file: string;
let child: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-killsave-'));
  file = path.join(dir, 'film.segue');
  child = path.join(dir, 'child', 'saveLoop.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'saveLoop.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: child,
    logLevel: 'warning',
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const temps = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** Starts the child saving states from `start`; kills it `delayMs` after its first save. */
function runAndKill(start: number, delayMs: number): Promise<{ lastSaved: number; saves: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, file, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === undefined && out.includes('\n')) timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`the child exited (${code ?? signal}) before it was killed: ${err}`));
      const saved = [...out.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ lastSaved: saved.at(-1) ?? -1, saves: saved.length });
    });
  });
}

describe('saving killed at random moments', () => {
  it(`leaves a loadable file holding one complete state, ${KILLS} times`, async () => {
    await writeProjectFile(file, stateProject(0, dir));
    let previous = 0;
    let saves = 0;
    let cutShort = 0;
    const sizes = new Set<number>();
    const started = Date.now();
    for (let k = 1; k <= KILLS; k++) {
      const start = k * 1_000_000;
      const { lastSaved, saves: s } = await runAndKill(start, 5 + Math.floor(Math.random() * 56));
      saves += s;
      expect(lastSaved).toBeGreaterThanOrEqual(start);
      let read: Project;
      try {
        read = await readProjectFile(file);
      } catch (e) {
        throw new Error(`after kill ${k} the project does not load: ${(e as Error).message}`, { cause: e });
      }
      const m = /^state (\d+)$/.exec(read.name);
      expect(m, read.name).not.toBeNull();
      const n = Number(m![1]);
      // this child's last reported save or one it made after (the report may not have arrived)
      expect(n).toBeGreaterThanOrEqual(lastSaved);
      expect(n).toBeGreaterThan(previous);
      expect(read).toEqual(stateProject(n, dir));
      previous = n;
      sizes.add(fs.statSync(file).size);
      // only the temporary file of the save that was cut short: each run's first save
      // removes the ones of dead processes
      expect(temps().length).toBeLessThanOrEqual(1);
      cutShort += temps().length;
    }
    // the next save cleans up after the last kill
    await writeProjectFile(file, stateProject(previous + 1, dir));
    expect(temps()).toEqual([]);
    expect(sizes.size).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeGreaterThan(1_000_000);
    // some kills landed inside a save (after its temporary file was created)
    expect(cutShort).toBeGreaterThan(0);
    console.info(`killSave: ${KILLS} kills, ${saves} completed saves reported, ${cutShort} kills inside a save, ${sizes.size} distinct sizes up to ${Math.max(...sizes)} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);
});
