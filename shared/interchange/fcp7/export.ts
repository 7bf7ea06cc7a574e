// A Segue project as Final Cut Pro 7 XML (xmeml version 4), the format Premiere Pro and
// DaVinci Resolve exchange. One <sequence> with its rate and timecode, a <format> with the
// project's frame size and rate (Resolve ignores a sequence without one), video tracks
// bottom first, then audio tracks (one stereo track per Segue track, not exploded).
//
// Clip items carry <start>/<end> in sequence frames and <in>/<out> in the clip's own
// rate. Next to a transition FCP 7 writes -1 for the edge the transition decides and
// widens <in>/<out> by the frames the transition uses; this writer does the same.
// <file> elements are defined in full once and referenced by id after that. Picture and
// sound sharing a Segue linkId are tied with <link> elements. Generated media carries
// its provenance in <comments> (mastercomment1..4, the last as JSON).
import type { Clip, Media, Project, Transition } from '../../timeline/model';
import { layoutTrack, timelineFrames } from '../../timeline/layout';
import { mediaRate } from '../../timeline/factory';
import { formatTimecode, rescale, timecodeBase, type Rate } from '../../timeline/time';
import { fileUrl } from '../otio/export';
import { el, serializeXml, type XmlOut } from './xml';

/** FCP 7 rates are a whole timebase plus an NTSC flag (timebase × 1000/1001). */
export const isFcpRate = (r: Rate): boolean => r.den === 1 || (r.den === 1001 && r.num % 1000 === 0);

export function rateXml(r: Rate): XmlOut {
  return el('rate', [el('timebase', timecodeBase(r)), el('ntsc', r.den === 1001 ? 'TRUE' : 'FALSE')]);
}

function timecodeXml(frame: number, r: Rate): XmlOut {
  const drop = r.den === 1001 && (timecodeBase(r) === 30 || timecodeBase(r) === 60);
  return el('timecode', [rateXml(r), el('string', formatTimecode(frame, r, drop)), el('frame', frame), el('displayformat', drop ? 'DF' : 'NDF')]);
}

export const SEGUE_GENERATED = 'Segue generated media';

interface Placed {
  clip: Clip;
  id: string;
  trackIndex: number;
  clipIndex: number;
  mediatype: 'video' | 'audio';
}

