import { describe, expect, it } from 'vitest';
import { needsProxy, proxyArgs, proxySize, proxySourceOf } from '../../../../shared/render/proxy';
import { planRender, sourceOf } from '../../../../shared/render/plan';
import { buildFilterGraph } from '../../../../shared/render/graph';
import { audioContent, previewPieces, previewSettings } from '../../../../shared/render/segments';
import type { Media, Project, StreamInfo } from '../../../../shared/timeline/model';
import { build, media, RATE } from '../edit/draw';

const video = (width: number, height: number, extra: Partial<StreamInfo> = {}): StreamInfo => ({ index: 0, type: 'video', codec: 'h264', width, height, rate: { num: 24, den: 1 }, ...extra });
const audio: StreamInfo = { index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 };

function withStreams(m: Media, streams: StreamInfo[], kind: Media['kind'] = m.kind): Media {
  return { ...m, kind, probe: { ...m.probe, streams } };
}

describe('proxySize', () => {
  it('brings HD down to 540 lines, keeping the aspect', () => {
    expect(proxySize(1920, 1080)).toEqual({ width: 960, height: 540 });
    expect(proxySize(3840, 2160)).toEqual({ width: 960, height: 540 });
    expect(proxySize(1080, 1920)).toEqual({ width: 304, height: 540 });
    expect(proxySize(1440, 1080)).toEqual({ width: 720, height: 540 });
  });

  it('never upscales a small source, and keeps sizes even', () => {
    expect(proxySize(320, 180)).toEqual({ width: 320, height: 180 });
    expect(proxySize(321, 181)).toEqual({ width: 320, height: 180 });
    expect(proxySize(719, 405)).toEqual({ width: 718, height: 404 });
    expect(proxySize(3, 3)).toEqual({ width: 2, height: 2 });
  });
});

describe('proxyArgs', () => {
  it('writes H.264 veryfast CRF 28 at 540p with a keyframe every second, AAC 128k stereo and faststart', () => {
    expect(proxyArgs('/media/a b.mov', '/cache/proxies/k.mp4.partial', { width: 1920, height: 1080, rate: { num: 30000, den: 1001 }, audio: true })).toEqual([
      '-v', 'error',
      '-i', '/media/a b.mov',
      '-map', '0:v:0',
      '-map', '0:a:0',
      '-vf', 'scale=960:540',
      '-r', '30000/1001',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-pix_fmt', 'yuv420p',
      '-g', '30',
      '-force_key_frames', 'expr:gte(t,n_forced*1)',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-movflags', '+faststart',
      '-f', 'mp4', '/cache/proxies/k.mp4.partial',
    ]); // prettier-ignore
  });

  it('writes no sound for a silent source and no rate or GOP when the rate is unknown', () => {
    expect(proxyArgs('/a.mp4', '/p.mp4', { width: 640, height: 360, audio: false })).toEqual([
      '-v', 'error', '-i', '/a.mp4', '-map', '0:v:0', '-vf', 'scale=640:360',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-pix_fmt', 'yuv420p',
      '-force_key_frames', 'expr:gte(t,n_forced*1)', '-an', '-movflags', '+faststart', '-f', 'mp4', '/p.mp4',
    ]); // prettier-ignore
  });
});

describe('which media get a proxy', () => {
  it('video files do; stills, audio files and pictures without a size do not', () => {
    expect(needsProxy(withStreams(media('A', 40), [video(1920, 1080), audio]))).toBe(true);
    expect(needsProxy(withStreams(media('B', 40, 'image'), [video(1920, 1080, { stillImage: true })]))).toBe(false);
    expect(needsProxy(withStreams(media('C', 40, 'audio'), [audio]))).toBe(false);
    expect(needsProxy(withStreams(media('D', 40), [{ index: 0, type: 'video', codec: 'h264' }]))).toBe(false);
    expect(proxySourceOf(withStreams(media('A', 40), [video(1280, 720), audio]))).toEqual({ width: 1280, height: 720, rate: { num: 24, den: 1 }, audio: true });
    expect(proxySourceOf(withStreams(media('A', 40), [video(1280, 720)]))?.audio).toBe(false);
  });
});

