// Missing media in the UI: a moved file leaves its clips offline; Relink finds it by name,
// size and duration and brings them back (one undo step). Collect copies the project and
// its media into one folder with a report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openEditor, repoRoot, screenshotsDir, tempDir, tearDown, type Editor } from '../helpers/host';
import { makeTestClip } from '../helpers/media';
import { createServices } from '../../electron/services';
import { createProject } from '../../shared/timeline/factory';
import { appendMedia } from '../../shared/timeline/edit/append';
import { readProjectFile } from '../../electron/services/project/projectFile';

let dir: string;
let ed: Editor | undefined;

beforeAll(async () => {
  dir = tempDir('relink-');
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const a = await s.media.createMedia(await makeTestClip(dir, 'alpha.mp4', { seconds: 2, width: 160, height: 90, fps: 30, video: 'color=c=red' }));
  const p = createProject('Relink Test', { width: 160, height: 90, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  fs.writeFileSync(path.join(dir, 'relink.segue'), JSON.stringify({ ...p, media: [a], timeline: appendMedia(p.timeline, a) }));
  // the footage moves away before the project is opened; a decoy with the same name but another size
  fs.mkdirSync(path.join(dir, 'moved', 'deeper'), { recursive: true });
  fs.renameSync(a.path, path.join(dir, 'moved', 'deeper', 'alpha.mp4'));
  fs.mkdirSync(path.join(dir, 'moved', 'decoy'));
  fs.writeFileSync(path.join(dir, 'moved', 'decoy', 'alpha.mp4'), 'not this one');
  ed = await openEditor(path.join(dir, 'relink.segue'), path.join(dir, 'user'));
}, 60_000);

afterAll(() => tearDown(ed?.browser, ed?.host, dir));

describe('missing media', () => {
  it('shows clips of a missing file offline and relinks them to the moved file', async () => {
    const { page } = ed!;
    await expect.poll(() => page.locator('[data-testid="timeline-clip"].offline').count()).toBe(2);
    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('.menu-item', { hasText: 'Relink Missing Media' }).click();
    await page.locator('[data-testid="relink-dir"]').fill(path.join(dir, 'moved'));
    await page.locator('[data-testid="relink-search"]').click();
    const choice = page.locator('[data-testid="relink-choice"]');
    await choice.waitFor();
    await page.screenshot({ path: path.join(screenshotsDir(), 'relink-dialog.png') });
    expect(await choice.inputValue()).toBe(path.join(dir, 'moved', 'deeper', 'alpha.mp4'));
    await page.locator('[data-testid="relink-apply"]').click();
    await expect.poll(() => page.locator('[data-testid="timeline-clip"].offline').count()).toBe(0);
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await readProjectFile(path.join(dir, 'relink.segue'))).media[0]!.path).toBe(path.join(dir, 'moved', 'deeper', 'alpha.mp4'));
  });

  it('collects the project and its media into one folder with a report', async () => {
    const { page } = ed!;
    const out = path.join(dir, 'handoff');
    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('.menu-item', { hasText: 'Collect Project' }).click();
    await page.locator('[data-testid="collect-dir"]').fill(out);
    await page.locator('[data-testid="collect-start"]').click();
    await page.locator('[data-testid="collect-report"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="collect-report"]').innerText()).toMatch(/1 file copied/);
    const collected = fs.readdirSync(out).find((f) => f.endsWith('.segue'))!;
    const p = await readProjectFile(path.join(out, collected));
    expect(p.media[0]!.path.startsWith(out)).toBe(true);
    expect(fs.existsSync(p.media[0]!.path)).toBe(true);
    expect(ed!.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('exports the timeline as OpenTimelineIO and as a CMX 3600 EDL from the File menu', async () => {
    const { page } = ed!;
    await page.keyboard.press('Escape'); // the collect report from the test before
    for (const name of ['cut.otio', 'cut.edl']) {
      await page.locator('.menu > button', { hasText: 'File' }).click();
      await page.locator('.menu-item', { hasText: 'Export Timeline' }).click();
      await page.locator('[data-testid="timeline-export-path"]').fill(path.join(dir, name));
      await page.locator('[data-testid="timeline-export-start"]').click();
      await expect.poll(() => fs.existsSync(path.join(dir, name))).toBe(true);
    }
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cut.otio'), 'utf8')).OTIO_SCHEMA).toBe('Timeline.1');
    expect(fs.readFileSync(path.join(dir, 'cut.edl'), 'utf8')).toMatch(/\* FROM CLIP NAME: alpha\.mp4/);
  });

  it('imports a Final Cut Pro 7 XML timeline from the File menu as a new project with its media online', async () => {
    const { page } = ed!;
    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('.menu-item', { hasText: 'Export Timeline' }).click();
    await page.locator('[data-testid="timeline-export-path"]').fill(path.join(dir, 'cut'));
    await page.locator('[data-testid="timeline-export-format"]').selectOption('.xml');
    await expect(page.locator('[data-testid="timeline-export-path"]').inputValue()).resolves.toBe(path.join(dir, 'cut.xml'));
    await page.locator('[data-testid="timeline-export-start"]').click();
    await expect.poll(() => fs.existsSync(path.join(dir, 'cut.xml'))).toBe(true);
    await page.keyboard.press('Escape');
    const before = await page.locator('[data-testid="timeline-clip"]').evaluateAll((cs) => cs.map((c) => `${c.getAttribute('data-name')}@${c.getAttribute('data-start')}-${c.getAttribute('data-end')}`));

    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('.menu-item', { hasText: 'Import Timeline' }).click();
    await page.locator('[data-testid="file-picker"]').waitFor();
    await page.locator('[data-testid="file-picker-path"]').fill(dir);
    await page.locator('[data-testid="file-picker-path"]').press('Enter');
    page.once('dialog', (d) => void d.accept()); // "unsaved changes?" if the relink is unsaved
    await page.locator('[data-testid="file-picker-entry"][data-name="cut.xml"]').dblclick();
    await expect.poll(() => page.locator('[data-testid="status"]').textContent()).toMatch(/Opened/);
    const after = await page.locator('[data-testid="timeline-clip"]').evaluateAll((cs) => cs.map((c) => `${c.getAttribute('data-name')}@${c.getAttribute('data-start')}-${c.getAttribute('data-end')}`));
    expect(after).toEqual(before);
    await expect.poll(() => page.locator('[data-testid="timeline-clip"].offline').count()).toBe(0);
  });

  it('says what an imported timeline could not bring over (Premiere’s sample: media offline)', async () => {
    const { page } = ed!;
    const fixtures = path.resolve(repoRoot, '../shared/fixtures/interchange');
    await page.locator('.menu > button', { hasText: 'File' }).click();
    await page.locator('.menu-item', { hasText: 'Import Timeline' }).click();
    await page.locator('[data-testid="file-picker-path"]').fill(fixtures);
    await page.locator('[data-testid="file-picker-path"]').press('Enter');
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-testid="file-picker-entry"][data-name="premiere_example.xml"]').dblclick();
    await expect.poll(() => page.locator('[data-testid="toast"]').allTextContents()).toContainEqual(expect.stringMatching(/^Imported with \d+ warnings: .*offline/));
    await expect.poll(() => page.locator('[data-testid="track"][data-kind="video"]').count()).toBe(4);
  });
});
