import { describe, expect, it } from 'vitest';
import {
  filterValue,
  frameArgs,
  frameCount,
  judgeSeam,
  localArgs,
  localLength,
  parseSeam,
  pushZoom,
  seamArgs,
  wrapText,
  type LocalOptions,
} from '../../../../electron/services/generation/localArgs';
import type { LocalFormat } from '../../../../electron/services/generation/types';

const FORMAT: LocalFormat = { width: 320, height: 180, rate: { num: 30, den: 1 }, sampleRate: 48000, channels: 2 };
const OPTS: LocalOptions = {
  fontFile: '/f/DejaVuSans.ttf',
  sources: {
    '/m/s.mp4': { video: true, audio: true, rate: { num: 30, den: 1 } },
    '/m/q.mp4': { video: true, audio: false, rate: { num: 25, den: 1 } },
    '/m/sound.wav': { video: false, audio: true },
  },
};
const ENCODE = ['-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-r', '30/1', '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2', '-movflags', '+faststart', '-f', 'mp4', '/o.mp4'];
const FIT = 'scale=320:180:force_original_aspect_ratio=decrease,setsar=1,format=yuv420p,pad=320:180:(ow-iw)/2:(oh-ih)/2:color=black';
const ZOOM = (z: string, frames: number) => {
  const [lo, hi] = [`(0.5-0.5/(${z}))`, `(0.5+0.5/(${z}))`];
  return `tpad=stop_mode=clone:stop=${frames - 1},setpts=N*1/30/TB,perspective=x0=W*${lo}:y0=H*${lo}:x1=W*${hi}:y1=H*${lo}:x2=W*${lo}:y2=H*${hi}:x3=W*${hi}:y3=H*${hi}:interpolation=cubic:eval=frame,setsar=1,format=yuv420p`;
};
const AWIN = (input: string, samples: number) => `[${input}]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,apad,atrim=end_sample=${samples},asetpts=PTS-STARTPTS`;
const graphText = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!;
const graphOf = (args: string[]) => graphText(args).split(';');

describe('lengths', () => {
  it('rounds to whole frames at the format rate, and samples from frame positions', () => {
    const ntsc: LocalFormat = { ...FORMAT, rate: { num: 30000, den: 1001 } };
    expect(frameCount(2.5, ntsc.rate)).toBe(75); // 74.925 frames
    expect(localLength({ mode: 'text', prompt: 'x', seconds: 2.5 }, ntsc)).toEqual({ handleFrames: 0, frames: 75, handleSamples: 0, samples: 120120, seconds: 2.5025 });
    // the handle and the total are each rounded; the extension is their difference
    expect(localLength({ mode: 'extend', source: '/m/s.mp4', outSeconds: 3, seconds: 4, handleSeconds: 1 }, ntsc)).toEqual({ handleFrames: 30, frames: 150, handleSamples: 48048, samples: 240240, seconds: 5.005 });
    expect(localLength({ mode: 'text', prompt: 'x', seconds: 0.001 }, FORMAT).frames).toBe(1);
  });

  it('pushes in at 1.5 %/s easing towards +20 %', () => {
    expect(pushZoom('in', FORMAT.rate)).toBe('1+0.2*(1-exp(-(in)/400))');
    expect(pushZoom('on', { num: 30000, den: 1001 })).toBe('1+0.2*(1-exp(-(on)/399.6004))');
    // frames timed on the format's grid before the per-frame zoom
    const g = graphText(localArgs({ mode: 'image', image: '/i.png', seconds: 2.5 }, { ...FORMAT, rate: { num: 30000, den: 1001 } }, '/o.mp4', OPTS));
    expect(g).toContain('tpad=stop_mode=clone:stop=74,setpts=N*1001/30000/TB,perspective=x0=W*(0.5-0.5/(1+0.2*(1-exp(-(in)/399.6004)))):');
    expect(g).toContain('atrim=end_sample=120120');
  });
});