describe('the render plan with proxies', () => {
  const project = (): Project => {
    const timeline = build({ V1: 'AAAABBBB', V2: '__PP', A1: 'aaaabbbb' });
    const m = [withStreams(media('A', 40), [video(1920, 1080), audio]), withStreams(media('B', 40), [video(640, 360), audio]), withStreams(media('P', 40, 'image'), [video(800, 600, { stillImage: true })])];
    return { schemaVersion: 1, id: 'p', name: 'p', settings: { width: 1920, height: 1080, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, media: m, timeline };
  };
  const clips = (p: ReturnType<typeof planRender>) => [...p.video, ...p.audio].flatMap((t) => t.segments.flatMap((s) => (s.kind === 'clip' ? [`${t.name} ${s.clipId} ${s.path} ${s.width ?? '-'}x${s.height ?? '-'} ${s.rate ? `${s.rate.num}/${s.rate.den}` : '-'}`] : [])));

  it('reads mapped media from their proxies, at the proxy size and the same rate, picture and sound', () => {
    const plan = planRender(project(), { proxies: { mA: '/cache/proxies/a.mp4' } });
    expect(clips(plan)).toEqual([
      'V1 A /cache/proxies/a.mp4 960x540 24/1',
      'V1 B /m/B.mp4 640x360 24/1',
      'V2 P /m/P.mp4 800x600 -',
      'A1 a /cache/proxies/a.mp4 960x540 24/1',
      'A1 b /m/B.mp4 640x360 24/1',
    ]);
  });

  it('changes nothing but the source: the same frames, in points, joins and length', () => {
    const p = project();
    const plain = planRender(p);
    const proxied = planRender(p, { proxies: { mA: '/x/a.mp4', mB: '/x/b.mp4' } });
    const strip = (plan: ReturnType<typeof planRender>) => JSON.stringify(plan, (k, v: unknown) => (k === 'path' || k === 'width' || k === 'height' ? undefined : v));
    expect(strip(proxied)).toBe(strip(plain));
    expect(proxied.frames).toBe(8);
  });

  it('without proxies (export) reads the originals, and leaves stills and unknown ids alone', () => {
    expect(clips(planRender(project()))).toEqual(['V1 A /m/A.mp4 1920x1080 24/1', 'V1 B /m/B.mp4 640x360 24/1', 'V2 P /m/P.mp4 800x600 -', 'A1 a /m/A.mp4 1920x1080 24/1', 'A1 b /m/B.mp4 640x360 24/1']);
    const p = project();
    expect(sourceOf(p.media[2]!, { mP: '/x/p.mp4' }).path).toBe('/m/P.mp4');
    expect(sourceOf(p.media[0]!, JSON.parse('{"__proto__": "/evil.mp4"}') as Record<string, string>).path).toBe('/m/A.mp4');
  });

  it('the ffmpeg inputs of a proxied plan are the proxy files', () => {
    const plan = planRender(project(), { proxies: { mA: '/x/a.mp4', mB: '/x/b.mp4' } });
    expect(buildFilterGraph(plan).inputs.map((i) => i.path)).toEqual(['/x/a.mp4', '/x/b.mp4', '/m/P.mp4', '/x/a.mp4', '/x/b.mp4']);
  });

  it('preview cache keys differ between proxied and original renders', () => {
    const p = project();
    const proxies = { mA: '/x/a.mp4' };
    expect(previewPieces(p, proxies).map((s) => s.content)).not.toEqual(previewPieces(p).map((s) => s.content));
    expect(JSON.stringify(audioContent(p, previewSettings(p), proxies))).not.toBe(JSON.stringify(audioContent(p, previewSettings(p))));
  });
});
