// OpenTimelineIO JSON -> Segue timeline. Pure: media references come back as a list the
// main process resolves to files. OTIO stores float times; Segue keeps integers, so
// values are rounded (with a warning when that loses anything) and rates like 23.976 map
// to their exact NTSC fractions.
//
// It reads what OTIO itself reads (typeRegistry.cpp): any schema version, the old names
// Sequence, Filler and SerializeableCollection, Clip.1's `media_reference` (upgraded as
// OTIO's Clip 1 -> 2 upgrade does) and Clip.2's `media_references`, Marker.1's `range`.
// What Segue does not model is kept, under "otio.*" keys in the metadata of the thing it
// belongs to, and written back by exportOtio:
//
//   otio.media_reference   the clip's reference as read (offline clips are written with it)
//   otio.media_references  Clip.2's other references, with otio.active_media_reference_key
//   otio.effects           effects of a clip, gap or track (not applied)
//   otio.parameters        a transition's parameters
//   otio.nested            a nested Stack or Track with no clip in it (premiere_example.otio's
//                          empty nested sequences), shown as one offline clip
//   otio.unknown           an item of a schema Segue does not know, kept as a gap
//   otio.wrapped           a track made for an item that sat directly in the top stack
//   otio.name              a gap's name; an unnamed track's empty name (Segue shows V1)
//   otio.extra             any other field (an item's `color`, a future field), as read
//   otio.source_range      a clip's or gap's source_range as written, when whole frames
//                          cannot say it (23.976, fractions, a gap not from 0) or it was
//                          absent; written back while the item keeps that range. On a
//                          track: its source_range, already applied to its items (a note)
//   otio.in_offset, otio.out_offset   a transition's offsets, likewise
//   otio.stack_*           the top-level stack's name, metadata, effects, source_range, extra
//
// Markers of clips, gaps and tracks become timeline markers where OTIO places them: a
// clip's marker is in its media time, so it lands at the clip's start plus (marker start -
// source start). Each keeps, in its metadata, `otio.marker` (the marker as read, without
// its metadata), `otio.read` (what Segue made of it, to know whether it was edited since)
// and `otio.owner` (the id of the clip or gap, or `track:<id>`, it is written back on).
// A marker outside the media its clip uses is read in record time when the track says
// where record time starts (OTIO's CMX adapter writes LOC markers so), else counted from
// the clip's first frame, else put on the clip's nearest end, with a warning.
//
// Rates: the timeline takes global_start_time's rate, else the rate most video clips are
// timed in (not audio sample rates, seconds or milliseconds), else the default. Track
// kinds are read in any case; none is Video. Files too big for a timeline (tracks, items,
// markers, nesting) are refused in one line; at most 200 warnings are listed.
//
// Nested compositions are placed on the timeline, as FCPXML compound clips are: a nested
// Track's items (through its source_range) go into the track that holds it; a nested
// Stack's first layer of the track's kind does too, and its other layers go to tracks of
// their own right above (a stack's later layers are on top). Effects are not applied:
// a LinearTimeWarp or FreezeFrame plays at normal speed, with a warning.
//
// Numbers that JavaScript cannot carry (NaN, Infinity, integers past 2^53, 1.0 as a
// double) stay tagged as `{"$otio": "number", "text": ...}`: see ./json.ts.
import { newId } from '../../ids';
import { IdSchema, MarkerSchema, TimelineSchema, type Clip, type Gap, type Item, type Marker, type Timeline, type Track, type TrackKind } from '../../timeline/model';
import { itemFrames, trackFrames } from '../../timeline/layout';
import { windowItems } from './window';
import { otioNumberValue, parseOtioJson } from './json';
import { rateFromFps, rt, rescale, sameRate, type Rate, type RationalTime, type TimeRange } from '../../timeline/time';

export { parseOtioJson } from './json';

export interface OtioMediaRef {
  mediaId: string;
  targetUrl: string;
  name: string;
  availableRange?: TimeRange;
  metadata?: Record<string, unknown>;
}

export interface OtioImport {
  timeline: Timeline;
  references: OtioMediaRef[];
  warnings: string[];
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Old names OTIO still reads as today's types (register_type_from_existing_type in
// typeRegistry.cpp).
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['Filler', 'Gap'],
  ['Sequence', 'Track'],
  ['SerializeableCollection', 'SerializableCollection'],
]);
// "Name.version"; a plugin's name may hold dots of its own (Studio.Shot.2).
const schemaName = (o: Json): string => {
  const name = typeof o.OTIO_SCHEMA === 'string' ? o.OTIO_SCHEMA.replace(/\.\d+$/, '') : '';
  return ALIASES.get(name) ?? name;
};
const meta = (o: Json): Record<string, unknown> => (isObj(o.metadata) ? o.metadata : {});

// The fields each schema has (OTIO's write_to); anything else an object carries is kept
// in otio.extra. `enabled` on a gap and an unknown track `kind` go there too.
const ITEM_FIELDS = ['OTIO_SCHEMA', 'name', 'metadata', 'source_range', 'effects', 'markers', 'enabled'];
const FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Timeline: new Set(['OTIO_SCHEMA', 'name', 'metadata', 'global_start_time', 'tracks']),
  Stack: new Set([...ITEM_FIELDS, 'children']),
  Track: new Set([...ITEM_FIELDS, 'children', 'kind']),
  Clip: new Set([...ITEM_FIELDS, 'media_reference', 'media_references', 'active_media_reference_key']),
  Gap: new Set(ITEM_FIELDS),
  Transition: new Set(['OTIO_SCHEMA', 'name', 'metadata', 'transition_type', 'in_offset', 'out_offset', 'parameters']),
};

/** The fields of `o` its schema does not have, or null. */
function extraFields(o: Json, schema: string, also: Json = {}): Json | null {
  const known = FIELDS[schema];
  const out: Json = {};
  if (known) for (const [k, v] of Object.entries(o)) if (!known.has(k)) out[k] = v;
  Object.assign(out, also);
  return Object.keys(out).length ? out : null;
}

const nonEmptyList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;

/** A RationalTime as importOtio reads it (whole frames, NTSC rates exact), or null; no warnings. */
export function readTime(v: unknown): RationalTime | null {
  if (!isObj(v)) return null;
  // OTIO always has RationalTime.1 (whose numbers parseOtioJson gives as plain numbers);
  // a hand-written time without OTIO_SCHEMA may carry a tagged 24.0.
  const value = otioNumberValue(v.value);
  const rate = otioNumberValue(v.rate);
  if (value === null || rate === null || !Number.isFinite(value) || !Number.isFinite(rate) || !(rate > 0) || !Number.isSafeInteger(Math.round(value))) return null;
  return rt(Math.round(value), rateFromFps(rate));
}

/** A TimeRange as importOtio reads it, or null. */
export function readRange(v: unknown): TimeRange | null {
  if (!isObj(v)) return null;
  const start = readTime(v.start_time);
  const duration = readTime(v.duration);
  return start && duration && duration.value >= 0 ? { start, duration } : null;
}

