// A reviewer's session in the real renderer through the web host: add two markers with M
// (the Author asked once, then remembered), type notes, step between them with Shift+M
// and Ctrl+Shift+M, resolve one in the markers panel (undoable), filter to Open, export
// the notes as CSV with thumbnails, delete the markers, import the CSV and get them back
// (one undo step); a broken CSV is refused with its line and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openEditor, screenshotsDir, tearDown, tempDir, type Editor } from '../helpers/host';
import { makeTestClip } from '../helpers/media';
import { createServices } from '../../electron/services';
import { writeProjectFile } from '../../electron/services/project/projectFile';
import { clipsForMedia, createProject } from '../../shared/timeline/factory';
import { notesFromCsv } from '../../shared/review/notes';
import { makeRate } from '../../shared/timeline/time';

const RATE = makeRate(24);
let dir: string;
let ed: Editor;

const page = () => ed.page;
const playhead = () => page().locator('[data-testid="playhead"]').getAttribute('data-frame');
const rows = () => page().locator('[data-testid="marker-row"]');
const rowTexts = () => rows().evaluateAll((els) => els.map((e) => `${e.getAttribute('data-frame')} ${e.getAttribute('data-status')} ${e.querySelector('.mk-name')?.textContent} ${e.querySelector('[data-testid="marker-row-author"]')?.textContent}`));
const menu = async (id: string) => {
  await page().locator('.menu > button', { hasText: id.split('.')[0] === 'file' ? 'File' : 'Timeline' }).click();
  await page().locator(`[data-testid="menu-${id}"]`).click();
};

async function addMarker(name: string, note: string, author?: string) {
  await page().keyboard.press('m');
  await page().locator('[data-testid="overlay-marker"]').waitFor();
  await page().locator('[data-testid="marker-name"]').fill(name);
  if (author !== undefined) await page().locator('[data-testid="marker-author"]').fill(author);
  await page().locator('[data-testid="marker-note"]').fill(note);
  await page().locator('[data-testid="marker-save"]').click();
  await page().locator('[data-testid="overlay-marker"]').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  dir = tempDir('review-notes-');
  const footage = path.join(dir, 'footage');
  fs.mkdirSync(footage);
  const file = await makeTestClip(footage, 'shot.mp4', { seconds: 4, width: 160, height: 90, fps: 24 });
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'probe') });
  const media = await s.media.createMedia(file);
  s.generation.dispose();
  const p = createProject('Review cut', { width: 160, height: 90, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  const { video, audio } = clipsForMedia(media, RATE);
  p.media = [media];
  p.timeline.tracks[0]!.items = [video!];
  p.timeline.tracks[2]!.items = [audio!];
  const project = path.join(dir, 'cut.segue');
  await writeProjectFile(project, p);
  ed = await openEditor(project, path.join(dir, 'user'));
});

afterAll(async () => {
  await tearDown(ed?.browser, ed?.host, dir);
});

