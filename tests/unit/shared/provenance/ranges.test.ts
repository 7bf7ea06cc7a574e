// Where generated media shows or sounds in a render, drawn one character per frame:
// timelines as in the edit tests, results as a row of '#' (a generated frame) and '_'.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generatedRanges, subtractSpans, unionSpans, type GeneratedRange } from '../../../../shared/provenance/ranges';
import { sha256Hex } from '../../../../shared/provenance/sha256';
import type { Media, Project, StreamInfo, Transition } from '../../../../shared/timeline/model';
import { layoutTrack } from '../../../../shared/timeline/layout';
import { rt } from '../../../../shared/timeline/time';
import { build, media as drawnMedia, RATE } from '../edit/draw';

/**
 * Media by letter: G, H, K generated (H has an alpha channel); A, O, P plain 16:9 pictures
 * like the output (O and P cover what lies beneath), W a 4:3 picture (letterboxed in a
 * 16:9 output), C an alpha picture, U an unknown pixel format. All 40 frames unless set.
 */
const GENERATED = new Set(['G', 'H', 'K']);
function media(letter: string, frames = 40): Media {
  const m = drawnMedia(letter, frames);
  const size = letter === 'W' ? { width: 48, height: 36 } : { width: 128, height: 72 };
  const pixelFormat = letter === 'C' || letter === 'H' ? 'yuva420p' : letter === 'U' ? undefined : 'yuv420p';
  const streams: StreamInfo[] = [
    { index: 0, type: 'video', codec: 'h264', ...size, ...(pixelFormat ? { pixelFormat } : {}) },
    { index: 1, type: 'audio', codec: 'aac' },
  ];
  const generated = GENERATED.has(letter);
  return {
    ...m,
    origin: generated ? 'generated' : 'file',
    probe: { ...m.probe, streams },
    ...(generated ? { provenance: { provider: 'local', model: `model-${letter}`, prompt: `a shot of ${letter}`, jobId: `job-${letter}`, costUsd: 0, createdAt: '2026-01-01T00:00:00Z' } } : {}),
  };
}