/** Whether exportOtio, writing `t` as `{rate: num / den, value}`, gives back `raw`. */
const writesBack = (raw: unknown, t: RationalTime): boolean => isObj(raw) && raw.value === t.value && raw.rate === t.rate.num / t.rate.den;
const rangeWritesBack = (raw: unknown, r: TimeRange): boolean => isObj(raw) && writesBack(raw.start_time, r.start) && writesBack(raw.duration, r.duration);

/** A MissingReference that says nothing (what OTIO makes of Clip.1's null reference). */
const isBlankMissing = (r: Json): boolean =>
  schemaName(r) === 'MissingReference' &&
  Object.entries(r).every(([k, v]) => k === 'OTIO_SCHEMA' || v === null || v === '' || (k === 'metadata' && isObj(v) && Object.keys(v).length === 0));

/** Clip.1 has `media_reference`; Clip.2 a `media_references` map and the active key. */
function referenceOf(clip: Json): Json | null {
  if (isObj(clip.media_references)) {
    const key = typeof clip.active_media_reference_key === 'string' ? clip.active_media_reference_key : 'DEFAULT_MEDIA';
    const r = clip.media_references[key];
    return isObj(r) ? r : null;
  }
  return isObj(clip.media_reference) ? clip.media_reference : null;
}

const rangeRate = (r: unknown): number | null =>
  isObj(r) && isObj(r.duration) && typeof r.duration.rate === 'number' && r.duration.rate > 0 && Number.isFinite(r.duration.rate) ? r.duration.rate : null;