describe('extend', () => {
  it('repeats the source tail as the handle, then holds its last frame with a push-in and loops the tail sound mirrored', () => {
    const args = localArgs({ mode: 'extend', source: '/m/s.mp4', outSeconds: 2, seconds: 1, handleSeconds: 0.5 }, FORMAT, '/o.mp4', OPTS);
    expect(args).toEqual([
      '-v', 'error',
      // 15 handle frames ending at 2 s, read half a frame early
      '-ss', '1.483333', '-t', '0.566667', '-i', '/m/s.mp4',
      // 1.5 s of sound before the out point (the handle is its last 0.5 s)
      '-ss', '0.5', '-t', '1.6', '-i', '/m/s.mp4',
      '-filter_complex',
      [
        `[0:v:0]setpts=PTS-STARTPTS,${FIT},tpad=stop_mode=clone:stop=15,trim=end_frame=15,setpts=PTS-STARTPTS,split=2[vh][vx]`,
        `[vx]trim=start_frame=14,setpts=PTS-STARTPTS,${ZOOM('1+0.2*(1-exp(-(in+1)/400))', 30)}[vz]`,
        '[vh][vz]concat=n=2:v=1:a=0[v]',
        `${AWIN('1:a:0', 72000)},asplit=2[ah0][at0]`,
        '[ah0]atrim=start_sample=48000,asetpts=PTS-STARTPTS[ah]',
        '[at0]atrim=start_sample=0,asetpts=PTS-STARTPTS[tp]',
        '[tp]asplit=2[acp][acq]',
        '[acq]areverse[acr]',
        // reversed first: the continuation starts with the sample the handle ends with
        '[acr][acp]concat=n=2:v=0:a=1,asetpts=N/SR/TB,atrim=end_sample=48000[ac]',
        '[ah][ac]concat=n=2:v=0:a=1,asetpts=N/SR/TB[a]',
      ].join(';'),
      ...ENCODE,
    ]);
  });

  it('loops the mirrored piece a finite number of times for long extensions', () => {
    const g = graphOf(localArgs({ mode: 'extend', source: '/m/s.mp4', outSeconds: 10, seconds: 8, handleSeconds: 1 }, FORMAT, '/o.mp4', OPTS));
    // 8 s = 384000 samples from a 2 × 72000 mirrored pair: 2 more repeats
    expect(g).toContain('[acr][acp]concat=n=2:v=0:a=1,asetpts=N/SR/TB,aloop=loop=2:size=144000,asetpts=N/SR/TB,atrim=end_sample=384000[ac]');
  });

  it('resamples another frame rate, and uses silence for a source without sound; no handle: just the hold', () => {
    const args = localArgs({ mode: 'extend', source: '/m/q.mp4', outSeconds: 2, seconds: 1, handleSeconds: 0 }, FORMAT, '/o.mp4', OPTS);
    expect(args).toEqual([
      '-v', 'error', '-ss', '1.95', '-t', '0.1', '-i', '/m/q.mp4', '-filter_complex',
      [
        `[0:v:0]setpts=PTS-STARTPTS,fps=30/1,${FIT},tpad=stop_mode=clone:stop=1,trim=end_frame=1,setpts=PTS-STARTPTS[vx]`,
        `[vx]trim=start_frame=0,setpts=PTS-STARTPTS,${ZOOM('1+0.2*(1-exp(-(in+1)/400))', 30)}[vz]`,
        '[vz]null[v]',
        'anullsrc=r=48000:cl=stereo,atrim=end_sample=48000,asetpts=N/SR/TB[a]',
      ].join(';'),
      ...ENCODE,
    ]);
  });

  it('refuses a source without picture, a handle longer than the clip, and odd sizes', () => {
    expect(() => localArgs({ mode: 'extend', source: '/m/sound.wav', outSeconds: 2, seconds: 1, handleSeconds: 0.5 }, FORMAT, '/o.mp4', OPTS)).toThrow(/no picture/);
    expect(() => localArgs({ mode: 'extend', source: '/m/s.mp4', outSeconds: 0.5, seconds: 1, handleSeconds: 1 }, FORMAT, '/o.mp4', OPTS)).toThrow(/longer than the clip/);
    expect(() => localArgs({ mode: 'text', prompt: 'x', seconds: 1 }, { ...FORMAT, width: 321 }, '/o.mp4', OPTS)).toThrow(/even/);
    expect(() => localArgs({ mode: 'text', prompt: 'x', seconds: 0 }, FORMAT, '/o.mp4', OPTS)).toThrow(/more than 0/);
  });
});

