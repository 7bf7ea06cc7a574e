// Shot lists to and from files: the shot list panel's Import / Export Shot List (and the
// CLI may read through it too). A shot list is CSV, TSV or a Markdown table by its
// extension; reading and parsing errors are one line naming the file (and the line).
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { parseShotList, shotListToCsv, shotListToMarkdown, type ParsedShot } from '../../../shared/previz/shotlist';
import type { Project } from '../../../shared/timeline/model';
import type { Rate } from '../../../shared/timeline/time';
import { writeFileAtomic } from '../project/projectFile';

export const SHOT_LIST_EXTENSIONS = ['.csv', '.tsv', '.md', '.markdown'];
/** 10 000 shots of a few hundred characters fit many times over. */
export const MAX_SHOT_LIST_BYTES = 16 * 1024 * 1024;

const isShotListFile = (file: string) => SHOT_LIST_EXTENSIONS.includes(path.extname(file).toLowerCase());
const isMarkdown = (file: string) => /\.(md|markdown)$/i.test(file);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The shots in a .csv / .tsv / .md file, durations read at `rate`. */
export async function readShotListFile(file: string, rate: Rate): Promise<ParsedShot[]> {
  if (!path.isAbsolute(file)) throw new AppError('invalid_input', 'Import a shot list from an absolute path.');
  if (!isShotListFile(file)) throw new AppError('invalid_input', `Shot lists are read from .csv, .tsv or .md files, not ${path.basename(file)}`);
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new AppError('not_found', `No such file: ${file}`);
  }
  if (!stat.isFile()) throw new AppError('invalid_input', `Not a file: ${file}`);
  if (stat.size > MAX_SHOT_LIST_BYTES) throw new AppError('invalid_input', `${name} is too large for a shot list (${Math.round(stat.size / 1024 / 1024)} MB)`);
  let text: string;
  try {
    text = utf8.decode(await fs.promises.readFile(file));
  } catch (e) {
    if (e instanceof TypeError) throw new AppError('invalid_input', `${name} is not UTF-8 text (save it from the spreadsheet as "CSV UTF-8")`);
    throw new AppError('io_error', `Could not read ${name}`);
  }
  try {
    return parseShotList(name, text, rate);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new AppError('invalid_input', /^line \d/.test(message) ? `${name} ${message}` : `${name}: ${message}`);
  }
}

/** Writes the project's shot list as CSV (or a Markdown table for .md); returns the file and how many shots. */
export async function writeShotListFile(project: Project, out: string, overwrite: boolean): Promise<{ file: string; shots: number }> {
  if (!path.isAbsolute(out)) throw new AppError('invalid_input', 'Export the shot list to an absolute path.');
  if (!/\.(csv|md|markdown)$/i.test(out)) throw new AppError('invalid_input', `A shot list is written as .csv or .md, not ${path.basename(out)}`);
  if (fs.existsSync(out) && !overwrite) throw new AppError('invalid_input', `${out} exists; choose another name or allow replacing it.`);
  const shots = project.previz?.shots.length ?? 0;
  if (shots === 0) throw new AppError('invalid_input', 'The shot list is empty: nothing to export.');
  await writeFileAtomic(out, isMarkdown(out) ? shotListToMarkdown(project) : shotListToCsv(project));
  return { file: out, shots };
}
