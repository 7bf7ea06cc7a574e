// Generations reported by the main process (`generation:updated`). UI state, outside the
// document: the document holds the placed clips and the takes' media records from the
// moment a generation starts; this store says whether each take has landed yet.
import { create } from 'zustand';
import type { GenerationStatus, Take } from '../../../shared/generation/model';
import type { Media } from '../../../shared/timeline/model';

interface GenerationsState {
  byId: Record<string, GenerationStatus>;
  receive(s: GenerationStatus): void;
  receiveAll(list: GenerationStatus[]): void;
}

export const useGenerations = create<GenerationsState>((set) => ({
  byId: {},
  receive: (s) => set((st) => ({ byId: { ...st.byId, [s.id]: s } })),
  receiveAll: (list) => set({ byId: Object.fromEntries(list.map((s) => [s.id, s])) }),
}));

export const generations = () => useGenerations.getState();

/** The take of a media record, if it is generated. */
export function takeOf(byId: Record<string, GenerationStatus>, mediaId: string): { status: GenerationStatus; take: Take; index: number } | null {
  for (const status of Object.values(byId)) {
    const index = status.takes.findIndex((t) => t.mediaId === mediaId);
    if (index >= 0) return { status, take: status.takes[index]!, index };
  }
  return null;
}

/**
 * Whether a media record can be read (drawn, played): any imported file, and generated
 * media once its take landed. A generated record that is still pending in the document
 * (or whose generation this session does not know) is not read.
 */
export function isReadable(byId: Record<string, GenerationStatus>, media: Media | undefined): boolean {
  if (!media) return false;
  if (media.metadata?.['segue.pending'] !== true) return true;
  return takeOf(byId, media.id)?.take.state === 'done';
}
