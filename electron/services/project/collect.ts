// Collect project: the project and every media file it uses copied into one folder, to
// hand off or to review on another machine.
//
//   DEST/<project name>.segue    the project, its media paths pointing at the copies
//   DEST/media/…                 one copy of each file (clashing names become `name (2).mp4`)
//   DEST/collect-report.txt      what was copied, what was missing, what was renamed
//
// Files are streamed to hidden temporary names and renamed into place only once every copy
// succeeded, with their modification times kept. Cancelling (or any failure) removes what
// this run made. Media whose file is missing are reported and keep their old path (offline
// in the collected project). Source media and the source project are only read.
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Media, Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { writeFileAtomic, writeProjectFile } from './projectFile';

export interface CollectProgress {
  /** 0..1 by bytes copied */
  progress: number;
  etaSeconds: number | null;
}

export interface CollectOptions {
  signal?: AbortSignal;
  onProgress?: (p: CollectProgress) => void;
  /** collect into a folder that is not empty, replacing files of the same names */
  overwrite?: boolean;
  /** appended to the "not empty" error, e.g. how to allow overwriting from a command line */
  notEmptyHint?: string;
  /** the project's own file, never replaced by the collected one */
  sourceProjectFile?: string;
}

export interface CollectResult {
  /** the collected project file (absolute) */
  projectFile: string;
  /** files copied */
  copied: number;
  /** bytes copied */
  bytes: number;
  /** media whose file was not there; they keep their old path */
  missing: { mediaId: string; path: string }[];
  /** copies that got another name than their source because the name was taken */
  renamed: { from: string; to: string }[];
}

export const MEDIA_FOLDER = 'media';
export const REPORT_FILE = 'collect-report.txt';

/** A file name from a project name, safe on Windows, macOS and Linux. */
export function projectFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let base = name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_').trim();
  base = base.replace(/[. ]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base = `${base}_`;
  if (base === '' || base === '_') base = 'project';
  if (base.length > 200) base = base.slice(0, 200).trim();
  return `${base}.segue`;
}

/** `name (2).ext`, `name (3).ext`… the first that is not taken (case-insensitively). */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : undefined;

