import { beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../shared/timeline/factory';
import { setApi } from '../../../renderer/src/api';
import { appendToTimeline, importPaths, pathsFromText, showProject } from '../../../renderer/src/actions/importing';
import { getProject, useDocument } from '../../../renderer/src/state/documentStore';
import { ui } from '../../../renderer/src/state/uiStore';
import { fakeApi, media } from './fixtures';

beforeEach(() => {
  showProject(createProject('Test'));
  ui().set({ toasts: [], selectedMedia: [], selectedClips: [], playhead: 0, zoom: 4 });
});

describe('document store', () => {
  it('undo and redo restore the exact documents of each step', () => {
    const start = getProject();
    useDocument.getState().run('Rename', (d) => void (d.name = 'Renamed'));
    const renamed = getProject();
    useDocument.getState().run('Add media', (d) => void d.media.push(media('a')));
    const added = getProject();
    useDocument.getState().undo();
    expect(getProject()).toEqual(renamed);
    useDocument.getState().undo();
    expect(getProject()).toEqual(start);
    useDocument.getState().redo();
    useDocument.getState().redo();
    expect(getProject()).toEqual(added);
  });

  it('a new command clears redo', () => {
    useDocument.getState().run('Rename', (d) => void (d.name = 'A'));
    useDocument.getState().undo();
    expect(useDocument.getState().history.future).toHaveLength(1);
    useDocument.getState().run('Rename', (d) => void (d.name = 'B'));
    expect(useDocument.getState().history.future).toHaveLength(0);
  });

  it('selection, zoom and playhead changes leave history (and redo) untouched', () => {
    useDocument.getState().run('Rename', (d) => void (d.name = 'A'));
    useDocument.getState().undo();
    const before = useDocument.getState().history;
    ui().set({ selectedMedia: ['x'], selectedClips: ['c'], zoom: 9, scrollX: 40, playhead: 12 });
    expect(useDocument.getState().history).toBe(before);
    expect(before.future).toHaveLength(1);
  });

  it('loading a project starts a fresh history that cannot be undone', () => {
    useDocument.getState().run('Rename', (d) => void (d.name = 'A'));
    const next = createProject('Other');
    showProject(next);
    expect(getProject()).toBe(next);
    expect(useDocument.getState().history.past).toHaveLength(0);
    useDocument.getState().undo();
    expect(getProject()).toBe(next);
  });
});

describe('import and append', () => {
  it('adds every imported file to the bin in one undoable command', async () => {
    setApi(fakeApi({ 'media:import': ({ paths }) => ({ ok: true, value: { imported: paths.map((p, i) => ({ ...media(`m${i}`), path: p })), failed: [] } }) }));
    await importPaths(['/a.mp4', '/b.mp4']);
    const h = useDocument.getState().history;
    expect(h.past.map((c) => c.label)).toEqual(['Import 2 clips']);
    expect(getProject().media.map((m) => m.path)).toEqual(['/a.mp4', '/b.mp4']);
    expect(ui().selectedMedia).toEqual(['m0', 'm1']);
    useDocument.getState().undo();
    expect(getProject().media).toEqual([]);
  });

  it('shows one toast per failed file and changes nothing else', async () => {
    setApi(
      fakeApi({
        'media:import': ({ paths }) => ({ ok: true, value: { imported: [], failed: paths.map((path) => ({ path, code: 'unsupported_media', message: `${path} is not a video, audio or image file.` })) } }),
      }),
    );
    const before = getProject();
    await importPaths(['/x.txt', '/y.doc']);
    expect(ui().toasts.map((t) => t.text)).toEqual(['/x.txt is not a video, audio or image file.', '/y.doc is not a video, audio or image file.']);
    expect(getProject()).toBe(before);
    expect(useDocument.getState().history.past).toHaveLength(0);
  });

  it('appends several bin items as one command', () => {
    useDocument.getState().run('Import 2 clips', (d) => void d.media.push(media('a'), media('b')));
    appendToTimeline(['a', 'b']);
    const h = useDocument.getState().history;
    expect(h.past.map((c) => c.label)).toEqual(['Import 2 clips', 'Append 2 clips']);
    const v1 = getProject().timeline.tracks.find((t) => t.kind === 'video')!;
    expect(v1.items.map((i) => i.kind === 'clip' && i.mediaId)).toEqual(['a', 'b']);
    useDocument.getState().undo();
    expect(getProject().timeline.tracks.every((t) => t.items.length === 0)).toBe(true);
  });
});

describe('selection after undo', () => {
  it('drops selected bin items and clips that an undo removed', async () => {
    setApi(fakeApi({ 'media:import': () => ({ ok: true, value: { imported: [media('a')], failed: [] } }) }));
    await importPaths(['/a.mp4']);
    appendToTimeline(['a']);
    const clipId = getProject().timeline.tracks[0]!.items[0]!.id;
    ui().set({ selectedMedia: ['a'], selectedClips: [clipId], sourceMediaId: 'a' });
    useDocument.getState().undo();
    expect(ui().selectedClips).toEqual([]);
    expect(ui().selectedMedia).toEqual(['a']);
    useDocument.getState().undo();
    expect(ui().selectedMedia).toEqual([]);
    expect(ui().sourceMediaId).toBeNull();
  });
});

describe('paths dropped on the bin', () => {
  it('reads absolute paths and file:// URLs, one per line, and skips the rest', () => {
    const text = '# from a file manager\r\nfile:///home/me/My%20Clip.mp4\n/abs/b.wav\nrelative/c.mp4\n\nfile://localhost/x/y.mov\nC:\\clips\\d.mp4\nhttps://example.com/e.mp4';
    expect(pathsFromText(text)).toEqual(['/home/me/My Clip.mp4', '/abs/b.wav', '/x/y.mov', 'C:\\clips\\d.mp4']);
  });
});
