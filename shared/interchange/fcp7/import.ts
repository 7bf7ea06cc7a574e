// Final Cut Pro 7 XML (xmeml) -> Segue timeline. Pure: media come back as references
// (file id, name, pathurl) the main process resolves.
//
// Which sequence: as OTIO's adapter, the top-level ones are <xmeml>'s own <sequence>s and
// those in any <children> (projects and bins); the first that is not used as a nested
// clip by another is opened, and the others are named in a warning.
//
// Semantics follow OpenTimelineIO's fcp_xml adapter: clip items sit at <start>; jumps
// become gaps; a -1 <start>/<end> next to a transition takes the transition's cut point
// (its <end> for end alignment, <start> for start alignment, the middle for centre), and
// the source in moves by the frames the transition uses before the cut. A file's
// timecode is added to <in>, as OTIO does (the reference carries that start). Premiere's
// exploded stereo tracks (currentExplodedTrackIndex > 0) collapse into one track, and so do
// the mono tracks other writers give each further channel of a file (clips all linked twins,
// same file and times, of the last track kept): a Segue clip plays all of a file's channels.
// Timecodes come from <frame>, else from <string> (drop-frame when it says so); a file's
// timecode at another rate than the clip's is converted. Clip items with <in>/<out>
// missing or -1 take their length from <start>/<end>; with <start>/<end> missing they
// follow the item before them.
import { newId } from '../../ids';
import { createTrack } from '../../timeline/factory';
import type { Clip, Item, Marker, MarkerColor, Provenance, Timeline, Track, TrackKind } from '../../timeline/model';
import { rateFromFps, makeRate, rescale, rt, timecodeBase, type Rate } from '../../timeline/time';
import { describeRate, isDropFrameRate, parseTimecode } from '../edl/timecode';
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

/**
 * <rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate> -> 30000/1001. A <rate> without
 * <ntsc> takes it from `outer` (the enclosing element's rate), as OTIO's adapter does.
 */