/** What Segue reads from a track kind: OTIO writes "Video" and "Audio"; other tools vary the case. None is Video, OTIO's default; anything else is null. */
export function trackKindOf(kind: unknown): TrackKind | null {
  if (kind === undefined || kind === null) return 'video';
  if (typeof kind !== 'string') return null;
  const k = kind.trim().toLowerCase();
  return k === 'video' ? 'video' : k === 'audio' ? 'audio' : null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const numberOf = (v: unknown): number | null => {
  const n = otioNumberValue(v);
  return n !== null && Number.isFinite(n) ? n : null;
};

/** The effects of an item, named for a warning; time effects say what playing them at normal speed means. */
function describeEffects(effects: unknown[]): string {
  return effects
    .map((e) => {
      if (!isObj(e)) return '?';
      const schema = schemaName(e) || '?';
      const named = str(e.effect_name) && str(e.effect_name) !== schema ? `${schema} "${str(e.effect_name)}"` : schema;
      if (schema === 'FreezeFrame') return `${named} (plays instead of holding its first frame)`;
      if (schema === 'LinearTimeWarp') {
        const k = numberOf(e.time_scalar);
        return `${named}${k !== null ? ` ×${Math.round(k * 1000) / 1000}` : ''} (plays at normal speed)`;
      }
      return named;
    })
    .join(', ');
}

/** A marker as read, before it has a timeline frame: where it sits on what holds it, in content frames. */
interface Mark {
  raw: Json;
  /** where the item it is on starts */
  at: number;
  /** that item's length; null for a track or a composition (not held inside an item) */
  len: number | null;
  /** marker start - item start */
  offset: number;
  /** the marker's start as written, in frames (a record-time reading) */
  abs: number;
  duration: number;
  /** the part that can be seen, [lo, hi) */
  lo: number;
  hi: number;
  owner?: string;
  where: string;
}

/** Items of a nested composition's other layers, bound for tracks of their own above the host track. */
interface Strip {
  kind: TrackKind;
  start: number;
  items: Item[];
  /** 1: right above the host track; higher: above that */
  layer: number;
  name: string;
}

/** A track's content as read: its items, layers of nested stacks, and markers. */
interface Seq {
  items: Item[];
  strips: Strip[];
  marks: Mark[];
}

const gapOf = (frames: number, rate: Rate): Gap => ({ kind: 'gap', id: newId('g'), duration: rt(frames, rate) });
const framesOf = (items: readonly Item[], rate: Rate): number => items.reduce((sum, i) => sum + itemFrames(i, rate), 0);
const hasClip = (seq: Seq): boolean => seq.items.some((i) => i.kind === 'clip') || seq.strips.some((s) => s.items.some((i) => i.kind === 'clip'));
const shiftMark = (m: Mark, by: number): Mark => ({ ...m, at: m.at + by, lo: m.lo + by, hi: m.hi + by });

/** `seq` through a window of its content, `start` and `duration` in frames: items, layers and markers alike (see ./window). */
function windowSeq(seq: Seq, rate: Rate, start: number, duration: number): Seq {
  const strips: Strip[] = [];
  for (const s of seq.strips) {
    const from = Math.max(s.start, start);
    const to = Math.min(s.start + framesOf(s.items, rate), start + duration);
    if (to <= from) continue;
    strips.push({ ...s, start: from - start, items: windowItems(s.items, rate, from - s.start, to - from) });
  }
  const marks = seq.marks.map((m) => {
    const moved = shiftMark(m, -start);
    return { ...moved, lo: Math.max(moved.lo, 0), hi: Math.min(moved.hi, duration) };
  });
  return { items: windowItems(seq.items, rate, start, duration), strips, marks };
}

/** Layers of nested stacks as tracks: each goes to the lowest free track at or above its layer. */
function lanesOf(strips: readonly Strip[], rate: Rate): { kind: TrackKind; name: string; items: Item[] }[] {
  const lanes: { kind: TrackKind; layer: number; strips: Strip[] }[] = [];
  for (const s of strips) {
    const len = framesOf(s.items, rate);
    if (len === 0 || !s.items.some((i) => i.kind === 'clip')) continue;
    const free = (l: { strips: Strip[] }) => l.strips.every((o) => o.start + framesOf(o.items, rate) <= s.start || s.start + len <= o.start);
    let lane = lanes.filter((l) => l.kind === s.kind && l.layer >= s.layer).find(free);
    if (!lane) {
      const layer = Math.max(s.layer, ...lanes.filter((l) => l.kind === s.kind).map((l) => l.layer + 1));
      lane = { kind: s.kind, layer, strips: [] };
      lanes.push(lane);
    }
    lane.strips.push(s);
  }
  return lanes
    .sort((a, b) => (a.kind === b.kind ? a.layer - b.layer : a.kind === 'video' ? -1 : 1))
    .map((lane) => {
      const items: Item[] = [];
      let at = 0;
      for (const s of [...lane.strips].sort((a, b) => a.start - b.start)) {
        if (s.start > at) items.push(gapOf(s.start - at, rate));
        items.push(...s.items);
        at = s.start + framesOf(s.items, rate);
      }
      while (items.at(-1)?.kind === 'gap') items.pop();
      return { kind: lane.kind, name: lane.strips[0]!.name, items };
    });
}

const MAX_WARNINGS = 200;
const MAX_DEPTH = 64;

class Reader {
  private readonly seen = new Set<string>();
  private readonly list: string[] = [];
  private dropped = 0;
  readonly refs = new Map<string, OtioMediaRef>();

  warn(text: string): void {
    if (this.seen.has(text)) return;
    this.seen.add(text);
    // A huge file can say the same thing of thousands of items: the first ones are enough.
    if (this.list.length < MAX_WARNINGS) this.list.push(text);
    else this.dropped++;
  }

  get warnings(): string[] {
    return this.dropped ? [...this.list, `… and ${this.dropped} more warnings like these`] : [...this.list];
  }

  /** The timeline's rate once known: a time between frames of a coarser rate (seconds, rate 1) is read at it. */
  fine: Rate | null = null;

  time(v: unknown, where: string): RationalTime {
    const time = readTime(v);
    if (!time) throw new Error(`Not an OpenTimelineIO file: bad RationalTime at ${where}`);
    const raw = otioNumberValue((v as Json).value) ?? time.value;
    if (Math.abs(time.value - raw) <= 1e-6) return time;
    const fine = this.fine;
    if (fine && fine.num * time.rate.den > time.rate.num * fine.den) {
      const exact = (raw * fine.num * time.rate.den) / (fine.den * time.rate.num);
      if (Number.isSafeInteger(Math.round(exact))) {
        if (Math.abs(exact - Math.round(exact)) > 1e-6) this.warn(`${where}: time ${raw} rounded to a whole frame`);
        return rt(Math.round(exact), fine);
      }
    }
    this.warn(`${where}: time ${raw} rounded to a whole frame`);
    return time;
  }

  range(v: unknown, where: string): TimeRange | null {
    if (!isObj(v)) return null;
    let start = this.time(v.start_time, `${where}.start_time`);
    let duration = this.time(v.duration, `${where}.duration`);
    // One of them read at the timeline's rate (see time()): the other follows, so a range keeps one rate.
    const fine = this.fine;
    if (fine && !sameRate(start.rate, duration.rate)) {
      const at = (t: RationalTime) => (sameRate(t.rate, fine) ? t : rt(rescale(t, fine), fine));
      start = at(start);
      duration = at(duration);
    }
    if (duration.value < 0) throw new Error(`Not an OpenTimelineIO file: negative duration at ${where}`);
    return { start, duration };
  }

  reference(clip: Json, where = '', name = ''): Json | null {
    const ref = referenceOf(clip);
    // Clip.2 whose active key names no reference: OTIO refuses the file; the one
    // reference it holds (or DEFAULT_MEDIA) is what was meant.
    if (!ref && isObj(clip.media_references) && typeof clip.active_media_reference_key === 'string') {
      const refs = clip.media_references;
      const only = Object.keys(refs).length === 1 ? Object.values(refs)[0] : refs.DEFAULT_MEDIA;
      if (isObj(only)) {
        if (where) this.warn(`${where} (${name}): its active media reference "${clip.active_media_reference_key}" is not in media_references; used ${Object.keys(refs).length === 1 ? `"${Object.keys(refs)[0]}"` : 'DEFAULT_MEDIA'}`);
        return only;
      }
    }
    return ref;
  }

  clip(o: Json, where: string, rate: Rate): Clip {
    const name = str(o.name);
    const ref = this.reference(o, where, name);
    const available = ref ? this.range(ref.available_range, `${where}.available_range`) : null;
    let range = this.range(o.source_range, `${where}.source_range`) ?? available;
    if (!range) {
      this.warn(`${where} (${name}): no source range; given one frame`);
      range = { start: rt(0, rate), duration: rt(1, rate) };
    }
    let mediaId: string | null = null;
    const metadata: Record<string, unknown> = { ...meta(o) };
    // A source_range whole frames cannot say (23.976, fractions) is kept as written, and
    // so is its absence (the clip then plays its media's available range).
    if (!isObj(o.source_range)) metadata['otio.source_range'] = null;
    else if (!rangeWritesBack(o.source_range, range)) metadata['otio.source_range'] = o.source_range;
    const kind = ref ? schemaName(ref) : '';
    // The reference as read travels with the clip: an offline clip is written back with
    // it, an online one keeps its name, available range and metadata.
    if (ref && !isBlankMissing(ref)) metadata['otio.media_reference'] = ref;
    // DaVinci Resolve writes media it had offline as a MissingReference that still says
    // where the file was (metadata.Resolve_OTIO["Media Url"]): looked for like a target_url.
    const resolveUrl = kind === 'MissingReference' && ref ? meta(ref).Resolve_OTIO : null;
    const hint = isObj(resolveUrl) && typeof resolveUrl['Media Url'] === 'string' && resolveUrl['Media Url'] ? resolveUrl['Media Url'] : null;
    if (ref && ((kind === 'ExternalReference' && typeof ref.target_url === 'string' && ref.target_url) || hint)) {
      const url = hint ?? (ref.target_url as string);
      let entry = this.refs.get(url);
      if (!entry) {
        entry = { mediaId: newId('m'), targetUrl: url, name: typeof ref.name === 'string' && ref.name ? ref.name : name, ...(available ? { availableRange: available } : {}), metadata: meta(ref) };
        this.refs.set(url, entry);
      }
      mediaId = entry.mediaId;
    } else if (kind === 'ExternalReference') {
      this.warn(`${where} (${name}): its ExternalReference has no target_url; the clip is offline`);
    } else if (kind === 'ImageSequenceReference') {
      // Segue's media are single files; a still of the first frame would pass for the
      // shot, so the clip stays offline and says where the sequence starts.
      const first = firstFrameUrl(ref!);
      this.warn(`${where} (${name}): image sequences are not supported; the clip is offline${first ? ` (first frame ${first})` : ''}`);
    } else if (kind === 'GeneratorReference') {
      const gen = typeof ref!.generator_kind === 'string' && ref!.generator_kind ? ` (${ref!.generator_kind})` : '';
      this.warn(`${where} (${name}): generators${gen} are not rendered; the clip is offline`);
    } else if (ref && kind !== 'MissingReference') {
      this.warn(`${where} (${name}): ${String(ref.OTIO_SCHEMA)} is not supported; the clip is offline`);
    }
    // Clip.2 may hold other references (proxies, high-res) beside the active one.
    if (isObj(o.media_references)) {
      const key = typeof o.active_media_reference_key === 'string' ? o.active_media_reference_key : 'DEFAULT_MEDIA';
      if (key !== 'DEFAULT_MEDIA') metadata['otio.active_media_reference_key'] = key;
      if (Object.keys(o.media_references).some((k) => k !== key)) metadata['otio.media_references'] = o.media_references;
    }
    const extra = extraFields(o, 'Clip');
    if (extra) metadata['otio.extra'] = extra;
    const segue = segueFields(metadata);
    this.effects(o, where, name, metadata);
    return {
      kind: 'clip',
      id: newId('c'),
      name,
      mediaId,
      sourceRange: range,
      enabled: o.enabled !== false,
      ...segue,
      ...(Object.keys(metadata).length ? { metadata } : {}),
    };
  }

  /** Effects are not applied yet; they are kept so an export can write them back. */
  effects(o: Json, where: string, name: string, metadata: Record<string, unknown>): void {
    if (!Array.isArray(o.effects) || o.effects.length === 0) return;
    metadata['otio.effects'] = o.effects;
    this.warn(`${where} (${name}): effects not applied: ${describeEffects(o.effects)}`);
  }

  nestedLength(o: Json, rate: Rate): number {
    const r = this.range(o.source_range, 'nested');
    if (r) return rescale(r.duration, rate);
    const children = Array.isArray(o.children) ? o.children.filter(isObj) : [];
    const lengths = children.map((c) => {
      const s = schemaName(c);
      if (s === 'Transition') return 0;
      if (s === 'Stack' || s === 'Track') return this.nestedLength(c, rate);
      const cr = this.range(c.source_range, 'nested child') ?? (this.reference(c) ? this.range(this.reference(c)!.available_range, 'nested child') : null);
      return cr ? rescale(cr.duration, rate) : 0;
    });
    return schemaName(o) === 'Stack' ? Math.max(0, ...lengths) : lengths.reduce((a, b) => a + b, 0);
  }

  gap(o: Json, where: string, rate: Rate): Gap {
    const r = this.range(o.source_range, where);
    const duration = r?.duration ?? (isObj(o.duration) ? this.time(o.duration, where) : rt(0, rate));
    const metadata: Record<string, unknown> = { ...meta(o) };
    if (typeof o.name === 'string' && o.name) metadata['otio.name'] = o.name;
    // exportOtio writes a gap as 0 + its duration; any other range is kept as written.
    if (isObj(o.source_range) && !rangeWritesBack(o.source_range, { start: rt(0, duration.rate), duration })) metadata['otio.source_range'] = o.source_range;
    if (nonEmptyList(o.effects)) metadata['otio.effects'] = o.effects;
    const extra = extraFields(o, 'Gap', o.enabled === false ? { enabled: false } : {});
    if (extra) metadata['otio.extra'] = extra;
    return { kind: 'gap', id: newId('g'), duration, ...(Object.keys(metadata).length ? { metadata } : {}) };
  }

  item(o: Json, where: string, rate: Rate): Item {
    const s = schemaName(o);
    switch (s) {
      case 'Clip':
        return this.clip(o, where, rate);
      case 'Gap':
        return this.gap(o, where, rate);
      case 'Transition': {
        // Wipe patterns and the like travel in `parameters`; kept for export.
        const extra = extraFields(o, 'Transition');
        // A negative offset reaches nowhere: read as none.
        const offset = (v: unknown, w: string) => {
          const t = this.time(v, w);
          if (t.value >= 0) return t;
          this.warn(`${w}: negative (${t.value}); read as 0`);
          return rt(0, t.rate);
        };
        const inOffset = offset(o.in_offset, `${where}.in_offset`);
        const outOffset = offset(o.out_offset, `${where}.out_offset`);
        const metadata = {
          ...meta(o),
          ...(isObj(o.parameters) && Object.keys(o.parameters).length ? { 'otio.parameters': o.parameters } : {}),
          ...(writesBack(o.in_offset, inOffset) ? {} : { 'otio.in_offset': o.in_offset }),
          ...(writesBack(o.out_offset, outOffset) ? {} : { 'otio.out_offset': o.out_offset }),
          ...(extra ? { 'otio.extra': extra } : {}),
        };
        return {
          kind: 'transition',
          id: newId('x'),
          name: typeof o.name === 'string' ? o.name : '',
          transitionType: typeof o.transition_type === 'string' ? o.transition_type : 'SMPTE_Dissolve',
          inOffset,
          outOffset,
          ...(Object.keys(metadata).length ? { metadata } : {}),
        };
      }
      case 'Stack':
      case 'Track': {
        // A nested composition with no clip in it (an empty nested sequence): one offline
        // clip of its length, named after it, written back as it was read.
        const name = str(o.name);
        this.warn(`${where} (${name}): a nested ${s.toLowerCase()} with no clips; shown as one offline clip`);
        if (nonEmptyList(o.effects)) this.warn(`${where} (${name}): effects not applied: ${describeEffects(o.effects)}`);
        return {
          kind: 'clip',
          id: newId('c'),
          name,
          mediaId: null,
          // Its own source_range, in its own rate, when it has one (layout rescales);
          // else the length of what it holds.
          sourceRange: nestedRange(this, o, rate),
          enabled: o.enabled !== false,
          metadata: { ...meta(o), 'otio.nested': o },
        };
      }
      default: {
        // OTIO reads an unknown schema as UnknownSchema and writes it back as it was; here
        // it holds its place as a gap of its source_range (if it has one) and goes back
        // into the track on export.
        const r = isObj(o.source_range) ? this.range(o.source_range, `${where}.source_range`) : null;
        this.warn(`${where}: ${String(o.OTIO_SCHEMA)} is not supported; kept as a ${r ? `${rescale(r.duration, rate)}-frame ` : ''}gap and written back on export`);
        return { kind: 'gap', id: newId('g'), duration: r ? r.duration : rt(0, rate), metadata: { 'otio.unknown': o } };
      }
    }
  }

  /** A marker's range, or null (with a warning) when it cannot be read: a bad marker never fails the file. */
  markerRange(m: unknown, where: string): TimeRange | null {
    if (!isObj(m)) return null;
    try {
      // Marker.1 called it `range` (OTIO's Marker 1 -> 2 upgrade renames it).
      const r = this.range(m.marked_range ?? m.range, where);
      if (!r) this.warn(`${where}: a marker without a marked_range; left out`);
      return r;
    } catch (e) {
      this.warn(`${where}: ${(e as Error).message.replace(/^Not an OpenTimelineIO file: /, '')}; the marker is left out`);
      return null;
    }
  }

  /** The markers of a clip or gap at `at` (content frames), in its media time. */
  itemMarks(o: Json, item: Clip | Gap, at: number, len: number, rate: Rate, where: string): Mark[] {
    if (!nonEmptyList(o.markers)) return [];
    let origin: RationalTime = rt(0, rate);
    if (item.kind === 'clip') origin = item.sourceRange.start;
    else {
      try {
        origin = this.range(o.source_range, `${where}.source_range`)?.start ?? origin;
      } catch {
        // the gap itself already said so
      }
    }
    const label = `${where}${str(o.name) ? ` (${str(o.name)})` : ''}`;
    return o.markers.flatMap((m, i) => {
      const r = this.markerRange(m, `${where} marker ${i}`);
      if (!r || !isObj(m)) return [];
      const offset = sameRate(r.start.rate, origin.rate) ? rescale(rt(r.start.value - origin.value, r.start.rate), rate) : rescale(r.start, rate) - rescale(origin, rate);
      return [{ raw: m, at, len, offset, abs: rescale(r.start, rate), duration: Math.max(0, rescale(r.duration, rate)), lo: -Infinity, hi: Infinity, owner: item.id, where: label }];
    });
  }

  /** Markers of a track or composition, in its own time (content frames from 0). */
  ownMarks(o: Json, rate: Rate, where: string, owner?: string): Mark[] {
    return list(o.markers).flatMap((m, i) => {
      const r = this.markerRange(m, `${where} marker ${i}`);
      if (!r || !isObj(m)) return [];
      const frame = rescale(r.start, rate);
      return [{ raw: m, at: 0, len: null, offset: frame, abs: frame, duration: Math.max(0, rescale(r.duration, rate)), lo: -Infinity, hi: Infinity, ...(owner ? { owner } : {}), where }];
    });
  }

  /** A track's children in order: items, nested compositions placed, the markers of each. */
  sequence(children: unknown[], kind: TrackKind, rate: Rate, where: string, depth: number): Seq {
    const items: Item[] = [];
    const strips: Strip[] = [];
    const marks: Mark[] = [];
    let at = 0;
    children.forEach((c, ci) => {
      if (!isObj(c)) return;
      const w = `${where} item ${ci}`;
      const s = schemaName(c);
      if (s === 'Stack' || s === 'Track') {
        const nested = this.composition(c, kind, rate, w, depth + 1);
        if (nested) {
          items.push(...nested.seq.items);
          strips.push(...nested.seq.strips.map((x) => ({ ...x, start: x.start + at })));
          marks.push(...nested.seq.marks.map((m) => shiftMark(m, at)));
          at += nested.length;
          return;
        }
      }
      const item = this.item(c, w, rate);
      items.push(item);
      const len = itemFrames(item, rate);
      if (item.kind !== 'transition' && !item.metadata?.['otio.unknown'] && !item.metadata?.['otio.nested']) marks.push(...this.itemMarks(c, item, at, len, rate, w));
      at += len;
    });
    return { items, strips, marks };
  }

  /**
   * A nested Track or Stack placed in a track of kind `host`: the items that go into
   * that track (as long as the composition), the layers that go above, its markers. Null
   * when it holds no clip (it is then one offline clip) or nests too deep.
   */
  composition(o: Json, host: TrackKind, rate: Rate, where: string, depth: number): { seq: Seq; length: number } | null {
    const s = schemaName(o);
    const name = str(o.name);
    if (depth > MAX_DEPTH) {
      this.warn(`${where} (${name}): compositions nested more than ${MAX_DEPTH} deep; shown as one offline clip`);
      return null;
    }
    const layers: { kind: TrackKind; seq: Seq; name: string }[] = [];
    if (s === 'Track') {
      const kind = trackKindOf(o.kind) ?? host;
      layers.push({ kind, seq: this.sequence(list(o.children), kind, rate, where, depth), name });
    } else {
      list(o.children).forEach((c, i) => {
        if (!isObj(c)) return;
        const w = `${where} layer ${i}`;
        if (schemaName(c) === 'Track') {
          const kind = trackKindOf(c.kind) ?? host;
          layers.push({ kind, seq: this.sequence(list(c.children), kind, rate, w, depth + 1), name: str(c.name) });
        } else {
          layers.push({ kind: host, seq: this.sequence([c], host, rate, w, depth + 1), name: str(c.name) });
        }
      });
    }
    if (!layers.some((l) => hasClip(l.seq))) return null;
    const contents = layers.map((l) => framesOf(l.seq.items, rate));
    const window = this.range(o.source_range, `${where}.source_range`);
    const start = window ? rescale(window.start, rate) : 0;
    const length = window ? rescale(window.duration, rate) : s === 'Track' ? contents[0]! : Math.max(0, ...contents);
    const shown = layers.map((l) => ({ ...l, seq: windowSeq(l.seq, rate, start, length) }));
    const own = windowSeq({ items: [], strips: [], marks: this.ownMarks(o, rate, `${where} (${name})`) }, rate, start, length).marks;

    const base = shown.findIndex((l) => l.kind === host);
    const items = base >= 0 ? shown[base]!.seq.items : [gapOf(length, rate)];
    const strips: Strip[] = [];
    const count = { video: 0, audio: 0 };
    shown.forEach((l, i) => {
      if (i === base) return void strips.push(...l.seq.strips);
      const layer = ++count[l.kind];
      strips.push({ kind: l.kind, start: 0, items: l.seq.items, layer, name: l.name || name });
      strips.push(...l.seq.strips.map((x) => ({ ...x, layer: x.layer + layer })));
    });
    if (o.enabled === false) {
      const off = (list: Item[]) => list.forEach((it, k) => it.kind === 'clip' && (list[k] = { ...it, enabled: false }));
      off(items);
      strips.forEach((x) => off(x.items));
    }
    const others = shown.filter((l, i) => i !== base && hasClip(l.seq)).length;
    this.warn(`${where} (${name}): a nested ${s.toLowerCase()}; its clips are placed on the track${others ? `, its ${others === 1 ? 'other layer goes to a track' : `${others} other layers go to tracks`} of its own above` : ''}`);
    if (nonEmptyList(o.effects)) this.warn(`${where} (${name}): effects not applied: ${describeEffects(o.effects)}`);
    return { seq: { items, strips, marks: [...shown.flatMap((l) => l.seq.marks), ...own] }, length };
  }
}

/** Where an image sequence starts (ImageSequenceReference's target_url_for_image_number(start_frame)). */
function firstFrameUrl(r: Json): string | null {
  const base = typeof r.target_url_base === 'string' ? r.target_url_base : null;
  if (base === null) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const start = typeof r.start_frame === 'number' ? r.start_frame : 1;
  const pad = typeof r.frame_zero_padding === 'number' ? r.frame_zero_padding : 0;
  const digits = String(Math.abs(start)).padStart(pad, '0');
  return `${base}${base && !base.endsWith('/') ? '/' : ''}${str(r.name_prefix)}${start < 0 ? '-' : ''}${digits}${str(r.name_suffix)}`;
}

/**
 * Segue's own fields, written by exportOtio into a clip's metadata: the link and the
 * gain come back as fields (and leave the metadata).
 */
function segueFields(metadata: Record<string, unknown>): Partial<Pick<Clip, 'linkId' | 'gainDb'>> {
  const out: Partial<Pick<Clip, 'linkId' | 'gainDb'>> = {};
  const gain = metadata['segue.gainDb'];
  if (typeof gain === 'number' && gain >= -96 && gain <= 24) {
    out.gainDb = gain;
    delete metadata['segue.gainDb'];
  }
  const seg = metadata.segue;
  if (isObj(seg) && IdSchema.safeParse(seg.linkId).success) {
    out.linkId = seg.linkId as string;
    const { linkId: _link, ...rest } = seg;
    if (Object.keys(rest).length) metadata.segue = rest;
    else delete metadata.segue;
  }
  return out;
}

/**
 * The range a nested Stack or Track shows: its own source_range, in its own rate, when
 * it has one; else 0 + the length of what it holds at `rate`. exportOtio compares a
 * clip's range against this to know whether it was trimmed.
 */
export function nestedRange(reader: Pick<Reader, 'range' | 'nestedLength'>, o: Json, rate: Rate): TimeRange {
  return reader.range(o.source_range, 'nested.source_range') ?? { start: rt(0, rate), duration: rt(reader.nestedLength(o, rate), rate) };
}

/** nestedRange for exportOtio, without a Reader of its own (warnings are dropped). */
export const nestedRangeOf = (o: Json, rate: Rate): TimeRange => nestedRange(new Reader(), o, rate);

const COLORS: Record<string, Marker['color']> = {
  RED: 'red', ORANGE: 'orange', YELLOW: 'yellow', GREEN: 'green', CYAN: 'cyan', BLUE: 'blue', PURPLE: 'purple', MAGENTA: 'pink', PINK: 'pink', WHITE: 'white', BLACK: 'white',
  // DaVinci Resolve's other marker colours, by the nearest of Segue's.
  FUCHSIA: 'pink', ROSE: 'pink', LAVENDER: 'purple', SKY: 'cyan', MINT: 'green', LEMON: 'yellow', SAND: 'orange', COCOA: 'orange', CREAM: 'white',
};

// Segue's marker colours as OTIO's Color.1 constants give them (r, g, b).
const RGB: ReadonlyArray<readonly [Marker['color'], number, number, number]> = [
  ['red', 1, 0, 0], ['orange', 1, 0.6, 0], ['yellow', 1, 1, 0], ['green', 0, 1, 0], ['cyan', 0, 1, 1], ['blue', 0, 0, 1], ['purple', 0.5, 0, 0.5], ['pink', 1, 0, 1], ['white', 1, 1, 1],
];

/**
 * Marker.2 writes colour as a name ("RED"; Resolve uses its own names too); the unreleased
 * Marker.3 as a Color.1 object, with a name or only r, g, b (then the nearest colour).
 */
export function markerColor(color: unknown): Marker['color'] {
  const label = typeof color === 'string' ? color : isObj(color) && typeof color.name === 'string' ? color.name : '';
  const named = COLORS[label.trim().toUpperCase()];
  if (named) return named;
  if (isObj(color)) {
    const [r, g, b] = [numberOf(color.r), numberOf(color.g), numberOf(color.b)];
    if (r !== null && g !== null && b !== null) return RGB.reduce((best, c) => ((c[1] - r) ** 2 + (c[2] - g) ** 2 + (c[3] - b) ** 2 < (best[1] - r) ** 2 + (best[2] - g) ** 2 + (best[3] - b) ** 2 ? c : best))[0];
  }
  return 'white';
}

/** OTIO's `comment`, else the FCP XML adapter's `metadata.fcp_xml.comment`. */
export function markerNote(m: Json): string {
  if (typeof m.comment === 'string') return m.comment;
  const fcp = meta(m).fcp_xml;
  return isObj(fcp) && typeof fcp.comment === 'string' ? fcp.comment : '';
}

/**
 * Segue's review fields (written by our exporter under `metadata.segue`), taken out of the
 * marker's metadata; anything malformed there stays in the metadata untouched.
 */
function markerReview(metadata: Record<string, unknown>): Pick<Marker, 'author' | 'status' | 'createdAt' | 'metadata'> {
  const review = MarkerSchema.pick({ author: true, status: true, createdAt: true }).safeParse(metadata.segue);
  if (!review.success) return Object.keys(metadata).length ? { metadata } : {};
  const { segue: _review, ...rest } = metadata;
  const { author, status, createdAt } = review.data;
  return { ...(author ? { author } : {}), ...(status === 'resolved' ? { status } : {}), ...(createdAt ? { createdAt } : {}), ...(Object.keys(rest).length ? { metadata: rest } : {}) };
}

/** What the importer made of a marker, to know on export whether it was edited since. */
export const markerFingerprint = (m: Pick<Marker, 'name' | 'frame' | 'duration' | 'color' | 'note'>): string => JSON.stringify([m.name, m.frame, m.duration, m.color, m.note]);

/**
 * A Segue marker for an OTIO marker placed at `frame`, keeping what export needs to write
 * it back (see the top of this file). `plain`: its time as written says that frame, so
 * it can go back as written while unedited; a marker read otherwise (record time, a
 * window's origin) is written at its frame.
 */
function toMarker(raw: Json, frame: number, duration: number, rate: Rate, plain: boolean, owner?: string): Marker {
  const fields = { name: str(raw.name), frame, duration, color: markerColor(raw.color), note: markerNote(raw) };
  const review = markerReview(meta(raw));
  const { metadata: _own, ...marker } = raw;
  // A stack marker exportOtio would write just so (Segue's own) needs nothing kept.
  const t = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate: rate.num / rate.den, value });
  const fresh = { OTIO_SCHEMA: 'Marker.2', name: fields.name, color: fields.color.toUpperCase(), marked_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: t(frame), duration: t(duration) }, comment: fields.note };
  const kept = owner || !plain || !sameJson(marker, fresh) ? { 'otio.marker': marker, ...(plain ? { 'otio.read': markerFingerprint(fields) } : {}), ...(owner ? { 'otio.owner': owner } : {}) } : {};
  const metadata = { ...(review.metadata ?? {}), ...kept };
  return { id: newId('k'), ...fields, ...review, ...(Object.keys(metadata).length ? { metadata } : {}) };
}

