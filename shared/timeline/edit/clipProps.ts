// Per-clip properties that change neither position nor length: name, enabled, gain.
//
//   V1 | A | B |      setClips([B], { enabled: false, gainDb: -6 })      V1 | A |(B)|
//   A1 | a | b |   ->                                                    A1 | a |(b)|   b at -6 dB
//
// Items keep their order and their lengths, so no track is relaid out: only the
// touched clips are replaced, and untouched tracks (and the timeline itself, when
// nothing changes) keep their identity.
import type { Clip, Timeline } from '../model';
import { EditError } from './core';

export const GAIN_MIN_DB = -96;
export const GAIN_MAX_DB = 24;

export type ClipPatch = Partial<{ name: string; enabled: boolean; gainDb: number }>;

/** Clamped to the model's range and rounded to 0.1 dB, the precision the inspector shows. */
export function clampGain(db: number): number {
  if (!Number.isFinite(db)) throw new EditError('Gain must be a number of decibels.');
  return Math.round(Math.min(GAIN_MAX_DB, Math.max(GAIN_MIN_DB, db)) * 10) / 10;
}

function patchClip(clip: Clip, patch: ClipPatch): Clip {
  let next = clip;
  if (patch.name !== undefined) {
    // An empty name keeps the old one, as a track rename does.
    const name = patch.name.trim().slice(0, 1024) || clip.name;
    if (name !== clip.name) next = { ...next, name };
  }
  if (patch.enabled !== undefined && patch.enabled !== clip.enabled) next = { ...next, enabled: patch.enabled };
  if (patch.gainDb !== undefined) {
    const gain = clampGain(patch.gainDb);
    if (gain !== (clip.gainDb ?? 0)) {
      // 0 dB is the default and is stored as absent, so untouched clips round-trip unchanged.
      const { gainDb: _old, ...rest } = next;
      next = gain === 0 ? rest : { ...rest, gainDb: gain };
    }
  }
  return next;
}

/**
 * Sets name / enabled / gain on the given clips (ids not on the timeline are ignored;
 * if none is, the edit refuses). A clip on a locked track refuses the whole edit when it
 * would change. Returns `timeline` itself when nothing changes.
 */
export function setClips(timeline: Timeline, clipIds: Iterable<string>, patch: ClipPatch): Timeline {
  const want = new Set(clipIds);
  let found = false;
  const tracks = timeline.tracks.map((track) => {
    let changed = false;
    const items = track.items.map((item) => {
      if (item.kind !== 'clip' || !want.has(item.id)) return item;
      found = true;
      const next = patchClip(item, patch);
      if (next === item) return item;
      if (track.locked) throw new EditError(`Track ${track.name} is locked.`);
      changed = true;
      return next;
    });
    return changed ? { ...track, items } : track;
  });
  if (want.size > 0 && !found) throw new EditError('That clip no longer exists.');
  return tracks.every((t, i) => t === timeline.tracks[i]) ? timeline : { ...timeline, tracks };
}
