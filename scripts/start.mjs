// `npm start`: the Electron app when its binary is installed; otherwise one line saying
// so, then browser mode with the URL to open.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const bin = require('electron'); // the package exports the binary's path, or throws
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const electron = process.env.SEGUE_BROWSER_MODE ? null : electronBinary();
if (electron) {
  const { buildElectron } = await import('./build.mjs');
  await buildElectron();
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron is not installed here (its binary was not downloaded), so Segue starts in browser mode: open the URL below.');
  const child = spawn(process.execPath, [path.join(root, 'bin/segue.js'), 'web', ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
