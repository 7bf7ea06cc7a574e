// A Segue project as MLT XML: the document Shotcut and Kdenlive open and `melt` renders.
// Laid out the way Shotcut writes its projects, so Shotcut edits it as its own:
//
//   <profile>              the project's size, the timeline rate, square pixels, BT.709
//   <producer> …           one per media file (avformat; pixbuf for stills), times in frames
//   <playlist main_bin>    the media, for Shotcut's Playlist panel
//   <producer black>       + <playlist background>: black under everything, the length of the timeline
//   <tractor> …            one per dissolve: the outgoing and incoming parts as two tracks,
//                          a luma dissolve and an audio crossfade (Shotcut's "lumaMix")
//   <playlist> …           one per track: <entry> per clip, <blank> per gap, the dissolve tractors in line
//   <tractor>              the timeline: background, video tracks bottom to top (a higher track
//                          index is composited on top), then audio tracks; a `mix` from every
//                          track onto the background and a `composite` for each video track
//                          above the first onto the first
//
// Times are integer frames at the timeline rate (the profile rate); MLT's `out` is the last
// frame shown, inclusive. A Segue transition never changes a track's length: its overlap
// comes from the neighbours' handles, exactly as Segue's renderer (shared/render/plan.ts)
// takes it, so the MLT timeline is as long as Segue's and every clip stays where it was.
// Without handles a transition fades the clips out and in on each side of the cut, as
// Segue renders it, with Shotcut's fade filters on the clips: through black on the first
// video track, through transparency above it, and in level for sound.
//
// Sound: Segue plays audio-track clips only, never the sound inside a video clip, so video
// tracks are written hide="audio"; a hidden (disabled) video track and a muted or
// un-soloed audio track are hide="both". Disabled clips and clips whose media is missing
// or lacks the track's kind of stream are blanks.
//
// Generated media keeps its provenance as `segue:*` producer properties (plus a readable
// `shotcut:comment`). Markers are Shotcut markers (`shotcut:markers` on the timeline
// tractor; start and end frames, end inclusive).
import type { Clip, Marker, Media, Project, Track, Transition } from '../../timeline/model';
import { layoutTrack, timelineFrames } from '../../timeline/layout';
import { rescale, type Rate } from '../../timeline/time';
import { el, serializeXml, type XmlOut } from '../fcp7/xml';

export const MLT_VERSION = '7.12.0';

/** Nothing to choose yet; kept so callers can pass options later without a signature change. */
export type MltExportOptions = Record<string, never>;

/** Shotcut's marker colours as #RRGGBB (Segue's timeline palette). */
export const MARKER_HEX: Readonly<Record<Marker['color'], string>> = {
  red: '#E5534B',
  orange: '#F08C38',
  yellow: '#E8C547',
  green: '#4FBF6F',
  cyan: '#3CC4D0',
  blue: '#4C8DFF',
  purple: '#A070E8',
  pink: '#E86FB4',
  white: '#DDDDDD',
};

/** A clip as placed on its track: timeline frames [start, end), source frame `src` at `start`. */
interface Span {
  clip: Clip;
  media: Media;
  producer: string;
  start: number;
  end: number;
  src: number;
  /** the part still played as a plain entry once dissolves have taken their frames */
  bodyStart: number;
  bodyEnd: number;
  /** frames faded in at the start / out at the end (a transition without handles) */
  fadeIn: number;
  fadeOut: number;
  /** the fades' sound curve */
  fadeInCurve: Curve;
  fadeOutCurve: Curve;
}

type Curve = 'linear' | 'equal-power';

type Piece =
  | { kind: 'body'; span: Span; from: number; to: number }
  /** a dissolve from `a` to `b` over [from, to) */
  | { kind: 'mix'; a: Span; b: Span; from: number; to: number };

const prop = (name: string, value: string | number): XmlOut => el('property', { name }, [String(value)]);

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/** Frames the media has at the timeline rate (stills: unlimited). */
function mediaFrames(m: Media, rate: Rate): number {
  return m.kind === 'image' ? Number.POSITIVE_INFINITY : Math.floor((m.probe.durationSeconds * rate.num) / rate.den + 1e-6);
}

