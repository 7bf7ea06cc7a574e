// Derived data (peaks, filmstrips, posters) keyed by file identity: path, size, mtime and
// inode. Editing or replacing the file changes the key, so stale data is never served.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

export interface FileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export async function fileIdentity(file: string): Promise<FileIdentity> {
  const abs = path.resolve(file);
  const st = await fs.promises.stat(abs);
  return { path: abs, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

export const identityKey = (id: FileIdentity): string =>
  createHash('sha1').update(`${id.path}\0${id.size}\0${id.mtimeMs}\0${id.ino}`).digest('hex');

export class DerivedCache {
  constructor(private readonly root: string) {}

  pathFor(kind: string, key: string, ext: string): string {
    return path.join(this.root, kind, `${key}.${ext}`);
  }

  /** A temp path beside the final one; rename it into place when complete. */
  async tempFor(final: string): Promise<string> {
    await fs.promises.mkdir(path.dirname(final), { recursive: true });
    return `${final}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp${path.extname(final)}`;
  }

  async commit(temp: string, final: string): Promise<void> {
    await fs.promises.rename(temp, final);
  }

  async exists(file: string): Promise<boolean> {
    try {
      const st = await fs.promises.stat(file);
      return st.isFile() && st.size > 0;
    } catch {
      return false;
    }
  }
}
