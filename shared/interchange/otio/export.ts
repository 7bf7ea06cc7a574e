// A Segue project as an OpenTimelineIO timeline (`.otio` JSON): Timeline.1 > Stack.1 >
// Track.1 > Clip.2 | Gap.1 | Transition.1, ExternalReference.1 with available_range,
// markers and metadata kept; a timeline marker the importer took from a clip, gap or
// track goes back onto it, in its time, as it was read while unedited. Times are written in their own rate (a 15 fps clip in a
// 30 fps timeline keeps 15 fps source times, as OTIO has them); markers at the timeline
// rate. Generated media carries its provenance in the reference's and the clip's
// metadata under "segue". What importOtio kept under "otio.*" keys (see import.ts) goes
// back where it came from, so OTIO -> Segue -> OTIO keeps references, effects, markers,
// nested compositions, disabled items and fields Segue does not model.
import { RationalTimeSchema, type Clip, type Gap, type Item, type Marker, type Media, type Project, type Track, type Transition } from '../../timeline/model';
import { layoutTrack } from '../../timeline/layout';
import { rescale, type Rate, type RationalTime, type TimeRange } from '../../timeline/time';
import { markerColor, markerFingerprint, markerNote, nestedRangeOf, readRange, readTime } from './import';
import { formatOtioJson } from './json';

type Json = Record<string, unknown>;

const rt = (value: number, rate: Rate): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate: rate.num / rate.den, value });
const range = (start: number, duration: number, rate: Rate): Json => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start, rate), duration: rt(duration, rate) });

/** A file URL for an absolute path (POSIX or Windows), percent-encoding what URLs need. */
export function fileUrl(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  const withRoot = /^[A-Za-z]:\//.test(slashed) ? `/${slashed}` : slashed;
  return `file://${withRoot.split('/').map((s) => encodeURIComponent(s).replace(/%3A/gi, ':')).join('/')}`;
}

function segueMeta(media: Media | undefined): Json | null {
  if (!media) return null;
  const out: Json = { origin: media.origin };
  if (media.provenance) out.provenance = media.provenance;
  return out;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const schemaOf = (o: Json): string => (typeof o.OTIO_SCHEMA === 'string' ? o.OTIO_SCHEMA.replace(/\.\d+$/, '') : '');
/** A time in its own rate (clips from 15 fps media stay at 15 fps, as OTIO has them). */
const own = (t: RationalTime): Json => rt(t.value, t.rate);
const ownRange = (r: TimeRange): Json => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: own(r.start), duration: own(r.duration) });
const sameTime = (a: RationalTime, b: RationalTime) => a.value === b.value && a.rate.num === b.rate.num && a.rate.den === b.rate.den;
const sameRange = (a: TimeRange, b: TimeRange) => sameTime(a.start, b.start) && sameTime(a.duration, b.duration);

/** `raw` (kept by importOtio, see import.ts) while it still reads as `current`; else `current` in its own rate. */
function restoreTime(raw: unknown, current: RationalTime): Json {
  const was = readTime(raw);
  return was && sameTime(was, current) && isObj(raw) ? raw : own(current);
}
function restoreRange(raw: unknown, current: TimeRange): Json {
  const was = readRange(raw);
  return was && sameRange(was, current) && isObj(raw) ? raw : ownRange(current);
}

/**
 * `o` with the fields the importer kept in otio.extra put back. They never replace what
 * the exporter wrote, except the fields named in `restores` (a gap's `enabled: false`, a
 * track `kind` Segue does not know).
 */
function withExtra(o: Json, extra: unknown, restores: readonly string[] = []): Json {
  if (!isObj(extra)) return o;
  const out = { ...o };
  for (const [k, v] of Object.entries(extra)) if (!(k in out) || restores.includes(k)) out[k] = v;
  return out;
}

/**
 * The clip's reference. Online: the file Segue plays, keeping the name, available range
 * and metadata the reference was read with (the clip's source range is measured in that
 * range). Offline: the reference as it was read, else the URL the loader could not find,
 * else a MissingReference.
 */