function project(tracks: Record<string, string>, opts: Parameters<typeof build>[1] & { frames?: Record<string, number> } = {}): Project {
  const timeline = build(tracks, opts);
  const letters = new Set(Object.values(tracks).join('').toUpperCase().replace(/[^A-Z]/g, ''));
  return {
    schemaVersion: 1,
    id: 'p',
    name: 'p',
    settings: { width: 64, height: 36, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' },
    media: [...letters].map((l) => media(l, opts.frames?.[l])),
    timeline,
  };
}

const total = (p: Project) => Math.max(0, ...p.timeline.tracks.map((t) => layoutTrack(t, RATE).at(-1)?.end ?? 0));

/** The ranges as one character per frame over the timeline. */
function drawRanges(ranges: readonly GeneratedRange[], frames: number): string {
  return Array.from({ length: frames }, (_, f) => (ranges.some((r) => f >= r.start && f < r.end) ? '#' : '_')).join('');
}
const seen = (p: Project, opts?: Parameters<typeof generatedRanges>[1]) => drawRanges(generatedRanges(p, opts), total(p));

function transition(p: Project, track: string, at: number, inOffset: number, outOffset: number): void {
  const t = p.timeline.tracks.find((x) => x.name === track)!;
  const tr: Transition = { kind: 'transition', id: `T${track}${at}`, name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(inOffset, RATE), outOffset: rt(outOffset, RATE) };
  t.items.splice(at, 0, tr);
}

describe('generatedRanges', () => {
  it('marks the frames a generated clip shows, merged and sorted, with what made them', () => {
    const p = project({ V1: 'AAGGGAA|A', A1: 'aaaaaaaa' });
    const ranges = generatedRanges(p);
    expect(drawRanges(ranges, 8)).toBe('__###___');
    expect(ranges).toEqual([
      {
        start: 2,
        end: 5,
        sources: [{ start: 2, end: 5, mediaId: 'mG', media: 'G', provider: 'local', model: 'model-G', promptSha256: createHash('sha256').update('a shot of G').digest('hex'), jobId: 'job-G', as: ['picture'], clipIds: ['G'] }],
      },
    ]);
  });

  it('an opaque full-frame clip on a higher track hides the generated clip beneath it', () => {
    expect(seen(project({ V1: 'AAGGGGGGGA', V2: '____OOOO' }))).toBe('__##____#_');
    // touching cover from two clips: hidden throughout
    expect(seen(project({ V1: 'GGGGGG', V2: 'OOOPPP' }))).toBe('______');
    // covered by a higher track, but an even higher generated clip shows
    expect(seen(project({ V1: 'GGGGGG', V2: 'OOOOOO', V3: '__KK' }))).toBe('__##__');
  });

  it('what does not fill the frame or is transparent does not hide it; fill crops to cover', () => {
    expect(seen(project({ V1: 'GGGG', V2: 'WWWW' }))).toBe('####'); // letterboxed: bars are transparent above V1
    const p = project({ V1: 'GGGG', V2: 'WWWW' });
    expect(seen(p, { settings: { fit: 'fill' } })).toBe('____');
    expect(seen(p, { settings: { width: 48, height: 36 } })).toBe('____'); // a 4:3 export: W fills it
    expect(seen(project({ V1: 'GGGG', V2: 'CCCC' }))).toBe('####'); // alpha channel
    expect(seen(project({ V1: 'GGGG', V2: 'UUUU' }))).toBe('####'); // unknown pixel format: in doubt, visible
    expect(seen(project({ V1: 'AAAA', V2: '_HH_' }))).toBe('_##_'); // a generated clip with alpha over a plain one
    expect(seen(project({ V1: 'AAAA', V2: 'GG_' }))).toBe('##__');
  });

  it('hidden tracks, disabled clips, muted and non-solo audio tracks do not count; audible sound does', () => {
    const hidden = project({ V1: 'AAAA', V2: '_GG_' });
    hidden.timeline.tracks[1]!.enabled = false;
    expect(seen(hidden)).toBe('____');
    const disabled = project({ V1: 'AGGA' });
    (disabled.timeline.tracks[0]!.items[1] as { enabled: boolean }).enabled = false;
    expect(seen(disabled)).toBe('____');
    // a hidden cover hides nothing
    const uncovered = project({ V1: 'GGGG', V2: 'OOOO' });
    uncovered.timeline.tracks[1]!.enabled = false;
    expect(seen(uncovered)).toBe('####');

    const sound = project({ V1: 'AAAAAA', A1: 'aggg__', A2: '____kk' });
    expect(seen(sound)).toBe('_#####');
    expect(generatedRanges(sound)[0]!.sources.map((s) => [s.mediaId, s.as, s.start, s.end])).toEqual([
      ['mG', ['sound'], 1, 4],
      ['mK', ['sound'], 4, 6],
    ]);
    sound.timeline.tracks[1]!.muted = true;
    expect(seen(sound)).toBe('____##');
    sound.timeline.tracks[1]!.muted = false;
    sound.timeline.tracks[1]!.solo = true;
    expect(seen(sound)).toBe('_###__');
  });

  it('picture and sound of the same generated media make one source, covered picture or not', () => {
    const p = project({ V1: 'AGGGA', V2: '_OO__', A1: 'aggg' });
    const [r] = generatedRanges(p);
    expect(drawRanges([r!], 5)).toBe('_###_');
    expect(r!.sources).toHaveLength(1);
    expect(r!.sources[0]).toMatchObject({ start: 1, end: 4, as: ['picture', 'sound'], clipIds: ['G', 'g'] });
  });

  it('a dissolve into a generated clip counts from its first frame; out of one, to its last', () => {
    // A (in 0) then G (in 5): the dissolve reaches 2 before the cut and 2 after it, from the handles.
    const into = project({ V1: 'AAAAGGGG' }, { in: { G: 5 } });
    transition(into, 'V1', 1, 2, 2);
    expect(seen(into)).toBe('__######');
    const out = project({ V1: 'GGGGBBBB' }, { in: { B: 5 } });
    transition(out, 'V1', 1, 2, 2);
    expect(seen(out)).toBe('######__');
    // without handles it dips through black: each side stays within its own frames
    const dip = project({ V1: 'AAAAGGGG' }, { frames: { A: 4 } });
    transition(dip, 'V1', 1, 2, 2);
    expect(dip.timeline.tracks[0]!.items).toHaveLength(3);
    expect(seen(dip)).toBe('____####');
    // two generated clips dissolving: one range, each source over its own frames
    const both = project({ V1: 'GGGGKKKK' }, { in: { K: 5 } });
    transition(both, 'V1', 1, 2, 2);
    const [r] = generatedRanges(both);
    expect(r!.sources.map((s) => [s.mediaId, s.start, s.end])).toEqual([
      ['mG', 0, 6],
      ['mK', 2, 8],
    ]);
  });

  it('a cover that fades lets the generated clip beneath show while it fades', () => {
    // O and P dissolve (with handles) on V2: opaque throughout, the outgoing side holds the picture.
    const blend = project({ V1: 'GGGGGGGG', V2: 'OOOOPPPP' }, { in: { P: 5 } });
    transition(blend, 'V2', 1, 2, 2);
    expect(seen(blend)).toBe('________');
    // without handles they dip through transparency: G shows through both fades
    const dip = project({ V1: 'GGGGGGGG', V2: 'OOOOPPPP' }, { frames: { O: 4 } });
    transition(dip, 'V2', 1, 2, 2);
    expect(seen(dip)).toBe('__####__');
  });

  it('keeps to a window of the timeline, in timeline frames', () => {
    const p = project({ V1: 'AAGGGGGGAA', V2: '____OO' });
    expect(seen(p)).toBe('__##__##__');
    expect(generatedRanges(p, { start: 3, end: 7 }).map((r) => [r.start, r.end])).toEqual([
      [3, 4],
      [6, 7],
    ]);
    expect(generatedRanges(p, { start: 4, end: 6 })).toEqual([]);
    expect(generatedRanges(p, { start: 20 })).toEqual([]);
  });

  it('generated media without provenance is still reported, with what is unknown left empty', () => {
    const p = project({ V1: 'AGA' });
    delete p.media.find((m) => m.id === 'mG')!.provenance;
    expect(generatedRanges(p)[0]!.sources[0]).toMatchObject({ provider: 'unknown', model: '', promptSha256: null, jobId: null });
    expect(generatedRanges(project({ V1: 'AAA', A1: 'aaa' }))).toEqual([]);
  });
});

describe('span helpers', () => {
  it('unions and subtracts', () => {
    expect(unionSpans([{ start: 5, end: 7 }, { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 6, end: 9 }, { start: 4, end: 4 }])).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 9 },
    ]);
    expect(subtractSpans([{ start: 0, end: 10 }], [{ start: 2, end: 3 }, { start: 5, end: 12 }])).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 5 },
    ]);
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto on the standard vectors, multi-block input and any Unicode', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const s of ['a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'neon café 東京 🎬', '\ud800 lone'])
      expect(sha256Hex(s), JSON.stringify(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => sha256Hex(s) === createHash('sha256').update(s, 'utf8').digest('hex')));
  });
});

