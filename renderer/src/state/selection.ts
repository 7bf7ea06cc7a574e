// Selection lives outside the undo history, so an undo can remove what is selected (an
// import undone, a clip un-appended). The selection follows the document, never the
// other way round.
import type { Project } from '../../../shared/timeline/model';

export interface SelectionState {
  selectedMedia: string[];
  selectedClips: string[];
  mediaAnchor: string | null;
  sourceMediaId: string | null;
}

/** The parts of `s` that still exist in `project`; `null` when nothing changes. */
export function pruneSelection(project: Project, s: SelectionState): Partial<SelectionState> | null {
  const media = new Set(project.media.map((m) => m.id));
  const clips = new Set(project.timeline.tracks.flatMap((t) => t.items.filter((i) => i.kind === 'clip').map((i) => i.id)));
  const patch: Partial<SelectionState> = {};
  const keptMedia = s.selectedMedia.filter((id) => media.has(id));
  if (keptMedia.length !== s.selectedMedia.length) patch.selectedMedia = keptMedia;
  const keptClips = s.selectedClips.filter((id) => clips.has(id));
  if (keptClips.length !== s.selectedClips.length) patch.selectedClips = keptClips;
  if (s.mediaAnchor !== null && !media.has(s.mediaAnchor)) patch.mediaAnchor = null;
  if (s.sourceMediaId !== null && !media.has(s.sourceMediaId)) patch.sourceMediaId = null;
  return Object.keys(patch).length ? patch : null;
}