export function readRate(el: XmlElement | undefined, outer?: Rate): Rate | undefined {
  const tb = num(childText(el, 'timebase'));
  if (!tb || tb < 1 || tb > 1000) return undefined;
  const flag = childText(el, 'ntsc');
  const ntsc = flag === undefined ? outer?.den === 1001 : flag.toUpperCase() === 'TRUE';
  if (Number.isInteger(tb)) return ntsc ? makeRate(tb * 1000, 1001) : makeRate(tb);
  return rateFromFps(tb);
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Frames at `from` as frames at `to`: timecode labels keep their count between 30 and 29.97. */
const convertFrames = (frames: number, from: Rate, to: Rate): number => (timecodeBase(from) === timecodeBase(to) ? frames : rescale(rt(frames, from), to));

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
  /** <sourcetrack><trackindex>: which channel of the file an audio clip item holds */
  channel: number | undefined;
  inFrame: number;
  outFrame: number;
  /** the source frame (file timecode aside) shown at `start`: <in>, moved by a transition */
  srcIn: number;
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
    // Nothing real is a billion frames (over 100 days at 100 fps); larger is a broken file.
    if (Math.abs(v) > 1e9) throw new Error(`FCP 7 XML line ${el!.line}: <${name}>${text}</${name}> in <${el!.name}> is not a usable frame number`);
    const r = Math.round(v);
    if (Math.abs(r - v) > 1e-6) this.warn(`line ${el!.line}: <${name}>${text}</${name}> rounded to a whole frame`);
    return r;
  }

  /** A frame number that may be missing or -1 ("not set"). */
  frameOrUnset(el: XmlElement, name: string): number | undefined {
    if (num(childText(el, name)) === undefined) return undefined;
    const v = this.int(el, name);
    return v >= 0 ? v : undefined;
  }

  /** A <timecode>'s frame count and rate: <frame> when present, else its <string>. */
  timecode(tcEl: XmlElement, outer: Rate): { frames: number; rate: Rate } | null {
    const rate = readRate(child(tcEl, 'rate'), outer) ?? outer;
    if (num(childText(tcEl, 'frame')) !== undefined) return { frames: this.int(tcEl, 'frame'), rate };
    const text = childText(tcEl, 'string');
    if (!text) return null;
    // Premiere writes drop-frame as 00;00;00;00, others as 00:00:00;00 or with <displayformat>DF.
    const drop = (text.includes(';') || (childText(tcEl, 'displayformat') ?? '').toUpperCase() === 'DF') && isDropFrameRate(rate);
    try {
      return { frames: parseTimecode(text.replace(/;/g, ':'), rate, { dropFrame: drop }).frames, rate };
    } catch (e) {
      this.warn(`line ${tcEl.line}: timecode ${text} not read (${(e as Error).message}); taken as 00:00:00:00`);
      return null;
    }
  }

  /**
   * The reference for a file id (defined once, possibly later in the document), and the
   * file's timecode in frames at `clipRate` (source ranges include it, as OTIO's do).
   */
  reference(fileEl: XmlElement | undefined, clipRate: Rate): { ref: Fcp7MediaRef | null; tc: number; mediaSource: string | undefined } {
    if (!fileEl) return { ref: null, tc: 0, mediaSource: undefined };
    const key = fileEl.attrs.id ?? `@line${fileEl.line}`;
    const def = this.files.get(key) ?? fileEl;
    const fileRate = readRate(child(def, 'rate'), clipRate);
    const tcEl = child(def, 'timecode');
    const t = tcEl ? this.timecode(tcEl, fileRate ?? clipRate) : null;
    const tc = t ? convertFrames(t.frames, t.rate, clipRate) : 0;
    const mediaSource = childText(def, 'mediaSource') || undefined;
    const pathurl = childText(def, 'pathurl');
    if (!pathurl) return { ref: null, tc, mediaSource };
    let ref = this.refs.get(key);
    if (!ref) {
      const duration = num(childText(def, 'duration'));
      const rate = fileRate ?? t?.rate;
      const timecodeFrame = t && rate ? convertFrames(t.frames, t.rate, rate) : 0;
      ref = {
        mediaId: newId('m'),
        name: childText(def, 'name') || safeDecode(pathurl.split('/').pop() ?? '') || key,
        pathurl,
        ...(duration !== undefined ? { durationFrames: Math.round(duration) } : {}),
        ...(rate ? { rate } : {}),
        ...(timecodeFrame ? { timecodeFrame } : {}),
      };
      this.refs.set(key, ref);
    }
    return { ref, tc, mediaSource };
  }

  clipItem(el: XmlElement): ClipRaw {
    const generatorEffect = el.name === 'generatoritem' ? child(el, 'effect') : undefined;
    const name = childText(el, 'name') || childText(generatorEffect, 'name') || '';
    const rate = readRate(child(el, 'rate'), this.rate) ?? this.rate;
    const fileEl = child(el, 'file');
    const nested = child(el, 'sequence');
    const { ref, tc, mediaSource } = this.reference(fileEl, rate);
    const generator = generatorEffect ? childText(generatorEffect, 'effectid') || childText(generatorEffect, 'name') || 'generator' : ref ? undefined : mediaSource;
    if (nested) this.warn(`"${name}" is a nested sequence; imported as an offline clip of the same length`);
    else if (generator) this.warn(`"${name}" is a generator (${generator}); imported as an offline clip`);
    else if (child(el, 'multiclip')) this.warn(`"${name}" is a multiclip; imported as an offline clip`);
    else if (!ref) this.warn(`"${name}" has no media file; imported as an offline clip`);
    for (const f of childElements(el, 'filter')) {
      const effect = childText(f, 'effect', 'name') || childText(f, 'effect', 'effectid');
      if (effect && /time ?remap|speed/i.test(`${effect} ${childText(f, 'effect', 'effectid') ?? ''}`)) this.warn(`"${name}": ${effect} is not imported (the clip plays at normal speed)`);
    }
    const start = this.int(el, 'start', -1);
    const end = this.int(el, 'end', -1);
    // <in>/<out> of -1 mean "not set"; the length then comes from <start>/<end>.
    const toClip = (frames: number) => Math.round((frames * rate.num * this.rate.den) / (rate.den * this.rate.num));
    const placed = start >= 0 && end >= start ? toClip(end - start) : undefined;
    const given = { in: this.frameOrUnset(el, 'in'), out: this.frameOrUnset(el, 'out') };
    let inFrame = given.in;
    if (inFrame === undefined) {
      inFrame = given.out !== undefined && placed !== undefined ? Math.max(0, given.out - placed) : 0;
      if (given.out === undefined && !nested && !generator) this.warn(`"${name}" has no source in point; it starts at the head of its media`);
    }
    const outFrame = given.out ?? (placed !== undefined ? inFrame + placed : inFrame);
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
    if (label2 || nested || generator) clip.metadata = { fcp7: { ...(label2 ? { label2 } : {}), ...(nested ? { nestedSequence: true } : {}), ...(generator ? { generator } : {}) } };
    return {
      el,
      kind: 'clip',
      id: el.attrs.id,
      clip,
      fileId: fileEl?.attrs.id,
      links: childElements(el, 'link').map((l) => childText(l, 'linkclipref') ?? '').filter(Boolean),
      channel: num(childText(el, 'sourcetrack', 'trackindex')),
      inFrame,
      outFrame,
      srcIn: inFrame,
      rawStart: start,
      rawEnd: end,
      start,
      end,
    };
  }

  /** A transition item, or null (with a warning) when it does not say where it lies. */
  transition(el: XmlElement): TransitionRaw | null {
    const start = this.int(el, 'start', -1);
    const end = this.int(el, 'end', -1);
    if (start < 0 || end < start) {
      this.warn(`line ${el.line}: a transition without a usable <start>/<end> is left out`);
      return null;
    }
    const align = (childText(el, 'alignment') ?? 'center').toLowerCase();
    const cut = align.startsWith('end') ? end : align.startsWith('start') ? start : Math.floor((start + end) / 2);
    return { el, kind: 'transition', start, end, cut, name: childText(el, 'effect', 'name') || childText(el, 'name') || 'Cross Dissolve' };
  }

  /** Raw items of a track in document order, with -1 edges resolved. */
  rawTrack(trackEl: XmlElement): (ClipRaw | TransitionRaw)[] {
    const raws: (ClipRaw | TransitionRaw)[] = [];
    for (const c of childElements(trackEl)) {
      if (c.name === 'clipitem' || c.name === 'generatoritem') raws.push(this.clipItem(c));
      else if (c.name === 'transitionitem') {
        const t = this.transition(c);
        if (t) raws.push(t);
      }
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
        r.srcIn += skip;
        r.clip = { ...r.clip, sourceRange: { ...r.clip.sourceRange, start: rt(r.clip.sourceRange.start.value + skip, clipRate) } };
      } else if (r.start < 0) {
        // No <start> and no transition to take it from: it follows the item before it.
        const after = prev?.kind === 'clip' ? prev.end : 0;
        r.start = r.end >= 0 ? r.end - toSeq(len) : after;
      }
      if (r.end < 0 && next?.kind === 'transition') r.end = next.cut;
      else if (r.end < 0) r.end = r.start + toSeq(len);
      if (r.end < r.start) r.end = r.start;
      r.clip = { ...r.clip, sourceRange: { ...r.clip.sourceRange, duration: rt(toClip(r.end - r.start), clipRate) } };
    });
    return raws;
  }

  buildTrack(raws: (ClipRaw | TransitionRaw)[], kind: TrackKind, index: number, trackEl: XmlElement): Track {
    const track = createTrack(kind, index);
    // Premiere keeps the track's name in an attribute; OTIO prefers it to <name>.
    const name = trackEl.attrs['MZ.TrackName'] || childText(trackEl, 'name');
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
      if (r.end <= start) {
        this.warn(`line ${r.el.line}: "${clip.name}" has no length on the timeline; left out`);
        continue;
      }
      if (start > at) items.push({ kind: 'gap', id: newId('g'), duration: rt(start - at, this.rate) });
      items.push(clip);
      at = r.end;
    }
    track.items = items;
    return track;
  }
}

