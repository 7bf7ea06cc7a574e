// Where things live on disk, and where the ffmpeg binaries are.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

export const APP_NAME = 'Segue';

/**
 * The same folder Electron's app.getPath('userData') uses for productName "Segue",
 * so browser mode, the CLI and the desktop app share caches and the demo project.
 * SEGUE_USER_DATA overrides it (tests use a temporary folder).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SEGUE_USER_DATA) return path.resolve(env.SEGUE_USER_DATA);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export const cacheDir = (userData = userDataDir()): string => path.join(userData, 'cache');

/** In a packaged app the binaries are unpacked beside the asar archive (asarUnpack). */
export const unpackedPath = (p: string): string => p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);

let cached: { ffmpeg: string; ffprobe: string } | null = null;

/** FFMPEG_PATH / FFPROBE_PATH win over the bundled @ffmpeg-installer binaries. */
export function binaries(env: NodeJS.ProcessEnv = process.env): { ffmpeg: string; ffprobe: string } {
  if (cached && !env.FFMPEG_PATH && !env.FFPROBE_PATH) return cached;
  const ffmpeg = env.FFMPEG_PATH || unpackedPath((require('@ffmpeg-installer/ffmpeg') as { path: string }).path);
  const ffprobe = env.FFPROBE_PATH || unpackedPath((require('@ffprobe-installer/ffprobe') as { path: string }).path);
  const result = { ffmpeg, ffprobe };
  if (!env.FFMPEG_PATH && !env.FFPROBE_PATH) cached = result;
  return result;
}
