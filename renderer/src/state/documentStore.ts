// The document (a Project) changes only through commands; selection, zoom and playhead
// live in the UI store and never enter this history.
import { create } from 'zustand';
import type { Draft } from 'immer';
import type { Project } from '../../../shared/timeline/model';
import { pruneSelection } from './selection';
import type { Timeline } from '../../../shared/timeline/model';
import { EditError } from '../../../shared/timeline/edit/core';
import { writeProject } from './writeTimeline';
import { useUi } from './uiStore';
import { commit, createHistory, jump, mark, redo, release, undo, type History } from './history';
import { onlyMarkersChanged, refusedMessage } from './readOnly';

export interface DocumentState {
  history: History<Project>;
  /**
   * The project is open for review: commands that change anything but the timeline's
   * markers are refused (a toast says so) and leave the document as it was.
   */
  readOnly: boolean;
  setReadOnly(on: boolean): void;
  /** a new document; not undoable, clears history */
  load(project: Project): void;
  run(label: string, recipe: (draft: Draft<Project>) => void): void;
  /**
   * Applies a pure timeline edit as one undoable step. Only the tracks the edit replaced
   * are written into the draft, so the patches (and undo) are as small as the change.
   * An EditError becomes a status message and changes nothing.
   */
  edit(label: string, fn: (timeline: Timeline) => Timeline): boolean;
  /**
   * Applies a pure edit of the whole project (the timeline, the bin, the shot list…) as
   * one undoable step; like `edit`, an EditError becomes a message and changes nothing.
   */
  editProject(label: string, fn: (project: Project) => Project): boolean;
  undo(): void;
  redo(): void;
  mark(): void;
  release(): void;
  /** undoes or redoes until `pastLength` commands are applied (the Edit menu's history list) */
  jump(pastLength: number): void;
}

/** Says why a command was refused in review mode (once, while the same toast is showing: a drag refuses on every move). */
export function refuseInReview(label: string, kind: 'edit' | 'generate' = 'edit'): void {
  const text = refusedMessage(label, kind);
  if (useUi.getState().toasts.at(-1)?.text === text) return;
  useUi.getState().toast('info', text);
}

export const useDocument = create<DocumentState>((set) => ({
  history: createHistory<Project>(null as unknown as Project),
  readOnly: false,
  setReadOnly: (on) => set({ readOnly: on }),
  load: (project) => set({ history: createHistory(project) }),
  run: (label, recipe) =>
    set((s) => {
      const history = commit(s.history, label, recipe);
      if (s.readOnly && history !== s.history && !onlyMarkersChanged(s.history.present, history.present)) {
        refuseInReview(label);
        return s;
      }
      // The status bar shows the last thing done; a no-op command says nothing.
      if (history !== s.history) useUi.getState().set({ status: label });
      return { history };
    }),
  // A timeline edit is a project edit that changes only the timeline.
  edit: (label, fn): boolean =>
    useDocument.getState().editProject(label, (p: Project) => {
      const timeline = fn(p.timeline);
      return timeline === p.timeline ? p : { ...p, timeline };
    }),
  editProject: (label, fn) => {
    const before = useDocument.getState().history.present;
    let next: Project;
    try {
      next = fn(before);
    } catch (e) {
      if (e instanceof EditError) {
        useUi.getState().set({ status: e.message });
        useUi.getState().toast('info', e.message);
        return false;
      }
      throw e;
    }
    if (next === before) return false;
    if (useDocument.getState().readOnly && !onlyMarkersChanged(before, next)) {
      refuseInReview(label);
      return false;
    }
    useDocument.getState().run(label, (d) => writeProject(d, before, next));
    return true;
  },
  undo: () => set((s) => ({ history: undo(s.history) })),
  redo: () => set((s) => ({ history: redo(s.history) })),
  mark: () => set((s) => ({ history: mark(s.history) })),
  release: () => set((s) => ({ history: release(s.history) })),
  jump: (pastLength) => set((s) => ({ history: jump(s.history, pastLength) })),
}));

export const useProject = (): Project => useDocument((s) => s.history.present);
export const getProject = (): Project => useDocument.getState().history.present;

// Keep the UI's selection pointing at things that exist after every document change.
useDocument.subscribe((state, prev) => {
  if (state.history.present === prev.history.present || !state.history.present) return;
  const patch = pruneSelection(state.history.present, useUi.getState());
  if (patch) useUi.getState().set(patch);
});
