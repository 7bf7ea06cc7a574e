// CMX3600 EDL -> Segue timeline. An EDL does not state its frame rate, so the caller
// gives one (normally the project's); a timecode that cannot exist at that rate is an
// error naming the timecode and the rate. Pure: the media come back as a list of
// references (clip name, reel, media path from `* SOURCE FILE` / `* FROM CLIP` /
// `* FROM FILE`) the main process resolves.
//
// Semantics follow OpenTimelineIO's cmx_3600 adapter: events build a track per channel
// (V, A1, A2...), record-time jumps become gaps, the timeline starts at the first
// event's record in (kept as the global start time in the metadata), a `D nnn` event is
// a SMPTE_Dissolve that starts at the cut (in offset 0, out offset nnn, so the outgoing
// clip runs on under the dissolve), and the zero-length `C` line of a dissolve pair only
// names the outgoing side. `* LOC` comments become timeline markers; `* ASC_SOP` /
// `* ASC_SAT` become the clip's `cdl` metadata (as OTIO reads them); other comments are
// kept in the clip's metadata.
//
// Written by many tools, EDLs vary: Avid numbers audio tracks past A4 (A7, A12) and
// writes six-digit event numbers, Resolve pads lines with spaces and marks speed changes
// with M2 lines whose source length equals the record length, files come with tabs and
// CR or CRLF line ends, and some writers give cut points as plain frame counts. What
// Segue cannot play (speed changes, freeze frames, wipes, keys, overlapping events) is
// read with a warning and the record timing kept exact.
import { newId } from '../../ids';
import { createTrack } from '../../timeline/factory';
import type { Clip, Item, Marker, Timeline, Track, TrackKind } from '../../timeline/model';
import { fps, rt, timecodeBase, type Rate } from '../../timeline/time';
import { parseChannels, sortChannels, type Channel } from './channels';
import { describeRate, formatEdlTimecode, isDropFrameRate, parseTimecode, TimecodeError } from './timecode';
import { LineError } from '../lineError';

export interface EdlImportOptions {
  /** the EDL's frame rate (EDLs do not state it); normally the project rate */
  rate: Rate;
  /** timeline name; default the EDL's TITLE */
  name?: string;
  /**
   * Record timecode of timeline frame 0. Default: the first event's record in, so the
   * timeline starts with the first event.
   */
  recordStart?: string;
}

export interface EdlGeneratedProvenance {
  provider: string;
  model: string;
  prompt: string;
  jobId: string;
}

export interface EdlMediaRef {
  mediaId: string;
  name: string;
  sourceFile?: string;
  reel: string;
  /** from a `* SEGUE GENERATED` comment: the media was generated */
  generated?: EdlGeneratedProvenance;
}

export interface EdlImport {
  timeline: Timeline;
  references: EdlMediaRef[];
  warnings: string[];
}

export class EdlParseError extends LineError {
  override name = 'EdlParseError';
  constructor(line: number, message: string) {
    super('EDL', line, message);
  }
}

/** ASC CDL values, in OTIO's `cdl` metadata shape. */
interface Cdl {
  asc_sop?: { slope: number[]; offset: number[]; power: number[] };
  asc_sat?: number;
}

interface EventLine {
  line: number;
  /** the event number as written (001, 000001) */
  num: string;
  reel: string;
  channels: Channel[];
  type: 'C' | 'D' | 'W' | 'K';
  /** the raw effect field, e.g. W001, KB */
  effect: string;
  transition: number;
  srcIn: number;
  srcOut: number;
  recIn: number;
  recOut: number;
  fromName?: string;
  toName?: string;
  /** `* CLIP NAME:` / `* KEY CLIP NAME:` */
  clipName?: string;
  /** `* SOURCE FILE:` */
  sourceFile?: string;
  /** `* FROM CLIP:` / `* FROM FILE:` (the media path of a cut's clip) */
  fromFile?: string;
  /** `* TO CLIP:` / `* TO FILE:` (the incoming clip of a dissolve) */
  toFile?: string;
  /** `* OTIO REFERENCE FROM:` */
  otioReference?: string;
  generated?: EdlGeneratedProvenance;
  segueInOffset?: number;
  comments: string[];
  /** the zero-length C line that opens this dissolve pair */
  pairFrom?: EventLine;
  /** an M2 line: the speed in frames per second (0 = freeze frame) */
  motion?: { fps: number; line: number };
  freeze?: boolean;
  cdl?: Cdl;
  /** DaVinci Resolve's marker comment (`|C:ResolveColorBlue |M:name |D:1`): the event is a marker */
  resolveMarker?: { name: string; color: Marker['color']; duration: number };
}

