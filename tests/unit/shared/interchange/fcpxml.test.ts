// FCPXML: import of the fcpx adapter's sample project (facts from
// ../shared/fixtures/interchange/README.md), of the structures Final Cut Pro writes, hostile
// and broken files, and export -> import round trips of Segue projects and of the sample.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadXmlProject } from '../../../../electron/services/project/xmlLoader';
import { exportFcpxml } from '../../../../shared/interchange/fcpxml/export';
import { importFcpxml, type FcpxmlImport } from '../../../../shared/interchange/fcpxml/import';
import { child, childElements, descendants, parseXml, type XmlElement } from '../../../../shared/interchange/fcp7/xml';
import { createProject } from '../../../../shared/timeline/factory';
import { layoutTrack, timelineFrames } from '../../../../shared/timeline/layout';
import type { Clip, Media, Project, Provenance, Timeline, Track, Transition } from '../../../../shared/timeline/model';
import { makeRate, rescale, rt, type Rate } from '../../../../shared/timeline/time';
import { fakeMedia } from '../../../helpers/fakeMedia';

const fixtures = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/interchange');
const sampleText = () => fs.readFileSync(path.join(fixtures, 'fcpx_project.fcpxml'), 'utf8');
const R30 = makeRate(30);

const names = (t: Track) => t.items.map((i) => (i.kind === 'gap' ? '' : i.name));
const spans = (t: Track, rate: Rate) => layoutTrack(t, rate).map((p) => (p.item.kind === 'transition' ? [p.item.inOffset.value, p.item.outOffset.value] : [p.start, p.end]));
const clipsOf = (t: Track) => t.items.filter((i): i is Clip => i.kind === 'clip');
const transitionsOf = (t: Track) => t.items.filter((i): i is Transition => i.kind === 'transition');

/** Every track as a cut list: clips (name, media, source in/out, record in/out, enabled), gaps, transitions. */
function cutList(tl: Timeline, mediaName: (id: string | null) => string) {
  return tl.tracks.map((t) => ({
    kind: t.kind,
    items: layoutTrack(t, tl.rate).map(({ item, start, end }) => {
      if (item.kind === 'gap') return { gap: [start, end] };
      if (item.kind === 'transition') return { transition: item.name, at: start, offsets: [rescale(item.inOffset, tl.rate), rescale(item.outOffset, tl.rate)] };
      const src = rescale(item.sourceRange.start, tl.rate);
      return { clip: item.name, media: mediaName(item.mediaId), source: [src, src + end - start], record: [start, end], enabled: item.enabled };
    }),
  }));
}
const refNames = (imp: FcpxmlImport) => {
  const byId = new Map(imp.references.map((r) => [r.mediaId, r.name]));
  return (id: string | null) => (id === null ? '(offline)' : (byId.get(id) ?? '?'));
};
const markerList = (tl: Timeline) => tl.markers.map((m) => ({ name: m.name, frame: m.frame, duration: m.duration, note: m.note, completed: (m.metadata?.fcpxml as { completed?: boolean } | undefined)?.completed }));

/** A small FCPXML document around a spine (and extra resources). */
const doc = (spine: string, resources = '', fd = '100/2400s', version = '1.10') => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="${version}">
  <resources>
    <format id="r1" name="FFVideoFormat1080p24" frameDuration="${fd}" width="1920" height="1080"/>
    <asset id="a1" name="Interview" start="0s" duration="60s" hasVideo="1" hasAudio="1" format="r1" audioSources="1" audioChannels="2" audioRate="48000">
      <media-rep kind="original-media" src="file:///footage/Interview.mov"/>
    </asset>
    <asset id="a2" name="Music" start="0s" duration="120s" hasAudio="1" audioSources="1" audioChannels="2" audioRate="48000" src="file:///footage/Music.wav"/>
    <effect id="e1" name="Basic Title" uid=".../Titles.localized/Bumper:Opener.localized/Basic Title.localized/Basic Title.moti"/>
    ${resources}
  </resources>
  <library>
    <event name="Day 1">
      <project name="Cut">
        <sequence format="r1" duration="100s" tcStart="0s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">
          <spine>${spine}</spine>
        </sequence>
      </project>
    </event>
  </library>
