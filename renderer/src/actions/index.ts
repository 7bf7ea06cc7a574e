// Actions are data (Excalidraw style): the menu bar, toolbar, keyboard and the native
// Electron menu all run the same entries.
import { fps as rateFps } from '../../../shared/timeline/time';
import { timelineFrames } from '../../../shared/timeline/layout';
import type { Project } from '../../../shared/timeline/model';
import type { History } from '../state/history';
import { getProject, refuseInReview, useDocument, type DocumentState } from '../state/documentStore';
import { ui, useUi, type UiState } from '../state/uiStore';
import { appendToTimeline, startImport, startOpenProject } from './importing';
import * as ed from './editing';
import { renderPreview } from '../media/preview';
import { getApi } from '../api';
import { confirmUndo, openGenerate } from '../generation/actions';
import { save, saveAs } from './saving';
import { useSaveState } from '../state/saveState';
import { undo as undoHistory } from '../state/history';
import { goToMarker } from './markers';
import { startOpenReview } from './review';
import { addBlankShot, askGenerate, generateDrafts, layOut } from '../previz/actions';

const hasShots = (s: ActionState) => (s.history.present?.previz?.shots.length ?? 0) > 0;
const showTab = (ui: UiState, tab: 'shots' | 'references') => ui.set({ sideTab: ui.sideTab === tab ? 'inspector' : tab });

const hasSelection = (s: ActionState) => s.ui.selectedClips.length > 0;

/** What `enabled` may look at: the document's history and the UI state, never the DOM. */
export interface ActionState {
  history: History<Project>;
  ui: UiState;
  /** the project is open for review (read-only) */
  readOnly?: boolean;
}

/** What `perform` gets: both stores and the timeline's on-screen width (for zoom to fit). */
export interface ActionContext {
  doc: DocumentState;
  ui: UiState;
  timelineWidth: number;
}

export interface Action {
  id: string;
  label: string;
  /** shown in menus and tooltips */
  shortcut?: string;
  /** key names as `keyName` spells them; the first is the one shown */
  keys?: string[];
  menu: 'File' | 'Edit' | 'View' | 'Playback' | 'Help' | 'Timeline' | 'Previz' | 'Generate';
  enabled?: (state: ActionState) => boolean;
  perform: (ctx: ActionContext) => void | Promise<void>;
}

export const ZOOM_MIN = 0.02;
export const ZOOM_MAX = 60;
const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));

let settle: ReturnType<typeof setTimeout> | undefined;

/**
 * Zooms around the mouse (else the playhead). While zoom steps keep coming (a wheel
 * gesture) the clips keep their layout and the lanes are stretched by a transform; the
 * real layout at the new zoom follows once the steps stop, so a zoom gesture over
 * thousands of clips re-renders them once, not on every notch.
 */
export function zoomBy(factor: number, anchorX?: number): void {
  const { zoom, scrollX, playhead, layoutZoom } = ui();
  const next = clampZoom(zoom * factor);
  // Keep the frame under the anchor (mouse, else playhead) where it is on screen.
  const x = anchorX ?? playhead * zoom - scrollX;
  const frame = (scrollX + x) / zoom;
  ui().set({ zoom: next, scrollX: Math.max(0, frame * next - x), layoutZoom: layoutZoom ?? zoom });
  clearTimeout(settle);
  settle = setTimeout(() => ui().set({ layoutZoom: null }), ZOOM_SETTLE_MS);
}

export const ZOOM_SETTLE_MS = 250;

export function zoomToFit(viewWidth: number): void {
  const frames = Math.max(1, timelineFrames(getProject().timeline));
  ui().set({ zoom: clampZoom((viewWidth - 40) / frames), scrollX: 0, layoutZoom: null });
}

let timelineWidth = 1000;
export const setTimelineWidth = (w: number) => (timelineWidth = w);
/** The lanes' on-screen width, for commands that scroll (the markers panel's jumps). */
export const getTimelineWidth = () => timelineWidth;

