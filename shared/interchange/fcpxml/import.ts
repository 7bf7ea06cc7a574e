// Final Cut Pro X XML (FCPXML 1.1-1.14) -> Segue timeline. Reads one project (the first,
// or the one named) from `<fcpxml><project>` or `<fcpxml><library><event><project>`; a
// file with no project but clips (a browser export) gives a timeline of those clips
// one after another. Pure: media come back as references (asset name, src URL) the
// main process resolves.
//
// FCPXML places things in nested local times: every story element has an `offset` (where
// it sits in its parent's time), a `start` (the first instant of its own time, for a
// clip the source in point) and a `duration`. A connected item (one with a `lane`)
// uses its parent's local time for its offset; so do markers. A clip with a
// <conform-rate> (25 fps media in a 24 fps sequence) runs its local time at the media's
// rate: its markers and connected items are placed through that scale, though the clip
// itself plays at normal speed. A retimed clip (<timeMap>) starts at the media its map
// gives for `start`. Times are exact rationals of seconds, converted to timeline frames
// only at the end. A sequence with no tcStart whose first clip sits at an hour or more
// (other writers) starts on that hour.
//
// What becomes what:
// - the primary storyline is V1; a connected item on lane n > 0 goes to a video track
//   above (lane 1 first), on a negative lane to a video track below; an item that would
//   overlap another on its lane's track moves to the next track up;
// - sound (audio-only assets, <audio>, the sound of a picture asset) goes to audio
//   tracks, lane -1 first; picture and sound of one clip share a linkId;
// - compound clips (ref-clip) and multicam clips (mc-clip, the active angle) are
//   flattened into the timeline through their start/duration window (a multicam's
//   angles count from zero, an mc-clip's start from the multicam's tcStart); sync-clips and
//   clips are containers; auditions give their active pick;
// - a <transition> sits across the cut between its neighbours in a storyline: the part
//   before the cut is the in offset, the rest the out offset; a filter-audio inside it
//   also crossfades the storyline's sound; its markers count from its start, one hour
//   (as for generators);
// - a split edit (audioStart/audioDuration, on any clip) gives its sound its own range;
// - titles and generators are offline clips that keep their name;
// - sound FCP turned off (every audio-channel-source inactive, or a role a sync-clip's
//   sync-source, a compound's or an mc-source's audio-role-source deactivates) comes in
//   as disabled clips;
// - marker / chapter-marker become timeline markers (a to-do marker keeps
//   `metadata.fcpxml.completed`, a completed one is resolved); one in a clip's unused
//   media stays on the clip's first or last frame, one trimmed off by a compound clip
//   is left out, as FCP shows it; keywords are not markers;
// - times between frames are rounded to the nearest frame, with one warning; a time
//   that cannot be read, or is absurd, is an error naming its line.
// Titles, auditions, multicam clips, conformed and retimed clips are imported with a
// warning; captions are left out with one. An asset with no name is named after its
// file; several assets of one file (Resolve writes one per clip) count source times from
// the earliest asset start.
// - Segue's own export marks generated media (asset metadata com.segue.provenance, or
//   an AI-generated keyword with the JSON in the clip's <note>); that comes back as
//   `generated` on the reference.
import { newId } from '../../ids';
import { createTrack } from '../../timeline/factory';
import { ProvenanceSchema, type Clip, type Item, type Marker, type MarkerColor, type Provenance, type Timeline, type Track, type TrackKind } from '../../timeline/model';
import { makeRate, rateFromFps, rt, type Rate } from '../../timeline/time';
import { child, childElements, descendants, parseXml, textOf, XmlError, type XmlElement } from '../fcp7/xml';
import { AI_KEYWORD, OFFLINE_CLIP_KEY, PROVENANCE_KEY } from './export';
import { add, cmp, div, mul, ONE, parseTime, q, qmax, qmin, sub, toFrames, ZERO, type Q } from './time';
import type { Fcp7MediaRef } from '../fcp7/import';

/** A media reference as the FCP 7 importer reports it (the same loader resolves both), plus the asset's streams. */
export interface FcpxmlMediaRef extends Fcp7MediaRef {
  hasVideo?: boolean;
  hasAudio?: boolean;
}

export interface FcpxmlImport {
  timeline: Timeline;
  references: FcpxmlMediaRef[];
  warnings: string[];
  /** the sequence's frame size from its format, when it has one */
  size?: { width: number; height: number };
}

export interface FcpxmlImportOptions {
  /** the project to read, by name, when the file holds several */
  project?: string;
}

type Kind = 'video' | 'audio';
/** which streams of the content pass: srcEnable narrowed from the outside in */
type SrcEnable = 'all' | 'video' | 'audio' | 'none';

/** A span of timeline seconds; `end` null is open. */
interface Span {
  start: Q;
  end: Q | null;
}

interface Asset {
  id: string;
  el: XmlElement;
  name: string;
  src?: string;
  start: Q;
  duration?: Q;
  hasVideo: boolean;
  hasAudio: boolean;
  rate: Rate;
  generated?: Provenance;
  ref?: FcpxmlMediaRef;
}

type Resource = { kind: 'asset'; el: XmlElement } | { kind: 'format'; el: XmlElement } | { kind: 'media'; el: XmlElement } | { kind: 'effect'; el: XmlElement } | { kind: 'other'; el: XmlElement };

interface Ctx {
  /** timeline seconds = local time × scale + shift */
  shift: Q;
  /** timeline seconds per local second: 1, unless a clip conforms its media's rate */
  scale: Q;
  /** the frame rate of the enclosing sequence (a compound clip's or multicam's own) */
  rate: Rate;
  /** what of this content can be seen (a compound clip's window) */
  win: Span;
  /** what of its sound can be heard: the window, or a split edit's audio range */
  awin: Span;
  lane: number;
  /** preferred audio track (0 = A1), set by the outermost negative lane */
  audioPref: number | null;
  enabled: boolean;
  src: SrcEnable;
  /** items of one clip on the timeline: picture and sound in one group can be linked */
  group: number;
  /** items that share a track: a storyline and what it contains */
  block: number;
  /** the enclosing clip's name, for unnamed <video>/<audio> inside it */
  name?: string;
  compound?: string;
  gainDb: number;
  /** media resources being expanded, to refuse a compound clip inside itself */
  media: readonly string[];
  /** audio roles turned off here (a sync-clip's or compound's inactive audio-role-source) */
  off?: readonly string[];
}

interface Piece {
  kind: Kind;
  block: number;
  group: number;
  start: Q;
  end: Q;
  /** source time at `start` */
  source: Q;
  asset: Asset | null;
  name: string;
  enabled: boolean;
  gainDb: number;
  line: number;
  metadata?: Record<string, unknown>;
}

interface Cut {
  block: number;
  cut: Q;
  from: Q;
  to: Q;
  name: string;
  video: boolean;
  audio: boolean;
  line: number;
}

interface MarkerAt {
  at: Q;
  duration: Q;
  name: string;
  note: string;
  completed?: boolean;
  chapter: boolean;
  /** the element's own extent on the timeline, and the part of it that can be seen */
  ext: Span;
  win: Span;
  line: number;
}

