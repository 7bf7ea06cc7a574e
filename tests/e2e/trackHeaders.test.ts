// Track headers in the browser: add a track from the header's context menu, rename it,
// mute it, drag its height, each one undo step; the Edit menu's history list; and the
// inspector's gain field on a generated clip, with its provenance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SCHEMA_VERSION, type Project, type Track } from '../../shared/timeline/model';
import { launchBrowser, screenshotsDir, startSegueWeb, tempDir, watchErrors, type RunningHost, tearDown } from '../helpers/host';
import { makeTestClip } from '../helpers/media';

let dir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];

const rate = { num: 24, den: 1 };
const track = (id: string, kind: 'video' | 'audio', name: string, items: Track['items'] = []): Track => ({
  id,
  kind,
  name,
  items,
  enabled: true,
  muted: false,
  solo: false,
  locked: false,
  height: kind === 'video' ? 64 : 56,
});

/** One generated shot (picture + sound) on V1/A1 of a 24 fps project, empty V2/A2. */
function project(file: string): Project {
  const clip = (id: string) => ({
    kind: 'clip' as const,
    id,
    name: 'dawn.mp4',
    mediaId: 'm1',
    sourceRange: { start: { value: 0, rate }, duration: { value: 24, rate } },
    enabled: true,
    linkId: 'l1',
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'p1',
    name: 'Headers',
    settings: { width: 320, height: 180, rate, sampleRate: 48000, channels: 2, fit: 'fit' },
    media: [
      {
        id: 'm1',
        name: 'dawn.mp4',
        path: file,
        kind: 'video',
        origin: 'generated',
        probe: {
          path: file,
          formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
          durationSeconds: 1,
          sizeBytes: fs.statSync(file).size,
          streams: [
            { index: 0, type: 'video', codec: 'h264', width: 320, height: 180, fps: 24, rate, pixelFormat: 'yuv420p' },
            { index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 },
          ],
        },
        provenance: { provider: 'local', model: 'segue-local-1', prompt: 'a lighthouse at dawn', seed: 42, jobId: 'job-7', costUsd: 0.25, createdAt: '2025-01-02T03:04:05Z' },
      },
    ],
    timeline: {
      id: 'tl1',
      name: 'Headers',
      rate,
      tracks: [track('tv1', 'video', 'V1', [clip('cv')]), track('tv2', 'video', 'V2'), track('ta1', 'audio', 'A1', [clip('ca')]), track('ta2', 'audio', 'A2')],
      markers: [],
    },
  };
}

/** Headers top to bottom as "name" plus " M" when muted and "@height" when not the default. */
const headers = () =>
  page.$$eval('[data-testid="track-header"]', (els) =>
    els.map((el) => {
      const name = el.querySelector('[data-testid="track-name"]')?.textContent ?? '?';
      const muted = el.querySelector('[data-testid="track-mute"]')?.getAttribute('aria-pressed') === 'true';
      const h = Math.round(el.getBoundingClientRect().height);
      const dflt = el.getAttribute('data-kind') === 'video' ? 64 : 56;
      return `${name}${muted ? ' M' : ''}${h !== dflt ? `@${h}` : ''}`;
    }),
  );
const header = (name: string) => page.locator('[data-testid="track-header"]', { has: page.locator(`[data-testid="track-name"]:text-is("${name}")`) });
const undo = () => page.keyboard.press('Control+z');

beforeAll(async () => {
  dir = tempDir('headers-');
  const file = await makeTestClip(dir, 'dawn.mp4', { seconds: 1, width: 320, height: 180, fps: 24, video: 'testsrc2', toneHz: 440 });
  const projectFile = path.join(dir, 'headers.segue');
  fs.writeFileSync(projectFile, JSON.stringify(project(file)));
  host = await startSegueWeb([projectFile], { SEGUE_USER_DATA: path.join(dir, 'user') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  errors = watchErrors(page);
  await page.goto(host.url);
  await page.locator('[data-testid="timeline-clip"]').first().waitFor();
});

afterAll(() => tearDown(browser, host, dir));

describe('track headers', () => {
  it('lists video tracks highest first over the audio tracks', async () => {
    expect(await headers()).toEqual(['V2', 'V1', 'A1', 'A2']);
  });

  it('adds, renames, mutes and resizes a track, one undo step each', async () => {
    await header('V2').click({ button: 'right' });
    await page.locator('[data-testid="track-menu"]').waitFor();
    const tl = (await page.locator('[data-testid="timeline"]').boundingBox())!;
    await page.screenshot({ path: path.join(screenshotsDir(), 'track-menu.png'), clip: { x: tl.x, y: tl.y, width: 640, height: tl.height } });
    await page.locator('[data-testid="track-menu-add-video"]').click();
    await expect.poll(headers).toEqual(['V3', 'V2', 'V1', 'A1', 'A2']);
    expect(await page.locator('[data-testid="track-menu"]').count()).toBe(0);

    await header('V3').locator('[data-testid="track-name"]').dblclick();
    const input = page.locator('[data-testid="track-name-input"]');
    await input.fill('Titles');
    await input.press('Enter');
    await expect.poll(headers).toEqual(['Titles', 'V2', 'V1', 'A1', 'A2']);

    await header('Titles').locator('[data-testid="track-mute"]').click();
    await expect.poll(headers).toEqual(['Titles M', 'V2', 'V1', 'A1', 'A2']);

    // A drag in several moves: the header follows, and history gets one entry.
    const handle = await header('Titles').locator('[data-testid="track-resize"]').boundingBox();
    const x = handle!.x + handle!.width / 2;
    const y = handle!.y + handle!.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (const dy of [10, 20, 30, 40]) await page.mouse.move(x, y + dy);
    await page.mouse.up();
    await expect.poll(headers).toEqual(['Titles M@104', 'V2', 'V1', 'A1', 'A2']);
    // the lane follows the header
    const lane = await page.locator('[data-testid="track"][data-kind="video"]').first().boundingBox();
    expect(Math.round(lane!.height)).toBe(104);

    await page.locator('.menu > button', { hasText: 'Edit' }).click();
    const entries = () => page.$$eval('[data-testid="history-entry"]', (els) => els.map((e) => `${e.getAttribute('data-state')}:${e.textContent?.replace('▸', '')}`));
    expect(await entries()).toEqual(['current:Resize Titles', 'past:Mute Titles', 'past:Rename V3 to Titles', 'past:Add Video Track V3', 'past:Opened project']);
    await page.screenshot({ path: path.join(screenshotsDir(), 'track-headers-history.png') });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(screenshotsDir(), 'track-headers-closeup.png'), clip: { x: tl.x, y: tl.y, width: 640, height: tl.height } });

    await undo();
    await expect.poll(headers).toEqual(['Titles M', 'V2', 'V1', 'A1', 'A2']);
    await undo();
    await expect.poll(headers).toEqual(['Titles', 'V2', 'V1', 'A1', 'A2']);
    await undo();
    await expect.poll(headers).toEqual(['V3', 'V2', 'V1', 'A1', 'A2']);
    await undo();
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1', 'A2']);
  });

  it('jumps through the history from the Edit menu, undone steps greyed', async () => {
    await page.locator('.menu > button', { hasText: 'Edit' }).click();
    const states = () => page.$$eval('[data-testid="history-entry"]', (els) => els.map((e) => `${e.getAttribute('data-index')}:${e.getAttribute('data-state')}`));
    expect(await states()).toEqual(['4:future', '3:future', '2:future', '1:future', '0:current']);
    // the rename, two steps forward at once
    await page.locator('[data-testid="history-entry"][data-index="2"]').click();
    await expect.poll(headers).toEqual(['Titles', 'V2', 'V1', 'A1', 'A2']);
    await page.locator('.menu > button', { hasText: 'Edit' }).click();
    expect(await states()).toEqual(['4:future', '3:future', '2:current', '1:past', '0:past']);
    await page.locator('[data-testid="history-entry"][data-index="0"]').click();
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1', 'A2']);
  });

  it('cancels a rename with Escape and refuses to delete the last track of a kind', async () => {
    await header('V1').locator('[data-testid="track-name"]').dblclick();
    await page.locator('[data-testid="track-name-input"]').fill('Nope');
    await page.locator('[data-testid="track-name-input"]').press('Escape');
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1', 'A2']);
    await header('A2').click({ button: 'right' });
    await page.locator('[data-testid="track-menu-delete"]').click();
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1']);
    await header('A1').click({ button: 'right' });
    expect(await page.locator('[data-testid="track-menu-delete"]').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await undo();
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1', 'A2']);
    // the "+" on the outermost header of each kind
    await page.locator('[data-testid="add-audio-track"]').click();
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1', 'A2', 'A3']);
    await undo();
    await expect.poll(headers).toEqual(['V2', 'V1', 'A1', 'A2']);
  });
});

describe('the inspector', () => {
  it('shows a generated clip with its provenance and changes its gain as one undo step', async () => {
    await page.locator('[data-testid="track"][data-kind="video"] [data-testid="timeline-clip"]').click();
    const inspector = page.locator('[data-testid="inspector"]');
    await expect.poll(() => inspector.innerText()).toMatch(/Source\s+dawn\.mp4/);
    const text = await inspector.innerText();
    for (const re of [/Source in\s+00:00:00:00/, /Source out\s+00:00:01:00/, /Duration\s+00:00:01:00/, /Speed\s+100%/, /Provider\s+local/, /Prompt\s+a lighthouse at dawn/, /Seed\s+42/, /Job\s+job-7/, /Cost\s+\$0\.25/]) {
      expect(text).toMatch(re);
    }
    const gain = page.locator('[data-testid="inspector-gain"]');
    expect(await gain.inputValue()).toBe('0.0');
    await gain.fill('-6');
    await gain.press('Enter');
    await expect.poll(() => gain.inputValue()).toBe('-6.0');
    await page.screenshot({ path: path.join(screenshotsDir(), 'track-headers.png') });
    await undo();
    await expect.poll(() => gain.inputValue()).toBe('0.0');
    expect(errors).toEqual([]);
  });
});
