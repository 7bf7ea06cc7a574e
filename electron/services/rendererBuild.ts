// From a checkout, the renderer is built on demand so `npx segue web` and `npm start`
// never serve stale files and nobody has to remember a build step. A stamp of the
// sources' sizes and mtimes decides whether Vite runs. A packaged app ships dist/.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const rendererDist = path.join(repoRoot, 'dist', 'renderer');
const STAMP = path.join(rendererDist, '.source-stamp');

function* walk(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

export function sourceStamp(root = repoRoot): string {
  const hash = createHash('sha1');
  hash.update('production\n'); // builds before this stamp may have been development builds
  const files = [...walk(path.join(root, 'renderer')), ...walk(path.join(root, 'shared')), path.join(root, 'vite.config.ts')].sort();
  for (const f of files) {
    try {
      const st = fs.statSync(f);
      hash.update(`${path.relative(root, f)}\0${st.size}\0${st.mtimeMs}\n`);
    } catch {
      // a file removed between listing and stat changes the stamp anyway
    }
  }
  return hash.digest('hex');
}

let building: Promise<string> | null = null;

/** Returns the folder to serve, building it first when the sources changed. */
export function ensureRendererBuilt(log: (line: string) => void = () => undefined): Promise<string> {
  building ??= (async () => {
    const hasSources = fs.existsSync(path.join(repoRoot, 'renderer', 'index.html'));
    if (!hasSources) return rendererDist; // packaged: dist is all there is
    const stamp = sourceStamp();
    const current = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8') : '';
    if (current === stamp && fs.existsSync(path.join(rendererDist, 'index.html'))) return rendererDist;
    log('Building the Segue interface…');
    const vite = await import('vite');
    await vite.build({ configFile: path.join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    fs.writeFileSync(STAMP, stamp);
    return rendererDist;
  })().finally(() => {
    building = null;
  });
  return building;
}