/** Whether two JSON values are equal, whatever the order of their keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
}

/**
 * A track's metadata, plus what Segue does not show per track but keeps for export: its
 * effects, its source_range (already applied to the items) and a kind written otherwise
 * than "Video" / "Audio".
 */
function trackMeta(t: Json): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...meta(t) };
  if (nonEmptyList(t.effects)) out['otio.effects'] = t.effects;
  if (isObj(t.source_range)) out['otio.source_range'] = t.source_range;
  const extra = extraFields(t, 'Track', t.kind === 'Video' || t.kind === 'Audio' || !('kind' in t) ? {} : { kind: t.kind });
  if (extra) out['otio.extra'] = extra;
  // An unnamed track is shown as V1, A2...; export gives it its empty name back.
  if (typeof t.name !== 'string' || !t.name) out['otio.name'] = typeof t.name === 'string' ? t.name : null;
  return Object.keys(out).length ? out : null;
}

/** The first Timeline in a SerializableCollection, depth first, and how many it holds. */
function timelinesIn(o: Json): Json[] {
  const out: Json[] = [];
  const visit = (c: unknown) => {
    if (!isObj(c)) return;
    if (schemaName(c) === 'Timeline') out.push(c);
    else if (schemaName(c) === 'SerializableCollection' && Array.isArray(c.children)) c.children.forEach(visit);
  };
  visit(o);
  return out;
}

