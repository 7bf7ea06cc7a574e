// `segue web timeline.otio` in Chromium: every OTIO clip becomes a timeline clip on the
// right track, with a waveform drawn from precomputed peaks and a thumbnail filmstrip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotsDir, startSegueWeb, tempDir, watchErrors, type RunningHost, tearDown } from '../helpers/host';
import { makeTestClip } from '../helpers/media';

const rt = (value: number, rate = 24) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate });
const tr = (start: number, duration: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start), duration: rt(duration) });
const clip = (name: string, url: string, frames: number) => ({
  OTIO_SCHEMA: 'Clip.1',
  name,
  source_range: tr(0, frames),
  media_reference: { OTIO_SCHEMA: 'ExternalReference.1', target_url: url, available_range: null, metadata: {} },
  effects: [],
  markers: [],
  metadata: {},
});
const gap = (frames: number) => ({ OTIO_SCHEMA: 'Gap.1', name: '', source_range: tr(0, frames), effects: [], markers: [], metadata: {} });
const track = (name: string, kind: 'Video' | 'Audio', children: unknown[]) => ({ OTIO_SCHEMA: 'Track.1', name, kind, children, source_range: null, effects: [], markers: [], metadata: {} });

let dir: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  dir = tempDir('otio-');
  const media = path.join(dir, 'media');
  fs.mkdirSync(media);
  const a = await makeTestClip(media, 'alpha.mp4', { seconds: 2, width: 320, height: 180, fps: 24, video: 'testsrc2', toneHz: 440 });
  await makeTestClip(media, 'bravo.mp4', { seconds: 2, width: 320, height: 180, fps: 24, video: 'smptebars', toneHz: 660 });
  const c = await makeTestClip(media, 'charlie.mp4', { seconds: 1, width: 320, height: 180, fps: 24, video: 'mandelbrot', toneHz: 880 });
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    name: 'E2E cut',
    global_start_time: null,
    metadata: {},
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: [],
      metadata: {},
      children: [
        // three ways to name media: file URL, relative path, plain absolute path
        track('V1', 'Video', [clip('alpha', `file://${a}`, 48), gap(12), clip('bravo', 'media/bravo.mp4', 36)]),
        track('V2', 'Video', [gap(24), clip('charlie', c, 24)]),
        track('A1', 'Audio', [clip('alpha', `file://${a}`, 48), gap(12), clip('bravo', 'media/bravo.mp4', 36)]),
      ],
    },
  };
  const otio = path.join(dir, 'cut.otio');
  fs.writeFileSync(otio, JSON.stringify(timeline, null, 2));
  host = await startSegueWeb([otio], { SEGUE_USER_DATA: path.join(dir, 'user') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  errors = watchErrors(page);
  await page.goto(host.url);
  await page.waitForSelector('[data-testid="timeline-clip"]');
});

afterAll(() => tearDown(browser, host, dir));

describe('an OTIO timeline in the browser', () => {
  it('shows one timeline clip per OTIO clip, on the right tracks', async () => {
    await expect.poll(() => page.locator('[data-testid="timeline-clip"]').count()).toBe(5);
    const perTrack = await page.$$eval('[data-testid="track"]', (tracks) =>
      tracks.map((t) => ({
        kind: t.getAttribute('data-kind'),
        clips: [...t.querySelectorAll('[data-testid="timeline-clip"]')].map((c) => `${c.getAttribute('data-name')}@${c.getAttribute('data-start')}-${c.getAttribute('data-end')}`),
      })),
    );
    const video = perTrack.filter((t) => t.kind === 'video').map((t) => t.clips);
    const audio = perTrack.filter((t) => t.kind === 'audio').map((t) => t.clips);
    // video tracks are listed top-down, highest first, as in Premiere
    expect(video).toEqual([['charlie@24-48'], ['alpha@0-48', 'bravo@60-96']]);
    expect(audio[0]).toEqual(['alpha@0-48', 'bravo@60-96']);
  });

  it('draws waveforms from precomputed peaks on audio clips', async () => {
    const waveforms = page.locator('[data-testid="track"][data-kind="audio"] [data-testid="clip-waveform"]');
    await expect.poll(() => waveforms.count()).toBe(2);
    // wavesurfer renders into a canvas inside a shadow root; it must have drawn something
    const drawn = async () =>
      page.$$eval('[data-testid="clip-waveform"]', (els) =>
        els.map((el) => {
          const canvases: HTMLCanvasElement[] = [];
          const walk = (root: Element | ShadowRoot) => {
            root.querySelectorAll('*').forEach((n) => {
              if (n instanceof HTMLCanvasElement) canvases.push(n);
              if (n.shadowRoot) walk(n.shadowRoot);
            });
          };
          walk(el);
          return canvases.some((cv) => {
            const ctx = cv.getContext('2d');
            if (!ctx || cv.width === 0 || cv.height === 0) return false;
            const data = ctx.getImageData(0, 0, cv.width, cv.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
            return false;
          });
        }),
      );
    await expect.poll(drawn, { timeout: 20_000 }).toEqual([true, true]);
  });

  it('shows a thumbnail filmstrip on video clips', async () => {
    const strips = page.locator('[data-testid="clip-thumbnails"]');
    await expect.poll(() => strips.count()).toBe(3);
    const urls = async () =>
      page.$$eval('[data-testid="clip-thumbnails"]', (els) =>
        els.map((el) => {
          const own = getComputedStyle(el).backgroundImage;
          const child = el.querySelector<HTMLElement>('*');
          const img = el.querySelector('img')?.getAttribute('src');
          return img ?? (own !== 'none' ? own : child ? getComputedStyle(child).backgroundImage : 'none');
        }),
      );
    await expect.poll(async () => (await urls()).every((u) => /\/asset\//.test(u)), { timeout: 20_000 }).toBe(true);
    const first = /\/asset\/[^")]+/.exec((await urls())[0]!)![0];
    const res = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, first);
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/jpeg');
    expect(res.size).toBeGreaterThan(500);
  });

  it('looks like an editor: all panels present, no page errors', async () => {
    for (const id of ['timeline', 'media-bin', 'monitor', 'jobs-panel', 'inspector', 'ruler', 'playhead']) {
      await expect.poll(() => page.locator(`[data-testid="${id}"]`).count(), { message: id }).toBeGreaterThan(0);
    }
    await page.screenshot({ path: path.join(screenshotsDir(), 'otio-timeline.png') });
    expect(errors).toEqual([]);
  });
});