describe('generatedRanges (property)', () => {
  // Cuts only (transitions are drawn above); any stack of tracks, any of them hidden,
  // muted or solo, any clip disabled. The oracle asks frame by frame.
  const video = fc.array(fc.tuple(fc.constantFrom('A', 'G', 'H', 'K', 'O', 'W', 'C', 'U', '_'), fc.integer({ min: 1, max: 5 })), { maxLength: 6 });
  const audio = fc.array(fc.tuple(fc.constantFrom('a', 'g', 'k', '_'), fc.integer({ min: 1, max: 5 })), { maxLength: 6 });
  const spec = (runs: Array<[string, number]>) => runs.map(([l, n]) => l.repeat(n)).join('|').replace(/\|?(_+)\|?/g, '$1');
  const arb = fc.record({
    v: fc.array(video, { minLength: 1, maxLength: 3 }),
    a: fc.array(audio, { maxLength: 2 }),
    flags: fc.array(fc.record({ enabled: fc.boolean(), muted: fc.boolean(), solo: fc.boolean() }), { minLength: 5, maxLength: 5 }),
    disabled: fc.array(fc.nat(30), { maxLength: 3 }),
    fill: fc.boolean(),
    window: fc.option(fc.tuple(fc.nat(30), fc.nat(30)), { nil: undefined }),
  });

  it('ranges are disjoint, sorted, inside the timeline, and hold exactly the frames where generated media shows or sounds', () => {
    fc.assert(
      fc.property(arb, ({ v, a, flags, disabled, fill, window }) => {
        const tracks: Record<string, string> = {};
        v.forEach((runs, i) => (tracks[`V${i + 1}`] = spec(runs)));
        a.forEach((runs, i) => (tracks[`A${i + 1}`] = spec(runs)));
        const p = project(tracks, { unlinked: true });
        if (fill) p.settings.fit = 'fill';
        p.timeline.tracks.forEach((t, i) => Object.assign(t, flags[i]));
        const clips = p.timeline.tracks.flatMap((t) => t.items.filter((x) => x.kind === 'clip'));
        for (const d of disabled) if (clips.length) (clips[d % clips.length] as { enabled: boolean }).enabled = false;
        const frames = total(p);
        const [from, to] = window ? [Math.min(...window), Math.max(...window)] : [0, frames];
        const ranges = generatedRanges(p, window ? { start: from, end: to } : {});

        ranges.forEach((r, i) => {
          expect(r.end).toBeGreaterThan(r.start);
          expect(r.start).toBeGreaterThanOrEqual(from);
          expect(r.end).toBeLessThanOrEqual(Math.min(to, frames));
          if (i > 0) expect(r.start).toBeGreaterThan(ranges[i - 1]!.end); // sorted, disjoint, never adjacent
          for (const s of r.sources) expect(s.start >= r.start && s.end <= r.end).toBe(true);
        });

        // Oracle: per frame, the clip on each track and whether it counts.
        const byId = new Map(p.media.map((m) => [m.id, m]));
        const at = (track: (typeof p.timeline.tracks)[number], f: number) => {
          const hit = layoutTrack(track, RATE).find((x) => x.item.kind === 'clip' && x.start <= f && f < x.end);
          return hit && hit.item.kind === 'clip' && hit.item.enabled ? byId.get(hit.item.mediaId!)! : undefined;
        };
        const vt = p.timeline.tracks.filter((t) => t.kind === 'video' && t.enabled);
        const audible = p.timeline.tracks.filter((t) => t.kind === 'audio' && !t.muted);
        const at2 = audible.some((t) => t.solo) ? audible.filter((t) => t.solo) : audible;
        const covers = (m: Media) => ['O', 'A', 'G', 'K'].includes(m.name) || (m.name === 'W' && fill);
        const expected = Array.from({ length: frames }, (_, f) => {
          if (f < from || f >= to) return '_';
          let shown = false;
          vt.forEach((t, i) => {
            const m = at(t, f);
            if (m?.origin === 'generated' && !vt.slice(i + 1).some((above) => { const c = at(above, f); return c && covers(c); })) shown = true;
          });
          const heard = at2.some((t) => at(t, f)?.origin === 'generated');
          return shown || heard ? '#' : '_';
        }).join('');
        expect(drawRanges(ranges, frames)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });
});