/**
 * Transitions first or last on a track fade from or to nothing (OTIO allows them; the
 * neighbour is empty). They are kept in place for export; the renderer needs a clip on
 * each side and leaves them out, so the user hears about it.
 */
function warnEdgeTransitions(reader: Reader, items: readonly Item[], where: string): void {
  const first = items[0];
  const last = items.at(-1);
  if (first?.kind === 'transition') reader.warn(`${where}: the transition ${first.name ? `${first.name} ` : ''}at its start fades in from nothing; kept for export, not rendered`);
  if (last?.kind === 'transition' && last !== first) reader.warn(`${where}: the transition ${last.name ? `${last.name} ` : ''}at its end fades out to nothing; kept for export, not rendered`);
}

/**
 * Whether a source_range window is honoured. OTIO's CMX 3600 adapter writes a track's
 * record-in as a negative start with the cut's own length as duration (-86243 + 1049),
 * a window that lies wholly before the content and would show nothing; such a window is
 * read as a note of where the cut sits in record time and not applied.
 */
function windowApplies(reader: Reader, window: TimeRange, content: number, rate: Rate, where: string): boolean {
  const start = rescale(window.start, rate);
  const end = start + rescale(window.duration, rate);
  if (content > 0 && (end <= 0 || start >= content)) {
    reader.warn(`${where}: its source_range (${start} + ${end - start} frames) lies outside its content; read as a record offset and not applied`);
    return false;
  }
  return true;
}

