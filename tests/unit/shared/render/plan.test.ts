import { describe, expect, it } from 'vitest';
import { planRender, type RenderPlan } from '../../../../shared/render/plan';
import { buildFilterGraph, num, serializeFilter, serializeGraph } from '../../../../shared/render/graph';
import { exportArgs, presetById } from '../../../../shared/render/presets';
import type { Project } from '../../../../shared/timeline/model';
import { rt } from '../../../../shared/timeline/time';
import { build, media, RATE } from '../edit/draw';

/** A project over the drawn timeline; every media 40 frames long unless stills. */
function project(tracks: Record<string, string>, opts: Parameters<typeof build>[1] = {}): Project {
  const timeline = build(tracks, opts);
  const letters = new Set(Object.values(tracks).join('').toUpperCase().replace(/[^A-Z]/g, ''));
  const m = [...letters].map((l) => {
    const x = media(l, 40);
    return { ...x, probe: { ...x.probe, streams: [{ index: 0, type: 'video' as const, codec: 'h264' }, { index: 1, type: 'audio' as const, codec: 'aac' }] } };
  });
  return { schemaVersion: 1, id: 'p', name: 'p', settings: { width: 64, height: 36, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, media: m, timeline };
}

const shape = (p: RenderPlan) => p.video.concat(p.audio).map((t) => `${t.name}: ${t.segments.map((s) => (s.kind === 'gap' ? `_${s.frames}` : `${s.path.slice(3, 4).toLowerCase()}${s.inFrame}+${s.frames}`)).join(' ')} | ${t.joins.map((j) => (j.kind === 'blend' ? `blend${j.frames}` : j.kind)).join(' ')}`);

describe('planRender', () => {
  it('covers every track from the first frame to the last with clips and gaps', () => {
    const plan = planRender(project({ V1: 'AA__BB', V2: '___C', A1: 'aa__bb' }, { in: { B: 3, b: 3 } }));
    expect(plan.frames).toBe(6);
    expect(shape(plan)).toEqual(['V1: a0+2 _2 b3+2 | cut cut', 'V2: _3 c0+1 _2 | cut cut', 'A1: a0+2 _2 b3+2 | cut cut']);
  });

  it('an in/out range cuts clips at its edges and moves their in points', () => {
    const plan = planRender(project({ V1: 'AAAABBBB' }), { range: { start: 2, frames: 4 } });
    expect(shape(plan)).toEqual(['V1: a2+2 b0+2 | cut']);
  });

  it('a transition extends both clips into their handles and overlaps them by as much', () => {
    const p = project({ V1: 'AAAABBBB' }, { in: { A: 0, B: 5 } });
    p.timeline.tracks[0]!.items.splice(1, 0, { kind: 'transition', id: 'T', name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(2, RATE), outOffset: rt(3, RATE) });
    const plan = planRender(p);
    // A reads 3 frames past its out point (handle), B 2 before its in point: 5 overlapping
    expect(shape(plan)).toEqual(['V1: a0+7 b3+6 | blend5']);
    expect(plan.frames).toBe(8);
  });

  it('without handles the transition dips through black / silence instead', () => {
    const p = project({ V1: 'AAAABBBB' });
    p.timeline.tracks[0]!.items.splice(1, 0, { kind: 'transition', id: 'T', name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(2, RATE), outOffset: rt(0, RATE) });
    // A has handles after it (media is 40 frames) but the reach after the cut is 0; B has none before it.
    expect(planRender(p).video[0]!.joins).toEqual([{ kind: 'dip', outFrames: 2, inFrames: 0, curve: 'equal-power' }]);
  });

  it('leaves out muted tracks, hidden video tracks, disabled clips, and all but solo tracks', () => {
    const p = project({ V1: 'AA', V2: 'CC', A1: 'aa', A2: 'cc' });
    p.timeline.tracks[1]!.enabled = false;
    p.timeline.tracks[3]!.solo = true;
    const plan = planRender(p);
    expect(plan.video.map((t) => t.name)).toEqual(['V1']);
    expect(plan.audio.map((t) => t.name)).toEqual(['A2']);
    p.timeline.tracks[3]!.muted = true;
    expect(planRender(p).audio.map((t) => t.name)).toEqual(['A1']);
  });
});

describe('filter graph', () => {
  it('serialises filters and refuses what it cannot write safely', () => {
    expect(serializeFilter({ name: 'scale', args: [64, 36, ['force_original_aspect_ratio', 'decrease']] })).toBe('scale=64:36:force_original_aspect_ratio=decrease');
    expect(() => serializeFilter({ name: 'drawtext', args: [['text', 'a:b']] })).toThrow(/unsafe/);
    expect([num(1 / 3), num(2), num(0.5), num(1e-7)]).toEqual(['0.333333', '2', '0.5', '0']);
  });

  it('builds the exact graph and arguments for a small timeline', () => {
    const plan = planRender(project({ V1: 'AA', A1: 'aa' }));
    const g = buildFilterGraph(plan);
    expect(g.inputs).toEqual([
      { options: ['-ss', '0', '-t', '0.166667'], path: '/m/A.mp4' },
      { options: ['-ss', '0', '-t', '0.166667'], path: '/m/A.mp4' },
    ]);
    // The bottom track is the canvas itself: black where empty, no overlay.
    expect(serializeGraph(g.chains).split(';')).toEqual([
      '[0:v:0]setpts=PTS-STARTPTS,fps=24/1,scale=64:36:force_original_aspect_ratio=decrease,setsar=1,format=yuv420p,pad=64:36:(ow-iw)/2:(oh-ih)/2:color=black,trim=end_frame=2,setpts=PTS-STARTPTS[v0]',
      '[v0]format=yuv420p,trim=end_frame=2[vout1]',
      '[1:a:0]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,apad,atrim=end_sample=4000,asetpts=PTS-STARTPTS[a2]',
      '[a2]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,atrim=end_sample=4000[aout3]',
    ]);

    const args = exportArgs(plan, g, presetById('h264')!, '/out/x.mp4');
    expect(args.slice(args.indexOf('-map'))).toEqual(['-map', '[vout1]', '-map', '[aout3]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', '24/1', '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2', '-map_metadata', '-1', '-movflags', '+faststart', '-t', '0.083333', '-f', 'mp4', '/out/x.mp4']);
  });

  it('joins a blended pair with acrossfade over exactly the overlap in samples and a dissolve of the same length', () => {
    const p = project({ V1: 'AAAABBBB', A1: 'aaaabbbb' }, { in: { B: 5, b: 5 } });
    for (const t of p.timeline.tracks) t.items.splice(1, 0, { kind: 'transition', id: `T${t.id}`, name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(2, RATE), outOffset: rt(3, RATE) });
    const text = serializeGraph(buildFilterGraph(planRender(p)).chains);
    expect(text).toContain('acrossfade=ns=10000:c1=qsin:c2=qsin');
    // B (6 frames) fades in over A (7) from A's frame 2, placed by frame number; A goes on
    // black for the 1 frame B lasts after the dissolve, so the pair is 8 frames
    expect(text).toContain(
      '[v1]format=yuva420p,fade=t=in:st=0:d=0.208333:alpha=1,settb=1/24,setpts=N+2[d2];' +
        'color=c=black:s=64x36:r=24/1,format=yuv420p,trim=end_frame=1,setpts=PTS-STARTPTS[g3];' +
        '[v0][g3]concat=n=2:v=1:a=0,settb=1/24,setpts=N[h4];' +
        '[h4][d2]overlay=eof_action=pass,format=yuv420p,trim=end_frame=8[x5]',
    );
    expect(text).not.toContain('tpad');
  });

  it('a dissolve after a cut: the cut pair is concatenated and renumbered, then lengthened by an empty segment (no tpad after concat)', () => {
    const p = project({ V1: 'AABBCCCC' }, { in: { C: 5 } });
    p.timeline.tracks[0]!.items.splice(2, 0, { kind: 'transition', id: 'T', name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(2, RATE), outOffset: rt(1, RATE) });
    const chains = serializeGraph(buildFilterGraph(planRender(p), { audio: false }).chains).split(';');
    // A 2 + B 3 (1 of handle) concatenated; C 6 (2 of handle) from frame 5 - 3 = 2; 3 frames of black after A+B
    expect(chains.slice(3)).toEqual([
      '[v0][v1]concat=n=2:v=1:a=0,settb=1/24,setpts=N[cv3]',
      '[v2]format=yuva420p,fade=t=in:st=0:d=0.125:alpha=1,settb=1/24,setpts=N+2[d4]',
      'color=c=black:s=64x36:r=24/1,format=yuv420p,trim=end_frame=3,setpts=PTS-STARTPTS[g5]',
      '[cv3][g5]concat=n=2:v=1:a=0,settb=1/24,setpts=N[h6]',
      '[h6][d4]overlay=eof_action=pass,format=yuv420p,trim=end_frame=8[x7]',
      '[x7]format=yuv420p,trim=end_frame=8[vout8]',
    ]);
  });

  it('above the bottom track the dissolve lengthens the outgoing side with transparency', () => {
    const p = project({ V1: 'DDDDDD', V2: '_AABB' }, { in: { B: 5 } });
    p.timeline.tracks[1]!.items.splice(2, 0, { kind: 'transition', id: 'T', name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(1, RATE), outOffset: rt(1, RATE) });
    expect(shape(planRender(p))[1]).toBe('V2: _1 a0+3 b4+3 _1 | cut blend2 cut');
    const text = serializeGraph(buildFilterGraph(planRender(p), { audio: false }).chains);
    // gap + A (4 frames) go on transparent for the 2 frames of B and the gap after it
    expect(text).toMatch(/color=c=black@0:s=64x36:r=24\/1,format=yuva420p,trim=end_frame=2,setpts=PTS-STARTPTS\[(g\d+)\];\[cv\d+\]\[\1\]concat=n=2:v=1:a=0,settb=1\/24,setpts=N\[h\d+\]/);
    expect(text).toMatch(/fade=t=in:st=0:d=0.083333:alpha=1,settb=1\/24,setpts=N\+2\[d\d+\]/);
    expect(text).not.toContain('tpad');
  });

  it('a dissolve that ends the timeline needs no lengthening', () => {
    const p = project({ V1: 'AABB' }, { in: { B: 5 } });
    p.timeline.tracks[0]!.items.splice(1, 0, { kind: 'transition', id: 'T', name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(1, RATE), outOffset: rt(2, RATE) });
    expect(shape(planRender(p))).toEqual(['V1: a0+4 b4+3 | blend3']);
    const chains = serializeGraph(buildFilterGraph(planRender(p), { audio: false }).chains).split(';');
    expect(chains.slice(2)).toEqual(['[v1]format=yuva420p,fade=t=in:st=0:d=0.125:alpha=1,settb=1/24,setpts=N+1[d2]', '[v0][d2]overlay=eof_action=pass,format=yuv420p,trim=end_frame=4[x3]', '[x3]format=yuv420p,trim=end_frame=4[vout4]']);
  });

  it('upper tracks are transparent where empty and are laid over the bottom one; a source at the output size is not scaled', () => {
    const p = project({ V1: 'AA', V2: '_C' });
    p.media = p.media.map((m) => ({ ...m, probe: { ...m.probe, streams: [{ index: 0, type: 'video' as const, codec: 'h264', width: 64, height: 36 }] } }));
    const text = serializeGraph(buildFilterGraph(planRender(p)).chains);
    expect(text).toContain('color=c=black@0:s=64x36:r=24/1,format=yuva420p,trim=end_frame=1');
    expect(text).toContain('setsar=1,format=yuva420p,trim=end_frame=1');
    expect(text).not.toContain('scale=');
    expect(text).toMatch(/\[v\d+\]\[cv\d+\]overlay=eof_action=pass\[o\d+\]/);
  });

  it('skips the rate conversion for a source at the output rate, and holds the last frame where the media runs out', () => {
    const p = project({ V1: 'AAAA' }, { in: { A: 38 } });
    p.media = p.media.map((m) => ({ ...m, probe: { ...m.probe, streams: [{ index: 0, type: 'video' as const, codec: 'h264', rate: RATE }] } }));
    const text = serializeGraph(buildFilterGraph(planRender(p)).chains);
    expect(text).not.toContain('fps=');
    expect(text).toContain('tpad=stop_mode=clone:stop=2,trim=end_frame=4'); // 40-frame media from frame 38: 2 real, 2 held
  });

  it('refuses an empty timeline', () => {
    expect(() => buildFilterGraph(planRender(project({ V1: '' })))).toThrow(/Nothing to render/);
  });
});

describe('segment arguments', () => {
  it('writes picture, sound and join runs as exact lists; quotes in paths are escaped for the concat demuxer', async () => {
    const { concatList, joinArgs, pictureArgs, soundArgs } = await import('../../../../shared/render/presets');
    const plan = planRender(project({ V1: 'AA', A1: 'aa' }));
    const pic = buildFilterGraph(plan, { audio: false });
    expect(pictureArgs(plan, pic, ['-c:v', 'libx264'], 'mp4', '/o/v.mp4').slice(-10)).toEqual(['-map', '[vout1]', '-an', '-c:v', 'libx264', '-r', '24/1', '-f', 'mp4', '/o/v.mp4']);
    const snd = buildFilterGraph(plan, { video: false });
    expect(soundArgs(plan, snd, ['-c:a', 'aac'], 'mov', '/o/a.mov').slice(-12)).toEqual(['-map', '[aout1]', '-vn', '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-f', 'mov', '/o/a.mov']);
    expect(concatList(["/a/it's.mp4", '/b.mp4'])).toBe("file '/a/it'\\''s.mp4'\nfile '/b.mp4'\n");
    expect(joinArgs('/l.txt', '/a.m4a', 2.5, 'mov', '/out.mov')).toEqual(['-v', 'error', '-f', 'concat', '-safe', '0', '-i', '/l.txt', '-i', '/a.m4a', '-map', '0:v', '-map', '1:a', '-c', 'copy', '-map_metadata', '-1', '-t', '2.5', '-f', 'mov', '/out.mov']);
  });
});
