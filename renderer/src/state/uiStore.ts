// Everything that is not the document: selection, view, playhead, jobs, messages.
import { create } from 'zustand';
import type { GenerateTarget } from '../generation/actions';
import type { AppInfo, JobProgress, OutputOf } from '../../../shared/ipc/contract';
import type { Timeline } from '../../../shared/timeline/model';
import type { ClipboardEntry } from '../../../shared/timeline/edit/move';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export type PickerMode = { purpose: 'media' } | { purpose: 'project' } | { purpose: 'review' };

export interface UiState {
  info: AppInfo | null;
  connection: 'connecting' | 'open' | 'closed';
  selectedMedia: string[];
  /** anchor for shift-click ranges in the bin */
  mediaAnchor: string | null;
  selectedClips: string[];
  /** CSS pixels per timeline frame */
  zoom: number;
  /** during a zoom gesture: the zoom clips are laid out at (stretched to `zoom` by a transform) */
  layoutZoom: number | null;
  scrollX: number;
  playhead: number;
  playing: boolean;
  /** J/K/L shuttle: 1 = normal speed forward, negative = reverse */
  playRate: number;
  /** I/O marks on the timeline, in frames */
  markIn: number | null;
  markOut: number | null;
  /** N toggles snapping to edges, playhead, markers and marks */
  snapping: boolean;
  /** where the current drag snapped (frame), drawn as a line */
  snapFrame: number | null;
  /** where a clip dragged from the bin would land, while it is over the timeline */
  dropFrame: number | null;
  /** the timeline while a drag is in progress; committed as one step on release */
  preview: Timeline | null;
  clipboard: ClipboardEntry[];
  /** empty space clicked on a track: what Ripple Delete closes when no clip is selected */
  gapTarget: { trackId: string; frame: number } | null;
  /** the rendered preview of a timeline (shown while the document's timeline is that one) */
  programPreview: { timeline: Timeline; url: string; frames: number } | null;
  /** keep the preview fresh after edits (on once a preview was asked for) */
  previewAuto: boolean;
  /** the marker whose note is being edited */
  editingMarker: string | null;
  /** the marker last clicked or jumped to (markers panel, ruler, Shift+M); not part of the document */
  selectedMarker: string | null;
  /** what the right-hand panel shows */
  sideTab: 'inspector' | 'markers' | 'shots' | 'references';
  /** a bin clip shown in the monitor (source view); null = the timeline */
  sourceMediaId: string | null;
  focus: 'bin' | 'timeline';
  jobs: Record<string, JobProgress>;
  toasts: Toast[];
  status: string;
  picker: PickerMode | null;
  overlay: 'shortcuts' | 'about' | 'marker' | 'export' | 'generate' | 'providers' | 'saveAs' | 'recover' | 'revert' | 'relink' | 'collect' | 'exportTimeline' | 'exportNotes' | 'importNotes' | 'exportShots' | 'importShots' | 'previzGenerate' | 'reference' | null;
  /** media whose files are missing on disk: their clips show offline */
  missingMedia: string[];
  /** a newer autosave offered for recovery */
  recovery: OutputOf<'project:recovery'>;
  /** while set, playback loops one second either side of this frame (a generated seam) */
  loopSeam: number | null;
  /** what the generate dialog is about */
  generateTarget: GenerateTarget | null;
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
  layoutZoom: null,
  scrollX: 0,
  playhead: 0,
  playing: false,
  playRate: 1,
  markIn: null,
  markOut: null,
  snapping: true,
  snapFrame: null,
  dropFrame: null,
  preview: null,
  clipboard: [],
  gapTarget: null,
  editingMarker: null,
  selectedMarker: null,
  sideTab: 'inspector',
  programPreview: null,
  previewAuto: false,
  sourceMediaId: null,
  focus: 'timeline',
  jobs: {},
  toasts: [],
  status: 'Ready',
  picker: null,
  overlay: null,
  generateTarget: null,
  loopSeam: null,
  recovery: null,
  missingMedia: [],
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
