// A shot list as a table: CSV, the tab-separated text spreadsheets put on the clipboard,
// or a Markdown table, one shot per row. Read into ParsedShot records (names, not ids:
// the caller resolves images and references), and written back from a project so that
// reading the written text gives the same shots.
//
//   shot,duration,prompt,camera,image,references,continue
//   Diner,4,"Anna enters, shaking off the rain",slow dolly in,,Anna,
//   Booth,00:00:02:12,She sits down,close-up,,"Anna, Diner",yes
//
// Columns come in any order and case, with aliases (shot|name, duration|length|seconds,
// prompt|description|action, camera|camera note, image|reference image,
// references|refs|characters, continue|continue from previous); a header row is required.
// A duration is seconds ("4", "4.5", "4s") or a timecode HH:MM:SS:FF at the timeline rate,
// rounded to whole frames. References are names separated by commas or semicolons (a
// backslash escapes either). Text is trimmed at both ends and its line breaks become \n.
import { AppError } from '../ipc/result';
import { parseNoteTimecode } from '../review/notes';
import type { Project } from '../timeline/model';
import { ReferenceKindSchema, type ReferenceKind } from './model';
import { describeRate } from '../interchange/edl/timecode';
import { formatTimecode, secondsToFrames, type Rate } from '../timeline/time';
import { findMdTable, looksLikeMarkdownTable, mdRow, mdUncell, parseCsv, toCsv, unguard, type TableRow } from '../text/csv';

export interface ParsedShot {
  name: string;
  /** length in frames at the rate the list was read at */
  frames: number;
  prompt: string;
  camera: string;
  /** reference image path as written */
  image?: string;
  /** reference names */
  references: string[];
  continueFromPrevious: boolean;
}

export const SHOT_COLUMNS = ['shot', 'duration', 'prompt', 'camera', 'image', 'references', 'continue'] as const;
export type ShotColumn = (typeof SHOT_COLUMNS)[number];

const ALIASES: Record<string, ShotColumn> = {
  shot: 'shot',
  name: 'shot',
  'shot name': 'shot',
  duration: 'duration',
  length: 'duration',
  seconds: 'duration',
  prompt: 'prompt',
  description: 'prompt',
  action: 'prompt',
  camera: 'camera',
  'camera note': 'camera',
  image: 'image',
  'reference image': 'image',
  references: 'references',
  refs: 'references',
  characters: 'references',
  continue: 'continue',
  'continue from previous': 'continue',
  'continue from previous shot': 'continue',
};

const HEADINGS: Record<ShotColumn, string> = { shot: 'Shot', duration: 'Duration', prompt: 'Prompt', camera: 'Camera', image: 'Image', references: 'References', continue: 'Continue' };

/** A heading as a column: case, spaces, underscores, dashes and a trailing colon do not matter. */
export const columnOf = (heading: string): ShotColumn | undefined =>
  ALIASES[
    heading
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ')
      .replace(/\s*:$/, '')
  ];

export const MAX_SHOTS = 10_000;
const LIMITS = { shot: 256, prompt: 4000, camera: 1000, image: 4096 } as const;
const MAX_FRAMES = 1_000_000;
const MAX_REFERENCES = 16;

const fail = (line: number, message: string): never => {
  throw new AppError('invalid_input', `line ${line}: ${message}`);
};
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Text as kept in a shot: trimmed, line breaks as \n. */
export const cleanText = (s: string): string => s.replace(/\r\n|\r/g, '\n').trim();

const SECONDS = /^(\d+(?:\.\d*)?|\.\d+)\s*(?:s|sec|secs|second|seconds)?$/i;

/** A duration cell in frames at `rate`, or null when it is neither seconds nor a timecode. */
export function parseDuration(text: string, rate: Rate): number | null {
  const t = text.trim();
  const s = SECONDS.exec(t);
  if (s) {
    const v = Number(s[1]);
    return Number.isFinite(v) ? secondsToFrames(v, rate) : null;
  }
  return parseNoteTimecode(t, rate);
}

/** Frames as the shortest seconds (up to 3 decimals) that read back as them, else a timecode. */
export function formatDuration(frames: number, rate: Rate): string {
  const exact = (frames * rate.den) / rate.num;
  for (let digits = 0; digits <= 3; digits++) {
    const text = String(Number(exact.toFixed(digits)));
    if (parseDuration(text, rate) === frames) return text;
  }
  return formatTimecode(frames, rate);
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', '✓', '✔', 'continue', 'on']);
const NO = new Set(['', 'no', 'n', 'false', '0', '-', 'off']);

/** Reference names from a cell: separated by , or ; (a backslash escapes either, and itself). */
export function splitReferences(cell: string): string[] {
  const out: string[] = [];
  let name = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && i + 1 < cell.length && /[\\,;]/.test(cell[i + 1]!)) {
      name += cell[++i];
    } else if (c === ',' || c === ';') {
      out.push(name);
      name = '';
    } else name += c;
  }
  out.push(name);
  return out.map(cleanText).filter((n) => n !== '');
}

export const joinReferences = (names: readonly string[]): string => names.map((n) => n.replace(/[\\,;]/g, (c) => `\\${c}`)).join(', ');

