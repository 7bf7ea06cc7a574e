// Opens an .otio file as a Segue project: media references become media records for the
// files that exist; the rest stay on the timeline as offline clips, never a failed load.
//
// OpenTimelineIO's bundles open too: an .otiod folder and an .otioz zip both hold
// content.otio and a media/ folder its references point into (OTIO's file_bundle_utils
// writes them as `file:media/<name>`). A folder is read in place. From a zip, content.otio
// is read with node:zlib, and media/ (stored, as OTIO writes it, or deflated) is unpacked
// once into a folder in the system's temporary directory, named after the zip's path,
// size and time, so the clips play; nothing is written beside the zip. Zip64 (media past
// 4 GB) is read; encrypted or split archives and other compression methods are refused in
// one line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ProvenanceSchema, type Media, type Project } from '../../../shared/timeline/model';
import { importOtio, type OtioImport } from '../../../shared/interchange/otio/import';
import { AppError } from '../../../shared/ipc/result';
import { projectAround, resolveReferences, targetCandidates, type ForeignRef } from './references';

export { targetCandidates } from './references';

const BUNDLE_CONTENT = 'content.otio';

interface Bundle {
  text: string;
  /** the folder the references are relative to */
  baseDir: string;
  notes: string[];
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  size: number;
  offset: number;
}

class ZipError extends Error {}

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipError('the zip is cut short');
  return buf;
}

const big = (n: bigint): number => {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('an entry is too large');
  return Number(n);
};

/** The entries of a zip's central directory (zip64 included). */
async function entries(fd: fs.promises.FileHandle, size: number): Promise<Entry[]> {
  // The end of central directory record: 22 bytes plus a comment of up to 65535.
  const tail = Math.min(size, 22 + 65535);
  const end = await readAt(fd, size - tail, tail);
  let at = -1;
  for (let i = end.length - 22; i >= 0; i--) {
    if (end.readUInt32LE(i) === 0x06054b50) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('not a zip archive');
  if (end.readUInt16LE(at + 4) !== 0 || end.readUInt16LE(at + 6) !== 0) throw new ZipError('split zip archives are not supported');
  let count = end.readUInt16LE(at + 10);
  let cdSize = end.readUInt32LE(at + 12);
  let cdOffset = end.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: a locator just before the record points at the zip64 end record.
    const loc = size - tail + at - 20;
    const locator = loc >= 0 ? await readAt(fd, loc, 20) : null;
    if (!locator || locator.readUInt32LE(0) !== 0x07064b50) throw new ZipError('a zip64 archive without its locator');
    const rec = await readAt(fd, big(locator.readBigUInt64LE(8)), 56);
    if (rec.readUInt32LE(0) !== 0x06064b50) throw new ZipError('a damaged zip64 archive');
    count = big(rec.readBigUInt64LE(32));
    cdSize = big(rec.readBigUInt64LE(40));
    cdOffset = big(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new ZipError('the zip is cut short');
  const cd = await readAt(fd, cdOffset, cdSize);
  const out: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new ZipError('a damaged zip directory');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const e: Entry = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
    };
    // Zip64 sizes and offset, in that order, for each field that says 0xffffffff.
    let x = p + 46 + nameLen;
    const extraEnd = x + extraLen;
    while (x + 4 <= extraEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        for (const k of ['size', 'compressed', 'offset'] as const) {
          if (e[k] === 0xffffffff && f + 8 <= x + 4 + len) {
            e[k] = big(cd.readBigUInt64LE(f));
            f += 8;
          }
        }
      }
      x += 4 + len;
    }
    out.push(e);
    p = extraEnd + commentLen;
  }
  return out;
}

/** Where an entry's data starts: after its local header, whose name and extra lengths may differ from the directory's. */
async function dataStart(fd: fs.promises.FileHandle, e: Entry): Promise<number> {
  const head = await readAt(fd, e.offset, 30);
  if (head.readUInt32LE(0) !== 0x04034b50) throw new ZipError(`a damaged entry ${e.name}`);
  return e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
}

function checkEntry(e: Entry): void {
  if (e.flags & 0x1) throw new ZipError(`${e.name} is encrypted`);
  if (e.method !== 0 && e.method !== 8) throw new ZipError(`${e.name} uses compression method ${e.method}; Segue reads stored and deflated entries`);
}

/** A media/ entry's path inside `dir`, or null for a name that would leave it. */
function inside(dir: string, name: string): string | null {
  const rel = path.normalize(name.replace(/\\/g, '/'));
  if (path.isAbsolute(rel) || rel.startsWith('..')) return null;
  const out = path.join(dir, rel);
  return out.startsWith(dir + path.sep) ? out : null;
}

