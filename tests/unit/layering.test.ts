// The layering of the house style is enforced by eslint; these cases prove the rules bite.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['shared/x.ts', "import { h } from '../renderer/src/h';\nexport const a = h;"],
    ['shared/x.ts', 'export const a = window.location;'],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
    ['renderer/src/x.ts', "import path from 'path';\nexport const a = path;"],
    ['renderer/src/x.ts', "import { createHandlers } from '../../electron/handlers';\nexport const a = createHandlers;"],
    ['renderer/src/x.ts', 'export const a = process.env;'],
    ['electron/x.ts', "import { getApi } from '../renderer/src/api';\nexport const a = getApi;"],
  ])('refuses what %s may not import: %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/ipc/contract';\nexport const a = contract;"],
    ['electron/x.ts', "import fs from 'node:fs';\nimport { contract } from '../shared/ipc/contract';\nexport const a = [fs, contract];"],
  ])('allows what %s may import: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
