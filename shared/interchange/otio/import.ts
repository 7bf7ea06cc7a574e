// OpenTimelineIO JSON -> Segue timeline. Pure: media references come back as a list the
// main process resolves to files. OTIO stores float times; Segue keeps integers, so
// values are rounded (with a warning when that loses anything) and rates like 23.976 map
// to their exact NTSC fractions.
import { newId } from '../../ids';
import { MarkerSchema, TimelineSchema, type Clip, type Item, type Marker, type Timeline, type Track } from '../../timeline/model';
import { itemFrames, trackFrames } from '../../timeline/layout';
import { windowItems } from './window';
import { rateFromFps, rt, rescale, type Rate, type RationalTime, type TimeRange } from '../../timeline/time';

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
    if (!isObj(v) || typeof v.value !== 'number' || typeof v.rate !== 'number' || !Number.isFinite(v.value) || !(v.rate > 0)) {
      throw new Error(`Not an OpenTimelineIO file: bad RationalTime at ${where}`);
    }
    const value = Math.round(v.value);
    if (Math.abs(value - v.value) > 1e-6) this.warn(`${where}: time ${v.value} rounded to a whole frame`);
    return rt(value, rateFromFps(v.rate));
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
    if (ref && schemaName(ref) === 'ExternalReference' && typeof ref.target_url === 'string' && ref.target_url) {
      const url = ref.target_url;
      let entry = this.refs.get(url);
      if (!entry) {
        entry = { mediaId: newId('m'), targetUrl: url, name: typeof ref.name === 'string' && ref.name ? ref.name : name, ...(available ? { availableRange: available } : {}), metadata: meta(ref) };
        this.refs.set(url, entry);
      }
      mediaId = entry.mediaId;
    } else if (ref && schemaName(ref) !== 'MissingReference') {
      // Generators (slugs, bars), image sequences and the like have no file Segue can
      // play; the clip stays offline and keeps the reference for export.
      metadata['otio.media_reference'] = ref;
      const kind = schemaName(ref);
      if (kind === 'ExternalReference') this.warn(`${where} (${name}): its ExternalReference has no target_url; the clip is offline`);
      else if (kind !== 'GeneratorReference') this.warn(`${where} (${name}): ${String(ref.OTIO_SCHEMA)} is not supported; the clip is offline`);
    }
    if (Array.isArray(o.markers) && o.markers.length) metadata['otio.markers'] = o.markers;
    this.effects(o, where, name, metadata);
    return {
      kind: 'clip',
      id: newId('c'),
      name,
      mediaId,
      sourceRange: range,
      enabled: o.enabled !== false,
      ...(Object.keys(metadata).length ? { metadata } : {}),
    };
  }

  /** Effects are not applied yet; they are kept so an export can write them back. */
  effects(o: Json, where: string, name: string, metadata: Record<string, unknown>): void {
    if (!Array.isArray(o.effects) || o.effects.length === 0) return;
    metadata['otio.effects'] = o.effects;
    const kinds = o.effects.map((e) => (isObj(e) && typeof e.OTIO_SCHEMA === 'string' ? e.OTIO_SCHEMA : '?')).join(', ');
    this.warn(`${where} (${name}): effects not applied (${kinds})`);
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

  item(o: Json, where: string, rate: Rate): Item | null {
    const s = schemaName(o);
    switch (s) {
      case 'Clip':
        return this.clip(o, where, rate);
      case 'Gap': {
        const r = this.range(o.source_range, where);
        const duration = r?.duration ?? (isObj(o.duration) ? this.time(o.duration, where) : rt(0, rate));
        return { kind: 'gap', id: newId('g'), duration, ...(Object.keys(meta(o)).length ? { metadata: meta(o) } : {}) };
      }
      case 'Transition': {
        // Wipe patterns and the like travel in `parameters`; kept for export.
        const metadata = { ...meta(o), ...(isObj(o.parameters) && Object.keys(o.parameters).length ? { 'otio.parameters': o.parameters } : {}) };
        return {
          kind: 'transition',
          id: newId('x'),
          name: typeof o.name === 'string' ? o.name : '',
          transitionType: typeof o.transition_type === 'string' ? o.transition_type : 'SMPTE_Dissolve',
          inOffset: this.time(o.in_offset, `${where}.in_offset`),
          outOffset: this.time(o.out_offset, `${where}.out_offset`),
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
          sourceRange: this.range(o.source_range, `${where}.source_range`) ?? { start: rt(0, rate), duration: rt(this.nestedLength(o, rate), rate) },
          enabled: o.enabled !== false,
          metadata: { ...meta(o), 'otio.nested': o },
        };
      }
      default:
        this.warn(`${where}: unsupported item ${String(o.OTIO_SCHEMA)} skipped`);
        return null;
    }
  }
}

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
  if (Array.isArray(t.markers) && t.markers.length) out['otio.markers'] = t.markers;
  if (isObj(t.source_range)) out['otio.source_range'] = t.source_range;
  return Object.keys(out).length ? out : null;
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

