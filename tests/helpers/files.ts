// What a folder holds, to prove an operation left it exactly as it was.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const sha1 = (file: string): string => createHash('sha1').update(fs.readFileSync(file)).digest('hex');

/** Every file under `root`: relative path, size, content hash and modification time, sorted. */
export function folderSnapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out.push(`${path.relative(root, p)} ${st.size} ${sha1(p)} ${st.mtimeMs}`);
      }
    }
  };
  walk(root);
  return out.sort();
}
