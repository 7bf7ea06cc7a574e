// Final Cut Pro 7 XML (xmeml) -> Segue timeline. Reads the first <sequence>. Pure: media
// come back as references (file id, name, pathurl) the main process resolves.
//
// Semantics follow OpenTimelineIO's fcp_xml adapter: clip items sit at <start>; jumps
// become gaps; a -1 <start>/<end> next to a transition takes the transition's cut point
// (its <end> for end alignment, <start> for start alignment, the middle for centre), and
// the source in moves by the frames the transition uses before the cut. A file's
// timecode is added to <in>, as OTIO does (the reference carries that start). Premiere's
// exploded stereo tracks (currentExplodedTrackIndex > 0, or a mono track whose clips are
// all linked twins of the track before it on the same file) collapse into one track.
import { newId } from '../../ids';
import { createTrack } from '../../timeline/factory';
import type { Clip, Item, Marker, Provenance, Timeline, Track, TrackKind } from '../../timeline/model';
import { rateFromFps, makeRate, rt, type Rate } from '../../timeline/time';
import { SEGUE_GENERATED } from './export';
import { child, childElements, childText, descendants, parseXml, XmlError, type XmlElement } from './xml';

export interface Fcp7MediaRef {
  mediaId: string;
  name: string;
  pathurl?: string;
  durationFrames?: number;
  rate?: Rate;
  /** the file's timecode start in frames at `rate` (source ranges include it) */
  timecodeFrame?: number;
  /** from Segue's <comments>: the media was generated */
  generated?: Provenance;
}

export interface Fcp7Import {
  timeline: Timeline;
  references: Fcp7MediaRef[];
  warnings: string[];
  /** the sequence's frame size from its <format>, when it has one */
  size?: { width: number; height: number };
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
};

/** <rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate> -> 30000/1001. */
export function readRate(el: XmlElement | undefined): Rate | undefined {
  const tb = num(childText(el, 'timebase'));
  if (!tb || tb <= 0) return undefined;
  const ntsc = (childText(el, 'ntsc') ?? '').toUpperCase() === 'TRUE';
  if (Number.isInteger(tb)) return ntsc ? makeRate(tb * 1000, 1001) : makeRate(tb);
  return rateFromFps(tb);
}

interface Raw {
  el: XmlElement;
  kind: 'clip' | 'transition';
  start: number;
  end: number;
}

interface ClipRaw extends Raw {
  kind: 'clip';
  id: string | undefined;
  clip: Clip;
  fileId: string | undefined;
  links: string[];
  inFrame: number;
  outFrame: number;
  rawStart: number;
  rawEnd: number;
}

interface TransitionRaw extends Raw {
  kind: 'transition';
  cut: number;
  name: string;
}

class Reader {
  readonly warnings: string[] = [];
  readonly files = new Map<string, XmlElement>();
  readonly refs = new Map<string, Fcp7MediaRef>();

