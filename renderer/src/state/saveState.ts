// Whether the document differs from its file, where that file is, and autosave. The
// document in history is immutable, so "saved" is simply the document object last loaded
// or saved: any command makes a new one, undoing back to it makes it current again.
import { create } from 'zustand';
import type { Project } from '../../../shared/timeline/model';
import { getApi } from '../api';
import { useDocument } from './documentStore';

interface SaveState {
  file: string | null;
  saved: Project | null;
  autosaved: Project | null;
  set(patch: Partial<Pick<SaveState, 'file' | 'saved' | 'autosaved'>>): void;
}

export const useSaveState = create<SaveState>((set) => ({ file: null, saved: null, autosaved: null, set: (patch) => set(patch) }));

export const isModified = (present: Project | null, saved: Project | null): boolean => present !== null && present !== saved;

export const useModified = (): boolean => {
  const present = useDocument((s) => s.history.present);
  const saved = useSaveState((s) => s.saved);
  return isModified(present, saved);
};

/** How long after the last change the autosave is written. */
export const AUTOSAVE_MS = 3000;

/** Writes the autosave a few seconds after each change; returns the unsubscribe. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = useDocument.subscribe((state, prev) => {
    if (state.history.present === prev.history.present) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const present = useDocument.getState().history.present;
      const { saved, autosaved } = useSaveState.getState();
      if (!present || present === saved || present === autosaved) return;
      void getApi()
        .invoke('project:autosave', { project: present })
        .then((r) => r.ok && useSaveState.getState().set({ autosaved: present }));
    }, AUTOSAVE_MS);
  });
  const onUnload = (e: BeforeUnloadEvent) => {
    if (isModified(useDocument.getState().history.present, useSaveState.getState().saved)) e.preventDefault();
  };
  window.addEventListener('beforeunload', onUnload);
  return () => {
    off();
    clearTimeout(timer);
    window.removeEventListener('beforeunload', onUnload);
  };
}