const BLACK = new Set(['BL', 'BLK', 'BLACK']);
const TC = String.raw`\d{1,2}[:;.,]\d{2}[:;.,]\d{2}[:;.,]\d{2,3}`;
/** a timecode, or a plain frame count (some writers give cut points as frames) */
const TCF = String.raw`(?:${TC}|\d+)`;
// The reel may hold spaces (the channel and effect fields that follow settle where it ends).
const EVENT = new RegExp(String.raw`^(\d+)\s+(.+?)\s+(\S+)\s+(C|D|W\d{3}|KB|K\s+B|KO|K\s+O|K)(?:\s+(\d{1,4}))?\s+(${TCF})\s+(${TCF})\s+(${TCF})\s+(${TCF})\s*$`, 'i');
// M2 REEL SPEED [REFERENCE FIELDS] ENTRY-TC; the reel is one word and may be left out.
const M2 = new RegExp(String.raw`^M2\s+(?:(\S+)\s+)?([-+]?\d{1,4}(?:\.\d*)?)\s+(?:\S+\s+)*?([-+]?${TC})\s*$`, 'i');
const COMMENT_KEY = /^([A-Z][A-Z0-9 _]*?)\s*:\s*(.*)$/i;
const LOC = /^(\S+)(?:\s+(\S+))?(?:\s+(.*))?$/;
const ASC = /^ASC_(SOP|SAT)\b\s*:?\s*(.*)$/i;
const COLORS: ReadonlyMap<string, Marker['color']> = new Map([
  ['RED', 'red'],
  ['ORANGE', 'orange'],
  ['YELLOW', 'yellow'],
  ['GREEN', 'green'],
  ['CYAN', 'cyan'],
  ['BLUE', 'blue'],
  ['PURPLE', 'purple'],
  ['MAGENTA', 'purple'],
  ['PINK', 'pink'],
  ['WHITE', 'white'],
  ['BLACK', 'white'],
]);
// DaVinci Resolve's marker colours (ResolveColorBlue...) that are not CMX colour words.
const RESOLVE_COLORS: ReadonlyMap<string, Marker['color']> = new Map([
  ['FUCHSIA', 'pink'],
  ['ROSE', 'pink'],
  ['LAVENDER', 'purple'],
  ['SKY', 'cyan'],
  ['MINT', 'green'],
  ['LEMON', 'yellow'],
  ['SAND', 'orange'],
  ['COCOA', 'orange'],
  ['CREAM', 'white'],
]);
// Note lines that carry no timing of their own: kept as comments of the event before.
// SPLIT (a split edit) needs nothing more, the events carry their own record times.
const QUIET_NOTES = /^(SPLIT\b|EFFECTS NAME IS\b|REM\b|COMMENT\b|NOTE\b|>>>|DLEDL\b|BLEND\b)/i;
const UNSUPPORTED_NOTES = /^(AUD\b|SWM\b|GPI\b|M\/S\b|%)/i;

/** A line quoted in a message: cut short, control characters shown as `?`. */
// eslint-disable-next-line no-control-regex
const quote = (text: string, max: number): string => text.slice(0, max).replace(/[\u0000-\u001f\u007f]/g, '?');

/** Event numbers compare without their zero padding (055 = 000055). */
const sameNumber = (a: string, b: string): boolean => a.replace(/^0+(?=\d)/, '') === b.replace(/^0+(?=\d)/, '');

/** True when a media path's file name is `name` (with or without its extension). */
function fileIsNamed(file: string, name: string | undefined): boolean {
  if (!name) return false;
  const base = (file.split(/[\\/]/).pop() ?? file).toLowerCase();
  const n = name.toLowerCase();
  const stem = (s: string) => s.replace(/\.[^.]*$/, '');
  return base === n || stem(base) === n || stem(base) === stem(n);
}

