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
import { readTextTable } from '../fs/readTextTable';

export const SHOT_LIST_EXTENSIONS = ['.csv', '.tsv', '.md', '.markdown'];
/** 10 000 shots of a few hundred characters fit many times over. */
export const MAX_SHOT_LIST_BYTES = 16 * 1024 * 1024;

const isMarkdown = (file: string) => /\.(md|markdown)$/i.test(file);

/** The shots in a .csv / .tsv / .md file, durations read at `rate`. */
export const readShotListFile = (file: string, rate: Rate): Promise<ParsedShot[]> =>
  readTextTable(file, { what: 'a shot list', extensions: SHOT_LIST_EXTENSIONS, kinds: '.csv, .tsv or .md', maxBytes: MAX_SHOT_LIST_BYTES, parse: (name, text) => parseShotList(name, text, rate) });

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
