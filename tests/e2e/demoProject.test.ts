// `segue web` with no file: the demo project a newcomer sees first, generated with ffmpeg
// into the user data folder on first run and reused afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshotsDir, startSegueWeb, tempDir, watchErrors } from '../helpers/host';

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = tempDir('demo-');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo project', () => {
  it('opens a populated multi-track timeline, and reuses the generated shots next time', async () => {
    const env = { SEGUE_USER_DATA: path.join(dir, 'user') };
    const first = await startSegueWeb([], env);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors = watchErrors(page);
    try {
      await page.goto(first.url);
      await expect.poll(() => page.locator('[data-testid="timeline-clip"]').count(), { timeout: 20_000 }).toBe(8);
      await expect.poll(() => page.locator('[data-testid="bin-item"]').count()).toBe(4);
      expect(await page.locator('[data-testid="track"][data-kind="video"]').count()).toBe(2);
      expect(await page.locator('[data-testid="marker"]').count()).toBe(2);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(screenshotsDir(), 'demo.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await first.stop();
    }
    const shots = path.join(dir, 'user', 'demo');
    const mtimes = fs.readdirSync(shots).map((f) => fs.statSync(path.join(shots, f)).mtimeMs);
    expect(mtimes).toHaveLength(4);
    const second = await startSegueWeb([], env);
    await second.stop();
    expect(fs.readdirSync(shots).map((f) => fs.statSync(path.join(shots, f)).mtimeMs)).toEqual(mtimes);
  });
});