export function exportFcp7(project: Project): string {
  const tl = project.timeline;
  const rate = tl.rate;
  const media = new Map(project.media.map((m) => [m.id, m]));
  const defined = new Set<string>();
  const fileIds = new Map<string, string>();
  const fileId = (m: Media): string => {
    let id = fileIds.get(m.id);
    if (!id) fileIds.set(m.id, (id = `file-${fileIds.size + 1}`));
    return id;
  };

  // Number every clip item first so links can point forward.
  const placed = new Map<Clip, Placed>();
  let n = 0;
  for (const kind of ['video', 'audio'] as const) {
    tl.tracks
      .filter((t) => t.kind === kind)
      .forEach((t, ti) => {
        let ci = 0;
        for (const item of t.items) if (item.kind === 'clip') placed.set(item, { clip: item, id: `clipitem-${++n}`, trackIndex: ti + 1, clipIndex: ++ci, mediatype: kind });
      });
  }
  const links = new Map<string, Placed[]>();
  for (const p of placed.values()) {
    if (!p.clip.linkId) continue;
    const list = links.get(p.clip.linkId) ?? [];
    list.push(p);
    links.set(p.clip.linkId, list);
  }

  const fileXml = (m: Media | undefined): XmlOut | null => {
    if (!m) return null;
    const id = fileId(m);
    if (defined.has(id)) return el('file', { id });
    defined.add(id);
    const fr = mediaRate(m, rate);
    const r = isFcpRate(fr) ? fr : rate;
    const frames = m.kind === 'image' ? undefined : Math.round((m.probe.durationSeconds * r.num) / r.den);
    const v = m.probe.streams.find((s) => s.type === 'video');
    const a = m.probe.streams.find((s) => s.type === 'audio');
    return el('file', { id }, [
      el('name', m.name),
      el('pathurl', fileUrl(m.path)),
      rateXml(r),
      frames !== undefined && el('duration', frames),
      timecodeXml(0, r),
      el('media', [
        v && el('video', [frames !== undefined && el('duration', frames), el('samplecharacteristics', [rateXml(r), v.width && el('width', v.width), v.height && el('height', v.height)])]),
        a && el('audio', [el('samplecharacteristics', [el('depth', 16), el('samplerate', a.sampleRate ?? project.settings.sampleRate)]), el('channelcount', a.channels ?? 2)]),
      ]),
    ]);
  };

  const provenanceXml = (m: Media | undefined): XmlOut | null => {
    const p = m?.origin === 'generated' ? m.provenance : undefined;
    if (!p) return null;
    return el('comments', [el('mastercomment1', SEGUE_GENERATED), el('mastercomment2', `${p.provider} / ${p.model}`), el('mastercomment3', p.prompt), el('mastercomment4', JSON.stringify(p))]);
  };

  const trackXml = (kind: 'video' | 'audio', t: (typeof tl.tracks)[number]): XmlOut => {
    const lay = layoutTrack(t, rate);
    const children: XmlOut[] = [];
    lay.forEach(({ item, start, end }, i) => {
      const prev = lay[i - 1]?.item;
      const next = lay[i + 1]?.item;
      if (item.kind === 'gap') return;
      if (item.kind === 'transition') {
        const inOff = rescale(item.inOffset, rate);
        const outOff = rescale(item.outOffset, rate);
        if (inOff + outOff <= 0) return;
        children.push(transitionXml(item, kind, start - inOff, start + outOff, alignment(inOff, outOff, prev?.kind !== 'clip', next?.kind !== 'clip'), rate));
        return;
      }
      const c = item;
      const p = placed.get(c)!;
      const m = c.mediaId ? media.get(c.mediaId) : undefined;
      const cr = isFcpRate(c.sourceRange.start.rate) ? c.sourceRange.start.rate : rate;
      const srcIn = rescale(c.sourceRange.start, cr);
      const srcLen = rescale(c.sourceRange.duration, cr);
      const before = prev?.kind === 'transition' ? prev : undefined;
      const after = next?.kind === 'transition' ? next : undefined;
      const headUsed = before ? rescale(before.inOffset, cr) : 0;
      const tailUsed = after ? rescale(after.outOffset, cr) : 0;
      // -1 lets the transition decide the edge; when its alignment cannot say where the
      // cut is (a centre transition with uneven sides) the edge is written out instead.
      const transitionAt = (tr: Transition | undefined) => tr !== undefined && rescale(tr.inOffset, rate) + rescale(tr.outOffset, rate) > 0 && alignmentExact(rescale(tr.inOffset, rate), rescale(tr.outOffset, rate));
      const linked = c.linkId ? links.get(c.linkId) ?? [] : [];
      children.push(
        el('clipitem', { id: p.id }, [
          el('name', c.name),
          el('enabled', c.enabled ? 'TRUE' : 'FALSE'),
          el('duration', srcLen),
          rateXml(cr),
          el('start', transitionAt(before) ? -1 : start),
          el('end', transitionAt(after) ? -1 : end),
          el('in', transitionAt(before) ? srcIn - headUsed : srcIn),
          el('out', transitionAt(after) ? srcIn + srcLen + tailUsed : srcIn + srcLen),
          fileXml(m),
          kind === 'audio' && el('sourcetrack', [el('mediatype', 'audio'), el('trackindex', 1)]),
          ...(linked.length > 1 ? linked.map((l) => el('link', [el('linkclipref', l.id), el('mediatype', l.mediatype), el('trackindex', l.trackIndex), el('clipindex', l.clipIndex)])) : []),
          provenanceXml(m),
        ]),
      );
    });
    return el('track', [...children, el('enabled', t.enabled ? 'TRUE' : 'FALSE'), el('locked', t.locked ? 'TRUE' : 'FALSE')]);
  };

  const s = project.settings;
  const frames = timelineFrames(tl);
  const seq = el('sequence', { id: 'sequence-1' }, [
    el('name', tl.name),
    el('duration', frames),
    rateXml(rate),
    timecodeXml(0, rate),
    el('media', [
      el('video', [
        el('format', [el('samplecharacteristics', [rateXml(rate), el('width', s.width), el('height', s.height), el('anamorphic', 'FALSE'), el('pixelaspectratio', 'square'), el('fielddominance', 'none')])]),
        ...tl.tracks.filter((t) => t.kind === 'video').map((t) => trackXml('video', t)),
      ]),
      el('audio', [
        el('numOutputChannels', s.channels),
        el('format', [el('samplecharacteristics', [el('depth', 16), el('samplerate', s.sampleRate)])]),
        ...tl.tracks.filter((t) => t.kind === 'audio').map((t) => trackXml('audio', t)),
      ]),
    ]),
    ...tl.markers.map((m) => el('marker', [el('comment', m.note), el('name', m.name), el('in', m.frame), el('out', m.duration > 0 ? m.frame + m.duration : -1)])),
  ]);
  return serializeXml(el('xmeml', { version: 4 }, [seq]), 'xmeml');
}

/** True when the alignment written for these offsets puts the cut back where it was. */
function alignmentExact(inOff: number, outOff: number): boolean {
  return inOff === 0 || outOff === 0 || Math.floor((inOff + outOff) / 2) === inOff;
}

/** FCP 7 places a transition by alignment; the cut is at its start, end or centre. */
function alignment(inOff: number, outOff: number, fromBlack: boolean, toBlack: boolean): string {
  if (outOff === 0) return toBlack ? 'end-black' : 'end';
  if (inOff === 0) return fromBlack ? 'start-black' : 'start';
  return 'center';
}

function transitionXml(t: Transition, kind: 'video' | 'audio', start: number, end: number, align: string, rate: Rate): XmlOut {
  const audio = kind === 'audio';
  const name = audio ? 'Cross Fade (+3dB)' : 'Cross Dissolve';
  return el('transitionitem', [
    el('start', start),
    el('end', end),
    el('alignment', align),
    rateXml(rate),
    el('effect', [
      el('name', name),
      el('effectid', audio ? 'KGAudioTransCrossFade3dB' : 'Cross Dissolve'),
      el('effectcategory', audio ? 'Crossfade' : 'Dissolve'),
      el('effecttype', 'transition'),
      el('mediatype', kind),
    ]),
    ...(t.name && t.name !== name ? [el('name', t.name)] : []),
  ]);
}