</fcpxml>`;

describe('FCPXML import of the fcpx adapter sample (fcpx_project.fcpxml)', () => {
  const imported = () => importFcpxml(sampleText());

  it('reads a file whose lines end in a bare CR, and the same with LF and CRLF', () => {
    const text = sampleText();
    expect(text.includes('\r')).toBe(true);
    expect(text.includes('\n')).toBe(false);
    const cr = importFcpxml(text);
    const lf = importFcpxml(text.replace(/\r/g, '\n'));
    const crlf = importFcpxml(text.replace(/\r/g, '\r\n'));
    const bom = importFcpxml(`\uFEFF${text}`);
    for (const other of [lf, crlf, bom]) {
      expect(cutList(other.timeline, refNames(other))).toEqual(cutList(cr.timeline, refNames(cr)));
      expect(markerList(other.timeline)).toEqual(markerList(cr.timeline));
    }
  });

  it('names the timeline after the project, at the 30 fps of its FFVideoFormat1080p30 format, 150.02 s long', () => {
    const { timeline, size, warnings } = imported();
    expect(timeline.name).toBe('OpenTimeline_Project');
    expect(timeline.rate).toEqual(R30);
    expect(size).toEqual({ width: 1920, height: 1080 });
    expect(timelineFrames(timeline)).toBe(Math.round((21602243 / 144000) * 30)); // 4500
    // times such as 518405621/144000s are not on a frame boundary
    expect(warnings.filter((w) => /between frames at 30 fps/.test(w))).toHaveLength(1);
  });

  it('gives 3 video tracks (spine, lane 1, lane 2) and 1 audio track', () => {
    const { timeline } = imported();
    expect(timeline.tracks.map((t) => `${t.kind}:${t.name}`)).toEqual(['video:V1', 'video:V2', 'video:V3', 'audio:A1']);
  });

  it('V1 is the spine: the seven 10 s gaps are one gap, the compound clips are flattened through their windows, the dissolve is kept', () => {
    const { timeline } = imported();
    const v1 = timeline.tracks[0]!;
    // Upstream (which keeps ref-clips as nested stacks and drops transitions):
    // IMG_0715, "", compound_clip_1, IMG_0233, IMG_0687, IMG_0268, compound_clip_1.
    expect(names(v1)).toEqual(['IMG_0715', 'Cross Dissolve', '', 'IMG_0233', '', 'IMG_0233', 'IMG_0687', 'IMG_0268', 'IMG_0233']);
    expect(spans(v1, R30)).toEqual([[0, 300], [15, 15], [300, 2400], [2400, 2591], [2591, 3300], [3300, 3600], [3600, 3900], [3900, 4200], [4200, 4443]]);
    // the two ref-clips start at 80 s and 140 s; their content keeps the compound's name
    const compound = clipsOf(v1).filter((c) => (c.metadata?.fcpxml as { compound?: string } | undefined)?.compound === 'compound_clip_1');
    expect(compound.map((c) => layoutTrack(v1, R30).find((p) => p.item === c)!.start)).toEqual([2400, 4200]);
    // ref-clip start 10900/3000s = 109 frames into the compound; 5700/3000s = 57
    expect(compound.map((c) => c.sourceRange.start.value)).toEqual([109, 57]);
    // <clip start="37600/3000s"> around IMG_0687's video: source in at 12.53 s
    expect(clipsOf(v1).find((c) => c.name === 'IMG_0687')!.sourceRange.start.value).toBe(376);
  });

  it('V2 is lane 1: a connected clip, a connected storyline with a fade in and a dissolve, and the compound\'s own lane 1', () => {
    const { timeline } = imported();
    const v2 = timeline.tracks[1]!;
    // Upstream: "", IMG_0513, "", IMG_0268, IMG_0740 (+ transitions and the compound's content here)
    expect(names(v2)).toEqual(['', 'IMG_0513', '', 'Cross Dissolve', 'IMG_0268', 'Cross Dissolve', 'IMG_0740', '', 'IMG_0268']);
    expect(spans(v2, R30)).toEqual([[0, 600], [600, 900], [900, 1500], [0, 30], [1500, 1785], [15, 15], [1785, 2070], [2070, 2891], [2891, 3191]]);
    // <clip start="1500/3000s"> around IMG_0740
    expect(clipsOf(v2).find((c) => c.name === 'IMG_0740')!.sourceRange.start.value).toBe(15);
  });

  it('V3 is lane 2: "", IMG_0857 at 108137/30s in a gap that starts at 3600s', () => {
    const { timeline } = imported();
    const v3 = timeline.tracks[2]!;
    expect(names(v3)).toEqual(['', 'IMG_0857']);
    expect(spans(v3, R30)).toEqual([[0, 1937], [1937, 2237]]);
  });

  it('A1 holds the sound: clips\' lane -1 audio and the sound of asset-clips, linked to their picture when it is the same clip', () => {
    const { timeline } = imported();
    const a1 = timeline.tracks[3]!;
    expect(names(a1).filter(Boolean)).toEqual(['IMG_0715', 'Cross Dissolve', 'IMG_0513', 'IMG_0687', 'Cross Dissolve', 'IMG_0268', 'Cross Dissolve', 'IMG_0857', 'IMG_0233', 'IMG_0268', 'IMG_0233', 'IMG_0687', 'IMG_0268', 'IMG_0233']);
    const at = (t: Track, name: string, start: number) => layoutTrack(t, R30).find((p) => p.item.kind === 'clip' && p.item.name === name && p.start === start)!.item as Clip;
    // IMG_0513's sound sits 518405621/144000s - 3600 s into its gap: not the picture's frames, so not linked
    expect(at(a1, 'IMG_0513', 629).linkId).toBeUndefined();
    for (const [name, v, start] of [
      ['IMG_0715', 0, 0],
      ['IMG_0268', 1, 1500],
      ['IMG_0857', 2, 1937],
      ['IMG_0687', 0, 3600],
      ['IMG_0268', 0, 3900],
    ] as const) {
      const pic = at(timeline.tracks[v]!, name, start);
      expect(pic.linkId, name).toBeDefined();
      expect(at(a1, name, start).linkId, name).toBe(pic.linkId);
    }
    // the second ref-clip's sound comes from a lane -1 ref-clip (srcEnable="audio") starting 275843/144000s in
    expect(spans(a1, R30).at(-1)).toEqual([4200, 4500]);
  });

  it('reads Marker 1, 5, 2, 9, 3, 4, 7, 8 from clips, gaps and ref-clips at their timeline frames; completed="0" is a to-do', () => {
    const { timeline, warnings } = imported();
    expect(timeline.markers.map((m) => [m.name, m.frame])).toEqual([
      ['Marker 1', 180],
      ['Marker 5', 660],
      ['Marker 2', 841],
      ['Marker 9', 1096],
      ['Marker 3', 1200],
      ['Marker 4', 1937],
      ['Marker 7', 2400],
      ['Marker 8', 2714],
    ]);
    // one-frame (and 1/48000 s) FCP markers are point markers
    expect(timeline.markers.every((m) => m.duration === 0)).toBe(true);
    const byName = new Map(timeline.markers.map((m) => [m.name, m]));
    expect(byName.get('Marker 5')!.metadata).toEqual({ fcpxml: { completed: false } });
    expect(byName.get('Marker 5')!.color).toBe('red');
    expect(byName.get('Marker 7')!.metadata).toEqual({ fcpxml: { completed: true } });
    expect(byName.get('Marker 7')!.status).toBe('resolved');
    expect(byName.get('Marker 1')!.metadata).toBeUndefined();
    // Marker 3 is in IMG_0687's unused media, before its start: it stays on the clip's first frame
    expect(warnings.some((w) => /marker "Marker 3" lies outside the used part of its clip/.test(w))).toBe(true);
  });

  it('keeps transitions: a Cross Dissolve centred on the cut after IMG_0715, a fade in and a dissolve in the connected storyline', () => {
    const { timeline } = imported();
    const [v1, v2] = timeline.tracks as [Track, Track];
    expect(transitionsOf(v1).map((t) => [t.name, t.inOffset.value, t.outOffset.value])).toEqual([['Cross Dissolve', 15, 15]]);
    expect(transitionsOf(v2).map((t) => [t.name, t.inOffset.value, t.outOffset.value])).toEqual([
      ['Cross Dissolve', 0, 30],
      ['Cross Dissolve', 15, 15],
    ]);
  });

  it('refers to each used asset once with its src URL, duration and rate; unused IMG_0858 is not listed', () => {
    const { timeline, references } = imported();
    expect(references.map((r) => r.name).sort()).toEqual(['IMG_0233', 'IMG_0268', 'IMG_0513', 'IMG_0687', 'IMG_0715', 'IMG_0740', 'IMG_0857']);
    const r0715 = references.find((r) => r.name === 'IMG_0715')!;
    expect(r0715).toMatchObject({ pathurl: 'file:///Volumes/Media/otio/IMG_0715.MOV', rate: R30, durationFrames: Math.round((6491 / 600) * 30), hasVideo: true, hasAudio: true });
    expect(r0715.timecodeFrame).toBeUndefined();
    expect(r0715.generated).toBeUndefined();
    const ids = new Set(references.map((r) => r.mediaId));
    for (const t of timeline.tracks) for (const c of clipsOf(t)) expect(ids.has(c.mediaId!), c.name).toBe(true);
  });
});

describe('FCPXML import of what Final Cut Pro writes', () => {
  it('reads a clip whose sound is a lane -1 <audio> on its <video>, as linked picture and sound', () => {
    const { timeline, warnings } = importFcpxml(
      doc(`
      <clip name="Take 1" offset="0s" duration="5s" start="10s" format="r1" tcFormat="NDF">
        <video ref="a1" offset="0s" duration="60s">
          <audio lane="-1" ref="a1" offset="0s" duration="60s" role="dialogue"/>
        </video>
      </clip>
      <asset-clip ref="a1" offset="5s" name="Wide" start="1s" duration="2s" srcEnable="video"/>`),
    );
    expect(warnings).toEqual([]);
    expect(timeline.rate).toEqual(makeRate(24));
    const [v1, a1] = timeline.tracks as [Track, Track];
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    expect(names(v1)).toEqual(['Take 1', 'Wide']);
    expect(spans(v1, makeRate(24))).toEqual([[0, 120], [120, 168]]);
    expect(clipsOf(v1).map((c) => c.sourceRange.start.value)).toEqual([240, 24]);
    expect(names(a1)).toEqual(['Take 1']);
    expect(clipsOf(a1)[0]!.sourceRange).toEqual(clipsOf(v1)[0]!.sourceRange);
    expect(clipsOf(a1)[0]!.linkId).toBe(clipsOf(v1)[0]!.linkId);
    expect(clipsOf(v1)[1]!.linkId).toBeUndefined();
  });

  it('reads titles as offline clips, disabled clips, audio-only connected clips, a sequence timecode start and gain', () => {
    const { timeline, references, warnings } = importFcpxml(
      doc(
        `
      <gap name="Gap" offset="3600s" start="3600s" duration="4s">
        <title ref="e1" lane="1" offset="3601s" name="Opening" start="3600s" duration="2s"><text><text-style ref="ts1">Hello</text-style></text></title>
        <asset-clip ref="a2" lane="-1" offset="3600s" name="Music" start="30s" duration="4s">
          <adjust-volume amount="-6dB"/>
        </asset-clip>
      </gap>
      <asset-clip ref="a1" offset="3604s" name="Interview" duration="4s" enabled="0"/>`,
      ).replace('tcStart="0s"', 'tcStart="3600s"'),
    );
    const R24 = makeRate(24);
    const [v1, v2, a1] = timeline.tracks as [Track, Track, Track];
    expect(timeline.tracks.map((t) => `${t.kind}:${t.name}`)).toEqual(['video:V1', 'video:V2', 'audio:A1']);
    expect(spans(v1, R24)).toEqual([[0, 96], [96, 192]]);
    expect(clipsOf(v1)[0]!.enabled).toBe(false);
    expect(names(v2)).toEqual(['', 'Opening']);
    expect(spans(v2, R24)).toEqual([[0, 24], [24, 72]]);
    expect(clipsOf(v2)[0]!.mediaId).toBeNull();
    expect(clipsOf(v2)[0]!.metadata).toEqual({ fcpxml: { title: 'Basic Title', text: 'Hello' } });
    expect(warnings).toContain('"Opening" is a title; imported as an offline clip');
    // sound of the disabled picture goes with it (linked, also disabled); music from 30 s at -6 dB
    expect(names(a1)).toEqual(['Music', 'Interview']);
    expect(clipsOf(a1)[0]).toMatchObject({ gainDb: -6, sourceRange: { start: rt(720, R24), duration: rt(96, R24) } });
    expect(clipsOf(a1)[1]!.enabled).toBe(false);
    expect(references.find((r) => r.name === 'Music')).toMatchObject({ pathurl: 'file:///footage/Music.wav', hasVideo: false, hasAudio: true, rate: R24 });
    expect(timeline.metadata).toEqual({ fcpxml: { version: '1.10', event: 'Day 1', timecodeFrame: 86400 } });
  });

  it('reads a sync-clip (a container), an audition (its pick) and a multicam clip (its active angle)', () => {
    const media = `
      <media id="m1" name="Multi">
        <multicam format="r1" tcStart="0s">
          <mc-angle name="Cam A" angleID="A"><asset-clip ref="a1" offset="0s" name="Cam A" duration="60s"/></mc-angle>
          <mc-angle name="Cam B" angleID="B"><gap offset="0s" duration="1s"/><asset-clip ref="a3" offset="1s" name="Cam B" duration="50s"/></mc-angle>
        </multicam>
      </media>
      <asset id="a3" name="Close" start="0s" duration="60s" hasVideo="1" format="r1"><media-rep kind="original-media" src="file:///footage/Close.mov"/></asset>`;
    const { timeline, warnings } = importFcpxml(
      doc(
        `
      <sync-clip offset="0s" name="Synced" duration="2s" start="1s">
        <asset-clip ref="a3" offset="0s" name="Close" duration="10s" start="3s"/>
        <asset-clip ref="a2" lane="-1" offset="0s" name="Music" duration="2s"/>
      </sync-clip>
      <audition offset="2s">
        <asset-clip ref="a1" offset="2s" name="Pick" duration="1s" start="7s"/>
        <asset-clip ref="a3" offset="2s" name="Alternative" duration="1s"/>
      </audition>
      <mc-clip ref="m1" offset="3s" name="Multi" start="5s" duration="2s">
        <mc-source angleID="B" srcEnable="video"/>
        <mc-source angleID="A" srcEnable="audio"/>
      </mc-clip>`,
        media,
      ),
    );
    const R24 = makeRate(24);
    const [v1, a1] = timeline.tracks as [Track, Track];
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    expect(names(v1)).toEqual(['Close', 'Pick', 'Cam B']);
    // the sync-clip shows 1..3 s of its content: Close from 3 s + 1 s in; the connected
    // Music, 1 s before the timeline starts, keeps its second second
    expect(clipsOf(v1).map((c) => c.sourceRange.start.value)).toEqual([96, 168, 96]);
    expect(spans(v1, R24)).toEqual([[0, 48], [48, 72], [72, 120]]);
    expect(names(a1)).toEqual(['Music', '', 'Pick', 'Cam A']);
    expect(clipsOf(a1).map((c) => c.sourceRange.start.value)).toEqual([24, 168, 120]);
    expect(clipsOf(a1)[1]!.linkId).toBe(clipsOf(v1)[1]!.linkId);
    expect(warnings).toContain('multicam clip "Multi": only the active angle of each cut is imported');
    expect(warnings.some((w) => /audition/.test(w))).toBe(true);
  });

  it('reads markers a writer put on the sequence itself', () => {
    const { timeline } = importFcpxml(doc('<asset-clip ref="a1" offset="0s" name="A" duration="4s"/>').replace('<spine>', '<marker start="2s" duration="1/24s" value="On the sequence"/><spine>'));
    expect(timeline.markers.map((m) => [m.name, m.frame])).toEqual([['On the sequence', 48]]);
  });

  it('rounds times that fall between frames to the nearest frame and says so once', () => {
    const { timeline, warnings } = importFcpxml(doc(`<asset-clip ref="a1" offset="0s" name="A" duration="1001/24000s"/><asset-clip ref="a1" offset="1001/24000s" name="B" duration="2s" start="1/1000s"/>`));
    expect(spans(timeline.tracks[0]!, makeRate(24))).toEqual([[0, 1], [1, 49]]);
    expect(warnings).toEqual(['some times fall between frames at 24 fps; they were rounded to the nearest frame']);
  });

  it('picks a project by name from a library with two events, and reads the first (with a warning) when none is named', () => {
    const text = `<?xml version="1.0"?>