describe('review notes', () => {
  it('M adds two markers with notes; the Author typed once is offered for the next', async () => {
    await page().keyboard.press('Home');
    await page().keyboard.press('Shift+ArrowRight'); // 1 s
    await expect.poll(playhead).toBe('24');
    await addMarker('Opening', 'Logo too early, hold "two" beats,\nthen cut', 'Ana');
    await page().keyboard.press('Shift+ArrowRight');
    await page().keyboard.press('Shift+ArrowRight');
    await expect.poll(playhead).toBe('72');
    await page().keyboard.press('m');
    await expect.poll(() => page().locator('[data-testid="marker-author"]').inputValue()).toBe('Ana');
    await page().locator('[data-testid="marker-name"]').fill('Colour');
    await page().locator('[data-testid="marker-note"]').fill('=too warm');
    await page().locator('[data-testid="marker-save"]').click();
    await expect.poll(() => page().locator('[data-testid="marker"]').count()).toBe(2);
  });

  it('Shift+M goes to the next marker after the playhead and Ctrl+Shift+M to the previous', async () => {
    await page().keyboard.press('Home');
    await expect.poll(playhead).toBe('0');
    await page().keyboard.press('Shift+M');
    await expect.poll(playhead).toBe('24');
    await page().keyboard.press('Shift+M');
    await expect.poll(playhead).toBe('72');
    await page().keyboard.press('Shift+M'); // none after: stays
    await expect.poll(playhead).toBe('72');
    await page().keyboard.press('Control+Shift+M');
    await expect.poll(playhead).toBe('24');
  });

  it('lists the markers in the panel; clicking one jumps to it; resolving is one undo step', async () => {
    await page().locator('[data-testid="side-tab-markers"]').click();
    await expect.poll(rowTexts).toEqual(['24 open Opening Ana', '72 open Colour Ana']);
    await rows().nth(1).click();
    await expect.poll(playhead).toBe('72');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await rows().nth(1).locator('[data-testid="marker-resolve"]').click();
    await expect.poll(rowTexts).toEqual(['24 open Opening Ana', '72 resolved Colour Ana']);
    await page().keyboard.press('Control+z');
    await expect.poll(() => rows().nth(1).getAttribute('data-status')).toBe('open');
    await page().keyboard.press('Control+Shift+z');
    await expect.poll(() => rows().nth(1).getAttribute('data-status')).toBe('resolved');
    await expect.poll(() => page().locator('[data-testid="marker"][data-frame="72"]').getAttribute('data-status')).toBe('resolved');
  });

  it('filters by status and text, with the count', async () => {
    await page().locator('[data-testid="markers-filter-open"]').click();
    await expect.poll(rowTexts).toEqual(['24 open Opening Ana']);
    await expect.poll(() => page().locator('[data-testid="markers-count"]').textContent()).toBe('1 of 2');
    await page().locator('[data-testid="markers-filter-all"]').click();
    await page().locator('[data-testid="markers-search"]').fill('warm');
    await expect.poll(rowTexts).toEqual(['72 resolved Colour Ana']);
    await page().locator('[data-testid="markers-search"]').fill('');
    await expect.poll(() => page().locator('[data-testid="markers-count"]').textContent()).toBe('2 markers');
    await page().locator('[data-testid="markers-panel"]').screenshot({ path: path.join(screenshotsDir(), 'markers-panel.png') });
  });

  it('exports the notes as CSV with a thumbnail per marker', async () => {
    await menu('file.exportNotes');
    const out = path.join(dir, 'notes.csv');
    await page().locator('[data-testid="notes-export-path"]').fill(out);
    await page().locator('[data-testid="notes-export-start"]').click();
    await page().locator('[data-testid="overlay-exportNotes"]').waitFor({ state: 'detached' });
    expect(fs.existsSync(out)).toBe(true);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain(`00:00:03:00,00:00:00:00,Ana,resolved,green,Colour,'=too warm,notes_thumbs/marker-0002.jpg`);
    expect(notesFromCsv(text, RATE).map((n) => [n.frame, n.name, n.note, n.status])).toEqual([
      [24, 'Opening', 'Logo too early, hold "two" beats,\nthen cut', 'open'],
      [72, 'Colour', '=too warm', 'resolved'],
    ]);
    expect(fs.readdirSync(path.join(dir, 'notes_thumbs')).sort()).toEqual(['marker-0001.jpg', 'marker-0002.jpg']);
  });

  it('after the markers are deleted, importing the CSV brings them back as one undo step', async () => {
    for (let i = 0; i < 2; i++) {
      await rows().first().dblclick();
      await page().locator('[data-testid="marker-delete"]').click();
    }
    await expect.poll(() => rows().count()).toBe(0);
    await expect.poll(() => page().locator('[data-testid="marker"]').count()).toBe(0);

    // A broken file first: refused with its line, nothing changes.
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'timecode,note\n00:00:01:00,fine\nlater,broken\n');
    await page().locator('[data-testid="markers-import"]').click();
    await page().locator('[data-testid="notes-import-path"]').fill(bad);
    await page().locator('[data-testid="notes-import-start"]').click();
    await expect.poll(() => page().locator('[data-testid="notes-import-error"]').textContent()).toBe('bad.csv line 3: "later" is not a timecode (HH:MM:SS:FF at 24 fps)');
    expect(await rows().count()).toBe(0);

    await page().locator('[data-testid="notes-import-path"]').fill(path.join(dir, 'notes.csv'));
    await page().locator('[data-testid="notes-import-start"]').click();
    await page().locator('[data-testid="overlay-importNotes"]').waitFor({ state: 'detached' });
    await expect.poll(rowTexts).toEqual(['24 open Opening Ana', '72 resolved Colour Ana']);
    await expect.poll(() => page().locator('[data-testid="marker-row-note"]').allTextContents()).toEqual(['Logo too early, hold "two" beats, then cut', '=too warm']);
    await expect.poll(() => page().locator('[data-testid="marker"]').count()).toBe(2);
    await page().keyboard.press('Control+z');
    await expect.poll(() => rows().count()).toBe(0);
    await page().keyboard.press('Control+Shift+z');
    await expect.poll(() => rows().count()).toBe(2);
    expect(ed.errors).toEqual([]);
  });
});
