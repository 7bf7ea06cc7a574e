import { beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../shared/timeline/factory';
import { ACTIONS, actionForKey, actionState, isEnabled, actionById, runAction } from '../../../renderer/src/actions';
import { showProject } from '../../../renderer/src/actions/importing';
import { getProject, useDocument } from '../../../renderer/src/state/documentStore';
import { ui } from '../../../renderer/src/state/uiStore';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}) => ({ key: k, ctrlKey: !!mods.ctrl, metaKey: false, shiftKey: !!mods.shift, altKey: !!mods.alt });
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  showProject(createProject('Test'));
  ui().set({ selectedMedia: [], overlay: null, playing: false });
});

describe('actions', () => {
  it('have unique ids, and every shortcut reaches exactly one action', () => {
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
    const keys = ACTIONS.flatMap((a) => a.keys ?? []).map((k) => k.toUpperCase());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    [key('i', { ctrl: true }), 'file.import'],
    [key('o', { ctrl: true }), 'file.openProject'],
    [key('z', { ctrl: true }), 'edit.undo'],
    [key('Z', { ctrl: true, shift: true }), 'edit.redo'],
    [key('y', { ctrl: true }), 'edit.redo'],
    [key('.'), 'timeline.appendSelected'],
    [key('='), 'view.zoomIn'],
    [key('-'), 'view.zoomOut'],
    [key('Z', { shift: true }), 'view.zoomFit'],
    [key(' '), 'transport.playPause'],
    [key('ArrowLeft'), 'transport.stepBack'],
    [key('ArrowRight'), 'transport.stepForward'],
    [key('Home'), 'transport.home'],
    [key('End'), 'transport.end'],
    [key('?', { shift: true }), 'help.shortcuts'],
  ])('maps %o to %s', (e, id) => {
    expect(actionForKey(e)?.id).toBe(id);
  });

  it('leaves plain letters alone', () => {
    expect(actionForKey(key('z'))).toBeUndefined();
  });

  it('enables undo, redo and append from the state alone', () => {
    const undo = actionById('edit.undo')!;
    const append = actionById('timeline.appendSelected')!;
    expect(isEnabled(undo)).toBe(false);
    expect(isEnabled(append)).toBe(false);
    useDocument.getState().run('Rename', (d) => void (d.name = 'A'));
    ui().set({ selectedMedia: ['m'] });
    expect(isEnabled(undo, actionState())).toBe(true);
    expect(isEnabled(append, actionState())).toBe(true);
  });

  it('runs undo and redo by id, as the native menu does', async () => {
    useDocument.getState().run('Rename', (d) => void (d.name = 'A'));
    runAction('edit.undo');
    await flush();
    expect(getProject().name).toBe('Test');
    expect(ui().status).toBe('Undid Rename');
    runAction('edit.redo');
    await flush();
    expect(getProject().name).toBe('A');
  });

  it('ignores unknown and disabled ids', async () => {
    const before = useDocument.getState().history;
    runAction('no.such.action');
    runAction('edit.redo');
    await flush();
    expect(useDocument.getState().history).toBe(before);
  });

  it('toggles playback without touching the document', async () => {
    const before = useDocument.getState().history;
    runAction('transport.playPause');
    await flush();
    expect(ui().playing).toBe(true);
    expect(useDocument.getState().history).toBe(before);
  });
});
