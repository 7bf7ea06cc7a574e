// Random edit sequences (fast-check): whatever the user does, a track never overlaps,
// ids stay unique, lengths add up as each edit promises, linked pairs stay together,
// and undo (immer inverse patches, as the renderer applies them) restores the exact document.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enablePatches, applyPatches, produceWithPatches } from 'immer';
import * as E from '../../../../shared/timeline/edit';
import { layoutTrack, trackFrames } from '../../../../shared/timeline/layout';
import { TimelineSchema, type Project, type Timeline } from '../../../../shared/timeline/model';
import { writeTimeline } from '../../../../renderer/src/state/writeTimeline';
import { build, media, RATE } from './draw';

enablePatches();

const MEDIA = 'ABCDEF'.split('').map((l) => media(l, 40));

const trackSpec = fc
  .array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', '_'), fc.integer({ min: 1, max: 6 })), { maxLength: 6 })
  .map((runs) => runs.map(([l, n]) => l.repeat(n)).join('|').replace(/\|?(_+)\|?/g, '$1').replace(/[_|]+$/, ''));

/** V1/V2/A1/A2 with A1 mirroring V1 in lower case, so V1 and A1 hold linked pairs. */
const timelineArb = fc.tuple(trackSpec, trackSpec, trackSpec).map(([v1, v2, a2]) =>
  build({ V1: v1, V2: v2.toUpperCase().replace(/[A-F]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 6)), A1: v1.toLowerCase(), A2: a2.toLowerCase().replace(/[a-f]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 12)) }),
);

type Op = { name: string; run: (t: Timeline, clip: string | undefined, track: string, frame: number, n: number) => Timeline };

const OPS: Op[] = [
  { name: 'split', run: (t, _c, track, f) => E.split(t, f, { trackIds: [track] }).timeline },
  { name: 'splitAll', run: (t, _c, _t, f) => E.split(t, f).timeline },
  { name: 'lift', run: (t, c) => (c ? E.lift(t, [c]) : t) },
  { name: 'rippleDelete', run: (t, c) => (c ? E.rippleDelete(t, [c]) : t) },
  { name: 'trimOut', run: (t, c, _t, _f, n) => (c ? E.trim(t, c, 'out', n, { media: MEDIA }) : t) },
  { name: 'trimIn', run: (t, c, _t, _f, n) => (c ? E.trim(t, c, 'in', n, { media: MEDIA }) : t) },
  { name: 'rippleOut', run: (t, c, _t, _f, n) => (c ? E.trim(t, c, 'out', n, { ripple: true, media: MEDIA }) : t) },
  { name: 'rippleIn', run: (t, c, _t, _f, n) => (c ? E.trim(t, c, 'in', n, { ripple: true, media: MEDIA }) : t) },
  { name: 'roll', run: (t, c, _t, _f, n) => (c ? E.roll(t, c, n, { media: MEDIA }) : t) },
  { name: 'slip', run: (t, c, _t, _f, n) => (c ? E.slip(t, c, n, { media: MEDIA }) : t) },
  { name: 'slide', run: (t, c, _t, _f, n) => (c ? E.slide(t, c, n, { media: MEDIA }) : t) },
  { name: 'move', run: (t, c, _t, _f, n) => (c ? E.moveClips(t, [c], n) : t) },
  { name: 'moveTrack', run: (t, c, _t, _f, n) => (c ? E.moveClips(t, [c], n, { video: n % 2, audio: -(n % 2) }) : t) },
  { name: 'insertMove', run: (t, c, _t, _f, n) => (c ? E.moveClips(t, [c], n, {}, 'insert') : t) },
  { name: 'insert', run: (t, _c, _t, f, n) => E.placeMedia(t, { ...MEDIA[0]!, probe: { ...MEDIA[0]!.probe, durationSeconds: Math.abs(n) / 24 + 1 / 24, streams: [{ index: 0, type: 'video', codec: 'h' }, { index: 1, type: 'audio', codec: 'a' }] } }, { frame: f, videoTrackId: 'V1', audioTrackId: 'A1', mode: 'insert' }).timeline },
  { name: 'overwrite', run: (t, _c, track, f, n) => E.placeClips(t, [{ trackId: track, start: f, clip: { kind: 'clip', id: `o${f}${n}${Math.random().toString(36).slice(2, 6)}`, name: 'O', mediaId: 'mA', sourceRange: { start: { value: 0, rate: RATE }, duration: { value: Math.abs(n) + 1, rate: RATE } }, enabled: true } }], 'overwrite') },
  { name: 'closeGap', run: (t, _c, track, f) => E.closeGap(t, track, f) },
  { name: 'paste', run: (t, c, _t, f) => (c ? E.pasteClips(t, f, E.copyClips(t, [c])).timeline : t) },
  { name: 'unlink', run: (t, c) => (c ? E.unlink(t, [c]) : t) },
];

const allClips = (t: Timeline) => t.tracks.flatMap((tr) => tr.items.filter((i) => i.kind === 'clip'));

function checkInvariants(t: Timeline): void {
  expect(TimelineSchema.safeParse(t).success).toBe(true);
  const ids = t.tracks.flatMap((tr) => tr.items.map((i) => i.id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const tr of t.tracks) {
    const placed = layoutTrack(tr, t.rate);
    placed.forEach((p, i) => {
      if (p.item.kind === 'clip') expect(p.end).toBeGreaterThan(p.start);
      if (p.item.kind === 'gap') {
        expect(p.end).toBeGreaterThan(p.start);
        expect(placed[i + 1]?.item.kind).toBe('clip'); // no trailing or doubled gaps
      }
      if (p.item.kind === 'transition') {
        expect(placed[i - 1]?.item.kind).toBe('clip');
        expect(placed[i + 1]?.item.kind).toBe('clip');
      }
      if (p.item.kind === 'clip') expect(p.item.sourceRange.start.value).toBeGreaterThanOrEqual(0);
    });
  }
}

/** Start and end of every linked clip, by link: all members share them. */
function linkedSpans(t: Timeline): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const tr of t.tracks) for (const p of layoutTrack(tr, t.rate)) if (p.item.kind === 'clip' && p.item.linkId) out.set(p.item.linkId, (out.get(p.item.linkId) ?? new Set()).add(`${p.start}-${p.end}`));
  return out;
}

