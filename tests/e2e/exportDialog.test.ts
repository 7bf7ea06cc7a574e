// Export from the UI in browser mode: the dialog, a job with progress in the jobs panel,
// the checked file, and a confirmation before replacing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openEditor, screenshotsDir, tempDir, type RunningHost, tearDown } from '../helpers/host';
import { makeTestClip } from '../helpers/media';
import { createServices } from '../../electron/services';

let dir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];
let out: string;

beforeAll(async () => {
  dir = tempDir('export-');
  const clip = await makeTestClip(dir, 'shot.mp4', { seconds: 2, width: 160, height: 90, fps: 30, video: 'color=c=red', toneHz: 440 });
  // a .segue project with the clip on V1/A1
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const media = await s.media.createMedia(clip);
  const { createProject } = await import('../../shared/timeline/factory');
  const { appendMedia } = await import('../../shared/timeline/edit/append');
  const p = createProject('Export Test', { width: 160, height: 90, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  const project = { ...p, media: [media], timeline: appendMedia(p.timeline, media) };
  fs.writeFileSync(path.join(dir, 'export.segue'), JSON.stringify(project));
  out = path.join(dir, 'out.mp4');
  ({ host, browser, page, errors } = await openEditor(path.join(dir, 'export.segue'), path.join(dir, 'user')));
}, 60_000);

afterAll(() => tearDown(browser, host, dir));

describe('export from the UI', () => {
  it('exports the timeline as a job and announces the checked file', async () => {
    await page.keyboard.press('Control+m');
    await page.locator('[data-testid="overlay-export"]').waitFor();
    await page.locator('[data-testid="export-path"]').fill(out);
    // the burn-in option is offered (off by default); nothing generated in this project
    expect(await page.locator('[data-testid="export-ai-label"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="export-provenance"]').textContent()).toBe('No generated media shows or sounds in this export.');
    await page.screenshot({ path: path.join(screenshotsDir(), 'export-dialog.png') });
    await page.locator('[data-testid="export-start"]').click();
    await page.locator('[data-testid="toast"]', { hasText: 'Exported' }).waitFor({ timeout: 30_000 });
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(fs.existsSync(`${out}.provenance.json`)).toBe(false);
  });

  it('asks before replacing an existing file', async () => {
    const before = fs.statSync(out).mtimeMs;
    await page.keyboard.press('Control+m');
    await page.locator('[data-testid="export-path"]').fill(out);
    await page.locator('[data-testid="export-start"]').click();
    await page.locator('[data-testid="export-exists"]').waitFor();
    expect(fs.statSync(out).mtimeMs).toBe(before);
    await page.locator('[data-testid="export-replace"]').click();
    await expect.poll(() => fs.statSync(out).mtimeMs, { timeout: 30_000 }).toBeGreaterThan(before);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('Enter renders the monitor preview; after an edit it goes stale and is rendered again by itself', async () => {
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    const bar = page.locator('[data-testid="render-bar"]');
    await expect.poll(() => bar.getAttribute('data-state'), { timeout: 30_000 }).toBe('rendered');
    const src = await page.locator('[data-testid="monitor"] video, .monitor video').first().getAttribute('src');
    expect(src).toMatch(/\/asset\//);
    // an edit: the preview no longer matches, then it is rendered again
    const ruler = await page.locator('[data-testid="ruler"]').boundingBox();
    await page.mouse.click(ruler!.x + 200, ruler!.y + 8);
    const ranges = (state: string) => page.locator(`[data-testid="render-range"][data-state="${state}"]`).count();
    expect(await ranges('stale')).toBe(0);
    await page.keyboard.press('s');
    await expect.poll(() => bar.getAttribute('data-state')).toBe('stale');
    // the ruler shows the ranges the split touched as not rendered, per segment
    await expect.poll(() => ranges('stale')).toBeGreaterThan(0);
    await expect.poll(() => bar.getAttribute('data-state'), { timeout: 30_000 }).toBe('rendered');
    await expect.poll(() => ranges('stale')).toBe(0);
    expect(await ranges('rendered')).toBe(2);
    await page.screenshot({ path: path.join(screenshotsDir(), 'preview-rendered.png') });
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
