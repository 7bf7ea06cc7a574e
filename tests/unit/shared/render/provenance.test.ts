// Provenance in the render's data: the burnt-in label as an exact drawtext filter, the
// same frames whichever way the export is cut into segments, the container tags, and the
// manifest's content.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planRender } from '../../../../shared/render/plan';
import { buildFilterGraph, labelFilter, quoteValue, serializeFilter, serializeGraph } from '../../../../shared/render/graph';
import { exportArgs, joinArgs, metadataArgs, presetById } from '../../../../shared/render/presets';
import { groupSegments, previewSegments, segmentsInRange, spansInPiece } from '../../../../shared/render/segments';
import { generatedRanges } from '../../../../shared/provenance/ranges';
import { manifestPath, PROVENANCE_SCHEMA, provenanceManifest, provenanceRecord, provenanceSummary, provenanceTags } from '../../../../shared/provenance/manifest';
import type { Media, Project } from '../../../../shared/timeline/model';
import { makeRate } from '../../../../shared/timeline/time';
import { build, media as drawnMedia, RATE } from '../edit/draw';

function media(letter: string): Media {
  const m = drawnMedia(letter, 400);
  const generated = letter === 'G' || letter === 'K';
  return {
    ...m,
    origin: generated ? 'generated' : 'file',
    probe: { ...m.probe, streams: [{ index: 0, type: 'video', codec: 'h264', width: 64, height: 36, pixelFormat: 'yuv420p' }, { index: 1, type: 'audio', codec: 'aac' }] },
    ...(generated ? { provenance: { provider: 'openai', model: 'sora-2', prompt: `prompt ${letter}`, seed: 7, jobId: `video_${letter}`, costUsd: 0.4, createdAt: '2026-01-01T00:00:00Z' } } : {}),
  };
}

function project(tracks: Record<string, string>): Project {
  const timeline = build(tracks);
  const letters = new Set(Object.values(tracks).join('').toUpperCase().replace(/[^A-Z]/g, ''));
  return { schemaVersion: 1, id: 'p', name: 'p', settings: { width: 64, height: 36, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, media: [...letters].map(media), timeline };
}

const FONT = "/opt/Segue's fonts/DejaVuSans.ttf";

describe('the AI-generated label', () => {
  it('is one drawtext over exactly the given frames, in the top right corner', () => {
    const plan = planRender(project({ V1: 'AAGGAAAAKA' }));
    const filter = labelFilter(plan, { fontFile: FONT, ranges: [{ start: 2, end: 4 }, { start: 8, end: 9 }] });
    expect(serializeFilter(filter!)).toBe(
      "drawtext=fontfile=\\'/opt/Segue\\'\\\\\\'\\'s fonts/DejaVuSans.ttf\\':text=\\'AI-generated\\':expansion=none:fontsize=10:fontcolor=white@0.85:box=1:boxcolor=black@0.4:boxborderw=3:x=w-tw-5:y=5:enable=\\'between(n\\,2\\,3)+between(n\\,8\\,8)\\'",
    );
    // scaled with the picture: 1080 lines
    const big = planRender(project({ V1: 'GG' }), { settings: { width: 1920, height: 1080 } });
    expect(serializeFilter(labelFilter(big, { fontFile: '/f.ttf', ranges: [{ start: 0, end: 2 }] })!)).toContain('fontsize=36:fontcolor=white@0.85:box=1:boxcolor=black@0.4:boxborderw=12:x=w-tw-42:y=42:enable=');
  });

  it('frames outside the plan are dropped; with none left there is no label', () => {
    const plan = planRender(project({ V1: 'GGGG' }));
    expect(serializeFilter(labelFilter(plan, { fontFile: '/f.ttf', ranges: [{ start: -3, end: 1 }, { start: 3, end: 9 }] })!)).toMatch(/enable=\\'between\(n\\,0\\,0\)\+between\(n\\,3\\,3\)\\'$/);
    expect(labelFilter(plan, { fontFile: '/f.ttf', ranges: [{ start: 4, end: 9 }] })).toBeNull();
    expect(labelFilter(plan, { fontFile: '/f.ttf', ranges: [] })).toBeNull();
  });

  it('ends the picture chain, after the final trim; no label, no drawtext', () => {
    const plan = planRender(project({ V1: 'AGGA', A1: 'aaaa' }));
    const chains = serializeGraph(buildFilterGraph(plan, { label: { fontFile: '/f.ttf', ranges: [{ start: 1, end: 3 }] } }).chains).split(';');
    expect(chains.find((c) => c.endsWith('[vout4]'))).toBe(
      "[cv3]format=yuv420p,trim=end_frame=4,drawtext=fontfile=\\'/f.ttf\\':text=\\'AI-generated\\':expansion=none:fontsize=10:fontcolor=white@0.85:box=1:boxcolor=black@0.4:boxborderw=3:x=w-tw-5:y=5:enable=\\'between(n\\,1\\,2)\\'[vout4]",
    );
    expect(serializeGraph(buildFilterGraph(plan).chains)).not.toContain('drawtext');
    expect(serializeGraph(buildFilterGraph(plan, { label: { fontFile: '/f.ttf', ranges: [] } }).chains)).not.toContain('drawtext');
  });

  it('quotes free text for the option parser and escapes it for the graph', () => {
    expect(quoteValue('a:b')).toBe("\\'a:b\\'");
    expect(quoteValue("it's [x], y; z\\")).toBe("\\'it\\'\\\\\\'\\'s \\[x\\]\\, y\\; z\\\\\\'");
  });

  it('lands on the same timeline frames however the export is cut into segments', () => {
    const p = project({ V1: 'AAAAAGGGGGGGGGGAAAAAAAAAAKKKKAAAAAAA' });
    const ranges = generatedRanges(p);
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [5, 15],
      [25, 29],
    ]);
    const labelled = (start: number, frames: number) => {
      const on = new Set<number>();
      for (const s of spansInPiece(ranges, start, frames)) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(frames);
        for (let f = s.start; f < s.end; f++) on.add(start + f);
      }
      return on;
    };
    const whole = [...labelled(0, 36)].sort((a, b) => a - b);
    for (const per of [1, 3, 7, 12]) {
      const pieces = groupSegments(segmentsInRange(previewSegments(p, per), 0, 36), per);
      const union = pieces.flatMap((s) => [...labelled(s.start, s.frames)]).sort((a, b) => a - b);
      expect(union, `pieces of ${per}`).toEqual(whole);
    }
    // a piece from frame 10 to 27 numbers its frames from 0
    expect(spansInPiece(ranges, 10, 17)).toEqual([
      { start: 0, end: 5 },
      { start: 15, end: 17 },
    ]);
  });
});