// Audio clips are often timed in samples (44100, 48000), scripts in seconds (rate 1) or
// milliseconds: not frame rates for a timeline.
const MAX_FRAME_RATE = 1000;
const MIN_FRAME_RATE = 6;

/** The rate most clips are timed in, video tracks first, sample rates left out. */
function mostCommonRate(stack: Json): Rate | null {
  const counts = { video: new Map<string, { rate: Rate; n: number }>(), other: new Map<string, { rate: Rate; n: number }>() };
  const visit = (o: unknown, kind: 'video' | 'other') => {
    if (Array.isArray(o)) return o.forEach((c) => visit(c, kind));
    if (!isObj(o)) return;
    const clipRate = schemaName(o) === 'Clip' ? (rangeRate(o.source_range) ?? rangeRate(referenceOf(o)?.available_range)) : null;
    if (clipRate !== null && clipRate >= MIN_FRAME_RATE && clipRate < MAX_FRAME_RATE) {
      const r = rateFromFps(clipRate);
      const k = `${r.num}/${r.den}`;
      counts[kind].set(k, { rate: r, n: (counts[kind].get(k)?.n ?? 0) + 1 });
    }
    if (Array.isArray(o.children)) visit(o.children, schemaName(o) === 'Track' ? (trackKindOf(o.kind) === 'audio' ? 'other' : 'video') : kind);
  };
  visit(stack.children, 'video');
  const best = (m: Map<string, { rate: Rate; n: number }>) => [...m.values()].reduce<{ rate: Rate; n: number } | null>((b, c) => (!b || c.n > b.n ? c : b), null);
  return (best(counts.video) ?? best(counts.other))?.rate ?? null;
}

