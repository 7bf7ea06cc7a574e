// .segue files: UTF-8 JSON of the Project schema with a schemaVersion. Untrusted input is
// upgraded by pure migrations (shared/project/migrate.ts), then goes through zod before it
// becomes a document; loading throws nothing but AppError, with a one-line reason.
//
// Media paths are absolute in memory; on disk they are relative to the project's folder
// when the media lies inside it, absolute otherwise (shared/project/paths.ts). Size and
// duration are kept in each media's probe to help relinking.
//
// Encoding: a file that is not valid UTF-8 is refused ("not UTF-8 text"), not read with
// replacement characters: a damaged byte inside a media path would otherwise be saved
// back as U+FFFD and the path silently lost. A leading byte-order mark is allowed.
//
// Writes are atomic: a temporary file in the same folder, fsync, rename over the target,
// fsync the folder. A failed save removes its temporary file, leaves the previous file as
// it was and says why (disk full, permission, read-only disk…).
import fs from 'node:fs';
import path from 'node:path';
import { ProjectSchema, type Project } from '../../../shared/timeline/model';
import { describeZodError } from '../../../shared/ipc/dispatch';
import { AppError } from '../../../shared/ipc/result';
import { fromDiskPaths, jsonDepth, MAX_JSON_DEPTH, migrateProject, toDiskPaths } from '../../../shared/project/migrate';

export const MAX_PROJECT_BYTES = 256 * 1024 * 1024;
const MAX_MESSAGE = 400;

/** One line of at most MAX_MESSAGE characters: control characters (newlines in keys) become spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

const invalid = (message: string) => new AppError('invalid_input', oneLine(message));

export interface ParseOptions {
  /** the absolute folder relative media paths are resolved against (readProjectFile: the file's) */
  projectDir?: string;
}

/**
 * A project from the text of a .segue file. Without `projectDir` relative media paths stay
 * relative. Throws AppError('invalid_input') with a one-line reason for anything else.
 */
export function parseProject(text: string, name = 'project', options: ParseOptions = {}): Project {
  try {
    return parseUnchecked(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, name, options);
  } catch (e) {
    // eslint-disable-next-line no-control-regex
    if (e instanceof AppError) throw e.message.length > MAX_MESSAGE || /[\u0000-\u001f\u007f\u2028\u2029]/.test(e.message) ? new AppError(e.code, oneLine(e.message)) : e;
    // Nothing else is expected (RangeError from a stack overflow, out of memory…); still a
    // clear answer, not a crash.
    throw invalid(`${name} could not be read as a Segue project (${e instanceof Error ? e.message : String(e)})`);
  }
}

