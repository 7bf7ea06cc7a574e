// Bundles the Electron main process and preload, and builds the renderer.
// Main is ESM (Electron >= 28); the sandboxed preload must be a single CommonJS file.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const external = ['electron', 'fluent-ffmpeg', '@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe', 'ws', 'vite', 'openai', 'zod'];

export async function buildElectron(outDir = path.join(root, 'dist/electron')) {
  await build({
    entryPoints: [path.join(root, 'electron/main.ts')],
    outfile: path.join(outDir, 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: true,
    logLevel: 'warning',
    // __dirname for the preload path; import.meta.url keeps working in ESM.
    banner: { js: "import { fileURLToPath as __segueFileURLToPath } from 'node:url'; import { dirname as __segueDirname } from 'node:path'; const __filename = __segueFileURLToPath(import.meta.url); const __dirname = __segueDirname(__filename);" },
  });
  await build({
    entryPoints: [path.join(root, 'electron/preload.ts')],
    outfile: path.join(outDir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildElectron();
  await buildRenderer();
  console.log('Built dist/electron and dist/renderer');
}
