// Import and open flows, shared by the menu, toolbar, shortcuts and drag-and-drop.
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { ui, type PickerMode } from '../state/uiStore';
import type { Project } from '../../../shared/timeline/model';
import type { Result } from '../../../shared/ipc/result';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { castDraft } from 'immer';
import { useSaveState } from '../state/saveState';
import { checkRecovery } from './saving';
import { refreshMissing } from '../components/MediaDialogs';

/**
 * Paths from text dropped on the bin: absolute paths or file:// URLs, one per line
 * (text/uri-list allows # comment lines). Anything relative is ignored: the host would
 * resolve it against its own working folder, not what the user meant.
 */
export function pathsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => (l.startsWith('file://') ? decodeURIComponent(l.replace(/^file:\/\/(localhost)?/, '')) : l))
    .filter((l) => l.startsWith('/') || /^[A-Za-z]:[\\/]/.test(l));
}

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

/**
 * The native dialog where there is one (Electron); in browser mode the host answers
 * not_available and the in-app picker over the host's folders opens instead.
 */
export async function chooseWithDialog<T>(result: Promise<Result<T | null>>, purpose: PickerMode['purpose'], chosen: (value: T) => Promise<void>): Promise<void> {
  const r = await result;
  if (r.ok) {
    if (r.value) await chosen(r.value);
  } else if (r.error.code === 'not_available') ui().set({ picker: { purpose } });
  else ui().toast('error', r.error.message);
}

export const startImport = (): Promise<void> => chooseWithDialog(getApi().invoke('dialog:openMedia', {}), 'media', importPaths);

/** Shows a new document: history starts afresh and view state goes back to the start. */
export function showProject(project: Project, status?: string, file: string | null = null): void {
  useDocument.getState().load(project);
  useDocument.getState().setReadOnly(false); // editable, unless it is being opened for review (actions/review.ts)
  useSaveState.getState().set({ file, saved: project, autosaved: null });
  ui().set({ missingMedia: [] });
  ui().set({ selectedClips: [], selectedMedia: [], playhead: 0, scrollX: 0, sourceMediaId: null, ...(status ? { status } : {}) });
}

/** What follows opening a project: offer a newer autosave, and say which media files are missing. */
export async function afterOpen(): Promise<void> {
  void checkRecovery();
  await refreshMissing();
  const n = ui().missingMedia.length;
  if (n) ui().toast('info', `${n} media file${n > 1 ? 's are' : ' is'} missing; their clips are offline. File › Relink Missing Media… finds them.`);
}

/** Before another project replaces the document: unsaved changes are only lost if the user says so (the autosave keeps them). */
export function mayReplaceDocument(): boolean {
  const { saved } = useSaveState.getState();
  const present = useDocument.getState().history.present;
  if (!present || present === saved) return true;
  return window.confirm(`${present.name} has unsaved changes. Open another project anyway? (They stay in the autosave and are offered when you reopen it.)`);
}

export async function openProjectFile(path: string): Promise<void> {
  if (!mayReplaceDocument()) return;
  ui().set({ status: `Opening ${path}…` });
  // An EDL states no frame rate: it is read at the rate of the sequence open now.
  const rate = /\.edl$/i.test(path) ? useDocument.getState().history.present?.timeline.rate : undefined;
  const r = await getApi().invoke('project:open', { path, ...(rate ? { rate } : {}) });
  if (r.ok) {
    showProject(r.value, `Opened ${r.value.name}`, /\.segue$/i.test(path) ? path : null);
    void afterOpen();
    await showImportWarnings();
  } else ui().toast('error', r.error.message);
}

/** What the host could not bring over exactly when it opened another application's timeline. */
export async function showImportWarnings(): Promise<void> {
  const w = await getApi().invoke('project:warnings', {});
  if (w.ok && w.value.length) {
    const more = w.value.length > 3 ? ` (+${w.value.length - 3} more)` : '';
    ui().toast('info', `Imported with ${w.value.length} warning${w.value.length > 1 ? 's' : ''}: ${w.value.slice(0, 3).join('; ')}${more}`);
  }
}

export const startOpenProject = (): Promise<void> => chooseWithDialog(getApi().invoke('dialog:openProject', {}), 'project', openProjectFile);

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
