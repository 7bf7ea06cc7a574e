// Previz: a shot list that becomes a cut. The project keeps the shots (name, length,
// prompt, camera note, references), the reference library (characters, places, props as
// images in the bin) and which timeline clip each shot laid out to. A shot remembers the
// spec its current picture was generated from; when the spec changes, the clip is stale.
import { z } from 'zod';
import { IdSchema } from '../ids';

export const ReferenceKindSchema = z.enum(['character', 'place', 'prop', 'style']);
export type ReferenceKind = z.infer<typeof ReferenceKindSchema>;

/** A named image in the project's reference library. */
export const ReferenceSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1).max(256),
  kind: ReferenceKindSchema,
  /** the still (or video frame 0) in the bin */
  mediaId: IdSchema,
  /** a short description, added to prompts that name the reference */
  description: z.string().max(2000),
});
export type Reference = z.infer<typeof ReferenceSchema>;

/** What decides a shot's generated picture; a change to any of it makes the clip stale. */
export const ShotSpecSchema = z.strictObject({
  prompt: z.string().max(4000),
  camera: z.string().max(1000),
  /** length in frames at the timeline rate */
  frames: z.number().int().positive().max(1_000_000),
  referenceIds: z.array(IdSchema).max(16),
  /** an image of this shot's own (the first frame for image-to-video) */
  imageMediaId: IdSchema.optional(),
  /** start from the previous shot's last frame (image-to-video), for continuity */
  continueFromPrevious: z.boolean(),
});
export type ShotSpec = z.infer<typeof ShotSpecSchema>;

export const ShotSchema = ShotSpecSchema.extend({
  id: IdSchema,
  name: z.string().max(256),
  /** the timeline clip the shot laid out to (placeholder or generated), once laid out */
  clipId: IdSchema.optional(),
  /** the spec the clip's current media was generated from */
  generated: ShotSpecSchema.optional(),
});
export type Shot = z.infer<typeof ShotSchema>;

export const PrevizSchema = z.strictObject({
  shots: z.array(ShotSchema).max(10_000),
  references: z.array(ReferenceSchema).max(1_000),
});
export type Previz = z.infer<typeof PrevizSchema>;

/** The metadata key on a timeline clip naming the shot it shows. */
export const SHOT_KEY = 'segue.shot';

export const specOf = (s: Shot): ShotSpec => ({
  prompt: s.prompt,
  camera: s.camera,
  frames: s.frames,
  referenceIds: [...s.referenceIds],
  ...(s.imageMediaId ? { imageMediaId: s.imageMediaId } : {}),
  continueFromPrevious: s.continueFromPrevious,
});

const sameSpec = (a: ShotSpec, b: ShotSpec): boolean =>
  a.prompt === b.prompt &&
  a.camera === b.camera &&
  a.frames === b.frames &&
  a.continueFromPrevious === b.continueFromPrevious &&
  a.imageMediaId === b.imageMediaId &&
  a.referenceIds.length === b.referenceIds.length &&
  a.referenceIds.every((r, i) => r === b.referenceIds[i]);

/** Generated from another spec than the shot has now: regenerate to bring it up to date. */
export const isStale = (s: Shot): boolean => s.generated !== undefined && !sameSpec(s.generated, specOf(s));