function reference(media: Media | undefined, rate: Rate, raw: Json | null, offlineUrl: string | null): Json {
  if (media) {
    const frames = media.kind === 'image' ? null : Math.round((media.probe.durationSeconds * rate.num) / rate.den);
    const metadata = { ...(raw && isObj(raw.metadata) ? raw.metadata : {}), ...(media.metadata ?? {}), segue: segueMeta(media) };
    const available = frames === null ? null : range(0, frames, rate);
    if (raw && schemaOf(raw) === 'ExternalReference') return { ...raw, target_url: fileUrl(media.path), available_range: raw.available_range ?? available, metadata };
    return { OTIO_SCHEMA: 'ExternalReference.1', name: media.name, target_url: fileUrl(media.path), available_range: available, metadata };
  }
  if (raw) return offlineUrl && schemaOf(raw) === 'ExternalReference' && raw.target_url !== offlineUrl ? { ...raw, target_url: offlineUrl } : raw;
  if (offlineUrl) return { OTIO_SCHEMA: 'ExternalReference.1', name: '', target_url: offlineUrl, available_range: null, metadata: {} };
  return { OTIO_SCHEMA: 'MissingReference.1', name: '', available_range: null, metadata: {} };
}

/** Segue's own clip fields, in its metadata: the link and the gain (importOtio reads them back). */
function segueClipMeta(c: Clip, media: Media | undefined): Json {
  const seg = segueMeta(media);
  return {
    ...(seg?.provenance ? { segue: { ...seg, ...(c.linkId ? { linkId: c.linkId } : {}) } } : c.linkId ? { segue: { linkId: c.linkId } } : {}),
    ...(c.gainDb !== undefined ? { 'segue.gainDb': c.gainDb } : {}),
  };
}

/** A nested Stack or Track, as it was read, with what was changed on it in Segue. */
function nested(c: Clip, raw: Json, rate: Rate): Json {
  const { 'otio.nested': _raw, ...metadata } = c.metadata ?? {};
  const out: Json = { ...raw };
  if (c.name !== (typeof raw.name === 'string' ? raw.name : '')) out.name = c.name;
  if (c.enabled !== (raw.enabled !== false)) out.enabled = c.enabled;
  if (Object.keys(metadata).length || isObj(raw.metadata)) out.metadata = metadata;
  const was = nestedRangeOf(raw, rate);
  if (!sameTime(was.start, c.sourceRange.start) || !sameTime(was.duration, c.sourceRange.duration)) out.source_range = ownRange(c.sourceRange);
  return out;
}

/** The markers written on a clip or gap, and the timeline frame it starts at. */
interface Held {
  marks: readonly Marker[];
  start: number;
}

function clip(c: Clip, media: Media | undefined, rate: Rate, held: Held): Json {
  const all = c.metadata ?? {};
  if (isObj(all['otio.nested'])) return nested(c, all['otio.nested'], rate);
  const {
    'otio.media_reference': raw,
    'otio.media_references': others,
    'otio.active_media_reference_key': activeKey,
    'otio.markers': markers,
    'otio.effects': effects,
    'otio.extra': extra,
    'otio.source_range': rawRange,
    'segue.offlineUrl': offlineUrl,
    ...metadata
  } = all;
  const key = typeof activeKey === 'string' && activeKey ? activeKey : 'DEFAULT_MEDIA';
  const ref = reference(media, rate, isObj(raw) ? raw : null, typeof offlineUrl === 'string' && offlineUrl ? offlineUrl : null);
  // A file Segue plays counts from 0; the reference's available range may start at the
  // file's timecode (the loader took it off), and OTIO source ranges count from there.
  const kept = media ? readRange(ref.available_range) : null;
  const sourceRange = kept && kept.start.value !== 0 ? { ...c.sourceRange, start: { value: c.sourceRange.start.value + rescale(kept.start, c.sourceRange.start.rate), rate: c.sourceRange.start.rate } } : c.sourceRange;
  // No source_range (the media's whole available range) when the clip had none and still
  // plays exactly that range.
  const available = readRange(ref.available_range);
  const implicit = rawRange === null && 'otio.source_range' in all && available !== null && sameRange(available, sourceRange);
  return withExtra(
    {
      OTIO_SCHEMA: 'Clip.2',
      name: c.name,
      source_range: implicit ? null : restoreRange(rawRange, sourceRange),
      enabled: c.enabled,
      effects: list(effects),
      markers: [...list(markers), ...held.marks.map((m) => markerJson(m, sourceRange.start.value + rescale({ value: m.frame - held.start, rate }, sourceRange.start.rate), sourceRange.start.rate, rate))],
      active_media_reference_key: key,
      media_references: { ...(isObj(others) ? others : {}), [key]: ref },
      metadata: { ...metadata, ...segueClipMeta(c, media) },
    },
    extra,
  );
}

