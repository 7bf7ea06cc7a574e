// A Segue project as CMX3600 EDLs: one EDL per video track. Each event carries the
// picture and, when a linked sound clip sits on audio track 1 or 2 at the same record
// and source times, that sound too (channel B, A2/V or AA/V). Sound that pairs with no
// picture goes, as audio-only events, into the first EDL written. Record times start at
// `recordStart` (by default the timeline's global start time when it has one past zero,
// as an imported EDL or OTIO file keeps it, else 01:00:00:00); gaps are simply jumps in
// record time.
//
// A dissolve is written the CMX way: the outgoing clip's event ends where the dissolve
// starts, then an event pair with one number: a zero-length `C` line on the outgoing
// source and a `D nnn` line on the incoming one, nnn being the dissolve length. CMX
// dissolves start at the cut, so a Segue transition that reaches back before its cut
// (inOffset > 0) moves the written cut back by that much; a `* SEGUE DISSOLVE IN
// OFFSET` comment lets the importer put it back. A dissolve to or from a gap uses the
// black reel BL.
import { RationalTimeSchema, type Clip, type Marker, type Media, type Project, type Track, type Transition } from '../../timeline/model';
import { layoutTrack } from '../../timeline/layout';
import { rescale, timecodeBase, type Rate } from '../../timeline/time';
import { formatChannels, type Channel } from './channels';
import { formatEdlTimecode, isDropFrameRate, parseTimecode } from './timecode';

export interface EdlExportOptions {
  /** only this video track; default every video track */
  trackId?: string;
  /** record timecode of timeline frame 0; default the timeline's global start (past zero), else 01:00:00:00 */
  recordStart?: string;
  /** drop-frame timecode (only at 29.97 / 59.94); default true at those rates */
  dropFrame?: boolean;
  /** reel names: a sanitized 8-character name from the media (default) or AX for all */
  reels?: 'name' | 'AX';
}

export interface EdlFile {
  name: string;
  text: string;
}

interface Seg {
  channel: Channel;
  /** null: black (BL), the far side of a dissolve to or from a gap */
  clip: Clip | null;
  media: Media | undefined;
  recIn: number;
  recOut: number;
  srcIn: number;
  srcOut: number;
  /** an incoming dissolve: its length and the outgoing side (null: black) */
  dissolve?: { frames: number; from: Seg | null; inOffset: number; transition: Transition };
  used?: boolean;
}

/** Up to 8 characters of [A-Za-z0-9_] from a media name (extension dropped), or AX. */
export function reelName(name: string | undefined): string {
  if (!name) return 'AX';
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const clean = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 8).toUpperCase();
  return clean || 'AX';
}

const oneLine = (s: string): string => s.replace(/[\r\n\t]+/g, ' ').trim();

function trackSegments(track: Track, channel: Channel, rate: Rate, media: ReadonlyMap<string, Media>): Seg[] {
  const placed = layoutTrack(track, rate);
  const segs: (Seg | null)[] = placed.map(({ item, start, end }) => {
    if (item.kind !== 'clip' || !item.enabled || end <= start) return null;
    const srcIn = rescale(item.sourceRange.start, rate);
    return { channel, clip: item, media: item.mediaId ? media.get(item.mediaId) : undefined, recIn: start, recOut: end, srcIn, srcOut: srcIn + (end - start) };
  });
  const extra: Seg[] = [];
  placed.forEach(({ item, start: cut }, i) => {
    if (item.kind !== 'transition') return;
    const inOffset = rescale(item.inOffset, rate);
    const outOffset = rescale(item.outOffset, rate);
    const frames = inOffset + outOffset;
    if (frames <= 0) return;
    const prev = i > 0 ? placed[i - 1]!.item : undefined;
    const next = i + 1 < placed.length ? placed[i + 1]!.item : undefined;
    const from = prev?.kind === 'clip' ? segs[i - 1] ?? null : null;
    let to = next?.kind === 'clip' ? segs[i + 1] ?? null : null;
    if (!from && !to) return;
    if (from) {
      from.recOut -= inOffset;
      from.srcOut -= inOffset;
    }
    if (to) {
      to.recIn -= inOffset;
      to.srcIn -= inOffset;
    } else {
      // fade to black: the dissolve runs into the gap
      to = { channel, clip: null, media: undefined, recIn: cut - inOffset, recOut: cut + outOffset, srcIn: 0, srcOut: frames };
      extra.push(to);
    }
    to.dissolve = { frames, from, inOffset, transition: item };
  });
  return [...segs.filter((s): s is Seg => s !== null), ...extra].filter((s) => s.recOut > s.recIn || s.dissolve).sort((a, b) => a.recIn - b.recIn);
}