const hasStream = (m: Media, kind: Track['kind']): boolean => m.probe.streams.some((x) => x.type === kind) || (kind === 'video' && m.kind === 'image');

const curveOf = (t: Transition): Curve => (t.metadata?.['segue.curve'] === 'linear' ? 'linear' : 'equal-power');

const num = (x: number): string => String(Math.round(x * 1000) / 1000);

/**
 * MLT keyframes for a fade over `n` frames, from 0 to 1 (`rising`) or 1 to 0, as Segue
 * renders them: linear for pictures; for sound in dB per frame along Segue's curve (ffmpeg
 * afade's tri or qsin), floored at -60 dB as Shotcut's own fades are.
 */
function fadeKeys(n: number, rising: boolean, db?: Curve): string {
  // Frame k of n: k/n rising, 1 - k/n falling (ffmpeg's fade). Keys stay inside the
  // filter's n frames; MLT would pull a key beyond its end onto its last frame.
  const at = (k: number) => (rising ? k / n : 1 - k / n);
  if (!db) return n === 1 ? `0=${num(at(0))}` : `0=${num(at(0))};${n - 1}=${num(at(n - 1))}`;
  const gain = (x: number) => (db === 'linear' ? x : Math.sin((Math.PI / 2) * x));
  return Array.from({ length: n }, (_, k) => `${k}=${num(Math.max(-60, 20 * Math.log10(Math.max(1e-6, gain(at(k))))))}`).join(';');
}

