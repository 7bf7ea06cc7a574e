// Previz in the real renderer (browser mode, local provider, no network): on an empty
// project, open the shot list, paste a 4-shot list from a spreadsheet, lay it out (four
// slate placeholders, named and timed), Generate Drafts (every clip online), play the
// sequence; edit one shot's prompt (only its clip is STALE), regenerate it (a second take,
// no longer stale). Undo of the paste and the layout too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotsDir, startSegueWeb, tempDir, watchErrors, type RunningHost, tearDown } from '../helpers/host';
import { createProject } from '../../shared/timeline/factory';
import { startFakeVideosServer, type FakeVideos } from '../fakes/videosServer';

let dir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];
let fake: FakeVideos;
const KEY = 'sk-previz-e2e';

const FPS = 24;
/** What a spreadsheet puts on the clipboard: tab-separated, a header row. */
const SHOT_LIST = [
  'Shot\tDuration\tPrompt\tCamera',
  'Harbour\t2\tA fishing harbour at dawn, gulls over the boats\twide, slow pan',
  'Keeper\t1.5\tThe lighthouse keeper climbs the spiral stairs\thandheld',
  'Lamp\t1\tThe great lamp starts to turn\tclose-up',
  'Storm\t00:00:02:00\tWaves break over the rocks in the dark\taerial',
].join('\n');
const NAMES = ['Harbour', 'Keeper', 'Lamp', 'Storm'];
const FRAMES = [48, 36, 24, 48];

const rows = () => page.locator('[data-testid="shot-row"]');
const row = (name: string) => page.locator(`[data-testid="shot-row"][data-name="${name}"]`);
/** The Previz track's clips, in time order. */
const previzClips = () =>
  page.locator('[data-testid="track"][data-name="Previz"] [data-testid="timeline-clip"]').evaluateAll((els) =>
    els
      .map((e) => ({
        name: e.getAttribute('data-name'),
        start: Number(e.getAttribute('data-start')),
        end: Number(e.getAttribute('data-end')),
        slate: e.getAttribute('data-slate') === 'true',
        stale: e.getAttribute('data-stale') === 'true',
        pending: e.classList.contains('pending'),
        offline: e.classList.contains('offline'),
        takes: e.querySelectorAll('[data-testid="gen-take"]').length,
      }))
      .sort((a, b) => a.start - b.start),
  );

