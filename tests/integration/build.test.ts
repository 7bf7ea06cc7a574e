// The desktop app's bundles: main as ESM, the sandboxed preload as one CommonJS file
// that needs nothing but `electron` (a sandboxed preload cannot require anything else).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { buildElectron } from '../../scripts/build.mjs';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-build-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('electron bundles', () => {
  it('bundles main and a preload that requires only electron and exposes only the contract', async () => {
    await buildElectron(out);
    const main = fs.readFileSync(path.join(out, 'main.mjs'), 'utf8');
    const preload = fs.readFileSync(path.join(out, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync)\b/);
    for (const flag of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) expect(main).toContain(flag);
    expect(main).toContain('setWindowOpenHandler');
    expect(main).toContain('will-navigate');
  }, 60_000);
});