const PALETTE: readonly [MarkerColor, number, number, number][] = [
  ['red', 215, 45, 50],
  ['orange', 240, 140, 30],
  ['yellow', 230, 210, 40],
  ['green', 100, 160, 60],
  ['cyan', 30, 220, 210],
  ['blue', 40, 90, 220],
  ['purple', 150, 60, 200],
  ['pink', 230, 100, 180],
  ['white', 235, 235, 235],
];

/** Premiere's <pproColor> (an integer, red in the low byte) as the nearest marker colour. */
function markerColor(ppro: number | undefined): MarkerColor {
  if (ppro === undefined || !Number.isInteger(ppro)) return 'red';
  const [r, g, b] = [ppro & 0xff, (ppro >>> 8) & 0xff, (ppro >>> 16) & 0xff];
  let best = PALETTE[0]!;
  const d = (p: (typeof PALETTE)[number]) => (p[1] - r) ** 2 + (p[2] - g) ** 2 + (p[3] - b) ** 2;
  for (const p of PALETTE) if (d(p) < d(best)) best = p;
  return best[0];
}

/** A marker on the timeline; `place` turns its element's <in>/<out> frames into timeline frames. */
function marker(el: XmlElement, reader: Reader, place: (frame: number) => number, metadata?: Record<string, unknown>): Marker | null {
  const inFrame = reader.int(el, 'in', -1);
  if (inFrame < 0) return null;
  const out = reader.int(el, 'out', -1);
  const frame = place(inFrame);
  return {
    id: newId('k'),
    name: childText(el, 'name') ?? '',
    frame: Math.max(0, frame),
    duration: out > inFrame ? Math.max(0, place(out) - frame) : 0,
    color: markerColor(num(childText(el, 'pproColor'))),
    note: childText(el, 'comment') ?? '',
    ...(metadata ? { metadata } : {}),
  };
}