interface Block {
  id: number;
  lane: number;
  audioPref: number | null;
}

const STORY = new Set(['asset-clip', 'clip', 'sync-clip', 'mc-clip', 'ref-clip', 'video', 'audio', 'gap', 'title', 'generator', 'audition', 'spine']);
/** More items than this is a hostile or runaway file (a compound nested in itself many times over). */
const MAX_ITEMS = 200_000;
const MAX_NESTING = 64;

const laneOf = (el: XmlElement): number | undefined => {
  const v = el.attrs.lane;
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
};

const narrow = (outer: SrcEnable, attr: string | undefined): SrcEnable => {
  const inner = attr === 'video' || attr === 'audio' ? attr : 'all';
  if (outer === 'all') return inner;
  if (inner === 'all' || inner === outer) return outer;
  return 'none'; // video-only inside audio-only, or the reverse
};
const allows = (ctx: Ctx, kind: Kind): boolean => ctx.src === 'all' || ctx.src === kind;

function clipSpan(outer: Span, start: Q, end: Q): Span {
  const s = qmax(outer.start, start);
  const e = outer.end === null ? end : qmin(outer.end, end);
  return { start: s, end: e };
}
const isEmpty = (s: Span): boolean => s.end !== null && cmp(s.end, s.start) <= 0;
const parseTimeOrNull = (text: string): Q | null => {
  try {
    return parseTime(text);
  } catch {
    return null;
  }
};
/** Local time of `ctx` -> timeline seconds, and back. */
const toTl = (ctx: Ctx, local: Q): Q => add(mul(local, ctx.scale), ctx.shift);
const toLocal = (ctx: Ctx, tl: Q): Q => div(sub(tl, ctx.shift), ctx.scale);
const HOUR: Q = q(3600n);
const fpsText = (r: Rate): string => `${+(r.num / r.den).toFixed(3)}`;

/** conform-rate srcFrameRate: "23.98" is 24000/1001 and so on. */
function rateFromText(text: string | undefined): Rate | undefined {
  const v = Number(text);
  if (!text || !Number.isFinite(v) || v <= 0 || v > 1000) return undefined;
  try {
    return rateFromFps(v);
  } catch {
    return undefined;
  }
}