describe('extendBefore', () => {
  it('mirrors extend: a pull-out onto the first frame, then the handle from the in point; the sound loop ends on the in sample', () => {
    const args = localArgs({ mode: 'extendBefore', source: '/m/s.mp4', inSeconds: 1, seconds: 1, handleSeconds: 0.5 }, FORMAT, '/o.mp4', OPTS);
    expect(args).toEqual([
      '-v', 'error', '-ss', '0.983333', '-t', '0.566667', '-i', '/m/s.mp4', '-ss', '1', '-t', '1.6', '-i', '/m/s.mp4', '-filter_complex',
      [
        `[0:v:0]setpts=PTS-STARTPTS,${FIT},tpad=stop_mode=clone:stop=15,trim=end_frame=15,setpts=PTS-STARTPTS,split=2[vh][vx]`,
        `[vx]trim=end_frame=1,setpts=PTS-STARTPTS,${ZOOM('1+0.2*(1-exp(-(30-in)/400))', 30)}[vz]`,
        '[vz][vh]concat=n=2:v=1:a=0[v]',
        `${AWIN('1:a:0', 72000)},asplit=2[ah0][at0]`,
        '[ah0]atrim=end_sample=24000,asetpts=PTS-STARTPTS[ah]',
        '[at0]atrim=end_sample=72000,asetpts=PTS-STARTPTS[tp]',
        '[tp]asplit=2[acp][acq]',
        '[acq]areverse[acr]',
        '[acp][acr]concat=n=2:v=0:a=1,asetpts=N/SR/TB,atrim=end_sample=48000,areverse,asetpts=N/SR/TB[ac]',
        '[ac][ah]concat=n=2:v=0:a=1,asetpts=N/SR/TB[a]',
      ].join(';'),
      ...ENCODE,
    ]);
  });
});

describe('bridge', () => {
  it("dissolves A's last frame (zooming in) into B's first (settling from a zoom), and crossfades their room tones", () => {
    const args = localArgs({ mode: 'bridge', a: { source: '/m/s.mp4', outSeconds: 2 }, b: { source: '/m/q.mp4', inSeconds: 0 }, seconds: 1 }, FORMAT, '/o.mp4', OPTS);
    expect(args).toEqual([
      '-v', 'error',
      // the frames shown half a frame before A's out point and half a frame after B's in point
      '-ss', '0.983333', '-t', '1.05', '-i', '/m/s.mp4',
      '-ss', '0', '-t', '0.066667', '-i', '/m/q.mp4',
      '-ss', '0.5', '-t', '1.6', '-i', '/m/s.mp4',
      '-filter_complex',
      [
        `[0:v:0]trim=end=1.0005,setpts=PTS-STARTPTS,${FIT},reverse,trim=end_frame=1,setpts=PTS-STARTPTS,${ZOOM('1+0.05*in/29', 30)}[va]`,
        `[1:v:0]trim=end=0.017167,setpts=PTS-STARTPTS,${FIT},reverse,trim=end_frame=1,setpts=PTS-STARTPTS,${ZOOM('1.05-0.05*in/29', 30)},format=yuva420p,fade=t=in:s=0:n=29:alpha=1[vb]`,
        '[va][vb]overlay=eof_action=endall,format=yuv420p[v]',
        `${AWIN('2:a:0', 72000)}[ta]`,
        '[ta]asplit=2[xap][xaq]',
        '[xaq]areverse[xar]',
        '[xar][xap]concat=n=2:v=0:a=1,asetpts=N/SR/TB,atrim=end_sample=48000[xa]',
        // B has no sound: its side is silence
        'anullsrc=r=48000:cl=stereo,atrim=end_sample=48000,asetpts=N/SR/TB[xb]',
        '[xa][xb]acrossfade=ns=48000:c1=qsin:c2=qsin,asetpts=N/SR/TB[a]',
      ].join(';'),
      ...ENCODE,
    ]);
  });
});