// Stand-ins for the non-finite numbers while JSON.parse runs; the NUL keeps them apart
// from any string a file could sensibly hold.
// rapidjson's reader (kParseNanAndInfFlag) also takes the short Inf and a signed NaN;
// longer spellings come first so that -Infinity is not read as -Inf plus 'inity'.
const NON_FINITE_TOKENS: ReadonlyArray<readonly [string, number]> = [
  ['-Infinity', -Infinity],
  ['Infinity', Infinity],
  ['-Inf', -Infinity],
  ['Inf', Infinity],
  ['-NaN', NaN],
  ['NaN', NaN],
];
const NON_FINITE = new Map<unknown, number>(NON_FINITE_TOKENS.map(([token, value]) => [`\u0000otio:${token}`, value]));

/**
 * JSON.parse, plus the bare NaN, Infinity and -Infinity that OTIO's own writer emits
 * (rapidjson's kWriteNanAndInfFlag in serialization.cpp), e.g. an unbounded time warp,
 * and the Inf its reader takes too (upstream's big_int.otio has one). Outside strings
 * JSON has no other bare words than true, false and null, so these tokens cannot be
 * mistaken for anything else. A UTF-8 byte order mark is ignored.
 */
export function parseOtioJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (first) {
    let out = '';
    let changed = false;
    let inString = false;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (inString) {
        out += ch;
        if (ch === '\\') out += body[++i] ?? '';
        else if (ch === '"') inString = false;
        continue;
      }
      const token = NON_FINITE_TOKENS.find(([t]) => body.startsWith(t, i))?.[0];
      if (token) {
        out += JSON.stringify(`\u0000otio:${token}`);
        i += token.length - 1;
        changed = true;
        continue;
      }
      if (ch === '"') inString = true;
      out += ch;
    }
    if (!changed) throw first;
    return JSON.parse(out, (_key, value: unknown) => NON_FINITE.get(value) ?? value);
  }
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
    const all = Array.isArray(raw.children) ? raw.children.filter((c): c is Json => isObj(c) && schemaName(c) === 'Timeline') : [];
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
  stack.children.forEach((t, ti) => {
    if (!isObj(t) || schemaName(t) !== 'Track') {
      reader.warn(`stack child ${ti}: only tracks are supported at the top level`);
      return;
    }
    const kind = t.kind === 'Audio' ? 'audio' : 'video';
    if (t.kind !== 'Audio' && t.kind !== 'Video') reader.warn(`track ${ti}: unknown kind ${String(t.kind)}, read as video`);
    const index = kind === 'video' ? ++v : ++a;
    const children = Array.isArray(t.children) ? t.children : [];
    const items: Item[] = [];
    children.forEach((c, ci) => {
      if (!isObj(c)) return;
      const item = reader.item(c, `track ${ti} item ${ci}`, rate);
      if (item) items.push(item);
    });
    const windowed = applyWindow(reader, items, t.source_range, rate, `track ${ti}`);
    const metadata = trackMeta(t);
    tracks.push({
      id: newId('t'),
      kind,
      name: typeof t.name === 'string' && t.name ? t.name : `${kind === 'video' ? 'V' : 'A'}${index}`,
      items: windowed,
      enabled: t.enabled !== false,
      muted: false,
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
  // The top-level stack's own name and metadata (multitrack.otio names it "NestedScope").
  if (top === 'Timeline') {
    if (typeof stack.name === 'string' && stack.name && stack.name !== 'tracks') timelineMeta['otio.stack_name'] = stack.name;
    if (Object.keys(meta(stack)).length) timelineMeta['otio.stack_metadata'] = meta(stack);
  }
  const timeline: Timeline = { id: newId('tl'), name, rate, tracks, markers, ...(Object.keys(timelineMeta).length ? { metadata: timelineMeta } : {}) };
  const checked = TimelineSchema.safeParse(timeline);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`Not an OpenTimelineIO file: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid timeline'}`);
  }
  return { timeline: checked.data, references: [...reader.refs.values()], warnings: reader.warnings };
}
