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
//   otio.markers           markers of a clip, gap or track
//   otio.parameters        a transition's parameters
//   otio.nested            a nested Stack or Track, shown as one offline clip
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
// Numbers that JavaScript cannot carry (NaN, Infinity, integers past 2^53, 1.0 as a
// double) stay tagged as `{"$otio": "number", "text": ...}`: see ./json.ts.
import { newId } from '../../ids';
import { IdSchema, MarkerSchema, TimelineSchema, type Clip, type Gap, type Item, type Marker, type Timeline, type Track } from '../../timeline/model';
import { itemFrames, trackFrames } from '../../timeline/layout';
import { windowItems } from './window';
import { parseOtioJson } from './json';
import { rateFromFps, rt, rescale, type Rate, type RationalTime, type TimeRange } from '../../timeline/time';

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
const schemaName = (o: Json): string => {
  const name = typeof o.OTIO_SCHEMA === 'string' ? o.OTIO_SCHEMA.split('.')[0]! : '';
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
const effectKinds = (effects: unknown[]): string => effects.map((e) => (isObj(e) && typeof e.OTIO_SCHEMA === 'string' ? e.OTIO_SCHEMA : '?')).join(', ');

/** A RationalTime as importOtio reads it (whole frames, NTSC rates exact), or null; no warnings. */
export function readTime(v: unknown): RationalTime | null {
  if (!isObj(v) || typeof v.value !== 'number' || typeof v.rate !== 'number' || !Number.isFinite(v.value) || !Number.isFinite(v.rate) || !(v.rate > 0)) return null;
  return rt(Math.round(v.value), rateFromFps(v.rate));
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

class Reader {
  readonly warnings: string[] = [];
  readonly refs = new Map<string, OtioMediaRef>();

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  time(v: unknown, where: string): RationalTime {
    const time = readTime(v);
    if (!time) throw new Error(`Not an OpenTimelineIO file: bad RationalTime at ${where}`);
    const raw = (v as { value: number }).value;
    if (Math.abs(time.value - raw) > 1e-6) this.warn(`${where}: time ${raw} rounded to a whole frame`);
    return time;
  }

  range(v: unknown, where: string): TimeRange | null {
    if (!isObj(v)) return null;
    const start = this.time(v.start_time, `${where}.start_time`);
    const duration = this.time(v.duration, `${where}.duration`);
    if (duration.value < 0) throw new Error(`Not an OpenTimelineIO file: negative duration at ${where}`);
    return { start, duration };
  }

  reference(clip: Json): Json | null {
    return referenceOf(clip);
  }

  clip(o: Json, where: string, rate: Rate): Clip {
    const name = typeof o.name === 'string' ? o.name : '';
    const ref = this.reference(o);
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
    if (ref && kind === 'ExternalReference' && typeof ref.target_url === 'string' && ref.target_url) {
      const url = ref.target_url;
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
    this.keep(o, metadata);
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

  /** Markers go to otio.markers (effects: see effects()). */
  keep(o: Json, metadata: Record<string, unknown>): void {
    if (nonEmptyList(o.markers)) metadata['otio.markers'] = o.markers;
  }

  /** Effects are not applied yet; they are kept so an export can write them back. */
  effects(o: Json, where: string, name: string, metadata: Record<string, unknown>): void {
    if (!Array.isArray(o.effects) || o.effects.length === 0) return;
    metadata['otio.effects'] = o.effects;
    this.warn(`${where} (${name}): effects not applied (${effectKinds(o.effects)})`);
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
    this.keep(o, metadata);
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
        const inOffset = this.time(o.in_offset, `${where}.in_offset`);
        const outOffset = this.time(o.out_offset, `${where}.out_offset`);
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
        const name = typeof o.name === 'string' ? o.name : '';
        this.warn(`${where} (${name}): nested ${s.toLowerCase()}s are shown as one offline clip for now`);
        if (Array.isArray(o.effects) && o.effects.length) this.warn(`${where} (${name}): effects not applied`);
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
};

/** Marker.2 writes colour as a name ("RED"); the unreleased Marker.3 as a Color.1 object with a name. */
function markerColor(color: unknown): Marker['color'] {
  const label = typeof color === 'string' ? color : isObj(color) && typeof color.name === 'string' ? color.name : '';
  return COLORS[label.toUpperCase()] ?? 'white';
}

/** OTIO's `comment`, else the FCP XML adapter's `metadata.fcp_xml.comment`. */
function markerNote(m: Json): string {
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

/**
 * A track's metadata, plus what Segue does not show per track but keeps for export: its
 * markers and its source_range (already applied to the items).
 */
function trackMeta(t: Json): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...meta(t) };
  if (nonEmptyList(t.markers)) out['otio.markers'] = t.markers;
  if (nonEmptyList(t.effects)) out['otio.effects'] = t.effects;
  if (isObj(t.source_range)) out['otio.source_range'] = t.source_range;
  const extra = extraFields(t, 'Track', t.kind === 'Video' || t.kind === 'Audio' ? {} : { kind: t.kind });
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

/** A track's items seen through its source_range, when it has one. */
function applyWindow(reader: Reader, items: Item[], raw: unknown, rate: Rate, where: string): Item[] {
  const window = reader.range(raw, `${where}.source_range`);
  if (!window) return items;
  const content = items.reduce((sum, i) => sum + itemFrames(i, rate), 0);
  if (!windowApplies(reader, window, content, rate, where)) return items;
  return windowItems(items, rate, rescale(window.start, rate), rescale(window.duration, rate));
}

function mostCommonRate(stack: Json): Rate | null {
  const counts = new Map<string, { rate: Rate; n: number }>();
  const visit = (o: unknown) => {
    if (Array.isArray(o)) return o.forEach(visit);
    if (!isObj(o)) return;
    const clipRate = schemaName(o) === 'Clip' ? rangeRate(o.source_range) ?? rangeRate(referenceOf(o)?.available_range) : null;
    if (clipRate !== null) {
      const r = rateFromFps(clipRate);
      const k = `${r.num}/${r.den}`;
      counts.set(k, { rate: r, n: (counts.get(k)?.n ?? 0) + 1 });
    }
    if (Array.isArray(o.children)) visit(o.children);
  };
  visit(stack.children);
  let best: { rate: Rate; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.rate ?? null;
}

export function importOtio(text: string, options: { defaultRate?: Rate } = {}): OtioImport {
  let raw: unknown;
  try {
    raw = parseOtioJson(text);
  } catch (e) {
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

  const tracks: Track[] = [];
  let v = 0;
  let a = 0;
  stack.children.forEach((child, ti) => {
    if (!isObj(child)) {
      reader.warn(`stack child ${ti}: not an object; skipped`);
      return;
    }
    // A clip, gap or nested stack may sit directly in a stack: it then plays from the
    // start over the tracks before it, as a track holding only it would.
    const wrapped = schemaName(child) !== 'Track';
    const t: Json = wrapped ? { OTIO_SCHEMA: 'Track.1', name: typeof child.name === 'string' ? child.name : '', kind: 'Video', children: [child], metadata: { 'otio.wrapped': true } } : child;
    const kind = t.kind === 'Audio' ? 'audio' : 'video';
    if (t.kind !== 'Audio' && t.kind !== 'Video') reader.warn(`track ${ti}: unknown kind ${String(t.kind)}, read as video`);
    const index = kind === 'video' ? ++v : ++a;
    const children = Array.isArray(t.children) ? t.children : [];
    const items: Item[] = [];
    children.forEach((c, ci) => {
      if (!isObj(c)) return;
      items.push(reader.item(c, `track ${ti} item ${ci}`, rate));
    });
    warnEdgeTransitions(reader, items, `track ${ti}`);
    if (!wrapped && nonEmptyList(t.effects)) reader.warn(`track ${ti} (${String(t.name ?? '')}): effects not applied (${effectKinds(t.effects)})`);
    const windowed = applyWindow(reader, items, t.source_range, rate, `track ${ti}`);
    const metadata = trackMeta(t);
    // Audio tracks have no "hide" in Segue, only mute: a disabled one is muted too, so
    // it stays silent in playback and render (exportOtio writes it back disabled).
    const enabled = t.enabled !== false;
    tracks.push({
      id: newId('t'),
      kind,
      name: typeof t.name === 'string' && t.name ? t.name : `${kind === 'video' ? 'V' : 'A'}${index}`,
      items: windowed,
      enabled,
      muted: kind === 'audio' && !enabled,
      solo: false,
      locked: false,
      height: kind === 'video' ? 64 : 56,
      ...(metadata ? { metadata } : {}),
    });
  });

  // A source_range on the top-level stack windows every track the same way, and moves
  // the origin of the stack's markers with it.
  const stackWindow = reader.range(stack.source_range, 'stack.source_range');
  let origin = 0;
  if (stackWindow) {
    const content = tracks.reduce((max, t) => Math.max(max, trackFrames(t, rate)), 0);
    if (windowApplies(reader, stackWindow, content, rate, 'the top-level stack')) {
      origin = rescale(stackWindow.start, rate);
      tracks.forEach((t, i) => {
        tracks[i] = { ...t, items: windowItems(t.items, rate, origin, rescale(stackWindow.duration, rate)) };
      });
    }
  }

  const markers: Marker[] = [];
  const markerList = [...(Array.isArray(stack.markers) ? stack.markers : []), ...(top === 'Timeline' && Array.isArray(raw.markers) ? raw.markers : [])];
  // Stack markers are in the stack's own time, which starts at its source_range start
  // (zero when it has none), not at global_start_time.
  const length = tracks.reduce((max, t) => Math.max(max, trackFrames(t, rate)), 0);
  const offset = globalStart ? rescale(globalStart, rate) : 0;
  markerList.forEach((m, i) => {
    if (!isObj(m)) return;
    // Marker.1 called it `range` (OTIO's Marker 1 -> 2 upgrade renames it).
    const r = reader.range(m.marked_range ?? m.range, `marker ${i}`);
    if (!r) return;
    const name = typeof m.name === 'string' ? m.name : '';
    let frame = rescale(r.start, rate) - origin;
    // Some writers put stack markers in record time (global_start_time + offset). When
    // that is the only reading that lands inside the timeline, take it.
    if (offset > 0 && frame >= length && frame - offset >= 0 && frame - offset < length) {
      frame -= offset;
      reader.warn(`marker ${i} (${name}): read as record time from global_start_time`);
    }
    if (frame < 0) reader.warn(`marker ${i} (${name}): before the timeline start; moved to frame 0`);
    markers.push({
      id: newId('k'),
      name,
      frame: Math.max(0, frame),
      duration: Math.max(0, rescale(r.duration, rate)),
      color: markerColor(m.color),
      note: markerNote(m),
      ...markerReview(meta(m)),
    });
  });

  const timelineMeta: Record<string, unknown> = { ...meta(raw) };
  if (globalStart) timelineMeta['otio.global_start_time'] = globalStart;
  // The top-level stack's own name, metadata, effects, window and other fields
  // (multitrack.otio names it "NestedScope"); its markers are the timeline's markers.
  if (top === 'Timeline') {
    if (typeof stack.name === 'string' && stack.name && stack.name !== 'tracks') timelineMeta['otio.stack_name'] = stack.name;
    if (Object.keys(meta(stack)).length) timelineMeta['otio.stack_metadata'] = meta(stack);
    if (nonEmptyList(stack.effects)) {
      timelineMeta['otio.stack_effects'] = stack.effects;
      reader.warn(`the top-level stack: effects not applied (${effectKinds(stack.effects)})`);
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