/** Numbers of an ASC_SOP value, `(s s s)(o o o)(p p p)` with or without commas. */
function parseSop(text: string): Cdl['asc_sop'] | null {
  const groups = [...text.matchAll(/\(([^)]*)\)/g)].map((g) => g[1]!.split(/[\s,]+/).filter(Boolean).map(Number));
  if (groups.length !== 3 || groups.some((g) => g.length !== 3 || g.some((n) => !Number.isFinite(n)))) return null;
  return { slope: groups[0]!, offset: groups[1]!, power: groups[2]! };
}

class Parser {
  readonly warnings: string[] = [];
  readonly events: EventLine[] = [];
  readonly locs: { line: number; frames: number; color: Marker['color']; colorWord?: string; name: string; event: string }[] = [];
  readonly headerComments: string[] = [];
  title = '';
  /** a drop-frame record timecode was read: messages show record times that way */
  sawDrop = false;
  /**
   * Frame code modes. The FCM line of the header is the record's (the master tape's); an
   * FCM line between events is the source tapes' from there on (Final Cut Pro's and the
   * CMX manuals' reading).
   */
  private recordDrop = false;
  private sourceDrop = false;

  constructor(private readonly rate: Rate) {}

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  tc(text: string, line: number, side: 'source' | 'record' = 'record'): number {
    if (/^\d+$/.test(text)) {
      // A frame count, as some writers give cut points; more than 99 hours of frames is not one.
      const frames = Number(text);
      if (frames >= 100 * 3600 * timecodeBase(this.rate)) throw new EdlParseError(line, `frame count ${quote(text, 24)} is past 99 hours at ${describeRate(this.rate)}`);
      return frames;
    }
    try {
      const tc = parseTimecode(text, this.rate, { dropFrame: side === 'record' ? this.recordDrop : this.sourceDrop });
      if (tc.dropFrame && side === 'record') this.sawDrop = true;
      return tc.frames;
    } catch (e) {
      if (e instanceof TimecodeError) throw new EdlParseError(line, `${e.message}${/impossible at/.test(e.message) ? ' (is the EDL at another frame rate?)' : ''}`);
      throw e;
    }
  }

  parse(text: string): void {
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    lines.forEach((raw, i) => this.line(raw.trim(), i + 1));
  }

  private line(text: string, line: number): void {
    if (!text) return;
    const last = this.events[this.events.length - 1];
    if (/^\d/.test(text)) return this.event(text, line);
    if (text.startsWith('*')) return this.comment(text.slice(1).trim(), line, last);
    if (text.startsWith('|')) return this.comment(text, line, last);
    const fcm = /^FCM\b\s*:?\s*(.*)$/i.exec(text);
    if (fcm) return this.frameCodeMode(fcm[1]!.trim(), line);
    const key = COMMENT_KEY.exec(text);
    const name = key?.[1]!.toUpperCase().replace(/\s+/g, ' ');
    if (name === 'TITLE') {
      this.title = key![2]!.trim();
      return;
    }
    if (/^M2\b/i.test(text)) return this.motion(text, line, last);
    if (QUIET_NOTES.test(text) || UNSUPPORTED_NOTES.test(text)) {
      if (last) last.comments.push(text);
      else this.headerComments.push(text);
      if (UNSUPPORTED_NOTES.test(text)) this.warn(`line ${line}: "${quote(text, 40)}" not supported; kept as a comment`);
      return;
    }
    // Comments written without the leading `*` (FROM CLIP NAME: ..., SOURCE FILE: ...).
    if (key) return this.comment(text, line, last);
    throw new EdlParseError(line, `not a CMX3600 line: "${quote(text, 80)}"`);
  }

  private frameCodeMode(value: string, line: number): void {
    const v = value.toUpperCase().replace(/[\s_-]+/g, '');
    let drop: boolean;
    if (v === 'DROPFRAME' || v === 'DROP' || v === 'DF') drop = true;
    else if (v === 'NONDROPFRAME' || v === 'NONDROP' || v === 'NDF') drop = false;
    else throw new EdlParseError(line, `unknown frame code mode "${value}" (expected DROP FRAME or NON-DROP FRAME)`);
    const header = this.events.length === 0;
    if (drop && !isDropFrameRate(this.rate)) {
      const why = `drop-frame timecode exists only at 29.97 and 59.94 fps, not at ${describeRate(this.rate)}`;
      if (header) throw new EdlParseError(line, `FCM: DROP FRAME, but ${why} (is the EDL at 29.97 fps?)`);
      this.warn(`line ${line}: FCM: DROP FRAME for the sources, but ${why}; their timecodes are read as non-drop`);
      drop = false;
    }
    if (header) this.recordDrop = drop;
    this.sourceDrop = drop;
  }