const MAX_TRACKS = 256;
const MAX_ITEMS = 100_000;
const MAX_MARKERS = 100_000;

export function importOtio(text: string, options: { defaultRate?: Rate } = {}): OtioImport {
  try {
    return readOtio(text, options);
  } catch (e) {
    // A document nested thousands deep runs out of stack somewhere on the way.
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new Error('Not an OpenTimelineIO file Segue can open: it nests too deeply');
    throw e;
  }
}

function readOtio(text: string, options: { defaultRate?: Rate }): OtioImport {
  let raw: unknown;
  try {
    raw = parseOtioJson(text);
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw new Error(`Not an OpenTimelineIO file: not JSON (${(e as Error).message})`);
  }
  if (!isObj(raw) || typeof raw.OTIO_SCHEMA !== 'string') throw new Error('Not an OpenTimelineIO file: no OTIO_SCHEMA');
  const reader = new Reader();
  // A SerializableCollection bundles several timelines (otiotool, some adapters); Segue
  // opens one timeline at a time.
  if (schemaName(raw) === 'SerializableCollection') {
    const all = timelinesIn(raw);
    const first = all[0];
    if (!first) throw new Error('Not an OpenTimelineIO file: a SerializableCollection without a Timeline');
    if (all.length > 1) reader.warn(`the file holds ${all.length} timelines; opened the first, ${String(first.name ?? '')}`);
    raw = first;
  }
  if (!isObj(raw)) throw new Error('Not an OpenTimelineIO file: no Timeline');
  let stack: Json;
  let name = '';
  let globalStart: RationalTime | null = null;
  const top = schemaName(raw);
  if (top === 'Timeline') {
    if (!isObj(raw.tracks)) throw new Error('Not an OpenTimelineIO file: a Timeline without tracks');
    stack = raw.tracks;
    name = typeof raw.name === 'string' ? raw.name : '';
    if (isObj(raw.global_start_time)) globalStart = reader.time(raw.global_start_time, 'global_start_time');
  } else if (top === 'Stack') {
    stack = raw;
    name = typeof raw.name === 'string' ? raw.name : '';
  } else if (top === 'Track') {
    stack = { OTIO_SCHEMA: 'Stack.1', children: [raw] };
    name = typeof raw.name === 'string' ? raw.name : '';
  } else {
    throw new Error(`Not an OpenTimelineIO file: the top object is a ${raw.OTIO_SCHEMA}, not a Timeline`);
  }
  if (!Array.isArray(stack.children)) throw new Error('Not an OpenTimelineIO file: the stack has no children list');
  const rate = globalStart?.rate ?? mostCommonRate(stack) ?? options.defaultRate ?? { num: 24, den: 1 };
  reader.fine = rate;
  // Some writers time markers in record time, from global_start_time.
  const offset = globalStart ? rescale(globalStart, rate) : 0;

  const tracks: Track[] = [];
  // Markers of items and tracks, at timeline frames before the top-level stack's window.
  const placed: { mark: Mark; frame: number; plain: boolean }[] = [];
  let v = 0;
  let a = 0;
  const addTrack = (kind: TrackKind, trackName: string, items: Item[], t: Json, id = newId('t'), metadata: Record<string, unknown> | null = null) => {
    const index = kind === 'video' ? ++v : ++a;
    // Audio tracks have no "hide" in Segue, only mute: a disabled one is muted too, so
    // it stays silent in playback and render (exportOtio writes it back disabled).
    const enabled = t.enabled !== false;
    tracks.push({
      id,
      kind,
      name: trackName || `${kind === 'video' ? 'V' : 'A'}${index}`,
      items,
      enabled,
      muted: kind === 'audio' && !enabled,
      solo: false,
      locked: false,
      height: kind === 'video' ? 64 : 56,
      ...(metadata ? { metadata } : {}),
    });
  };
  stack.children.forEach((child, ti) => {
    if (!isObj(child)) {
      reader.warn(`stack child ${ti}: not an object; skipped`);
      return;
    }
    // A clip, gap or nested stack may sit directly in a stack: it then plays from the
    // start over the tracks before it, as a track holding only it would.
    const wrapped = schemaName(child) !== 'Track';
    const t: Json = wrapped ? { OTIO_SCHEMA: 'Track.1', name: typeof child.name === 'string' ? child.name : '', kind: 'Video', children: [child], metadata: { 'otio.wrapped': true } } : child;
    const where = `track ${ti}`;
    const known = trackKindOf(t.kind);
    const kind = known ?? 'video';
    if (!known) reader.warn(`${where} (${str(t.name)}): unknown kind ${JSON.stringify(t.kind)}, read as video`);
    const id = newId('t');
    const read = reader.sequence(list(t.children), kind, rate, where, 0);
    if (!wrapped) read.marks.push(...reader.ownMarks(t, rate, `${where}${str(t.name) ? ` (${str(t.name)})` : ''}`, `track:${id}`));
    warnEdgeTransitions(reader, read.items, where);
    if (!wrapped && nonEmptyList(t.effects)) reader.warn(`${where} (${str(t.name)}): effects not applied: ${describeEffects(t.effects)}`);
    // The track's source_range windows its content; a CMX-style record offset does not,
    // and says where record time starts.
    let seq = read;
    let moved = false;
    const records = offset ? [offset] : [];
    const window = reader.range(t.source_range, `${where}.source_range`);
    if (window) {
      if (windowApplies(reader, window, framesOf(read.items, rate), rate, where)) {
        seq = windowSeq(read, rate, rescale(window.start, rate), rescale(window.duration, rate));
        moved = rescale(window.start, rate) !== 0;
      } else records.unshift(-rescale(window.start, rate));
    }
    addTrack(kind, str(t.name), seq.items, t, id, trackMeta(t));
    for (const lane of lanesOf(seq.strips, rate)) addTrack(lane.kind, lane.name, lane.items, {});
    for (const mark of seq.marks) {
      const at = placeMark(reader, mark, records);
      if (at) placed.push({ mark, frame: at.frame, plain: at.plain && (mark.len !== null || !moved) });
    }
  });
  if (tracks.length > MAX_TRACKS) throw new Error(`Not an OpenTimelineIO file Segue can open: it has ${tracks.length} tracks (with nested layers); Segue opens at most ${MAX_TRACKS}`);
  for (const t of tracks) if (t.items.length > MAX_ITEMS) throw new Error(`Not an OpenTimelineIO file Segue can open: track ${t.name} has ${t.items.length} items; Segue opens at most ${MAX_ITEMS} per track`);

  // A source_range on the top-level stack windows every track the same way, and moves
  // the origin of the stack's markers with it.
  const stackWindow = reader.range(stack.source_range, 'stack.source_range');
  let origin = 0;
  let shown = Infinity;
  if (stackWindow) {
    const content = tracks.reduce((max, t) => Math.max(max, trackFrames(t, rate)), 0);
    if (windowApplies(reader, stackWindow, content, rate, 'the top-level stack')) {
      origin = rescale(stackWindow.start, rate);
      shown = rescale(stackWindow.duration, rate);
      tracks.forEach((t, i) => {
        tracks[i] = { ...t, items: windowItems(t.items, rate, origin, shown) };
      });
    }
  }

  const markers: Marker[] = [];
  const stackMarks = [...list(stack.markers), ...(top === 'Timeline' ? list(raw.markers) : [])];
  // Stack markers are in the stack's own time, which starts at its source_range start
  // (zero when it has none), not at global_start_time.
  const length = tracks.reduce((max, t) => Math.max(max, trackFrames(t, rate)), 0);
  stackMarks.forEach((m, i) => {
    const r = reader.markerRange(m, `marker ${i}`);
    if (!r || !isObj(m)) return;
    const label = str(m.name);
    let frame = rescale(r.start, rate) - origin;
    let plain = origin === 0;
    // Some writers put stack markers in record time (global_start_time + offset). When
    // that is the only reading that lands inside the timeline, take it.
    if (offset > 0 && frame >= length && frame - offset >= 0 && frame - offset < length) {
      frame -= offset;
      plain = false;
      reader.warn(`marker ${i} (${label}): read as record time from global_start_time`);
    }
    if (frame < 0) reader.warn(`marker ${i} (${label}): before the timeline start; moved to frame 0`);
    markers.push(toMarker(m, Math.max(0, frame), Math.max(0, rescale(r.duration, rate)), rate, plain && frame >= 0));
  });
  let hidden = 0;
  for (const { mark, frame, plain } of placed) {
    const at = frame - origin;
    if (at < 0 || at >= shown) {
      hidden++;
      continue;
    }
    // An item's marker is in the item's own time, which no window moves; a track's is in
    // the track's, which its window and the stack's do.
    markers.push(toMarker(mark.raw, at, mark.duration, rate, plain && (mark.len !== null || origin === 0), mark.owner));
  }
  if (hidden) reader.warn(`${hidden} marker${hidden === 1 ? '' : 's'} outside the top-level stack's source_range left out`);
  markers.sort((x, y) => x.frame - y.frame);
  if (markers.length > MAX_MARKERS) throw new Error(`Not an OpenTimelineIO file Segue can open: it has ${markers.length} markers; Segue opens at most ${MAX_MARKERS}`);

  const timelineMeta: Record<string, unknown> = { ...meta(raw) };
  if (globalStart) timelineMeta['otio.global_start_time'] = globalStart;
  // The top-level stack's own name, metadata, effects, window and other fields
  // (multitrack.otio names it "NestedScope"); its markers are the timeline's markers.
  if (top === 'Timeline') {
    if (typeof stack.name === 'string' && stack.name && stack.name !== 'tracks') timelineMeta['otio.stack_name'] = stack.name;
    if (Object.keys(meta(stack)).length) timelineMeta['otio.stack_metadata'] = meta(stack);
    if (nonEmptyList(stack.effects)) {
      timelineMeta['otio.stack_effects'] = stack.effects;
      reader.warn(`the top-level stack: effects not applied: ${describeEffects(stack.effects)}`);
    }
    if (isObj(stack.source_range)) timelineMeta['otio.stack_source_range'] = stack.source_range;
    const stackExtra = extraFields(stack, 'Stack', stack.enabled === false ? { enabled: false } : {});
    if (stackExtra) timelineMeta['otio.stack_extra'] = stackExtra;
    const extra = extraFields(raw, 'Timeline');
    if (extra) timelineMeta['otio.extra'] = extra;
  }
  const timeline: Timeline = { id: newId('tl'), name, rate, tracks, markers, ...(Object.keys(timelineMeta).length ? { metadata: timelineMeta } : {}) };
  const checked = TimelineSchema.safeParse(timeline);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`Not an OpenTimelineIO file: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid timeline'}`);
  }
  return { timeline: checked.data, references: [...reader.refs.values()], warnings: reader.warnings };
}

