// Undo history as immer patches (house style: every document change is a command with
// its inverse). Pure: the zustand store wraps it. Each command also keeps the document
// before and after it: immer shares everything unchanged, so the two references cost
// nothing, and undo/redo restore them at once instead of copying and freezing the patched
// values (a split on a 500-clip track would otherwise clone the track's items on undo).
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';

enablePatches();

export interface Command {
  label: string;
  patches: Patch[];
  inverse: Patch[];
  /** the document before and after this command */
  before?: unknown;
  after?: unknown;
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
    const merged: Command = { label: last.label, patches: [...last.patches, ...patches], inverse: [...inverse, ...last.inverse], before: last.before, after: next };
    return { ...h, present: next as T, past: [...h.past.slice(0, -1), merged], future: [] };
  }
  const past = [...h.past, { label, patches, inverse, before: h.present, after: next }];
  return { ...h, present: next as T, past: past.length > LIMIT ? past.slice(past.length - LIMIT) : past, future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  const cmd = h.past[h.past.length - 1];
  if (!cmd) return h;
  const present = cmd.before !== undefined && cmd.after === h.present ? (cmd.before as T) : (applyPatches(h.present as object, cmd.inverse) as T);
  return { ...h, present, past: h.past.slice(0, -1), future: [cmd, ...h.future], markAt: null };
}

export function redo<T>(h: History<T>): History<T> {
  const cmd = h.future[0];
  if (!cmd) return h;
  const present = cmd.after !== undefined && cmd.before === h.present ? (cmd.after as T) : (applyPatches(h.present as object, cmd.patches) as T);
  return { ...h, present, past: [...h.past, cmd], future: h.future.slice(1), markAt: null };
}

/** Starts a gesture: every commit until release() becomes one undo step. */
export const mark = <T>(h: History<T>): History<T> => ({ ...h, markAt: h.past.length });
export const release = <T>(h: History<T>): History<T> => ({ ...h, markAt: null });

/**
 * Moves to the state after the first `targetPastLength` commands of the combined list
 * (past, then future), undoing or redoing one step at a time so every patch is applied
 * in order, as the history list's "click to go there" needs. Out-of-range targets are
 * clamped; the current position returns `h` itself.
 */
export function jump<T>(h: History<T>, targetPastLength: number): History<T> {
  const target = Math.max(0, Math.min(h.past.length + h.future.length, Math.trunc(targetPastLength)));
  let out = h;
  while (out.past.length > target) out = undo(out);
  while (out.past.length < target) out = redo(out);
  return out;
}

export interface HistoryRow {
  /** the state after the first `index` commands; 0 is the document as loaded */
  index: number;
  label: string;
  state: 'past' | 'current' | 'future';
}

/**
 * The history list's rows, most recent first: one per state, the current one marked and
 * undone ones as 'future'. At most `shown` rows, ending at the newest state unless that
 * would hide the current one.
 */
export function historyRows(h: Pick<History<unknown>, 'past' | 'future'>, shown: number, startLabel = 'Opened project'): HistoryRow[] {
  const labels = [startLabel, ...h.past.map((c) => c.label), ...h.future.map((c) => c.label)];
  const current = h.past.length;
  let hi = labels.length - 1;
  let lo = Math.max(0, hi - shown + 1);
  if (current < lo) {
    lo = current;
    hi = Math.min(labels.length - 1, lo + shown - 1);
  }
  const rows: HistoryRow[] = [];
  for (let i = hi; i >= lo; i--) rows.push({ index: i, label: labels[i]!, state: i < current ? 'past' : i === current ? 'current' : 'future' });
  return rows;
}
