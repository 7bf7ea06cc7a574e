// Review fields on markers: author, status and creation time through the edit functions,
// and projects written before they existed still load.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMarker, adjacentMarker, removeMarker, setMarkerStatus, updateMarker } from '../../../../shared/timeline/edit/markers';
import { MarkerSchema, ProjectSchema, SCHEMA_VERSION } from '../../../../shared/timeline/model';
import { build } from '../edit/draw';

describe('marker review fields', () => {
  it('a marker written before review notes (no author, status or date) still parses, and reads as open', () => {
    const old = { id: 'm1', name: 'Cut', frame: 12, duration: 0, color: 'red', note: 'tighten' };
    const parsed = MarkerSchema.parse(old);
    expect(parsed).toEqual(old);
    expect(parsed.status ?? 'open').toBe('open');
    expect(SCHEMA_VERSION).toBe(1);
  });

  it('the schema-1 project fixture (markers without review fields) loads unchanged', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/projects/schema-v1.segue'), 'utf8');
    const project = ProjectSchema.parse(JSON.parse(text));
    expect(project.timeline.markers.length).toBeGreaterThan(0);
    for (const m of project.timeline.markers) {
      expect(m.author).toBeUndefined();
      expect(m.status).toBeUndefined();
      expect(m.createdAt).toBeUndefined();
    }
  });

  it('refuses an author over 256 characters and a status that is not open or resolved', () => {
    const base = { id: 'm1', name: '', frame: 0, duration: 0, color: 'red', note: '' };
    expect(MarkerSchema.safeParse({ ...base, author: 'a'.repeat(256) }).success).toBe(true);
    expect(MarkerSchema.safeParse({ ...base, author: 'a'.repeat(257) }).success).toBe(false);
    expect(MarkerSchema.safeParse({ ...base, status: 'done' }).success).toBe(false);
  });

  it('addMarker keeps author, status and date; an open status and an empty author are stored as absent', () => {
    const t = build({ V1: 'AAAA' });
    const a = addMarker(t, 2, { author: 'Ana', status: 'resolved', createdAt: '2025-01-02T03:04:05.000Z', note: 'n' });
    expect(a.timeline.markers[0]).toMatchObject({ frame: 2, author: 'Ana', status: 'resolved', createdAt: '2025-01-02T03:04:05.000Z', note: 'n' });
    const b = addMarker(t, 1, { author: '', status: 'open' });
    expect(Object.keys(b.timeline.markers[0]!).sort()).toEqual(['color', 'duration', 'frame', 'id', 'name', 'note']);
    expect(MarkerSchema.safeParse(a.timeline.markers[0]).success).toBe(true);
  });

  it('updateMarker sets and clears review fields; setting what is there already changes nothing', () => {
    const { timeline, markerId } = addMarker(build({ V1: 'AAAA' }), 2, { author: 'Ana' });
    const resolved = updateMarker(timeline, markerId, { status: 'resolved' });
    expect(resolved.markers[0]!.status).toBe('resolved');
    expect(updateMarker(resolved, markerId, { status: 'resolved' })).toBe(resolved);
    const reopened = updateMarker(resolved, markerId, { status: 'open' });
    expect(reopened.markers[0]!.status).toBeUndefined();
    expect(updateMarker(timeline, markerId, { status: 'open' })).toBe(timeline);
    const noAuthor = updateMarker(timeline, markerId, { author: '' });
    expect(noAuthor.markers[0]!.author).toBeUndefined();
    expect(() => updateMarker(timeline, markerId, { duration: -1 })).toThrow(/whole number/);
    expect(() => updateMarker(timeline, 'gone', { status: 'resolved' })).toThrow(/no longer exists/);
  });

  it('setMarkerStatus resolves several markers in one timeline and leaves the others', () => {
    let t = build({ V1: 'AAAA' });
    const ids: string[] = [];
    for (const f of [0, 1, 2]) {
      const r = addMarker(t, f);
      t = r.timeline;
      ids.push(r.markerId);
    }
    const next = setMarkerStatus(t, [ids[0]!, ids[2]!], 'resolved');
    expect(next.markers.map((m) => m.status ?? 'open')).toEqual(['resolved', 'open', 'resolved']);
    expect(setMarkerStatus(t, [ids[1]!], 'open')).toBe(t);
    expect(removeMarker(next, ids[1]!).markers).toHaveLength(2);
  });

  it('adjacentMarker finds the next marker strictly after and the previous strictly before a frame', () => {
    let t = build({ V1: 'AAAA' });
    for (const f of [10, 4, 20]) t = addMarker(t, f).timeline;
    expect(adjacentMarker(t, 4, 1)?.frame).toBe(10);
    expect(adjacentMarker(t, 0, 1)?.frame).toBe(4);
    expect(adjacentMarker(t, 20, 1)).toBeNull();
    expect(adjacentMarker(t, 10, -1)?.frame).toBe(4);
    expect(adjacentMarker(t, 25, -1)?.frame).toBe(20);
    expect(adjacentMarker(t, 4, -1)).toBeNull();
  });
});