function gap(g: Gap, rate: Rate, held: Held): Json {
  const { 'otio.unknown': unknown, 'otio.name': name, 'otio.markers': markers, 'otio.effects': effects, 'otio.extra': extra, 'otio.source_range': rawRange, ...metadata } = g.metadata ?? {};
  // An item of a schema Segue does not know goes back as it came.
  if (isObj(unknown)) return unknown;
  // A gap's source_range says only its length; one that started elsewhere is kept while
  // the gap keeps that length.
  const was = readRange(rawRange);
  const kept = was && sameTime(was.duration, g.duration) && isObj(rawRange);
  const range = kept ? rawRange : ownRange({ start: { value: 0, rate: g.duration.rate }, duration: g.duration });
  const start = kept ? was.start : { value: 0, rate: g.duration.rate };
  const own = held.marks.map((m) => markerJson(m, start.value + rescale({ value: m.frame - held.start, rate }, start.rate), start.rate, rate));
  const out = { OTIO_SCHEMA: 'Gap.1', name: typeof name === 'string' ? name : '', source_range: range, effects: list(effects), markers: [...list(markers), ...own], enabled: true, metadata };
  return withExtra(out, extra, ['enabled']);
}

function transition(x: Transition): Json {
  const { 'otio.parameters': parameters, 'otio.extra': extra, 'otio.in_offset': rawIn, 'otio.out_offset': rawOut, ...metadata } = x.metadata ?? {};
  return withExtra(
    {
      OTIO_SCHEMA: 'Transition.1',
      name: x.name,
      transition_type: x.transitionType,
      in_offset: restoreTime(rawIn, x.inOffset),
      out_offset: restoreTime(rawOut, x.outOffset),
      parameters: isObj(parameters) ? parameters : {},
      metadata,
    },
    extra,
  );
}

function item(i: Item, media: Map<string, Media>, rate: Rate, held: Held = { marks: [], start: 0 }): Json {
  switch (i.kind) {
    case 'clip':
      return clip(i, i.mediaId ? media.get(i.mediaId) : undefined, rate, held);
    case 'gap':
      return gap(i, rate, held);
    case 'transition':
      return transition(i);
    default: {
      const never: never = i;
      throw new Error(`unknown item ${(never as { kind: string }).kind}`);
    }
  }
}

function track(t: Track, media: Map<string, Media>, rate: Rate, owned: ReadonlyMap<string, Marker[]>): Json {
  const { 'otio.markers': markers, 'otio.effects': effects, 'otio.extra': extra, 'otio.wrapped': wrapped, 'otio.name': otioName, ...metadata } = t.metadata ?? {};
  const placed = layoutTrack(t, rate);
  const held = (i: number): Held => ({ marks: owned.get(placed[i]!.item.id) ?? [], start: placed[i]!.start });
  // An item that sat directly in the top-level stack goes back there.
  if (wrapped === true && t.items.length === 1) return item(t.items[0]!, media, rate, held(0));
  const children = t.items.map((i, k) => item(i, media, rate, held(k)));
  const own = (owned.get(`track:${t.id}`) ?? []).map((m) => markerJson(m, m.frame, rate, rate));
  // Audio tracks are switched off in Segue by muting them (there is no hide for sound).
  const enabled = t.kind === 'audio' ? !t.muted : t.enabled;
  // An unnamed OTIO track keeps no name while Segue's stand-in (V1, A2) is unchanged.
  const name = (typeof otioName === 'string' || otioName === null) && /^[VA]\d+$/.test(t.name) ? (otioName ?? '') : t.name;
  const out = { OTIO_SCHEMA: 'Track.1', name, kind: t.kind === 'video' ? 'Video' : 'Audio', enabled, source_range: null, effects: list(effects), markers: [...list(markers), ...own], children, metadata };
  return withExtra(out, extra, ['kind']);
}