/** Picture and sound that are one event: same media, link, times and dissolve. */
function pairs(v: Seg, a: Seg): boolean {
  if (a.used || !v.clip || !a.clip || !v.clip.linkId || v.clip.linkId !== a.clip.linkId || v.clip.mediaId !== a.clip.mediaId) return false;
  if (v.recIn !== a.recIn || v.recOut !== a.recOut || v.srcIn !== a.srcIn || v.srcOut !== a.srcOut) return false;
  if (!v.dissolve !== !a.dissolve) return false;
  return !v.dissolve || (v.dissolve.frames === a.dissolve!.frames && v.dissolve.inOffset === a.dissolve!.inOffset);
}

interface Event {
  segs: Seg[];
  channels: Channel[];
}

export function exportEdl(project: Project, options: EdlExportOptions = {}): EdlFile[] {
  const timeline = project.timeline;
  const rate = timeline.rate;
  const drop = (options.dropFrame ?? true) && isDropFrameRate(rate);
  const kept = RationalTimeSchema.safeParse(timeline.metadata?.['otio.global_start_time']);
  const keptStart = kept.success ? rescale(kept.data, rate) : 0;
  const recordStart = options.recordStart === undefined && keptStart > 0 && keptStart < 24 * 3600 * timecodeBase(rate) ? keptStart : parseTimecode(options.recordStart ?? '01:00:00:00', rate, { dropFrame: drop }).frames;
  const media = new Map(project.media.map((m) => [m.id, m]));
  const videos = timeline.tracks.filter((t) => t.kind === 'video');
  const audios = timeline.tracks.filter((t) => t.kind === 'audio');
  const chosen = options.trackId ? videos.filter((t) => t.id === options.trackId) : videos;
  if (options.trackId && chosen.length === 0) throw new Error(`EDL export: no video track with id ${options.trackId}`);

  const audioSegs = audios.map((t, i) => trackSegments(t, `A${i + 1}`, rate, media));
  const videoEvents = new Map<Track, Event[]>();
  for (const track of videos) {
    const events: Event[] = [];
    for (const v of trackSegments(track, 'V', rate, media)) {
      const segs = [v];
      for (const list of audioSegs.slice(0, 2)) {
        const a = list.find((x) => pairs(v, x));
        if (a) {
          a.used = true;
          segs.push(a);
        }
      }
      events.push({ segs, channels: segs.map((s) => s.channel) });
    }
    videoEvents.set(track, events);
  }
  // Sound left over: audio-only events, A1 and A2 together as AA when they match.
  const audioOnly: Event[] = [];
  audioSegs.forEach((list, i) => {
    for (const a of list) {
      if (a.used) continue;
      a.used = true;
      const segs = [a];
      if (i === 0 && audioSegs[1]) {
        const b = audioSegs[1].find((x) => pairs(a, x));
        if (b) {
          b.used = true;
          segs.push(b);
        }
      }
      audioOnly.push({ segs, channels: segs.map((s) => s.channel) });
    }
  });

  return chosen.map((track, index) => {
    const events = [...videoEvents.get(track)!, ...(index === 0 ? audioOnly : [])].sort((a, b) => a.segs[0]!.recIn - b.segs[0]!.recIn);
    const title = oneLine(`${project.name} ${track.name}`).slice(0, 70);
    return { name: `${oneLine(project.name) || 'Timeline'} - ${oneLine(track.name) || 'V'}.edl`, text: writeEdl(title, events, index === 0 ? timeline.markers : [], { rate, drop, recordStart, reels: options.reels ?? 'name' }) };
  });
}