async function readZip(file: string, unpackDir: string): Promise<Bundle> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const stat = await fd.stat();
    const list = await entries(fd, stat.size);
    const content = list.find((e) => e.name === BUNDLE_CONTENT) ?? list.find((e) => /(^|\/)[^/]+\.otio$/i.test(e.name) && !e.name.startsWith('__MACOSX/'));
    if (!content) throw new ZipError(`no ${BUNDLE_CONTENT} in the archive`);
    checkEntry(content);
    const raw = await readAt(fd, await dataStart(fd, content), content.compressed);
    const text = (content.method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8');
    const media = list.filter((e) => e.name.startsWith('media/') && !e.name.endsWith('/'));
    if (media.length === 0) return { text, baseDir: path.dirname(file), notes: [] };
    const key = crypto.createHash('sha1').update(`${path.resolve(file)}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 16);
    const dir = path.join(unpackDir, `otioz-${key}`);
    let unpacked = 0;
    for (const e of media) {
      const target = inside(dir, e.name);
      if (!target) throw new ZipError(`${e.name} points outside the archive`);
      const have = await fs.promises.stat(target).catch(() => null);
      if (have?.size === e.size) continue;
      checkEntry(e);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const from = await dataStart(fd, e);
      const part = `${target}.part`;
      const source = fs.createReadStream(file, { start: from, end: from + e.compressed - 1 });
      await (e.method === 8 ? pipeline(source, zlib.createInflateRaw(), fs.createWriteStream(part)) : pipeline(source, fs.createWriteStream(part)));
      await fs.promises.rename(part, target);
      unpacked++;
    }
    const notes = [`${path.basename(file)}: its ${media.length} media file${media.length === 1 ? '' : 's'} ${unpacked ? 'unpacked' : 'already unpacked'} to ${dir}`];
    return { text, baseDir: dir, notes };
  } finally {
    await fd.close();
  }
}

/**
 * The OTIO text of an .otiod folder or an .otioz zip and the folder its media are in;
 * null for a plain file. Throws ZipError-messages as plain one-line Errors.
 */
async function readOtioBundle(file: string, unpackDir: string): Promise<Bundle | null> {
  const stat = await fs.promises.stat(file);
  if (stat.isDirectory()) {
    const content = path.join(file, BUNDLE_CONTENT);
    if (!fs.existsSync(content)) throw new Error(`no ${BUNDLE_CONTENT} in the folder`);
    return { text: await fs.promises.readFile(content, 'utf8'), baseDir: file, notes: [] };
  }
  if (path.extname(file).toLowerCase() !== '.otioz') return null;
  try {
    return await readZip(file, unpackDir);
  } catch (e) {
    if (e instanceof ZipError || e instanceof RangeError || (e as { code?: string }).code?.startsWith('Z_')) throw new Error(e instanceof ZipError ? e.message : `a damaged zip entry (${(e as Error).message})`);
    throw e;
  }
}

/**
 * A reference URL as the resolver reads it. `file:media/a.mov` (OTIO's bundles) is a
 * relative path, not /media/a.mov; `file://a.mov` (tlRender's samples) names a file, not
 * a host. Either is read relative to the timeline when such a file is there.
 */
function localUrl(url: string, baseDir: string): string {
  const m = /^file:(?!\/)(.+)$/i.exec(url) ?? /^file:\/\/([^/]+)$/i.exec(url);
  if (!m) return url;
  let rel = m[1]!;
  try {
    rel = decodeURIComponent(rel);
  } catch {
    // a '%' that is part of the name
  }
  return targetCandidates(url, baseDir).some((c) => fs.existsSync(c)) || !fs.existsSync(path.resolve(baseDir, rel)) ? url : rel;
}

/**
 * `unpackDir`: where an .otioz's media are unpacked (once per archive version), a folder
 * that lasts — the user data folder — so a project saved from it keeps its media.
 */
export async function loadOtioProject(file: string, deps: { createMedia(path: string): Promise<Media>; unpackDir?: string }): Promise<{ project: Project; warnings: string[] }> {
  let text: string;
  let baseDir = path.dirname(file);
  const notes: string[] = [];
  try {
    const bundle = await readOtioBundle(file, deps.unpackDir ?? path.join(os.tmpdir(), 'segue-unpacked'));
    if (bundle) {
      text = bundle.text;
      baseDir = bundle.baseDir;
      notes.push(...bundle.notes);
    } else text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw new AppError('invalid_input', `${path.basename(file)}: ${(e as Error).message.split(/\r?\n/)[0]}`);
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'io_error', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code}`);
  }
  let imported: OtioImport;
  try {
    imported = importOtio(text);
  } catch (e) {
    // One line: JSON.parse messages can quote the offending text.
    const message = (e as Error).message.split(/\r?\n/)[0] ?? 'Not an OpenTimelineIO file';
    throw new AppError('invalid_input', `${path.basename(file)}: ${message}`);
  }
  const { timeline, references } = imported;
  const refs: ForeignRef[] = references.map((ref) => {
    // Segue's own export records where generated media came from.
    const segue = ref.metadata?.segue as { origin?: unknown; provenance?: unknown } | undefined;
    const provenance = ProvenanceSchema.safeParse(segue?.provenance);
    return {
      mediaId: ref.mediaId,
      name: ref.name,
      url: localUrl(ref.targetUrl, baseDir),
      ...(segue?.origin === 'generated' && provenance.success ? { generated: provenance.data } : {}),
      ...(ref.metadata ? { metadata: ref.metadata } : {}),
      // Source ranges are in the media's time, which starts at its available range's start.
      ...(ref.availableRange?.start.value ? { startFrames: ref.availableRange.start.value, startRate: ref.availableRange.start.rate } : {}),
    };
  });
  const resolved = await resolveReferences(timeline, refs, baseDir, (f) => deps.createMedia(f));
  const project = projectAround(resolved.timeline, resolved.media, path.basename(file, path.extname(file)));
  return { project, warnings: [...notes, ...imported.warnings, ...resolved.warnings] };
}