  constructor(readonly rate: Rate) {}

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  int(el: XmlElement | undefined, name: string, fallback?: number): number {
    const text = childText(el, name);
    const v = num(text);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw new Error(`FCP 7 XML line ${el?.line ?? 0}: <${el?.name ?? '?'}> has no numeric <${name}>`);
    }
    const r = Math.round(v);
    if (Math.abs(r - v) > 1e-6) this.warn(`line ${el!.line}: <${name}>${text}</${name}> rounded to a whole frame`);
    return r;
  }

  /** The reference for a file id (defined once, possibly later in the document). */
  reference(fileEl: XmlElement | undefined): { ref: Fcp7MediaRef | null; tc: number } {
    if (!fileEl) return { ref: null, tc: 0 };
    const key = fileEl.attrs.id ?? `@line${fileEl.line}`;
    const def = this.files.get(key) ?? fileEl;
    const rate = readRate(child(def, 'rate')) ?? readRate(child(child(def, 'timecode'), 'rate'));
    const tc = child(def, 'timecode') ? this.int(child(def, 'timecode'), 'frame', 0) : 0;
    const pathurl = childText(def, 'pathurl');
    if (!pathurl) return { ref: null, tc };
    let ref = this.refs.get(key);
    if (!ref) {
      const duration = num(childText(def, 'duration'));
      ref = {
        mediaId: newId('m'),
        name: childText(def, 'name') || decodeURIComponent(pathurl.split('/').pop() ?? '') || key,
        pathurl,
        ...(duration !== undefined ? { durationFrames: Math.round(duration) } : {}),
        ...(rate ? { rate } : {}),
        ...(tc ? { timecodeFrame: tc } : {}),
      };
      this.refs.set(key, ref);
    }
    return { ref, tc };
  }

  clipItem(el: XmlElement): ClipRaw {
    const name = childText(el, 'name') ?? '';
    const rate = readRate(child(el, 'rate')) ?? this.rate;
    const fileEl = child(el, 'file');
    const nested = child(el, 'sequence');
    const { ref, tc } = this.reference(fileEl);
    if (nested) this.warn(`"${name}" is a nested sequence; imported as an offline clip`);
    else if (el.name === 'generatoritem' || (fileEl && !ref)) this.warn(`"${name}" has no media file; imported as an offline clip`);
    for (const f of childElements(el, 'filter')) {
      const effect = childText(f, 'effect', 'name');
      if (effect && /time ?remap|speed/i.test(effect)) this.warn(`"${name}": ${effect} is not imported (the clip plays at normal speed)`);
    }
    const inFrame = this.int(el, 'in', 0);
    const outFrame = this.int(el, 'out', inFrame);
    const start = this.int(el, 'start', -1);
    const end = this.int(el, 'end', -1);
    const comments = child(el, 'comments');
    if (ref && childText(comments, 'mastercomment1') === SEGUE_GENERATED) {
      try {
        const p = JSON.parse(childText(comments, 'mastercomment4') ?? '') as Provenance;
        if (p && typeof p.provider === 'string' && typeof p.model === 'string' && typeof p.jobId === 'string') ref.generated = p;
      } catch {
        this.warn(`"${name}": unreadable Segue provenance comment`);
      }
    }
    const enabled = (childText(el, 'enabled') ?? 'TRUE').toUpperCase() !== 'FALSE';
    const clip: Clip = {
      kind: 'clip',
      id: newId('c'),
      name,
      mediaId: ref?.mediaId ?? null,
      sourceRange: { start: rt(inFrame + tc, rate), duration: rt(Math.max(0, outFrame - inFrame), rate) },
      enabled,
    };
    const labels = child(el, 'labels');
    const label2 = childText(labels, 'label2');
    if (label2 || nested) clip.metadata = { fcp7: { ...(label2 ? { label2 } : {}), ...(nested ? { nestedSequence: true } : {}) } };
    return {
      el,
      kind: 'clip',
      id: el.attrs.id,
      clip,
      fileId: fileEl?.attrs.id,
      links: childElements(el, 'link').map((l) => childText(l, 'linkclipref') ?? '').filter(Boolean),
      inFrame,
      outFrame,
      rawStart: start,
      rawEnd: end,
      start,
      end,
    };
  }

  transition(el: XmlElement): TransitionRaw {
    const start = this.int(el, 'start');
    const end = this.int(el, 'end');
    const align = (childText(el, 'alignment') ?? 'center').toLowerCase();
    const cut = align.startsWith('end') ? end : align.startsWith('start') ? start : Math.floor((start + end) / 2);
    return { el, kind: 'transition', start, end, cut, name: childText(el, 'effect', 'name') || childText(el, 'name') || 'Cross Dissolve' };
  }

  /** Raw items of a track in document order, with -1 edges resolved. */
  rawTrack(trackEl: XmlElement): (ClipRaw | TransitionRaw)[] {
    const raws: (ClipRaw | TransitionRaw)[] = [];
    for (const c of childElements(trackEl)) {
      if (c.name === 'clipitem' || c.name === 'generatoritem') raws.push(this.clipItem(c));
      else if (c.name === 'transitionitem') raws.push(this.transition(c));
    }
    raws.forEach((r, i) => {
      if (r.kind !== 'transition') return;
      const prev = raws[i - 1];
      const next = raws[i + 1];
      // A centre transition cannot say where an uneven cut is; an explicit clip edge can.
      if (prev?.kind === 'clip' && prev.rawEnd > r.start && prev.rawEnd < r.end) r.cut = prev.rawEnd;
      else if (next?.kind === 'clip' && next.rawStart > r.start && next.rawStart < r.end) r.cut = next.rawStart;
    });
    raws.forEach((r, i) => {
      if (r.kind !== 'clip') return;
      const prev = raws[i - 1];
      const next = raws[i + 1];
      const len = r.outFrame - r.inFrame;
      const clipRate = r.clip.sourceRange.start.rate;
      const toClip = (frames: number) => Math.round((frames * clipRate.num * this.rate.den) / (clipRate.den * this.rate.num));
      const toSeq = (frames: number) => Math.round((frames * this.rate.num * clipRate.den) / (this.rate.den * clipRate.num));
      if (r.start < 0 && prev?.kind === 'transition') {
        r.start = prev.cut;
        // <in> is where the transition starts using this clip; the cut is later.
        const skip = toClip(prev.cut - prev.start);
        r.clip = { ...r.clip, sourceRange: { ...r.clip.sourceRange, start: rt(r.clip.sourceRange.start.value + skip, clipRate) } };
      } else if (r.start < 0) r.start = r.end >= 0 ? r.end - toSeq(len) : 0;
      if (r.end < 0 && next?.kind === 'transition') r.end = next.cut;
      else if (r.end < 0) r.end = r.start + toSeq(len);
      if (r.end < r.start) r.end = r.start;
      r.clip = { ...r.clip, sourceRange: { ...r.clip.sourceRange, duration: rt(toClip(r.end - r.start), clipRate) } };
    });
    return raws;
  }

  buildTrack(raws: (ClipRaw | TransitionRaw)[], kind: TrackKind, index: number, trackEl: XmlElement): Track {
    const track = createTrack(kind, index);
    const name = childText(trackEl, 'name');
    if (name) track.name = name;
    track.enabled = (childText(trackEl, 'enabled') ?? 'TRUE').toUpperCase() !== 'FALSE';
    track.locked = (childText(trackEl, 'locked') ?? 'FALSE').toUpperCase() === 'TRUE';
    const items: Item[] = [];
    let at = 0;
    const key = (r: ClipRaw | TransitionRaw) => (r.kind === 'clip' ? r.start : r.cut);
    const ordered = [...raws].sort((a, b) => key(a) - key(b) || (a.kind === 'transition' ? 0 : 1) - (b.kind === 'transition' ? 0 : 1));
    for (const r of ordered) {
      if (r.kind === 'transition') {
        if (r.cut > at) {
          items.push({ kind: 'gap', id: newId('g'), duration: rt(r.cut - at, this.rate) });
          at = r.cut;
        }
        items.push({ kind: 'transition', id: newId('x'), name: r.name, transitionType: 'SMPTE_Dissolve', inOffset: rt(Math.max(0, r.cut - r.start), this.rate), outOffset: rt(Math.max(0, r.end - r.cut), this.rate) });
        continue;
      }
      const clip = r.clip;
      let start = r.start;
      if (start < at) {
        // As OTIO's adapter does: items follow one another, so an overlapping clip keeps its
        // length and moves later.
        this.warn(`line ${r.el.line}: "${clip.name}" overlaps the item before it on the track by ${at - start} frames; it is moved later`);
        r.end += at - start;
        start = at;
      }
      if (r.end <= start) continue;
      if (start > at) items.push({ kind: 'gap', id: newId('g'), duration: rt(start - at, this.rate) });
      items.push(clip);
      at = r.end;
    }
    track.items = items;
    return track;
  }
}