  /** `M2 REEL SPEED [..] ENTRY-TC`: the event before plays at SPEED frames per second. */
  private motion(text: string, line: number, ev: EventLine | undefined): void {
    const m = M2.exec(text);
    const speed = m ? Number(m[2]) : NaN;
    if (!ev || !Number.isFinite(speed)) {
      this.warn(`line ${line}: motion effect "${quote(text, 60)}" not understood; ignored`);
      return;
    }
    ev.motion = { fps: speed, line };
    ev.comments.push(text);
  }

  private comment(text: string, line: number, ev: EventLine | undefined): void {
    if (!ev) {
      // Header comments belong to no clip.
      this.headerComments.push(text);
      return;
    }
    if (text.startsWith('|')) return this.resolveMarker(text, ev);
    if (/^\*?\s*FREEZE FRAME\b/i.test(text)) {
      ev.freeze = true;
      ev.comments.push(text);
      return;
    }
    const asc = ASC.exec(text);
    if (asc) return this.cdl(asc[1]!.toUpperCase(), asc[2]!.trim(), text, line, ev);
    const key = COMMENT_KEY.exec(text);
    const name = key?.[1]!.toUpperCase().replace(/\s+/g, ' ');
    const value = key?.[2]!.trim() ?? '';
    const dissolve = ev.type === 'D' || ev.type === 'W';
    switch (name) {
      case 'FROM CLIP NAME':
        if (ev.pairFrom && !ev.pairFrom.fromName) ev.pairFrom.fromName = value;
        else ev.fromName = value;
        return;
      case 'TO CLIP NAME':
        ev.toName = value;
        return;
      case 'CLIP NAME':
      case 'KEY CLIP NAME':
        ev.clipName = value;
        return;
      case 'SOURCE FILE':
        if (value && value.toUpperCase() !== '(NULL)') ev.sourceFile = value;
        else ev.comments.push(text);
        return;
      case 'FROM CLIP':
      case 'FROM FILE':
        // In a dissolve the FROM side is the outgoing clip, already on the track.
        if (!dissolve && value) ev.fromFile = value;
        ev.comments.push(text);
        return;
      case 'TO CLIP':
      case 'TO FILE':
        if (value) ev.toFile = value;
        ev.comments.push(text);
        return;
      case 'OTIO REFERENCE FROM':
        if (value) ev.otioReference = value;
        ev.comments.push(text);
        return;
      case 'SEGUE GENERATED': {
        const parts = value.split(' / ');
        if (parts.length >= 4) {
          ev.generated = { provider: parts[0]!, model: parts[1]!, prompt: parts.slice(2, -1).join(' / '), jobId: parts[parts.length - 1]! };
        } else this.warn(`line ${line}: SEGUE GENERATED comment without provider / model / prompt / job id`);
        ev.comments.push(text);
        return;
      }
      case 'SEGUE DISSOLVE IN OFFSET': {
        const n = Number(value);
        if (Number.isSafeInteger(n) && n >= 0) ev.segueInOffset = n;
        return;
      }
      case 'LOC': {
        const m = LOC.exec(value);
        if (!m) throw new EdlParseError(line, `LOC without a timecode`);
        const frames = this.tc(m[1]!, line);
        const colorWord = m[2]?.toUpperCase();
        const color = colorWord ? COLORS.get(colorWord) : undefined;
        const label = color ? (m[3] ?? '') : [m[2], m[3]].filter(Boolean).join(' ');
        this.locs.push({ line, frames, color: color ?? 'red', ...(color ? { colorWord } : {}), name: label.trim(), event: ev.num });
        ev.comments.push(text);
        return;
      }
      default:
        ev.comments.push(text);
    }
  }

