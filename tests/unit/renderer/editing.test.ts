// Timeline commands through the real stores: each is one undo step, selection and
// playhead follow, and a refused edit changes nothing but says why.
import { beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../shared/timeline/factory';
import { actionForKey, runAction } from '../../../renderer/src/actions';
import { showProject } from '../../../renderer/src/actions/importing';
import { getProject, useDocument } from '../../../renderer/src/state/documentStore';
import { ui } from '../../../renderer/src/state/uiStore';
import { build, draw, RATE } from '../shared/edit/draw';

const flush = () => new Promise((r) => setTimeout(r, 0));
const run = async (id: string) => {
  runAction(id);
  await flush();
};
const picture = () => draw(getProject().timeline);
const past = () => useDocument.getState().history.past.map((c) => c.label);

beforeEach(() => {
  const p = createProject('Edit', { width: 64, height: 64, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  showProject({ ...p, timeline: build({ V1: 'AAAABB', V2: '', A1: 'aaaabb' }) });
  ui().set({ selectedClips: [], playhead: 0, clipboard: [], gapTarget: null, markIn: null, markOut: null, playing: false, playRate: 1, overlay: null, editingMarker: null });
});

describe('timeline commands', () => {
  it('S splits under the playhead on every track, one undo step', async () => {
    ui().set({ playhead: 2 });
    expect(actionForKey({ key: 's', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false })?.id).toBe('timeline.split');
    expect(actionForKey({ key: 'k', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false })?.id).toBe('timeline.split');
    await run('timeline.split');
    const ids = getProject().timeline.tracks[0]!.items.map((i) => i.id);
    expect(ids).toHaveLength(3);
    expect(past()).toEqual(['Split']);
    await run('edit.undo');
    expect(getProject().timeline.tracks[0]!.items.map((i) => i.id)).toEqual(['A', 'B']);
  });

  it('with a selection, S splits only the selected clips and selects the right parts', async () => {
    ui().set({ playhead: 5, selectedClips: ['B'] });
    await run('timeline.split');
    const sel = ui().selectedClips;
    expect(sel).toHaveLength(2);
    expect(sel).not.toContain('B');
  });

  it('delete lifts, ripple delete closes up, and with nothing selected closes the clicked gap', async () => {
    ui().set({ selectedClips: ['A'] });
    await run('edit.delete');
    expect(picture()).toEqual({ V1: '____BB', V2: '', A1: '____bb' });
    expect(ui().selectedClips).toEqual([]);
    ui().set({ gapTarget: { trackId: 'V1', frame: 1 } });
    await run('edit.rippleDelete');
    expect(picture()).toEqual({ V1: 'BB', V2: '', A1: 'bb' });
    expect(past()).toEqual(['Delete 2 clips', 'Close Gap']);
  });

  it('copy and paste at the playhead makes linked copies and moves the playhead past them', async () => {
    ui().set({ selectedClips: ['B'] });
    await run('edit.copy');
    ui().set({ playhead: 8 });
    await run('edit.paste');
    expect(picture()).toEqual({ V1: 'AAAABB__BB', V2: '', A1: 'aaaabb__bb' });
    expect(ui().playhead).toBe(10);
    expect(ui().selectedClips).toHaveLength(2);
    ui().set({ playhead: 0 });
    await run('edit.pasteInsert');
    expect(picture().V1).toBe('BBAAAABB__BB');
  });

  it('a refused edit changes nothing and says why', async () => {
    const before = getProject();
    ui().set({ playhead: 100 });
    await run('timeline.split');
    expect(getProject()).toBe(before);
    expect(past()).toEqual([]);
    expect(ui().status).toMatch(/no clip under the playhead/);
  });

  it('M adds a marker at the playhead and opens its note', async () => {
    ui().set({ playhead: 3 });
    await run('timeline.addMarker');
    expect(getProject().timeline.markers.map((m) => m.frame)).toEqual([3]);
    expect(ui().overlay).toBe('marker');
    expect(ui().editingMarker).toBe(getProject().timeline.markers[0]!.id);
  });

  it('I/O marks, edit points, J/K/L and nudge', async () => {
    ui().set({ playhead: 4 });
    await run('timeline.markIn');
    ui().set({ playhead: 2 });
    await run('timeline.markOut');
    expect([ui().markIn, ui().markOut]).toEqual([null, 2]); // an out before the in clears the in
    ui().set({ playhead: 1 });
    await run('transport.nextEdit');
    expect(ui().playhead).toBe(4);
    await run('transport.nextEdit');
    expect(ui().playhead).toBe(6);
    await run('transport.prevEdit');
    expect(ui().playhead).toBe(4);
    await run('transport.forward');
    await run('transport.forward');
    expect([ui().playing, ui().playRate]).toEqual([true, 2]);
    await run('transport.reverse');
    expect(ui().playRate).toBe(-1);
    await run('transport.stop');
    expect(ui().playing).toBe(false);
    ui().set({ selectedClips: ['B'] });
    await run('timeline.nudgeRight');
    expect(picture()).toEqual({ V1: 'AAAA_BB', V2: '', A1: 'aaaa_bb' });
  });
});
