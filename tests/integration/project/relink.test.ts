// Missing media and relinking with real files: a moved clip is found among decoys and
// ranked first with its reasons; relinking keeps the id; a file of the wrong kind is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { findRelinkCandidates, missingMedia, relinkMedia } from '../../../electron/services/project/relink';
import { mediaKind, probeFile } from '../../../electron/services/media/probe';
import { createProject } from '../../../shared/timeline/factory';
import type { Media } from '../../../shared/timeline/model';
import { newId } from '../../../shared/ids';
import { makeTempDir, makeTestClip, makeWav } from '../../helpers/media';

let dir: string;
let search: string;
let original: string;
let moved: string;
let media: Media;

async function mediaFor(file: string): Promise<Media> {
  const probe = await probeFile(file);
  return { id: newId('m'), name: path.basename(file), path: file, kind: mediaKind(probe), origin: 'file', probe };
}

beforeAll(async () => {
  dir = makeTempDir('segue-relink-');
  const shoot = path.join(dir, 'shoot');
  search = path.join(dir, 'search');
  fs.mkdirSync(shoot);
  fs.mkdirSync(path.join(search, 'deep', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(search, 'other'));
  fs.mkdirSync(path.join(search, '.hidden'));
  fs.mkdirSync(path.join(search, 'node_modules'));
  original = await makeTestClip(shoot, 'Interview.mp4', { seconds: 2, width: 160, height: 90 });
  media = {
    ...(await mediaFor(original)),
    metadata: { note: 'keep me' },
    provenance: { provider: 'local', model: 'test', prompt: 'an interview', jobId: 'j1', costUsd: 0, createdAt: '2025-01-01T00:00:00Z' },
  };
  // Decoys: the same name with another size and duration; the same bytes under another
  // name; a same-stem text file; copies where the walk must not look.
  await makeTestClip(path.join(search, 'other'), 'interview.mp4', { seconds: 3, width: 160, height: 90, video: 'color=c=green' });
  fs.copyFileSync(original, path.join(search, 'renamed.mp4'));
  fs.writeFileSync(path.join(search, 'Interview.txt'), 'not a video');
  fs.copyFileSync(original, path.join(search, '.hidden', 'Interview.mp4'));
  fs.copyFileSync(original, path.join(search, 'node_modules', 'Interview.mp4'));
  fs.symlinkSync(search, path.join(search, 'deep', 'loop'), 'dir');
  // The real one, moved deep into the folder.
  moved = path.join(search, 'deep', 'sub', 'INTERVIEW.mp4');
  fs.renameSync(original, moved);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('relink', () => {
  it('finds media whose file is gone or is not a file', async () => {
    const present = await mediaFor(moved);
    const folder = { ...present, id: newId('m'), path: path.join(dir, 'shoot') };
    const project = { ...createProject('p'), media: [present, media, folder] };
    expect(missingMedia(project)).toEqual([media.id, folder.id]);
  });

  it('ranks the moved file first with its reasons, among decoys', async () => {
    const found = await findRelinkCandidates([media], search);
    const list = found[media.id]!;
    expect(list[0]).toEqual({ path: moved, score: 1, reasons: ['same name', 'same size', 'same duration'] });
    const byPath = new Map(list.map((c) => [c.path, c]));
    expect(byPath.get(path.join(search, 'renamed.mp4'))).toMatchObject({ reasons: ['same size', 'same duration'] });
    expect(byPath.get(path.join(search, 'other', 'interview.mp4'))).toMatchObject({ reasons: ['same name'] });
    expect(byPath.get(path.join(search, 'renamed.mp4'))!.score).toBeLessThan(1);
    // Not media, hidden, node_modules, or through the symlink loop.
    expect(list.map((c) => c.path).filter((p) => /Interview\.txt|\.hidden|node_modules|loop/.test(p))).toEqual([]);
    expect(list.every((c) => c.score > 0 && c.score <= 1)).toBe(true);
    for (let i = 1; i < list.length; i++) expect(list[i]!.score).toBeLessThanOrEqual(list[i - 1]!.score);
  });

  it('respects maxDepth and cancelling; refuses a folder that is not there', async () => {
    const shallow = await findRelinkCandidates([media], search, { maxDepth: 1 });
    expect(shallow[media.id]!.map((c) => c.path)).not.toContain(moved);
    const controller = new AbortController();
    controller.abort();
    await expect(findRelinkCandidates([media], search, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    await expect(findRelinkCandidates([media], path.join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('relinks to the found file keeping the id, provenance and metadata', async () => {
    const relinked = await relinkMedia(media, moved);
    expect(relinked.id).toBe(media.id);
    expect(relinked.name).toBe(media.name);
    expect(relinked.path).toBe(moved);
    expect(relinked.probe.path).toBe(moved);
    expect(relinked.probe.sizeBytes).toBe(fs.statSync(moved).size);
    expect(relinked.kind).toBe('video');
    expect(relinked.provenance).toEqual(media.provenance);
    expect(relinked.metadata).toEqual({ note: 'keep me' });
    const project = { ...createProject('p'), media: [relinked] };
    expect(missingMedia(project)).toEqual([]);
  });

  it('refuses a file of the wrong kind: sound only for a video, no sound where there was', async () => {
    const wav = await makeWav(dir, 'Interview.wav', { seconds: 2 });
    await expect(relinkMedia(media, wav)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/Cannot relink Interview\.mp4 to Interview\.wav: it has no picture/) });
    const silent = await makeTestClip(dir, 'silent.mp4', { seconds: 2, width: 160, height: 90, audio: false });
    await expect(relinkMedia(media, silent)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/no sound/) });
    await expect(relinkMedia(media, path.join(search, 'Interview.txt'))).rejects.toMatchObject({ code: 'unsupported_media' });
  });
});
