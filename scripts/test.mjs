// `npm test`: typecheck every layer, lint (including the layering rules), the Electron
// security audit, then unit,
// contract, integration (real ffmpeg) and end-to-end (Chromium through the web host)
// tests. Ends with one line "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', FORCE_COLOR: process.env.CI ? '0' : '1' };

function step(title, cmd, args) {
  const started = Date.now();
  console.log(`\n── ${title} ──`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`── ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} (${secs} s)`);
  return r.status === 0;
}

const failures = [];
for (const p of ['shared', 'renderer', 'electron', 'tests']) {
  if (!step(`typecheck ${p}/`, bin('tsc'), ['-p', `${p}/tsconfig.json`])) failures.push(`typecheck ${p}`);
}
if (!step('lint (eslint, layering)', bin('eslint'), ['.', '--max-warnings', '0'])) failures.push('lint');
if (!step('Electron security audit (electronegativity)', process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs')])) failures.push('electronegativity');

const report = path.join(os.tmpdir(), `segue-vitest-${process.pid}.json`);
const extra = process.argv.slice(2);
const testsOk = step('tests (unit, contract, integration, e2e)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
  skipped = r.numPendingTests + r.numTodoTests;
  fs.rmSync(report, { force: true });
} catch {
  failed += 1;
}
if (!testsOk) failures.push('tests');
// Static checks count as tests too: a red typecheck or lint is a failure CI must see.
failed += failures.filter((f) => f !== 'tests').length;
console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failures.length || failed ? 1 : 0);