/**
 * The timeline frame of a marker on a clip, gap or track (before the top-level stack's
 * window), or null when the part of the track it is on is not shown. A clip's marker is
 * in its media time; one outside the media the clip uses is read in record time when
 * that lands on the clip (OTIO's CMX adapter writes LOC timecodes so), else from the
 * clip's first frame when that lands on it (tlRender's sample files count so), else put
 * on the clip's first or last frame.
 */
function placeMark(reader: Reader, m: Mark, records: readonly number[]): { frame: number; plain: boolean } | null {
  const label = `${m.where}: marker "${str(m.raw.name)}"`;
  let frame = m.at + m.offset;
  const on = (f: number) => m.len !== null && f >= m.at && f < m.at + m.len;
  // OTIO's CMX adapter marks its LOC markers (metadata.cmx_3600) and always writes them in
  // record time, even where that also falls inside the clip's media.
  const cmx = isObj(meta(m.raw).cmx_3600) ? records.map((o) => m.abs - o).find(on) : undefined;
  if (cmx !== undefined) return { frame: cmx, plain: false };
  const plain = m.owner !== undefined && (m.len === null || m.len === 0 || on(frame)) && frame >= 0;
  if (m.len !== null && m.len > 0 && !on(frame)) {
    const record = records.map((o) => m.abs - o).find(on);
    if (record !== undefined) {
      frame = record;
      reader.warn(`${label} lies outside the media the clip uses; read as record time`);
    } else if (on(m.at + m.abs)) {
      frame = m.at + m.abs;
      reader.warn(`${label} lies outside the media the clip uses; read from the clip's first frame`);
    } else {
      frame = frame < m.at ? m.at : m.at + m.len - 1;
      reader.warn(`${label} lies outside the media the clip uses; put on its ${frame === m.at ? 'first' : 'last'} frame`);
    }
  }
  if (frame < m.lo || frame >= m.hi || frame < 0) {
    if (frame < 0 && m.lo === -Infinity) {
      reader.warn(`${label} is before the timeline start; moved to frame 0`);
      return { frame: 0, plain: false };
    }
    reader.warn(`${label} is in a part a source_range leaves out; left out`);
    return null;
  }
  return { frame, plain };
}