  private cdl(kind: string, value: string, text: string, line: number, ev: EventLine): void {
    ev.comments.push(text);
    if (kind === 'SOP') {
      const sop = parseSop(value);
      if (sop) ev.cdl = { ...ev.cdl, asc_sop: sop };
      else this.warn(`line ${line}: ASC_SOP needs three groups of three numbers; kept as a comment`);
    } else {
      const sat = Number(value);
      if (value && Number.isFinite(sat)) ev.cdl = { ...ev.cdl, asc_sat: sat };
      else this.warn(`line ${line}: ASC_SAT needs a number; kept as a comment`);
    }
  }

  private resolveMarker(text: string, ev: EventLine): void {
    ev.comments.push(text);
    const field = (k: string) => new RegExp(String.raw`\|${k}:(.*?)\s*(?=\|[A-Z]:|$)`, 'i').exec(text)?.[1]?.trim();
    const word = (field('C') ?? '').replace(/^ResolveColor/i, '').toUpperCase();
    const duration = Number(field('D') ?? '0');
    ev.resolveMarker = {
      name: field('M') ?? '',
      color: COLORS.get(word) ?? RESOLVE_COLORS.get(word) ?? 'blue',
      duration: Number.isSafeInteger(duration) && duration > 1 ? duration : 0,
    };
  }

  private event(text: string, line: number): void {
    const m = EVENT.exec(text);
    if (!m) throw new EdlParseError(line, `malformed event line (expected "NNN REEL CHANNELS C|D nnn SRC-IN SRC-OUT REC-IN REC-OUT"): "${quote(text, 100)}"`);
    const channels = parseChannels(m[3]!);
    if (!channels) throw new EdlParseError(line, `unknown channel field "${m[3]}" (expected V, A, A2..A99, AA, B, A2/V, AA/V, NONE...)`);
    const effect = m[4]!.toUpperCase().replace(/\s+/g, '');
    const type = effect === 'C' ? 'C' : effect === 'D' ? 'D' : effect.startsWith('W') ? 'W' : 'K';
    const transition = m[5] === undefined ? 0 : Number(m[5]);
    if ((type === 'D' || type === 'W') && m[5] === undefined) throw new EdlParseError(line, `a ${effect} event needs a transition length`);
    let [srcIn, srcOut] = [m[6], m[7]].map((t) => this.tc(t!, line, 'source')) as [number, number];
    const [recIn, recOut] = [m[8], m[9]].map((t) => this.tc(t!, line)) as [number, number];
    if (recOut < recIn) throw new EdlParseError(line, `record out ${m[9]} is before record in ${m[8]}`);
    if (srcOut < srcIn) {
      this.warn(`line ${line}: source out ${m[7]} is before source in ${m[6]} (reverse play?); read forwards from ${m[7]}`);
      [srcIn, srcOut] = [srcOut, srcIn];
    }
    const ev: EventLine = { line, num: m[1]!, reel: m[2]!.trim(), channels, type, effect, transition, srcIn, srcOut, recIn, recOut, comments: [] };
    const prev = this.events[this.events.length - 1];
    if ((type === 'D' || type === 'W') && prev && sameNumber(prev.num, ev.num) && prev.type === 'C' && prev.recIn === prev.recOut) ev.pairFrom = prev;
    if (type === 'W') this.warn(`line ${line}: wipe ${effect} read as a dissolve`);
    this.events.push(ev);
  }
}

interface Lane {
  track: Track;
  /** record frame (relative) where the lane's last item ends */
  end: number;
  items: Item[];
}

/** The name of the clip an event puts on the track ('' for black). */
function clipNameOf(e: EventLine, black: boolean): string {
  // In a dissolve the FROM names are the outgoing side; a cut or key names its own clip.
  let named = e.type === 'D' || e.type === 'W' ? e.toName || e.clipName : e.fromName || e.clipName || e.toName;
  // Avid marks a freeze frame's clip name with " FF" (OTIO's reader takes it off too).
  if (named && (e.freeze || e.motion?.fps === 0)) named = named.replace(/\s+FF$/, '');
  return named || (black ? '' : e.reel);
}

/**
 * The media path of the clip an event puts on the track. Avid writes a dissolve's
 * `SOURCE FILE` for its outgoing clip; Segue writes it for the incoming one: a file named
 * like the FROM clip (and not the TO clip) belongs to the outgoing side.
 */