/** Why writing `target` failed, in one line for the user. */
function writeError(e: unknown, target: string): AppError {
  if (e instanceof AppError) return e;
  const code = errnoCode(e);
  const reason =
    code === 'ENOSPC' ? 'the disk is full'
    : code === 'EDQUOT' ? 'your disk quota is used up'
    : code === 'EACCES' || code === 'EPERM' ? `permission denied (you cannot write to ${path.dirname(target)})`
    : code === 'EROFS' ? 'the disk is read-only'
    : code === 'EIO' ? 'a disk error occurred'
    : code === 'ENAMETOOLONG' ? 'the name is too long'
    : code === 'EFBIG' ? 'the file is too large for this disk'
    : `${code ? `${code}: ` : ''}${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  return new AppError('io_error', `Could not copy to ${target}: ${reason}`);
}

const cancelled = () => new AppError('cancelled', 'Collect cancelled');
const isAbort = (e: unknown) => (e instanceof AppError && e.code === 'cancelled') || (e instanceof Error && e.name === 'AbortError');

interface Planned {
  source: string;
  /** name in DEST/media */
  name: string;
  target: string;
  tmp: string;
  size: number;
  atime: Date;
  mtime: Date;
  /** the source already is this file (collecting into the folder it came from) */
  inPlace: boolean;
}

async function statOrNull(p: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(p);
  } catch {
    return null;
  }
}

async function realOrSelf(p: string): Promise<string> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return p;
  }
}

/** Makes `dir` and the missing folders above it; returns the topmost folder it created. */
async function makeDir(dir: string): Promise<string | undefined> {
  try {
    return await fs.promises.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new AppError('io_error', `Could not create the folder ${dir}: ${errnoCode(e) ?? (e as Error).message}`);
  }
}

export async function collectProject(project: Project, destDir: string, opts: CollectOptions = {}): Promise<CollectResult> {
  const { signal, onProgress, overwrite = false } = opts;
  if (signal?.aborted) throw cancelled();
  const dest = path.resolve(destDir);

  const destStat = await statOrNull(dest);
  if (destStat && !destStat.isDirectory()) throw new AppError('invalid_input', `Not a folder: ${dest}`);
  if (destStat && !overwrite) {
    const entries = await fs.promises.readdir(dest).catch((e: unknown) => {
      throw new AppError('io_error', `Could not read the folder ${dest}: ${errnoCode(e) ?? (e as Error).message}`);
    });
    if (entries.length > 0) throw new AppError('invalid_input', `The folder ${dest} is not empty${opts.notEmptyHint ?? ''}`);
  }
  const projectFile = path.join(dest, projectFileName(project.name));
  if (opts.sourceProjectFile && (await realOrSelf(path.resolve(opts.sourceProjectFile))) === (await realOrSelf(projectFile))) {
    throw new AppError('invalid_input', `Collecting into ${dest} would replace the project itself; choose another folder`);
  }

  // What this run made, removed again on cancel or failure.
  const madeFiles = new Set<string>();
  let madeDir: string | undefined;
  const mediaDir = path.join(dest, MEDIA_FOLDER);

  const cleanUp = async () => {
    for (const f of madeFiles) await fs.promises.rm(f, { force: true }).catch(() => undefined);
    if (madeDir) await fs.promises.rm(madeDir, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    // ---- plan: one copy per source file, names unique in DEST/media ------------------
    const missing: CollectResult['missing'] = [];
    const renamed: CollectResult['renamed'] = [];
    const plannedBySource = new Map<string, Planned>();
    const copyOf = new Map<string, Planned>(); // media id -> its copy
    const usedNames = new Set<string>(); // lower-cased names in DEST/media
    const sourceReal = new Set<string>();
    const existingReal = new Map<string, string>(); // lower-cased name -> real path of a file already in DEST/media
    const mediaStats = new Map<string, fs.Stats | null>();
    for (const m of project.media) {
      const st = await statOrNull(m.path);
      mediaStats.set(m.id, st);
      if (st?.isFile()) sourceReal.add(await realOrSelf(m.path));
    }
    const existing = await fs.promises.readdir(mediaDir).catch(() => [] as string[]);
    for (const n of existing) existingReal.set(n.toLowerCase(), await realOrSelf(path.join(mediaDir, n)));

    for (const m of project.media) {
      const st = mediaStats.get(m.id);
      if (!st?.isFile()) {
        missing.push({ mediaId: m.id, path: m.path });
        continue;
      }
      const real = await realOrSelf(m.path);
      const known = plannedBySource.get(real);
      if (known) {
        copyOf.set(m.id, known);
        continue;
      }
      const original = path.basename(m.path);
      const taken = (candidate: string): boolean => {
        const key = candidate.toLowerCase();
        if (usedNames.has(key)) return true;
        const there = existingReal.get(key);
        if (there === undefined) return false;
        if (there === real) return false; // this very file is already in DEST/media: use it, copy nothing
        // Never replace a file that is the source of another media of this project.
        return sourceReal.has(there);
      };
      const name = uniqueName(original, taken);
      usedNames.add(name.toLowerCase());
      const target = path.join(mediaDir, name);
      const planned: Planned = {
        source: m.path,
        name,
        target,
        tmp: path.join(mediaDir, `.${name}.${process.pid}.collect.tmp`),
        size: st.size,
        atime: st.atime,
        mtime: st.mtime,
        inPlace: existingReal.get(name.toLowerCase()) === real,
      };
      plannedBySource.set(real, planned);
      copyOf.set(m.id, planned);
      if (name !== original) renamed.push({ from: m.path, to: target });
    }

    const toCopy = [...plannedBySource.values()].filter((p) => !p.inPlace);
    const total = toCopy.reduce((n, p) => n + p.size, 0);

    // ---- copy to temporary names ---------------------------------------------------------
    madeDir = await makeDir(dest);
    const madeMediaDir = await makeDir(mediaDir);
    madeDir ??= madeMediaDir;

    const started = Date.now();
    let done = 0;
    let lastReport = 0;
    let lastPercent = -1;
    // At most every 100 ms, and at every whole percent.
    const report = (force = false) => {
      if (!onProgress) return;
      const now = Date.now();
      const p = total > 0 ? done / total : 1;
      const percent = Math.floor(p * 100);
      if (!force && now - lastReport < 100 && percent <= lastPercent) return;
      lastReport = now;
      lastPercent = percent;
      const elapsed = (now - started) / 1000;
      onProgress({ progress: Math.min(p, 0.999), etaSeconds: p > 0.01 && elapsed > 0 ? (elapsed * (1 - p)) / p : null });
    };
    report(true);

    for (const p of toCopy) {
      if (signal?.aborted) throw cancelled();
      madeFiles.add(p.tmp);
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          done += chunk.length;
          report();
          cb(null, chunk);
        },
      });
      try {
        const from = fs.createReadStream(p.source);
        const to = fs.createWriteStream(p.tmp, { flags: 'wx' });
        await (signal ? pipeline(from, counter, to, { signal }) : pipeline(from, counter, to));
        const h = await fs.promises.open(p.tmp, 'r+');
        try {
          await h.sync();
        } finally {
          await h.close();
        }
        await fs.promises.utimes(p.tmp, p.atime, p.mtime);
      } catch (e) {
        if (isAbort(e) || signal?.aborted) throw cancelled();
        const code = errnoCode(e);
        if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
          const readable = await fs.promises.access(p.source, fs.constants.R_OK).then(
            () => true,
            () => false,
          );
          if (!readable) throw new AppError('io_error', `Could not read ${p.source}: ${code}`);
        }
        throw writeError(e, p.target);
      }
    }
    if (signal?.aborted) throw cancelled();

    // ---- rename into place, then the project and the report -------------------------------
    for (const p of toCopy) {
      try {
        await fs.promises.rename(p.tmp, p.target);
      } catch (e) {
        throw writeError(e, p.target);
      }
      madeFiles.delete(p.tmp);
      madeFiles.add(p.target);
    }

    const collected: Project = {
      ...project,
      media: project.media.map((m): Media => {
        const c = copyOf.get(m.id);
        return c ? { ...m, path: c.target, probe: { ...m.probe, path: c.target } } : m;
      }),
    };
    await writeProjectFile(projectFile, collected);
    madeFiles.add(projectFile);

    const bytes = done;
    const reportFile = path.join(dest, REPORT_FILE);
    await writeFileAtomic(reportFile, reportText(project, projectFile, [...plannedBySource.values()], missing, renamed, bytes));

    onProgress?.({ progress: 1, etaSeconds: 0 });
    return { projectFile, copied: toCopy.length, bytes, missing, renamed };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function reportText(project: Project, projectFile: string, files: Planned[], missing: CollectResult['missing'], renamed: CollectResult['renamed'], bytes: number): string {
  const lines = [
    `Segue collect report`,
    `Project: ${project.name}`,
    `Project file: ${path.basename(projectFile)}`,
    `Collected: ${new Date().toISOString()}`,
    '',
    `Copied (${files.filter((f) => !f.inPlace).length} files, ${mb(bytes)}):`,
    ...files.map((f) => `  ${MEDIA_FOLDER}/${f.name} <- ${f.source}${f.inPlace ? ' (already here)' : ''}`),
    '',
    `Missing (${missing.length}):`,
    ...(missing.length ? missing.map((m) => `  ${m.path} (media ${m.mediaId}; offline in the collected project)`) : ['  none']),
    '',
    `Renamed (${renamed.length}):`,
    ...(renamed.length ? renamed.map((r) => `  ${r.from} -> ${MEDIA_FOLDER}/${path.basename(r.to)}`) : ['  none']),
    '',
  ];
  return lines.join('\n');
}
