// A Segue project as FCPXML 1.9 for Final Cut Pro 10.4.9+ and DaVinci Resolve 17+:
// <resources> with the sequence's <format>, one <asset> per media file (its file in an
// original-media <media-rep>, as 1.9 wants: the asset src attribute is 1.8 and older) and
// the transition effects; then <library><event><project><sequence><spine>.
//
// FCPXML has one primary storyline, with everything else connected to it:
// - the first enabled video track is the spine (its gaps are <gap> elements);
// - every other video track's clips are connected asset-clips on lane 1, 2, ... (tracks
//   below the primary: lane -1, -2, ...), each attached to the spine element under its
//   first frame, its offset given in that element's own time; a run of clips joined by
//   transitions becomes a connected storyline (<spine lane>) so the transitions survive;
// - a sound clip linked to a picture clip with the same media, frames and source in
//   is carried by that picture's asset-clip (FCP clips have their sound); any other
//   sound clip is a connected clip on a lane below the video ones, one lane per audio
//   track. A picture whose sound is not carried says srcEnable="video";
// - transitions are <transition> elements across the cut (offset = cut - in offset);
// - timeline markers sit on the spine element that holds their frame;
// - generated media carry their provenance in the asset's metadata
//   (com.segue.provenance, JSON) and an "AI-generated" keyword on their clips.
// All times are exact rationals of seconds ("1001/30000s"), reduced.
import { layoutTrack, timelineFrames, type PlacedItem } from '../../timeline/layout';
import { mediaHasAudio, mediaHasVideo, mediaRate } from '../../timeline/factory';
import type { Clip, Item, Marker, Media, Project, Track, Transition } from '../../timeline/model';
import { rescale, sameRate, type Rate, type RationalTime } from '../../timeline/time';
import { fileUrl } from '../otio/export';
import { el, serializeXml, type XmlOut } from '../fcp7/xml';
import { add, formatTime, framesToQ, q, sub, type Q } from './time';

/** Asset metadata key holding a generated media's provenance as JSON. */
export const PROVENANCE_KEY = 'com.segue.provenance';
/** A gap that stands for an offline clip (no media) keeps that in this metadata key. */
export const OFFLINE_CLIP_KEY = 'com.segue.offline-clip';
/** Keyword on the clips of generated media. */
export const AI_KEYWORD = 'AI-generated';

const CROSS_DISSOLVE = { name: 'Cross Dissolve', uid: 'FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265' };
const AUDIO_CROSSFADE = { name: 'Audio Crossfade', uid: 'FFAudioTransition' };

/** FCP's names for standard formats: FFVideoFormat1080p2997, FFVideoFormat3840x2160p24. */
export function formatName(width: number, height: number, rate: Rate): string | undefined {
  const size = width === 1920 && height === 1080 ? '1080p' : width === 1280 && height === 720 ? '720p' : (width === 3840 || width === 4096) && height === 2160 ? `${width}x2160p` : undefined;
  const rates: [number, number, string][] = [
    [24000, 1001, '2398'],
    [24, 1, '24'],
    [25, 1, '25'],
    [30000, 1001, '2997'],
    [30, 1, '30'],
    [50, 1, '50'],
    [60000, 1001, '5994'],
    [60, 1, '60'],
  ];
  const r = rates.find(([n, d]) => sameRate(rate, { num: n, den: d }));
  return size && r ? `FFVideoFormat${size}${r[2]}` : undefined;
}

/** <sequence audioRate> is a fixed list in the DTD. */
function audioRateLabel(hz: number): string {
  const legal = [32000, 44100, 48000, 88200, 96000, 176400, 192000];
  const nearest = legal.reduce((a, b) => (Math.abs(b - hz) < Math.abs(a - hz) ? b : a));
  return `${nearest / 1000}k`;
}

interface SpineEl {
  start: number;
  end: number;
  /** the element's own time at its first frame (a clip's source in) */
  local: Q;
  children: XmlOut[];
  markers: XmlOut[];
}

type Placed = PlacedItem<Item>;

