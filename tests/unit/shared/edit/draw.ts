// Timelines as pictures, so edit tests read like the diagrams in the edit functions:
// one character per frame, a letter per clip (picture A is linked to sound a), '_' a gap.
import type { Clip, Media, Timeline, Track } from '../../../../shared/timeline/model';
import { layoutTrack } from '../../../../shared/timeline/layout';
import { makeRate, rescale, rt } from '../../../../shared/timeline/time';

export const RATE = makeRate(24);

export function media(letter: string, frames: number, kind: Media['kind'] = 'video'): Media {
  return {
    id: `m${letter.toUpperCase()}`,
    name: letter.toUpperCase(),
    path: `/m/${letter}.mp4`,
    kind,
    origin: 'file',
    probe: { path: `/m/${letter}.mp4`, formatName: 'mov', durationSeconds: frames / 24, sizeBytes: 1, streams: [] },
  };
}

/**
 * `build({ V1: 'AAA__BB', A1: 'aaa__bb' }, { in: { A: 5 } })`: clips named by their letter,
 * ids `A`, `a`, `B`…; picture `A` and sound `a` share link `lA` when both exist. A second
 * clip with the same letter on a track is written after a `|`: 'AA|AA' (ids A, A_1; the
 * n-th A is linked to the n-th a).
 */
export function build(tracks: Record<string, string>, opts: { in?: Record<string, number>; locked?: string[]; unlinked?: boolean } = {}): Timeline {
  const all = Object.values(tracks).join('');
  const list: Track[] = Object.entries(tracks).map(([name, spec]) => {
    const items: Track['items'] = [];
    const seen = new Map<string, number>();
    const runs = spec.match(/(_+|([A-Za-z])\2*|\|)/g) ?? [];
    for (const run of runs) {
      if (run === '|') continue;
      if (run[0] === '_') {
        items.push({ kind: 'gap', id: `g${name}${items.length}`, duration: rt(run.length, RATE) });
        continue;
      }
      const letter = run[0]!;
      const n = seen.get(letter) ?? 0;
      seen.set(letter, n + 1);
      const partner = letter === letter.toUpperCase() ? letter.toLowerCase() : letter.toUpperCase();
      const partnerRuns = (all.match(new RegExp(`${partner}+`, 'g')) ?? []).length;
      const linked = !opts.unlinked && n < partnerRuns;
      const clip: Clip = {
        kind: 'clip',
        id: n === 0 ? letter : `${letter}_${n}`,
        name: letter,
        mediaId: `m${letter.toUpperCase()}`,
        sourceRange: { start: rt(opts.in?.[letter] ?? 0, RATE), duration: rt(run.length, RATE) },
        enabled: true,
        ...(linked ? { linkId: `l${letter.toUpperCase()}${n || ''}` } : {}),
      };
      items.push(clip);
    }
    return { id: name, kind: name.startsWith('V') ? 'video' : 'audio', name, items, enabled: true, muted: false, solo: false, locked: opts.locked?.includes(name) ?? false, height: 60 };
  });
  return { id: 'tl', name: 't', rate: RATE, tracks: list, markers: [] };
}

/** The picture of a timeline: `{ V1: 'AA_BB', A1: 'aa_bb' }` (trailing space trimmed). */
export function draw(t: Timeline): Record<string, string> {
  const out: Record<string, string> = {};
  for (const track of t.tracks) {
    let s = '';
    for (const p of layoutTrack(track, t.rate)) {
      if (p.item.kind === 'transition') continue;
      s += (p.item.kind === 'clip' ? p.item.name : '_').repeat(p.end - p.start);
    }
    out[track.name] = s;
  }
  return out;
}

/** Source in points of the clips by id. */
export function ins(t: Timeline): Record<string, number> {
  const out: Record<string, number> = {};
  for (const track of t.tracks) for (const i of track.items) if (i.kind === 'clip') out[i.id] = rescale(i.sourceRange.start, t.rate);
  return out;
}

export const clipOf = (t: Timeline, id: string): Clip => {
  for (const track of t.tracks) for (const i of track.items) if (i.kind === 'clip' && i.id === id) return i;
  throw new Error(`no clip ${id}`);
};

/** Clip ids of a track in order (gaps as '_'). */
export const ids = (t: Timeline, track: string): string[] =>
  t.tracks.find((x) => x.name === track)!.items.map((i) => (i.kind === 'gap' ? '_' : i.kind === 'transition' ? '/' : i.id));
