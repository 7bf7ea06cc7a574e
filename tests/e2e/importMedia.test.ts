// Importing through the UI in browser mode: the file picker over the host's folders,
// the bin, appending to the timeline, undo/redo, and a bad file that changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotsDir, startSegueWeb, tempDir, watchErrors, type RunningHost, tearDown } from '../helpers/host';
import { makeTestClip } from '../helpers/media';

let dir: string;
let mediaDir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];

const names = (testid: string) => page.$$eval(`[data-testid="${testid}"]`, (els) => els.map((e) => e.getAttribute('data-name')));

async function pickFiles(files: string[]) {
  await page.keyboard.press('Control+i');
  const picker = page.locator('[data-testid="file-picker"]');
  await picker.waitFor();
  const input = page.locator('[data-testid="file-picker-path"]');
  await input.fill(mediaDir);
  await input.press('Enter');
  for (const [i, f] of files.entries()) {
    await page.locator(`[data-testid="file-picker-entry"][data-name="${f}"]`).click({ modifiers: i === 0 ? [] : ['Control'] });
  }
  await page.locator('[data-testid="file-picker-import"]').click();
  await picker.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  dir = tempDir('import-');
  mediaDir = path.join(dir, 'footage');
  fs.mkdirSync(mediaDir);
  await makeTestClip(mediaDir, 'one.mp4', { seconds: 2, width: 320, height: 180, fps: 30, video: 'testsrc2', toneHz: 440 });
  await makeTestClip(mediaDir, 'two.mp4', { seconds: 1, width: 320, height: 180, fps: 30, video: 'smptebars', toneHz: 660 });
  fs.writeFileSync(path.join(mediaDir, 'broken.mp4'), 'definitely not a movie\n'.repeat(50));
  await makeTestClip(mediaDir, 'three.mp4', { seconds: 1, width: 320, height: 180, fps: 30, video: 'mandelbrot', toneHz: 880 });
  host = await startSegueWeb(['--empty'], { SEGUE_USER_DATA: path.join(dir, 'user') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  errors = watchErrors(page);
  await page.goto(host.url);
  await page.locator('[data-testid="media-bin"]').waitFor();
});

afterAll(() => tearDown(browser, host, dir));

describe('importing media through the UI', () => {
  it('imports two generated clips into the bin with poster, duration and format', async () => {
    await pickFiles(['one.mp4', 'two.mp4']);
    await expect.poll(() => names('bin-item')).toEqual(['one.mp4', 'two.mp4']);
    const text = await page.locator('[data-testid="bin-item"][data-name="one.mp4"]').innerText();
    expect(text).toMatch(/0:02|00:00:02/);
    expect(text).toMatch(/320\s*[×x]\s*180/);
    await expect.poll(() => page.locator('[data-testid="bin-item"] img').count()).toBe(2);
  });

  it('appends the imported clips to the timeline as linked picture and sound', async () => {
    await page.locator('[data-testid="bin-item"][data-name="one.mp4"]').click();
    await page.locator('[data-testid="bin-item"][data-name="two.mp4"]').click({ modifiers: ['Shift'] });
    await page.locator('[data-testid="action-timeline.appendSelected"]').click();
    const clips = () =>
      page.$$eval('[data-testid="track"]', (tracks) =>
        tracks.flatMap((t) => [...t.querySelectorAll('[data-testid="timeline-clip"]')].map((c) => `${t.getAttribute('data-kind')}:${c.getAttribute('data-name')}@${c.getAttribute('data-start')}-${c.getAttribute('data-end')}`)),
      );
    await expect.poll(clips).toEqual(expect.arrayContaining(['video:one.mp4@0-60', 'video:two.mp4@60-90', 'audio:one.mp4@0-60', 'audio:two.mp4@60-90']));
    expect(await clips()).toHaveLength(4);
    await page.screenshot({ path: path.join(screenshotsDir(), 'import.png') });
  });

  it('undoes and redoes the append and the import', async () => {
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid="timeline-clip"]').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => names('bin-item')).toEqual([]);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => names('bin-item')).toEqual(['one.mp4', 'two.mp4']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('[data-testid="timeline-clip"]').count()).toBe(4);
  });

  it('names a file it cannot read and changes nothing', async () => {
    await pickFiles(['broken.mp4']);
    const toast = page.locator('[data-testid="toast"]', { hasText: 'broken.mp4' });
    await toast.waitFor();
    expect(await toast.innerText()).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(await names('bin-item')).toEqual(['one.mp4', 'two.mp4']);
    expect(await page.locator('[data-testid="timeline-clip"]').count()).toBe(4);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('imports file paths dropped onto the bin as text', async () => {
    const file = path.join(mediaDir, 'three.mp4');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      const bin = document.querySelector('[data-testid="media-bin"]')!;
      bin.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      bin.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, `file://${file}\n`);
    await expect.poll(() => names('bin-item')).toEqual(['one.mp4', 'two.mp4', 'three.mp4']);
  });
});
