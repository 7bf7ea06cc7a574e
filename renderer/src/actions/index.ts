// Actions are data (Excalidraw style): the menu bar, toolbar, keyboard and the native
// Electron menu all run the same entries.
import { fps as rateFps } from '../../../shared/timeline/time';
import { timelineFrames } from '../../../shared/timeline/layout';
import { getProject, useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { appendToTimeline, startImport, startOpenProject } from './importing';

export interface Action {
  id: string;
  label: string;
  /** shown in menus; matched by `matches` */
  shortcut?: string;
  keys?: string[];
  menu: 'File' | 'Edit' | 'View' | 'Playback' | 'Help' | 'Timeline';
  enabled?: () => boolean;
  perform: () => void | Promise<void>;
}

export const ZOOM_MIN = 0.02;
export const ZOOM_MAX = 60;
const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));

export function zoomBy(factor: number, anchorX?: number): void {
  const { zoom, scrollX, playhead } = ui();
  const next = clampZoom(zoom * factor);
  // Keep the frame under the anchor (mouse, else playhead) where it is on screen.
  const x = anchorX ?? playhead * zoom - scrollX;
  const frame = (scrollX + x) / zoom;
  ui().set({ zoom: next, scrollX: Math.max(0, frame * next - x) });
}

export function zoomToFit(viewWidth: number): void {
  const frames = Math.max(1, timelineFrames(getProject().timeline));
  ui().set({ zoom: clampZoom((viewWidth - 40) / frames), scrollX: 0 });
}

let timelineWidth = 1000;
export const setTimelineWidth = (w: number) => (timelineWidth = w);

const step = (delta: number) => {
  const end = timelineFrames(getProject().timeline);
  ui().set({ playhead: Math.max(0, Math.min(end, ui().playhead + delta)), sourceMediaId: null });
};

export const ACTIONS: Action[] = [
  { id: 'file.import', label: 'Import Media…', shortcut: 'Ctrl+I', keys: ['Ctrl+I'], menu: 'File', perform: startImport },
  { id: 'file.openProject', label: 'Open Project…', shortcut: 'Ctrl+O', keys: ['Ctrl+O'], menu: 'File', perform: startOpenProject },
  {
    id: 'edit.undo',
    label: 'Undo',
    shortcut: 'Ctrl+Z',
    keys: ['Ctrl+Z'],
    menu: 'Edit',
    enabled: () => useDocument.getState().history.past.length > 0,
    perform: () => {
      const label = useDocument.getState().history.past.at(-1)?.label;
      useDocument.getState().undo();
      if (label) ui().set({ status: `Undid ${label}` });
    },
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    shortcut: 'Ctrl+Shift+Z',
    keys: ['Ctrl+Shift+Z', 'Ctrl+Y'],
    menu: 'Edit',
    enabled: () => useDocument.getState().history.future.length > 0,
    perform: () => {
      const label = useDocument.getState().history.future[0]?.label;
      useDocument.getState().redo();
      if (label) ui().set({ status: `Redid ${label}` });
    },
  },
  {
    id: 'timeline.appendSelected',
    label: 'Append to Timeline',
    shortcut: '.',
    keys: ['.'],
    menu: 'Timeline',
    enabled: () => ui().selectedMedia.length > 0,
    perform: () => appendToTimeline(ui().selectedMedia),
  },
  { id: 'view.zoomIn', label: 'Zoom In', shortcut: '=', keys: ['=', '+', 'Shift++'], menu: 'View', perform: () => zoomBy(1.5) },
  { id: 'view.zoomOut', label: 'Zoom Out', shortcut: '-', keys: ['-', '_', 'Shift+_'], menu: 'View', perform: () => zoomBy(1 / 1.5) },
  { id: 'view.zoomFit', label: 'Zoom to Fit', shortcut: 'Shift+Z', keys: ['Shift+Z'], menu: 'View', perform: () => zoomToFit(timelineWidth) },
  { id: 'transport.playPause', label: 'Play / Pause', shortcut: 'Space', keys: [' '], menu: 'Playback', perform: () => ui().set({ playing: !ui().playing }) },
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
  { id: 'transport.home', label: 'Go to Start', shortcut: 'Home', keys: ['Home'], menu: 'Playback', perform: () => ui().set({ playhead: 0, scrollX: 0 }) },
  { id: 'transport.end', label: 'Go to End', shortcut: 'End', keys: ['End'], menu: 'Playback', perform: () => step(Number.MAX_SAFE_INTEGER) },
  { id: 'help.shortcuts', label: 'Keyboard Shortcuts', shortcut: '?', keys: ['?', 'Shift+?'], menu: 'Help', perform: () => ui().set({ overlay: 'shortcuts' }) },
  { id: 'help.about', label: 'About Segue', menu: 'Help', perform: () => ui().set({ overlay: 'about' }) },
];

export const actionById = (id: string): Action | undefined => ACTIONS.find((a) => a.id === id);

export function runAction(id: string): void {
  const a = actionById(id);
  if (!a || (a.enabled && !a.enabled())) return;
  void Promise.resolve(a.perform()).catch((e: unknown) => ui().toast('error', e instanceof Error ? e.message : String(e)));
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
