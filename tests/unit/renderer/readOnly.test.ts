// Review mode's edit filter: a project open for review takes marker edits and refuses
// everything else, leaving the document exactly as it was.
import { beforeEach, describe, expect, it } from 'vitest';
import { castDraft } from 'immer';
import { createProject } from '../../../shared/timeline/factory';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { addMarker, removeMarker, setMarkerStatus, updateMarker } from '../../../shared/timeline/edit/markers';
import { lift, split } from '../../../shared/timeline/edit';
import { setApi } from '../../../renderer/src/api';
import { actionById, isEnabled, runAction } from '../../../renderer/src/actions';
import { showProject } from '../../../renderer/src/actions/importing';
import { save } from '../../../renderer/src/actions/saving';
import { setReviewMode } from '../../../renderer/src/actions/review';
import { getProject, useDocument } from '../../../renderer/src/state/documentStore';
import { onlyMarkersChanged } from '../../../renderer/src/state/readOnly';
import { ui } from '../../../renderer/src/state/uiStore';
import { fakeApi, media } from './fixtures';
import type { Project } from '../../../shared/timeline/model';

const flush = () => new Promise((r) => setTimeout(r, 0));
const doc = () => useDocument.getState();

function project(): Project {
  const p = createProject('Review');
  const m = media('a');
  return { ...p, media: [m], timeline: appendMedia(p.timeline, m) };
}

const clipIds = () => getProject().timeline.tracks.flatMap((t) => t.items.filter((i) => i.kind === 'clip').map((i) => i.id));

beforeEach(() => {
  setApi(fakeApi({}));
  showProject(project(), undefined, '/p/review.segue');
  setReviewMode('/p/review.segue');
  ui().set({ toasts: [], selectedClips: [], selectedMedia: [], playhead: 0, overlay: null, playing: false });
});

describe('onlyMarkersChanged', () => {
  const p = project();
  const withTimeline = (t: Project['timeline']): Project => ({ ...p, timeline: t });

  it('accepts no change, an equal copy, and any change to the markers', () => {
    expect(onlyMarkersChanged(p, p)).toBe(true);
    expect(onlyMarkersChanged(p, structuredClone(p))).toBe(true);
    const marked = withTimeline(addMarker(p.timeline, 10, { note: 'too long' }).timeline);
    expect(onlyMarkersChanged(p, marked)).toBe(true);
    const id = marked.timeline.markers[0]!.id;
    expect(onlyMarkersChanged(marked, withTimeline(updateMarker(marked.timeline, id, { note: 'trim it', color: 'red' })))).toBe(true);
    expect(onlyMarkersChanged(marked, withTimeline(setMarkerStatus(marked.timeline, [id], 'resolved')))).toBe(true);
    expect(onlyMarkersChanged(marked, withTimeline(removeMarker(marked.timeline, id)))).toBe(true);
  });

  it('refuses a change anywhere else, even alongside a marker', () => {
    const clip = clipIdsOf(p)[0]!;
    expect(onlyMarkersChanged(p, withTimeline(lift(p.timeline, [clip])))).toBe(false);
    expect(onlyMarkersChanged(p, withTimeline(split(p.timeline, 10).timeline))).toBe(false);
    expect(onlyMarkersChanged(p, { ...p, name: 'Renamed' })).toBe(false);
    expect(onlyMarkersChanged(p, { ...p, media: [] })).toBe(false);
    expect(onlyMarkersChanged(p, { ...p, settings: { ...p.settings, width: 1 } })).toBe(false);
    expect(onlyMarkersChanged(p, withTimeline({ ...p.timeline, name: 'other' }))).toBe(false);
    expect(onlyMarkersChanged(p, withTimeline({ ...p.timeline, rate: { num: 25, den: 1 } }))).toBe(false);
    expect(onlyMarkersChanged(p, withTimeline({ ...p.timeline, metadata: { x: 1 } }))).toBe(false);
    const both = addMarker(lift(p.timeline, [clip]), 3).timeline;
    expect(onlyMarkersChanged(p, withTimeline(both))).toBe(false);
    // a deep change inside one clip's record
    const t = structuredClone(p.timeline);
    const c = t.tracks[0]!.items.find((i) => i.kind === 'clip')!;
    if (c.kind === 'clip') c.sourceRange.start.value += 1;
    expect(onlyMarkersChanged(p, withTimeline(t))).toBe(false);
  });
});

const clipIdsOf = (p: Project) => p.timeline.tracks.flatMap((t) => t.items.filter((i) => i.kind === 'clip').map((i) => i.id));

