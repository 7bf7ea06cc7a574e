// Markers as review notes in the real stores: M signs and dates a marker, Shift+M and
// Ctrl+Shift+M step through markers without touching the document, resolving is one undo
// step, the panel's filter, and an imported notes file is one "Import Review Notes" step
// (an invalid file changes nothing).
import { beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../shared/timeline/factory';
import { addMarker } from '../../../shared/timeline/edit/markers';
import type { Marker } from '../../../shared/timeline/model';
import { actionById, actionForKey, runAction } from '../../../renderer/src/actions';
import { importNotes, setStatus } from '../../../renderer/src/actions/markers';
import { showProject } from '../../../renderer/src/actions/importing';
import { setApi } from '../../../renderer/src/api';
import { filterMarkers } from '../../../renderer/src/components/MarkersPanel';
import { getProject, useDocument } from '../../../renderer/src/state/documentStore';
import { ui } from '../../../renderer/src/state/uiStore';
import { build, RATE } from '../shared/edit/draw';
import { fakeApi } from './fixtures';

const flush = () => new Promise((r) => setTimeout(r, 0));
const run = async (id: string) => {
  runAction(id);
  await flush();
};
const past = () => useDocument.getState().history.past.map((c) => c.label);
const key = (k: string, mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {}) => actionForKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods })?.id;

beforeEach(() => {
  const p = createProject('Review', { width: 64, height: 64, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  let timeline = build({ V1: 'AAAAAAAAAAAAAAAAAAAAAAAA', A1: '' });
  for (const [frame, name] of [[4, 'four'], [12, 'twelve'], [20, 'twenty']] as const) timeline = addMarker(timeline, frame, { name, note: `note ${name}` }).timeline;
  showProject({ ...p, timeline });
  ui().set({ playhead: 0, selectedMarker: null, overlay: null, editingMarker: null, scrollX: 0, zoom: 4 });
});

describe('marker navigation and review', () => {
  it('binds Shift+M to the next marker and Ctrl+Shift+M (or Alt+M) to the previous, shown in the Timeline menu', () => {
    expect(key('M', { shiftKey: true })).toBe('timeline.nextMarker');
    expect(key('M', { shiftKey: true, ctrlKey: true })).toBe('timeline.prevMarker');
    expect(key('M', { shiftKey: true, metaKey: true })).toBe('timeline.prevMarker');
    expect(key('m', { altKey: true })).toBe('timeline.prevMarker');
    expect(key('m')).toBe('timeline.addMarker');
    expect(actionById('timeline.nextMarker')).toMatchObject({ menu: 'Timeline', shortcut: 'Shift+M' });
    expect(actionById('file.exportNotes')).toMatchObject({ menu: 'File', label: 'Export Review Notes…' });
    expect(actionById('file.importNotes')).toMatchObject({ menu: 'File', label: 'Import Review Notes…' });
  });

  it('Shift+M moves the playhead to each next marker and selects it; Ctrl+Shift+M goes back; neither is an undo step', async () => {
    ui().set({ playhead: 4 });
    await run('timeline.nextMarker');
    expect(ui().playhead).toBe(12);
    expect(ui().selectedMarker).toBe(getProject().timeline.markers[1]!.id);
    await run('timeline.nextMarker');
    expect(ui().playhead).toBe(20);
    await run('timeline.nextMarker');
    expect(ui().playhead).toBe(20);
    expect(ui().status).toBe('No marker after the playhead');
    await run('timeline.prevMarker');
    expect(ui().playhead).toBe(12);
    expect(past()).toEqual([]);
  });

  it('M adds a marker signed with nobody yet and dated now, opening its dialog', async () => {
    ui().set({ playhead: 7 });
    const before = Date.now();
    await run('timeline.addMarker');
    const m = getProject().timeline.markers.find((x) => x.frame === 7)!;
    expect(m.author).toBeUndefined(); // no reviewer name in this (Node) environment
    expect(Date.parse(m.createdAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(ui()).toMatchObject({ overlay: 'marker', editingMarker: m.id, selectedMarker: m.id });
  });

  it('resolving and reopening are one undo step each', async () => {
    const id = getProject().timeline.markers[0]!.id;
    expect(setStatus([id], 'resolved')).toBe(true);
    expect(getProject().timeline.markers[0]!.status).toBe('resolved');
    expect(past()).toEqual(['Resolve Marker']);
    expect(setStatus([id], 'resolved')).toBe(false);
    await run('edit.undo');
    expect(getProject().timeline.markers[0]!.status).toBeUndefined();
  });

  it('the panel filter keeps time order and matches status and text in name, note or author', () => {
    const ms: Marker[] = [
      { id: 'b', name: 'Sound', frame: 9, duration: 0, color: 'red', note: 'hum', author: 'Bo', status: 'resolved' },
      { id: 'a', name: 'Colour', frame: 2, duration: 0, color: 'red', note: 'warm' },
    ];
    expect(filterMarkers(ms, 'all', '').map((m) => m.id)).toEqual(['a', 'b']);
    expect(filterMarkers(ms, 'open', '').map((m) => m.id)).toEqual(['a']);
    expect(filterMarkers(ms, 'resolved', '').map((m) => m.id)).toEqual(['b']);
    expect(filterMarkers(ms, 'all', 'bo').map((m) => m.id)).toEqual(['b']);
    expect(filterMarkers(ms, 'all', 'WARM').map((m) => m.id)).toEqual(['a']);
  });

  it('imports a notes file as one "Import Review Notes" step: matching markers updated, others added', async () => {
    setApi(
      fakeApi({
        'review:importNotes': () => ({
          ok: true,
          value: { notes: [{ line: 2, frame: 12, name: 'twelve', author: '', note: 'fixed', status: 'resolved' }, { line: 3, frame: 30, name: 'new', note: 'added' }] },
        }),
      }),
    );
    expect(await importNotes('/n.csv')).toBeNull();
    expect(past()).toEqual(['Import Review Notes']);
    expect(getProject().timeline.markers.map((m) => [m.frame, m.name, m.note, m.status ?? 'open'])).toEqual([
      [4, 'four', 'note four', 'open'],
      [12, 'twelve', 'fixed', 'resolved'],
      [20, 'twenty', 'note twenty', 'open'],
      [30, 'new', 'added', 'open'],
    ]);
    expect(ui().status).toBe('Imported 2 notes: 1 added, 1 updated');
    await run('edit.undo');
    expect(getProject().timeline.markers).toHaveLength(3);
  });

  it('a notes file the main process refuses changes nothing and returns its one line', async () => {
    setApi(fakeApi({ 'review:importNotes': () => ({ ok: false, error: { code: 'invalid_input', message: 'n.csv line 3: "soon" is not a timecode (HH:MM:SS:FF at 24 fps)' } }) }));
    const before = getProject();
    expect(await importNotes('/n.csv')).toBe('n.csv line 3: "soon" is not a timecode (HH:MM:SS:FF at 24 fps)');
    expect(getProject()).toBe(before);
    expect(past()).toEqual([]);
  });
});
