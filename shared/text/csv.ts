// Tables that travel as text: CSV (RFC 4180), the tab-separated text spreadsheets put on
// the clipboard, and Markdown tables. Only the cells: what a row means is the caller's.
//
// Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
// formula (OWASP "CSV injection"), so such a cell is written with a leading apostrophe,
// and one read back loses it. A cell that starts with an apostrophe gets one too, so every
// text survives the trip exactly.
import { AppError } from '../ipc/result';

/** One record with the line of the file it starts on (1-based), for messages. */
export interface TableRow {
  line: number;
  cells: string[];
}

const FORMULA = /^[=+\-@\t\r']/;

const fail = (line: number, message: string): never => {
  throw new AppError('invalid_input', `line ${line}: ${message}`);
};

/** A cell a spreadsheet will not run, quoted when it holds the delimiter, a quote or a line break. */
export function csvCell(text: string, delimiter = ','): string {
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The guard's apostrophe taken off again. */
export const unguard = (cell: string): string => (cell.length > 1 && cell[0] === "'" && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell);

/**
 * Rows as CSV: CRLF line ends and a UTF-8 byte order mark (Excel reads a file without
 * one in the system's legacy code page).
 */
export function toCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  return `\uFEFF${rows.map((r) => r.map((c) => csvCell(c, delimiter)).join(delimiter)).join('\r\n')}\r\n`;
}

/**
 * RFC 4180 records with the line each starts on; `delimiter` '\t' reads what spreadsheets
 * copy (the same quoting, tabs between cells). CRLF, LF and a lone CR all end a record; a
 * blank line is no record. A broken quote throws an AppError naming the line.
 */
export function parseCsv(text: string, delimiter = ','): TableRow[] {
  const rows: TableRow[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const ends = (c: string | undefined) => c === delimiter || c === '\r' || c === '\n';
  const name = delimiter === '\t' ? 'a tab' : delimiter === ',' ? 'a comma' : JSON.stringify(delimiter);
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          if (i >= n) fail(opened, 'a quoted cell is never closed (a " is missing)');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          cell += c;
          i++;
        }
        if (i < n && !ends(text[i])) fail(line, `a quoted cell must end at ${name} or the end of the line (write a " inside one as "")`);
      } else {
        while (i < n && !ends(text[i])) cell += text[i++];
      }
      cells.push(cell);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: start, cells });
  }
  return rows;
}

// ---- Markdown ------------------------------------------------------------------------

/** A table cell: pipes and backslashes escaped, HTML made inert, line breaks as <br>. */
export const mdCell = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');

/** A cell's text again (trimmed: spaces around a cell are the table's, not the text's). */
export const mdUncell = (cell: string): string =>
  cell
    .trim()
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/\\([\\|])|&(lt|gt|amp);/g, (_m, esc: string | undefined, ent: string | undefined) => esc ?? (ent === 'lt' ? '<' : ent === 'gt' ? '>' : '&'));

/** The cells of a table row `| a | b \| c |`, split at unescaped pipes (outer pipes optional). */
export function mdRowCells(line: string): string[] {
  const body = line.trim().replace(/^\|/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      cell += c + body[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (cell.trim() !== '') cells.push(cell);
  return cells;
}

/** A row of `| a | b |` cells, each escaped. */
export const mdRow = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;

const SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * The first Markdown table whose header row satisfies `accept` (given the header's
 * cells as text): header and body rows with their file lines, the cells still escaped
 * (map them through mdUncell). Null when there is none. A table's rows start with a pipe,
 * or hold one when the header did not start with one; a blank line ends the table.
 */
export function findMdTable(text: string, accept: (header: string[]) => boolean): TableRow[] | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let h = 0; h + 1 < lines.length; h++) {
    const head = lines[h]!;
    const sep = lines[h + 1]!;
    if (!head.includes('|') || !sep.includes('|') || !sep.includes('-') || !SEPARATOR.test(sep)) continue;
    const cells = mdRowCells(head);
    if (!accept(cells.map(mdUncell))) continue;
    const piped = /^\s*\|/.test(head);
    const rows: TableRow[] = [{ line: h + 1, cells }];
    for (let i = h + 2; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.trim() === '' || !(piped ? /^\s*\|/.test(l) : l.includes('|'))) break;
      rows.push({ line: i + 1, cells: mdRowCells(l) });
    }
    return rows;
  }
  return null;
}

/** Whether the text holds a Markdown table (a row with pipes over a --- separator row). */
export const looksLikeMarkdownTable = (text: string): boolean => findMdTable(text, () => true) !== null;