beforeAll(async () => {
  dir = tempDir('previz-');
  // An empty project, small and at 24 fps so the drafts render quickly.
  const p = createProject('Lighthouse', { width: 320, height: 180, rate: { num: FPS, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  fs.writeFileSync(path.join(dir, 'lighthouse.segue'), JSON.stringify(p));
  // A /v1/videos server (the fake) at 10 cents a second, set in Provider Settings.
  fake = await startFakeVideosServer({ jobMs: 300, apiKey: KEY });
  fs.mkdirSync(path.join(dir, 'user'), { recursive: true });
  const remote = { presetId: 'custom', baseURL: fake.baseURL, model: 'Wan-AI/Wan2.2-TI2V-5B', extra: {}, pricePerSecondUsd: 0.1 };
  fs.writeFileSync(path.join(dir, 'user', 'providers.json'), JSON.stringify({ defaultProvider: 'local', remote, budgetUsd: null }));
  host = await startSegueWeb([path.join(dir, 'lighthouse.segue')], { SEGUE_USER_DATA: path.join(dir, 'user'), OPENAI_API_KEY: KEY });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  errors = watchErrors(page);
  await page.goto(host.url);
  await page.locator('[data-testid="timeline"]').waitFor();
  await page.locator('[data-testid="project-name"]', { hasText: 'Lighthouse' }).waitFor();
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await tearDown(browser, host, dir);
});

describe('Previz in the editor', () => {
  it('paste a shot list, lay it out as slates, generate drafts, play, edit one prompt (stale), regenerate (a take)', async () => {
    // Open the shot list (Alt+S, the Previz menu's Shot List): a wide tab of the side panel.
    await page.keyboard.press('Alt+s');
    const panel = page.locator('[data-testid="shot-list-panel"]');
    await panel.waitFor();
    expect((await panel.boundingBox())!.width).toBeGreaterThan(600);

    // Paste a 4-shot table into the panel, as Ctrl+V from a spreadsheet does.
    await panel.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, SHOT_LIST);
    await expect.poll(() => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(NAMES);
    expect(await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['not-laid-out', 'not-laid-out', 'not-laid-out', 'not-laid-out']);
    expect(await page.locator('[data-testid="shot-duration"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['2s', '1.5s', '1s', '2s']);
    expect(await page.locator('[data-testid="shots-count"]').textContent()).toMatch(/^4 shots · 00:00:06:12/);

    // A bad paste is one line naming the line, and adds nothing.
    await panel.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'shot\tduration\tprompt\nA\t2\tfine\nB\tsoon\tbroken');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.locator('.toast').last().textContent()).toMatch(/Paste shots: line 3: .*soon/);
    expect(await rows().count()).toBe(4);

    // To Timeline: four slates on a Previz track, named and as long as the shots.
    await page.locator('[data-testid="shots-to-timeline"]').click();
    let at = 0;
    const expected = NAMES.map((name, i) => {
      const c = { name, start: at, end: at + FRAMES[i]!, slate: true, stale: false, pending: false, offline: false, takes: 0 };
      at += FRAMES[i]!;
      return c;
    });
    await expect.poll(previzClips).toEqual(expected);
    // a slate shows the prompt, not "Media offline"
    expect(await page.locator('[data-testid="clip-slate"]').first().textContent()).toContain('A fishing harbour at dawn');
    expect(await page.locator('.offline-label').count()).toBe(0);
    // the program monitor shows the slate of the shot under the playhead
    await expect.poll(() => page.locator('[data-testid="monitor-slate"] b').textContent()).toBe(NAMES[0]);
    expect(await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['placeholder', 'placeholder', 'placeholder', 'placeholder']);
    await page.screenshot({ path: path.join(screenshotsDir(), 'previz-slates.png') });

    // Generate Drafts (local, at once): every clip gets its draft, then they land.
    await page.locator('[data-testid="shots-drafts"]').click();
    await expect.poll(async () => (await previzClips()).filter((c) => !c.slate).length).toBe(4);
    await expect.poll(async () => (await previzClips()).filter((c) => c.pending).length, { timeout: 60_000 }).toBe(0);
    const drafted = await previzClips();
    expect(drafted.map((c) => [c.name, c.start, c.end, c.offline, c.stale])).toEqual(expected.map((c) => [c.name, c.start, c.end, false, false]));
    await expect.poll(() => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['draft', 'draft', 'draft', 'draft']);
    // each draft's sound plays on the Previz Sound track, under its picture
    const sounds = await page.locator('[data-testid="track"][data-name="Previz Sound"] [data-testid="timeline-clip"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-start'), e.getAttribute('data-end')].map(Number)));
    expect(sounds).toEqual(expected.map((c) => [c.start, c.end]));
    // progress was shown in the jobs panel
    expect(await page.locator('[data-testid="job"]').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(screenshotsDir(), 'previz-drafts.png') });

    // Play the sequence: Space runs the playhead over the drafts and the monitor plays.
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await expect.poll(async () => Number(await page.locator('[data-testid="playhead"]').getAttribute('data-frame')), { timeout: 5000 }).toBeGreaterThan(6);
    await expect.poll(() => page.locator('[data-testid="monitor"] video').evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime > 0 && Boolean(v.currentSrc)), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('k');

    // Clicking a shot's clip on the timeline selects its row.
    await page.locator('[data-testid="track"][data-name="Previz"] [data-testid="timeline-clip"]').nth(2).click();
    await expect.poll(() => rows().evaluateAll((els) => els.filter((e) => e.classList.contains('selected')).map((e) => e.getAttribute('data-name')))).toEqual([NAMES[2]]);

    // Edit one shot's prompt: only its clip is stale.
    const prompt = row('Keeper').locator('[data-testid="shot-prompt"]');
    await prompt.fill('The keeper climbs the spiral stairs, out of breath');
    await prompt.press('Enter');
    await expect.poll(async () => (await previzClips()).map((c) => c.stale)).toEqual([false, true, false, false]);
    expect(await row('Keeper').getAttribute('data-state')).toBe('stale');
    expect(await page.locator('[data-testid="stale-badge"]').count()).toBe(1);
    await page.screenshot({ path: path.join(screenshotsDir(), 'previz-stale.png') });

    // Regenerate it: a second take of the same clip, the edit kept, no longer stale.
    await row('Keeper').locator('[data-testid="shot-regenerate"]').click();
    await expect.poll(async () => (await previzClips())[1]!.takes, { timeout: 60_000 }).toBe(2);
    const after = await previzClips();
    expect(after.map((c) => c.stale)).toEqual([false, false, false, false]);
    expect(after.map((c) => [c.name, c.start, c.end])).toEqual(expected.map((c) => [c.name, c.start, c.end]));
    expect(await row('Keeper').getAttribute('data-state')).toBe('draft');
    expect(await prompt.inputValue()).toBe('The keeper climbs the spiral stairs, out of breath');
    expect(await page.locator('[data-testid="bin-takes"]').count()).toBe(1); // the old take is kept in the bin
    await page.screenshot({ path: path.join(screenshotsDir(), 'previz-take.png') });
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('rows reorder by drag and with Alt+Down, each one undo step; the shot list exports as CSV and imports back', async () => {
    const order = () => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    await row('Storm').locator('[data-testid="shot-handle"]').dragTo(row('Keeper'), { targetPosition: { x: 200, y: 4 } });
    await expect.poll(order).toEqual(['Harbour', 'Storm', 'Keeper', 'Lamp']);
    // To Timeline again: the clips follow the new order, keeping their pictures
    await page.locator('[data-testid="shots-to-timeline"]').click();
    await expect.poll(async () => (await previzClips()).map((c) => c.name)).toEqual(['Harbour', 'Storm', 'Keeper', 'Lamp']);
    expect((await previzClips()).every((c) => !c.slate)).toBe(true);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(order).toEqual(NAMES);
    await expect.poll(async () => (await previzClips()).map((c) => c.name)).toEqual(NAMES);

    await row('Harbour').locator('[data-testid="shot-handle"]').click();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(order).toEqual(['Keeper', 'Harbour', 'Lamp', 'Storm']);
    await page.keyboard.press('Control+z');
    await expect.poll(order).toEqual(NAMES);

    const csv = path.join(dir, 'shots.csv');
    await page.locator('[data-testid="shots-export"]').click();
    await page.locator('[data-testid="shots-export-path"]').fill(csv);
    await page.locator('[data-testid="shots-export-start"]').click();
    await expect.poll(() => fs.existsSync(csv)).toBe(true);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.split(/\r?\n/)[0]).toMatch(/shot/i);
    expect(text).toContain('out of breath');

    await page.locator('[data-testid="shots-import"]').click();
    await page.locator('[data-testid="shots-import-path"]').fill(csv);
    await page.locator('[data-testid="shots-import-start"]').click();
    await expect.poll(() => rows().count()).toBe(8);
    // after the selected shot (Harbour)
    expect(await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['Harbour', ...NAMES, 'Keeper', 'Lamp', 'Storm']);
    expect(await row('Keeper').first().locator('[data-testid="shot-prompt"]').inputValue()).toBe('The keeper climbs the spiral stairs, out of breath');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => rows().count()).toBe(4);

    // Ctrl+V with the shot list clicked pastes the clipboard's table as shots (not clips).
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'Shot\tDuration\tPrompt\nCoda\t1\tThe light goes out');
    await page.locator('[data-testid="shot-list-panel"] .sl-list').click({ position: { x: 300, y: 260 } });
    await page.keyboard.press('Control+v');
    await expect.poll(() => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual([...NAMES, 'Coda']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => rows().count()).toBe(4);
  });

  it('Generate with Provider… shows each shot’s cost and the total before anything is spent, then each shot is generated once', async () => {
    const creates = fake.creates.videos;
    await row('Harbour').locator('[data-testid="shot-handle"]').click();
    await row('Lamp').locator('[data-testid="shot-handle"]').click({ modifiers: ['Control'] });
    await page.locator('[data-testid="shots-generate"]').click();
    const dialog = page.locator('[data-testid="overlay-previzGenerate"]');
    await dialog.waitFor();
    expect(await page.locator('[data-testid="previz-generate-provider"]').inputValue()).toBe('remote');
    // 2 s + 1 s at $0.10 a second
    await expect.poll(() => page.locator('[data-testid="previz-generate-total"]').textContent()).toMatch(/total \$0\.30 for 2 shots/);
    expect(await page.locator('[data-testid="previz-generate-row"]').evaluateAll((els) => els.map((e) => e.textContent))).toEqual(['Harbour2 stext → video$0.20', 'Lamp1 stext → video$0.10']);
    expect(fake.creates.videos).toBe(creates); // nothing asked of the provider yet
    await page.screenshot({ path: path.join(screenshotsDir(), 'previz-generate.png') });
    await page.locator('[data-testid="previz-generate-start"]').click();
    await expect.poll(() => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 60_000 }).toEqual(['generated', 'draft', 'generated', 'draft']);
    expect(fake.creates.videos).toBe(creates + 2);
    // a new take of each: the drafts stay as takes
    const clips = await previzClips();
    expect(clips.map((c) => [c.name, c.takes, c.pending])).toEqual([
      ['Harbour', 2, false],
      ['Keeper', 2, false],
      ['Lamp', 2, false],
      ['Storm', 0, false],
    ]);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