type Format = 'csv' | 'tsv' | 'markdown';

/** The table's format from the file name, else from the text. */
export function shotListFormat(fileName: string, text: string): Format {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'csv') return 'csv';
  if (looksLikeMarkdownTable(text)) return 'markdown';
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  return first.includes('\t') ? 'tsv' : 'csv';
}

const isHeader = (cells: string[]): boolean => cells.some((c) => columnOf(c) === 'duration');

function rowsOf(fileName: string, text: string): { rows: TableRow[]; what: string } {
  const format = shotListFormat(fileName, text);
  if (format === 'markdown') {
    const rows = findMdTable(text, isHeader);
    if (!rows) throw new AppError('invalid_input', `the Markdown text has no table with a Duration column (${SHOT_COLUMNS.join(', ')})`);
    return { rows: rows.map((r) => ({ line: r.line, cells: r.cells.map(mdUncell) })), what: 'the Markdown table' };
  }
  const rows = parseCsv(text, format === 'tsv' ? '\t' : ',').map((r) => ({ line: r.line, cells: r.cells.map(unguard) }));
  return { rows, what: format === 'tsv' ? 'the pasted table' : 'the CSV file' };
}

/**
 * The shots of a shot list. `fileName` (may be empty, for pasted text) picks the format;
 * durations are read at `rate`. A bad row throws an AppError (invalid_input) naming its line.
 */
