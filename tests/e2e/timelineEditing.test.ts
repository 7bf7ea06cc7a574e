// Editing in the real renderer through the web host (issue 3's acceptance): build a
// sequence by dragging from the bin, split at the playhead with S, ripple delete, ripple
// trim an edge, move a clip across tracks with snapping; undo and redo every step and
// check the clip list after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotsDir, startSegueWeb, tempDir, watchErrors, type RunningHost, tearDown } from '../helpers/host';
import { makeTestClip } from '../helpers/media';

let dir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];

/** "V1 one.mp4@0-60" for every clip on screen, top track first. */
const clips = () =>
  page.$$eval('[data-testid="track"]', (tracks) =>
    tracks.flatMap((t) =>
      [...t.querySelectorAll('[data-testid="timeline-clip"]')]
        .map((c) => ({ s: Number(c.getAttribute('data-start')), text: `${t.getAttribute('data-name')} ${c.getAttribute('data-name')}@${c.getAttribute('data-start')}-${c.getAttribute('data-end')}` }))
        .sort((a, b) => a.s - b.s)
        .map((x) => x.text),
    ),
  );

const lane = (name: string) => page.locator(`[data-testid="track"][data-name="${name}"]`);
const clip = (track: string, start: number) => lane(track).locator(`[data-testid="timeline-clip"][data-start="${start}"]`);

/** Zoom is 4 px per frame on a new project; x of a frame inside a lane. */
const PX = 4;
async function laneBox(name: string) {
  const b = await lane(name).boundingBox();
  if (!b) throw new Error(`no lane ${name}`);
  return b;
}

async function dropFromBin(file: string, track: string, frame: number) {
  await page.locator(`[data-testid="bin-item"][data-name="${file}"]`).click(); // select just this one
  await page.locator(`[data-testid="bin-item"][data-name="${file}"]`).dragTo(lane(track), { targetPosition: { x: frame * PX + 1, y: 20 } });
}

async function undoRedo(before: string[], after: string[]) {
  await page.keyboard.press('Control+z');
  await expect.poll(clips).toEqual(before);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(clips).toEqual(after);
}

beforeAll(async () => {
  dir = tempDir('editing-');
  const media = path.join(dir, 'footage');
  fs.mkdirSync(media);
  await makeTestClip(media, 'one.mp4', { seconds: 2, width: 160, height: 90, fps: 30, video: 'testsrc2', toneHz: 440 });
  await makeTestClip(media, 'two.mp4', { seconds: 1, width: 160, height: 90, fps: 30, video: 'smptebars', toneHz: 660 });
  await makeTestClip(media, 'three.mp4', { seconds: 1, width: 160, height: 90, fps: 30, video: 'mandelbrot', toneHz: 880 });
  host = await startSegueWeb(['--empty'], { SEGUE_USER_DATA: path.join(dir, 'user') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  errors = watchErrors(page);
  // Count what the renderer asks the host for, to prove edits never ask for peaks again.
  await page.addInitScript(() => {
    const sent: Array<{ channel: string; input: unknown }> = [];
    (window as unknown as { __sent: typeof sent }).__sent = sent;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string') {
        const m = JSON.parse(data) as { channel?: string; input?: unknown };
        if (m.channel) sent.push({ channel: m.channel, input: m.input });
      }
      return send.call(this, data);
    };
  });
  await page.goto(host.url);
  await page.locator('[data-testid="media-bin"]').waitFor();
  // Import through the picker, as a user would.
  await page.keyboard.press('Control+i');
  await page.locator('[data-testid="file-picker"]').waitFor();
  await page.locator('[data-testid="file-picker-path"]').fill(media);
  await page.locator('[data-testid="file-picker-path"]').press('Enter');
  for (const [i, f] of ['one.mp4', 'two.mp4', 'three.mp4'].entries()) await page.locator(`[data-testid="file-picker-entry"][data-name="${f}"]`).click({ modifiers: i ? ['Control'] : [] });
  await page.locator('[data-testid="file-picker-import"]').click();
  await page.locator('[data-testid="bin-item"]').nth(2).waitFor({ timeout: 20_000 });
}, 60_000);

afterAll(() => tearDown(browser, host, dir));

