// Review mode in the real renderer: File › Open for Review… on a saved project, the
// badge, proxies built and the preview played from them, editing keys refused with a
// toast, M adding a note, Save offering a copy, and the .segue file byte-identical after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openEditor, screenshotsDir, tempDir, tearDown, type Editor } from '../helpers/host';
import { makeTestClip } from '../helpers/media';
import { sha1 } from '../helpers/files';
import { createServices } from '../../electron/services';
import { createProject } from '../../shared/timeline/factory';
import { appendMedia } from '../../shared/timeline/edit/append';
import { readProjectFile, writeProjectFile } from '../../electron/services/project/projectFile';

let dir: string;
let projectDir: string;
let ed: Editor | undefined;
let file: string;
let bytes: string;
let listing: string[];

const list = (d: string) => fs.readdirSync(d, { recursive: true }).map(String).sort();

beforeAll(async () => {
  dir = tempDir('review-');
  projectDir = path.join(dir, 'shoot');
  fs.mkdirSync(projectDir);
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'setup') });
  const a = await s.media.createMedia(await makeTestClip(projectDir, 'alpha.mp4', { seconds: 2, width: 1280, height: 720, fps: 30, video: 'color=c=red' }));
  const b = await s.media.createMedia(await makeTestClip(projectDir, 'beta.mp4', { seconds: 2, width: 1280, height: 720, fps: 30, video: 'color=c=blue' }));
  const p = createProject('Review Cut', { width: 1280, height: 720, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  file = path.join(projectDir, 'cut.segue');
  await writeProjectFile(file, { ...p, media: [a, b], timeline: appendMedia(appendMedia(p.timeline, a), b) });
  bytes = sha1(file);
  listing = list(projectDir);
}, 60_000);

afterAll(() => tearDown(ed?.browser, ed?.host, dir));

const clipCount = () => ed!.page.locator('[data-testid="timeline-clip"]').count();
const lastToast = () => ed!.page.locator('[data-testid="toast"]').last().textContent();

