// Shot lists as CSV, clipboard TSV and Markdown: columns and aliases, durations, errors
// naming the line, and the exact round trip from a project through either format.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/ipc/result';
import { cleanText, formatDuration, joinReferences, parseDuration, parseReferenceList, parseShotList, projectShotRows, shotListFormat, shotListToCsv, shotListToMarkdown, splitReferences, type ParsedShot } from '../../../../shared/previz/shotlist';
import { addReference, addShots } from '../../../../shared/previz/edit';
import { makeRate } from '../../../../shared/timeline/time';
import type { Project } from '../../../../shared/timeline/model';
import { project, R24, resolverFor, still } from './fixtures';

const NTSC = makeRate(24000, 1001);

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).message;
  }
  throw new Error('did not throw');
}

describe('parseShotList', () => {
  it('reads CSV with columns in any order and case, aliases, quoted commas, quotes and line breaks', () => {
    const csv = [
      '\uFEFFLength,Camera Note,NAME,Action,Reference_Image,Characters,Continue from previous',
      '4,slow dolly in,Diner,"Anna enters, shaking off the rain",,Anna,',
      '4.5s,"close-up, ""tight""",Booth,"She sits.\r\nShe waits.",refs/booth.png,"Anna; Diner",yes',
      '00:00:02:12,,Street,Night,,,no',
      '',
    ].join('\r\n');
    expect(parseShotList('shots.csv', csv, R24)).toEqual<ParsedShot[]>([
      { name: 'Diner', frames: 96, prompt: 'Anna enters, shaking off the rain', camera: 'slow dolly in', references: ['Anna'], continueFromPrevious: false },
      { name: 'Booth', frames: 108, prompt: 'She sits.\nShe waits.', camera: 'close-up, "tight"', image: 'refs/booth.png', references: ['Anna', 'Diner'], continueFromPrevious: true },
      { name: 'Street', frames: 60, prompt: 'Night', camera: '', references: [], continueFromPrevious: false },
    ]);
  });

  it('reads what a spreadsheet puts on the clipboard (tabs, quoted cells with line breaks), found from the content', () => {
    const tsv = 'Shot\tDuration\tPrompt\tRefs\nA\t2\t"two\nlines"\tAnna, Bob\nB\t1\tcomma, here\t\n';
    expect(shotListFormat('', tsv)).toBe('tsv');
    expect(parseShotList('', tsv, R24)).toEqual([
      { name: 'A', frames: 48, prompt: 'two\nlines', camera: '', references: ['Anna', 'Bob'], continueFromPrevious: false },
      { name: 'B', frames: 24, prompt: 'comma, here', camera: '', references: [], continueFromPrevious: false },
    ]);
  });

  it('reads the first Markdown table with a duration column, with or without outer pipes', () => {
    const md = ['# Scene 3', '', '| a | b |', '|---|---|', '| 1 | 2 |', '', '| Shot | Seconds | Prompt | Continue |', '| :--- | ---: | --- | --- |', '| Open | 3 | Rain \\| wind<br>and thunder | |', '| Close | 1.5 | Her face &lt;3 | ✓ |', '', 'Notes after the table.'].join('\n');
    expect(shotListFormat('scene.md', md)).toBe('markdown');
    expect(parseShotList('scene.md', md, R24)).toEqual([
      { name: 'Open', frames: 72, prompt: 'Rain | wind\nand thunder', camera: '', references: [], continueFromPrevious: false },
      { name: 'Close', frames: 36, prompt: 'Her face <3', camera: '', references: [], continueFromPrevious: true },
    ]);
    const bare = 'shot | duration\n--- | ---\nA | 2\nB | 1\n';
    expect(shotListFormat('pasted.txt', bare)).toBe('markdown');
    expect(parseShotList('pasted.txt', bare, R24).map((s) => [s.name, s.frames])).toEqual([
      ['A', 48],
      ['B', 24],
    ]);
  });

  it('picks the format from the extension first, then the content', () => {
    expect(shotListFormat('a.CSV', 'x\ty')).toBe('csv');
    expect(shotListFormat('a.tsv', 'x,y')).toBe('tsv');
    expect(shotListFormat('a.markdown', 'x,y')).toBe('markdown');
    expect(shotListFormat('notes.txt', 'shot,duration\nA,1')).toBe('csv');
    expect(shotListFormat('', '\n\nshot\tduration\nA\t1')).toBe('tsv');
  });

  it('reads seconds and timecodes at the rate, rounded to whole frames', () => {
    expect(parseDuration('4', R24)).toBe(96);
    expect(parseDuration('4.5', R24)).toBe(108);
    expect(parseDuration(' 4s ', R24)).toBe(96);
    expect(parseDuration('2 seconds', R24)).toBe(48);
    expect(parseDuration('.5', R24)).toBe(12);
    expect(parseDuration('0.03', R24)).toBe(1);
    expect(parseDuration('00:00:01:12', R24)).toBe(36);
    expect(parseDuration('4', NTSC)).toBe(96);
    expect(parseDuration('00:01:00:00', NTSC)).toBe(1440);
    expect(parseDuration('soon', R24)).toBeNull();
    expect(parseDuration('00:00:01:24', R24)).toBeNull();
    expect(parseDuration('-1', R24)).toBeNull();
  });

  it('writes a duration as the shortest seconds that read back as the same frames', () => {
    expect(formatDuration(96, R24)).toBe('4');
    expect(formatDuration(108, R24)).toBe('4.5');
    expect(formatDuration(37, R24)).toBe('1.54');
    expect(formatDuration(96, NTSC)).toBe('4');
    for (const rate of [R24, NTSC, makeRate(25), makeRate(30000, 1001), makeRate(60), makeRate(120)]) {
      for (let f = 1; f <= 3000; f += 7) expect(parseDuration(formatDuration(f, rate), rate)).toBe(f);
    }
  });

  it('names the line of a bad row, counting line breaks inside quoted cells', () => {
    const csv = 'shot,duration,prompt\nA,2,"one\ntwo"\nB,soon,x\n';
    expect(message(() => parseShotList('s.csv', csv, R24))).toBe('line 4: duration "soon" is not seconds or a timecode (seconds such as 4 or 4.5, or a timecode HH:MM:SS:FF at 24 fps)');
    expect(message(() => parseShotList('s.csv', 'shot,duration\nA,\n', R24))).toMatch(/^line 2: the duration is empty/);
    expect(message(() => parseShotList('s.csv', 'shot,duration\nA,0\n', R24))).toMatch(/^line 2: duration "0" is shorter than one frame/);
    expect(message(() => parseShotList('s.csv', 'shot,duration,continue\nA,1,maybe\n', R24))).toBe('line 2: continue "maybe" is not yes or no');
    expect(message(() => parseShotList('s.csv', 'shot,duration\nA,1,extra\n', R24))).toMatch(/^line 2: 3 cells, but the header names 2 columns/);
    expect(message(() => parseShotList('s.csv', 'shot,duration\nA,"1\n', R24))).toMatch(/^line 2: a quoted cell is never closed/);
    expect(message(() => parseShotList('s.csv', 'shot,prompt\nA,x\n', R24))).toMatch(/^line 1: the first row must name the columns/);
    expect(message(() => parseShotList('s.csv', 'A,4,x\n', R24))).toMatch(/^line 1: the first row must name the columns/);
    expect(message(() => parseShotList('s.csv', 'name,shot,duration\n', R24))).toBe('line 1: two columns mean shot ("name" and "shot")');
    expect(message(() => parseShotList('s.csv', '', R24))).toMatch(/^the CSV file is empty/);
    expect(message(() => parseShotList('s.md', '# nothing\n', R24))).toMatch(/no table with a Duration column/);
    expect(message(() => parseShotList('s.md', '| shot | duration |\n|--|--|\n| A | 1 |\n| B | x |\n', R24))).toMatch(/^line 4: duration "x"/);
    expect(message(() => parseShotList('s.csv', `shot,duration,prompt\nA,1,${'p'.repeat(4001)}\n`, R24))).toBe('line 2: the prompt is longer than 4000 characters');
  });

  it('splits reference names at commas and semicolons, a backslash escaping either', () => {
    expect(splitReferences(' Anna ;Bob,, ')).toEqual(['Anna', 'Bob']);
    expect(splitReferences('Smith\\, John; A\\\\B')).toEqual(['Smith, John', 'A\\B']);
    expect(splitReferences(joinReferences(['a,b', 'c;d', 'e\\', '\\,']))).toEqual(['a,b', 'c;d', 'e\\', '\\,']);
  });
});