interface WriteContext {
  rate: Rate;
  drop: boolean;
  recordStart: number;
  reels: 'name' | 'AX';
}

const MARKER_COLORS: Readonly<Record<Marker['color'], string>> = {
  red: 'RED',
  orange: 'ORANGE',
  yellow: 'YELLOW',
  green: 'GREEN',
  cyan: 'CYAN',
  blue: 'BLUE',
  purple: 'PURPLE',
  pink: 'PINK',
  white: 'WHITE',
};

function writeEdl(title: string, events: Event[], markers: readonly Marker[], ctx: WriteContext): string {
  const tc = (frames: number) => formatEdlTimecode(frames, ctx.rate, ctx.drop);
  const reel = (s: Seg | null) => (!s || !s.clip ? 'BL' : ctx.reels === 'AX' ? 'AX' : reelName(s.media?.name ?? s.clip.name));
  const line = (num: number, r: string, channels: string, type: string, dur: string, srcIn: number, srcOut: number, recIn: number, recOut: number) =>
    `${String(num).padStart(3, '0')}  ${r.padEnd(8)} ${channels.padEnd(5)} ${type.padEnd(4)} ${dur.padStart(3)} ${tc(srcIn)} ${tc(srcOut)} ${tc(recIn + ctx.recordStart)} ${tc(recOut + ctx.recordStart)}`;
  const out = [`TITLE: ${title}`, `FCM: ${ctx.drop ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
  const pending = [...markers].sort((a, b) => a.frame - b.frame);
  events.forEach((ev, i) => {
    const num = i + 1;
    const s = ev.segs[0]!;
    const channels = formatChannels(ev.channels);
    if (s.dissolve) {
      const from = s.dissolve.from;
      const fromSrc = from && from.clip ? from.srcOut : 0;
      out.push(line(num, reel(from), channels, 'C', '', fromSrc, fromSrc, s.recIn, s.recIn));
      out.push(line(num, reel(s), channels, 'D', String(s.dissolve.frames).padStart(3, '0'), s.srcIn, s.srcOut, s.recIn, s.recOut));
      if (from?.clip) out.push(`* FROM CLIP NAME: ${oneLine(from.clip.name)}`);
      if (s.clip) out.push(`* TO CLIP NAME: ${oneLine(s.clip.name)}`);
      if (s.dissolve.inOffset > 0) out.push(`* SEGUE DISSOLVE IN OFFSET: ${s.dissolve.inOffset}`);
    } else {
      out.push(line(num, reel(s), channels, 'C', '', s.srcIn, s.srcOut, s.recIn, s.recOut));
      if (s.clip) out.push(`* FROM CLIP NAME: ${oneLine(s.clip.name)}`);
    }
    if (s.media) out.push(`* SOURCE FILE: ${oneLine(s.media.path)}`);
    const p = s.media?.origin === 'generated' ? s.media.provenance : undefined;
    if (p) out.push(`* SEGUE GENERATED: ${[p.provider, p.model, p.prompt, p.jobId].map(oneLine).join(' / ')}`);
    // Markers go under the event they fall in (LOC times are record times).
    while (pending.length && pending[0]!.frame < s.recOut) {
      const m = pending.shift()!;
      out.push(`* LOC: ${tc(m.frame + ctx.recordStart)} ${MARKER_COLORS[m.color].padEnd(7)} ${oneLine(m.name)}`.trimEnd());
    }
  });
  return `${out.join('\n')}\n`;
}