/** A marker's metadata, with its review fields (who, open or resolved, when) under `segue`, without what the importer kept to write it back. */
function markerMetadata(m: Marker): Json {
  const { 'otio.marker': _raw, 'otio.read': _read, 'otio.owner': _owner, ...own } = m.metadata ?? {};
  const review = { ...(m.author ? { author: m.author } : {}), ...(m.status ? { status: m.status } : {}), ...(m.createdAt ? { createdAt: m.createdAt } : {}) };
  return Object.keys(review).length ? { ...own, segue: review } : own;
}

/**
 * A marker as OTIO JSON, starting at `start` in `own` (the time of what holds it; `onHolder`
 * false: the stack's, for a marker whose clip is gone). One the importer read, unedited,
 * on what it was read from, goes back as it was; an edited one keeps what Segue does
 * not show of it (its schema, a Color.1 colour, FCP comments) where still true.
 */
function markerJson(m: Marker, start: number, own: Rate, rate: Rate, onHolder = true): Json {
  const raw = m.metadata?.['otio.marker'];
  const metadata = markerMetadata(m);
  // A marker whose clip is gone is on the stack now: its time as read was the clip's.
  const kept = onHolder || m.metadata?.['otio.owner'] === undefined;
  if (kept && isObj(raw) && m.metadata?.['otio.read'] === markerFingerprint(m)) return { ...raw, metadata };
  const base: Json = isObj(raw) ? { ...raw } : { OTIO_SCHEMA: 'Marker.2' };
  const sameColor = isObj(raw) && markerColor(raw.color) === m.color;
  // Marker.3 writes its colour as a Color.1 object; a new colour goes out as Marker.2's name.
  if (!sameColor && schemaOf(base) === 'Marker' && String(base.OTIO_SCHEMA) !== 'Marker.2') base.OTIO_SCHEMA = 'Marker.2';
  delete base.range;
  return {
    ...base,
    name: m.name,
    color: sameColor ? raw.color : m.color.toUpperCase(),
    marked_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start, own), duration: rt(rescale({ value: m.duration, rate }, own), own) },
    ...(isObj(raw) && markerNote(raw) === m.note ? {} : { comment: m.note }),
    metadata,
  };
}

export function exportOtio(project: Project): Json {
  const tl = project.timeline;
  const rate = tl.rate;
  const media = new Map(project.media.map((m) => [m.id, m]));
  const {
    'otio.global_start_time': start,
    'otio.stack_name': stackName,
    'otio.stack_metadata': stackMetadata,
    'otio.stack_effects': stackEffects,
    'otio.stack_extra': stackExtra,
    'otio.extra': extra,
    ...metadata
  } = tl.metadata ?? {};
  const globalStart = RationalTimeSchema.safeParse(start);
  // Markers the importer took from a clip, gap or track that is still there go back onto it.
  const holders = new Set(tl.tracks.flatMap((t) => [`track:${t.id}`, ...t.items.map((i) => i.id)]));
  const owned = new Map<string, Marker[]>();
  const loose: Marker[] = [];
  for (const m of tl.markers) {
    const owner = m.metadata?.['otio.owner'];
    if (typeof owner === 'string' && holders.has(owner)) owned.set(owner, [...(owned.get(owner) ?? []), m]);
    else loose.push(m);
  }
  // OTIO stacks composite later children on top: the same order as Segue's tracks.
  return withExtra(
    {
      OTIO_SCHEMA: 'Timeline.1',
      name: tl.name,
      global_start_time: globalStart.success ? own(globalStart.data) : null,
      metadata: { ...metadata, segue: { projectId: project.id, settings: project.settings } },
      tracks: withExtra(
        {
          OTIO_SCHEMA: 'Stack.1',
          name: typeof stackName === 'string' && stackName ? stackName : 'tracks',
          source_range: null,
          effects: list(stackEffects),
          markers: loose.map((m) => markerJson(m, m.frame, rate, rate, false)),
          children: tl.tracks.map((t) => track(t, media, rate, owned)),
          metadata: isObj(stackMetadata) ? stackMetadata : {},
        },
        stackExtra,
        ['enabled'],
      ),
    },
    extra,
  );
}

/**
 * exportOtio as the text of an .otio file, indented as OTIO writes it, with the numbers
 * JavaScript cannot hold (NaN, Infinity, big integers, 1.0 as a double) written back as
 * they were read.
 */
export function exportOtioText(project: Project): string {
  return `${formatOtioJson(exportOtio(project), 4)}\n`;
}