describe('text', () => {
  it('draws the wrapped prompt centred on a dark slate with a DRAFT label, over silence', () => {
    const args = localArgs({ mode: 'text', prompt: 'A cat on a mat', seconds: 1 }, FORMAT, '/o.mp4', OPTS);
    expect(args).toEqual([
      '-v', 'error', '-filter_complex',
      [
        "color=c=0x16181d:s=320x180:r=30/1,trim=end_frame=30,setpts=PTS-STARTPTS,format=yuv420p," +
          "drawtext=fontfile=\\'/f/DejaVuSans.ttf\\':text=\\'A cat on a mat\\':expansion=none:fontsize=11:fontcolor=white:x=(w-text_w)/2:y=83," +
          "drawtext=fontfile=\\'/f/DejaVuSans.ttf\\':text=\\'DRAFT · local\\':expansion=none:fontsize=8:fontcolor=0x9aa0aa:x=8:y=164[v]",
        'anullsrc=r=48000:cl=stereo,atrim=end_sample=48000,asetpts=N/SR/TB[a]',
      ].join(';'),
      ...ENCODE,
    ]);
  });

  it('escapes hostile text for the option parser and the graph parser', () => {
    expect(filterValue("it's")).toBe("\\'it\\'\\\\\\'\\'s\\'");
    expect(filterValue('a:b,c;d[e]f\\g%h=i')).toBe("\\'a:b\\,c\\;d\\[e\\]f\\\\g%h=i\\'");
    expect(filterValue('C:\\Fonts\\x.ttf')).toBe("\\'C:\\\\Fonts\\\\x.ttf\\'");
    // one drawtext per line: newlines never reach the graph, percent signs are literal (expansion=none)
    const g = graphText(localArgs({ mode: 'text', prompt: "50% off: it's \"done\"\nnext; [line]", seconds: 1 }, { ...FORMAT, width: 1280, height: 720 }, '/o.mp4', OPTS));
    expect(g).toContain("text=\\'50% off: it\\'\\\\\\'\\'s \"done\"\\':expansion=none");
    expect(g).toContain("text=\\'next\\; \\[line\\]\\':expansion=none");
    expect(g).not.toContain('\n');
  });

  it('wraps words into lines, keeps paragraphs, breaks long words and ends with … when cut', () => {
    expect(wrapText('the quick brown fox jumps over the lazy dog', 10, 10)).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']);
    expect(wrapText('one\n\ntwo\tthree\u0000four', 20, 10)).toEqual(['one', '', 'two three four']);
    expect(wrapText('abcdefghijkl mn', 5, 10)).toEqual(['abcde', 'fghij', 'kl mn']);
    expect(wrapText('a b c d e f', 1, 3)).toEqual(['a', 'b', '…']);
    expect(wrapText('ab cd ef gh', 3, 2)).toEqual(['ab', 'cd…']);
    expect(wrapText('aaaa bbbb cccc', 4, 2)).toEqual(['aaaa', 'bbb…']);
    expect(wrapText('\n\n  \n', 10, 3)).toEqual(['']);
  });
});

describe('image', () => {
  it('fits the still with bars and pushes in, over silence', () => {
    expect(localArgs({ mode: 'image', image: '/i.png', seconds: 1 }, FORMAT, '/o.mp4', OPTS)).toEqual([
      '-v', 'error', '-i', '/i.png', '-filter_complex',
      [`[0:v:0]trim=end_frame=1,setpts=PTS-STARTPTS,${FIT},${ZOOM('1+0.2*(1-exp(-(in)/400))', 30)}[v]`, 'anullsrc=r=48000:cl=stereo,atrim=end_sample=48000,asetpts=N/SR/TB[a]'].join(';'),
      ...ENCODE,
    ]);
  });
});

describe('frameArgs', () => {
  it('keeps the last frame at or before the time from a one-second window, sized exactly, as PNG', () => {
    expect(frameArgs('/m/s.mp4', 1.25, { width: 320, height: 240 }, 'fit', '/f.png')).toEqual([
      '-v', 'error', '-ss', '0.25', '-t', '1.05', '-i', '/m/s.mp4', '-an',
      '-vf', 'trim=end=1.0005,setpts=PTS-STARTPTS,scale=320:240:force_original_aspect_ratio=decrease,setsar=1,pad=320:240:(ow-iw)/2:(oh-ih)/2:color=black,reverse,trim=end_frame=1,setpts=PTS-STARTPTS',
      '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '/f.png',
    ]);
  });

  it('crops for fill, and reads from the start near the beginning', () => {
    expect(frameArgs('/m/s.mp4', 0.2, { width: 64, height: 64 }, 'fill', '/f.png')).toEqual([
      '-v', 'error', '-ss', '0', '-t', '0.25', '-i', '/m/s.mp4', '-an',
      '-vf', 'trim=end=0.2005,setpts=PTS-STARTPTS,scale=64:64:force_original_aspect_ratio=increase,crop=64:64,setsar=1,reverse,trim=end_frame=1,setpts=PTS-STARTPTS',
      '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '/f.png',
    ]);
  });
});