describe('the document store in review mode', () => {
  it('refuses a timeline edit with a toast and leaves the document and its history untouched', () => {
    const before = getProject();
    const history = doc().history;
    expect(doc().edit('Delete 1 clip', (t) => lift(t, [clipIds()[0]!]))).toBe(false);
    expect(getProject()).toBe(before);
    expect(doc().history).toBe(history);
    expect(ui().toasts.at(-1)?.text).toMatch(/^Read-only review: “Delete 1 clip” would change the cut/);
  });

  it('refuses a command on the whole document (import, rename) the same way', () => {
    const before = getProject();
    doc().run('Import 1 clip', (d) => void d.media.push(castDraft(media('b'))));
    doc().run('Rename', (d) => void (d.name = 'x'));
    // a recipe that adds a marker and moves a clip is refused as a whole
    doc().run('Sneaky', (d) => {
      d.timeline.markers.push({ id: 'mk', name: '', frame: 1, duration: 0, color: 'green', note: '' });
      d.timeline.tracks[0]!.items.pop();
    });
    expect(getProject()).toBe(before);
    expect(doc().history.past).toHaveLength(0);
  });

  it('takes marker edits (add, edit, resolve, remove) as undoable steps', () => {
    let id = '';
    expect(doc().edit('Add Marker', (t) => ((r) => ((id = r.markerId), r.timeline))(addMarker(t, 12)))).toBe(true);
    expect(doc().edit('Edit Marker', (t) => updateMarker(t, id, { note: 'hold longer' }))).toBe(true);
    expect(doc().edit('Resolve Marker', (t) => setMarkerStatus(t, [id], 'resolved'))).toBe(true);
    doc().run('Marker colour', (d) => void (d.timeline.markers[0]!.color = 'red'));
    expect(getProject().timeline.markers).toMatchObject([{ id, frame: 12, note: 'hold longer', status: 'resolved', color: 'red' }]);
    expect(doc().history.past.map((c) => c.label)).toEqual(['Add Marker', 'Edit Marker', 'Resolve Marker', 'Marker colour']);
    doc().undo();
    doc().undo();
    expect(getProject().timeline.markers[0]).toMatchObject({ note: 'hold longer', color: 'green' });
    expect(doc().edit('Delete Marker', (t) => removeMarker(t, id))).toBe(true);
    expect(getProject().timeline.markers).toEqual([]);
    expect(clipIds()).toHaveLength(2);
  });

  it('edits again once review mode ends', () => {
    setReviewMode(null);
    expect(doc().edit('Delete 1 clip', (t) => lift(t, [clipIds()[0]!]))).toBe(true);
  });
});

describe('actions in review mode', () => {
  it('greys editing and generation, keeps markers, playback, undo and export', () => {
    ui().set({ selectedClips: [clipIds()[0]!], gapTarget: { trackId: 't', frame: 0 }, selectedMedia: ['a'] });
    for (const id of ['edit.delete', 'edit.rippleDelete', 'timeline.split', 'timeline.nudgeLeft', 'file.import', 'timeline.appendSelected', 'generate.extend', 'generate.fillGap', 'generate.text', 'generate.image', 'generate.newTake'])
      expect([id, isEnabled(actionById(id)!)]).toEqual([id, false]);
    for (const id of ['timeline.addMarker', 'transport.playPause', 'transport.forward', 'transport.stop', 'view.zoomIn', 'file.export', 'file.saveAs', 'file.save', 'edit.copy', 'timeline.renderPreview', 'file.openReview'])
      expect([id, isEnabled(actionById(id)!)]).toEqual([id, true]);
  });

  it('a Delete key press changes nothing and says why; M adds a marker; Space plays', async () => {
    ui().set({ selectedClips: [clipIds()[0]!] });
    const before = getProject();
    runAction('edit.delete');
    runAction('timeline.split');
    await flush();
    expect(getProject()).toBe(before);
    expect(ui().toasts.map((t) => t.text)).toEqual([expect.stringMatching(/^Read-only review: “Delete” would change the cut/), expect.stringMatching(/^Read-only review: “Split at Playhead”/)]);
    ui().set({ playhead: 20 });
    runAction('timeline.addMarker');
    await flush();
    expect(getProject().timeline.markers.map((m) => m.frame)).toEqual([20]);
    runAction('transport.playPause');
    await flush();
    expect(ui().playing).toBe(true);
  });

  it('Extend asks no provider: no generation channel is called', async () => {
    const api = fakeApi({});
    setApi(api);
    ui().set({ selectedClips: [clipIds()[0]!] });
    for (const id of ['generate.extend', 'generate.extendBefore', 'generate.newTake', 'generate.text']) runAction(id);
    await flush();
    expect(api.calls.filter((c) => c.channel.startsWith('generation:') || c.channel.startsWith('providers:'))).toEqual([]);
    expect(ui().overlay).toBeNull();
    expect(ui().toasts.at(-1)?.text).toMatch(/^Read-only review: .* is off \(no generation, no network\)/);
  });

  it('Save writes nothing over the reviewed file: it offers Save As for a copy', async () => {
    const api = fakeApi({});
    setApi(api);
    await save();
    expect(api.calls.map((c) => c.channel)).toEqual(['dialog:saveProject']);
    expect(ui().overlay).toBe('saveAs');
  });
});
