// Collect project: real clips copied into one folder, the collected project loads and points
// at the copies; clashes, missing files, cancelling and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { collectProject, projectFileName, REPORT_FILE, type CollectProgress } from '../../../electron/services/project/collect';
import { readProjectFile, writeProjectFile } from '../../../electron/services/project/projectFile';
import { mediaKind, probeFile } from '../../../electron/services/media/probe';
import { clipsForMedia, createProject } from '../../../shared/timeline/factory';
import type { Media, Project } from '../../../shared/timeline/model';
import { newId } from '../../../shared/ids';
import { makeTempDir, makeTestClip, makeWav } from '../../helpers/media';
import { segueSync } from '../../helpers/host';

let dir: string;
let src: string;
const clips: Record<string, string> = {};

async function mediaFor(file: string): Promise<Media> {
  const probe = await probeFile(file);
  return { id: newId('m'), name: path.basename(file), path: file, kind: mediaKind(probe), origin: 'file', probe };
}

/** A project using every media: the first ones on the timeline, the rest only in the bin. */
function projectOf(name: string, media: Media[], onTimeline = 2): Project {
  const p = createProject(name);
  for (const m of media.slice(0, onTimeline)) {
    const { video, audio } = clipsForMedia(m, p.settings.rate);
    if (video) p.timeline.tracks.find((t) => t.kind === 'video')!.items.push(video);
    if (audio) p.timeline.tracks.find((t) => t.kind === 'audio')!.items.push(audio);
  }
  return { ...p, media };
}

