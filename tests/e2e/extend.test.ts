// The core move in the real renderer (browser mode, no key, no network): select a clip,
// press E, Generate with the local provider; the placeholder lands directly after the
// clip, later clips ripple, the result replaces the placeholder, the sound crossfades;
// one undo removes it all. Fill Gap from a clicked gap as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openEditor, screenshotsDir, tempDir, type RunningHost, tearDown } from '../helpers/host';
import { makeTestClip } from '../helpers/media';
import { createServices } from '../../electron/services';
import { createProject } from '../../shared/timeline/factory';
import { appendMedia } from '../../shared/timeline/edit/append';

let dir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  dir = tempDir('extend-');
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const a = await s.media.createMedia(await makeTestClip(dir, 'alpha.mp4', { seconds: 2, width: 320, height: 180, fps: 30, video: 'color=c=red', toneHz: 440 }));
  const b = await s.media.createMedia(await makeTestClip(dir, 'beta.mp4', { seconds: 2, width: 320, height: 180, fps: 30, video: 'color=c=blue', toneHz: 660 }));
  const p = createProject('Extend Test', { width: 320, height: 180, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  let timeline = appendMedia(p.timeline, a);
  // beta one second after alpha: a gap to fill
  timeline = appendMedia(timeline, b);
  const project = { ...p, media: [a, b], timeline };
  fs.writeFileSync(path.join(dir, 'extend.segue'), JSON.stringify(project));
  ({ host, browser, page, errors } = await openEditor(path.join(dir, 'extend.segue'), path.join(dir, 'user')));
}, 60_000);

afterAll(() => tearDown(browser, host, dir));

const clips = (page: Page) =>
  page.locator('[data-testid="timeline-clip"]').evaluateAll((els) =>
    els.map((e) => ({ name: e.getAttribute('data-name'), start: Number(e.getAttribute('data-start')), end: Number(e.getAttribute('data-end')), pending: e.classList.contains('pending') })),
  );

