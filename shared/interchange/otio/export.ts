// A Segue project as an OpenTimelineIO timeline (`.otio` JSON): Timeline.1 > Stack.1 >
// Track.1 > Clip.2 | Gap.1 | Transition.1, ExternalReference.1 with available_range,
// RationalTime at the timeline rate, markers and metadata kept. Generated media carries
// its provenance in the reference's and the clip's metadata under "segue".
import type { Clip, Marker, Media, Project, Track } from '../../timeline/model';
import { rescale, type Rate } from '../../timeline/time';

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

function reference(media: Media | undefined, rate: Rate): Json {
  if (!media) return { OTIO_SCHEMA: 'MissingReference.1', name: '', available_range: null, metadata: {} };
  const frames = media.kind === 'image' ? null : Math.round((media.probe.durationSeconds * rate.num) / rate.den);
  return {
    OTIO_SCHEMA: 'ExternalReference.1',
    name: media.name,
    target_url: fileUrl(media.path),
    available_range: frames === null ? null : range(0, frames, rate),
    metadata: { ...(media.metadata ?? {}), segue: segueMeta(media) },
  };
}

function clip(c: Clip, media: Media | undefined, rate: Rate): Json {
  const seg = segueMeta(media);
  return {
    OTIO_SCHEMA: 'Clip.2',
    name: c.name,
    source_range: range(rescale(c.sourceRange.start, rate), rescale(c.sourceRange.duration, rate), rate),
    enabled: c.enabled,
    effects: [],
    markers: [],
    active_media_reference_key: 'DEFAULT_MEDIA',
    media_references: { DEFAULT_MEDIA: reference(media, rate) },
    metadata: { ...(c.metadata ?? {}), ...(seg?.provenance ? { segue: { ...seg, ...(c.linkId ? { linkId: c.linkId } : {}) } } : c.linkId ? { segue: { linkId: c.linkId } } : {}), ...(c.gainDb !== undefined ? { 'segue.gainDb': c.gainDb } : {}) },
  };
}

function track(t: Track, media: Map<string, Media>, rate: Rate): Json {
  const children = t.items.map((i): Json => {
    if (i.kind === 'clip') return clip(i, i.mediaId ? media.get(i.mediaId) : undefined, rate);
    if (i.kind === 'gap') return { OTIO_SCHEMA: 'Gap.1', name: '', source_range: range(0, rescale(i.duration, rate), rate), effects: [], markers: [], enabled: true, metadata: i.metadata ?? {} };
    return { OTIO_SCHEMA: 'Transition.1', name: i.name, transition_type: i.transitionType, in_offset: rt(rescale(i.inOffset, rate), rate), out_offset: rt(rescale(i.outOffset, rate), rate), metadata: i.metadata ?? {} };
  });
  return { OTIO_SCHEMA: 'Track.1', name: t.name, kind: t.kind === 'video' ? 'Video' : 'Audio', enabled: t.enabled, source_range: null, effects: [], markers: [], children, metadata: t.metadata ?? {} };
}

/** A marker's metadata, with its review fields (who, open or resolved, when) under `segue`. */
function markerMetadata(m: Marker): Json {
  const review = { ...(m.author ? { author: m.author } : {}), ...(m.status ? { status: m.status } : {}), ...(m.createdAt ? { createdAt: m.createdAt } : {}) };
  return Object.keys(review).length ? { ...(m.metadata ?? {}), segue: review } : (m.metadata ?? {});
}

export function exportOtio(project: Project): Json {
  const tl = project.timeline;
  const rate = tl.rate;
  const media = new Map(project.media.map((m) => [m.id, m]));
  // OTIO stacks composite later children on top: the same order as Segue's tracks.
  return {
    OTIO_SCHEMA: 'Timeline.1',
    name: tl.name,
    global_start_time: null,
    metadata: { ...(tl.metadata ?? {}), segue: { projectId: project.id, settings: project.settings } },
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: tl.markers.map((m) => ({ OTIO_SCHEMA: 'Marker.2', name: m.name, color: m.color.toUpperCase(), marked_range: range(m.frame, m.duration, rate), comment: m.note, metadata: markerMetadata(m) })),
      children: tl.tracks.map((t) => track(t, media, rate)),
      metadata: {},
    },
  };
}
