// Upgrading .segue documents from older schema versions, and the on-disk form of media
// paths. Pure functions on plain JSON values: no I/O, no zod (the caller validates the
// result against the current ProjectSchema).
//
// Adding schema version N+1: bump SCHEMA_VERSION in shared/timeline/model.ts, add
// MIGRATIONS[N] turning a version-N document into a version-N+1 one (returning new
// objects, never mutating its input), and add a version-N fixture under
// tests/fixtures/projects/ (the migration tests load every fixture there).
import { SCHEMA_VERSION } from '../timeline/model';
import { AppError } from '../ipc/result';
import { relativiseMediaPath, resolveMediaPath } from './paths';

export type JsonObject = { [key: string]: unknown };
/** Upgrades a document of version N (the table key) to version N+1, including `schemaVersion`. */
export type Migration = (doc: JsonObject) => JsonObject;

/** Every past version's step to the next. Version 1 is the first and the current one. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** The oldest schema version a file may have. */
export const FIRST_SCHEMA_VERSION = 1;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface MigrateOptions {
  /** the file's name for messages */
  name?: string;
  /** for tests: another table and current version */
  migrations?: Readonly<Record<number, Migration>>;
  current?: number;
}

/**
 * Brings a parsed .segue document to the current schema version. Returns the document
 * (the input itself when it is already current) and the version it was saved with.
 * Throws AppError('invalid_input') for something that is not a project, a version that is
 * not a whole number from 1, one newer than this Segue reads, or one with no migration.
 */
export function migrateProject(raw: unknown, options: MigrateOptions = {}): { project: unknown; from: number } {
  const name = options.name ?? 'project';
  const migrations = options.migrations ?? MIGRATIONS;
  const current = options.current ?? SCHEMA_VERSION;
  if (!isJsonObject(raw) || !('schemaVersion' in raw)) {
    throw new AppError('invalid_input', `${name} is not a Segue project: no schemaVersion`);
  }
  const from = raw.schemaVersion;
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < FIRST_SCHEMA_VERSION) {
    const shown =
      typeof from === 'string' ? JSON.stringify(from.slice(0, 40)) : typeof from === 'object' && from !== null ? (Array.isArray(from) ? 'array' : 'object') : String(from);
    throw new AppError('invalid_input', `${name} is not a Segue project: schemaVersion ${shown} is not a version number`);
  }
  if (from > current) {
    throw new AppError('invalid_input', `${name} was saved by a newer Segue (schema ${from}); this version reads up to ${current}.`);
  }
  let doc: JsonObject = raw;
  for (let v = from; v < current; v++) {
    const step = migrations[v];
    if (!step) throw new AppError('invalid_input', `${name} has schema version ${v}, which this Segue cannot upgrade.`);
    doc = step(doc);
    if (!isJsonObject(doc) || doc.schemaVersion !== v + 1) {
      throw new AppError('internal', `The upgrade of ${name} from schema ${v} did not produce schema ${v + 1}.`);
    }
  }
  return { project: doc, from };
}

// ---- media paths on disk -----------------------------------------------------------

function mapMediaPaths(doc: JsonObject, f: (p: string) => string): JsonObject {
  if (!Array.isArray(doc.media)) return doc;
  const mapPath = (o: JsonObject): JsonObject => (typeof o.path === 'string' && o.path !== '' ? { ...o, path: f(o.path) } : o);
  const media = doc.media.map((m: unknown) => {
    if (!isJsonObject(m)) return m;
    const withPath = mapPath(m);
    return isJsonObject(withPath.probe) ? { ...withPath, probe: mapPath(withPath.probe) } : withPath;
  });
  return { ...doc, media };
}

/**
 * The document as written to `projectDir`: media paths (and their probe's) inside the
 * folder become relative with `/` separators, the others stay absolute. Returns a copy.
 */
export function toDiskPaths<T extends object>(project: T, projectDir: string): T {
  return mapMediaPaths(project as unknown as JsonObject, (p) => relativiseMediaPath(p, projectDir)) as unknown as T;
}

/**
 * The document as read from `projectDir`: relative media paths resolved against the
 * folder. Accepts any JSON value (it runs before validation) and leaves what it does not
 * recognise alone. Returns a copy.
 */
export function fromDiskPaths(doc: unknown, projectDir: string): unknown {
  return isJsonObject(doc) ? mapMediaPaths(doc, (p) => resolveMediaPath(p, projectDir)) : doc;
}

// ---- shape limits -------------------------------------------------------------------

/** Deeper JSON than this is refused: saving it again (JSON.stringify) would overflow the stack. */
export const MAX_JSON_DEPTH = 512;

/** The nesting depth of a parsed JSON value, counted without recursion and stopping past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
    }
  }
  return max;
}
