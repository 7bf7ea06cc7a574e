// CMX3600 EDL -> Segue timeline. An EDL does not state its frame rate, so the caller
// gives one (normally the project's); a timecode that cannot exist at that rate is an
// error naming the timecode and the rate. Pure: the media come back as a list of
// references (clip name, reel, `* SOURCE FILE` path) the main process resolves.
//
// Semantics follow OpenTimelineIO's cmx_3600 adapter: events build a track per channel
// (V, A1, A2...), record-time jumps become gaps, the timeline starts at the first
// event's record in, a `D nnn` event is a SMPTE_Dissolve that starts at the cut (in
// offset 0, out offset nnn, so the outgoing clip runs on under the dissolve), and the
// zero-length `C` line of a dissolve pair only names the outgoing side. `* LOC`
// comments become timeline markers; other comments are kept in the clip's metadata.
import { newId } from '../../ids';
import { createTrack } from '../../timeline/factory';
import type { Clip, Item, Marker, Timeline, Track, TrackKind } from '../../timeline/model';
import { rt, type Rate } from '../../timeline/time';
import { parseChannels, sortChannels, type Channel } from './channels';
import { describeRate, isDropFrameRate, parseTimecode, TimecodeError } from './timecode';

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

export class EdlParseError extends Error {
  override name = 'EdlParseError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`EDL line ${line}: ${message}`);
  }
}

interface EventLine {
  line: number;
  num: string;
  reel: string;
  channels: Channel[];
  type: 'C' | 'D' | 'W' | 'K';
  /** the raw effect field, e.g. W001 */
  effect: string;
  transition: number;
  srcIn: number;
  srcOut: number;
  recIn: number;
  recOut: number;
  fromName?: string;
  toName?: string;
  sourceFile?: string;
  generated?: EdlGeneratedProvenance;
  segueInOffset?: number;
  comments: string[];
  /** the zero-length C line that opens this dissolve pair */
  pairFrom?: EventLine;
}

const BLACK = new Set(['BL', 'BLK', 'BLACK']);
const TC = String.raw`\d{1,2}[:.]\d{2}[:.]\d{2}[:.;,]\d{2,3}`;
const EVENT = new RegExp(String.raw`^(\d+)\s+(\S+)\s+(\S+)\s+(C|D|W\d{3}|KB|K\s+B|KO|K\s+O|K)(?:\s+(\d+))?\s+(${TC})\s+(${TC})\s+(${TC})\s+(${TC})\s*$`, 'i');
const COMMENT_KEY = /^([A-Z][A-Z0-9 _]*?)\s*:\s*(.*)$/i;
const LOC = /^(\S+)(?:\s+(\S+))?(?:\s+(.*))?$/;
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

class Parser {
  readonly warnings: string[] = [];
  readonly events: EventLine[] = [];
  readonly locs: { line: number; frames: number; color: Marker['color']; name: string }[] = [];
  title = '';
  private drop = false;

  constructor(private readonly rate: Rate) {}

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  tc(text: string, line: number): number {
    try {
      return parseTimecode(text, this.rate, { dropFrame: this.drop }).frames;
    } catch (e) {
      if (e instanceof TimecodeError) throw new EdlParseError(line, e.message);
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
    const key = COMMENT_KEY.exec(text);
    const name = key?.[1]!.toUpperCase().replace(/\s+/g, ' ');
    if (name === 'TITLE') {
      this.title = key![2]!.trim();
      return;
    }
    if (name === 'FCM') {
      const v = key![2]!.trim().toUpperCase();
      if (v.startsWith('DROP')) {
        if (!isDropFrameRate(this.rate)) throw new EdlParseError(line, `FCM: DROP FRAME, but drop-frame timecode exists only at 29.97 and 59.94 fps, not at ${describeRate(this.rate)}`);
        this.drop = true;
      } else if (v.startsWith('NON')) this.drop = false;
      else throw new EdlParseError(line, `unknown frame code mode "${key![2]}"`);
      return;
    }
    if (/^M2\s/i.test(text)) {
      this.warn(`line ${line}: motion effect (M2) not applied; the clip plays at normal speed`);
      return;
    }
    if (/^(SPLIT|>>>|AUD\b|EFFECTS NAME IS|SWM|COMMENT)/i.test(text)) {
      if (last) last.comments.push(text);
      this.warn(`line ${line}: "${text.slice(0, 40)}" not supported; kept as a comment`);
      return;
    }
    // Comments written without the leading `*` (FROM CLIP NAME: ..., SOURCE FILE: ...).
    if (key) return this.comment(text, line, last);
    throw new EdlParseError(line, `not a CMX3600 line: "${text.slice(0, 80)}"`);
  }

  private comment(text: string, line: number, ev: EventLine | undefined): void {
    if (!ev) return; // header comments
    const key = COMMENT_KEY.exec(text);
    const name = key?.[1]!.toUpperCase().replace(/\s+/g, ' ');
    const value = key?.[2]!.trim() ?? '';
    switch (name) {
      case 'FROM CLIP NAME':
        if (ev.pairFrom && !ev.pairFrom.fromName) ev.pairFrom.fromName = value;
        else ev.fromName = value;
        return;
      case 'TO CLIP NAME':
        ev.toName = value;
        return;
      case 'SOURCE FILE':
        ev.sourceFile = value;
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
        this.locs.push({ line, frames, color: color ?? 'red', name: label.trim() });
        ev.comments.push(text);
        return;
      }
      default:
        ev.comments.push(text);
    }
  }

