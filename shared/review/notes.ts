// Review notes as a table that travels: a timeline's markers written as CSV (RFC 4180) or a
// Markdown table, one row per marker, and read back as marker inputs that merge into a
// timeline. Pure: the main process writes the files and the thumbnails.
//
//   timecode,duration,author,status,color,name,note,thumbnail
//   00:00:01:12,00:00:00:00,Ana,open,red,Colour,"too warm, ""fix""",review_thumbs/marker-0001.jpg
//
// Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
// formula (OWASP "CSV injection"), so such a cell is written with a leading apostrophe,
// and one read back loses it. A cell that starts with an apostrophe gets one too, so every
// text survives the trip exactly.
import { z } from 'zod';
import { AppError } from '../ipc/result';
import { addMarker, updateMarker } from '../timeline/edit/markers';
import { MarkerColorSchema, MarkerStatusSchema, type Marker, type MarkerColor, type MarkerStatus, type Timeline } from '../timeline/model';
import { formatTimecode, timecodeBase, type Rate } from '../timeline/time';
import { describeRate, parseTimecode } from '../interchange/edl/timecode';
import { findMdTable, mdCell, mdUncell, parseCsv, toCsv, unguard, type TableRow } from '../text/csv';

export const NOTE_COLUMNS = ['timecode', 'duration', 'author', 'status', 'color', 'name', 'note', 'thumbnail'] as const;
type Column = (typeof NOTE_COLUMNS)[number];

/** One row read from a notes file: what a marker needs; a field is absent when its column or cell is. */
export const ReviewNoteSchema = z.strictObject({
  /** the file's line the row starts on, for messages */
  line: z.number().int().positive(),
  frame: z.number().int().safe().nonnegative(),
  duration: z.number().int().safe().nonnegative().optional(),
  author: z.string().max(256).optional(),
  status: MarkerStatusSchema.optional(),
  color: MarkerColorSchema.optional(),
  name: z.string().max(1024).optional(),
  note: z.string().max(100_000).optional(),
});
export type ReviewNote = z.infer<typeof ReviewNoteSchema>;

export interface NotesOptions {
  /** marker id -> the thumbnail's path as the table should show it (relative to the file) */
  thumbnails?: ReadonlyMap<string, string>;
}

/** Markers in time order (markers at one frame keep their order). */
export const notesOrder = (timeline: Timeline): Marker[] => [...timeline.markers].sort((a, b) => a.frame - b.frame);

function rowOf(m: Marker, rate: Rate, options: NotesOptions): Record<Column, string> {
  return {
    timecode: formatTimecode(m.frame, rate),
    duration: formatTimecode(m.duration, rate),
    author: m.author ?? '',
    status: m.status ?? 'open',
    color: m.color,
    name: m.name,
    note: m.note,
    thumbnail: options.thumbnails?.get(m.id) ?? '',
  };
}

// ---- CSV ---------------------------------------------------------------------------

/**
 * The timeline's markers as CSV: a header row, CRLF line ends, and a UTF-8 byte order mark
 * (Excel reads a file without one in the system's legacy code page).
 */
export function notesToCsv(timeline: Timeline, options: NotesOptions = {}): string {
  return toCsv([[...NOTE_COLUMNS], ...notesOrder(timeline).map((m) => NOTE_COLUMNS.map((c) => rowOf(m, timeline.rate, options)[c]))]);
}

type Row = TableRow;

const fail = (line: number, message: string): never => {
  throw new AppError('invalid_input', `line ${line}: ${message}`);
};

/** RFC 4180 records with the line each starts on (shared/text/csv.ts). */
export { parseCsv };

export function notesFromCsv(text: string, rate: Rate): ReviewNote[] {
  return notesFromRows(parseCsv(text).map((r) => ({ line: r.line, cells: r.cells.map(unguard) })), rate, 'the CSV file');
}

// ---- Markdown ------------------------------------------------------------------------

const HEADINGS: Record<Column, string> = { timecode: 'Timecode', duration: 'Duration', author: 'Author', status: 'Status', color: 'Color', name: 'Name', note: 'Note', thumbnail: 'Thumbnail' };

/** A relative path as a Markdown link target (spaces and parentheses would end it). */
const mdTarget = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

