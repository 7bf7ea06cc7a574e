// The browser-mode file picker lists folders on the host. Only names, kinds and sizes
// leave this function; reading a file's content still goes through media:import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DirListing } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';

export const MEDIA_EXTENSIONS = new Set([
  '.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.mxf', '.ts', '.mts', '.m2ts', '.mpg', '.mpeg', '.wmv', '.flv', '.3gp',
  '.wav', '.mp3', '.m4a', '.aac', '.flac', '.ogg', '.opus', '.aif', '.aiff', '.wma',
  '.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff', '.gif',
]);
export const PROJECT_EXTENSIONS = new Set(['.segue', '.otio']);

export const isMediaPath = (p: string): boolean => MEDIA_EXTENSIONS.has(path.extname(p).toLowerCase());

const MAX_ENTRIES = 5000;

function places(): DirListing['places'] {
  const home = os.homedir();
  const candidates = [
    { name: 'Home', path: home },
    { name: 'Desktop', path: path.join(home, 'Desktop') },
    { name: 'Movies', path: path.join(home, 'Movies') },
    { name: 'Videos', path: path.join(home, 'Videos') },
    { name: 'Music', path: path.join(home, 'Music') },
    { name: 'Downloads', path: path.join(home, 'Downloads') },
    { name: 'Working folder', path: process.cwd() },
    { name: 'Computer', path: path.parse(home).root },
  ];
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (seen.has(c.path)) return false;
    seen.add(c.path);
    try {
      return fs.statSync(c.path).isDirectory();
    } catch {
      return false;
    }
  });
}

export async function listDir(dir: string | undefined): Promise<DirListing> {
  const target = path.resolve(dir ?? os.homedir());
  let dirents: fs.Dirent[];
  try {
    dirents = await fs.promises.readdir(target, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not_found', `No such folder: ${target}`);
    if (code === 'ENOTDIR') throw new AppError('invalid_input', `Not a folder: ${target}`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('forbidden', `Permission denied: ${target}`);
    throw new AppError('io_error', `Cannot read ${target}`);
  }
  const entries: DirListing['entries'] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    if (entries.length >= MAX_ENTRIES) break;
    const full = path.join(target, d.name);
    let isDir = d.isDirectory();
    let size = 0;
    if (d.isSymbolicLink() || d.isFile()) {
      try {
        const st = await fs.promises.stat(full);
        isDir = st.isDirectory();
        size = st.isFile() ? st.size : 0;
      } catch {
        continue; // a dangling link is not worth showing
      }
    } else if (!isDir) continue;
    const ext = path.extname(d.name).toLowerCase();
    entries.push({ name: d.name, path: full, kind: isDir ? 'dir' : 'file', size, isMedia: !isDir && (MEDIA_EXTENSIONS.has(ext) || PROJECT_EXTENSIONS.has(ext)) });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'dir' ? -1 : 1));
  const parent = path.dirname(target);
  return { dir: target, parent: parent === target ? null : parent, entries, places: places() };
}