const step = fc.record({ op: fc.integer({ min: 0, max: OPS.length - 1 }), pick: fc.nat(), track: fc.constantFrom('V1', 'V2', 'A1', 'A2'), frame: fc.integer({ min: 0, max: 40 }), n: fc.integer({ min: -8, max: 8 }) });

describe('edit properties', () => {
  it('random edit sequences keep every track well formed and ids unique', () => {
    fc.assert(
      fc.property(timelineArb, fc.array(step, { maxLength: 12 }), (start, steps) => {
        let t = start;
        checkInvariants(t);
        for (const s of steps) {
          const clips = allClips(t);
          const clip = clips.length ? clips[s.pick % clips.length]!.id : undefined;
          try {
            t = OPS[s.op]!.run(t, clip, s.track, s.frame, s.n);
          } catch (e) {
            if (!(e instanceof E.EditError)) throw e;
          }
          checkInvariants(t);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('edits that keep picture and sound together keep every linked pair at the same place', () => {
    const syncSafe = ['splitAll', 'lift', 'rippleDelete', 'trimOut', 'trimIn', 'rippleOut', 'rippleIn', 'slip', 'move', 'paste'];
    const ops = OPS.filter((o) => syncSafe.includes(o.name));
    fc.assert(
      fc.property(timelineArb, fc.array(step, { maxLength: 10 }), (start, steps) => {
        // Only V1/A1 pairs, nothing else to collide with.
        let t: Timeline = { ...start, tracks: start.tracks.filter((tr) => tr.id === 'V1' || tr.id === 'A1') };
        for (const s of steps) {
          const clips = allClips(t);
          const clip = clips.length ? clips[s.pick % clips.length]!.id : undefined;
          const op = ops[s.op % ops.length]!;
          const frame = op.name === 'paste' ? Math.max(s.frame, ...t.tracks.map((tr) => trackFrames(tr, t.rate))) : s.frame;
          try {
            t = op.run(t, clip, s.track, frame, s.n);
          } catch (e) {
            if (!(e instanceof E.EditError)) throw e;
          }
          for (const [link, spans] of linkedSpans(t)) expect(spans.size, `link ${link} after ${op.name}`).toBe(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('lengths add up: split and lift keep every track length, ripple delete shortens by the clip', () => {
    fc.assert(
      fc.property(timelineArb, fc.nat(), fc.integer({ min: 0, max: 40 }), (t, pick, frame) => {
        const lens = (x: Timeline) => x.tracks.map((tr) => trackFrames(tr, x.rate));
        const clipSum = (x: Timeline) => allClips(x).reduce((s, c) => s + c.sourceRange.duration.value, 0);
        try {
          const s = E.split(t, frame).timeline;
          expect(lens(s)).toEqual(lens(t));
          expect(clipSum(s)).toBe(clipSum(t));
        } catch (e) {
          if (!(e instanceof E.EditError)) throw e;
        }
        const clips = allClips(t);
        if (!clips.length) return;
        const victim = clips[pick % clips.length]!;
        const group = E.withLinked(t, [victim.id]);
        const removed = allClips(t).filter((c) => group.includes(c.id)).reduce((s, c) => s + c.sourceRange.duration.value, 0);
        expect(clipSum(E.rippleDelete(t, [victim.id]))).toBe(clipSum(t) - removed);
        const lifted = E.lift(t, [victim.id]);
        expect(clipSum(lifted)).toBe(clipSum(t) - removed);
        lifted.tracks.forEach((tr, i) => expect(trackFrames(tr, t.rate)).toBeLessThanOrEqual(lens(t)[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('undo after do restores the exact document, redo the exact result (immer patches as the renderer commits them)', () => {
    fc.assert(
      fc.property(timelineArb, fc.array(step, { minLength: 1, maxLength: 8 }), (start, steps) => {
        let doc: Project = { schemaVersion: 1, id: 'p', name: 'p', settings: { width: 64, height: 64, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, media: MEDIA, timeline: start };
        const snapshots: Project[] = [doc];
        const stack: Array<{ patches: ReturnType<typeof produceWithPatches>[1]; inverse: ReturnType<typeof produceWithPatches>[2] }> = [];
        for (const s of steps) {
          const clips = allClips(doc.timeline);
          const clip = clips.length ? clips[s.pick % clips.length]!.id : undefined;
          let next: Timeline;
          try {
            next = OPS[s.op]!.run(doc.timeline, clip, s.track, s.frame, s.n);
          } catch (e) {
            if (!(e instanceof E.EditError)) throw e;
            continue;
          }
          const before = doc.timeline;
          const [after, patches, inverse] = produceWithPatches(doc, (d) => writeTimeline(d, before, next));
          expect(after.timeline).toEqual(next);
          doc = after;
          snapshots.push(doc);
          stack.push({ patches, inverse });
        }
        let cur = doc;
        for (let i = stack.length - 1; i >= 0; i--) {
          cur = applyPatches(cur, stack[i]!.inverse);
          expect(cur).toEqual(snapshots[i]);
        }
        for (let i = 0; i < stack.length; i++) {
          cur = applyPatches(cur, stack[i]!.patches);
          expect(cur).toEqual(snapshots[i + 1]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
