// Saving in browser mode: Save As to a path, the modified mark, Save, and recovering the
// autosave after the host is killed mid-edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openEditor, screenshotsDir, tempDir, tearDown, type Editor } from '../helpers/host';
import { makeTestClip } from '../helpers/media';
import { createServices } from '../../electron/services';
import { createProject } from '../../shared/timeline/factory';
import { appendMedia } from '../../shared/timeline/edit/append';
import { readProjectFile } from '../../electron/services/project/projectFile';

let dir: string;
let ed: Editor | undefined;
let file: string;

beforeAll(async () => {
  dir = tempDir('saving-');
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const a = await s.media.createMedia(await makeTestClip(dir, 'alpha.mp4', { seconds: 2, width: 160, height: 90, fps: 30, video: 'color=c=red' }));
  const p = createProject('Saving Test', { width: 160, height: 90, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  file = path.join(dir, 'saving.segue');
  fs.writeFileSync(file, JSON.stringify({ ...p, media: [a], timeline: appendMedia(p.timeline, a) }));
}, 60_000);

afterAll(() => tearDown(ed?.browser, ed?.host, dir));

const clipCount = async (page: Editor['page']) => page.locator('[data-testid="timeline-clip"]').count();

describe('saving and recovery', () => {
  it('marks the project modified after an edit, saves it with Ctrl+S and clears the mark', async () => {
    ed = await openEditor(file, path.join(dir, 'user'));
    const { page } = ed;
    const name = page.locator('[data-testid="project-name"]');
    expect(await name.getAttribute('data-modified')).toBe('false');
    await page.locator('[data-testid="timeline-clip"]').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(() => name.getAttribute('data-modified')).toBe('true');
    expect(await page.title()).toMatch(/^● Saving Test/);
    await page.keyboard.press('Control+s');
    await expect.poll(() => name.getAttribute('data-modified')).toBe('false');
    const saved = await readProjectFile(file);
    expect(saved.timeline.tracks.flatMap((t) => t.items.filter((i) => i.kind === 'clip'))).toHaveLength(0);
    // undo makes it differ from the file again
    await page.keyboard.press('Control+z');
    await expect.poll(() => name.getAttribute('data-modified')).toBe('true');
  });

  it('Save As writes a new file, asking before replacing one', async () => {
    const { page } = ed!;
    const other = path.join(dir, 'copy.segue');
    await page.keyboard.press('Control+Shift+S');
    await page.locator('[data-testid="overlay-saveAs"]').waitFor();
    await page.locator('[data-testid="save-path"]').fill(other);
    await page.locator('[data-testid="save-start"]').click();
    await expect.poll(() => fs.existsSync(other)).toBe(true);
    expect((await readProjectFile(other)).timeline.tracks.flatMap((t) => t.items.filter((i) => i.kind === 'clip'))).toHaveLength(2);
    await page.keyboard.press('Control+Shift+S');
    await page.locator('[data-testid="save-path"]').fill(file);
    await page.locator('[data-testid="save-start"]').click();
    await page.locator('[data-testid="save-exists"]').waitFor();
    await page.keyboard.press('Escape');
  });

  it('after a kill mid-edit, reopening offers the autosave, and recovering restores the last edits', async () => {
    const { page, host } = ed!;
    const current = path.join(dir, 'copy.segue');
    await page.locator('[data-testid="timeline-clip"]').first().click();
    await page.keyboard.press('s'); // split at the playhead: 4 clips
    await page.keyboard.press('End');
    await page.locator('[data-testid="timeline-clip"]').first().click();
    await page.keyboard.press('Delete');
    const edited = await clipCount(page);
    // the autosave lands a few seconds after the last change
    await expect.poll(() => fs.existsSync(path.join(dir, '.copy.segue.autosave')), { timeout: 10_000 }).toBe(true);
    host.process.kill('SIGKILL');
    await ed!.browser.close();
    ed = await openEditor(current, path.join(dir, 'user'));
    await ed.page.locator('[data-testid="overlay-recover"]').waitFor();
    await ed.page.locator('[data-testid="recover-take"]').click();
    await expect.poll(() => clipCount(ed!.page)).toBe(edited);
    expect(await ed.page.locator('[data-testid="project-name"]').getAttribute('data-modified')).toBe('true');
    expect(ed.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('File › Revert to Version lists the versions saved over, previews one and restores it unsaved', async () => {
    const { page } = ed!;
    await page.keyboard.press('Control+s'); // the recovered edits replace copy.segue: its old content becomes a backup
    await expect.poll(() => page.locator('[data-testid="project-name"]').getAttribute('data-modified')).toBe('false');
    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('.menu-item', { hasText: 'Revert to Version' }).click();
    await page.locator('[data-testid="overlay-revert"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="revert-item"]').count()).toBe(1);
    await page.locator('[data-testid="revert-item"]').first().click();
    await page.locator('[data-testid="revert-preview"] i').first().waitFor();
    await page.screenshot({ path: path.join(screenshotsDir(), 'revert-dialog.png') });
    expect(await page.locator('[data-testid="revert-preview"] i').count()).toBe(2); // the version saved by Save As: alpha on V1 and A1
    await page.locator('[data-testid="revert-restore"]').click();
    await expect.poll(() => clipCount(page)).toBe(2);
    expect(await page.locator('[data-testid="project-name"]').getAttribute('data-modified')).toBe('true');
  });
});
