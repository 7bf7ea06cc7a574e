// Media paths in a .segue file, as pure string functions (no node:path, so they behave the
// same whatever OS runs them and can be tested for Windows on Linux).
//
// In memory every media path is absolute. On disk a path is stored relative to the
// project's folder, with `/` separators and no `./`, when the media lies inside that folder
// (so a project folder can be moved or shared with its media), and absolute otherwise.
// Reading resolves relative paths against the folder the project file is read from.

/** `C:\x`, `C:/x` */
const DRIVE = /^[A-Za-z]:[\\/]/;
/** `\\server\share\x`, `//server/share/x` */
const UNC = /^(?:\\\\|\/\/)[^\\/]/;

export type PathStyle = 'posix' | 'windows';

/** The style of an absolute path, or null for a relative one. */
export function absoluteStyle(p: string): PathStyle | null {
  if (DRIVE.test(p) || UNC.test(p) || p.startsWith('\\')) return 'windows';
  if (p.startsWith('/')) return 'posix';
  return null;
}

export const isAbsolutePath = (p: string): boolean => absoluteStyle(p) !== null;

interface Split {
  /** `/`, `C:`, `\\server\share` (normalised to the style's separator) */
  root: string;
  parts: string[];
}

/** Splits an absolute path into its root and its normalised segments (`.`, `..`, `//` resolved). */
function splitAbsolute(p: string, style: PathStyle): Split {
  let root: string;
  let rest: string;
  if (style === 'posix') {
    root = '/';
    rest = p;
  } else if (DRIVE.test(p)) {
    root = `${p[0]!.toUpperCase()}:`;
    rest = p.slice(2);
  } else if (UNC.test(p)) {
    const segs = p.slice(2).split(/[\\/]/);
    root = `\\\\${segs[0] ?? ''}\\${segs[1] ?? ''}`;
    rest = segs.slice(2).join('\\');
  } else {
    root = '\\';
    rest = p;
  }
  return { root, parts: normaliseSegments(rest.split(style === 'posix' ? '/' : /[\\/]/)) };
}

function normaliseSegments(segments: string[]): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

function join(root: string, parts: string[], style: PathStyle): string {
  if (style === 'posix') return `/${parts.join('/')}`;
  return `${root}\\${parts.join('\\')}`;
}

/** Windows file names compare without case; POSIX ones exactly. */
const same = (a: string, b: string, style: PathStyle): boolean => (style === 'windows' ? a.toLowerCase() === b.toLowerCase() : a === b);

/**
 * The on-disk form of `mediaPath` for a project saved in `projectDir` (absolute): relative
 * with `/` separators when the media lies inside the folder, else the path unchanged.
 */
export function relativiseMediaPath(mediaPath: string, projectDir: string): string {
  const style = absoluteStyle(mediaPath);
  if (style === null || absoluteStyle(projectDir) !== style) return mediaPath;
  const media = splitAbsolute(mediaPath, style);
  const dir = splitAbsolute(projectDir, style);
  if (!same(media.root, dir.root, style)) return mediaPath;
  if (media.parts.length <= dir.parts.length) return mediaPath;
  for (let i = 0; i < dir.parts.length; i++) if (!same(media.parts[i]!, dir.parts[i]!, style)) return mediaPath;
  const rel = media.parts.slice(dir.parts.length).join('/');
  // A relative path that reads as absolute (a folder called `C:` inside the project, a
  // POSIX name starting with `\`) keeps an explicit `./` so reading does not misread it.
  return isAbsolutePath(rel) ? `./${rel}` : rel;
}

/**
 * The in-memory form of an on-disk media path: absolute paths unchanged, relative ones
 * resolved against `projectDir` (absolute) in that folder's style.
 */
export function resolveMediaPath(stored: string, projectDir: string): string {
  if (isAbsolutePath(stored)) return stored;
  const style = absoluteStyle(projectDir);
  if (style === null) return stored;
  const dir = splitAbsolute(projectDir, style);
  // On disk relative paths use `/`; on POSIX a `\` is an ordinary file-name character.
  const segments = style === 'posix' ? stored.split('/') : stored.split(/[\\/]/);
  return join(dir.root, normaliseSegments([...dir.parts, ...segments]), style);
}
