// Files the renderer may load (<video>, <img>): only what the main process registered —
// the open project's media and their derived caches. Ids are random, so a URL names a
// registration, never a path, and nothing else on disk can be reached through it.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AssetEntry {
  readonly path: string;
  readonly mime: string;
}

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.mxf': 'application/mxf',
  '.ts': 'video/mp2t',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

export const mimeFor = (file: string): string => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

export class AssetRegistry {
  private readonly byId = new Map<string, AssetEntry>();
  private readonly byPath = new Map<string, string>();

  /** Same path, same id, for the life of the process. */
  register(file: string, mime = mimeFor(file)): string {
    const abs = path.resolve(file);
    const existing = this.byPath.get(abs);
    if (existing) return existing;
    const id = randomBytes(16).toString('base64url');
    this.byId.set(id, { path: abs, mime });
    this.byPath.set(abs, id);
    return id;
  }

  resolve(id: string): AssetEntry | undefined {
    return this.byId.get(id);
  }
}

export type ByteRange = { start: number; end: number };

/**
 * RFC 7233 single byte range. `null`: no (usable) Range header, serve it whole;
 * 'unsatisfiable': answer 416. Multiple ranges are answered whole, which is allowed.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (size === 0) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface AssetResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  body: fs.ReadStream | null;
}

/** Opens a registered asset for an HTTP-like response, honouring a Range header. */
export async function openAsset(entry: AssetEntry | undefined, rangeHeader: string | undefined): Promise<AssetResponse> {
  if (!entry) return { status: 404, headers: {}, body: null };
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(entry.path);
  } catch {
    return { status: 404, headers: {}, body: null };
  }
  if (!stat.isFile()) return { status: 404, headers: {}, body: null };
  const base = { 'Content-Type': entry.mime, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
  const r = parseRange(rangeHeader, stat.size);
  if (r === 'unsatisfiable') return { status: 416, headers: { ...base, 'Content-Range': `bytes */${stat.size}` }, body: null };
  if (r === null) {
    return { status: 200, headers: { ...base, 'Content-Length': String(stat.size) }, body: fs.createReadStream(entry.path) };
  }
  return {
    status: 206,
    headers: { ...base, 'Content-Length': String(r.end - r.start + 1), 'Content-Range': `bytes ${r.start}-${r.end}/${stat.size}` },
    body: fs.createReadStream(entry.path, { start: r.start, end: r.end }),
  };
}

/**
 * The registered asset a `segue-asset://asset/<id>` URL names (the desktop app's media
 * protocol), or undefined: any other host, a path that is not exactly one registered id
 * (traversal, a file path, an encoded slash) resolves to nothing.
 */
export function assetForUrl(registry: AssetRegistry, url: string): AssetEntry | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host !== 'asset') return undefined;
  let id: string;
  try {
    id = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  } catch {
    return undefined;
  }
  return /^[A-Za-z0-9_-]+$/.test(id) ? registry.resolve(id) : undefined;
}