describe('Extend in the editor', () => {
  it('E on a selected clip: a placeholder directly after it, later clips ripple, the result lands, the sound crossfades; undo removes it', async () => {
    await page.locator('[data-testid="timeline-clip"][data-name="alpha.mp4"]').first().click();
    await page.keyboard.press('e');
    await page.locator('[data-testid="overlay-generate"]').waitFor();
    await page.locator('[data-testid="generate-seconds"]').fill('1');
    await expect.poll(() => page.locator('[data-testid="generate-estimate"]').textContent()).toMatch(/Local draft.*free/);
    await page.screenshot({ path: path.join(screenshotsDir(), 'extend-dialog.png') });
    await page.locator('[data-testid="generate-start"]').click();
    // placed at once, one second long, beta rippled by 30 frames on both tracks
    await expect.poll(async () => (await clips(page)).filter((c) => c.name === 'alpha.mp4 ext').map((c) => [c.start, c.end])).toEqual([
      [60, 90],
      [60, 90],
    ]);
    expect((await clips(page)).filter((c) => c.name === 'beta.mp4').map((c) => c.start)).toEqual([90, 90]);
    // the result lands: no longer pending, a filmstrip is drawn
    await expect.poll(async () => (await clips(page)).filter((c) => c.name === 'alpha.mp4 ext' && c.pending).length, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid="gen-badge"]').count()).toBe(0);
    // the crossfade on the sound track
    expect(await page.locator('[data-testid="transition"]').count()).toBe(1);
    await page.screenshot({ path: path.join(screenshotsDir(), 'extend-landed.png') });
    // the media file is in the project's data folder
    expect(fs.readdirSync(path.join(dir, 'extend.segue-data', 'generated')).filter((f) => f.endsWith('.mp4'))).toHaveLength(1);

    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await clips(page)).map((c) => c.name)).not.toContain('alpha.mp4 ext');
    expect((await clips(page)).filter((c) => c.name === 'beta.mp4').map((c) => c.start)).toEqual([60, 60]);
    expect(await page.locator('[data-testid="transition"]').count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await clips(page)).filter((c) => c.name === 'alpha.mp4 ext').length).toBe(2);
  });

  it('New Take (Shift+T) adds a take of the generated clip; the switcher swaps it and keeps the edit', async () => {
    await page.locator('[data-testid="timeline-clip"][data-name="alpha.mp4 ext"]').first().click();
    await page.keyboard.press('Shift+T');
    await page.locator('[data-testid="overlay-generate"]').waitFor();
    await page.locator('[data-testid="generate-prompt"]').fill('the red room, another way');
    await page.locator('[data-testid="generate-start"]').click();
    const takes = page.locator('[data-testid="gen-take"]');
    await expect.poll(() => takes.count(), { timeout: 30_000 }).toBe(4); // two buttons on the picture, two on the sound
    await expect.poll(() => page.locator('[data-testid="gen-take"]:not([disabled])').count(), { timeout: 30_000 }).toBe(4);
    expect(await page.locator('[data-testid="bin-takes"]').count()).toBe(1);
    const before = await clips(page);
    await takes.nth(1).click();
    await expect.poll(async () => (await page.locator('[data-testid="gen-take"].on').allTextContents()).join()).toBe('2,2');
    expect(await clips(page)).toEqual(before); // same positions: the edit is kept
    expect(await page.locator('[data-testid="transition"]').count()).toBe(1);
    await page.keyboard.press('Control+z'); // the switch is one undo step
    await expect.poll(async () => (await page.locator('[data-testid="gen-take"].on').allTextContents()).join()).toBe('1,1');
  });

  it('undo while the job runs removes the placeholder and cancels the job', async () => {
    await page.locator('[data-testid="timeline-clip"][data-name="beta.mp4"]').first().click();
    await page.keyboard.press('e');
    await page.locator('[data-testid="generate-seconds"]').fill('60');
    await page.locator('[data-testid="generate-start"]').click();
    await expect.poll(async () => (await clips(page)).filter((c) => c.name === 'beta.mp4 ext').length).toBe(2);
    await page.locator('[data-testid="gen-badge"][data-state="running"]').first().waitFor();
    // the jobs panel names the provider and the cost of the running generation
    await expect.poll(() => page.locator('[data-testid="job-generation"]').allInnerTexts()).toContainEqual(expect.stringMatching(/Local draft.*free/));
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await clips(page)).filter((c) => c.name === 'beta.mp4 ext').length).toBe(0);
    // the job ends as cancelled and leaves no file behind
    await expect
      .poll(() => fs.readdirSync(path.join(dir, 'extend.segue-data', 'generated')).filter((f) => f.endsWith('.mp4') || f.includes('partial')).length, { timeout: 15_000 })
      .toBe(2); // the extension and its second take from the tests before
  });

  it('Fill Gap from a clicked gap: a bridge of exactly the gap', async () => {
    // open a gap: delete the extension (not ripple) so beta stays at 90
    await page.locator('[data-testid="timeline-clip"][data-name="alpha.mp4 ext"]').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await clips(page)).filter((c) => c.name === 'alpha.mp4 ext').length).toBe(0);
    const lane = page.locator('[data-testid="timeline-clip"][data-name="alpha.mp4"]').first();
    const box = (await lane.boundingBox())!;
    await page.mouse.click(box.x + box.width + 20, box.y + box.height / 2, { button: 'right' });
    await page.locator('[data-testid="clip-menu-generate.fillGap"]').click();
    await page.locator('[data-testid="overlay-generate"]').waitFor();
    expect(await page.locator('[data-testid="generate-seconds"]').isDisabled()).toBe(true);
    await page.locator('[data-testid="generate-start"]').click();
    await expect.poll(async () => (await clips(page)).filter((c) => c.name?.startsWith('Bridge')).map((c) => [c.start, c.end])[0]).toEqual([60, 90]);
    await expect.poll(async () => (await clips(page)).filter((c) => c.name?.startsWith('Bridge') && c.pending).length, { timeout: 30_000 }).toBe(0);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