describe('container tags', () => {
  it('drops what the sources carry, writes the tags as plain keys and keeps faststart for MP4', () => {
    expect(metadataArgs('mp4')).toEqual(['-map_metadata', '-1', '-movflags', '+faststart']);
    expect(metadataArgs('mov')).toEqual(['-map_metadata', '-1']);
    expect(metadataArgs('mp4', { comment: 'a=b', segue_provenance: '{"x":1}' })).toEqual(['-map_metadata', '-1', '-metadata', 'comment=a=b', '-metadata', 'segue_provenance={"x":1}', '-movflags', '+faststart+use_metadata_tags']);
    expect(metadataArgs('mov', { comment: 'c' })).toEqual(['-map_metadata', '-1', '-metadata', 'comment=c', '-movflags', '+use_metadata_tags']);
  });

  it('go into a one-pass export and into the join of a segmented one', () => {
    const plan = planRender(project({ V1: 'GG', A1: 'gg' }));
    const args = exportArgs(plan, buildFilterGraph(plan), presetById('prores')!, '/o/x.mov', { comment: 'c' });
    expect(args.join(' ')).toContain('-ac 2 -map_metadata -1 -metadata comment=c -movflags +use_metadata_tags -t 0.083333 -f mov /o/x.mov');
    expect(joinArgs('/l.txt', '/a.mp4', 2, 'mp4', '/o.mp4', [], { comment: 'c' }).join(' ')).toBe(
      '-v error -f concat -safe 0 -i /l.txt -i /a.mp4 -map 0:v -map 1:a -c copy -map_metadata -1 -metadata comment=c -movflags +faststart+use_metadata_tags -t 2 -f mp4 /o.mp4',
    );
  });
});