describe('review mode', () => {
  it('File › Open for Review… opens a saved project read-only, with the badge, and plays a preview rendered from proxies', async () => {
    ed = await openEditor(file, path.join(dir, 'user'));
    const { page } = ed;
    await expect.poll(() => page.locator('[data-testid="review-badge"]').count()).toBe(0);
    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('[data-testid="menu-file.openReview"]').click();
    await page.locator('[data-testid="file-picker"]').waitFor();
    await page.locator('[data-testid="file-picker-path"]').fill(projectDir);
    await page.locator('[data-testid="file-picker-path"]').press('Enter');
    await page.locator('[data-testid="file-picker-entry"][data-name="cut.segue"]').dblclick();

    const badge = page.locator('[data-testid="review-badge"]');
    await badge.waitFor();
    expect(await badge.textContent()).toMatch(/^REVIEW · read-only · proxies/);
    await expect.poll(() => page.title()).toMatch(/^REVIEW · read-only · Review Cut/);
    // Proxies are made into the cache, then the preview is rendered from them.
    await expect.poll(() => badge.getAttribute('data-proxies'), { timeout: 60_000 }).toBe('ready');
    const proxies = path.join(dir, 'user', 'cache', 'proxies');
    expect(fs.readdirSync(proxies).filter((n) => n.endsWith('.mp4'))).toHaveLength(2);
    await expect.poll(() => page.locator('[data-testid="status"]').textContent(), { timeout: 60_000 }).toMatch(/Preview ready \(.*from 2 review proxies\)/);
    expect(await clipCount()).toBe(4);

    // Keyboard playback: Space plays (the playhead runs on the preview), K stops.
    const tc = page.locator('[data-testid="monitor-timecode"]');
    const start = await tc.textContent();
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.keyboard.press(' ');
    await expect.poll(() => tc.textContent(), { timeout: 5000 }).not.toBe(start);
    await page.keyboard.press('k');
    expect(await page.locator('[data-testid="monitor"] video').count()).toBe(1);
  });

  it('Delete, S and a drag change nothing but say why; the editing menus and Extend are greyed', async () => {
    const { page } = ed!;
    await page.keyboard.press('Home');
    const first = page.locator('[data-testid="timeline-clip"]').first();
    await first.click();
    await page.keyboard.press('Delete');
    await expect.poll(lastToast).toMatch(/^Read-only review: “Delete” would change the cut/);
    await page.keyboard.press('s');
    await expect.poll(lastToast).toMatch(/^Read-only review: “Split at Playhead”/);
    await page.keyboard.press('Alt+ArrowRight');
    const box = (await first.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(lastToast).toMatch(/^Read-only review: “Move clip”/);
    expect(await clipCount()).toBe(4);
    expect(await first.getAttribute('data-start')).toBe('0');
    await page.keyboard.press('e');
    await expect.poll(lastToast).toMatch(/^Read-only review: Extend Clip is off \(no generation, no network\)/);
    expect(await page.locator('[data-testid="action-generate.extend"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="action-timeline.split"]').isDisabled()).toBe(true);
    await page.locator('.menu > button', { hasText: 'Edit' }).click();
    expect(await page.locator('[data-testid="menu-edit.delete"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="menu-edit.undo"]').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('M adds a marker with a note; the notes are autosaved away from the project', async () => {
    const { page } = ed!;
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('m');
    await page.locator('[data-testid="overlay-marker"]').waitFor();
    await page.locator('[data-testid="marker-note"]').fill('Hold the red a beat longer');
    await page.locator('[data-testid="marker-save"]').click();
    await expect.poll(() => page.locator('[data-testid="marker"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="project-name"]').getAttribute('data-modified')).toBe('true');
    // The autosave lands a few seconds later, in the user data folder.
    const autosaves = path.join(dir, 'user', 'review-autosave');
    await expect.poll(() => (fs.existsSync(autosaves) ? fs.readdirSync(autosaves).length : 0), { timeout: 10_000 }).toBe(1);
    expect(list(projectDir)).toEqual(listing);
    expect(sha1(file)).toBe(bytes);
    // The preview still matches: a marker is not in the picture.
    expect(await page.locator('[data-testid="monitor"] video').count()).toBe(1);
    await page.screenshot({ path: path.join(screenshotsDir(), 'review-mode.png') });
  });

  it('a reload stays in review and offers the autosaved notes back', async () => {
    const { page } = ed!;
    page.once('dialog', (d) => void d.accept()); // "leave with unsaved changes?"
    await page.reload();
    await page.locator('[data-testid="overlay-recover"]').waitFor();
    await page.locator('[data-testid="recover-take"]').click();
    await expect.poll(() => page.locator('[data-testid="marker"]').count()).toBe(1);
    await page.locator('[data-testid="review-badge"]').waitFor();
    await page.keyboard.press('Home');
    await page.locator('[data-testid="timeline-clip"]').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(lastToast).toMatch(/^Read-only review: “Delete”/);
    expect(await clipCount()).toBe(4);
    expect(sha1(file)).toBe(bytes);
  });

  it('Save offers a copy; the copy keeps the notes and is editable; the reviewed file is byte-identical', async () => {
    const { page } = ed!;
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="overlay-saveAs"]').waitFor();
    expect(await page.locator('[data-testid="overlay-saveAs"] .modal-head').textContent()).toBe('Save a Copy with Your Notes');
    const suggested = await page.locator('[data-testid="save-path"]').inputValue();
    expect(suggested).toBe(path.join(projectDir, 'cut (review notes).segue'));
    const copy = path.join(dir, 'notes.segue');
    await page.locator('[data-testid="save-path"]').fill(copy);
    await page.locator('[data-testid="save-start"]').click();
    await expect.poll(() => fs.existsSync(copy)).toBe(true);
    await expect.poll(() => page.locator('[data-testid="review-badge"]').count()).toBe(0);
    expect((await readProjectFile(copy)).timeline.markers.map((m) => m.note)).toEqual(['Hold the red a beat longer']);
    // The copy is a normal project: Delete works again.
    await page.locator('[data-testid="timeline-clip"]').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(clipCount).toBe(2);

    expect(sha1(file)).toBe(bytes);
    expect(list(projectDir)).toEqual(listing);
    expect(ed!.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('segue web PROJECT --review opens it for review from the start', async () => {
    const other = await openEditor(file, path.join(dir, 'user2'), undefined, ['--review']);
    try {
      const { page } = other;
      await page.locator('[data-testid="review-badge"]').waitFor();
      await page.locator('[data-testid="timeline-clip"]').first().click();
      await page.keyboard.press('Delete');
      await expect.poll(() => page.locator('[data-testid="toast"]').last().textContent()).toMatch(/^Read-only review/);
      expect(await page.locator('[data-testid="timeline-clip"]').count()).toBe(4);
      expect(sha1(file)).toBe(bytes);
    } finally {
      await tearDown(other.browser, other.host, undefined);
    }
  });
});