export function exportFcpxml(project: Project): string {
  const tl = project.timeline;
  const rate = tl.rate;
  const s = project.settings;
  const T = (n: number) => formatTime(framesToQ(n, rate));
  const frames = (t: RationalTime) => rescale(t, rate);
  const srcQ = (c: Clip): Q => framesToQ(c.sourceRange.start.value, c.sourceRange.start.rate);
  const media = new Map(project.media.map((m) => [m.id, m]));

  // ---- resources ------------------------------------------------------------------
  let nextId = 1;
  const formats: XmlOut[] = [];
  const formatIds = new Map<string, string>();
  const formatId = (width: number | undefined, height: number | undefined, r: Rate | null): string => {
    const key = `${width}x${height}@${r ? `${r.num}/${r.den}` : 'still'}`;
    let id = formatIds.get(key);
    if (id) return id;
    id = `r${nextId++}`;
    formatIds.set(key, id);
    const name = r ? (width && height ? formatName(width, height, r) : undefined) : 'FFVideoFormatRateUndefined';
    formats.push(el('format', { id, ...(name ? { name } : {}), ...(r ? { frameDuration: formatTime(q(BigInt(r.den), BigInt(r.num))) } : {}), width, height }));
    return id;
  };
  const seqFormat = formatId(s.width, s.height, rate);

  const assets: XmlOut[] = [];
  const assetIds = new Map<string, string>();
  const assetOf = (m: Media): string => {
    let id = assetIds.get(m.id);
    if (id) return id;
    id = `r${nextId++}`;
    assetIds.set(m.id, id);
    const v = m.probe.streams.find((x) => x.type === 'video');
    const a = m.probe.streams.find((x) => x.type === 'audio');
    const still = m.kind === 'image';
    const r = mediaRate(m, rate);
    const frames = still ? 0 : Math.round((m.probe.durationSeconds * r.num) / r.den);
    const url = fileUrl(m.path);
    const p = m.origin === 'generated' ? m.provenance : undefined;
    assets.push(
      el(
        'asset',
        {
          id,
          name: m.name,
          start: '0s',
          duration: formatTime(framesToQ(frames, r)),
          ...(mediaHasVideo(m) ? { hasVideo: '1', format: formatId(v?.width, v?.height, still ? null : r) } : {}),
          ...(mediaHasAudio(m) ? { hasAudio: '1', audioSources: 1, audioChannels: a?.channels ?? 2, audioRate: a?.sampleRate ?? s.sampleRate } : {}),
        },
        [el('media-rep', { kind: 'original-media', src: url }), p && el('metadata', [el('md', { key: PROVENANCE_KEY, value: JSON.stringify(p) })])],
      ),
    );
    return id;
  };
  const offlineAssets = new Map<string, string>();
  const offlineAsset = (url: string, name: string, kind: 'video' | 'audio'): string => {
    const key = `${kind}:${url}`;
    let id = offlineAssets.get(key);
    if (id) return id;
    id = `r${nextId++}`;
    offlineAssets.set(key, id);
    assets.push(el('asset', { id, name, start: '0s', ...(kind === 'video' ? { hasVideo: '1', format: seqFormat } : { hasAudio: '1', audioSources: 1, audioChannels: 2, audioRate: s.sampleRate }) }, [el('media-rep', { kind: 'original-media', src: url })]));
    return id;
  };
  const effects: XmlOut[] = [];
  const effectIds = new Map<string, string>();
  const effectOf = (e: { name: string; uid: string }): string => {
    let id = effectIds.get(e.uid);
    if (!id) {
      id = `r${nextId++}`;
      effectIds.set(e.uid, id);
      effects.push(el('effect', { id, name: e.name, uid: e.uid }));
    }
    return id;
  };

  // ---- tracks -----------------------------------------------------------------------
  // Assets in the order of the project's media, each used one once.
  const used = new Set(tl.tracks.flatMap((t) => t.items.map((i) => (i.kind === 'clip' ? i.mediaId : null))));
  for (const m of project.media) if (used.has(m.id)) assetOf(m);
  const video = tl.tracks.filter((t) => t.kind === 'video');
  const audio = tl.tracks.filter((t) => t.kind === 'audio');
  const primaryIndex = Math.max(0, video.findIndex((t) => t.enabled));
  const primary: Track | undefined = video[primaryIndex];
  const lay = new Map<Track, Placed[]>(tl.tracks.map((t) => [t, layoutTrack(t, rate)]));
  const placeOf = new Map<Item, Placed>();
  for (const list of lay.values()) for (const p of list) placeOf.set(p.item, p);
  const trackOf = new Map<Item, Track>();
  for (const t of tl.tracks) for (const i of t.items) trackOf.set(i, t);
  const mediaOf = (c: Clip) => (c.mediaId ? media.get(c.mediaId) : undefined);

  // Sound carried by its picture: linked, same media, same frames, same source in.
  const carriedBy = new Map<Clip, Clip>(); // sound -> picture
  const carries = new Map<Clip, Clip>(); // picture -> sound
  for (const t of video) {
    for (const pic of t.items) {
      if (pic.kind !== 'clip' || !pic.linkId) continue;
      const m = mediaOf(pic);
      if (!m || !mediaHasAudio(m)) continue;
      const pp = placeOf.get(pic)!;
      for (const at of audio) {
        const snd = at.items.find((i): i is Clip => {
          if (i.kind !== 'clip' || i.linkId !== pic.linkId || i.mediaId !== pic.mediaId || carriedBy.has(i) || i.enabled !== pic.enabled) return false;
          const sp = placeOf.get(i)!;
          const a = srcQ(i);
          const b = srcQ(pic);
          return sp.start === pp.start && sp.end === pp.end && a.n === b.n && a.d === b.d;
        });
        if (snd && !carries.has(pic)) {
          carriedBy.set(snd, pic);
          carries.set(pic, snd);
        }
      }
    }
  }
  // A sound transition rides on its picture's transition when both sides are carried
  // sound (or gaps) and the picture track has the same transition; otherwise the sound
  // next to it is written on its own.
  const carriedFades = new Set<Transition>();
  const fadeOnPicture = new Set<Transition>();
  for (let changed = true; changed; ) {
    changed = false;
    carriedFades.clear();
    fadeOnPicture.clear();
    for (const at of audio) {
      at.items.forEach((x, i) => {
        if (x.kind !== 'transition') return;
        const sides = [at.items[i - 1], at.items[i + 1]];
        const pics = sides.map((c) => (c?.kind === 'clip' ? carriedBy.get(c) : undefined));
        const clipsOk = sides.every((c, k) => c?.kind !== 'clip' || pics[k] !== undefined);
        const pic = pics.find((p) => p !== undefined);
        const vt = pic ? trackOf.get(pic) : undefined;
        const same = pics.every((p) => p === undefined || trackOf.get(p) === vt);
        const cut = placeOf.get(x)!.start;
        const match = vt?.items.find((v): v is Transition => v.kind === 'transition' && placeOf.get(v)!.start === cut && v.inOffset.value === x.inOffset.value && v.outOffset.value === x.outOffset.value && sameRate(v.inOffset.rate, x.inOffset.rate));
        if (clipsOk && pic && same && match) {
          carriedFades.add(x);
          fadeOnPicture.add(match);
          return;
        }
        for (const c of sides) {
          if (c?.kind === 'clip' && carriedBy.has(c)) {
            carries.delete(carriedBy.get(c)!);
            carriedBy.delete(c);
            changed = true;
          }
        }
      });
    }
  }

  // ---- the spine ---------------------------------------------------------------------
  let end = timelineFrames(tl);
  for (const m of tl.markers) end = Math.max(end, m.frame + 1);
  const spine: { item: Placed | null; el: SpineEl }[] = [];
  for (const p of primary ? lay.get(primary)! : []) {
    if (p.item.kind === 'transition') {
      spine.push({ item: p, el: { start: p.start, end: p.start, local: q(0n), children: [], markers: [] } });
      continue;
    }
    // a clip's own time is its source time (an offline clip's gap starts there too)
    spine.push({ item: p, el: { start: p.start, end: p.end, local: p.item.kind === 'clip' ? srcQ(p.item) : q(0n), children: [], markers: [] } });
  }
  const spineEnd = spine.reduce((a, x) => Math.max(a, x.el.end), 0);
  if (end > spineEnd) spine.push({ item: null, el: { start: spineEnd, end, local: q(0n), children: [], markers: [] } });
  const holders = spine.filter((x) => x.item?.item.kind !== 'transition' && x.el.end > x.el.start).map((x) => x.el);
  const holderAt = (frame: number): SpineEl | undefined => holders.find((h) => h.start <= frame && frame < h.end) ?? holders[holders.length - 1];
  const offsetIn = (h: SpineEl, frame: number): Q => add(h.local, framesToQ(frame - h.start, rate));

  const clipXml = (c: Clip, p: Placed, kind: 'video' | 'audio', extra: { lane?: number; offset: Q | string; children?: XmlOut[] }): XmlOut => {
    const m = mediaOf(c);
    const len = p.end - p.start;
    const common = {
      ...(extra.lane !== undefined ? { lane: extra.lane } : {}),
      offset: typeof extra.offset === 'string' ? extra.offset : formatTime(extra.offset),
      name: c.name,
    };
    const enabled = c.enabled && (trackOf.get(c)?.enabled ?? true) ? {} : { enabled: '0' };
    const url = offlineUrl(c);
    if (!m && !url) {
      // An offline clip with nothing to point at: a named gap (in a storyline when connected).
      const gap = el('gap', { ...common, ...(extra.lane !== undefined ? { lane: undefined, offset: '0s' } : {}), start: formatTime(srcQ(c)), duration: T(len) }, [...(extra.children ?? []), el('metadata', [el('md', { key: OFFLINE_CLIP_KEY, value: kind })])]);
      return extra.lane !== undefined ? el('spine', { lane: extra.lane, offset: common.offset }, [gap]) : gap;
    }
    const ref = m ? assetOf(m) : offlineAsset(url!, c.name, kind);
    let srcEnable: string | undefined;
    let gain = kind === 'audio' ? c.gainDb : undefined;
    if (m && kind === 'video') {
      const snd = carries.get(c);
      if (snd) gain = snd.gainDb;
      else if (mediaHasAudio(m)) srcEnable = 'video';
    }
    if (m && kind === 'audio' && mediaHasVideo(m)) srcEnable = 'audio';
    const generated = m?.origin === 'generated' && m.provenance;
    return el('asset-clip', { ...common, ref, start: formatTime(srcQ(c)), duration: T(len), ...enabled, ...(srcEnable ? { srcEnable } : {}), tcFormat: 'NDF' }, [
      gain ? el('adjust-volume', { amount: `${gain}dB` }) : null,
      ...(extra.children ?? []),
      generated ? el('keyword', { start: formatTime(srcQ(c)), duration: T(len), value: AI_KEYWORD }) : null,
    ]);
  };

  /** A transition whose cut is at `cut` (in its storyline's time): it starts `in` before. */
  const transitionXml = (x: Transition, cut: Q, kinds: { video: boolean; audio: boolean }): XmlOut => {
    const inF = frames(x.inOffset);
    return el('transition', { name: x.name || CROSS_DISSOLVE.name, offset: formatTime(sub(cut, framesToQ(inF, rate))), duration: T(inF + frames(x.outOffset)) }, [
      kinds.video ? el('filter-video', { ref: effectOf(CROSS_DISSOLVE), name: CROSS_DISSOLVE.name }) : null,
      kinds.audio ? el('filter-audio', { ref: effectOf(AUDIO_CROSSFADE), name: AUDIO_CROSSFADE.name }) : null,
    ]);
  };

  // Connected items: other video tracks (lanes above / below the primary), then sound.
  const lanes: { t: Track; lane: number; kind: 'video' | 'audio' }[] = [
    ...video.map((t, i) => ({ t, lane: i - primaryIndex, kind: 'video' as const })).filter((x) => x.t !== primary),
    ...audio.map((t, i) => ({ t, lane: -primaryIndex - 1 - i, kind: 'audio' as const })),
  ];
  for (const { t, lane, kind } of lanes) {
    const items = lay.get(t)!;
    const skip = (p: Placed | undefined) => !p || (p.item.kind === 'clip' && carriedBy.has(p.item)) || (p.item.kind === 'transition' && carriedFades.has(p.item));
    const fade = (p: Placed | undefined): p is PlacedItem<Transition> => !skip(p) && p!.item.kind === 'transition' && frames(p!.item.inOffset) + frames(p!.item.outOffset) > 0;
    // What starts a connected item: a clip, a transition, or a gap a transition reaches into.
    const opens = (k: number): boolean => {
      const p = items[k];
      if (skip(p)) return false;
      if (p!.item.kind === 'clip') return true;
      if (p!.item.kind === 'transition') return fade(p);
      const next = items[k + 1];
      return fade(next) && frames(next.item.inOffset) > 0;
    };
    let i = 0;
    while (i < items.length) {
      if (!opens(i)) {
        i++;
        continue;
      }
      // A run: items joined by transitions.
      let j = i;
      for (;;) {
        const cur = items[j]!;
        const next = items[j + 1];
        if (skip(next)) break;
        if (fade(next)) j++;
        else if (fade(cur) && (next!.item.kind === 'clip' || (next!.item.kind === 'gap' && frames(cur.item.outOffset) > 0))) j++;
        else break;
      }
      const run = items.slice(i, j + 1);
      i = j + 1;
      const first = run.find((x) => x.item.kind !== 'transition') ?? run[0]!;
      const h = holderAt(first.start);
      if (!h) continue;
      const offset = offsetIn(h, first.start);
      if (run.length === 1 && first.item.kind === 'clip') {
        h.children.push(clipXml(first.item, first, kind, { lane, offset }));
        continue;
      }
      const inner: XmlOut[] = run.map((x) => {
        const local = framesToQ(x.start - first.start, rate);
        if (x.item.kind === 'transition') return transitionXml(x.item, local, { video: kind === 'video', audio: kind === 'audio' });
        if (x.item.kind === 'gap') return el('gap', { name: 'Gap', offset: formatTime(local), duration: T(x.end - x.start) });
        return clipXml(x.item, x, kind, { offset: local });
      });
      h.children.push(el('spine', { lane, offset: formatTime(offset) }, inner));
    }
  }

  // Markers on the spine element that holds their frame.
  for (const m of tl.markers) {
    const h = holderAt(m.frame);
    if (h) h.markers.push(markerXml(m, offsetIn(h, m.frame), rate));
  }

  const spineXml: XmlOut[] = spine.flatMap(({ item, el: h }) => {
    const offset = T(h.start);
    const kids = [...h.children, ...h.markers];
    if (!item || item.item.kind === 'gap') return el('gap', { name: 'Gap', offset, duration: T(h.end - h.start) }, kids);
    if (item.item.kind === 'transition') {
      const x = item.item;
      if (frames(x.inOffset) + frames(x.outOffset) <= 0) return [];
      return transitionXml(x, framesToQ(item.start, rate), { video: true, audio: fadeOnPicture.has(x) });
    }
    return clipXml(item.item, item, 'video', { offset, children: kids });
  });

  const duration = Math.max(end, spineEnd);
  const seq = el('sequence', { format: seqFormat, duration: T(duration), tcStart: '0s', tcFormat: 'NDF', audioLayout: s.channels === 1 ? 'mono' : s.channels > 2 ? 'surround' : 'stereo', audioRate: audioRateLabel(s.sampleRate) }, [el('spine', spineXml)]);
  const doc = el('fcpxml', { version: '1.9' }, [el('resources', [...formats, ...assets, ...effects]), el('library', [el('event', { name: project.name || tl.name }, [el('project', { name: tl.name }, [seq])])])]);
  return serializeXml(doc, 'fcpxml');
}

function offlineUrl(c: Clip): string | undefined {
  const u = c.metadata?.['segue.offlineUrl'];
  return c.mediaId === null && typeof u === 'string' && u ? u : undefined;
}


function markerXml(m: Marker, start: Q, rate: Rate): XmlOut {
  const fcpxml = (m.metadata?.fcpxml ?? {}) as { completed?: unknown; chapter?: unknown };
  const completed = m.status === 'resolved' || fcpxml.completed === true ? '1' : fcpxml.completed === false ? '0' : undefined;
  const chapter = fcpxml.chapter === true;
  return el(chapter ? 'chapter-marker' : 'marker', {
    start: formatTime(start),
    duration: formatTime(framesToQ(Math.max(1, m.duration), rate)),
    value: m.name,
    ...(completed !== undefined && !chapter ? { completed } : {}),
    ...(m.note ? { note: m.note } : {}),
    ...(chapter ? { posterOffset: '0s' } : {}),
  });
}
