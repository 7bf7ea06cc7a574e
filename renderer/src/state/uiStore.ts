// Everything that is not the document: selection, view, playhead, jobs, messages.
import { create } from 'zustand';
import type { AppInfo, JobProgress } from '../../../shared/ipc/contract';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export type PickerMode = { purpose: 'media' } | { purpose: 'project' };

export interface UiState {
  info: AppInfo | null;
  connection: 'connecting' | 'open' | 'closed';
  selectedMedia: string[];
  /** anchor for shift-click ranges in the bin */
  mediaAnchor: string | null;
  selectedClips: string[];
  /** CSS pixels per timeline frame */
  zoom: number;
  scrollX: number;
  playhead: number;
  playing: boolean;
  /** a bin clip shown in the monitor (source view); null = the timeline */
  sourceMediaId: string | null;
  focus: 'bin' | 'timeline';
  jobs: Record<string, JobProgress>;
  toasts: Toast[];
  status: string;
  picker: PickerMode | null;
  overlay: 'shortcuts' | 'about' | null;
  set(patch: Partial<UiState>): void;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextToast = 1;

export const useUi = create<UiState>((set) => ({
  info: null,
  connection: 'connecting',
  selectedMedia: [],
  mediaAnchor: null,
  selectedClips: [],
  zoom: 4,
  scrollX: 0,
  playhead: 0,
  playing: false,
  sourceMediaId: null,
  focus: 'timeline',
  jobs: {},
  toasts: [],
  status: 'Ready',
  picker: null,
  overlay: null,
  set: (patch) => set(patch),
  toast: (kind, text) =>
    set((s) => {
      const id = nextToast++;
      if (kind === 'info') setTimeout(() => useUi.getState().dismiss(id), 4000);
      return { toasts: [...s.toasts.slice(-5), { id, kind, text }], status: text };
    }),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const ui = () => useUi.getState();
