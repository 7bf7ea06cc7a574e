// Reading a table the user chose (review notes, a shot list) from disk for the renderer:
// an absolute path to a regular file with one of the allowed extensions, not too large,
// UTF-8 (a spreadsheet's legacy encoding is named, not garbled), parsed by the caller.
// Every refusal is one line naming the file; a parse error's "line N" is kept.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface TableFileOptions<T> {
  /** what the file holds, for messages: "review notes", "a shot list" */
  what: string;
  /** lower-case, with the dot */
  extensions: readonly string[];
  /** the extensions as the user reads them: ".csv or .md" */
  kinds: string;
  maxBytes: number;
  parse: (name: string, text: string) => T;
}

export async function readTextTable<T>(file: string, o: TableFileOptions<T>): Promise<T> {
  if (!path.isAbsolute(file)) throw new AppError('invalid_input', `Import ${o.what} from an absolute path.`);
  const name = path.basename(file);
  if (!o.extensions.includes(path.extname(file).toLowerCase())) {
    throw new AppError('invalid_input', `${o.what[0]!.toUpperCase()}${o.what.slice(1)} ${/^(a|an) /.test(o.what) ? 'is' : 'are'} read from ${o.kinds} files, not ${name}`);
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new AppError('not_found', `No such file: ${file}`);
  }
  if (!stat.isFile()) throw new AppError('invalid_input', `Not a file: ${file}`);
  if (stat.size > o.maxBytes) throw new AppError('invalid_input', `${name} is too large for ${o.what} (${Math.round(stat.size / 1024 / 1024)} MB)`);
  let text: string;
  try {
    text = utf8.decode(await fs.promises.readFile(file));
  } catch (e) {
    if (e instanceof TypeError) throw new AppError('invalid_input', `${name} is not UTF-8 text (save it from the spreadsheet as "CSV UTF-8")`);
    throw new AppError('io_error', `Could not read ${name}`);
  }
  try {
    return o.parse(name, text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof AppError ? e.code : 'invalid_input';
    throw new AppError(code, /^line \d/.test(message) ? `${name} ${message}` : `${name}: ${message}`);
  }
}