// ---- round trips --------------------------------------------------------------------------

const char = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(',', ';', '"', '\n', '\r', '\r\n', "'", '=', '+', '-', '@', '\t', ' ', '\uFEFF', '|', '\\', '\\|', '<br>', '&lt;', '---', '| --- |', 'é', '🎬', '\u200b') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = (max: number) => fc.array(char, { maxLength: 20 }).map((a) => a.join('').slice(0, max));

interface Spec {
  rate: ReturnType<typeof makeRate>;
  refs: string[];
  images: string[];
  shots: { name: string; frames: number; prompt: string; camera: string; image: number | null; refs: number[]; cont: boolean }[];
}

const specArb: fc.Arbitrary<Spec> = fc
  .record({
    rate: fc.constantFrom(R24, NTSC, makeRate(25), makeRate(30000, 1001), makeRate(60)),
    refs: fc.array(text(40), { maxLength: 5 }),
    images: fc.array(text(30), { maxLength: 3 }),
    shots: fc.array(
      fc.record({
        name: text(60),
        frames: fc.integer({ min: 1, max: 200_000 }),
        prompt: text(400),
        camera: text(100),
        image: fc.option(fc.nat({ max: 2 }), { nil: null }),
        refs: fc.array(fc.nat({ max: 4 }), { maxLength: 4 }),
        cont: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
  })
  .map((s) => {
    // Library names are unique (ignoring case), not empty and without spaces at the ends.
    const seen = new Set<string>();
    const refs = s.refs.map(cleanText).filter((n) => n && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
    return { ...s, refs };
  });

function build(spec: Spec): Project {
  const images = spec.images.map((t, i) => still(`img${i}`, `/shots/${t}/${i}.png`));
  const refMedia = spec.refs.map((_, i) => still(`ref${i}`));
  let p = project(spec.rate, [...images, ...refMedia]);
  spec.refs.forEach((name, i) => {
    p = addReference(p, { name, kind: 'character', mediaId: `ref${i}`, description: '' }).project;
  });
  const parsed: ParsedShot[] = spec.shots.map((s) => ({
    name: s.name,
    frames: s.frames,
    prompt: s.prompt,
    camera: s.camera,
    ...(s.image !== null && images[s.image] ? { image: images[s.image]!.path } : {}),
    references: spec.refs.length ? s.refs.map((k) => spec.refs[k % spec.refs.length]!) : [],
    continueFromPrevious: s.cont,
  }));
  return addShots(p, parsed, resolverFor(() => p));
}

/** What a read gives back for a project's shots: text (and paths) trimmed at the ends with \n line breaks. */
const expected = (p: Project): ParsedShot[] => projectShotRows(p).map((s) => ({ ...s, name: cleanText(s.name), prompt: cleanText(s.prompt), camera: cleanText(s.camera), ...(s.image ? { image: cleanText(s.image) } : {}) }));

describe('shot list round trips', () => {
  it('CSV and Markdown read back as the same shots, whatever the text holds', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const p = build(spec);
        const rate = p.timeline.rate;
        expect(parseShotList('out.csv', shotListToCsv(p), rate)).toEqual(expected(p));
        expect(parseShotList('out.md', shotListToMarkdown(p), rate)).toEqual(expected(p));
        // found from the content alone, too
        expect(parseShotList('', shotListToMarkdown(p), rate)).toEqual(expected(p));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the library names and the image files, and reads back into the same shots', () => {
    let p = project(R24, [still('anna'), still('img', '/shots/a, "b" | c.png')]);
    p = addReference(p, { name: 'Anna, the lead', kind: 'character', mediaId: 'anna', description: 'red coat' }).project;
    p = addShots(p, [{ name: 'Open', frames: 36, prompt: '=1+1, "quoted"', camera: 'pan | tilt', image: '/shots/a, "b" | c.png', references: ['Anna, the lead'], continueFromPrevious: true }], resolverFor(() => p));
    const csv = shotListToCsv(p);
    expect(csv).toBe('\uFEFFshot,duration,prompt,camera,image,references,continue\r\nOpen,1.5,"\'=1+1, ""quoted""",pan | tilt,"/shots/a, ""b"" | c.png","Anna\\, the lead",yes\r\n');
    const md = shotListToMarkdown(p);
    expect(md).toContain('| Open | 1.5 | =1+1, "quoted" | pan \\| tilt | /shots/a, "b" \\| c.png | Anna\\\\, the lead | yes |');
    const fresh: Project = { ...project(R24, p.media), previz: { shots: [], references: p.previz!.references } };
    const again = addShots(fresh, parseShotList('x.md', md, R24), resolverFor(() => fresh));
    expect(projectShotRows(again)).toEqual(projectShotRows(p));
  });
});

describe('parseReferenceList', () => {
  it('reads name, kind, image and description in any order; kind defaults to character', () => {
    const csv = 'Image,Name,Description,Kind\nrefs/anna.png,Anna,"a woman in a red coat, 30s",\ndiner.jpg, Diner ,chrome diner,PLACE\n';
    expect(parseReferenceList('refs.csv', csv)).toEqual([
      { name: 'Anna', kind: 'character', image: 'refs/anna.png', description: 'a woman in a red coat, 30s' },
      { name: 'Diner', kind: 'place', image: 'diner.jpg', description: 'chrome diner' },
    ]);
    expect(parseReferenceList('refs.md', '| name | image |\n|---|---|\n| Cup | cup.png |\n')).toEqual([{ name: 'Cup', kind: 'character', image: 'cup.png', description: '' }]);
  });

  it('names the line of a bad row', () => {
    expect(message(() => parseReferenceList('r.csv', 'name,image,kind\nA,a.png,villain\n'))).toBe('line 2: kind "villain" is not one of character, place, prop, style');
    expect(message(() => parseReferenceList('r.csv', 'name,image\nA,a.png\na,b.png\n'))).toBe('line 3: the reference "a" is already named on line 2');
    expect(message(() => parseReferenceList('r.csv', 'name,image\nA,\n'))).toBe('line 2: the reference "A" names no image');
    expect(message(() => parseReferenceList('r.csv', 'name,image\n,a.png\n'))).toBe('line 2: the reference has no name');
    expect(message(() => parseReferenceList('r.csv', 'name,kind\nA,place\n'))).toMatch(/^line 1: the first row must name the columns, among them name and image/);
  });
});