function mediaPathOf(e: EventLine): string | undefined {
  const dissolve = e.type === 'D' || e.type === 'W';
  const fromName = e.pairFrom?.fromName ?? e.fromName;
  const source = e.sourceFile && dissolve && fileIsNamed(e.sourceFile, fromName) && !fileIsNamed(e.sourceFile, e.toName) ? undefined : e.sourceFile;
  const candidates = [source, dissolve ? e.toFile : e.fromFile, e.otioReference].filter((p): p is string => !!p);
  // A full path says more than a bare file name.
  return candidates.find((p) => /[\\/]/.test(p)) ?? candidates[0];
}

export function importEdl(text: string, options: EdlImportOptions): EdlImport {
  const rate = options.rate;
  const p = new Parser(rate);
  p.parse(text);
  if (p.events.length === 0) throw new Error('EDL: no events found');

  let first = Infinity;
  for (const e of p.events) first = Math.min(first, e.recIn);
  const origin = options.recordStart !== undefined ? parseTimecode(options.recordStart, rate).frames : first;
  const showTc = (frames: number): string => {
    try {
      return formatEdlTimecode(frames, rate, p.sawDrop);
    } catch {
      return `frame ${frames}`; // past 99:59:59 (a list of frame counts)
    }
  };
  for (const e of p.events) if (e.recIn < origin) throw new EdlParseError(e.line, `record in is before the record start ${options.recordStart}`);

  // Names and media paths; a clip without a path takes the one another event of the same
  // reel and clip name gives (Avid names the file once, not in every dissolve).
  const names = new Map<EventLine, string>();
  const paths = new Map<EventLine, string>();
  const known = new Map<string, string>();
  for (const e of p.events) {
    const name = clipNameOf(e, BLACK.has(e.reel.toUpperCase()));
    names.set(e, name);
    const file = mediaPathOf(e);
    if (file) {
      paths.set(e, file);
      if (!known.has(`${e.reel}\u0000${name}`)) known.set(`${e.reel}\u0000${name}`, file);
    }
  }
  for (const e of p.events) {
    const file = paths.get(e) ?? known.get(`${e.reel}\u0000${names.get(e)}`);
    if (file) paths.set(e, file);
  }

  const references = new Map<string, EdlMediaRef>();
  const reference = (e: EventLine, name: string): string => {
    const file = paths.get(e);
    // AX is an unknown source: unnamed AX events are not one medium.
    const anonymous = !file && e.reel.toUpperCase() === 'AX' && name === e.reel;
    const key = file ? `f:${file}` : anonymous ? `e:${e.line}` : `r:${e.reel}\u0000${name}`;
    let ref = references.get(key);
    if (!ref) {
      ref = { mediaId: newId('m'), name, reel: e.reel, ...(file ? { sourceFile: file } : {}), ...(e.generated ? { generated: e.generated } : {}) };
      references.set(key, ref);
    }
    return ref.mediaId;
  };

  const lanes = new Map<Channel, Lane[]>();
  const counts = { video: 0, audio: 0 };
  const newLane = (channel: Channel): Lane => {
    const kind: TrackKind = channel === 'V' ? 'video' : 'audio';
    const list = lanes.get(channel) ?? [];
    counts[kind]++;
    const track = createTrack(kind, counts[kind]);
    track.name = list.length === 0 ? channel : `${channel}.${list.length + 1}`;
    const lane: Lane = { track, end: 0, items: [] };
    list.push(lane);
    lanes.set(channel, list);
    return lane;
  };
  const gapTo = (lane: Lane, at: number) => {
    if (at > lane.end) lane.items.push({ kind: 'gap', id: newId('g'), duration: rt(at - lane.end, rate) });
    lane.end = Math.max(lane.end, at);
  };

  const markers: Marker[] = [];
  const mismatched: string[] = [];
  const noSource: string[] = [];
  // Events in record order (C-mode and other sorted lists need not be); a stable sort keeps
  // the two lines of a dissolve together.
  const ordered = p.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.recIn - b.e.recIn || a.i - b.i);
  for (const { e } of ordered) {
    const recIn = e.recIn - origin;
    const recOut = e.recOut - origin;
    const length = recOut - recIn;
    if (e.resolveMarker) {
      const m = e.resolveMarker;
      markers.push({ id: newId('k'), name: m.name, frame: recIn, duration: m.duration, color: m.color, note: '', metadata: { edl: { event: e.num } } });
      continue;
    }
    // The zero-length C line of a dissolve pair only names the outgoing side (a zero-length
    // key background likewise only says what the key goes over).
    if (length === 0 && (e.type === 'C' || e.effect === 'KB')) continue;
    if (e.channels.length === 0) {
      p.warn(`line ${e.line}: event ${e.num} is on no track (NONE); skipped`);
      continue;
    }
    if ((e.type === 'D' || e.type === 'W') && e.transition === 0) p.warn(`line ${e.line}: event ${e.num}: ${e.effect} of 0 frames read as a cut`);
    const isTransition = (e.type === 'D' || e.type === 'W') && e.transition > 0;
    const black = BLACK.has(e.reel.toUpperCase());
    const name = names.get(e)!;
    const srcLength = e.srcOut - e.srcIn;
    const speed = e.motion?.fps;
    const keeps = `the clip keeps its record length of ${length} frame${length === 1 ? '' : 's'} and plays at normal speed`;
    if (e.freeze || speed === 0) p.warn(`line ${e.motion?.line ?? e.line}: event ${e.num}: freeze frame not applied; ${keeps}`);
    else if (speed !== undefined) p.warn(`line ${e.motion!.line}: event ${e.num}: speed change to ${speed} fps (M2) not applied; ${keeps}`);
    else if (!black && srcLength === 0 && length > 0) noSource.push(e.num);
    else if (!black && srcLength !== length) mismatched.push(`line ${e.line}: source length ${srcLength} differs from record length ${length} (a speed change?); the clip keeps the record length`);
    const linkId = !black && e.channels.length > 1 && e.channels.includes('V') ? newId('l') : undefined;
    const mediaId = black ? null : reference(e, name);
    const sourceFile = paths.get(e);
    for (const channel of e.channels) {
      const list = lanes.get(channel) ?? [];
      let lane: Lane | undefined;
      let transition = false;
      if (isTransition) {
        lane = list.find((l) => l.end === recIn && l.items.length > 0);
        if (lane) transition = true;
        else {
          lane = list.find((l) => l.end < recIn);
          if (lane) transition = true; // dissolve out of black: the gap is the outgoing side
        }
        if (!transition) p.warn(`line ${e.line}: event ${e.num} dissolves from nothing at the start of ${channel}; read as a cut`);
      }
      lane ??= list.find((l) => l.end <= recIn);
      if (!lane) {
        lane = newLane(channel);
        const over = list.find((l) => l.end > recIn);
        if (over && e.type !== 'K') {
          p.warn(`line ${e.line}: event ${e.num} (record ${showTc(e.recIn)}) overlaps an earlier event on ${channel} that runs to ${showTc(over.end + origin)}; placed on an extra track ${lane.track.name}`);
        }
      }
      if (e.type === 'K') {
        const above = lane !== list[0] && list.length > 0;
        p.warn(`line ${e.line}: event ${e.num}: key (${e.effect}) read as a cut${above ? `, laid over its background on track ${lane.track.name}` : ''}`);
      }
      gapTo(lane, recIn);
      // Black to black (a gap dissolving into a black event) shows nothing: a cut.
      if (transition && black && lane.items[lane.items.length - 1]?.kind === 'gap') transition = false;
      let inOffset = 0;
      let frames = e.transition;
      if (transition) {
        if (frames > length) {
          p.warn(`line ${e.line}: dissolve of ${frames} frames is longer than its event (${length}); shortened`);
          frames = length;
        }
        const prev = lane.items[lane.items.length - 1]!;
        inOffset = Math.min(e.segueInOffset ?? 0, frames, length);
        // A Segue export moved the cut back by the in offset: move it forward again.
        if (inOffset > 0) {
          if (prev.kind === 'clip') prev.sourceRange = { ...prev.sourceRange, duration: rt(prev.sourceRange.duration.value + inOffset, rate) };
          else if (prev.kind === 'gap') prev.duration = rt(prev.duration.value + inOffset, rate);
        }
        const from = e.pairFrom?.fromName || (prev.kind === 'clip' ? prev.name : 'black');
        lane.items.push({
          kind: 'transition',
          id: newId('x'),
          name: `SMPTE_Dissolve from ${from} to ${black ? 'black' : name}`,
          transitionType: 'SMPTE_Dissolve',
          inOffset: rt(inOffset, rate),
          outOffset: rt(frames - inOffset, rate),
          ...(e.type === 'W' ? { metadata: { edl: { effect: e.effect } } } : {}),
        });
      }
      const itemLength = length - inOffset;
      if (black) {
        lane.items.push({ kind: 'gap', id: newId('g'), duration: rt(itemLength, rate), metadata: { edl: { event: e.num, reel: e.reel } } });
      } else {
        const clip: Clip = {
          kind: 'clip',
          id: newId('c'),
          name,
          mediaId,
          sourceRange: { start: rt(e.srcIn + inOffset, rate), duration: rt(itemLength, rate) },
          enabled: true,
          ...(linkId ? { linkId } : {}),
          metadata: {
            edl: {
              event: e.num,
              reel: e.reel,
              channels: e.channels,
              ...(e.type === 'K' ? { effect: e.effect } : {}),
              ...(sourceFile ? { sourceFile } : {}),
              ...(e.freeze || speed === 0 ? { freezeFrame: true } : speed !== undefined ? { speed: { fps: speed, timeScalar: Number((speed / fps(rate)).toFixed(6)) } } : {}),
              ...(e.comments.length ? { comments: e.comments } : {}),
            },
            ...(e.cdl ? { cdl: e.cdl } : {}),
            ...(e.generated ? { 'segue.provenance': e.generated } : {}),
          },
        };
        lane.items.push(clip);
      }
      lane.end = recOut;
    }
  }

  // One line each for the first few, then a count: a long list need not bury the rest.
  for (const w of mismatched.slice(0, 5)) p.warn(w);
  if (mismatched.length > 5) p.warn(`${mismatched.length - 5} more events whose source and record lengths differ; their clips keep the record length`);
  if (noSource.length) {
    const list = noSource.length > 6 ? `${noSource.slice(0, 6).join(', ')}… (${noSource.length} events)` : noSource.join(', ');
    p.warn(`event${noSource.length === 1 ? '' : 's'} ${list}: source in equals source out (no source timecode); the clip runs from the source in for its record length`);
  }

  const tracks: Track[] = [];
  for (const channel of sortChannels([...lanes.keys()])) {
    for (const lane of lanes.get(channel)!) tracks.push({ ...lane.track, items: mergeGaps(lane.items) });
  }
  // A list of markers only (or of events on no track) still opens, on an empty track.
  if (tracks.length === 0) tracks.push({ ...createTrack('video', 1), name: 'V' });
  for (const loc of p.locs) {
    const frame = loc.frames - origin;
    if (frame < 0) {
      p.warn(`line ${loc.line}: locator before the start of the timeline; dropped`);
      continue;
    }
    markers.push({ id: newId('k'), name: loc.name, frame, duration: 0, color: loc.color, note: '', metadata: { edl: { event: loc.event, ...(loc.colorWord ? { color: loc.colorWord } : {}) } } });
  }
  markers.sort((a, b) => a.frame - b.frame);
  const timeline: Timeline = {
    id: newId('tl'),
    name: options.name ?? (p.title || 'EDL'),
    rate,
    tracks,
    markers,
    metadata: {
      edl: { title: p.title, recordStart: origin, recordStartTimecode: showTc(origin), ...(p.headerComments.length ? { comments: p.headerComments } : {}) },
      // Where the cut sits in record time, as OTIO's global_start_time.
      'otio.global_start_time': rt(origin, rate),
    },
  };
  return { timeline, references: [...references.values()], warnings: p.warnings };
}

/** Neighbouring gaps (a black event next to a record jump) become one. */
function mergeGaps(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    const prev = out[out.length - 1];
    if (item.kind === 'gap' && prev?.kind === 'gap') {
      out[out.length - 1] = { ...prev, duration: rt(prev.duration.value + item.duration.value, prev.duration.rate) };
    } else out.push(item);
  }
  return out;
}