export function parseShotList(fileName: string, text: string, rate: Rate): ParsedShot[] {
  const { rows, what } = rowsOf(fileName, text);
  const [head, ...body] = rows;
  if (!head) throw new AppError('invalid_input', `${what} is empty (it needs a header row naming the columns: ${SHOT_COLUMNS.join(', ')})`);
  const index = new Map<ShotColumn, number>();
  head.cells.forEach((c, i) => {
    const col = columnOf(c);
    if (!col) return;
    if (index.has(col)) fail(head.line, `two columns mean ${col} (${quote(head.cells[index.get(col)!]!.trim())} and ${quote(c.trim())})`);
    index.set(col, i);
  });
  if (!index.has('duration') || !(index.has('shot') || index.has('prompt'))) {
    fail(head.line, `the first row must name the columns, among them duration and shot or prompt (${SHOT_COLUMNS.join(', ')})`);
  }
  if (body.length > MAX_SHOTS) fail(body[MAX_SHOTS]!.line, `more than ${MAX_SHOTS} shots`);
  const tcHelp = `seconds such as 4 or 4.5, or a timecode HH:MM:SS:FF at ${describeRate(rate)}`;
  return body.map(({ line, cells }) => {
    const cell = (c: ShotColumn): string => {
      const i = index.get(c);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    if (cells.length > head.cells.length && cells.slice(head.cells.length).some((c) => c.trim() !== '')) {
      fail(line, `${cells.length} cells, but the header names ${head.cells.length} columns (is a comma in a prompt not quoted?)`);
    }
    const text = (c: 'shot' | 'prompt' | 'camera' | 'image', label: string): string => {
      const v = cleanText(cell(c));
      if (v.length > LIMITS[c]) fail(line, `the ${label} is longer than ${LIMITS[c]} characters`);
      return v;
    };
    const dur = cell('duration').trim();
    if (!dur) fail(line, `the duration is empty (${tcHelp})`);
    const frames = parseDuration(dur, rate) ?? fail(line, `duration ${quote(dur)} is not seconds or a timecode (${tcHelp})`);
    if (frames < 1) fail(line, `duration ${quote(dur)} is shorter than one frame at ${describeRate(rate)}`);
    if (frames > MAX_FRAMES) fail(line, `duration ${quote(dur)} is longer than ${MAX_FRAMES} frames`);
    const cont = cell('continue').trim().toLowerCase();
    if (!YES.has(cont) && !NO.has(cont)) fail(line, `continue ${quote(cont)} is not yes or no`);
    const references = splitReferences(cell('references'));
    if (references.length > MAX_REFERENCES) fail(line, `more than ${MAX_REFERENCES} references`);
    for (const r of references) if (r.length > 256) fail(line, `the reference name ${quote(r)} is longer than 256 characters`);
    const image = text('image', 'image path');
    return {
      name: text('shot', 'shot name'),
      frames,
      prompt: text('prompt', 'prompt'),
      camera: text('camera', 'camera note'),
      ...(image ? { image } : {}),
      references,
      continueFromPrevious: YES.has(cont),
    };
  });
}

// ---- writing -----------------------------------------------------------------------------

/** The project's shots as ParsedShot records: reference names, the image as its media's path. */
export function projectShotRows(project: Project): ParsedShot[] {
  const refs = new Map((project.previz?.references ?? []).map((r) => [r.id, r.name]));
  const media = new Map(project.media.map((m) => [m.id, m.path]));
  return (project.previz?.shots ?? []).map((s) => {
    const image = s.imageMediaId ? media.get(s.imageMediaId) : undefined;
    return {
      name: s.name,
      frames: s.frames,
      prompt: s.prompt,
      camera: s.camera,
      ...(image ? { image } : {}),
      references: s.referenceIds.flatMap((id) => (refs.has(id) ? [refs.get(id)!] : [])),
      continueFromPrevious: s.continueFromPrevious,
    };
  });
}

function cellsOf(s: ParsedShot, rate: Rate): string[] {
  const byColumn: Record<ShotColumn, string> = {
    shot: s.name,
    duration: formatDuration(s.frames, rate),
    prompt: s.prompt,
    camera: s.camera,
    image: s.image ?? '',
    references: joinReferences(s.references),
    continue: s.continueFromPrevious ? 'yes' : '',
  };
  return SHOT_COLUMNS.map((c) => byColumn[c]);
}

/** The shot list as CSV (header row, CRLF, UTF-8 byte order mark), durations at the timeline rate. */
export function shotListToCsv(project: Project): string {
  const rate = project.timeline.rate;
  return toCsv([[...SHOT_COLUMNS], ...projectShotRows(project).map((s) => cellsOf(s, rate))]);
}

/** The shot list as a Markdown document: a title and one table. */
export function shotListToMarkdown(project: Project): string {
  const rate = project.timeline.rate;
  const shots = projectShotRows(project);
  const title = project.name.replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').trim() || 'Untitled';
  const out = [
    `# Shot list: ${title}`,
    '',
    `${shots.length} shot${shots.length === 1 ? '' : 's'} · durations in seconds at ${describeRate(rate)}`,
    '',
    `| ${SHOT_COLUMNS.map((c) => HEADINGS[c]).join(' | ')} |`,
    `| ${SHOT_COLUMNS.map(() => '---').join(' | ')} |`,
    ...shots.map((s) => mdRow(cellsOf(s, rate))),
  ];
  return `${out.join('\n')}\n`;
}

// ---- reference lists -----------------------------------------------------------------------

/** One row of a reference list: name,kind,image,description. */
export interface ParsedReference {
  name: string;
  kind: ReferenceKind;
  /** the image path as written */
  image: string;
  description: string;
}

export const REFERENCE_COLUMNS = ['name', 'kind', 'image', 'description'] as const;
type ReferenceColumn = (typeof REFERENCE_COLUMNS)[number];
const REFERENCE_ALIASES: Record<string, ReferenceColumn> = { name: 'name', reference: 'name', kind: 'kind', type: 'kind', image: 'image', file: 'image', picture: 'image', description: 'description', notes: 'description' };
const refColumnOf = (h: string): ReferenceColumn | undefined => REFERENCE_ALIASES[h.trim().toLowerCase().replace(/\s*:$/, '')];

/**
 * A reference library as a table (CSV, TSV or Markdown like a shot list) with the columns
 * name, kind (character, place, prop or style; empty: character), image and description.
 */
export function parseReferenceList(fileName: string, text: string): ParsedReference[] {
  const format = shotListFormat(fileName, text);
  let rows: TableRow[];
  if (format === 'markdown') {
    const found = findMdTable(text, (h) => h.some((c) => refColumnOf(c) === 'image'));
    if (!found) throw new AppError('invalid_input', 'the Markdown text has no table with an Image column (name, kind, image, description)');
    rows = found.map((r) => ({ line: r.line, cells: r.cells.map(mdUncell) }));
  } else rows = parseCsv(text, format === 'tsv' ? '\t' : ',').map((r) => ({ line: r.line, cells: r.cells.map(unguard) }));
  const [head, ...body] = rows;
  if (!head) throw new AppError('invalid_input', `the reference list is empty (it needs a header row: ${REFERENCE_COLUMNS.join(', ')})`);
  const index = new Map<ReferenceColumn, number>();
  head.cells.forEach((c, i) => {
    const col = refColumnOf(c);
    if (!col) return;
    if (index.has(col)) fail(head.line, `two columns mean ${col}`);
    index.set(col, i);
  });
  if (!index.has('name') || !index.has('image')) fail(head.line, `the first row must name the columns, among them name and image (${REFERENCE_COLUMNS.join(', ')})`);
  if (body.length > 1000) fail(body[1000]!.line, 'more than 1000 references');
  const seen = new Map<string, number>();
  return body.map(({ line, cells }) => {
    const cell = (c: ReferenceColumn) => cleanText(index.has(c) ? (cells[index.get(c)!] ?? '') : '');
    const name = cell('name');
    if (!name) fail(line, 'the reference has no name');
    if (name.length > 256) fail(line, 'the reference name is longer than 256 characters');
    const twice = seen.get(name.toLowerCase());
    if (twice !== undefined) fail(line, `the reference ${quote(name)} is already named on line ${twice}`);
    seen.set(name.toLowerCase(), line);
    const kindText = cell('kind').toLowerCase() || 'character';
    const kind = ReferenceKindSchema.safeParse(kindText).data ?? fail(line, `kind ${quote(kindText)} is not one of ${ReferenceKindSchema.options.join(', ')}`);
    const image = cell('image');
    if (!image) fail(line, `the reference ${quote(name)} names no image`);
    const description = cell('description');
    if (description.length > 2000) fail(line, 'the description is longer than 2000 characters');
    return { name, kind, image, description };
  });
}