const built = ['V1 one.mp4@0-60', 'V1 two.mp4@60-90', 'V1 three.mp4@90-120', 'A1 one.mp4@0-60', 'A1 two.mp4@60-90', 'A1 three.mp4@90-120'];
const afterSplit = ['V1 one.mp4@0-30', 'V1 one.mp4@30-60', 'V1 two.mp4@60-90', 'V1 three.mp4@90-120', 'A1 one.mp4@0-30', 'A1 one.mp4@30-60', 'A1 two.mp4@60-90', 'A1 three.mp4@90-120'];
const afterRipple = ['V1 one.mp4@0-30', 'V1 two.mp4@30-60', 'V1 three.mp4@60-90', 'A1 one.mp4@0-30', 'A1 two.mp4@30-60', 'A1 three.mp4@60-90'];
const afterTrim = ['V1 one.mp4@0-30', 'V1 two.mp4@30-50', 'V1 three.mp4@50-80', 'A1 one.mp4@0-30', 'A1 two.mp4@30-50', 'A1 three.mp4@50-80'];
const afterMove = ['V2 three.mp4@30-60', 'V1 one.mp4@0-30', 'V1 two.mp4@30-50', 'A1 one.mp4@0-30', 'A1 three.mp4@30-60'];

describe('editing the timeline with mouse and keys', () => {
  it('builds a sequence by dragging clips from the bin, snapping each to the end of the last', async () => {
    await dropFromBin('one.mp4', 'V1', 0);
    await expect.poll(clips).toEqual(['V1 one.mp4@0-60', 'A1 one.mp4@0-60']);
    await dropFromBin('two.mp4', 'V1', 61); // one frame off: snaps to the end of one.mp4
    await dropFromBin('three.mp4', 'A1', 89);
    await expect.poll(clips).toEqual(built);
    await undoRedo(['V1 one.mp4@0-60', 'V1 two.mp4@60-90', 'A1 one.mp4@0-60', 'A1 two.mp4@60-90'], built);
  });

  it('splits at the playhead with S', async () => {
    const ruler = await page.locator('[data-testid="ruler"]').boundingBox();
    await page.mouse.click(ruler!.x + 30 * PX + 1, ruler!.y + 8);
    await expect.poll(() => page.locator('[data-testid="playhead"]').getAttribute('data-frame')).toBe('30');
    await page.keyboard.press('s');
    await expect.poll(clips).toEqual(afterSplit);
    await undoRedo(built, afterSplit);
  });

  it('ripple deletes the selected linked pair with Shift+Delete', async () => {
    await clip('V1', 30).click();
    await expect.poll(() => page.locator('[data-testid="timeline-clip"].selected').count()).toBe(2);
    await page.keyboard.press('Shift+Delete');
    await expect.poll(clips).toEqual(afterRipple);
    await undoRedo(afterSplit, afterRipple);
  });

  it('ripple trims an out point with Ctrl held: later clips follow on both tracks', async () => {
    const handle = await clip('V1', 30).locator('[data-testid="clip-trim-out"]').boundingBox();
    const x = handle!.x + handle!.width / 2;
    const y = handle!.y + handle!.height / 2;
    await page.mouse.move(x, y);
    await page.keyboard.down('Control');
    await page.mouse.down();
    await page.mouse.move(x - 5 * PX, y, { steps: 3 });
    await page.mouse.move(x - 10 * PX, y, { steps: 3 });
    await page.mouse.up();
    await page.keyboard.up('Control');
    await expect.poll(clips).toEqual(afterTrim);
    await undoRedo(afterRipple, afterTrim);
  });

  it('moves a clip up a track, snapping to the playhead, with a visible snap line', async () => {
    const box = await clip('V1', 50).boundingBox();
    const v2 = await laneBox('V2');
    const x = box!.x + 10;
    await page.mouse.move(x, box!.y + box!.height / 2);
    await page.mouse.down();
    await page.mouse.move(x - 10 * PX, v2.y + v2.height / 2, { steps: 4 });
    await page.mouse.move(x - 19 * PX, v2.y + v2.height / 2, { steps: 4 }); // frame 31: one frame from the playhead
    await expect.poll(() => page.locator('[data-testid="snap-indicator"]').getAttribute('data-frame')).toBe('30');
    await page.screenshot({ path: path.join(screenshotsDir(), 'timeline-drag.png') });
    await page.mouse.up();
    await expect(page.locator('[data-testid="snap-indicator"]').count()).resolves.toBe(0);
    await expect.poll(clips).toEqual(afterMove);
    await undoRedo(afterTrim, afterMove);
  });

  it('walks the whole history back and forward again', async () => {
    for (const state of [afterTrim, afterRipple, afterSplit, built]) {
      await page.keyboard.press('Control+z');
      await expect.poll(clips).toEqual(state);
    }
    for (const state of [afterSplit, afterRipple, afterTrim, afterMove]) {
      await page.keyboard.press('Control+Shift+z');
      await expect.poll(clips).toEqual(state);
    }
    await page.screenshot({ path: path.join(screenshotsDir(), 'timeline-edited.png') });
    // Waveforms and thumbnails are on screen for the trimmed, split and moved clips…
    await expect.poll(() => page.locator('[data-testid="clip-waveform"] div').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="timeline-clip"] [data-testid="clip-waveform"]').count()).toBe(2);
    expect(await page.locator('[data-testid="timeline-clip"] [data-testid="clip-thumbnails"]').count()).toBe(3);
    // …drawn from peaks and filmstrips asked for once per file (and zoom level), never again after an edit.
    const sent = await page.evaluate(() => (window as unknown as { __sent: Array<{ channel: string; input: unknown }> }).__sent);
    const peaks = sent.filter((m) => m.channel === 'media:peaks').map((m) => JSON.stringify(m.input));
    const strips = sent.filter((m) => m.channel === 'media:filmstrip').map((m) => JSON.stringify(m.input));
    expect(peaks.length).toBeGreaterThan(0);
    expect(new Set(peaks).size).toBe(peaks.length);
    expect(new Set(strips).size).toBe(strips.length);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('selects with a marquee, copies and pastes at the playhead, and undoes the paste', async () => {
    const v2 = await laneBox('V2');
    const a1 = await laneBox('A1');
    await page.mouse.move(v2.x + 70 * PX, v2.y + 10);
    await page.mouse.down();
    await page.mouse.move(v2.x + 40 * PX, a1.y + 10, { steps: 3 });
    await page.mouse.move(a1.x + 25 * PX, a1.y + 20, { steps: 3 });
    await expect.poll(() => page.locator('[data-testid="marquee"]').count()).toBe(1);
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid="timeline-clip"].selected').count()).toBe(5);
    await page.keyboard.press('Control+c');
    const ruler = await page.locator('[data-testid="ruler"]').boundingBox();
    await page.mouse.click(ruler!.x + 100 * PX + 1, ruler!.y + 8);
    await page.keyboard.press('Control+v');
    const pasted = ['V2 three.mp4@30-60', 'V2 three.mp4@130-160', 'V1 one.mp4@0-30', 'V1 two.mp4@30-50', 'V1 one.mp4@100-130', 'V1 two.mp4@130-150', 'A1 one.mp4@0-30', 'A1 three.mp4@30-60', 'A1 one.mp4@100-130', 'A1 three.mp4@130-160'];
    await expect.poll(clips).toEqual(pasted);
    await undoRedo(afterMove, pasted);
    await page.keyboard.press('Control+z');
    await expect.poll(clips).toEqual(afterMove);
  });

  it('splits from a clip\'s context menu', async () => {
    const ruler = await page.locator('[data-testid="ruler"]').boundingBox();
    await page.mouse.click(ruler!.x + 40 * PX + 1, ruler!.y + 8);
    await clip('V1', 30).click({ button: 'right', position: { x: 4, y: 30 } });
    await page.locator('[data-testid="clip-menu-timeline.split"]').click();
    await expect.poll(clips).toEqual(['V2 three.mp4@30-60', 'V1 one.mp4@0-30', 'V1 two.mp4@30-40', 'V1 two.mp4@40-50', 'A1 one.mp4@0-30', 'A1 three.mp4@30-60']);
    await page.keyboard.press('Control+z');
    await expect.poll(clips).toEqual(afterMove);
  });

  it('M adds a marker with a note at the playhead; undo removes it', async () => {
    await page.keyboard.press('m');
    await page.locator('[data-testid="overlay-marker"]').waitFor();
    await page.locator('[data-testid="marker-note"]').fill('Bridge shot needed here');
    await page.locator('[data-testid="marker-name"]').fill('Gap');
    await page.locator('[data-testid="marker-name"]').press('Enter');
    const marker = page.locator('[data-testid="marker"][data-frame="40"]');
    await expect.poll(() => marker.getAttribute('title')).toMatch(/Gap — Bridge shot needed here/);
    await page.keyboard.press('Control+z'); // the note
    await expect.poll(() => marker.getAttribute('title')).not.toMatch(/Bridge/);
    await page.keyboard.press('Control+z'); // the marker
    await expect.poll(() => page.locator('[data-testid="marker"]').count()).toBe(0);
  });

  it('N turns snapping off: a drag lands where it is dropped', async () => {
    await page.keyboard.press('n');
    await expect(page.locator('[data-testid="action-timeline.snapping"]').getAttribute('aria-pressed')).resolves.toBe('false');
    const box = await clip('V2', 30).boundingBox();
    const x = box!.x + 10;
    const y = box!.y + box!.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 5 * PX, y, { steps: 2 });
    await page.mouse.move(x + 21 * PX, y, { steps: 2 }); // start 51: one frame past two.mp4's end
    expect(await page.locator('[data-testid="snap-indicator"]').count()).toBe(0);
    await page.mouse.up();
    await expect.poll(clips).toEqual(['V2 three.mp4@51-81', 'V1 one.mp4@0-30', 'V1 two.mp4@30-50', 'A1 one.mp4@0-30', 'A1 three.mp4@51-81']);
    await page.keyboard.press('n');
  });
});
