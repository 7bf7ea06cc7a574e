// The reviewer's name: asked once in the marker dialog (Author) and remembered in this
// browser's or window's local storage, so every note after carries it. Not part of any
// document: a name is who sits at this machine, not a property of the project.

export const REVIEWER_KEY = 'segue.reviewer';
export const MAX_REVIEWER = 256;

/** Local storage where it exists and is allowed (not in tests under Node, not when disabled). */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function getReviewer(): string {
  try {
    return (storage()?.getItem(REVIEWER_KEY) ?? '').slice(0, MAX_REVIEWER);
  } catch {
    return '';
  }
}

/** Remembers `name` (trimmed); an empty name is not stored, so the next note asks again. */
export function setReviewer(name: string): void {
  const v = name.trim().slice(0, MAX_REVIEWER);
  if (!v) return;
  try {
    storage()?.setItem(REVIEWER_KEY, v);
  } catch {
    // a full or forbidden storage only means the name is asked for again
  }
}
