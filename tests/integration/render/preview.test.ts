// Preview rendering: segments cached by content, so an edit re-renders only what it
// touched; the joined preview is exactly as long as the timeline, picture and sound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createServices } from '../../../electron/services';
import { PreviewService } from '../../../electron/services/render/previewService';
import { runFfmpeg } from '../../../electron/services/ffmpeg/runner';
import { rippleDelete, trim } from '../../../shared/timeline/edit';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { createProject } from '../../../shared/timeline/factory';
import type { Media, Project } from '../../../shared/timeline/model';
import { makeTempDir, makeTestClip } from '../../helpers/media';

let dir: string;
let media: Media[] = [];
let base: Project;

async function frames(file: string): Promise<number> {
  let n = 0;
  await runFfmpeg(['-v', 'error', '-i', file, '-vf', 'scale=4:4,format=gray', '-f', 'rawvideo', '-'], { onStdout: (d) => (n += d.length) });
  return n / 16;
}

beforeAll(async () => {
  dir = makeTempDir('segue-preview-');
  const s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  const colours = ['red', 'blue', 'green', 'yellow'];
  media = await Promise.all(colours.map(async (c, i) => s.media.createMedia(await makeTestClip(dir, `${c}.mp4`, { seconds: 2, width: 320, height: 180, fps: 30, video: `color=c=${c}`, toneHz: 300 + 100 * i }))));
  const p = createProject('preview', { width: 1280, height: 720, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  let t = p.timeline;
  for (const m of media) t = appendMedia(t, m);
  base = { ...p, media, timeline: t };
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('preview', () => {
  it('renders every segment once, then only what an edit touched', async () => {
    const preview = new PreviewService(path.join(dir, 'cache'));
    const first = await preview.render(base);
    expect(first.segments).toBe(4);
    expect(first.rendered).toBe(4);
    expect(first.frames).toBe(240);
    expect(await frames(first.file)).toBe(240);
    const again = await preview.render(base);
    expect(again.rendered).toBe(0);
    expect(again.file).toBe(first.file);

    // A ripple trim of the second clip: only its segment changes; later ones move but keep their content.
    const v2 = base.timeline.tracks.find((t) => t.kind === 'video')!.items[1]!.id;
    const trimmed = { ...base, timeline: trim(base.timeline, v2, 'out', -15, { ripple: true, media }) };
    const after = await preview.render(trimmed);
    expect(after.rendered).toBe(1);
    expect(after.frames).toBe(225);
    expect(await frames(after.file)).toBe(225);
    const probe = await createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') }).media.probe(after.file);
    expect(probe.streams.map((x) => x.type).sort()).toEqual(['audio', 'video']);
    expect(probe.streams.find((x) => x.type === 'video')!.height).toBe(540);
    expect(Math.abs(probe.durationSeconds - 7.5)).toBeLessThan(0.1);

    // Deleting a clip re-renders nothing: what is left was all rendered before.
    const v1 = base.timeline.tracks.find((t) => t.kind === 'video')!.items[0]!.id;
    expect((await preview.render({ ...base, timeline: rippleDelete(base.timeline, [v1]) })).rendered).toBe(0);
  });

  it('keeps the cache under its cap, oldest first, and clears it on request', async () => {
    const preview = new PreviewService(path.join(dir, 'cache2'), 1);
    const r = await preview.render(base);
    // Everything in use stays even over the cap; nothing else is left.
    expect(fs.existsSync(r.file)).toBe(true);
    fs.writeFileSync(path.join(preview.dir, 'old.mp4'), 'x');
    fs.utimesSync(path.join(preview.dir, 'old.mp4'), new Date(0), new Date(0));
    preview.evict(new Set([r.file]));
    expect(fs.existsSync(path.join(preview.dir, 'old.mp4'))).toBe(false);
    expect(preview.clear()).toBeGreaterThan(0);
    expect(fs.readdirSync(preview.dir)).toEqual([]);
  });
});