/** A file name from a media URL, for an asset that has no name. */
function baseName(src: string | undefined): string | undefined {
  if (!src) return undefined;
  const last = src.replace(/[?#].*$/, '').split(/[\\/]/).filter(Boolean).pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

interface TimePoint {
  time: Q;
  value: Q;
}

/** A timeMap's original clip time at adjusted time `t`, straight between points, extended past the ends. */
function mapTime(points: readonly TimePoint[], t: Q): Q {
  if (points.length === 1) return add(points[0]!.value, sub(t, points[0]!.time));
  let i = 0;
  while (i < points.length - 2 && cmp(t, points[i + 1]!.time) > 0) i++;
  const a = points[i]!;
  const b = points[i + 1]!;
  const span = sub(b.time, a.time);
  if (span.n === 0n) return b.value;
  return add(a.value, mul(sub(b.value, a.value), div(sub(t, a.time), span)));
}

/** FFVideoFormat1080p2997 -> 30000/1001; interlaced names give the frame rate. */
function rateFromFormatName(name: string | undefined): Rate | undefined {
  const m = /(?:^|\d)([pi])(\d{2,5})$/.exec(name ?? '');
  if (!m) return undefined;
  const digits = m[2]!;
  let fps = digits.length >= 4 ? Number(digits) / 100 : Number(digits);
  if (m[1] === 'i') fps /= 2;
  try {
    return rateFromFps(fps);
  } catch {
    return undefined;
  }
}

class Reader {
  readonly warnings: string[] = [];
  readonly resources = new Map<string, Resource>();
  readonly assets = new Map<string, Asset>();
  readonly pieces: Piece[] = [];
  readonly cuts: Cut[] = [];
  readonly marks: MarkerAt[] = [];
  readonly blocks: Block[] = [];
  rate: Rate = makeRate(30);
  offGrid = false;
  groups = 0;
  count = 0;
  origins: Map<string, Q> | undefined;

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  fail(el: XmlElement, message: string): never {
    throw new Error(`FCPXML line ${el.line}: ${message}`);
  }

  time(el: XmlElement, attr: string): Q | undefined {
    const text = el.attrs[attr];
    if (text === undefined) return undefined;
    let v: Q | null;
    try {
      v = parseTime(text);
    } catch (e) {
      return this.fail(el, `<${el.name}> ${attr}="${text}": ${(e as Error).message}`);
    }
    if (!v) this.fail(el, `<${el.name}> ${attr}="${text}" is not a time (FCPXML times look like "1001/30000s" or "5s")`);
    return v;
  }

  frames(x: Q): number {
    const r = toFrames(x, this.rate);
    if (!r.exact) this.offGrid = true;
    if (!Number.isSafeInteger(r.frames)) throw new Error(`FCPXML: a time of ${x.n}/${x.d} s is out of range`);
    return r.frames;
  }

  block(lane: number, audioPref: number | null): number {
    const id = this.blocks.length;
    this.blocks.push({ id, lane, audioPref });
    return id;
  }

  resource(el: XmlElement): Resource {
    const id = el.attrs.ref!;
    const r = this.resources.get(id);
    if (!r) this.fail(el, `<${el.name}${el.attrs.name ? ` name="${el.attrs.name}"` : ''}> refers to "${id}", which <resources> does not define`);
    return r;
  }

  formatRate(id: string | undefined): Rate | undefined {
    const f = id ? this.resources.get(id) : undefined;
    if (!f || f.kind !== 'format') return undefined;
    const fd = this.time(f.el, 'frameDuration');
    if (fd && fd.n !== 0n) {
      let rate: Rate | undefined;
      try {
        rate = makeRate(Number(fd.d), Number(fd.n));
      } catch {
        rate = undefined;
      }
      if (!rate || rate.num > 1_000_000 || rate.den > 1_000_000 || rate.num > 1000 * rate.den) this.fail(f.el, `frameDuration="${f.el.attrs.frameDuration}" is not a usable frame rate`);
      return rate;
    }
    return rateFromFormatName(f.el.attrs.name);
  }

  asset(el: XmlElement): Asset {
    const id = el.attrs.id!;
    let a = this.assets.get(id);
    if (a) return a;
    const reps = childElements(el, 'media-rep');
    const rep = reps.find((r) => (r.attrs.kind ?? 'original-media') === 'original-media') ?? reps[0];
    const at = el.attrs;
    const audioAttrs = at.audioSources !== undefined || at.audioChannels !== undefined || at.audioRate !== undefined;
    const hasVideo = at.hasVideo !== undefined ? at.hasVideo === '1' : at.format !== undefined || !audioAttrs;
    const hasAudio = at.hasAudio !== undefined ? at.hasAudio === '1' : audioAttrs;
    const duration = this.time(el, 'duration');
    const src = rep?.attrs.src ?? at.src;
    a = {
      id,
      el,
      name: at.name || baseName(src) || id,
      ...(src ? { src } : {}),
      start: this.time(el, 'start') ?? ZERO,
      ...(duration ? { duration } : {}),
      hasVideo,
      hasAudio,
      rate: this.formatRate(at.format) ?? this.rate,
    };
    const md = childElements(child(el, 'metadata') ?? el, 'md').find((m) => m.attrs.key === PROVENANCE_KEY);
    if (md) this.provenance(a, md.attrs.value ?? textOf(md), md);
    this.assets.set(id, a);
    return a;
  }

  provenance(a: Asset, json: string, where: XmlElement): void {
    try {
      const p = ProvenanceSchema.safeParse(JSON.parse(json));
      if (p.success) {
        a.generated = p.data;
        if (a.ref) a.ref.generated = p.data;
        return;
      }
    } catch {
      // reported below
    }
    this.warn(`line ${where.line}: unreadable Segue provenance for "${a.name}"`);
  }

  /** The reference for an asset, made when a clip first uses it. */
  refOf(a: Asset): FcpxmlMediaRef {
    if (a.ref) return a.ref;
    const tc = this.framesAt(this.originOf(a), a.rate);
    const duration = a.duration ? this.framesAt(a.duration, a.rate) : undefined;
    a.ref = {
      mediaId: newId('m'),
      name: a.name,
      ...(a.src ? { pathurl: a.src } : {}),
      ...(duration !== undefined ? { durationFrames: duration } : {}),
      rate: a.rate,
      ...(tc ? { timecodeFrame: tc } : {}),
      ...(a.generated ? { generated: a.generated } : {}),
      hasVideo: a.hasVideo,
      hasAudio: a.hasAudio,
    };
    return a.ref;
  }

  /**
   * Where the asset's file starts. FCP writes one asset per file, its start the file's
   * timecode; Resolve may write one per clip, each starting where the clip's range does.
   * The file starts no later than any of them.
   */
  originOf(a: Asset): Q {
    if (!a.src) return a.start;
    if (!this.origins) {
      this.origins = new Map();
      for (const r of this.resources.values()) {
        if (r.kind !== 'asset') continue;
        const rep = childElements(r.el, 'media-rep');
        const src = (rep.find((x) => (x.attrs.kind ?? 'original-media') === 'original-media') ?? rep[0])?.attrs.src ?? r.el.attrs.src;
        const start = r.el.attrs.start !== undefined ? parseTimeOrNull(r.el.attrs.start) : ZERO;
        if (!src || !start) continue;
        const prev = this.origins.get(src);
        this.origins.set(src, prev ? qmin(prev, start) : start);
      }
    }
    const min = this.origins.get(a.src);
    if (min && cmp(min, a.start) < 0) {
      this.warn(`"${a.name}": the file is described by several assets that start at different times; its source times are counted from the earliest`);
      return min;
    }
    return a.start;
  }

  framesAt(x: Q, rate: Rate): number {
    return toFrames(x, rate).frames;
  }

  volume(el: XmlElement): number {
    const v = child(el, 'adjust-volume')?.attrs.amount;
    const m = v ? /^\s*([+-]?\d+(?:\.\d+)?)\s*dB\s*$/i.exec(v) : null;
    return m ? Number(m[1]) : 0;
  }

  /** A clip of `kind` over `span` (timeline seconds); `source` gives the source time at a timeline time. */
  piece(kind: Kind, el: XmlElement, ctx: Ctx, span: Span, source: (tl: Q) => Q, asset: Asset | null, name: string, metadata?: Record<string, unknown>): void {
    if (span.end === null || isEmpty(span)) return;
    if (++this.count > MAX_ITEMS) throw new Error(`FCPXML: more than ${MAX_ITEMS} clips; refusing a runaway file`);
    if (asset) this.refOf(asset);
    const meta = { ...(ctx.compound ? { compound: ctx.compound } : {}), ...metadata };
    this.pieces.push({
      kind,
      block: ctx.block,
      group: ctx.group,
      start: span.start,
      end: span.end,
      source: source(span.start),
      asset,
      name,
      enabled: ctx.enabled,
      gainDb: ctx.gainDb,
      line: el.line,
      ...(Object.keys(meta).length ? { metadata: { fcpxml: meta } } : {}),
    });
  }

  /** Picture and/or sound of an asset used by `el`, whose local time is asset time (through `retime`, if any). */
  assetPieces(el: XmlElement, ctx: Ctx, a: Asset, only: Kind | null, name: string, retime?: readonly TimePoint[]): void {
    const source = (tl: Q) => (retime ? mapTime(retime, toLocal(ctx, tl)) : toLocal(ctx, tl));
    if (a.hasVideo && only !== 'audio' && allows(ctx, 'video')) this.piece('video', el, ctx, ctx.win, source, a, name);
    if (a.hasAudio && only !== 'video' && allows(ctx, 'audio')) this.piece('audio', el, this.soundOff(el, ctx) ? { ...ctx, enabled: false } : ctx, ctx.awin, source, a, name);
  }

  /**
   * Whether the sound of `el` is turned off in FCP: every channel source of an
   * asset-clip inactive, or its role one a sync-clip or compound clip turned off. It is
   * imported disabled.
   */
  soundOff(el: XmlElement, ctx: Ctx): boolean {
    const roleOff = (role: string | undefined) => (ctx.off ?? []).some((r) => (role ?? 'dialogue') === r || (role ?? 'dialogue').startsWith(`${r}.`));
    const channels = childElements(el, 'audio-channel-source');
    if (channels.length) return channels.every((c) => c.attrs.active === '0' || c.attrs.enabled === '0' || roleOff(c.attrs.role ?? el.attrs.audioRole));
    return roleOff(el.attrs.role ?? el.attrs.audioRole);
  }

  /** Roles that audio-role-source children of `el` turn off. */
  rolesOff(el: XmlElement | undefined): string[] {
    return el ? childElements(el, 'audio-role-source').filter((x) => x.attrs.active === '0' || x.attrs.enabled === '0').map((x) => x.attrs.role ?? '') : [];
  }

  /** The timeMap of a retimed clip, or undefined when it has none or it cannot be read. */
  timeMap(el: XmlElement): TimePoint[] | undefined {
    const tm = child(el, 'timeMap');
    if (!tm) return undefined;
    const points: TimePoint[] = [];
    for (const p of childElements(tm, 'timept')) {
      const time = this.time(p, 'time');
      const value = p.attrs.value !== undefined ? parseTimeOrNull(p.attrs.value) : null;
      if (time && value) points.push({ time, value });
    }
    points.sort((x, y) => cmp(x.time, y.time));
    return points.length ? points : undefined;
  }

  /** Timeline seconds per local second of `el`: its conform-rate against the sequence's rate. */
  conform(el: XmlElement, parent: Ctx): Q | undefined {
    const c = child(el, 'conform-rate');
    if (!c || c.attrs.scaleEnabled === '0') return undefined;
    const src = rateFromText(c.attrs.srcFrameRate);
    if (!src) return undefined;
    const k = q(BigInt(src.num) * BigInt(parent.rate.den), BigInt(src.den) * BigInt(parent.rate.num));
    if (cmp(k, ONE) === 0) return undefined;
    this.warn(`clips of ${fpsText(src)} fps media are conformed to ${fpsText(parent.rate)} fps in Final Cut Pro; they are imported at normal speed`);
    return k;
  }

  /**
   * One story element placed at `offset` in its parent's time. Returns its duration,
   * so a storyline can place the next element when offsets are left out.
   */
  story(el: XmlElement, parent: Ctx, offset: Q): Q {
    if (++this.count > MAX_ITEMS) throw new Error(`FCPXML: more than ${MAX_ITEMS} items; refusing a runaway file`);
    if (el.name === 'audition') {
      const pick = childElements(el).find((c) => STORY.has(c.name));
      if (!pick) return ZERO;
      this.warn(`audition "${el.attrs.name ?? pick.attrs.name ?? ''}": only its active pick is imported`);
      return this.story(pick, parent, offset);
    }
    if (el.name === 'spine') {
      this.storyline(el, parent);
      return ZERO;
    }
    const res = el.attrs.ref !== undefined ? this.resource(el) : undefined;
    const start = this.time(el, 'start') ?? ZERO;
    // A clip that conforms its media's rate (25 fps media in a 24 fps sequence) runs its
    // own time (start, markers, what hangs from it) at that rate; its offset and duration
    // are in its parent's time.
    const k = this.conform(el, parent) ?? ONE;
    let duration = this.time(el, 'duration');
    if (duration === undefined) {
      const a = res?.kind === 'asset' ? this.asset(res.el) : undefined;
      if (a?.duration) duration = mul(qmax(ZERO, sub(add(a.start, a.duration), start)), k);
      else {
        this.warn(`line ${el.line}: <${el.name}> has no duration; it is left out`);
        duration = ZERO;
      }
    }
    const tlStart = toTl(parent, offset);
    const tlEnd = add(tlStart, mul(duration, parent.scale));
    const scale = mul(parent.scale, k);
    const shift = sub(tlStart, mul(start, scale));
    // Split edits (J/L cuts): the sound has its own range in the clip's time.
    const aStart = this.time(el, 'audioStart');
    const aDur = this.time(el, 'audioDuration');
    const split = aStart && aDur ? ([add(mul(aStart, scale), shift), add(mul(add(aStart, aDur), scale), shift)] as const) : null;
    const own: Ctx = {
      ...parent,
      shift,
      scale,
      win: clipSpan(parent.win, tlStart, tlEnd),
      awin: split ? clipSpan(parent.awin, split[0], split[1]) : clipSpan(parent.awin, tlStart, tlEnd),
      enabled: parent.enabled && el.attrs.enabled !== '0',
      src: narrow(parent.src, el.attrs.srcEnable),
      gainDb: parent.gainDb + this.volume(el),
    };
    const retime = el.name === 'asset-clip' || el.name === 'video' || el.name === 'audio' ? this.timeMap(el) : undefined;
    const label = el.attrs.name ?? (res ? res.el.attrs.name : undefined);
    if (child(el, 'timeMap')) this.warn(`"${label ?? el.name}" is retimed; it is imported at normal speed from its first retimed frame`);
    const local = (tl: Q) => toLocal(own, tl);
    let connectedOff: string[] = [];

    switch (el.name) {
      case 'asset-clip':
      case 'video':
      case 'audio': {
        const only: Kind | null = el.name === 'video' ? 'video' : el.name === 'audio' ? 'audio' : null;
        const a = res?.kind === 'asset' ? this.asset(res.el) : undefined;
        const fallback = a?.name ?? res?.el.attrs.name ?? '';
        const name = el.name === 'asset-clip' ? el.attrs.name || fallback : (parent.name ?? (el.attrs.name || fallback));
        if (a) {
          this.assetPieces(el, own, a, only, name, retime);
          this.clipProvenance(el, [a]);
        } else if (res?.kind === 'media') this.media(el, own, res.el);
        else if (only !== 'audio' && allows(own, 'video')) {
          // an effect (a generator) in place of media
          this.warn(`"${name || 'generator'}" is a generator; imported as an offline clip`);
          this.piece('video', el, own, own.win, local, null, name, { generator: res?.el.attrs.name ?? true });
        }
        break;
      }
      case 'title':
      case 'generator': {
        const name = el.attrs.name ?? res?.el.attrs.name ?? (el.name === 'title' ? 'Title' : 'Generator');
        this.warn(`"${name}" is a ${el.name}; imported as an offline clip`);
        const words = textOf(child(el, 'text')).trim();
        if (allows(own, 'video')) this.piece('video', el, own, own.win, local, null, name, { [el.name]: res?.el.attrs.name ?? true, ...(words ? { text: words } : {}) });
        break;
      }
      case 'clip':
      case 'sync-clip': {
        const sources = childElements(el, 'sync-source');
        const storylineOff = this.rolesOff(sources.find((x) => x.attrs.sourceID === 'storyline'));
        connectedOff = this.rolesOff(sources.find((x) => x.attrs.sourceID === 'connected'));
        const inner: Ctx = { ...own, name: el.attrs.name ?? parent.name, off: [...(own.off ?? []), ...storylineOff] };
        this.contents(el, inner);
        this.clipProvenance(el, this.assetsUnder(el));
        break;
      }
      case 'ref-clip':
      case 'mc-clip':
        if (res?.kind !== 'media') this.fail(el, `<${el.name}> refers to "${el.attrs.ref}", which is not a <media> resource`);
        this.media(el, el.name === 'ref-clip' ? { ...own, off: [...(own.off ?? []), ...this.rolesOff(el)] } : own, res.el);
        break;
      case 'gap': {
        // Segue's export writes an offline clip (no media) as a named gap.
        const md = childElements(child(el, 'metadata') ?? el, 'md').find((m) => m.attrs.key === OFFLINE_CLIP_KEY);
        if (md) {
          const kind = md.attrs.value === 'audio' ? 'audio' : 'video';
          this.piece(kind, el, own, kind === 'audio' ? own.awin : own.win, local, null, el.attrs.name ?? '');
        }
        break;
      }
      default:
        break;
    }

    this.anchored(el, own, connectedOff.length ? { ...parent, off: [...(parent.off ?? []), ...connectedOff] } : parent);
    this.markers(el, own, { start: tlStart, end: tlEnd });
    return duration;
  }

  /** The primary content of a clip / sync-clip: its unlaned children in its own time. */
  contents(el: XmlElement, ctx: Ctx): void {
    let cursor: Q = ZERO;
    for (const c of childElements(el)) {
      this.unsupported(c);
      if (!STORY.has(c.name) || laneOf(c) !== undefined) continue;
      if (c.name === 'spine') {
        this.storyline(c, ctx);
        continue;
      }
      const off = this.time(c, 'offset') ?? cursor;
      cursor = add(off, this.story(c, ctx, off));
    }
  }

  /**
   * Connected items: children with a lane, placed in `own`'s time but neither cut by
   * its window nor bound by its srcEnable, enabled or volume (those are the parent's).
   */
  anchored(el: XmlElement, own: Ctx, parent: Ctx): void {
    for (const c of childElements(el)) {
      const l = laneOf(c);
      if (l !== undefined) this.unsupported(c);
      if (l === undefined || !STORY.has(c.name)) continue;
      const lane = own.lane + l;
      const audioPref = own.audioPref ?? (l < 0 ? -l - 1 : null);
      const ctx: Ctx = { ...parent, shift: own.shift, scale: own.scale, lane, audioPref, block: this.block(lane, audioPref) };
      if (c.name === 'spine') {
        // A connected storyline's own time starts at its first item's offset, placed at
        // the storyline's offset in the parent's time.
        const first = childElements(c).find((k) => STORY.has(k.name) || k.name === 'transition');
        const origin = (first && this.time(first, 'offset')) ?? ZERO;
        this.storyline(c, { ...ctx, shift: add(own.shift, mul(sub(this.time(c, 'offset') ?? ZERO, origin), own.scale)) });
      } else this.story(c, ctx, this.time(c, 'offset') ?? ZERO);
    }
  }

  /** Elements Segue has no use for, said once. */
  unsupported(el: XmlElement): void {
    if (el.name === 'caption') this.warn('captions are not imported');
    else if (el.name === 'live-drawing') this.warn('live drawings are not imported');
  }

  /** A storyline: story elements one after another, transitions across their cuts. */
  storyline(spine: XmlElement, ctx: Ctx): void {
    let cursor: Q | null = null;
    const placed: { off: Q; end: Q }[] = [];
    const transitions: { el: XmlElement; index: number }[] = [];
    for (const c of childElements(spine)) {
      this.unsupported(c);
      if (c.name === 'transition') {
        transitions.push({ el: c, index: placed.length });
        continue;
      }
      if (!STORY.has(c.name)) continue;
      const off = this.time(c, 'offset') ?? cursor ?? ZERO;
      const dur = this.story(c, { ...ctx, group: this.groups++ }, off);
      placed.push({ off, end: add(off, dur) });
      cursor = add(off, dur);
    }
    for (const { el, index } of transitions) {
      const dur = this.time(el, 'duration') ?? ZERO;
      const next = placed[index];
      const prev = placed[index - 1];
      const off = this.time(el, 'offset') ?? (next ? next.off : (prev?.end ?? ZERO));
      const cutLocal = next ? next.off : (prev?.end ?? add(off, dur));
      const cut = toTl(ctx, cutLocal);
      if (cmp(cut, ctx.win.start) < 0 || (ctx.win.end !== null && cmp(cut, ctx.win.end) > 0)) continue;
      const span = clipSpan(ctx.win, toTl(ctx, off), toTl(ctx, add(off, dur)));
      // Markers on a transition count from its own start, which FCP puts at one hour, as
      // for generators; a marker before that is read as counted from the transition.
      const tl0 = toTl(ctx, off);
      const tStart = this.time(el, 'start');
      this.markers(el, { ...ctx, shift: sub(tl0, mul(tStart ?? HOUR, ctx.scale)) }, { start: tl0, end: toTl(ctx, add(off, dur)) }, tStart ? undefined : tl0);
      this.cuts.push({
        block: ctx.block,
        cut,
        from: qmin(span.start, cut),
        to: span.end === null ? cut : qmax(span.end, cut),
        name: el.attrs.name ?? 'Cross Dissolve',
        video: child(el, 'filter-video') !== undefined,
        audio: child(el, 'filter-audio') !== undefined,
        line: el.line,
      });
    }
  }

  /** A compound clip's sequence or a multicam clip's active angle, through `el`'s window. */
  media(el: XmlElement, own: Ctx, media: XmlElement): void {
    const id = media.attrs.id ?? '';
    const name = el.attrs.name ?? media.attrs.name ?? '';
    if (own.media.includes(id)) this.fail(el, `compound clip "${name}" contains itself`);
    if (own.media.length >= MAX_NESTING) this.fail(el, `compound clips nested more than ${MAX_NESTING} deep`);
    const inner: Ctx = { ...own, media: [...own.media, id], compound: own.compound ?? name, name: undefined };
    const seq = child(media, 'sequence');
    if (seq) {
      const sp = child(seq, 'spine');
      if (sp) this.storyline(sp, { ...inner, rate: this.formatRate(seq.attrs.format) ?? own.rate });
      return;
    }
    const mc = child(media, 'multicam');
    if (!mc) return this.warn(`line ${el.line}: "${name}" refers to media with neither a sequence nor a multicam; left out`);
    inner.rate = this.formatRate(mc.attrs.format) ?? own.rate;
    // The angles count from zero, the mc-clip's start from the multicam's timecode.
    const tc = this.time(mc, 'tcStart');
    if (tc) inner.shift = add(inner.shift, mul(tc, own.scale));
    const angles = childElements(mc, 'mc-angle');
    if (angles.length === 0) return;
    const sources = childElements(el, 'mc-source');
    const active = (kind: Kind) => {
      const s = sources.find((x) => (x.attrs.srcEnable ?? 'all') === 'all' || x.attrs.srcEnable === kind);
      return angles.find((a) => s && a.attrs.angleID === s.attrs.angleID) ?? angles[0]!;
    };
    const video = active('video');
    const audio = active('audio');
    const audioSource = sources.find((x) => x.attrs.angleID === audio.attrs.angleID && (x.attrs.srcEnable ?? 'all') !== 'video');
    const heard: Ctx = { ...inner, off: [...(inner.off ?? []), ...this.rolesOff(audioSource)] };
    this.warn(`multicam clip "${name}": only the active angle of each cut is imported`);
    if (video === audio) this.storyline(video, heard);
    else {
      if (allows(inner, 'video')) this.storyline(video, { ...inner, src: 'video' });
      if (allows(inner, 'audio')) this.storyline(audio, { ...heard, src: 'audio' });
    }
  }

  /** Markers of `el`, in its local time; `early`: where a marker before one hour counts from (a transition's). */
  markers(el: XmlElement, own: Ctx, ext: Span, early?: Q): void {
    for (const m of childElements(el)) {
      if (m.name !== 'marker' && m.name !== 'chapter-marker') continue;
      const start = this.time(m, 'start') ?? ZERO;
      const completed = m.attrs.completed === '1' ? true : m.attrs.completed === '0' ? false : undefined;
      this.marks.push({
        at: early !== undefined && cmp(start, HOUR) < 0 ? add(early, mul(start, own.scale)) : toTl(own, start),
        duration: mul(this.time(m, 'duration') ?? ZERO, own.scale),
        name: m.attrs.value ?? '',
        note: m.attrs.note ?? '',
        ...(completed !== undefined ? { completed } : {}),
        chapter: m.name === 'chapter-marker',
        ext,
        win: own.win,
        line: m.line,
      });
    }
  }

  assetsUnder(el: XmlElement): Asset[] {
    const out: Asset[] = [];
    for (const c of childElements(el)) {
      if (laneOf(c) !== undefined) continue;
      const r = c.attrs.ref !== undefined ? this.resources.get(c.attrs.ref) : undefined;
      if (r?.kind === 'asset') out.push(this.asset(r.el));
    }
    return out;
  }

  /** An AI-generated keyword with the provenance JSON in the clip's <note>. */
  clipProvenance(el: XmlElement, assets: Asset[]): void {
    const tagged = childElements(el, 'keyword').some((k) => (k.attrs.value ?? '').split(',').some((v) => v.trim() === AI_KEYWORD));
    const note = child(el, 'note');
    if (!tagged || !note) return;
    const json = textOf(note).trim();
    if (!json.startsWith('{')) return;
    for (const a of assets) if (!a.generated) this.provenance(a, json, note);
  }
}

// ---- tracks ------------------------------------------------------------------------

interface Framed {
  p: Piece;
  f0: number;
  f1: number;
  src: number;
}

interface Group {
  block: Block;
  kind: Kind;
  items: Framed[];
}

/** Tracks of one kind, each a sorted list of occupied [start, end) frames. */
class Lanes {
  readonly tracks: [number, number][][] = [];

  /** Index of the first span in `t` that ends after `frame`. */
  private static after(t: [number, number][], frame: number): number {
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid]![1] <= frame) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first track from `pref` up where none of `spans` overlaps what is there. */
  place(pref: number, spans: [number, number][]): number {
    for (let i = Math.max(0, pref); ; i++) {
      const t = (this.tracks[i] ??= []);
      const free = spans.every(([a, b]) => {
        const k = Lanes.after(t, a);
        return k >= t.length || t[k]![0] >= b;
      });
      if (!free) continue;
      for (const sp of spans) t.splice(Lanes.after(t, sp[0]), 0, sp);
      return i;
    }
  }
}

function buildTracks(r: Reader): { tracks: Track[]; clipOf: Map<Piece, Clip> } {
  const rate = r.rate;
  // Pieces in frames, grouped by storyline block and kind.
  const groups = new Map<string, Group>();
  for (const p of r.pieces) {
    const f0 = r.frames(p.start);
    const f1 = r.frames(p.end);
    if (f1 <= f0) continue;
    const key = `${p.block}:${p.kind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { block: r.blocks[p.block]!, kind: p.kind, items: [] }));
    g.items.push({ p, f0, f1, src: r.frames(p.source) });
  }
  // Within a storyline items follow one another; one that overlaps (an odd file) gets
  // its own group so it can go to another track.
  for (const g of [...groups.values()]) {
    g.items.sort((a, b) => a.f0 - b.f0);
    const keep: Framed[] = [];
    for (const it of g.items) {
      const last = keep[keep.length - 1];
      if (last && it.f0 < last.f1) {
        r.warn(`line ${it.p.line}: "${it.p.name}" overlaps "${last.p.name}" in its storyline; it goes on another track`);
        const b = r.blocks[r.block(g.block.lane, g.block.audioPref)]!;
        groups.set(`${b.id}:${g.kind}`, { block: b, kind: g.kind, items: [it] });
      } else keep.push(it);
    }
    g.items = keep;
  }

  const all = [...groups.values()];
  const order = (g: Group, rank: number) => [g.block.id === 0 ? -1 : rank, g.items[0]!.f0] as const;
  const sortBy = (list: Group[], rank: (g: Group) => number) =>
    list.sort((a, b) => {
      const [x1, y1] = order(a, rank(a));
      const [x2, y2] = order(b, rank(b));
      return x1 - x2 || y1 - y2;
    });
  const spans = (g: Group) => g.items.map((i) => [i.f0, i.f1] as [number, number]);

  const above = new Lanes();
  const below = new Lanes();
  const sound = new Lanes();
  const where = new Map<Group, { lanes: Lanes; index: number }>();
  for (const g of sortBy(
    all.filter((g) => g.kind === 'video'),
    (g) => Math.abs(g.block.lane),
  )) {
    const lanes = g.block.lane >= 0 ? above : below;
    where.set(g, { lanes, index: lanes.place(g.block.lane >= 0 ? g.block.lane : -g.block.lane - 1, spans(g)) });
  }
  for (const g of sortBy(
    all.filter((g) => g.kind === 'audio'),
    (g) => g.block.audioPref ?? 0,
  )) {
    where.set(g, { lanes: sound, index: sound.place(g.block.audioPref ?? 0, spans(g)) });
  }

  const clipOf = new Map<Piece, Clip>();
  const makeTrack = (kind: TrackKind, members: Group[]): Track | null => {
    const items = members.flatMap((g) => g.items).sort((a, b) => a.f0 - b.f0);
    if (items.length === 0) return null;
    const out: Item[] = [];
    const starts: number[] = [];
    let at = 0;
    for (const it of items) {
      if (it.f0 > at) {
        starts.push(at);
        out.push({ kind: 'gap', id: newId('g'), duration: rt(it.f0 - at, rate) });
      }
      const p = it.p;
      const clip: Clip = {
        kind: 'clip',
        id: newId('c'),
        name: p.name,
        mediaId: p.asset?.ref?.mediaId ?? null,
        sourceRange: { start: rt(it.src, rate), duration: rt(it.f1 - it.f0, rate) },
        enabled: p.enabled,
        ...(kind === 'audio' && p.gainDb ? { gainDb: Math.max(-96, Math.min(24, p.gainDb)) } : {}),
        ...(p.metadata ? { metadata: p.metadata } : {}),
      };
      clipOf.set(p, clip);
      starts.push(it.f0);
      out.push(clip);
      at = it.f1;
    }
    // Transitions of these storylines, at the cut between two items of this kind.
    const blocks = new Set(members.map((g) => g.block.id));
    const edges = new Set(items.flatMap((i) => [i.f0, i.f1]));
    const videoEdges = new Map<number, Set<number>>();
    for (const g of all) {
      if (g.kind !== 'video' || !blocks.has(g.block.id)) continue;
      videoEdges.set(g.block.id, new Set(g.items.flatMap((i) => [i.f0, i.f1])));
    }
    const cuts = r.cuts
      .filter((c) => blocks.has(c.block))
      .map((c) => ({ c, cut: r.frames(c.cut), from: r.frames(c.from), to: r.frames(c.to) }))
      .filter(({ c, cut }) => {
        if (!edges.has(cut)) return false;
        if (kind === 'video') return c.video || !c.audio;
        return c.audio || !videoEdges.get(c.block)?.has(cut);
      })
      .sort((a, b) => a.cut - b.cut);
    const done = new Set<number>();
    for (const { c, cut, from, to } of cuts.reverse()) {
      if (done.has(cut)) continue;
      done.add(cut);
      let index = starts.indexOf(cut);
      if (index < 0) {
        if (cut !== at) continue;
        index = out.length;
        // a fade to nothing at the end of the track: give it room to fade into
        if (to > cut) {
          starts.push(at);
          out.push({ kind: 'gap', id: newId('g'), duration: rt(to - cut, rate) });
          at = to;
        }
      }
      out.splice(index, 0, { kind: 'transition', id: newId('x'), name: c.name, transitionType: 'SMPTE_Dissolve', inOffset: rt(Math.max(0, cut - from), rate), outOffset: rt(Math.max(0, to - cut), rate) });
      starts.splice(index, 0, cut);
    }
    return { ...createTrack(kind, 1), items: out };
  };

  const collect = (lanes: Lanes, kind: TrackKind): Track[] =>
    lanes.tracks
      .map((_, i) =>
        makeTrack(
          kind,
          [...where.entries()].filter(([, w]) => w.lanes === lanes && w.index === i).map(([g]) => g),
        ),
      )
      .filter((t): t is Track => t !== null);
  const video = [...collect(below, 'video').reverse(), ...collect(above, 'video')];
  const audio = collect(sound, 'audio');
  const tracks = [...video.map((t, i) => ({ ...t, name: `V${i + 1}` })), ...audio.map((t, i) => ({ ...t, name: `A${i + 1}` }))];
  return { tracks, clipOf };
}

/** Picture and sound of one clip (same asset, same frames, same group) share a linkId. */
function link(r: Reader, tracks: Track[], clipOf: Map<Piece, Clip>): Track[] {
  const key = (p: Piece, c: Clip) => `${p.group}|${p.asset?.id ?? ''}|${r.frames(p.start)}|${c.sourceRange.duration.value}|${c.sourceRange.start.value}`;
  const pictures = new Map<string, Clip>();
  for (const p of r.pieces) {
    const c = clipOf.get(p);
    if (c && p.kind === 'video' && p.asset) pictures.set(key(p, c), c);
  }
  const linkOf = new Map<Clip, string>();
  for (const p of r.pieces) {
    const c = clipOf.get(p);
    if (!c || p.kind !== 'audio' || !p.asset) continue;
    const pic = pictures.get(key(p, c));
    if (!pic) continue;
    const id = linkOf.get(pic) ?? newId('l');
    linkOf.set(pic, id);
    linkOf.set(c, id);
  }
  return tracks.map((t) => ({ ...t, items: t.items.map((i) => (i.kind === 'clip' && linkOf.has(i) ? { ...i, linkId: linkOf.get(i)! } : i)) }));
}

function markers(r: Reader): Marker[] {
  const out: Marker[] = [];
  const range = (s: Span) => [r.frames(s.start), s.end === null ? Number.MAX_SAFE_INTEGER : r.frames(s.end) - 1] as const;
  for (const m of r.marks) {
    if (isEmpty(m.win)) continue;
    const [lo, hi] = range(m.win);
    const [first, last] = range(m.ext);
    let frame = r.frames(m.at);
    if (frame >= first && frame <= last && (frame < lo || frame > hi)) continue; // cut off by a compound clip's trim, as in FCP
    if (frame < first || frame > last) {
      // A marker in the clip's unused media: FCP hides it; it stays with its clip here.
      const to = Math.min(last, Math.max(first, frame));
      if (to < lo || to > hi) continue;
      r.warn(`line ${m.line}: marker "${m.name}" lies outside the used part of its clip; placed at the clip's ${frame < first ? 'first' : 'last'} frame`);
      frame = to;
    }
    const d = r.frames(m.duration);
    const color: MarkerColor = m.chapter ? 'orange' : m.completed === true ? 'green' : m.completed === false ? 'red' : 'blue';
    const fcpxml = { ...(m.completed !== undefined ? { completed: m.completed } : {}), ...(m.chapter ? { chapter: true } : {}) };
    out.push({
      id: newId('k'),
      name: m.name,
      frame,
      // FCP gives a point marker one frame
      duration: d > 1 ? d : 0,
      color,
      note: m.note,
      ...(m.completed === true ? { status: 'resolved' as const } : {}),
      ...(Object.keys(fcpxml).length ? { metadata: { fcpxml } } : {}),
    });
  }
  return out.sort((a, b) => a.frame - b.frame);
}

interface Found {
  project: XmlElement;
  event?: string;
}

function projectsOf(root: XmlElement): Found[] {
  const found: Found[] = childElements(root, 'project').map((project) => ({ project }));
  for (const event of descendants(root, 'event')) {
    for (const project of childElements(event, 'project')) found.push({ project, ...(event.attrs.name !== undefined ? { event: event.attrs.name } : {}) });
  }
  return found.sort((a, b) => a.project.line - b.project.line);
}

function topCtx(r: Reader, rate: Rate, shift: Q): Ctx {
  const all: Span = { start: ZERO, end: null };
  return { shift, scale: ONE, rate, win: all, awin: all, lane: 0, audioPref: null, enabled: true, src: 'all', group: 0, block: r.block(0, null), gainDb: 0, media: [] };
}

/** Clips that can stand in an event or at the top of the file (a browser export). */
const EVENT_CLIPS = new Set(['asset-clip', 'clip', 'sync-clip', 'mc-clip', 'ref-clip', 'audition']);

/** The frame rate of a browser clip: its format, its asset's, or its media's sequence / multicam. */
function clipRate(r: Reader, el: XmlElement): Rate | undefined {
  const own = r.formatRate(el.attrs.format);
  if (own) return own;
  const pick = el.name === 'audition' ? childElements(el).find((c) => EVENT_CLIPS.has(c.name)) : undefined;
  if (pick) return clipRate(r, pick);
  const res = el.attrs.ref !== undefined ? r.resources.get(el.attrs.ref) : undefined;
  if (res?.kind === 'asset') return r.formatRate(res.el.attrs.format);
  if (res?.kind === 'media') {
    const inner = child(res.el, 'sequence') ?? child(res.el, 'multicam');
    return r.formatRate(inner?.attrs.format);
  }
  for (const c of childElements(el)) {
    if (c.name === 'video' || c.name === 'asset-clip' || c.name === 'spine') {
      const x = c.name === 'spine' ? childElements(c).find((k) => EVENT_CLIPS.has(k.name)) : c;
      const found = x ? clipRate(r, x) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * A file with no project but clips (an event or the browser selection exported): the
 * clips are placed one after another on a timeline at the first clip's frame rate.
 */
function importClips(r: Reader, root: XmlElement): FcpxmlImport {
  const events = [...descendants(root, 'event')];
  const clips = [...childElements(root), ...events.flatMap((e) => childElements(e))].filter((c) => EVENT_CLIPS.has(c.name));
  if (clips.length === 0) throw new Error('FCPXML file has no <project> and no clips to import');
  const rate =
    clips.map((c) => clipRate(r, c)).find((x) => x !== undefined) ??
    [...r.resources.values()].map((x) => (x.kind === 'format' ? r.formatRate(x.el.attrs.id) : undefined)).find((x) => x !== undefined);
  if (!rate) throw new Error('FCPXML file has no <project>, and its clips name no format with a frame rate');
  r.rate = rate;
  r.warn(clips.length === 1 ? 'the file holds no project; its clip was placed on a new timeline' : `the file holds no project; its ${clips.length} clips were placed one after another on a new timeline`);
  const top = topCtx(r, rate, ZERO);
  let cursor: Q = ZERO;
  for (const c of clips) {
    // A browser clip's own start is where its used range begins; it sits at the cursor.
    cursor = add(cursor, r.story(c, { ...top, group: r.groups++ }, cursor));
  }
  const built = buildTracks(r);
  const tracks = link(r, built.tracks, built.clipOf);
  const marks = markers(r);
  if (r.offGrid) r.warn(`some times fall between frames at ${+(rate.num / rate.den).toFixed(3)} fps; they were rounded to the nearest frame`);
  const first = clips[0]!;
  const event = events.find((e) => e.children.includes(first));
  const timeline: Timeline = {
    id: newId('tl'),
    name: event?.attrs.name || first.attrs.name || 'Clips',
    rate,
    tracks,
    markers: marks,
    metadata: { fcpxml: { version: root.attrs.version ?? '', clips: clips.length } },
  };
  const references = [...r.assets.values()].map((a) => a.ref).filter((x): x is FcpxmlMediaRef => x !== undefined);
  return { timeline, references, warnings: r.warnings };
}

/**
 * Other writers name Apple's DTD on the web (`<!DOCTYPE fcpxml PUBLIC "-//Apple//DTD
 * FCPXML 1.9//EN" "http://...">`, or a bare FCPXMLv1_9.dtd). Nothing is ever fetched, so
 * such a declaration is read as the plain `<!DOCTYPE fcpxml>` FCP writes; one that names a
 * file on this machine, or has an internal subset, is still refused by the parser.
 */
function plainDoctype(text: string): string {
  const root = text.search(/<fcpxml[\s>/]/);
  if (root < 0) return text;
  return text.slice(0, root).replace(/<!DOCTYPE\s+fcpxml\s+(?:PUBLIC\s+(?:"[^"]*"|'[^']*')\s+|SYSTEM\s+)("[^"]*"|'[^']*')\s*>/, (all: string, system: string) =>
    /^["']\s*(?:https?:\/\/[^"'\s]+|[\w.-]+\.dtd)\s*["']$/i.test(system) ? `<!DOCTYPE fcpxml>${'\n'.repeat(all.split('\n').length - 1)}` : all,
  ) + text.slice(root);
}

export function importFcpxml(text: string, options: FcpxmlImportOptions = {}): FcpxmlImport {
  let root: XmlElement;
  try {
    root = parseXml(plainDoctype(text));
  } catch (e) {
    if (e instanceof XmlError) throw new Error(`Not a readable FCPXML file: ${e.message}`);
    throw e;
  }
  if (root.name !== 'fcpxml') throw new Error(`Not an FCPXML file: the root element is <${root.name}>, not <fcpxml>`);
  const r: Reader = new Reader();
  for (const res of descendants(root, 'resources')) {
    for (const el of childElements(res)) {
      const id = el.attrs.id;
      if (!id) continue;
      if (r.resources.has(id)) {
        r.warn(`line ${el.line}: resource id "${id}" is defined twice; the first is used`);
        continue;
      }
      const kind = el.name === 'asset' || el.name === 'format' || el.name === 'media' || el.name === 'effect' ? el.name : 'other';
      r.resources.set(id, { kind, el } as Resource);
    }
  }

  const found = projectsOf(root);
  if (found.length === 0) return importClips(r, root);
  let pick = found[0]!;
  if (options.project !== undefined) {
    const named = found.find((f) => f.project.attrs.name === options.project);
    if (!named) throw new Error(`FCPXML file has no project named "${options.project}" (it has ${found.map((f) => `"${f.project.attrs.name ?? ''}"`).join(', ')})`);
    pick = named;
  } else if (found.length > 1) {
    r.warn(`the file holds ${found.length} projects (${found.map((f) => `"${f.project.attrs.name ?? ''}"`).join(', ')}); imported the first`);
  }
  const { project } = pick;
  const seq = child(project, 'sequence');
  if (!seq) r.fail(project, `project "${project.attrs.name ?? ''}" has no <sequence>`);
  if (seq.attrs.format === undefined) r.fail(seq, 'the sequence names no format, so its frame rate is unknown');
  if (!r.resources.has(seq.attrs.format)) r.fail(seq, `the sequence's format "${seq.attrs.format}" is not in <resources>`);
  const rate = r.formatRate(seq.attrs.format);
  if (!rate) r.fail(seq, `the sequence's format "${seq.attrs.format}" has no frameDuration, so its frame rate is unknown`);
  r.rate = rate;

  const spine = child(seq, 'spine');
  let tcStart = r.time(seq, 'tcStart');
  if (tcStart === undefined) {
    // No tcStart: FCP always writes one; other writers that leave it out but place the
    // first clip at an hour or more mean the timeline to start on that hour.
    const first = spine ? childElements(spine).find((c) => STORY.has(c.name) || c.name === 'transition') : undefined;
    const off = first ? r.time(first, 'offset') : undefined;
    tcStart = off && cmp(off, HOUR) >= 0 ? q((off.n / off.d / 3600n) * 3600n) : ZERO;
    if (tcStart.n !== 0n) r.warn(`the sequence has no tcStart and its first clip is at ${String(tcStart.n / 3600n).padStart(2, '0')}:00:00:00; the timeline starts there`);
  }
  if (spine) {
    const top = topCtx(r, rate, q(-tcStart.n, tcStart.d));
    r.storyline(spine, top);
    // markers are on clips; a writer that puts them on the sequence or spine is read too
    const all: Span = { start: ZERO, end: null };
    r.markers(seq, top, all);
    r.markers(spine, top, all);
  } else r.warn('the sequence has no spine');

  const built = buildTracks(r);
  const tracks = link(r, built.tracks, built.clipOf);
  const marks = markers(r);
  if (r.offGrid) r.warn(`some times fall between frames at ${+(rate.num / rate.den).toFixed(3)} fps; they were rounded to the nearest frame`);

  const format = r.resources.get(seq.attrs.format)!.el;
  const width = Number(format.attrs.width);
  const height = Number(format.attrs.height);
  const size = Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16 && width <= 16384 && height <= 16384 ? { width, height } : undefined;
  const tcFrame = r.frames(tcStart);
  const timeline: Timeline = {
    id: newId('tl'),
    name: project.attrs.name || 'Project',
    rate,
    tracks,
    markers: marks,
    metadata: { fcpxml: { version: root.attrs.version ?? '', ...(pick.event !== undefined ? { event: pick.event } : {}), ...(tcFrame ? { timecodeFrame: tcFrame } : {}) } },
  };
  const references = [...r.assets.values()].map((a) => a.ref).filter((x): x is FcpxmlMediaRef => x !== undefined);
  return { timeline, references, warnings: r.warnings, ...(size ? { size } : {}) };
}
