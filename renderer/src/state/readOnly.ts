// Review mode's edit filter: a project open for review (read-only) takes marker edits (the
// reviewer's notes) and nothing else. Rather than trusting each command's label or the
// function it calls, the filter compares the document before and after a command: if
// anything other than `timeline.markers` differs, the command is refused and the document
// stays as it was. Unchanged parts keep their identity under immer, so the comparison
// stops at the first `===` and only descends where something was rebuilt.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** Structural equality of JSON-like values (what a Project is made of). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObj(a) || !isObj(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  return sameFields(a, b, null);
}

/** Equal keys and values, leaving out the field `except`. */
function sameFields(a: Obj, b: Obj, except: string | null): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === except) continue;
    if (Object.hasOwn(a, k) !== Object.hasOwn(b, k) || !deepEqual(a[k], b[k])) return false;
  }
  return true;
}

/**
 * Whether `after` differs from `before` only in `timeline.markers` (or not at all). A new
 * object with equal content counts as unchanged; a change anywhere else (a clip, a track,
 * the media list, the settings, the timeline's name or rate) does not.
 */
export function onlyMarkersChanged(before: unknown, after: unknown): boolean {
  if (before === after) return true;
  if (!isObj(before) || !isObj(after)) return deepEqual(before, after);
  if (!sameFields(before, after, 'timeline')) return false;
  const [ta, tb] = [before.timeline, after.timeline];
  if (ta === tb) return true;
  if (!isObj(ta) || !isObj(tb) || Array.isArray(ta) || Array.isArray(tb)) return deepEqual(ta, tb);
  return sameFields(ta, tb, 'markers');
}

/** The toast a refused command (or a generation) shows. */
export const refusedMessage = (label: string, kind: 'edit' | 'generate' = 'edit'): string =>
  kind === 'generate'
    ? `Read-only review: ${label.replace(/…$/, '')} is off (no generation, no network).`
    : `Read-only review: “${label.replace(/…$/, '')}” would change the cut. Only markers can be added or edited; Save As… makes an editable copy.`;
