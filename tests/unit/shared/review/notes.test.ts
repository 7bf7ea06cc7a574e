// Review notes as CSV and Markdown: the exact text written, RFC 4180 quoting, the formula
// guard, tolerant reading (BOM, LF or CRLF, any column order), clear errors that name the
// line, merging into a timeline, and a property test that any markers survive CSV exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/ipc/result';
import { mergeNotes, notesFromCsv, notesFromFile, notesFromMarkdown, notesToCsv, notesToMarkdown, parseCsv, parseNoteTimecode, type ReviewNote } from '../../../../shared/review/notes';
import { MarkerColorSchema, type Marker, type Timeline } from '../../../../shared/timeline/model';
import { makeRate } from '../../../../shared/timeline/time';

const R24 = makeRate(24);
const NTSC = makeRate(30000, 1001);

const timeline = (markers: Marker[], rate = R24): Timeline => ({ id: 'tl', name: 'Cut 3', rate, tracks: [], markers });
const M = (over: Partial<Marker> & Pick<Marker, 'id' | 'frame'>): Marker => ({ name: '', duration: 0, color: 'green', note: '', ...over });

const HEADER = 'timecode,duration,author,status,color,name,note,thumbnail';

/** What a marker says as a note; an absent author and status read as empty and open. */
const meaning = (m: Pick<Marker, 'frame' | 'duration' | 'author' | 'status' | 'color' | 'name' | 'note'>) => ({
  frame: m.frame,
  duration: m.duration,
  author: m.author || '',
  status: m.status ?? 'open',
  color: m.color,
  name: m.name,
  note: m.note,
});

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).message;
  }
  throw new Error('expected an error');
};

