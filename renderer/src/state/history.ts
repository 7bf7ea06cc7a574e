// Undo history as immer patches (house style: every document change is a command with
// its inverse). Pure: the zustand store wraps it.
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';

enablePatches();

export interface Command {
  label: string;
  patches: Patch[];
  inverse: Patch[];
}

export interface History<T> {
  present: T;
  past: Command[];
  future: Command[];
  /** while set, commits are squashed into one step (a drag) */
  markAt: number | null;
}

export const LIMIT = 500;

export const createHistory = <T>(present: T): History<T> => ({ present, past: [], future: [], markAt: null });

/** Applies `recipe` as one undoable step; a no-op recipe leaves history untouched. */
export function commit<T>(h: History<T>, label: string, recipe: (draft: Draft<T>) => void): History<T> {
  const [next, patches, inverse] = produceWithPatches(h.present, recipe);
  if (patches.length === 0) return h;
  if (h.markAt !== null && h.past.length > h.markAt) {
    // Squash into the step opened by mark(): same label, patches composed.
    const last = h.past[h.past.length - 1]!;
    const merged: Command = { label: last.label, patches: [...last.patches, ...patches], inverse: [...inverse, ...last.inverse] };
    return { ...h, present: next as T, past: [...h.past.slice(0, -1), merged], future: [] };
  }
  const past = [...h.past, { label, patches, inverse }];
  return { ...h, present: next as T, past: past.length > LIMIT ? past.slice(past.length - LIMIT) : past, future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  const cmd = h.past[h.past.length - 1];
  if (!cmd) return h;
  return { ...h, present: applyPatches(h.present as object, cmd.inverse) as T, past: h.past.slice(0, -1), future: [cmd, ...h.future], markAt: null };
}

export function redo<T>(h: History<T>): History<T> {
  const cmd = h.future[0];
  if (!cmd) return h;
  return { ...h, present: applyPatches(h.present as object, cmd.patches) as T, past: [...h.past, cmd], future: h.future.slice(1), markAt: null };
}

/** Starts a gesture: every commit until release() becomes one undo step. */
export const mark = <T>(h: History<T>): History<T> => ({ ...h, markAt: h.past.length });
export const release = <T>(h: History<T>): History<T> => ({ ...h, markAt: null });
