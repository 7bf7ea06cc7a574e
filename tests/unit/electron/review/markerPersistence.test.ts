// Review notes travel with the project: author, status and date survive a real save and
// load, an OpenTimelineIO export and its import (under the marker's metadata.segue), and
// OTIO markers from other writers keep their own metadata.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readProjectFile, writeProjectFile } from '../../../../electron/services/project/projectFile';
import { exportOtio } from '../../../../shared/interchange/otio/export';
import { importOtio } from '../../../../shared/interchange/otio/import';
import { createProject } from '../../../../shared/timeline/factory';
import type { Marker, Project } from '../../../../shared/timeline/model';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-markers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MARKERS: Marker[] = [
  { id: 'm1', name: 'Colour', frame: 12, duration: 6, color: 'red', note: 'too warm, "fix"\nthen check', author: 'Ana Díaz', status: 'resolved', createdAt: '2025-03-04T10:11:12.000Z' },
  { id: 'm2', name: 'Sound', frame: 40, duration: 0, color: 'cyan', note: 'hum', author: 'Bo' },
  { id: 'm3', name: 'Old', frame: 50, duration: 0, color: 'green', note: 'from before review notes', metadata: { other: { x: 1 } } },
];

const project = (): Project => {
  const p = createProject('Review');
  return { ...p, timeline: { ...p.timeline, markers: MARKERS } };
};

/** What a marker means, without its id (ids are new on import). */
const meaning = ({ id: _id, ...rest }: Marker) => rest;

describe('markers with review fields', () => {
  it('survive a save and a load of the .segue file', async () => {
    const file = path.join(dir, 'review.segue');
    await writeProjectFile(file, project());
    const loaded = await readProjectFile(file);
    expect(loaded.timeline.markers).toEqual(MARKERS);
  });

  it('are written under the marker metadata "segue" in OTIO and read back from it', () => {
    const otio = exportOtio(project()) as { tracks: { markers: Array<{ metadata: Record<string, unknown> }> } };
    expect(otio.tracks.markers.map((m) => m.metadata)).toEqual([
      { segue: { author: 'Ana Díaz', status: 'resolved', createdAt: '2025-03-04T10:11:12.000Z' } },
      { segue: { author: 'Bo' } },
      { other: { x: 1 } },
    ]);
    // A timeline with no clips states no rate: the project's is given, as the loader does.
    const back = importOtio(JSON.stringify(otio), { defaultRate: project().timeline.rate }).timeline.markers;
    expect(back.map(meaning)).toEqual(MARKERS.map(meaning));
  });

  it('keeps a malformed metadata.segue from another writer as metadata instead of failing the import', () => {
    const otio = exportOtio(project()) as { tracks: { markers: Array<{ metadata: Record<string, unknown> }> } };
    otio.tracks.markers[0]!.metadata = { segue: { author: 42, status: 'done' } };
    const back = importOtio(JSON.stringify(otio), { defaultRate: project().timeline.rate }).timeline.markers;
    expect(back[0]).toMatchObject({ name: 'Colour', metadata: { segue: { author: 42, status: 'done' } } });
    expect(back[0]!.author).toBeUndefined();
    expect(back[0]!.status).toBeUndefined();
  });
});