describe('notesToCsv', () => {
  it('writes a BOM, the header and one CRLF row per marker in time order, quoting only what needs it', () => {
    const t = timeline([
      M({ id: 'b', frame: 50, name: 'Sound', note: 'hum, then "click"\nat the cut', author: 'Bo', color: 'cyan' }),
      M({ id: 'a', frame: 36, duration: 12, name: 'Colour', note: 'too warm', author: 'Ana', status: 'resolved', color: 'red' }),
    ]);
    const csv = notesToCsv(t, { thumbnails: new Map([['a', 'cut_thumbs/marker-0001.jpg']]) });
    expect(csv).toBe(
      `\uFEFF${HEADER}\r\n` +
        '00:00:01:12,00:00:00:12,Ana,resolved,red,Colour,too warm,cut_thumbs/marker-0001.jpg\r\n' +
        '00:00:02:02,00:00:00:00,Bo,open,cyan,Sound,"hum, then ""click""\nat the cut",\r\n',
    );
  });

  it('puts an apostrophe before cells a spreadsheet would run as a formula, and reading takes it off', () => {
    const notes = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tx', "'quoted", 'plain'];
    const t = timeline(notes.map((note, i) => M({ id: `m${i}`, frame: i, note, name: note })));
    const rows = parseCsv(notesToCsv(t)).slice(1);
    expect(rows.map((r) => r.cells[6])).toEqual(["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "''quoted", 'plain']);
    expect(notesFromCsv(notesToCsv(t), R24).map((n) => n.note)).toEqual(notes);
  });

  it('writes non-drop timecode at the timeline rate (29.97 counts 30 frames a second)', () => {
    const t = timeline([M({ id: 'a', frame: 30 * 60 + 5, duration: 1 })], NTSC);
    expect(notesToCsv(t).split('\r\n')[1]).toBe('00:01:00:05,00:00:00:01,,open,green,,,');
  });
});

describe('notesFromCsv', () => {
  it('reads what notesToCsv wrote, with the line each row starts on (a quoted line break spans lines)', () => {
    const t = timeline([M({ id: 'a', frame: 10, note: 'one\r\ntwo\nthree', author: 'Ana' }), M({ id: 'b', frame: 20, name: 'x, y', status: 'resolved', color: 'purple' })]);
    const notes = notesFromCsv(notesToCsv(t), R24);
    expect(notes).toEqual([
      { line: 2, frame: 10, duration: 0, author: 'Ana', status: 'open', color: 'green', name: '', note: 'one\r\ntwo\nthree' },
      { line: 5, frame: 20, duration: 0, author: '', status: 'resolved', color: 'purple', name: 'x, y', note: '' },
    ]);
  });

  it('tolerates a missing BOM, LF line ends, columns in any order and case, unknown columns and blank lines', () => {
    const text = 'Note,TIMECODE,Reviewer,Status\nfix it,00:00:02:00,x,RESOLVED\n\n"b",00:00:03:01,,\n';
    expect(notesFromCsv(text, R24)).toEqual([
      { line: 2, frame: 48, status: 'resolved', note: 'fix it' },
      { line: 4, frame: 73, note: 'b' },
    ]);
  });

  it('reads a duration written as plain frames and a drop-frame timecode at 29.97', () => {
    const notes = notesFromCsv('timecode,duration\n00:01:00;02,15\n', NTSC);
    expect(notes).toEqual([{ line: 2, frame: 1800, duration: 15 }]);
  });

  it.each([
    ['no header', '00:00:01:00,x\n', /^line 1: the first row must name the columns/],
    ['a bad timecode', `${HEADER}\n00:00:01:00,,,,,,,\n1:2:3,,,,,,,\n`, /^line 3: "1:2:3" is not a timecode \(HH:MM:SS:FF at 24 fps\)$/],
    ['a frame field too big for the rate', `${HEADER}\n00:00:01:24,,,,,,,\n`, /^line 2: "00:00:01:24" is not a timecode/],
    ['an empty timecode', `${HEADER}\n,,,,,,note,\n`, /^line 2: the timecode is empty/],
    ['an unknown status', `${HEADER}\n00:00:01:00,,,done,,,,\n`, /^line 2: status "done" is not open or resolved$/],
    ['an unknown colour', `${HEADER}\n00:00:01:00,,,,teal,,,\n`, /^line 2: color "teal" is not one of red, /],
    ['a bad duration', `${HEADER}\n00:00:01:00,soon,,,,,,\n`, /^line 2: duration "soon" is not a timecode/],
    ['an unclosed quote (named where it opens)', `${HEADER}\n00:00:01:00,,,,,,"never\nclosed\n`, /^line 2: a quoted cell is never closed/],
    ['text after a closing quote', `${HEADER}\n00:00:01:00,,,,,,"a"b,\n`, /^line 2: a quoted cell must end at a comma/],
    ['too many cells', `${HEADER}\n00:00:01:00,,,,,,a,,extra\n`, /^line 2: 9 cells, but the header names 8 columns/],
    ['an author over 256 characters', `timecode,author\n00:00:01:00,${'a'.repeat(257)}\n`, /^line 2: the author is longer than 256 characters$/],
    ['a column twice', 'timecode,note,Note\n', /^line 1: the column note appears twice$/],
    ['an empty file', '\uFEFF', /^the CSV file is empty/],
  ])('refuses %s with one line that names the line', (_what, text, message) => {
    const m = errorOf(() => notesFromCsv(text, R24));
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });

  it('counts lines after a quoted cell with CRLF breaks when naming a bad row', () => {
    const text = `${HEADER}\r\n00:00:01:00,,,,,,"a\r\nb\r\nc",\r\n00:00:99:00,,,,,,,\r\n`;
    expect(errorOf(() => notesFromCsv(text, R24))).toMatch(/^line 5: /);
  });
});

describe('Markdown', () => {
  const t = timeline([
    M({ id: 'a', frame: 36, duration: 12, name: 'Colour', note: 'too warm | cold\nsee <b>&</b> \\ here', author: 'Ana', status: 'resolved', color: 'red' }),
    M({ id: 'b', frame: 50, name: 'Sound', note: 'hum', author: 'Bo' }),
  ]);

  it('writes a title, a summary and a table with escaped pipes, inert HTML, <br> line breaks and image thumbnails', () => {
    const md = notesToMarkdown(t, { thumbnails: new Map([['a', 'Cut 3_thumbs/marker-0001.jpg']]) });
    expect(md).toBe(
      [
        '# Review notes: Cut 3',
        '',
        '2 notes, 1 open · timecode at 24 fps',
        '',
        '| Timecode | Duration | Author | Status | Color | Name | Note | Thumbnail |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| 00:00:01:12 | 00:00:00:12 | Ana | resolved | red | Colour | too warm \\| cold<br>see &lt;b&gt;&amp;&lt;/b&gt; \\\\ here | ![Colour](Cut%203_thumbs/marker-0001.jpg) |',
        '| 00:00:02:02 | 00:00:00:00 | Bo | open | green | Sound | hum |  |',
        '',
      ].join('\n'),
    );
  });

  it('reads its own table back (line breaks as \\n)', () => {
    const notes = notesFromMarkdown(notesToMarkdown(t), R24);
    expect(notes.map(({ line: _l, ...n }) => n)).toEqual(t.markers.map((m) => ({ ...meaning(m), note: m.note })));
    expect(notes.map((n) => n.line)).toEqual([7, 8]);
    expect(notesFromFile('notes.MD', notesToMarkdown(t), R24)).toEqual(notes);
  });

  it('refuses a Markdown file without a Timecode table, and names the line of a bad row', () => {
    expect(errorOf(() => notesFromMarkdown('# Notes\n\nnothing here\n', R24))).toMatch(/no table with a Timecode column/);
    expect(errorOf(() => notesFromMarkdown('intro\n\n| Timecode | Note |\n|---|---|\n| 00:00:01:00 | a |\n| soon | b |\n', R24))).toBe('line 6: "soon" is not a timecode (HH:MM:SS:FF at 24 fps)');
  });
});

describe('mergeNotes', () => {
  const base = timeline([M({ id: 'a', frame: 10, name: 'Colour', author: 'Ana', note: 'old' }), M({ id: 'b', frame: 20, name: 'Sound', note: 'hum' })]);
  const note = (n: Partial<ReviewNote> & Pick<ReviewNote, 'frame'>): ReviewNote => ({ line: 2, ...n });

  it('updates the marker at the same frame with the same name and author, and adds the others', () => {
    const r = mergeNotes(base, [note({ frame: 10, name: 'Colour', author: 'Ana', note: 'new', status: 'resolved' }), note({ frame: 10, name: 'Colour', author: 'Bo', note: 'another view' }), note({ frame: 5, note: 'early' })]);
    expect(r).toMatchObject({ added: 2, updated: 1 });
    expect(r.timeline.markers.map((m) => [m.frame, m.name, m.author ?? '', m.note, m.status ?? 'open'])).toEqual([
      [5, '', '', 'early', 'open'],
      [10, 'Colour', 'Ana', 'new', 'resolved'],
      [10, 'Colour', 'Bo', 'another view', 'open'],
      [20, 'Sound', '', 'hum', 'open'],
    ]);
    expect(r.timeline.markers.find((m) => m.note === 'new')!.id).toBe('a');
  });

  it('changes nothing when the notes say what the markers say (the same timeline comes back)', () => {
    const r = mergeNotes(base, notesFromCsv(notesToCsv(base), R24));
    expect(r).toEqual({ timeline: base, added: 0, updated: 0 });
  });

  it('leaves fields the file does not have as they were', () => {
    const r = mergeNotes(base, [note({ frame: 20, name: 'Sound', status: 'resolved' })]);
    expect(r.timeline.markers[1]).toMatchObject({ note: 'hum', status: 'resolved', color: 'green' });
  });

  it('matches each marker once: two identical rows make one update and one new marker', () => {
    const r = mergeNotes(base, [note({ frame: 20, name: 'Sound', note: 'x' }), note({ frame: 20, name: 'Sound', note: 'y' })]);
    expect(r).toMatchObject({ added: 1, updated: 1 });
    expect(r.timeline.markers.filter((m) => m.frame === 20).map((m) => m.note)).toEqual(['x', 'y']);
  });
});

describe('timecodes', () => {
  it('reads hours past 99 and refuses impossible fields', () => {
    expect(parseNoteTimecode('100:00:00:00', R24)).toBe(100 * 3600 * 24);
    expect(parseNoteTimecode('00:60:00:00', R24)).toBeNull();
    expect(parseNoteTimecode('00:00:00;00', R24)).toBeNull(); // drop-frame does not exist at 24
  });
});

// Any characters at all, weighted towards what CSV and spreadsheets treat specially.
const char = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(',', '"', '\n', '\r', '\r\n', "'", '=', '+', '-', '@', '\t', ' ', '\uFEFF', '|', '\\', '<br>') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = (max: number) => fc.array(char, { maxLength: 24 }).map((a) => a.join('').slice(0, max));

const markerArb = fc.record({
  frame: fc.integer({ min: 0, max: 24 * 3600 * 200 }),
  duration: fc.integer({ min: 0, max: 24 * 3600 }),
  author: fc.option(text(256), { nil: undefined }),
  status: fc.constantFrom(undefined, 'open' as const, 'resolved' as const),
  color: fc.constantFrom(...MarkerColorSchema.options),
  name: text(1024),
  note: text(100_000),
});

describe('CSV round trip (property)', () => {
  it('any markers come back from CSV with the same frame, duration, author, status, colour, name and note', () => {
    fc.assert(
      fc.property(fc.array(markerArb, { maxLength: 12 }), fc.constantFrom(R24, NTSC, makeRate(25), makeRate(60)), (specs, rate) => {
        const markers = specs.map((s, i) => M({ id: `m${i}`, ...s }));
        const t = timeline(markers, rate);
        const back = notesFromCsv(notesToCsv(t), rate);
        const expected = [...markers].sort((a, b) => a.frame - b.frame).map(meaning);
        expect(back.map((n) => meaning({ frame: n.frame, duration: n.duration ?? -1, author: n.author, status: n.status, color: n.color ?? 'white', name: n.name ?? '?', note: n.note ?? '?' }))).toEqual(expected);
        // and merging them into an empty timeline makes those markers
        const merged = mergeNotes(timeline([], rate), back).timeline.markers;
        expect(merged.map(meaning)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