  private event(text: string, line: number): void {
    const m = EVENT.exec(text);
    if (!m) throw new EdlParseError(line, `malformed event line (expected "NNN REEL CHANNELS C|D nnn SRC-IN SRC-OUT REC-IN REC-OUT"): "${text.slice(0, 100)}"`);
    const channels = parseChannels(m[3]!);
    if (!channels) throw new EdlParseError(line, `unknown channel field "${m[3]}" (expected V, A, A2, AA, B, A2/V, AA/V...)`);
    const effect = m[4]!.toUpperCase().replace(/\s+/g, ' ');
    const type = effect === 'C' ? 'C' : effect === 'D' ? 'D' : effect.startsWith('W') ? 'W' : 'K';
    const transition = m[5] === undefined ? 0 : Number(m[5]);
    if ((type === 'D' || type === 'W') && m[5] === undefined) throw new EdlParseError(line, `a ${effect} event needs a transition length`);
    const [srcIn, srcOut, recIn, recOut] = [m[6], m[7], m[8], m[9]].map((t) => this.tc(t!, line)) as [number, number, number, number];
    if (recOut < recIn) throw new EdlParseError(line, `record out ${m[9]} is before record in ${m[8]}`);
    if (srcOut < srcIn) throw new EdlParseError(line, `source out ${m[7]} is before source in ${m[6]}`);
    const ev: EventLine = { line, num: m[1]!, reel: m[2]!, channels, type, effect, transition, srcIn, srcOut, recIn, recOut, comments: [] };
    const prev = this.events[this.events.length - 1];
    if (type !== 'C' && prev && prev.num === ev.num && prev.type === 'C' && prev.recIn === prev.recOut) ev.pairFrom = prev;
    if (type === 'K') this.warn(`line ${line}: key event (${effect}) read as a cut`);
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

export function importEdl(text: string, options: EdlImportOptions): EdlImport {
  const rate = options.rate;
  const p = new Parser(rate);
  p.parse(text);
  if (p.events.length === 0) throw new Error('EDL: no events found');

  const origin = options.recordStart !== undefined ? parseTimecode(options.recordStart, rate).frames : Math.min(...p.events.map((e) => e.recIn));
  for (const e of p.events) if (e.recIn < origin) throw new EdlParseError(e.line, `record in is before the record start ${options.recordStart}`);

  const references = new Map<string, EdlMediaRef>();
  const reference = (e: EventLine, name: string): string => {
    const key = e.sourceFile ? `f:${e.sourceFile}` : `r:${e.reel}\u0000${name}`;
    let ref = references.get(key);
    if (!ref) {
      ref = { mediaId: newId('m'), name, reel: e.reel, ...(e.sourceFile ? { sourceFile: e.sourceFile } : {}), ...(e.generated ? { generated: e.generated } : {}) };
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

  for (const e of p.events) {
    const recIn = e.recIn - origin;
    const recOut = e.recOut - origin;
    const length = recOut - recIn;
    // The zero-length C line of a dissolve pair only names the outgoing side.
    if (length === 0 && e.type === 'C') continue;
    const isTransition = (e.type === 'D' || e.type === 'W') && e.transition > 0;
    const black = BLACK.has(e.reel.toUpperCase());
    const name = e.toName ?? e.fromName ?? (black ? '' : e.reel);
    if (!black && e.srcOut - e.srcIn !== length) {
      p.warn(`line ${e.line}: source length ${e.srcOut - e.srcIn} differs from record length ${length} (a speed change?); the clip keeps the record length`);
    }
    const linkId = !black && e.channels.length > 1 && e.channels.includes('V') ? newId('l') : undefined;
    const mediaId = black ? null : reference(e, name);
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
        if (list.length > 0) p.warn(`line ${e.line}: event ${e.num} overlaps an earlier event on ${channel}; placed on track ${lane.track.name}`);
      }
      gapTo(lane, recIn);
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
        const from = e.pairFrom?.fromName ?? (prev.kind === 'clip' ? prev.name : 'black');
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
              ...(e.sourceFile ? { sourceFile: e.sourceFile } : {}),
              ...(e.comments.length ? { comments: e.comments } : {}),
            },
            ...(e.generated ? { 'segue.provenance': e.generated } : {}),
          },
        };
        lane.items.push(clip);
      }
      lane.end = recOut;
    }
  }

  const tracks: Track[] = [];
  for (const channel of sortChannels([...lanes.keys()])) {
    for (const lane of lanes.get(channel)!) tracks.push({ ...lane.track, items: mergeGaps(lane.items) });
  }
  const markers: Marker[] = [];
  for (const loc of p.locs) {
    const frame = loc.frames - origin;
    if (frame < 0) {
      p.warn(`line ${loc.line}: locator before the start of the timeline; dropped`);
      continue;
    }
    markers.push({ id: newId('k'), name: loc.name, frame, duration: 0, color: loc.color, note: '' });
  }
  const timeline: Timeline = {
    id: newId('tl'),
    name: options.name ?? (p.title || 'EDL'),
    rate,
    tracks,
    markers,
    metadata: { edl: { title: p.title, recordStart: origin } },
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