function parseUnchecked(text: string, name: string, options: ParseOptions): Project {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw invalid(`${name} is not a Segue project: not valid JSON (${(e as Error).message})`);
  }
  // JSON.parse takes any depth, but writing it back (JSON.stringify) would overflow.
  if (jsonDepth(raw) > MAX_JSON_DEPTH) throw invalid(`${name} is damaged: nested more than ${MAX_JSON_DEPTH} levels deep`);
  const { project } = migrateProject(raw, { name });
  const resolved = options.projectDir ? fromDiskPaths(project, options.projectDir) : project;
  const parsed = ProjectSchema.safeParse(resolved);
  if (!parsed.success) throw invalid(`${name} is damaged: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** Why a file could not be opened or read, for the user. */
function readError(e: unknown, file: string): AppError {
  const r = readErrorRaw(e, file);
  return new AppError(r.code, oneLine(r.message));
}

function readErrorRaw(e: unknown, file: string): AppError {
  const code = errnoCode(e);
  const name = path.basename(file);
  switch (code) {
    case 'ENOENT':
      return new AppError('not_found', `No such project file: ${file}`);
    case 'ENOTDIR':
      return new AppError('not_found', `No such project file: ${file} (a part of the path is not a folder)`);
    case 'EACCES':
    case 'EPERM':
      return new AppError('forbidden', `Could not open ${name}: permission denied`);
    case 'EISDIR':
      return new AppError('invalid_input', `Not a file: ${file}`);
    case 'EIO':
      return new AppError('io_error', `Could not read ${name}: a disk error occurred`);
    default:
      return new AppError('io_error', `Could not read ${name}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readProjectFile(file: string): Promise<Project> {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  let bytes: Buffer;
  try {
    const stat = await fs.promises.stat(abs);
    if (!stat.isFile()) throw new AppError('invalid_input', oneLine(`Not a file: ${file}`));
    if (stat.size > MAX_PROJECT_BYTES) throw invalid(`${name} is too large to be a Segue project`);
    bytes = await fs.promises.readFile(abs);
  } catch (e) {
    throw e instanceof AppError ? e : readError(e, file);
  }
  // It may have grown between stat and read.
  if (bytes.length > MAX_PROJECT_BYTES) throw invalid(`${name} is too large to be a Segue project`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalid(`${name} is not a Segue project: not UTF-8 text`);
  }
  return parseProject(text, name, { projectDir: path.dirname(abs) });
}

// ---- atomic writes ------------------------------------------------------------------

export const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : undefined;

/** What a failed save tells the user, from the system's error code. */
export function saveErrorMessage(file: string, code: string | undefined, detail?: string): string {
  const name = path.basename(file);
  const reason = ((): string => {
    switch (code) {
      case 'ENOSPC':
        return 'the disk is full';
      case 'EDQUOT':
        return 'your disk quota is used up';
      case 'EACCES':
      case 'EPERM':
        return `permission denied (you cannot write to ${path.dirname(file)})`;
      case 'EROFS':
        return 'the disk is read-only';
      case 'ENOENT':
        return `the folder ${path.dirname(file)} does not exist`;
      case 'ENOTDIR':
        return `a part of ${path.dirname(file)} is not a folder`;
      case 'EISDIR':
        return 'a folder has that name';
      case 'EIO':
        return 'a disk error occurred';
      case 'ENAMETOOLONG':
        return 'the name is too long';
      case 'EBUSY':
      case 'ETXTBSY':
        return 'the file is in use by another program';
      case 'EMFILE':
      case 'ENFILE':
        return 'too many files are open';
      case 'EFBIG':
        return 'the file is too large for this disk';
      default:
        return detail ? `${code ? `${code}: ` : ''}${detail}` : (code ?? 'unknown error');
    }
  })();
  return oneLine(`Could not save ${name}: ${reason}`);
}

export function saveError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new AppError('io_error', saveErrorMessage(file, errnoCode(e), detail));
}

/** `.NAME.PID.N.tmp`: the temporary file of one save, beside the target. */
const TMP = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/;
let tmpCounter = 0;
const tmpName = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${(Date.now() * 1000 + (tmpCounter++ % 1000)).toString(36)}.tmp`);

/** The process id in a temporary file's name when it belongs to `base`, else null. */
export function tmpOwner(tmpFile: string, base: string): number | null {
  const m = TMP.exec(tmpFile);
  return m && m[1] === base ? Number(m[2]) : null;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
};

/** Removes the temporary files of saves of `file` by processes that died mid-save. Best effort. */
export async function removeStaleTemps(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const pid = tmpOwner(n, base);
    if (pid === null || pid === process.pid || alive(pid)) continue;
    await fs.promises.rm(path.join(dir, n), { force: true }).catch(() => undefined);
  }
}

/**
 * Replaces `file` with `data` atomically: readers see the old or the new file, never a
 * part. On failure the temporary file is removed, `file` is untouched and the AppError
 * ('io_error') says why.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let mode = 0o644;
  try {
    const st = await fs.promises.stat(target);
    if (st.isDirectory()) throw new AppError('io_error', saveErrorMessage(target, 'EISDIR'));
    if (st.isFile()) mode = st.mode & 0o777;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (errnoCode(e) !== 'ENOENT') throw saveError(e, target);
  }
  const tmp = tmpName(target);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(tmp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.promises.rename(tmp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw saveError(e, target);
  }
  // Persist the rename itself; directories cannot be opened or synced on Windows, and some
  // file systems refuse it (EINVAL): the file is already in place then.
  if (process.platform !== 'win32') {
    try {
      const d = await fs.promises.open(dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch (e) {
      const code = errnoCode(e);
      if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EISDIR') throw saveError(e, target);
    }
  }
  await removeStaleTemps(target);
}

/** Writes `project` (absolute media paths) to `file`, with paths inside its folder made relative. */
export async function writeProjectFile(file: string, project: Project): Promise<void> {
  const target = path.resolve(file);
  const checked = ProjectSchema.safeParse(project);
  if (!checked.success) throw new AppError('invalid_input', oneLine(`Could not save ${path.basename(target)}: the project is not valid (${describeZodError(checked.error)})`));
  let text: string;
  try {
    text = JSON.stringify(toDiskPaths(checked.data, path.dirname(target)), null, 1);
  } catch (e) {
    throw new AppError('invalid_input', oneLine(`Could not save ${path.basename(target)}: ${e instanceof Error ? e.message : String(e)}`));
  }
  await writeFileAtomic(target, text);
}