export function exportMlt(project: Project, _options: MltExportOptions = {}): string {
  const tl = project.timeline;
  const rate = tl.rate;
  const s = project.settings;
  const total = Math.max(1, timelineFrames(tl));
  const media = new Map(project.media.map((m) => [m.id, m]));

  // One producer per media file a clip uses, in the project's media order.
  const used = new Set<string>();
  for (const t of tl.tracks) for (const i of t.items) if (i.kind === 'clip' && i.mediaId && media.has(i.mediaId)) used.add(i.mediaId);
  const producerIds = new Map<string, string>();
  for (const m of project.media) if (used.has(m.id)) producerIds.set(m.id, `producer${producerIds.size}`);
  /** last source frame (exclusive) each producer is asked for, so `length` covers it */
  const reach = new Map<string, number>();
  const reached = (mediaId: string, end: number) => reach.set(mediaId, Math.max(reach.get(mediaId) ?? 0, end));

  const videoTracks = tl.tracks.filter((t) => t.kind === 'video');
  const audioTracks = tl.tracks.filter((t) => t.kind === 'audio');
  const audible = audioTracks.filter((t) => !t.muted);
  const solo = audible.some((t) => t.solo);
  const hears = (t: Track) => !t.muted && (!solo || t.solo);

  // ---- tracks as pieces ------------------------------------------------------------
  const mixTractors: XmlOut[] = [];
  const playlists: XmlOut[] = [];

  const trackPieces = (track: Track): Piece[] => {
    const spans: Array<Span | null> = [];
    const joins = new Map<number, Transition>(); // index in `spans` of the incoming clip
    let pending: Transition | null = null;
    let lastWasClip = false;
    for (const p of layoutTrack(track, rate)) {
      const item = p.item;
      if (item.kind === 'transition') {
        pending = lastWasClip ? item : null;
        continue;
      }
      const m = item.kind === 'clip' && item.mediaId ? media.get(item.mediaId) : undefined;
      const usable = item.kind === 'clip' && item.enabled && m !== undefined && hasStream(m, track.kind) && p.end > p.start;
      if (usable && pending) joins.set(spans.length, pending);
      spans.push(
        usable && item.kind === 'clip'
          ? { clip: item, media: m!, producer: producerIds.get(m!.id)!, start: p.start, end: p.end, src: rescale(item.sourceRange.start, rate), bodyStart: p.start, bodyEnd: p.end, fadeIn: 0, fadeOut: 0, fadeInCurve: 'equal-power', fadeOutCurve: 'equal-power' }
          : null,
      );
      lastWasClip = usable;
      pending = null;
    }
    const pieces: Piece[] = [];
    spans.forEach((b, i) => {
      const tr = joins.get(i);
      const a = spans[i - 1];
      if (!tr || !a || !b) return;
      const cut = b.start;
      const reachIn = rescale(tr.inOffset, rate); // before the cut, into the outgoing clip
      const reachOut = rescale(tr.outOffset, rate); // after the cut, into the incoming clip
      const tailHandle = Math.max(0, mediaFrames(a.media, rate) - (a.src + (a.end - a.start)));
      const headHandle = Math.max(0, b.src);
      const hA = Math.max(0, Math.min(reachOut, tailHandle, total - cut, b.bodyEnd - b.bodyStart));
      const hB = Math.max(0, Math.min(reachIn, headHandle, cut, a.bodyEnd - a.bodyStart));
      if (hA + hB > 0) {
        pieces.push({ kind: 'mix', a, b, from: cut - hB, to: cut + hA });
        a.bodyEnd = cut - hB;
        b.bodyStart = cut + hA;
      } else if (reachIn + reachOut > 0) {
        // No handles: the outgoing clip fades out before the cut, the incoming one in after
        // it (filters on the clips, Shotcut's own fades).
        a.fadeOut = Math.min(reachIn, a.bodyEnd - a.bodyStart);
        b.fadeIn = Math.min(reachOut, b.bodyEnd - b.bodyStart);
        a.fadeOutCurve = b.fadeInCurve = curveOf(tr);
      }
    });
    for (const sp of spans) if (sp && sp.bodyEnd > sp.bodyStart) pieces.push({ kind: 'body', span: sp, from: sp.bodyStart, to: sp.bodyEnd });
    return pieces.filter((p) => p.to > p.from).sort((x, y) => x.from - y.from);
  };

  const srcAt = (sp: Span, t: number) => sp.src + (t - sp.start);
  const gain = (sp: Span, kind: Track['kind']): number => (kind === 'audio' ? (sp.clip.gainDb ?? 0) : 0);
  const volume = (db: number, track?: number): XmlOut =>
    el('filter', track === undefined ? {} : { track }, [prop('mlt_service', 'volume'), prop('level', db), prop('shotcut:filter', 'audioGain')]);

  /**
   * Fades on a clip's entry (source frames `first`.. for `frames`): the first video track
   * fades through black, tracks above it through transparency, sound in level.
   */
  const fades = (sp: Span, first: number, frames: number, kind: Track['kind'], above: boolean): XmlOut[] => {
    const out: XmlOut[] = [];
    const one = (n: number, rising: boolean, curve: Curve, from: number) => {
      const name = `fade${rising ? 'In' : 'Out'}${kind === 'audio' ? 'Volume' : 'Brightness'}`;
      const body =
        kind === 'audio'
          ? [prop('mlt_service', 'volume'), prop('level', fadeKeys(n, rising, curve))]
          : above
            ? [prop('mlt_service', 'brightness'), prop('level', 1), prop('alpha', fadeKeys(n, rising))]
            : [prop('mlt_service', 'brightness'), prop('level', fadeKeys(n, rising))];
      out.push(el('filter', { in: from, out: from + n - 1 }, [...body, prop('shotcut:filter', name), prop(rising ? 'shotcut:animIn' : 'shotcut:animOut', n)]));
    };
    const fadeIn = Math.min(sp.fadeIn, frames);
    const fadeOut = Math.min(sp.fadeOut, frames - fadeIn);
    if (fadeIn > 0) one(fadeIn, true, sp.fadeInCurve, first);
    if (fadeOut > 0) one(fadeOut, false, sp.fadeOutCurve, first + frames - fadeOut);
    return out;
  };

  const playlistXml = (track: Track, index: number): XmlOut => {
    const children: XmlOut[] = [prop('shotcut:name', track.name), prop(track.kind === 'video' ? 'shotcut:video' : 'shotcut:audio', 1)];
    if (track.locked) children.push(prop('shotcut:lock', 1));
    children.push(prop('segue:track_id', track.id));
    let at = 0;
    for (const p of trackPieces(track)) {
      if (p.from > at) children.push(el('blank', { length: p.from - at }));
      const frames = p.to - p.from;
      if (p.kind === 'body') {
        const first = srcAt(p.span, p.from);
        reached(p.span.media.id, first + frames);
        const db = gain(p.span, track.kind);
        children.push(el('entry', { producer: p.span.producer, in: first, out: first + frames - 1 }, [db !== 0 && volume(db), ...fades(p.span, first, frames, track.kind, index > 0)]));
      } else {
        const id = `tractor${mixTractors.length + 1}`;
        const tracks: XmlOut[] = [];
        const filters: XmlOut[] = [];
        [p.a, p.b].forEach((sp, k) => {
          const first = srcAt(sp, p.from);
          reached(sp.media.id, first + frames);
          tracks.push(el('track', { producer: sp.producer, in: first, out: first + frames - 1 }));
          const db = gain(sp, track.kind);
          if (db !== 0) filters.push(volume(db, k));
        });
        // Shotcut's "lumaMix": a luma dissolve and an audio crossfade, outgoing clip on track 0
        mixTractors.push(
          el('tractor', { id, in: 0, out: frames - 1 }, [
            prop('shotcut:transition', 'lumaMix'),
            prop('segue:track_id', track.id),
            el('multitrack', tracks),
            ...filters,
            el('transition', { out: frames - 1 }, [prop('a_track', 0), prop('b_track', 1), prop('factory', 'loader'), prop('mlt_service', 'luma'), prop('alpha_over', 1), prop('fix_background_alpha', 1)]),
            el('transition', { out: frames - 1 }, [prop('a_track', 0), prop('b_track', 1), prop('start', -1), prop('accepts_blanks', 1), prop('mlt_service', 'mix')]),
          ]),
        );
        children.push(el('entry', { producer: id, in: 0, out: frames - 1 }));
      }
      at = p.to;
    }
    return el('playlist', { id: `playlist${index}` }, children);
  };

  const ordered = [...videoTracks, ...audioTracks];
  ordered.forEach((t, i) => playlists.push(playlistXml(t, i)));

  // ---- producers ---------------------------------------------------------------------
  const producers: XmlOut[] = [];
  for (const m of project.media) {
    const id = producerIds.get(m.id);
    if (!id) continue;
    const still = m.kind === 'image';
    const length = Math.max(1, reach.get(m.id) ?? 0, still ? 0 : mediaFrames(m, rate));
    const v = m.probe.streams.find((x) => x.type === 'video');
    const p = m.origin === 'generated' ? m.provenance : undefined;
    const needsCrop = s.fit === 'fill' && v?.width && v.height && v.width * s.height !== v.height * s.width;
    producers.push(
      el('producer', { id, in: 0, out: length - 1 }, [
        prop('length', length),
        prop('eof', 'pause'),
        prop('resource', m.path),
        prop('mlt_service', still ? 'pixbuf' : 'avformat'),
        still && prop('ttl', 1),
        prop('seekable', 1),
        prop('shotcut:caption', m.name),
        prop('shotcut:detail', m.path),
        prop('segue:media_id', m.id),
        ...(p
          ? [
              prop('segue:generated', 1),
              prop('segue:provider', p.provider),
              prop('segue:model', p.model),
              prop('segue:prompt', p.prompt),
              prop('segue:job_id', p.jobId),
              p.seed !== undefined && prop('segue:seed', p.seed),
              prop('segue:cost_usd', p.costUsd),
              prop('segue:created_at', p.createdAt),
              prop('shotcut:comment', `Generated by ${p.provider} / ${p.model}: ${p.prompt}`),
            ]
          : []),
        // "fill": crop to the frame's shape instead of letterboxing
        needsCrop && el('filter', [prop('mlt_service', 'crop'), prop('center', 1)]),
      ]),
    );
  }

  // ---- the timeline tractor ---------------------------------------------------------------
  const tracks: XmlOut[] = [el('track', { producer: 'background' })];
  ordered.forEach((t, i) => {
    const hide = t.kind === 'video' ? (t.enabled ? 'audio' : 'both') : hears(t) ? 'video' : 'both';
    tracks.push(el('track', { producer: `playlist${i}`, hide }));
  });
  const transitions: XmlOut[] = [];
  // Sound: every track mixed onto the background, summed (Shotcut's own arrangement).
  ordered.forEach((_, i) => transitions.push(el('transition', [prop('a_track', 0), prop('b_track', i + 1), prop('mlt_service', 'mix'), prop('always_active', 1), prop('sum', 1)])));
  // Picture: each video track above the first over the first (Shotcut composites onto the
  // bottom video track and keeps V1's own blend disabled). Centred, aspect kept, the bars
  // transparent so lower tracks show through, as Segue renders.
  videoTracks.forEach((_, i) =>
    transitions.push(
      el('transition', [
        prop('a_track', i === 0 ? 0 : 1),
        prop('b_track', i + 1),
        prop('mlt_service', 'composite'),
        prop('fill', 1),
        prop('halign', 'center'),
        prop('valign', 'middle'),
        ...(i === 0 ? [prop('disable', 1)] : []),
      ]),
    ),
  );
  const markers = tl.markers.length
    ? el(
        'properties',
        { name: 'shotcut:markers' },
        tl.markers.map((mk, i) =>
          el('properties', { name: String(i) }, [prop('text', mk.name || mk.note), prop('start', mk.frame), prop('end', mk.frame + Math.max(0, mk.duration - 1)), prop('color', MARKER_HEX[mk.color])]),
        ),
      )
    : null;
  const main = el('tractor', { id: 'tractor0', title: tl.name, in: 0, out: total - 1 }, [
    prop('shotcut', 1),
    prop('shotcut:projectAudioChannels', s.channels),
    prop('shotcut:projectFolder', 0),
    prop('segue:project_id', project.id),
    prop('segue:timeline_id', tl.id),
    markers,
    el('multitrack', tracks),
    ...transitions,
  ]);

  const g = gcd(s.width, s.height);
  const profile = el('profile', {
    description: `${s.width}x${s.height} ${+(rate.num / rate.den).toFixed(3)} fps`,
    width: s.width,
    height: s.height,
    progressive: 1,
    sample_aspect_num: 1,
    sample_aspect_den: 1,
    display_aspect_num: s.width / g,
    display_aspect_den: s.height / g,
    frame_rate_num: rate.num,
    frame_rate_den: rate.den,
    colorspace: 709,
  });
  const bin = el('playlist', { id: 'main_bin' }, [
    prop('xml_retain', 1),
    ...producers.map((p) => {
      const out = Number((p.attrs ?? {}).out);
      return el('entry', { producer: String((p.attrs ?? {}).id), in: 0, out });
    }),
  ]);
  const black = el('producer', { id: 'black', in: 0, out: total - 1 }, [
    prop('length', total),
    prop('eof', 'pause'),
    prop('resource', '0x000000ff'),
    prop('aspect_ratio', 1),
    prop('mlt_service', 'color'),
    prop('mlt_image_format', 'rgba'),
    prop('set.test_audio', 0),
  ]);
  const background = el('playlist', { id: 'background' }, [el('entry', { producer: 'black', in: 0, out: total - 1 })]);

  const root = el('mlt', { LC_NUMERIC: 'C', version: MLT_VERSION, title: project.name, producer: 'main_bin' }, [
    profile,
    ...producers,
    bin,
    black,
    background,
    ...mixTractors,
    ...playlists,
    main,
  ]);
  return serializeXml(root);
}