/**
 * Clip items of `b` that are all linked twins (same file, same times, another channel when
 * they say) of clips on `a`: the further channels of `a`'s clips on a track of their own.
 */
function isChannelTwin(a: ClipRaw[], b: ClipRaw[]): boolean {
  if (b.length === 0 || a.length !== b.length) return false;
  return b.every((x, i) => {
    const y = a[i]!;
    const linked = (x.id !== undefined && y.links.includes(x.id)) || (y.id !== undefined && x.links.includes(y.id));
    const sameChannel = x.channel !== undefined && x.channel === y.channel;
    return linked && !sameChannel && x.fileId !== undefined && x.fileId === y.fileId && x.rawStart === y.rawStart && x.rawEnd === y.rawEnd && x.inFrame === y.inFrame && x.outFrame === y.outFrame;
  });
}

/** An element with only an id attribute stands for the element defined in full with that id. */
function definition(el: XmlElement, all: XmlElement[]): XmlElement {
  const id = el.attrs.id;
  if (id === undefined || el.children.some((c) => typeof c !== 'string')) return el;
  return all.find((o) => o.attrs.id === id && o.children.some((c) => typeof c !== 'string')) ?? el;
}

/** Every element named in `names`, in document order, each with its parent's name: one walk. */
function collect(root: XmlElement, names: readonly string[]): Map<string, { el: XmlElement; parent: string }[]> {
  const out = new Map<string, { el: XmlElement; parent: string }[]>(names.map((n) => [n, []]));
  const stack: { el: XmlElement; parent: string }[] = [{ el: root, parent: '' }];
  while (stack.length) {
    const at = stack.pop()!;
    out.get(at.el.name)?.push(at);
    for (let i = at.el.children.length - 1; i >= 0; i--) {
      const c = at.el.children[i]!;
      if (typeof c !== 'string') stack.push({ el: c, parent: at.el.name });
    }
  }
  return out;
}

/**
 * The sequence to open, as OTIO's adapter finds sequences: <xmeml>'s own, then those in
 * any project's or bin's <children>, in document order. One used as a nested clip inside
 * another is not opened when another is there; the rest are reported as not opened.
 */
function pickSequence(root: XmlElement, sequences: { el: XmlElement; parent: string }[]): { seq: XmlElement; others: XmlElement[] } | null {
  const all = sequences.map((s) => s.el);
  const top: XmlElement[] = [];
  const isTop = (s: { parent: string }) => s.parent === 'children' || s.parent === root.name;
  // <xmeml>'s own first, then <children>'s, each in document order
  for (const s of [...sequences.filter((x) => x.parent === root.name), ...sequences.filter((x) => x.parent === 'children')]) {
    const def = definition(s.el, all);
    if (!top.includes(def)) top.push(def);
  }
  if (top.length === 0) {
    const first = all.find((s) => s.children.some((c) => typeof c !== 'string'));
    return first ? { seq: first, others: [] } : null;
  }
  // Sequences elsewhere (inside clip items) are nested ones; their ids name what they use.
  const nestedIds = new Set(sequences.filter((s) => !isTop(s) && s.el.attrs.id !== undefined).map((s) => s.el.attrs.id!));
  const isNested = (s: XmlElement) => s.attrs.id !== undefined && nestedIds.has(s.attrs.id);
  const seq = top.find((s) => !isNested(s)) ?? top[0]!;
  return { seq, others: top.filter((s) => s !== seq && !isNested(s)) };
}

