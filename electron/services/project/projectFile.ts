// .segue files: JSON of the Project schema. Untrusted input goes through zod before it
// becomes a document; writes are atomic (temp file in the same folder, fsync, rename).
import fs from 'node:fs';
import path from 'node:path';
import { ProjectSchema, SCHEMA_VERSION, type Project } from '../../../shared/timeline/model';
import { describeZodError } from '../../../shared/ipc/dispatch';
import { AppError } from '../../../shared/ipc/result';

const MAX_PROJECT_BYTES = 256 * 1024 * 1024;

export function parseProject(text: string, name = 'project'): Project {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('invalid_input', `${name} is not a Segue project: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || !('schemaVersion' in raw)) {
    throw new AppError('invalid_input', `${name} is not a Segue project: no schemaVersion`);
  }
  const version = (raw as { schemaVersion: unknown }).schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new AppError('invalid_input', `${name} was saved by a newer Segue (schema ${version}); this version reads up to ${SCHEMA_VERSION}.`);
  }
  const parsed = ProjectSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', `${name} is damaged: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export async function readProjectFile(file: string): Promise<Project> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new AppError('not_found', `No such project file: ${file}`);
  }
  if (!stat.isFile()) throw new AppError('invalid_input', `Not a file: ${file}`);
  if (stat.size > MAX_PROJECT_BYTES) throw new AppError('invalid_input', `${path.basename(file)} is too large to be a Segue project`);
  return parseProject(await fs.promises.readFile(file, 'utf8'), path.basename(file));
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.promises.open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  // Persist the rename itself; not supported for directories on Windows.
  if (process.platform !== 'win32') {
    const d = await fs.promises.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }
}

export async function writeProjectFile(file: string, project: Project): Promise<void> {
  ProjectSchema.parse(project);
  await writeFileAtomic(file, JSON.stringify(project, null, 1));
}
