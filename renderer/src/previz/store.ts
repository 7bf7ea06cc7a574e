// The shot list panel's own state, outside the document: which shots are selected, what a
// generation run is waiting for, and what the reference and confirmation dialogs are
// about. The shots and references themselves live in the project (project.previz).
import { create } from 'zustand';
import type { ReferenceKind } from '../../../shared/previz/model';

/** What the reference dialog edits: a new reference from a bin item, or an existing one. */
export interface ReferenceDraft {
  /** the reference being edited; absent for a new one */
  id?: string;
  mediaId: string;
  name: string;
  kind: ReferenceKind;
  description: string;
}

/** What "Generate with Provider…" asks about before anything is spent. */
export interface GenerateAsk {
  shotIds: string[];
  provider: 'local' | 'remote';
}

export interface PrevizState {
  /** shots selected in the panel (in the order clicked; the panel shows them in shot order) */
  selected: string[];
  /** anchor for Shift+click ranges */
  anchor: string | null;
  /** shots of a running generation not started yet: why (waiting for the previous shot) */
  waiting: Record<string, string>;
  /** shots whose generation could not start in the last run: the one-line reason */
  failed: Record<string, string>;
  referenceDraft: ReferenceDraft | null;
  generateAsk: GenerateAsk | null;
  set(patch: Partial<Omit<PrevizState, 'set'>>): void;
}

export const usePreviz = create<PrevizState>((set) => ({
  selected: [],
  anchor: null,
  waiting: {},
  failed: {},
  referenceDraft: null,
  generateAsk: null,
  set: (patch) => set(patch),
}));

export const previz = () => usePreviz.getState();
