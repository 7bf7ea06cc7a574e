// Small projects for the previz tests: stills and videos in the bin, a library, shots.
import type { Media, Project } from '../../../../shared/timeline/model';
import { createProject, DEFAULT_SETTINGS } from '../../../../shared/timeline/factory';
import { makeRate, type Rate } from '../../../../shared/timeline/time';
import type { ParsedShot } from '../../../../shared/previz/shotlist';

export const R24 = makeRate(24);

export function still(id: string, path = `/refs/${id}.png`): Media {
  return {
    id,
    name: id,
    path,
    kind: 'image',
    origin: 'file',
    probe: { path, formatName: 'png_pipe', durationSeconds: 0, sizeBytes: 1, streams: [{ index: 0, type: 'video', codec: 'png', width: 640, height: 480, stillImage: true }] },
  };
}

export function video(id: string, seconds: number, o: { generation?: string; pending?: boolean; origin?: Media['origin'] } = {}): Media {
  const path = `/m/${id}.mp4`;
  return {
    id,
    name: id,
    path,
    kind: 'video',
    origin: o.origin ?? (o.generation ? 'generated' : 'file'),
    probe: { path, formatName: 'mov', durationSeconds: seconds, sizeBytes: 1, streams: [{ index: 0, type: 'video', codec: 'h264', width: 1280, height: 720, rate: R24, fps: 24 }] },
    ...(o.generation ? { metadata: { 'segue.generation': o.generation, ...(o.pending ? { 'segue.pending': true } : {}) } } : {}),
  };
}

/** An empty project (V1, V2, A1, A2) at `rate`, 1280x720. */
export function project(rate: Rate = R24, media: Media[] = []): Project {
  const p = createProject('Previz test', { ...DEFAULT_SETTINGS, width: 1280, height: 720, rate });
  return { ...p, media };
}

export const shot = (name: string, frames: number, o: Partial<ParsedShot> = {}): ParsedShot => ({ name, frames, prompt: `${name} prompt`, camera: '', references: [], continueFromPrevious: false, ...o });

/** Resolves references by name and images by path in the project. */
export const resolverFor = (p: () => Project) => ({
  imageMediaId: (path: string) => p().media.find((m) => m.path === path)?.id,
  referenceId: (name: string) => p().previz?.references.find((r) => r.name === name)?.id,
});