<fcpxml version="1.9">
  <resources>
    <format id="r1" frameDuration="1001/30000s" width="1280" height="720"/>
    <asset id="a1" name="A" start="0s" duration="20s" hasVideo="1" format="r1"><media-rep kind="original-media" src="file:///a.mov"/></asset>
  </resources>
  <library>
    <event name="Monday"><project name="Rough"><sequence format="r1"><spine><asset-clip ref="a1" offset="0s" duration="1001/1000s" name="one"/></spine></sequence></project></event>
    <event name="Tuesday"><project name="Fine"><sequence format="r1"><spine><asset-clip ref="a1" offset="0s" duration="2002/1000s" name="two"/></spine></sequence></project></event>
  </library>
</fcpxml>`;
    const first = importFcpxml(text);
    expect(first.timeline.name).toBe('Rough');
    expect(first.warnings).toContain('the file holds 2 projects ("Rough", "Fine"); imported the first');
    const fine = importFcpxml(text, { project: 'Fine' });
    expect(fine.timeline.name).toBe('Fine');
    expect(fine.timeline.rate).toEqual(makeRate(30000, 1001));
    expect(fine.size).toEqual({ width: 1280, height: 720 });
    expect(fine.warnings).toEqual([]);
    expect(fine.timeline.metadata).toEqual({ fcpxml: { version: '1.9', event: 'Tuesday' } });
    expect(spans(fine.timeline.tracks[0]!, makeRate(30000, 1001))).toEqual([[0, 60]]);
    expect(() => importFcpxml(text, { project: 'Final' })).toThrow('FCPXML file has no project named "Final" (it has "Rough", "Fine")');
  });

  it('reads the FCPXML 1.1/1.2 layout, a <project> holding its own <resources>', () => {
    const text = `<fcpxml version="1.2"><project name="Old"><resources><format id="f" frameDuration="1/25s"/><asset id="x" name="X" src="file:///x.mov" hasVideo="1" format="f" duration="10s"/></resources>
      <sequence format="f"><spine><clip name="X" offset="0s" duration="2s"><video ref="x" offset="0s" duration="10s"/></clip></spine></sequence></project></fcpxml>`;
    const { timeline, references } = importFcpxml(text);
    expect(timeline.rate).toEqual(makeRate(25));
    expect(names(timeline.tracks[0]!)).toEqual(['X']);
    expect(references[0]!.pathurl).toBe('file:///x.mov');
  });
});

describe('FCPXML import of other writers, versions and conformed or retimed clips', () => {
  const R24 = makeRate(24);
  /** 25 fps media: a 24 fps sequence conforms it (plays frame for frame, 4 % slower). */
  const pal = `<format id="r25" name="FFVideoFormat1080p25" frameDuration="100/2500s" width="1920" height="1080"/>
    <asset id="a25" name="Pal" start="0s" duration="60s" hasVideo="1" format="r25"><media-rep kind="original-media" src="file:///footage/Pal.mov"/></asset>`;

  it('places markers and connected clips of a clip that conforms 25 fps media to 24 fps through the conform (as FCP shows them), and says the clip plays at normal speed', () => {
    const { timeline, warnings } = importFcpxml(
      doc(
        `
      <asset-clip ref="a1" offset="0s" name="Before" duration="5s"/>
      <asset-clip ref="a25" offset="5s" name="Conformed" start="2s" duration="10s" format="r25">
        <conform-rate srcFrameRate="25"/>
        <asset-clip ref="a2" lane="-1" offset="22/5s" name="Music" start="1s" duration="2s"/>
        <marker start="34/5s" duration="1/25s" value="At 4.8 s of media"/>
      </asset-clip>
      <asset-clip ref="a25" offset="15s" name="Not scaled" start="2s" duration="5s" format="r25">
        <conform-rate scaleEnabled="0" srcFrameRate="25"/>
        <marker start="34/5s" duration="1/25s" value="Real time"/>
      </asset-clip>`,
        pal,
      ),
    );
    const [v1, a1] = timeline.tracks as [Track, Track];
    // the clip keeps its place and length in the sequence and starts at its in-point
    expect(spans(v1, R24)).toEqual([[0, 120], [120, 360], [360, 480]]);
    expect(clipsOf(v1).map((c) => c.sourceRange.start.value)).toEqual([0, 48, 48]);
    // 4.8 s of 25 fps media last 5 s at 24 fps: 5 s + 5 s; without scaling 15 s + 4.8 s
    expect(markerList(timeline).map((m) => [m.name, m.frame])).toEqual([
      ['At 4.8 s of media', 240],
      ['Real time', 475],
    ]);
    // the connected music, 2.4 s of media after the in-point, is 2.5 s into the clip; its
    // offset and duration are in the clip's (conformed) time, so its 2 s last 50 frames
    expect(clipsOf(a1).find((c) => c.name === 'Music')).toMatchObject({ sourceRange: { start: rt(24, R24), duration: rt(50, R24) } });
    expect(spans(a1, R24)).toContainEqual([180, 230]);
    expect(warnings).toContain('clips of 25 fps media are conformed to 24 fps in Final Cut Pro; they are imported at normal speed');
  });

  it('conforms 23.976 fps media in a 24 fps sequence by 1000/1001 and leaves media at the sequence rate alone', () => {
    const ntsc = `<format id="r2398" name="FFVideoFormat1080p2398" frameDuration="1001/24000s"/>
      <asset id="a2398" name="Ntsc" start="0s" duration="3600s" hasVideo="1" format="r2398"><media-rep kind="original-media" src="file:///footage/Ntsc.mov"/></asset>`;
    const { timeline, warnings } = importFcpxml(
      doc(
        `<asset-clip ref="a2398" offset="0s" name="Long" duration="1200s" format="r2398"><conform-rate srcFrameRate="23.98"/><marker start="1000s" duration="1001/24000s" value="Late"/></asset-clip>
         <asset-clip ref="a1" offset="1200s" name="Same rate" duration="10s"><conform-rate srcFrameRate="24"/><marker start="1s" duration="1/24s" value="Plain"/></asset-clip>`,
        ntsc,
      ),
    );
    // 1000 s of 23.976 media are 23976 frames, shown one per frame at 24 fps: 999 s, a
    // marker 24 frames earlier than unscaled
    expect(markerList(timeline).map((m) => [m.name, m.frame])).toEqual([
      ['Late', 23976],
      ['Plain', 28824],
    ]);
    expect(warnings).toContain('clips of 23.976 fps media are conformed to 24 fps in Final Cut Pro; they are imported at normal speed');
    expect(warnings.filter((w) => /conformed/.test(w))).toHaveLength(1);
  });

  it('starts a retimed clip at the media its timeMap gives for its start, and keeps its markers in the retimed time', () => {
    const { timeline, warnings } = importFcpxml(
      doc(`
      <asset-clip ref="a1" offset="0s" name="Half speed" start="10s" duration="4s">
        <timeMap><timept time="0s" value="0s" interp="smooth2"/><timept time="40s" value="20s" interp="smooth2"/></timeMap>
        <marker start="11s" duration="1/24s" value="One second in"/>
      </asset-clip>
      <asset-clip ref="a1" offset="4s" name="Ramp" start="3s" duration="2s">
        <timeMap><timept time="0s" value="20s"/><timept time="2s" value="22s"/><timept time="4s" value="28s"/></timeMap>
      </asset-clip>`),
    );
    const [v1] = timeline.tracks as [Track];
    // 10 s at half speed is 5 s of media; 3 s on the ramp is halfway from 22 s to 28 s
    expect(clipsOf(v1).map((c) => [c.name, c.sourceRange.start.value])).toEqual([
      ['Half speed', 120],
      ['Ramp', 600],
    ]);
    expect(spans(v1, R24)).toEqual([[0, 96], [96, 144]]);
    expect(markerList(timeline).map((m) => m.frame)).toEqual([24]);
    expect(warnings).toContain('"Half speed" is retimed; it is imported at normal speed from its first retimed frame');
  });

  it('reads markers on transitions, counted from the transition\'s start at one hour as FCP writes them', () => {
    const { timeline } = importFcpxml(
      doc(
        `
      <title ref="e1" offset="3600s" name="One" start="3600s" duration="4s"/>
      <transition name="Cross Dissolve" offset="3603s" duration="2s">
        <filter-video ref="e1" name="Cross Dissolve"/>
        <marker start="3600s" duration="1/24s" value="Transition start"/>
        <marker start="7201/2s" duration="1/24s" value="Half a second in"/>
        <marker start="1s" duration="1/24s" value="Written from zero"/>
      </transition>
      <title ref="e1" offset="3604s" name="Two" start="3600s" duration="4s"/>`,
      ).replace('tcStart="0s"', 'tcStart="3600s"'),
    );
    expect(markerList(timeline).map((m) => [m.name, m.frame])).toEqual([
      ['Transition start', 72],
      ['Half a second in', 84],
      ['Written from zero', 96],
    ]);
    expect(transitionsOf(timeline.tracks[0]!).map((x) => [x.inOffset.value, x.outOffset.value])).toEqual([[24, 24]]);
  });

  it('gives a J/L cut on a sync-clip its own sound range, beyond the picture', () => {
    const { timeline } = importFcpxml(
      doc(`
      <gap name="Gap" offset="0s" duration="2s"/>
      <sync-clip offset="2s" name="Synced" start="10s" duration="2s" audioStart="9s" audioDuration="4s">
        <asset-clip ref="a1" offset="0s" name="Interview" duration="60s"/>
      </sync-clip>`),
    );
    const [v1, a1] = timeline.tracks as [Track, Track];
    expect(spans(v1, R24)).toEqual([[0, 48], [48, 96]]);
    expect(clipsOf(v1)[0]!.sourceRange.start.value).toBe(240);
    // the sound starts a second early and ends a second late
    expect(spans(a1, R24)).toEqual([[0, 24], [24, 120]]);
    expect(clipsOf(a1)[0]!.sourceRange.start.value).toBe(216);
  });

  it('reads a file from another writer: no tcStart with the first clip at one hour, unnamed clips and assets, relative media, a 60 fps format with no name', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE fcpxml><fcpxml version="1.9"><resources><format id="r0" frameDuration="1/60s"/><asset id="r1" duration="366/5s" hasVideo="1" hasAudio="1"><media-rep kind="original-media" src="Day%201/shot%2001.mov"/></asset></resources><library><event name="Timeline 1"><project name="Timeline 1"><sequence format="r0"><spine><asset-clip ref="r1" start="11/10s" duration="619/30s" offset="3600/1s"/><asset-clip ref="r1" start="2029/60s" duration="269/30s" offset="108619/30s"/></spine></sequence></project></event></library></fcpxml>`;
    const { timeline, references, warnings } = importFcpxml(text);
    const R60 = makeRate(60);
    const [v1, a1] = timeline.tracks as [Track, Track];
    expect(timeline.rate).toEqual(R60);
    // no hour-long gap in front: the timeline starts at 01:00:00:00
    expect(spans(v1, R60)).toEqual([[0, 1238], [1238, 1776]]);
    expect(names(v1)).toEqual(['shot 01.mov', 'shot 01.mov']);
    expect(names(a1)).toEqual(['shot 01.mov', 'shot 01.mov']);
    expect(clipsOf(v1).map((c) => c.sourceRange.start.value)).toEqual([66, 2029]);
    expect(references).toEqual([expect.objectContaining({ name: 'shot 01.mov', pathurl: 'Day%201/shot%2001.mov' })]);
    expect(timeline.metadata).toMatchObject({ fcpxml: { timecodeFrame: 216000 } });
    expect(warnings).toContain('the sequence has no tcStart and its first clip is at 01:00:00:00; the timeline starts there');
  });

  it('counts source times of one file described by several assets (as Resolve writes them) from the earliest asset start', () => {
    const { timeline, references, warnings } = importFcpxml(
      doc(
        `<asset-clip ref="p1" offset="0s" name="input.mov" start="0s" duration="346/25s"/>
         <asset-clip ref="p2" offset="346/25s" name="input.mov" start="346/25s" duration="56/5s"/>`,
        `<format id="f25" frameDuration="1/25s"/>
         <asset id="p1" name="input.mov" start="0/1s" duration="346/25s" hasVideo="1" format="f25"><media-rep kind="original-media" src="file:///Test/input.mov"/></asset>
         <asset id="p2" name="input.mov" start="346/25s" duration="56/5s" hasVideo="1" format="f25"><media-rep kind="original-media" src="file:///Test/input.mov"/></asset>`,
        '1/25s',
      ),
    );
    const R25 = makeRate(25);
    expect(clipsOf(timeline.tracks[0]!).map((c) => c.sourceRange.start.value)).toEqual([0, 346]);
    expect(spans(timeline.tracks[0]!, R25)).toEqual([[0, 346], [346, 626]]);
    // the loader takes a reference's timecode off its clips' source times: none here
    expect(references.map((r) => r.timecodeFrame ?? 0)).toEqual([0, 0]);
    expect(warnings).toContain('"input.mov": the file is described by several assets that start at different times; its source times are counted from the earliest');
  });

  it('places the clips of a file with no project (a browser export) one after another', () => {
    const text = `<fcpxml version="1.11">
  <resources>
    <format id="f" name="FFVideoFormat640x360p2997" frameDuration="1001/30000s" width="640" height="360"/>
    <asset id="a" name="TestVideo" start="3600s" duration="20s" hasVideo="1" format="f"><media-rep kind="original-media" src="file:///m/TestVideo.mov"/></asset>
    <media id="m" name="Compound"><sequence format="f" tcStart="0s"><spine>
      <asset-clip ref="a" offset="0s" name="Inside" start="3605s" duration="3003/1000s"><marker start="3606s" duration="1001/30000s" value="Inner"/></asset-clip>
    </spine></sequence></media>
  </resources>
  <event name="Browser">
    <asset-clip ref="a" name="TestVideo" start="3600s" duration="2002/1000s"/>
    <ref-clip ref="m" name="Compound" duration="3003/1000s"/>
    <keyword-collection name="nothing"/>
  </event>
</fcpxml>`;
    const { timeline, warnings } = importFcpxml(text);
    const R2997 = makeRate(30000, 1001);
    expect(timeline.name).toBe('Browser');
    expect(timeline.rate).toEqual(R2997);
    expect(names(timeline.tracks[0]!)).toEqual(['TestVideo', 'Inside']);
    expect(spans(timeline.tracks[0]!, R2997)).toEqual([[0, 60], [60, 150]]);
    expect(markerList(timeline).map((m) => [m.name, m.frame])).toEqual([['Inner', 90]]);
    expect(warnings).toContain('the file holds no project; its 2 clips were placed one after another on a new timeline');
  });

  it('reads a multicam whose angles count from zero while its mc-clips start on the multicam\'s timecode (FCP 10.2-10.4 exports)', () => {
    const media = `
      <media id="mc" name="Interview MC">
        <multicam format="r1" tcStart="3600s" tcFormat="NDF">
          <mc-angle name="Cam" angleID="cam">
            <gap name="Gap" offset="0s" start="3600s" duration="2s"/>
            <clip name="Cam" offset="2s" start="100s" duration="20s"><video ref="a1" offset="100s" start="100s" duration="20s"/></clip>
          </mc-angle>
          <mc-angle name="Sound" angleID="snd">
            <asset-clip ref="a2" offset="0s" name="Boom" start="50s" duration="30s"/>
          </mc-angle>
        </multicam>
      </media>`;
    const { timeline } = importFcpxml(
      doc(
        `<mc-clip ref="mc" offset="0s" name="Interview MC" start="3603s" duration="4s">
          <mc-source angleID="cam" srcEnable="video"/>
          <mc-source angleID="snd" srcEnable="audio"/>
        </mc-clip>`,
        media,
      ),
    );
    const [v1, a1] = timeline.tracks as [Track, Track];
    // 3 s into the multicam: 1 s into the camera clip (from 100 s) and 3 s into the boom (from 50 s)
    expect(clipsOf(v1).map((c) => [c.name, c.sourceRange.start.value, c.sourceRange.duration.value])).toEqual([['Cam', 2424, 96]]);
    expect(clipsOf(a1).map((c) => [c.name, c.sourceRange.start.value, c.sourceRange.duration.value])).toEqual([['Boom', 1272, 96]]);
  });

  it('imports sound that FCP turned off (a sync-clip\'s inactive camera role, inactive channels) as disabled clips', () => {
    const { timeline } = importFcpxml(
      doc(`
      <sync-clip offset="0s" name="Synced" duration="4s">
        <asset-clip ref="a1" offset="0s" name="Camera" duration="4s">
          <asset-clip ref="a2" lane="-1" offset="0s" name="Boom" duration="4s"><audio-channel-source srcCh="1, 2" role="dialogue.boom"/></asset-clip>
          <audio-channel-source srcCh="1, 2" role="dialogue.camera"/>
        </asset-clip>
        <sync-source sourceID="storyline"><audio-role-source role="dialogue.camera" active="0"/></sync-source>
      </sync-clip>
      <asset-clip ref="a1" offset="4s" name="Muted channels" duration="2s"><audio-channel-source srcCh="1, 2" role="dialogue" active="0"/></asset-clip>
      <asset-clip ref="a1" offset="6s" name="Heard" duration="2s"><audio-channel-source srcCh="1" role="dialogue" active="0"/><audio-channel-source srcCh="2" role="dialogue"/></asset-clip>`),
    );
    const audio = timeline.tracks.filter((t) => t.kind === 'audio').flatMap(clipsOf);
    expect(audio.map((c) => [c.name, c.enabled]).sort()).toEqual([
      ['Boom', true],
      ['Camera', false],
      ['Heard', true],
      ['Muted channels', false],
    ]);
    expect(clipsOf(timeline.tracks[0]!).every((c) => c.enabled)).toBe(true);
  });

  it('reads files whose DOCTYPE names Apple\'s DTD on the web or by file name (other writers), still refusing a local DTD or an internal subset', () => {
    const body = doc('<asset-clip ref="a1" offset="0s" name="A" duration="2s"/>').replace('<!DOCTYPE fcpxml>', '');
    for (const doctype of [
      '<!DOCTYPE fcpxml PUBLIC "-//Apple//DTD FCPXML 1.9//EN" "http://www.apple.com/DTDs/FinalCutPro-XML-1.9.dtd">',
      '<!DOCTYPE fcpxml SYSTEM "https://raw.githubusercontent.com/CommandPost/CommandPost/refs/heads/develop/src/extensions/cp/apple/fcpxml/dtd/FCPXMLv1_14.dtd">',
      "<!DOCTYPE fcpxml SYSTEM 'FCPXMLv1_9.dtd'>",
    ]) {
      const { timeline } = importFcpxml(body.replace('<fcpxml ', `${doctype}\n<fcpxml `));
      expect(names(timeline.tracks[0]!)).toEqual(['A']);
    }
    expect(() => importFcpxml(body.replace('<fcpxml ', '<!DOCTYPE fcpxml SYSTEM "/etc/passwd">\n<fcpxml '))).toThrow(/external DTDs/);
    expect(() => importFcpxml(body.replace('<fcpxml ', '<!DOCTYPE fcpxml PUBLIC "x" "http://a/b.dtd" [<!ENTITY e "x">]>\n<fcpxml '))).toThrow(/DOCTYPE entity definitions/);
    // line numbers in errors stay those of the file
    const broken = `<?xml version="1.0"?>\n<!DOCTYPE fcpxml PUBLIC "-//Apple//DTD FCPXML 1.9//EN"\n "http://www.apple.com/DTDs/FCPXMLv1_9.dtd">\n<fcpxml version="1.9">\n<resources><format id="r1" frameDuration="1/0s"/></resources>\n<project name="p"><sequence format="r1"><spine/></sequence></project></fcpxml>`;
    expect(() => importFcpxml(broken)).toThrow(/^FCPXML line 5: <format> frameDuration="1\/0s"/);
  });

  it('leaves captions out and says so once', () => {
    const { timeline, warnings } = importFcpxml(
      doc(`<asset-clip ref="a1" offset="0s" name="A" duration="4s">
        <caption lane="1" offset="1s" name="Hello" start="3600s" duration="1s" role="SRT?captionFormat=SRT.en"><text><text-style ref="ts1">Hello</text-style></text></caption>
        <caption lane="1" offset="2s" name="World" start="3600s" duration="1s" role="SRT?captionFormat=SRT.en"><text><text-style ref="ts2">World</text-style></text></caption>
      </asset-clip>`),
    );
    expect(timeline.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    expect(warnings).toEqual(['captions are not imported']);
  });

  it('refuses an .fcpxmld folder with no Info.fcpxml in one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-fcpxmld-'));
    const bundle = path.join(dir, 'Empty.fcpxmld');
    fs.mkdirSync(bundle);
    try {
      await expect(loadXmlProject(bundle, { createMedia: () => Promise.reject(new Error('not called')) })).rejects.toMatchObject({ code: 'invalid_input', message: 'Empty.fcpxmld: a folder with no Info.fcpxml in it, so not an FCPXML bundle' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FCPXML import errors', () => {
  it('refuses DOCTYPE entities (no entity expansion), with a one-line message', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE fcpxml [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<fcpxml version="1.8">&lol2;</fcpxml>`;
    expect(() => importFcpxml(laughs)).toThrow(/^Not a readable FCPXML file: XML line 2: DOCTYPE entity definitions and external DTDs are not accepted$/);
    expect(() => importFcpxml('<!DOCTYPE fcpxml SYSTEM "file:///etc/passwd"><fcpxml/>')).toThrow(/external DTDs/);
    expect(() => importFcpxml(doc('<asset-clip ref="a1" offset="0s" name="&xxe;" duration="1s"/>'))).toThrow(/unknown entity &xxe;/);
  });

  it('says clearly when a clip refers to a resource that is not there, or the sequence has no usable format', () => {
    expect(() => importFcpxml(doc('<asset-clip ref="r9" offset="0s" name="Lost" duration="1s"/>'))).toThrow(/^FCPXML line \d+: <asset-clip name="Lost"> refers to "r9", which <resources> does not define$/);
    const noResources = '<fcpxml version="1.8"><library><event><project name="P"><sequence format="r1"><spine/></sequence></project></event></library></fcpxml>';
    expect(() => importFcpxml(noResources)).toThrow(`the sequence's format "r1" is not in <resources>`);
    expect(() => importFcpxml(doc('').replace('frameDuration="100/2400s" ', '').replace('FFVideoFormat1080p24', 'FFVideoFormatRateUndefined'))).toThrow(/has no frameDuration, so its frame rate is unknown/);
    expect(() => importFcpxml(doc('<asset-clip ref="a1" offset="soon" name="A" duration="1s"/>'))).toThrow(/offset="soon" is not a time/);
    expect(() => importFcpxml(doc('', '', '1/5000000s'))).toThrow(/frameDuration="1\/5000000s" is not a usable frame rate/);
    expect(() => importFcpxml(doc('<asset-clip ref="a1" offset="1/0s" name="A" duration="1s"/>'))).toThrow(/divides by zero/);
  });

  it('refuses a compound clip that contains itself', () => {
    const loop = '<media id="m1" name="Loop"><sequence format="r1"><spine><ref-clip ref="m1" offset="0s" name="Loop" duration="1s"/></spine></sequence></media>';
    expect(() => importFcpxml(doc('<ref-clip ref="m1" offset="0s" name="Loop" duration="1s"/>', loop))).toThrow(/compound clip "Loop" contains itself/);
  });

  it('says clearly when a file is not FCPXML or holds no project', () => {
    expect(() => importFcpxml('<xmeml version="4"><sequence/></xmeml>')).toThrow(/^Not an FCPXML file: the root element is <xmeml>, not <fcpxml>$/);
    expect(() => importFcpxml('{"OTIO_SCHEMA": "Timeline.1"}')).toThrow(/^Not a readable FCPXML file: XML line 1/);
    expect(() => importFcpxml('<fcpxml version="1.8"><resources/><event name="E"><asset-clip ref="x"/></event></fcpxml>')).toThrow(/no <project>/);
    expect(() => importFcpxml('<fcpxml>\r<project>\r</fcpxml>')).toThrow(/XML line 3/);
  });
});

// ---- export --------------------------------------------------------------------------

const provenance: Provenance = { provider: 'fal', model: 'kling', prompt: 'a cat on a <roof> & "sky"', seed: 7, jobId: 'job-1', costUsd: 0.1, createdAt: '2026-01-01T00:00:00Z' };


const media = (id: string, name: string, rate: Rate, streams: 'av' | 'v' | 'a', extra: Partial<Media> = {}): Media => fakeMedia(id, name, { rate, seconds: 60, streams }, extra);

const clip = (id: string, name: string, mediaId: string | null, start: number, frames: number, rate: Rate, extra: Partial<Clip> = {}): Clip => ({
  kind: 'clip',
  id,
  name,
  mediaId,
  sourceRange: { start: rt(start, rate), duration: rt(frames, rate) },
  enabled: true,
  ...extra,
});

/** 2 video tracks + 1 audio: a dissolve on V1, a gap, a disabled clip, a generated clip on V2, linked and free sound, markers. */
function threeTracks(rate: Rate): Project {
  const p = createProject('Three & "tracks"', { width: 1920, height: 1080, rate, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 2, audio: 1 });
  p.media = [media('m1', 'interview.mov', rate, 'av'), media('m2', 'b roll.mov', rate, 'av'), media('m3', 'gen.mp4', rate, 'v', { origin: 'generated', provenance }), media('m4', 'music.wav', rate, 'a')];
  const [v1, v2, a1] = p.timeline.tracks as [Track, Track, Track];
  v1.items = [
    clip('c1', 'interview.mov', 'm1', 10, 48, rate, { linkId: 'L1' }),
    { kind: 'transition', id: 'x1', name: 'Cross Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(6, rate), outOffset: rt(6, rate) },
    clip('c2', 'b roll.mov', 'm2', 30, 60, rate),
    { kind: 'gap', id: 'g1', duration: rt(12, rate) },
    clip('c3', 'interview.mov', 'm1', 200, 24, rate, { enabled: false }),
  ];
  v2.items = [{ kind: 'gap', id: 'g2', duration: rt(30, rate) }, clip('c4', 'gen.mp4', 'm3', 0, 40, rate)];
  a1.items = [clip('c5', 'interview.mov', 'm1', 10, 48, rate, { linkId: 'L1', gainDb: -3 }), { kind: 'gap', id: 'g3', duration: rt(60, rate) }, clip('c6', 'music.wav', 'm4', 5, 60, rate)];
  p.timeline.markers = [
    { id: 'k1', name: 'Look here', frame: 50, duration: 0, color: 'green', note: 'fix the "sky"' },
    { id: 'k2', name: 'Grade', frame: 130, duration: 5, color: 'red', note: '', metadata: { fcpxml: { completed: false } } },
  ];
  return p;
}

const projectNames = (p: Project) => {
  const byId = new Map(p.media.map((m) => [m.id, m.name]));
  return (id: string | null) => (id === null ? '(offline)' : (byId.get(id) ?? '?'));
};

describe('FCPXML export -> import', () => {
  for (const rate of [makeRate(24), makeRate(30000, 1001)]) {
    it(`keeps the cut list of 2 video + 1 audio tracks at ${rate.num}/${rate.den} fps: clips, media, source and record, transitions, markers, provenance, links`, () => {
      const project = threeTracks(rate);
      const back = importFcpxml(exportFcpxml(project));
      expect(back.warnings).toEqual([]);
      expect(back.timeline.name).toBe('Three & "tracks"');
      expect(back.timeline.rate).toEqual(rate);
      expect(cutList(back.timeline, refNames(back))).toEqual(cutList(project.timeline, projectNames(project)));
      expect(markerList(back.timeline)).toEqual(markerList(project.timeline));
      const refs = new Map(back.references.map((r) => [r.name, r]));
      expect(refs.get('gen.mp4')!.generated).toEqual(provenance);
      expect(refs.get('interview.mov')!.generated).toBeUndefined();
      expect(refs.get('b roll.mov')!.pathurl).toBe('file:///footage/b%20roll.mov');
      expect(refs.get('music.wav')).toMatchObject({ hasVideo: false, hasAudio: true });
      expect(refs.get('interview.mov')!.durationFrames).toBe(Math.round((60 * rate.num) / rate.den));
      // picture and its sound stay linked; the sound keeps its gain
      const [v1, , a1] = back.timeline.tracks as [Track, Track, Track];
      expect(clipsOf(v1)[0]!.linkId).toBeDefined();
      expect(clipsOf(a1)[0]!.linkId).toBe(clipsOf(v1)[0]!.linkId);
      expect(clipsOf(a1)[0]!.gainDb).toBe(-3);
      expect(clipsOf(a1)[1]!.linkId).toBeUndefined();
    });
  }

  it('writes FCPXML 1.9: a DOCTYPE, the sequence format, assets with media-rep, library/event/project/sequence/spine', () => {
    const text = exportFcpxml(threeTracks(makeRate(24)));
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE fcpxml>\n<fcpxml version="1.9">/);
    const root = parseXml(text);
    const resources = child(root, 'resources')!;
    const format = childElements(resources, 'format')[0]!;
    expect(format.attrs).toEqual({ id: 'r1', name: 'FFVideoFormat1080p24', frameDuration: '1/24s', width: '1920', height: '1080' });
    const assets = childElements(resources, 'asset');
    expect(assets.map((a) => a.attrs.name)).toEqual(['interview.mov', 'b roll.mov', 'gen.mp4', 'music.wav']);
    const interview = assets[0]!;
    expect(interview.attrs).toMatchObject({ start: '0s', duration: '60s', hasVideo: '1', hasAudio: '1', format: 'r1' });
    expect(interview.attrs.src).toBeUndefined(); // 1.9 names the file in <media-rep> only
    expect(child(interview, 'media-rep')!.attrs).toEqual({ kind: 'original-media', src: 'file:///footage/interview.mov' });
    expect(assets[3]!.attrs.hasVideo).toBeUndefined();
    expect(assets[3]!.attrs.format).toBeUndefined();
    const md = child(child(assets[2]!, 'metadata'), 'md')!;
    expect(md.attrs.key).toBe('com.segue.provenance');
    expect(JSON.parse(md.attrs.value!)).toEqual(provenance);
    const seq = child(child(child(child(root, 'library'), 'event'), 'project'), 'sequence')!;
    expect(seq.attrs).toEqual({ format: 'r1', duration: '7s', tcStart: '0s', tcFormat: 'NDF', audioLayout: 'stereo', audioRate: '48k' });
    expect(child(child(root, 'library'), 'event')!.attrs.name).toBe('Three & "tracks"');
  });

  it('writes the spine, the dissolve across the cut, connected clips in the time of the element they hang from, markers, enabled="0" and srcEnable', () => {
    const spine = child(descendantsOf(parseXml(exportFcpxml(threeTracks(makeRate(24)))), 'sequence')[0]!, 'spine')!;
    const kids = childElements(spine);
    expect(kids.map((k) => k.name)).toEqual(['asset-clip', 'transition', 'asset-clip', 'gap', 'asset-clip', 'gap']);
    const [c1, x, c2, gap, c3, tail] = kids as [XmlElement, XmlElement, XmlElement, XmlElement, XmlElement, XmlElement];
    expect(c1.attrs).toMatchObject({ offset: '0s', start: '5/12s', duration: '2s', ref: 'r2' });
    expect(c1.attrs.srcEnable).toBeUndefined(); // its sound is the linked A1 clip
    expect(child(c1, 'adjust-volume')!.attrs.amount).toBe('-3dB');
    // the dissolve starts 6 frames before the cut at 2 s and lasts 12
    expect(x.attrs).toEqual({ name: 'Cross Dissolve', offset: '7/4s', duration: '1/2s' });
    expect(child(x, 'filter-video')).toBeDefined();
    expect(child(x, 'filter-audio')).toBeUndefined();
    // V2's generated clip starts at 30 frames, inside c1 (source in 10): offset 40/24 s in c1's time
    const gen = childElements(c1, 'asset-clip')[0]!;
    expect(gen.attrs).toMatchObject({ lane: '1', offset: '5/3s', name: 'gen.mp4', start: '0s', duration: '5/3s' });
    expect(childElements(gen, 'keyword').map((k) => k.attrs.value)).toEqual(['AI-generated']);
    // the marker at frame 50 is in c2 (from 48, source in 30): 32 frames of c2's time
    expect(childElements(c2, 'marker').map((m) => m.attrs)).toEqual([{ start: '4/3s', duration: '1/24s', value: 'Look here', note: 'fix the "sky"' }]);
    expect(c2.attrs.srcEnable).toBe('video');
    // the free music clip hangs from the gap at 108 on the lane under the video, in the gap's time
    expect(gap.attrs).toMatchObject({ offset: '9/2s', duration: '1/2s' });
    expect(childElements(gap, 'asset-clip')[0]!.attrs).toMatchObject({ lane: '-1', offset: '0s', name: 'music.wav', start: '5/24s', duration: '5/2s' });
    expect(c3.attrs).toMatchObject({ enabled: '0', srcEnable: 'video' });
    // the to-do marker at 130 sits in c3 (from 120, source in 200) and lasts 5 frames
    expect(childElements(c3, 'marker')[0]!.attrs).toEqual({ start: '35/4s', duration: '5/24s', value: 'Grade', completed: '0' });
    // the spine runs on under the music
    expect(tail.attrs).toMatchObject({ offset: '6s', duration: '1s' });
  });

  it('writes transitions on other tracks as connected storylines, names NTSC formats, omits the name of other sizes', () => {
    const rate = makeRate(30000, 1001);
    const p = threeTracks(rate);
    p.settings = { ...p.settings, width: 1000, height: 1000 };
    const v2 = p.timeline.tracks[1]!;
    v2.items = [...v2.items, { kind: 'transition', id: 'x2', name: 'Cross Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(4, rate), outOffset: rt(4, rate) }, clip('c7', 'b roll.mov', 'm2', 100, 20, rate)];
    const text = exportFcpxml(p);
    const root = parseXml(text);
    expect(childElements(child(root, 'resources')!, 'format')[0]!.attrs).toEqual({ id: 'r1', frameDuration: '1001/30000s', width: '1000', height: '1000' });
    const storyline = descendantsOf(root, 'spine').find((s) => s.attrs.lane === '1')!;
    expect(childElements(storyline).map((k) => k.name)).toEqual(['asset-clip', 'transition', 'asset-clip']);
    expect(childElements(storyline, 'transition')[0]!.attrs).toMatchObject({ offset: formatSeconds(36, rate), duration: formatSeconds(8, rate) });
    const back = importFcpxml(text);
    expect(cutList(back.timeline, refNames(back))).toEqual(cutList(p.timeline, projectNames(p)));
    const p1080 = threeTracks(rate);
    expect(exportFcpxml(p1080)).toContain('name="FFVideoFormat1080p2997" frameDuration="1001/30000s"');
  });

  it('writes an offline clip as a named gap and reads it back as an offline clip', () => {
    const rate = makeRate(24);
    const p = threeTracks(rate);
    p.timeline.tracks[0]!.items[4] = clip('c3', 'Missing shot', null, 200, 24, rate);
    const text = exportFcpxml(p);
    expect(text).toContain('<gap offset="5s" name="Missing shot" start="25/3s" duration="1s">');
    const back = importFcpxml(text);
    expect(cutList(back.timeline, refNames(back))).toEqual(cutList(p.timeline, projectNames(p)));
  });

  it('keeps fades from and to nothing at the ends of the primary storyline, chapter and resolved markers', () => {
    const rate = makeRate(25);
    const p = threeTracks(rate);
    const fade = (id: string, inF: number, outF: number): Transition => ({ kind: 'transition', id, name: 'Cross Dissolve', transitionType: 'SMPTE_Dissolve', inOffset: rt(inF, rate), outOffset: rt(outF, rate) });
    const v1 = p.timeline.tracks[0]!;
    v1.items = [fade('f1', 0, 10), ...v1.items, fade('f2', 8, 0)];
    p.timeline.markers = [
      { id: 'k1', name: 'Chapter 1', frame: 0, duration: 0, color: 'orange', note: '', metadata: { fcpxml: { chapter: true } } },
      { id: 'k2', name: 'Done', frame: 60, duration: 0, color: 'green', note: 'ok', status: 'resolved' },
    ];
    const text = exportFcpxml(p);
    expect(text).toContain('<chapter-marker start="2/5s" duration="1/25s" value="Chapter 1" posterOffset="0s"/>');
    expect(text).toContain('completed="1"');
    const back = importFcpxml(text);
    expect(cutList(back.timeline, refNames(back))).toEqual(cutList(p.timeline, projectNames(p)));
    expect(back.timeline.markers.map((m) => [m.name, m.frame, m.color, m.status, m.metadata])).toEqual([
      ['Chapter 1', 0, 'orange', undefined, { fcpxml: { chapter: true } }],
      ['Done', 60, 'green', 'resolved', { fcpxml: { completed: true } }],
    ]);
  });

  it('writes a project with no video track as a spine of one gap holding the sound', () => {
    const rate = makeRate(24);
    const p = threeTracks(rate);
    p.timeline.tracks = p.timeline.tracks.filter((t) => t.kind === 'audio');
    p.timeline.markers = [];
    const text = exportFcpxml(p);
    const spine = child(descendantsOf(parseXml(text), 'sequence')[0]!, 'spine')!;
    expect(childElements(spine).map((k) => k.name)).toEqual(['gap']);
    const back = importFcpxml(text);
    expect(back.timeline.tracks.map((t) => t.kind)).toEqual(['audio']);
    expect(cutList(back.timeline, refNames(back))).toEqual(cutList(p.timeline, projectNames(p)));
  });

  it('reads provenance from an AI-generated keyword with the JSON in the clip note', () => {
    const note = JSON.stringify(provenance).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const { references } = importFcpxml(doc(`<asset-clip ref="a1" offset="0s" name="Gen" duration="1s"><note>${note}</note><keyword start="0s" duration="1s" value="AI-generated"/></asset-clip>`));
    expect(references[0]!.generated).toEqual(provenance);
  });

  it('keeps the cut list of the fcpx adapter sample through export and import', () => {
    const first = importFcpxml(sampleText());
    const project: Project = {
      ...createProject('sample', { width: 1920, height: 1080, rate: first.timeline.rate, sampleRate: 48000, channels: 2, fit: 'fit' }),
      media: first.references.map((r) => ({
        ...media(r.mediaId, r.name, r.rate!, 'av'),
        path: decodeURIComponent(new URL(r.pathurl!).pathname),
        probe: { ...media(r.mediaId, r.name, r.rate!, 'av').probe, durationSeconds: r.durationFrames! / 30 },
      })),
      timeline: first.timeline,
    };
    const text = exportFcpxml(project);
    const second = importFcpxml(text);
    expect(second.warnings).toEqual([]);
    expect(cutList(second.timeline, refNames(second))).toEqual(cutList(first.timeline, refNames(first)));
    expect(markerList(second.timeline)).toEqual(markerList(first.timeline));
    expect(second.references.map((r) => r.pathurl).sort()).toEqual(first.references.map((r) => r.pathurl).sort());
    // and once more: the written file is stable
    const third = importFcpxml(exportFcpxml({ ...project, media: second.references.map((r, i) => ({ ...project.media[i]!, id: r.mediaId, name: r.name, path: decodeURIComponent(new URL(r.pathurl!).pathname) })), timeline: second.timeline }));
    expect(cutList(third.timeline, refNames(third))).toEqual(cutList(first.timeline, refNames(first)));
  });
});

function descendantsOf(root: XmlElement, name: string): XmlElement[] {
  return [...descendants(root, name)];
}

/** frames at `rate` as an FCPXML time, reduced */
function formatSeconds(frames: number, rate: Rate): string {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const n = frames * rate.den;
  const g = gcd(n, rate.num);
  return rate.num / g === 1 ? `${n / g}s` : `${n / g}/${rate.num / g}s`;
}