/** The markers as a Markdown document: a title, a summary line and one table. */
export function notesToMarkdown(timeline: Timeline, options: NotesOptions = {}): string {
  const markers = notesOrder(timeline);
  const open = markers.filter((m) => (m.status ?? 'open') === 'open').length;
  const out = [
    `# Review notes: ${timeline.name.replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').trim() || 'Untitled'}`,
    '',
    `${markers.length} note${markers.length === 1 ? '' : 's'}, ${open} open · timecode at ${describeRate(timeline.rate)}`,
    '',
    `| ${NOTE_COLUMNS.map((c) => HEADINGS[c]).join(' | ')} |`,
    `| ${NOTE_COLUMNS.map(() => '---').join(' | ')} |`,
  ];
  for (const m of markers) {
    const row = rowOf(m, timeline.rate, options);
    const cells = NOTE_COLUMNS.map((c) => (c === 'thumbnail' ? (row.thumbnail ? `![${m.name ? mdCell(m.name).replace(/[[\]]/g, '') : 'frame'}](${mdTarget(row.thumbnail)})` : '') : mdCell(row[c])));
    out.push(`| ${cells.join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}

/** The notes in the first table of a Markdown file whose header names a Timecode column. */
export function notesFromMarkdown(text: string, rate: Rate): ReviewNote[] {
  const rows = findMdTable(text, (header) => header.some((c) => c.trim().toLowerCase() === 'timecode'));
  if (!rows) throw new AppError('invalid_input', 'the Markdown file has no table with a Timecode column');
  return notesFromRows(
    rows.map((r) => ({ line: r.line, cells: r.cells.map(mdUncell) })),
    rate,
    'the Markdown table',
  );
}

// ---- rows -> notes -------------------------------------------------------------------

const TC = /^(\d+):(\d{2}):(\d{2})([:;])(\d{2,3})$/;

/** HH:MM:SS:FF at `rate` (hours may run past 99); HH:MM:SS;FF is drop-frame. */
export function parseNoteTimecode(text: string, rate: Rate): number | null {
  const m = TC.exec(text.trim());
  if (!m) return null;
  if (m[4] === ';') {
    try {
      return parseTimecode(text.trim(), rate).frames;
    } catch {
      return null;
    }
  }
  const [hh, mm, ss, ff] = [m[1], m[2], m[3], m[5]].map(Number) as [number, number, number, number];
  const base = timecodeBase(rate);
  if (mm > 59 || ss > 59 || ff >= base) return null;
  const frames = ((hh * 60 + mm) * 60 + ss) * base + ff;
  return Number.isSafeInteger(frames) ? frames : null;
}

const LIMITS = { author: 256, name: 1024, note: 100_000 } as const;
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

function notesFromRows(rows: Row[], rate: Rate, what: string): ReviewNote[] {
  const [head, ...body] = rows;
  if (!head) throw new AppError('invalid_input', `${what} is empty (it needs a header row naming the columns: ${NOTE_COLUMNS.join(', ')})`);
  const index = new Map<Column, number>();
  head.cells.forEach((c, i) => {
    const name = c.trim().toLowerCase() as Column;
    if (!NOTE_COLUMNS.includes(name)) return;
    if (index.has(name)) fail(head.line, `the column ${name} appears twice`);
    index.set(name, i);
  });
  if (!index.has('timecode')) fail(head.line, `the first row must name the columns, among them timecode (${NOTE_COLUMNS.join(', ')})`);
  if (body.length > 100_000) fail(body[100_000]!.line, 'more than 100000 notes');
  const tcHelp = `HH:MM:SS:FF at ${describeRate(rate)}`;
  return body.map(({ line, cells }) => {
    const cell = (c: Column): string | undefined => {
      const i = index.get(c);
      return i === undefined ? undefined : cells[i];
    };
    if (cells.length > head.cells.length && cells.slice(head.cells.length).some((c) => c.trim() !== '')) {
      fail(line, `${cells.length} cells, but the header names ${head.cells.length} columns (is a comma in a note not quoted?)`);
    }
    const tc = (cell('timecode') ?? '').trim();
    if (!tc) fail(line, `the timecode is empty (${tcHelp})`);
    const frame = parseNoteTimecode(tc, rate) ?? fail(line, `${quote(tc)} is not a timecode (${tcHelp})`);
    const note: ReviewNote = { line, frame };
    const dur = cell('duration')?.trim();
    if (dur) note.duration = /^\d+$/.test(dur) && Number.isSafeInteger(Number(dur)) ? Number(dur) : (parseNoteTimecode(dur, rate) ?? fail(line, `duration ${quote(dur)} is not a timecode (${tcHelp})`));
    const status = cell('status')?.trim().toLowerCase();
    if (status) note.status = MarkerStatusSchema.safeParse(status).data ?? fail(line, `status ${quote(status)} is not open or resolved`);
    const color = cell('color')?.trim().toLowerCase();
    if (color) note.color = MarkerColorSchema.safeParse(color).data ?? fail(line, `color ${quote(color)} is not one of ${MarkerColorSchema.options.join(', ')}`);
    for (const k of ['author', 'name', 'note'] as const) {
      const v = cell(k);
      if (v === undefined) continue;
      if (v.length > LIMITS[k]) fail(line, `the ${k} is longer than ${LIMITS[k]} characters`);
      note[k] = v;
    }
    return note;
  });
}

/** Notes from a file's text, by its extension: .md / .markdown as Markdown, else CSV. */
export function notesFromFile(fileName: string, text: string, rate: Rate): ReviewNote[] {
  return /\.(md|markdown)$/i.test(fileName) ? notesFromMarkdown(text, rate) : notesFromCsv(text, rate);
}

// ---- merging ---------------------------------------------------------------------------

export interface MergeResult {
  timeline: Timeline;
  added: number;
  updated: number;
}

/**
 * Notes into a timeline: a note at the frame of a marker with the same name and author
 * updates that marker's note, status, colour and duration (each marker matched once);
 * any other note becomes a new marker. Rows the file leaves empty change nothing.
 */
export function mergeNotes(timeline: Timeline, notes: readonly ReviewNote[]): MergeResult {
  let t = timeline;
  let added = 0;
  let updated = 0;
  const used = new Set<string>();
  for (const n of notes) {
    const name = n.name ?? '';
    const author = n.author ?? '';
    const match = timeline.markers.find((m) => !used.has(m.id) && m.frame === n.frame && m.name === name && (m.author ?? '') === author);
    const fields: { note?: string; status?: MarkerStatus; color?: MarkerColor; duration?: number } = {
      ...(n.note !== undefined ? { note: n.note } : {}),
      ...(n.status !== undefined ? { status: n.status } : {}),
      ...(n.color !== undefined ? { color: n.color } : {}),
      ...(n.duration !== undefined ? { duration: n.duration } : {}),
    };
    if (match) {
      used.add(match.id);
      const next = updateMarker(t, match.id, fields);
      if (next !== t) updated++;
      t = next;
    } else {
      t = addMarker(t, n.frame, { name, ...(author ? { author } : {}), ...fields }).timeline;
      added++;
    }
  }
  return { timeline: t, added, updated };
}
