import { describe, expect, it } from 'vitest';
import { chainParts, joinPartsArgs } from '../../../../electron/services/generation/chainArgs';

describe('chained generations', () => {
  it('splits a length into equal requests no longer than the maximum', () => {
    expect(chainParts(8, 10)).toEqual([8]);
    expect(chainParts(15, 10)).toEqual([7.5, 7.5]);
    expect(chainParts(20, 10)).toEqual([10, 10]);
    expect(chainParts(21, 10)).toEqual([7, 7, 7]);
    expect(chainParts(0, 10)).toEqual([]);
  });

  it('joins parts dropping each repeated first frame and cuts to the exact length', () => {
    const args = joinPartsArgs(['/a.mp4', '/b.mp4'], { width: 320, height: 180, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2 }, 450, '/out.mp4');
    expect(args.slice(0, 7)).toEqual(['-v', 'error', '-y', '-i', '/a.mp4', '-i', '/b.mp4']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toBe(
      [
        '[0:v]fps=30/1,scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,setpts=PTS-STARTPTS[v0]',
        '[0:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=PTS-STARTPTS[a0]',
        '[1:v]fps=30/1,scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,trim=start_frame=1,setpts=PTS-STARTPTS[v1]',
        '[1:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=start=0.033333,asetpts=PTS-STARTPTS[a1]',
        '[v0][a0][v1][a1]concat=n=2:v=1:a=1[cv][ca]',
        '[cv]trim=end_frame=450,setpts=PTS-STARTPTS[v]',
        '[ca]apad,atrim=end_sample=720000,asetpts=PTS-STARTPTS[a]',
      ].join(';'),
    );
    expect(args.at(-1)).toBe('/out.mp4');
  });
});