const fingerprint = (file: string) => {
  const st = fs.statSync(file);
  return { mtimeMs: st.mtimeMs, size: st.size, sha: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
};

/** Every file under `root`, relative, sorted. */
const listTree = (root: string): string[] => (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();

beforeAll(async () => {
  dir = makeTempDir('segue-collect-');
  src = path.join(dir, 'src');
  fs.mkdirSync(path.join(src, 'day1'), { recursive: true });
  fs.mkdirSync(path.join(src, 'day2'), { recursive: true });
  clips.a = await makeTestClip(path.join(src, 'day1'), 'shot.mp4', { seconds: 1, width: 160, height: 90, video: 'color=c=red' });
  clips.b = await makeTestClip(path.join(src, 'day2'), 'shot.mp4', { seconds: 1.5, width: 160, height: 90, video: 'color=c=blue' });
  clips.c = await makeTestClip(src, 'Wide.mp4', { seconds: 1, width: 160, height: 90 });
  clips.wav = await makeWav(src, 'music.wav', { seconds: 1 });
  // An old modification time, to check it is kept.
  const old = new Date('2020-05-06T07:08:09Z');
  fs.utimesSync(clips.c, old, old);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('collectProject', () => {
  it('copies every used or binned file once, dedupes clashing names, and the collected project loads from the copies', async () => {
    const media = [await mediaFor(clips.a!), await mediaFor(clips.b!), await mediaFor(clips.c!), await mediaFor(clips.wav!)];
    // The same file imported twice is copied once.
    const again = { ...(await mediaFor(clips.c!)), name: 'Wide again' };
    const project = projectOf('Hand off: v1', [...media, again]);
    const before = Object.fromEntries(Object.values(clips).map((f) => [f, fingerprint(f)]));
    const dest = path.join(dir, 'out1', 'nested');
    const progress: CollectProgress[] = [];

    const r = await collectProject(project, dest, { onProgress: (p) => progress.push(p) });

    expect(r.projectFile).toBe(path.join(dest, projectFileName('Hand off: v1')));
    expect(path.basename(r.projectFile)).toBe('Hand off_ v1.segue');
    expect(r.copied).toBe(4);
    const expectedBytes = [clips.a, clips.b, clips.c, clips.wav].reduce((n, f) => n + fs.statSync(f!).size, 0);
    expect(r.bytes).toBe(expectedBytes);
    expect(r.missing).toEqual([]);
    expect(r.renamed).toEqual([{ from: clips.b, to: path.join(dest, 'media', 'shot (2).mp4') }]);
    expect(listTree(dest)).toEqual([REPORT_FILE, 'Hand off_ v1.segue', 'media', 'media/Wide.mp4', 'media/music.wav', 'media/shot (2).mp4', 'media/shot.mp4'].sort());

    const loaded = await readProjectFile(r.projectFile);
    expect(loaded.media.map((m) => m.id)).toEqual(project.media.map((m) => m.id));
    expect(loaded.timeline).toEqual(project.timeline);
    for (const m of loaded.media) {
      expect(path.isAbsolute(m.path)).toBe(true);
      expect(m.path.startsWith(dest + path.sep)).toBe(true);
      expect(fs.statSync(m.path).isFile()).toBe(true);
      expect(m.probe.path).toBe(m.path);
    }
    const byId = new Map(loaded.media.map((m) => [m.id, m]));
    expect(byId.get(media[0]!.id)!.path).toBe(path.join(dest, 'media', 'shot.mp4'));
    expect(byId.get(media[1]!.id)!.path).toBe(path.join(dest, 'media', 'shot (2).mp4'));
    expect(byId.get(again.id)!.path).toBe(byId.get(media[2]!.id)!.path);
    // Copies are the same bytes with the same modification time.
    expect(fingerprint(byId.get(media[2]!.id)!.path)).toEqual(before[clips.c!]);
    expect(fingerprint(byId.get(media[1]!.id)!.path).sha).toBe(before[clips.b!]!.sha);

    // The source is untouched.
    for (const [f, fp] of Object.entries(before)) expect(fingerprint(f)).toEqual(fp);
    expect(fs.readdirSync(src).sort()).toEqual(['Wide.mp4', 'day1', 'day2', 'music.wav']);

    // Progress by bytes, ending at 1.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ progress: 1, etaSeconds: 0 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThanOrEqual(progress[i - 1]!.progress);

    const report = fs.readFileSync(path.join(dest, REPORT_FILE), 'utf8');
    expect(report).toMatch(/Copied \(4 files/);
    expect(report).toContain(`media/shot (2).mp4 <- ${clips.b}`);
    expect(report).toMatch(/Missing \(0\):\n {2}none/);
    expect(report).toMatch(/Renamed \(1\):/);
  });

  it('reports a missing file, leaves it offline at its old path and collects the rest', async () => {
    const gone = path.join(src, 'deleted.mp4');
    const present = await mediaFor(clips.a!);
    const lost = { ...(await mediaFor(clips.c!)), id: newId('m'), name: 'deleted.mp4', path: gone };
    lost.probe = { ...lost.probe, path: gone };
    const project = projectOf('With a hole', [present, lost]);
    const dest = path.join(dir, 'out-missing');

    const r = await collectProject(project, dest);

    expect(r.copied).toBe(1);
    expect(r.missing).toEqual([{ mediaId: lost.id, path: gone }]);
    const loaded = await readProjectFile(r.projectFile);
    expect(loaded.media.find((m) => m.id === lost.id)!.path).toBe(gone);
    expect(loaded.media.find((m) => m.id === present.id)!.path).toBe(path.join(dest, 'media', 'shot.mp4'));
    expect(fs.readFileSync(path.join(dest, REPORT_FILE), 'utf8')).toMatch(new RegExp(`Missing \\(1\\):\\n {2}${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('refuses a folder that is not empty unless allowed to overwrite', async () => {
    const project = projectOf('Busy', [await mediaFor(clips.a!)]);
    const dest = path.join(dir, 'busy');
    fs.mkdirSync(dest);
    fs.writeFileSync(path.join(dest, 'notes.txt'), 'keep me');
    await expect(collectProject(project, dest)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/is not empty/) });
    expect(fs.readdirSync(dest)).toEqual(['notes.txt']);
    const r = await collectProject(project, dest, { overwrite: true });
    expect(r.copied).toBe(1);
    expect(fs.readdirSync(dest).sort()).toEqual(['Busy.segue', REPORT_FILE, 'media', 'notes.txt'].sort());
    // Collecting again over it replaces the copies, it does not add `shot (2).mp4`.
    const again = await collectProject(project, dest, { overwrite: true });
    expect(again.renamed).toEqual([]);
    expect(fs.readdirSync(path.join(dest, 'media'))).toEqual(['shot.mp4']);
  });

  it('cancelling removes everything this run made', async () => {
    // A large file (the collect copies bytes; it does not look inside) so cancelling lands mid-copy.
    const big = path.join(src, 'big.mov');
    fs.writeFileSync(big, crypto.randomBytes(24 * 1024 * 1024));
    try {
      const bigMedia = { ...(await mediaFor(clips.c!)), id: newId('m'), name: 'big.mov', path: big };
      bigMedia.probe = { ...bigMedia.probe, path: big, sizeBytes: fs.statSync(big).size };
      const project = projectOf('Cancel me', [await mediaFor(clips.a!), bigMedia, await mediaFor(clips.wav!)]);

      // A fresh folder: it is removed entirely.
      const fresh = path.join(dir, 'cancel-fresh');
      const controller = new AbortController();
      let aborted = -1;
      const run = collectProject(project, fresh, {
        signal: controller.signal,
        onProgress: ({ progress }) => {
          if (progress > 0.1 && aborted < 0) {
            aborted = progress;
            controller.abort();
          }
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'cancelled' });
      expect(aborted).toBeGreaterThan(0);
      expect(aborted).toBeLessThan(1);
      expect(fs.existsSync(fresh)).toBe(false);

      // A folder that was there (empty): it stays, empty.
      const existing = path.join(dir, 'cancel-existing');
      fs.mkdirSync(existing);
      const c2 = new AbortController();
      const run2 = collectProject(project, existing, { signal: c2.signal, onProgress: ({ progress }) => progress > 0.5 && c2.abort() });
      await expect(run2).rejects.toMatchObject({ code: 'cancelled' });
      expect(fs.readdirSync(existing)).toEqual([]);

      // Already cancelled: nothing is made.
      const c3 = new AbortController();
      c3.abort();
      await expect(collectProject(project, path.join(dir, 'cancel-early'), { signal: c3.signal })).rejects.toMatchObject({ code: 'cancelled' });
      expect(fs.existsSync(path.join(dir, 'cancel-early'))).toBe(false);
    } finally {
      fs.rmSync(big, { force: true });
    }
  });

  it('never replaces the source project with the collected one', async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const project = projectOf('Home', [await mediaFor(clips.a!)]);
    const file = path.join(home, 'Home.segue');
    await writeProjectFile(file, project);
    const before = fs.readFileSync(file, 'utf8');
    await expect(collectProject(project, home, { overwrite: true, sourceProjectFile: file })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/replace the project itself/) });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(home)).toEqual(['Home.segue']);
  });
});

describe('segue collect', () => {
  const segue = (...args: string[]) => segueSync(path.join(dir, 'user'), args);

  it('collects a project end to end, warns about missing media and refuses a busy folder', async () => {
    const gone = path.join(src, 'gone.mp4');
    const lost = { ...(await mediaFor(clips.c!)), id: newId('m'), name: 'gone.mp4', path: gone };
    const project = projectOf('CLI cut', [await mediaFor(clips.a!), await mediaFor(clips.b!), lost]);
    const file = path.join(dir, 'cli-src', 'cut.segue');
    fs.mkdirSync(path.dirname(file));
    await writeProjectFile(file, project);
    const sourceText = fs.readFileSync(file, 'utf8');
    const out = path.join(dir, 'cli-out');

    const r = segue('collect', file, out);
    expect(r.stderr).toMatch(/\[#+\] +100%/);
    expect(r.code).toBe(0);
    const expectedMb = ((fs.statSync(clips.a!).size + fs.statSync(clips.b!).size) / 1e6).toFixed(1);
    expect(r.stdout).toBe(`${path.join(out, 'CLI cut.segue')}: 2 files, ${expectedMb} MB copied, 1 missing\n`);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(gone);
    const loaded = await readProjectFile(path.join(out, 'CLI cut.segue'));
    expect(loaded.media.filter((m) => m.path.startsWith(out + path.sep)).length).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(sourceText);

    const busy = segue('collect', file, out);
    expect(busy.code).toBe(1);
    expect(busy.stdout).toBe('');
    expect(busy.stderr.trim().split('\n')).toHaveLength(1);
    expect(busy.stderr).toMatch(/^segue: .*not empty.*--force/);

    const forced = segue('collect', file, out, '--force');
    expect(forced.code).toBe(0);

    const usage = segue('collect', file);
    expect(usage.code).toBe(1);
    expect(usage.stderr.trim()).toBe('segue: usage: segue collect PROJECT DIR [--force]');

    const help = segue('--help');
    expect(help.stdout).toMatch(/segue collect PROJECT DIR/);
  });
});