describe('seam check', () => {
  it('compares the two frames by SSIM and measures 100 ms of sound each side', () => {
    expect(seamArgs({ file: '/a.mp4', atSeconds: 2, audio: true }, { file: '/b.mp4', atSeconds: 0.5, audio: true })).toEqual([
      '-v', 'info',
      '-ss', '1', '-t', '1.05', '-i', '/a.mp4',
      '-ss', '0', '-t', '0.55', '-i', '/b.mp4',
      '-ss', '1.9', '-t', '0.1', '-i', '/a.mp4',
      '-ss', '0.5', '-t', '0.1', '-i', '/b.mp4',
      '-filter_complex',
      [
        '[0:v:0]trim=end=1.0005,setpts=PTS-STARTPTS,scale=160:90:force_original_aspect_ratio=increase,crop=160:90,setsar=1,format=yuv420p,reverse,trim=end_frame=1,setpts=PTS-STARTPTS[sa]',
        '[1:v:0]trim=end=0.5005,setpts=PTS-STARTPTS,scale=160:90:force_original_aspect_ratio=increase,crop=160:90,setsar=1,format=yuv420p,reverse,trim=end_frame=1,setpts=PTS-STARTPTS[sb]',
        '[sa][sb]ssim@seam[sv]',
        '[2:a:0]astats@before[xa]',
        '[3:a:0]astats@after[xb]',
      ].join(';'),
      '-map', '[sv]', '-map', '[xa]', '-map', '[xb]', '-f', 'null', '-',
    ]);
    const silent = seamArgs({ file: '/a.mp4', atSeconds: 2, audio: false }, { file: '/b.mp4', atSeconds: 0.5, audio: false });
    expect(silent.filter((a) => a === '-i')).toHaveLength(2);
    expect(graphText(silent).endsWith('[sa][sb]ssim@seam[sv]')).toBe(true);
    expect(silent.slice(-5)).toEqual(['-map', '[sv]', '-f', 'null', '-']);
  });

  const STDERR = [
    '[astats@after @ 0x322e5f00] Channel: 1',
    '[astats@after @ 0x322e5f00] RMS level dB: -30.000000',
    '[astats@after @ 0x322e5f00] Overall',
    '[astats@after @ 0x322e5f00] Peak level dB: -21.068793',
    '[astats@after @ 0x322e5f00] RMS level dB: -24.085889',
    '[astats@after @ 0x322e5f00] Number of samples: 4800',
    '[astats@before @ 0x322e5980] Channel: 1',
    '[astats@before @ 0x322e5980] RMS level dB: -inf',
    '[astats@before @ 0x322e5980] Overall',
    '[astats@before @ 0x322e5980] RMS level dB: -12.5',
    '[ssim@seam @ 0x39f40300] SSIM Y:0.946095 (12.683689) U:0.936168 (11.949608) V:0.950382 (13.043643) All:0.945155 (12.608622)',
    '',
  ].join('\n');

  it("parses SSIM 'All' and each side's overall RMS level", () => {
    expect(parseSeam(STDERR)).toEqual({ ssim: 0.945155, beforeDb: -12.5, afterDb: -24.085889 });
    expect(parseSeam('[astats@before @ 0x1] Overall\n[astats@before @ 0x1] RMS level dB: -inf\n')).toEqual({ ssim: null, beforeDb: -90, afterDb: null });
    expect(parseSeam('nothing here')).toEqual({ ssim: null, beforeDb: null, afterDb: null });
  });

  it('judges a seam poor when the picture or the level jumps', () => {
    expect(judgeSeam({ ssim: 0.98, beforeDb: -20, afterDb: -21 })).toEqual({ ssim: 0.98, loudnessJumpDb: -1, poor: false });
    expect(judgeSeam({ ssim: 0.98, beforeDb: null, afterDb: null })).toEqual({ ssim: 0.98, loudnessJumpDb: 0, poor: false });
    expect(judgeSeam({ ssim: 0.5, beforeDb: -10, afterDb: -30 })).toEqual({ ssim: 0.5, loudnessJumpDb: -20, poor: true, reason: 'The picture jumps (similarity 0.50); the sound gets quieter by 20.0 dB.' });
    expect(judgeSeam({ ssim: 0.95, beforeDb: null, afterDb: -10 })).toEqual({ ssim: 0.95, loudnessJumpDb: 80, poor: true, reason: 'The sound gets louder by 80.0 dB.' });
  });
});