/** The sequence's own rate, else its video format's, else its first clip item's. */
function sequenceRate(seq: XmlElement): { rate: Rate; from?: string } | null {
  const own = readRate(child(seq, 'rate'));
  if (own) return { rate: own };
  const format = readRate(child(child(child(child(child(seq, 'media'), 'video'), 'format'), 'samplecharacteristics'), 'rate'));
  if (format) return { rate: format, from: 'its video format' };
  for (const tag of ['clipitem', 'generatoritem', 'transitionitem']) {
    for (const item of descendants(child(seq, 'media') ?? seq, tag)) {
      const r = readRate(child(item, 'rate'));
      if (r) return { rate: r, from: 'its first clip' };
    }
  }
  return null;
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
  const index = collect(root, ['sequence', 'file']);
  const picked = pickSequence(root, index.get('sequence')!);
  if (!picked) throw new Error('FCP 7 XML file has no <sequence>: it holds no timeline to open');
  const { seq } = picked;
  const found = sequenceRate(seq);
  if (!found) throw new Error(`FCP 7 XML line ${seq.line}: the sequence has no <rate><timebase>`);
  const { rate } = found;
  const reader = new Reader(rate);
  if (found.from) reader.warn(`the sequence has no <rate>; it is read at ${describeRate(rate)}, the rate of ${found.from}`);
  if (picked.others.length) {
    const names = picked.others.slice(0, 3).map((s) => `"${childText(s, 'name') || 'Sequence'}"`);
    reader.warn(`the file holds ${picked.others.length + 1} sequences; "${childText(seq, 'name') || 'Sequence'}" is opened, not ${names.join(', ')}${picked.others.length > 3 ? ' and others' : ''}`);
  }
  // Files are defined in full once (anywhere, even in a bin or a later clip), then
  // referenced by id; a definition with a path wins over one without.
  for (const { el: f } of index.get('file')!) {
    const id = f.attrs.id;
    if (!id || !f.children.some((c) => typeof c !== 'string')) continue;
    const known = reader.files.get(id);
    if (!known || (!childText(known, 'pathurl') && childText(f, 'pathurl'))) reader.files.set(id, f);
  }

  const media = child(seq, 'media');
  const tracks: Track[] = [];
  const allClips: ClipRaw[] = [];
  const markers: Marker[] = [];
  const merged = new Map<number, number>();
  for (const kind of ['video', 'audio'] as const) {
    let kept: ClipRaw[] | null = null;
    let index = 0;
    const kindEl = child(media, kind);
    for (const trackEl of kindEl ? childElements(kindEl, 'track') : []) {
      const raws = reader.rawTrack(trackEl);
      const clips = raws.filter((r): r is ClipRaw => r.kind === 'clip');
      if (kind === 'audio') {
        const exploded = num(trackEl.attrs.currentExplodedTrackIndex);
        if (exploded !== undefined && exploded > 0) continue;
        if (exploded === undefined && kept && isChannelTwin(kept, clips)) {
          merged.set(index, (merged.get(index) ?? 0) + 1);
          continue;
        }
      }
      const track = reader.buildTrack(raws, kind, ++index, trackEl);
      tracks.push(track);
      const placed = clips.filter((c) => track.items.includes(c.clip));
      allClips.push(...placed);
      kept = clips;
      for (const c of placed) {
        const clipRate = c.clip.sourceRange.start.rate;
        // Clip markers count source frames of the clip's media; place them on the timeline.
        const place = (f: number) => c.start + Math.round(((f - c.srcIn) * rate.num * clipRate.den) / (rate.den * clipRate.num));
        let outside = 0;
        for (const m of childElements(c.el, 'marker')) {
          const mk = marker(m, reader, place, { fcp7: { clip: c.clip.name } });
          if (!mk) continue;
          if (mk.frame < c.start || mk.frame >= c.end) outside++;
          else markers.push(mk);
        }
        if (outside) reader.warn(`"${c.clip.name}": ${outside} clip marker${outside > 1 ? 's' : ''} outside the part of the clip that is used, left out`);
      }
    }
  }
  for (const [at, n] of merged) reader.warn(`${n === 1 ? 'an audio track' : `${n} audio tracks`} held further channels of the clips on A${at}; merged into A${at} (a Segue clip plays all of its file's channels)`);

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
    const mk = marker(m, reader, (f) => f);
    if (mk) markers.push(mk);
  }
  markers.sort((a, b) => a.frame - b.frame);

  const seqTc = child(seq, 'timecode');
  const tc = seqTc ? reader.timecode(seqTc, rate) : null;
  const tcFrame = tc ? convertFrames(tc.frames, tc.rate, rate) : 0;
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
