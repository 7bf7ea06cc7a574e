// The Segue document model: OpenTimelineIO's shape (Timeline -> tracks -> Clip | Gap |
// Transition) with integer rational time and a stable id on every item. Positions are
// derived from order, never stored. Every record is validated with zod at the edges
// (IPC, files); inside the app the inferred types are trusted.
import { z } from 'zod';
import { PrevizSchema } from '../previz/model';

export const SCHEMA_VERSION = 1;

const Int = z.number().int().safe();
const NonNegInt = Int.nonnegative();
import { IdSchema } from '../ids';
export { IdSchema };

export const RateSchema = z.strictObject({
  num: Int.positive().max(1_000_000),
  den: Int.positive().max(1_000_000),
});

export const RationalTimeSchema = z.strictObject({ value: Int, rate: RateSchema });
export const TimeRangeSchema = z.strictObject({
  start: RationalTimeSchema,
  duration: z.strictObject({ value: NonNegInt, rate: RateSchema }),
});

/** Free-form metadata preserved through round trips (OTIO's metadata dictionary). */
export const MetadataSchema = z.record(z.string(), z.unknown());

// ---- media -----------------------------------------------------------------

export const StreamInfoSchema = z.strictObject({
  index: NonNegInt,
  type: z.enum(['video', 'audio', 'subtitle', 'data']),
  codec: z.string(),
  width: NonNegInt.optional(),
  height: NonNegInt.optional(),
  /** frames per second as a number for display; `rate` is the exact fraction */
  fps: z.number().nonnegative().optional(),
  rate: RateSchema.optional(),
  pixelFormat: z.string().optional(),
  sampleRate: NonNegInt.optional(),
  channels: NonNegInt.optional(),
  channelLayout: z.string().optional(),
  durationSeconds: z.number().nonnegative().optional(),
  /** true for a single picture (PNG/JPEG) or an attached cover image */
  stillImage: z.boolean().optional(),
});
export type StreamInfo = z.infer<typeof StreamInfoSchema>;

export const ProbeResultSchema = z.strictObject({
  path: z.string(),
  formatName: z.string(),
  durationSeconds: z.number().nonnegative(),
  sizeBytes: NonNegInt,
  bitRate: NonNegInt.optional(),
  streams: z.array(StreamInfoSchema),
});
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

export const ProvenanceSchema = z.strictObject({
  provider: z.string(),
  model: z.string(),
  prompt: z.string(),
  seed: Int.optional(),
  jobId: z.string(),
  costUsd: z.number().nonnegative(),
  createdAt: z.string(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const MediaKindSchema = z.enum(['video', 'audio', 'image']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

export const MediaSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(1024),
  /** absolute path on the machine that runs the main process */
  path: z.string().min(1).max(4096),
  kind: MediaKindSchema,
  origin: z.enum(['file', 'generated']),
  probe: ProbeResultSchema,
  provenance: ProvenanceSchema.optional(),
  metadata: MetadataSchema.optional(),
});
export type Media = z.infer<typeof MediaSchema>;

// ---- timeline items ----------------------------------------------------------

export const ClipSchema = z.strictObject({
  kind: z.literal('clip'),
  id: IdSchema,
  name: z.string().max(1024),
  /** null: OTIO MissingReference, shown offline */
  mediaId: IdSchema.nullable(),
  /** the used part of the source, in source time */
  sourceRange: TimeRangeSchema,
  enabled: z.boolean(),
  /** clips sharing a linkId (picture + sound) move, trim and delete together */
  linkId: IdSchema.optional(),
  gainDb: z.number().min(-96).max(24).optional(),
  metadata: MetadataSchema.optional(),
});
export type Clip = z.infer<typeof ClipSchema>;

export const GapSchema = z.strictObject({
  kind: z.literal('gap'),
  id: IdSchema,
  duration: z.strictObject({ value: NonNegInt, rate: RateSchema }),
  metadata: MetadataSchema.optional(),
});
export type Gap = z.infer<typeof GapSchema>;

export const TransitionSchema = z.strictObject({
  kind: z.literal('transition'),
  id: IdSchema,
  name: z.string().max(1024),
  transitionType: z.string().max(128),
  /** how far the transition reaches into the item before / after the cut */
  inOffset: z.strictObject({ value: NonNegInt, rate: RateSchema }),
  outOffset: z.strictObject({ value: NonNegInt, rate: RateSchema }),
  metadata: MetadataSchema.optional(),
});
export type Transition = z.infer<typeof TransitionSchema>;

export const ItemSchema = z.discriminatedUnion('kind', [ClipSchema, GapSchema, TransitionSchema]);
export type Item = z.infer<typeof ItemSchema>;

export const TrackKindSchema = z.enum(['video', 'audio']);
export type TrackKind = z.infer<typeof TrackKindSchema>;

export const TrackSchema = z.strictObject({
  id: IdSchema,
  kind: TrackKindSchema,
  name: z.string().max(256),
  items: z.array(ItemSchema).max(100_000),
  enabled: z.boolean(),
  muted: z.boolean(),
  solo: z.boolean(),
  locked: z.boolean(),
  /** height in CSS pixels in the timeline */
  height: Int.min(24).max(400),
  metadata: MetadataSchema.optional(),
});
export type Track = z.infer<typeof TrackSchema>;

export const MarkerColorSchema = z.enum(['red', 'orange', 'yellow', 'green', 'cyan', 'blue', 'purple', 'pink', 'white']);
export const MarkerStatusSchema = z.enum(['open', 'resolved']);

export const MarkerSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(1024),
  /** timeline frame at the timeline rate */
  frame: NonNegInt,
  duration: NonNegInt,
  color: MarkerColorSchema,
  note: z.string().max(100_000),
  /** who left the note (review): the reviewer name asked once in the marker dialog */
  author: z.string().max(256).optional(),
  /** a review note's state; absent means open (files written before review notes) */
  status: MarkerStatusSchema.optional(),
  /** when the note was made, ISO 8601 */
  createdAt: z.string().max(64).optional(),
  metadata: MetadataSchema.optional(),
});
export type Marker = z.infer<typeof MarkerSchema>;
export type MarkerColor = z.infer<typeof MarkerColorSchema>;
export type MarkerStatus = z.infer<typeof MarkerStatusSchema>;

export const TimelineSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(1024),
  rate: RateSchema,
  /**
   * Tracks in stacking order, as in OpenTimelineIO: among video tracks a later one is
   * composited on top of an earlier one. Video and audio tracks share the list.
   */
  tracks: z.array(TrackSchema).max(256),
  markers: z.array(MarkerSchema).max(100_000),
  metadata: MetadataSchema.optional(),
});
export type Timeline = z.infer<typeof TimelineSchema>;

export const ProjectSettingsSchema = z.strictObject({
  width: Int.min(16).max(16384),
  height: Int.min(16).max(16384),
  rate: RateSchema,
  sampleRate: Int.min(8000).max(384000),
  channels: Int.min(1).max(16),
  fit: z.enum(['fit', 'fill']),
});
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export const ProjectSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: IdSchema,
  name: z.string().max(1024),
  settings: ProjectSettingsSchema,
  media: z.array(MediaSchema).max(100_000),
  timeline: TimelineSchema,
  /** the shot list and reference library (shared/previz/model.ts), once there is one */
  previz: PrevizSchema.optional(),
});
export type Project = z.infer<typeof ProjectSchema>;