describe('the provenance record and manifest', () => {
  const p = project({ V1: 'AAAAAAGGGGGGAAAAAAKKKKKK', A1: 'aaaaaaggggggaaaaaaaaaaaa' });
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');

  it('has one entry per source and stretch, in the file’s own time, with the prompt hashed, never copied', () => {
    const record = provenanceRecord(generatedRanges(p), { rate: RATE, start: 0, createdAt: '2026-02-03T04:05:06.000Z', tool: 'Segue 1.2.3' });
    expect(record).toEqual({
      schema: PROVENANCE_SCHEMA,
      tool: 'Segue 1.2.3',
      createdAt: '2026-02-03T04:05:06.000Z',
      rate: { num: 24, den: 1 },
      timelineStartFrame: 0,
      generatedRanges: [
        { startSeconds: 0.25, endSeconds: 0.5, startTimecode: '00:00:00:06', endTimecode: '00:00:00:12', startFrame: 6, endFrame: 12, provider: 'openai', model: 'sora-2', promptSha256: sha('prompt G'), jobId: 'video_G', media: 'G', as: ['picture', 'sound'] },
        { startSeconds: 0.75, endSeconds: 1, startTimecode: '00:00:00:18', endTimecode: '00:00:01:00', startFrame: 18, endFrame: 24, provider: 'openai', model: 'sora-2', promptSha256: sha('prompt K'), jobId: 'video_K', media: 'K', as: ['picture'] },
      ],
    });
    expect(JSON.stringify(record)).not.toContain('prompt G');
  });

  it('counts from the export’s first frame for an in/out export', () => {
    const record = provenanceRecord(generatedRanges(p, { start: 9, end: 20 }), { rate: RATE, start: 9, createdAt: 'now', tool: 'Segue' });
    expect(record.timelineStartFrame).toBe(9);
    expect(record.generatedRanges.map((e) => [e.media, e.startFrame, e.endFrame, e.startSeconds, e.endTimecode])).toEqual([
      ['G', 0, 3, 0, '00:00:00:03'],
      ['K', 9, 11, 0.375, '00:00:00:11'],
    ]);
  });

  it('uses NTSC rates exactly', () => {
    const ntsc = makeRate(30000, 1001);
    const record = provenanceRecord([{ start: 30, end: 60, sources: [{ start: 30, end: 60, mediaId: 'm', media: 'm', provider: 'local', model: '', promptSha256: null, jobId: null, as: ['sound'], clipIds: ['c'] }] }], { rate: ntsc, start: 0, createdAt: 'now', tool: 'Segue' });
    expect(record.generatedRanges[0]).toMatchObject({ startSeconds: 1.001, endSeconds: 2.002, startTimecode: '00:00:01:00', endTimecode: '00:00:02:00' });
    expect(provenanceSummary(record)).toBe('Contains AI-generated media at 00:00:01:00-00:00:02:00 (local). Details in the segue_provenance tag; Segue.');
  });

  it('the manifest adds the file; the tags are a summary and the JSON, or nothing', () => {
    const record = provenanceRecord(generatedRanges(p), { rate: RATE, start: 0, createdAt: 'now', tool: 'Segue 1.2.3' });
    const manifest = provenanceManifest(record, { name: 'cut.mp4', sha256: 'ab'.repeat(32) });
    expect(Object.keys(manifest)).toEqual(['schema', 'file', 'fileSha256', 'tool', 'createdAt', 'rate', 'timelineStartFrame', 'generatedRanges']);
    expect(manifest).toMatchObject({ schema: 'segue.provenance/1', file: 'cut.mp4', generatedRanges: record.generatedRanges });
    expect(manifestPath('/x/cut.mp4')).toBe('/x/cut.mp4.provenance.json');
    const tags = provenanceTags(record);
    expect(tags).toEqual({
      comment: 'Contains AI-generated media at 00:00:00:06-00:00:00:12, 00:00:00:18-00:00:01:00 (openai sora-2). Details in the segue_provenance tag; Segue 1.2.3.',
      segue_provenance: JSON.stringify(record),
    });
    expect(provenanceTags(provenanceRecord([], { rate: RATE, start: 0, createdAt: 'now', tool: 'Segue' }))).toEqual({});
  });

  it('the summary names at most five ranges', () => {
    const many = project({ V1: 'GAGAGAGAGAGAGA' });
    const summary = provenanceSummary(provenanceRecord(generatedRanges(many), { rate: RATE, start: 0, createdAt: 'now', tool: 'Segue' }));
    expect(summary).toBe('Contains AI-generated media at 00:00:00:00-00:00:00:01, 00:00:00:02-00:00:00:03, 00:00:00:04-00:00:00:05, 00:00:00:06-00:00:00:07, 00:00:00:08-00:00:00:09 and 2 more (openai sora-2). Details in the segue_provenance tag; Segue.');
  });
});