function marker(el: XmlElement, reader: Reader, offset: number, metadata?: Record<string, unknown>): Marker | null {
  const inFrame = reader.int(el, 'in', -1);
  if (inFrame < 0) return null;
  const out = reader.int(el, 'out', -1);
  return {
    id: newId('k'),
    name: childText(el, 'name') ?? '',
    frame: Math.max(0, inFrame + offset),
    duration: out > inFrame ? out - inFrame : 0,
    color: 'red',
    note: childText(el, 'comment') ?? '',
    ...(metadata ? { metadata } : {}),
  };
}

/** Clip items of `b` that are all linked twins (same file, same times) of clips on `a`. */
function isStereoTwin(a: ClipRaw[], b: ClipRaw[]): boolean {
  if (b.length === 0 || a.length !== b.length) return false;
  return b.every((x, i) => {
    const y = a[i]!;
    const linked = (x.id !== undefined && y.links.includes(x.id)) || (y.id !== undefined && x.links.includes(y.id));
    return linked && x.fileId !== undefined && x.fileId === y.fileId && x.rawStart === y.rawStart && x.rawEnd === y.rawEnd && x.inFrame === y.inFrame && x.outFrame === y.outFrame;
  });
}

export function importFcp7(text: string): Fcp7Import {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new Error(`Not a readable FCP 7 XML file: ${e.message}`);
    throw e;
  }
  if (root.name !== 'xmeml') throw new Error(`Not an FCP 7 XML file: the root element is <${root.name}>, not <xmeml>`);
  const seq = descendants(root, 'sequence').next().value as XmlElement | undefined;
  if (!seq) throw new Error('FCP 7 XML file has no <sequence>');
  const rate = readRate(child(seq, 'rate'));
  if (!rate) throw new Error(`FCP 7 XML line ${seq.line}: the sequence has no <rate><timebase>`);
  const reader = new Reader(rate);
  // Files are defined in full once (anywhere, even in a nested sequence), then referenced by id.
  for (const f of descendants(root, 'file')) {
    const id = f.attrs.id;
    if (id && f.children.some((c) => typeof c !== 'string') && !reader.files.has(id)) reader.files.set(id, f);
  }

  const media = child(seq, 'media');
  const tracks: Track[] = [];
  const allClips: ClipRaw[] = [];
  const markers: Marker[] = [];
  for (const kind of ['video', 'audio'] as const) {
    let prevKept: ClipRaw[] | null = null;
    let index = 0;
    for (const trackEl of childElements(child(media, kind) ?? seq, 'track')) {
      if (!child(media, kind)) break;
      const raws = reader.rawTrack(trackEl);
      const clips = raws.filter((r): r is ClipRaw => r.kind === 'clip');
      if (kind === 'audio') {
        const exploded = num(trackEl.attrs.currentExplodedTrackIndex);
        if ((exploded !== undefined && exploded > 0) || (exploded === undefined && prevKept && isStereoTwin(prevKept, clips))) {
          prevKept = null;
          continue;
        }
      }
      const track = reader.buildTrack(raws, kind, ++index, trackEl);
      tracks.push(track);
      allClips.push(...clips.filter((c) => track.items.includes(c.clip)));
      prevKept = clips;
      for (const c of clips) {
        for (const m of childElements(c.el, 'marker')) {
          const mk = marker(m, reader, c.start - c.inFrame, { fcp7: { clip: c.clip.name } });
          if (mk) markers.push(mk);
        }
      }
    }
  }

  // Links: clip items that name each other share a Segue linkId.
  const byId = new Map(allClips.filter((c) => c.id).map((c) => [c.id!, c]));
  const parent = new Map<ClipRaw, ClipRaw>();
  const find = (c: ClipRaw): ClipRaw => {
    let r = c;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  for (const c of allClips) {
    for (const ref of c.links) {
      const o = byId.get(ref);
      if (!o || o === c) continue;
      const a = find(c);
      const b = find(o);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<ClipRaw, ClipRaw[]>();
  for (const c of allClips) {
    const r = find(c);
    groups.set(r, [...(groups.get(r) ?? []), c]);
  }
  const linkOf = new Map<Clip, string>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const linkId = newId('l');
    for (const c of g) linkOf.set(c.clip, linkId);
  }
  for (const t of tracks) t.items = t.items.map((i) => (i.kind === 'clip' && linkOf.has(i) ? { ...i, linkId: linkOf.get(i)! } : i));

  for (const m of childElements(seq, 'marker')) {
    const mk = marker(m, reader, 0);
    if (mk) markers.push(mk);
  }
  markers.sort((a, b) => a.frame - b.frame);

  const tcFrame = child(seq, 'timecode') ? reader.int(child(seq, 'timecode'), 'frame', 0) : 0;
  const label2 = childText(seq, 'labels', 'label2');
  const timeline: Timeline = {
    id: newId('tl'),
    name: childText(seq, 'name') || 'Sequence',
    rate,
    tracks,
    markers,
    metadata: { fcp7: { version: root.attrs.version ?? '', ...(tcFrame ? { timecodeFrame: tcFrame } : {}), ...(label2 ? { label2 } : {}) } },
  };
  if (tracks.length === 0) reader.warn('the sequence has no tracks');
  const sample = child(child(child(child(seq, 'media'), 'video'), 'format'), 'samplecharacteristics');
  const width = num(childText(sample, 'width'));
  const height = num(childText(sample, 'height'));
  const size = width && height && Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16 && width <= 16384 && height <= 16384 ? { width, height } : undefined;
  return { timeline, references: [...reader.refs.values()], warnings: reader.warnings, ...(size ? { size } : {}) };
}