const step = (delta: number) => {
  const end = timelineFrames(getProject().timeline);
  ui().set({ playhead: Math.max(0, Math.min(end, ui().playhead + delta)), sourceMediaId: null });
};

export const ACTIONS: Action[] = [
  { id: 'file.import', label: 'Import Media…', shortcut: 'Ctrl+I', keys: ['Ctrl+I'], menu: 'File', perform: startImport },
  { id: 'file.save', label: 'Save', shortcut: 'Ctrl+S', keys: ['Ctrl+S'], menu: 'File', perform: save },
  { id: 'file.saveAs', label: 'Save As…', shortcut: 'Ctrl+Shift+S', keys: ['Ctrl+Shift+S'], menu: 'File', perform: saveAs },
  { id: 'file.revert', label: 'Revert to Version…', menu: 'File', enabled: () => useSaveState.getState().file !== null, perform: ({ ui }) => ui.set({ overlay: 'revert' }) },
  { id: 'file.relink', label: 'Relink Missing Media…', menu: 'File', enabled: (s) => s.ui.missingMedia.length > 0, perform: ({ ui }) => ui.set({ overlay: 'relink' }) },
  { id: 'file.importTimeline', label: 'Import Timeline (OTIO, EDL, FCP XML, FCPXML)…', menu: 'File', perform: startOpenProject },
  { id: 'file.exportTimeline', label: 'Export Timeline (OTIO, EDL, FCP XML, FCPXML, MLT)…', menu: 'File', perform: ({ ui }) => ui.set({ overlay: 'exportTimeline' }) },
  { id: 'file.collect', label: 'Collect Project…', menu: 'File', perform: ({ ui }) => ui.set({ overlay: 'collect' }) },
  { id: 'file.exportNotes', label: 'Export Review Notes…', menu: 'File', perform: ({ ui }) => ui.set({ overlay: 'exportNotes' }) },
  { id: 'file.importNotes', label: 'Import Review Notes…', menu: 'File', perform: ({ ui }) => ui.set({ overlay: 'importNotes' }) },
  { id: 'file.openProject', label: 'Open Project…', shortcut: 'Ctrl+O', keys: ['Ctrl+O'], menu: 'File', perform: startOpenProject },
  { id: 'file.openReview', label: 'Open for Review…', menu: 'File', perform: startOpenReview },
  {
    id: 'file.export',
    label: 'Export…',
    shortcut: 'Ctrl+M',
    keys: ['Ctrl+M'],
    menu: 'File',
    enabled: (s) => s.history.present !== null && s.history.present.timeline.tracks.some((t) => t.items.some((i) => i.kind === 'clip')),
    perform: ({ ui }) => ui.set({ overlay: 'export' }),
  },
  {
    id: 'file.clearRenderCache',
    label: 'Clear Render Cache',
    menu: 'File',
    perform: async ({ ui }) => {
      const r = await getApi().invoke('render:clearCache', {});
      if (r.ok) ui.set({ programPreview: null, status: `Render cache cleared (${(r.value.freedBytes / 1024 / 1024).toFixed(1)} MB)` });
      else ui.toast('error', r.error.message);
    },
  },
  {
    id: 'edit.undo',
    label: 'Undo',
    shortcut: 'Ctrl+Z',
    keys: ['Ctrl+Z'],
    menu: 'Edit',
    enabled: (s) => s.history.past.length > 0,
    perform: ({ doc, ui }) => {
      const label = doc.history.past.at(-1)?.label;
      if (!confirmUndo(undoHistory(doc.history).present)) return;
      doc.undo();
      if (label) ui.set({ status: `Undid ${label}` });
    },
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    shortcut: 'Ctrl+Shift+Z',
    keys: ['Ctrl+Shift+Z', 'Ctrl+Y'],
    menu: 'Edit',
    enabled: (s) => s.history.future.length > 0,
    perform: ({ doc, ui }) => {
      const label = doc.history.future[0]?.label;
      doc.redo();
      if (label) ui.set({ status: `Redid ${label}` });
    },
  },
  {
    id: 'timeline.appendSelected',
    label: 'Append to Timeline',
    shortcut: '.',
    keys: ['.'],
    menu: 'Timeline',
    enabled: (s) => s.ui.selectedMedia.length > 0,
    perform: ({ ui }) => appendToTimeline(ui.selectedMedia),
  },
  { id: 'edit.cut', label: 'Cut', shortcut: 'Ctrl+X', keys: ['Ctrl+X'], menu: 'Edit', enabled: hasSelection, perform: () => ed.copySelection(true) },
  { id: 'edit.copy', label: 'Copy', shortcut: 'Ctrl+C', keys: ['Ctrl+C'], menu: 'Edit', enabled: hasSelection, perform: () => ed.copySelection(false) },
  { id: 'edit.paste', label: 'Paste', shortcut: 'Ctrl+V', keys: ['Ctrl+V'], menu: 'Edit', enabled: (s) => s.ui.clipboard.length > 0, perform: () => ed.paste('overwrite') },
  { id: 'edit.pasteInsert', label: 'Paste Insert', shortcut: 'Ctrl+Shift+V', keys: ['Ctrl+Shift+V'], menu: 'Edit', enabled: (s) => s.ui.clipboard.length > 0, perform: () => ed.paste('insert') },
  { id: 'edit.delete', label: 'Delete', shortcut: 'Delete', keys: ['Delete', 'Backspace'], menu: 'Edit', enabled: hasSelection, perform: () => ed.deleteSelection(false) },
  {
    id: 'edit.rippleDelete',
    label: 'Ripple Delete',
    shortcut: 'Shift+Delete',
    keys: ['Shift+Delete', 'Shift+Backspace'],
    menu: 'Edit',
    enabled: (s) => hasSelection(s) || s.ui.gapTarget !== null,
    perform: () => ed.deleteSelection(true),
  },
  { id: 'edit.selectAll', label: 'Select All', shortcut: 'Ctrl+A', keys: ['Ctrl+A'], menu: 'Edit', perform: ed.selectAll },
  { id: 'edit.deselect', label: 'Deselect All', shortcut: 'Ctrl+Shift+A', keys: ['Ctrl+Shift+A'], menu: 'Edit', perform: ({ ui }) => ui.set({ selectedClips: [], gapTarget: null }) },
  { id: 'timeline.split', label: 'Split at Playhead', shortcut: 'S', keys: ['S', 'Ctrl+K'], menu: 'Timeline', perform: ed.splitAtPlayhead },
  { id: 'timeline.link', label: 'Link', shortcut: 'Ctrl+L', keys: ['Ctrl+L'], menu: 'Timeline', enabled: (s) => s.ui.selectedClips.length > 1, perform: () => ed.setLink(true) },
  { id: 'timeline.unlink', label: 'Unlink', shortcut: 'Ctrl+Shift+L', keys: ['Ctrl+Shift+L'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.setLink(false) },
  { id: 'timeline.toggleEnabled', label: 'Enable / Disable Clip', shortcut: 'Shift+E', keys: ['Shift+E'], menu: 'Timeline', enabled: hasSelection, perform: ed.toggleEnabled },
  { id: 'timeline.nudgeLeft', label: 'Nudge Left', shortcut: 'Alt+←', keys: ['Alt+ArrowLeft'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.nudge('move', -1) },
  { id: 'timeline.nudgeRight', label: 'Nudge Right', shortcut: 'Alt+→', keys: ['Alt+ArrowRight'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.nudge('move', 1) },
  { id: 'timeline.slipLeft', label: 'Slip Left', shortcut: 'Ctrl+Alt+←', keys: ['Ctrl+Alt+ArrowLeft'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.nudge('slip', -1) },
  { id: 'timeline.slipRight', label: 'Slip Right', shortcut: 'Ctrl+Alt+→', keys: ['Ctrl+Alt+ArrowRight'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.nudge('slip', 1) },
  { id: 'timeline.slideLeft', label: 'Slide Left', shortcut: 'Alt+,', keys: ['Alt+,'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.nudge('slide', -1) },
  { id: 'timeline.slideRight', label: 'Slide Right', shortcut: 'Alt+.', keys: ['Alt+.'], menu: 'Timeline', enabled: hasSelection, perform: () => ed.nudge('slide', 1) },
  { id: 'timeline.addMarker', label: 'Add Marker', shortcut: 'M', keys: ['M'], menu: 'Timeline', perform: ed.addMarkerAtPlayhead },
  {
    id: 'timeline.nextMarker',
    label: 'Next Marker',
    shortcut: 'Shift+M',
    keys: ['Shift+M'],
    menu: 'Timeline',
    enabled: (s) => (s.history.present?.timeline.markers.length ?? 0) > 0,
    perform: ({ timelineWidth }) => goToMarker(1, timelineWidth),
  },
  {
    id: 'timeline.prevMarker',
    label: 'Previous Marker',
    shortcut: 'Ctrl+Shift+M',
    keys: ['Ctrl+Shift+M', 'Alt+M'],
    menu: 'Timeline',
    enabled: (s) => (s.history.present?.timeline.markers.length ?? 0) > 0,
    perform: ({ timelineWidth }) => goToMarker(-1, timelineWidth),
  },
  { id: 'timeline.markIn', label: 'Mark In', shortcut: 'I', keys: ['I'], menu: 'Timeline', perform: () => ed.setMark('in') },
  { id: 'timeline.markOut', label: 'Mark Out', shortcut: 'O', keys: ['O'], menu: 'Timeline', perform: () => ed.setMark('out') },
  { id: 'timeline.clearMarks', label: 'Clear In and Out', shortcut: 'Alt+X', keys: ['Alt+X'], menu: 'Timeline', perform: () => ed.setMark('clear') },
  { id: 'timeline.snapping', label: 'Toggle Snapping', shortcut: 'N', keys: ['N'], menu: 'Timeline', perform: ({ ui }) => ui.set({ snapping: !ui.snapping, status: ui.snapping ? 'Snapping off' : 'Snapping on' }) },
  {
    id: 'timeline.renderPreview',
    label: 'Render Preview',
    shortcut: 'Enter',
    keys: ['Enter'],
    menu: 'Timeline',
    perform: () => renderPreview(),
  },
  { id: 'timeline.addVideoTrack', label: 'Add Video Track', menu: 'Timeline', perform: () => ed.addTrackOf('video') },
  { id: 'timeline.addAudioTrack', label: 'Add Audio Track', menu: 'Timeline', perform: () => ed.addTrackOf('audio') },
  {
    id: 'generate.extend',
    label: 'Extend Clip…',
    shortcut: 'E',
    keys: ['E'],
    menu: 'Generate',
    enabled: (s) => s.ui.selectedClips.length > 0,
    perform: () => openGenerate('extend'),
  },
  { id: 'generate.extendBefore', label: 'Extend Before Clip…', shortcut: 'Alt+E', keys: ['Alt+E'], menu: 'Generate', enabled: (s) => s.ui.selectedClips.length > 0, perform: () => openGenerate('extendBefore') },
  { id: 'generate.newTake', label: 'New Take…', shortcut: 'Shift+T', keys: ['Shift+T'], menu: 'Generate', enabled: (s) => s.ui.selectedClips.length > 0, perform: () => openGenerate('take') },
  { id: 'generate.fillGap', label: 'Fill Gap…', shortcut: 'G', keys: ['G'], menu: 'Generate', enabled: (s) => s.ui.gapTarget !== null, perform: () => openGenerate('fill') },
  { id: 'generate.text', label: 'Generate at Playhead from Text…', shortcut: 'Ctrl+G', keys: ['Ctrl+G'], menu: 'Generate', perform: () => openGenerate('text') },
  { id: 'generate.image', label: 'Animate Selected Still…', menu: 'Generate', enabled: (s) => s.ui.selectedMedia.length > 0, perform: () => openGenerate('image') },
  { id: 'generate.providers', label: 'Provider Settings…', menu: 'Generate', perform: ({ ui }) => ui.set({ overlay: 'providers', generateTarget: null }) },
  { id: 'previz.shotList', label: 'Shot List', shortcut: 'Alt+S', keys: ['Alt+S'], menu: 'Previz', perform: ({ ui }) => showTab(ui, 'shots') },
  { id: 'previz.references', label: 'Reference Library', menu: 'Previz', perform: ({ ui }) => showTab(ui, 'references') },
  { id: 'previz.addShot', label: 'Add Shot', menu: 'Previz', perform: ({ ui }) => (ui.set({ sideTab: 'shots' }), addBlankShot()) },
  { id: 'previz.importShots', label: 'Import Shot List (CSV, Markdown)…', menu: 'Previz', perform: ({ ui }) => ui.set({ overlay: 'importShots' }) },
  { id: 'previz.exportShots', label: 'Export Shot List (CSV, Markdown)…', menu: 'Previz', enabled: hasShots, perform: ({ ui }) => ui.set({ overlay: 'exportShots' }) },
  { id: 'previz.toTimeline', label: 'Shots to Timeline', shortcut: 'Alt+T', keys: ['Alt+T'], menu: 'Previz', enabled: hasShots, perform: () => void layOut() },
  { id: 'previz.drafts', label: 'Generate Drafts (local, free)', shortcut: 'Alt+G', keys: ['Alt+G'], menu: 'Previz', enabled: hasShots, perform: () => generateDrafts().then(() => undefined) },
  { id: 'previz.generate', label: 'Generate Shots with Provider…', menu: 'Previz', enabled: hasShots, perform: () => askGenerate() },
  { id: 'view.zoomIn', label: 'Zoom In', shortcut: '=', keys: ['=', '+', 'Shift++'], menu: 'View', perform: () => zoomBy(1.5) },
  { id: 'view.zoomOut', label: 'Zoom Out', shortcut: '-', keys: ['-', '_', 'Shift+_'], menu: 'View', perform: () => zoomBy(1 / 1.5) },
  { id: 'view.markers', label: 'Markers Panel', menu: 'View', perform: ({ ui }) => ui.set({ sideTab: ui.sideTab === 'markers' ? 'inspector' : 'markers' }) },
  { id: 'view.zoomFit', label: 'Zoom to Fit', shortcut: 'Shift+Z', keys: ['Shift+Z', '\\'], menu: 'View', perform: ({ timelineWidth }) => zoomToFit(timelineWidth) },
  { id: 'transport.playPause', label: 'Play / Pause', shortcut: 'Space', keys: [' '], menu: 'Playback', perform: ({ ui }) => ui.set({ playing: !ui.playing, playRate: 1 }) },
  { id: 'transport.reverse', label: 'Play Reverse (faster on repeat)', shortcut: 'J', keys: ['J'], menu: 'Playback', perform: () => ed.shuttle(-1) },
  { id: 'transport.stop', label: 'Stop', shortcut: 'K', keys: ['K'], menu: 'Playback', perform: () => ed.shuttle(0) },
  { id: 'transport.forward', label: 'Play Forward (faster on repeat)', shortcut: 'L', keys: ['L'], menu: 'Playback', perform: () => ed.shuttle(1) },
  { id: 'transport.prevEdit', label: 'Previous Edit', shortcut: '↑', keys: ['ArrowUp'], menu: 'Playback', perform: () => ed.goToEdit(-1) },
  { id: 'transport.nextEdit', label: 'Next Edit', shortcut: '↓', keys: ['ArrowDown'], menu: 'Playback', perform: () => ed.goToEdit(1) },
  { id: 'transport.stepBack', label: 'Previous Frame', shortcut: '←', keys: ['ArrowLeft'], menu: 'Playback', perform: () => step(-1) },
  { id: 'transport.stepForward', label: 'Next Frame', shortcut: '→', keys: ['ArrowRight'], menu: 'Playback', perform: () => step(1) },
  {
    id: 'transport.stepBackSecond',
    label: 'Back One Second',
    shortcut: 'Shift+←',
    keys: ['Shift+ArrowLeft'],
    menu: 'Playback',
    perform: () => step(-Math.round(rateFps(getProject().timeline.rate))),
  },
  {
    id: 'transport.stepForwardSecond',
    label: 'Forward One Second',
    shortcut: 'Shift+→',
    keys: ['Shift+ArrowRight'],
    menu: 'Playback',
    perform: () => step(Math.round(rateFps(getProject().timeline.rate))),
  },
  { id: 'transport.home', label: 'Go to Start', shortcut: 'Home', keys: ['Home'], menu: 'Playback', perform: ({ ui }) => ui.set({ playhead: 0, scrollX: 0 }) },
  { id: 'transport.end', label: 'Go to End', shortcut: 'End', keys: ['End'], menu: 'Playback', perform: () => step(Number.MAX_SAFE_INTEGER) },
  { id: 'help.shortcuts', label: 'Keyboard Shortcuts', shortcut: '?', keys: ['?', 'Shift+?'], menu: 'Help', perform: ({ ui }) => ui.set({ overlay: 'shortcuts' }) },
  { id: 'help.about', label: 'About Segue', menu: 'Help', perform: ({ ui }) => ui.set({ overlay: 'about' }) },
];

export const actionById = (id: string): Action | undefined => ACTIONS.find((a) => a.id === id);

/**
 * What review mode (a project open read-only) turns off: the commands that change the cut
 * or the media, and every generation (no provider is asked anything). Markers, playback,
 * the view, copying, the preview and export stay. The document store refuses any other
 * change to the cut as well; this greys the menus and says why at once.
 */
export const OFF_IN_REVIEW: ReadonlySet<string> = new Set([
  'file.import',
  'file.revert',
  'file.relink',
  'timeline.appendSelected',
  'edit.cut',
  'edit.paste',
  'edit.pasteInsert',
  'edit.delete',
  'edit.rippleDelete',
  'timeline.split',
  'timeline.link',
  'timeline.unlink',
  'timeline.toggleEnabled',
  'timeline.nudgeLeft',
  'timeline.nudgeRight',
  'timeline.slipLeft',
  'timeline.slipRight',
  'timeline.slideLeft',
  'timeline.slideRight',
  'timeline.addVideoTrack',
  'timeline.addAudioTrack',
  'previz.addShot',
  'previz.importShots',
  'previz.toTimeline',
  'previz.drafts',
  'previz.generate',
]);

/** Whether review mode turns `a` off (every Generate command but the provider settings). */
export const offInReview = (a: Action): boolean => OFF_IN_REVIEW.has(a.id) || (a.menu === 'Generate' && a.id !== 'generate.providers');

export const actionState = (): ActionState => ({ history: useDocument.getState().history, ui: useUi.getState(), readOnly: useDocument.getState().readOnly });

export const isEnabled = (a: Action, state: ActionState = actionState()): boolean => (state.readOnly && offInReview(a) ? false : a.enabled ? a.enabled(state) : true);

/**
 * Runs an action by id (menu, toolbar, keyboard, native menu); disabled or unknown ids do
 * nothing, except that one review mode turns off says so.
 */
export function runAction(id: string): void {
  const a = actionById(id);
  if (!a) return;
  const state = actionState();
  if (state.readOnly && offInReview(a)) return refuseInReview(a.label, a.menu === 'Generate' ? 'generate' : 'edit');
  if (!isEnabled(a, state)) return;
  const ctx: ActionContext = { doc: useDocument.getState(), ui: useUi.getState(), timelineWidth };
  void Promise.resolve()
    .then(() => a.perform(ctx))
    .catch((e: unknown) => ui().toast('error', e instanceof Error ? e.message : String(e)));
}

/** "Ctrl+Shift+Z" style name of a key event; Cmd counts as Ctrl on macOS. */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  parts.push(e.key.length === 1 ? e.key.toUpperCase() : e.key);
  return parts.join('+');
}

export function actionForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): Action | undefined {
  const name = keyName(e);
  return ACTIONS.find((a) => a.keys?.some((k) => k.toUpperCase() === name.toUpperCase()));
}
