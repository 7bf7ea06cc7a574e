// Save, Save As, and recovering an autosave after a crash.
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { useSaveState } from '../state/saveState';
import { ui } from '../state/uiStore';
import { setReviewMode } from './review';

export async function saveTo(path: string | undefined): Promise<boolean> {
  const project = getProject();
  const r = await getApi().invoke('project:save', { project, ...(path ? { path } : {}) });
  if (!r.ok) {
    ui().toast('error', r.error.message);
    return false;
  }
  useSaveState.getState().set({ file: r.value.path, saved: project, autosaved: null });
  if (useDocument.getState().readOnly) {
    // The copy of a reviewed project is a normal project: editable, previewed from the originals.
    setReviewMode(null);
    ui().set({ programPreview: null, status: `Saved a copy with your notes: ${r.value.path} (an editable project; the reviewed file is unchanged)` });
  } else ui().set({ status: `Saved ${r.value.path}` });
  return true;
}

/** Save As: the native dialog in the desktop app, the save dialog of browser mode otherwise. */
export async function saveAs(): Promise<void> {
  const r = await getApi().invoke('dialog:saveProject', { name: getProject().name });
  if (r.ok) {
    if (r.value) await saveTo(r.value);
  } else if (r.error.code === 'not_available') ui().set({ overlay: 'saveAs' });
  else ui().toast('error', r.error.message);
}

export async function save(): Promise<void> {
  if (useDocument.getState().readOnly) {
    // A reviewed file is never written: the notes go into a copy.
    ui().set({ status: 'This project is open for review (read-only): save your notes as a copy.' });
    await saveAs();
    return;
  }
  if (useSaveState.getState().file) await saveTo(undefined);
  else await saveAs();
}

/** After a project is shown: offer a newer autosave (the app was killed or crashed). */
export async function checkRecovery(): Promise<void> {
  const r = await getApi().invoke('project:recovery', {});
  if (r.ok && r.value) ui().set({ overlay: 'recover', recovery: r.value });
}

export async function recover(take: boolean): Promise<void> {
  const r = await getApi().invoke('project:recover', { take });
  ui().set({ overlay: null, recovery: null });
  if (!r.ok) return ui().toast('error', r.error.message);
  if (r.value) {
    // The recovered document is unsaved: it differs from the file until saved.
    useDocument.getState().load(r.value);
    useSaveState.getState().set({ saved: null, autosaved: r.value });
    ui().set({ status: 'Recovered the autosaved changes; save to keep them.' });
  }
}
