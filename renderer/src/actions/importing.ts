// Import and open flows, shared by the menu, toolbar, shortcuts and drag-and-drop.
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { castDraft } from 'immer';

export async function importPaths(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  ui().set({ status: `Importing ${paths.length} file${paths.length > 1 ? 's' : ''}…` });
  const r = await getApi().invoke('media:import', { paths });
  if (!r.ok) {
    ui().toast('error', r.error.message);
    return;
  }
  const { imported, failed } = r.value;
  for (const f of failed) ui().toast('error', f.message);
  if (imported.length) {
    useDocument.getState().run(`Import ${imported.length} clip${imported.length > 1 ? 's' : ''}`, (d) => {
      d.media.push(...castDraft(imported));
    });
    ui().set({ selectedMedia: imported.map((m) => m.id), mediaAnchor: imported[0]!.id, focus: 'bin', status: `Imported ${imported.length} clip${imported.length > 1 ? 's' : ''}${failed.length ? `, ${failed.length} failed` : ''}` });
  }
}

export async function startImport(): Promise<void> {
  const r = await getApi().invoke('dialog:openMedia', {});
  if (r.ok) {
    if (r.value) await importPaths(r.value);
    return;
  }
  if (r.error.code === 'not_available') ui().set({ picker: { purpose: 'media' } });
  else ui().toast('error', r.error.message);
}

export async function openProjectFile(path: string): Promise<void> {
  ui().set({ status: `Opening ${path}…` });
  const r = await getApi().invoke('project:open', { path });
  if (!r.ok) {
    ui().toast('error', r.error.message);
    return;
  }
  useDocument.getState().load(r.value);
  ui().set({ selectedClips: [], selectedMedia: [], playhead: 0, scrollX: 0, sourceMediaId: null, status: `Opened ${r.value.name}` });
}

export async function startOpenProject(): Promise<void> {
  const r = await getApi().invoke('dialog:openProject', {});
  if (r.ok) {
    if (r.value) await openProjectFile(r.value);
    return;
  }
  if (r.error.code === 'not_available') ui().set({ picker: { purpose: 'project' } });
  else ui().toast('error', r.error.message);
}

/** Appends bin media to the end of the sequence as one undoable step. */
export function appendToTimeline(mediaIds: string[]): void {
  const project = getProject();
  const media = mediaIds.map((id) => project.media.find((m) => m.id === id)).filter((m) => m !== undefined);
  if (!media.length) return;
  try {
    let timeline = project.timeline;
    for (const m of media) timeline = appendMedia(timeline, m);
    useDocument.getState().run(`Append ${media.length} clip${media.length > 1 ? 's' : ''}`, (d) => {
      d.timeline = castDraft(timeline);
    });
    ui().set({ focus: 'timeline' });
  } catch (e) {
    ui().toast('error', (e as Error).message);
  }
}
