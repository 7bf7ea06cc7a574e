// What a generation is, as the renderer asks for it and as the main process reports it.
// Pure data with zod schemas: the same records cross IPC, live in the job journal on disk
// and feed the CLI.
import { z } from 'zod';
import { IdSchema, MediaSchema, RateSchema, type Media } from '../timeline/model';

export const GenerationModeSchema = z.enum([
  /** continue a clip after its out point */
  'extend',
  /** lead into a clip before its in point */
  'extendBefore',
  /** bridge a gap between two clips */
  'fill',
  /** a new clip from a prompt */
  'text',
  /** a new clip from a still (or a frame of a clip) */
  'image',
  /** a new take of a generated clip with another prompt */
  'remix',
]);
export type GenerationMode = z.infer<typeof GenerationModeSchema>;

export const ProviderKindSchema = z.enum(['local', 'remote']);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

/** A point in a media file the main process knows: the frame at `frame` (timeline rate). */
export const SourcePointSchema = z.strictObject({
  mediaId: IdSchema,
  /** extend: the clip's out point (exclusive); extendBefore / fill's B side: its in point */
  frame: z.number().int().nonnegative().max(1e9),
});
export type SourcePoint = z.infer<typeof SourcePointSchema>;

export const GenerationRequestSchema = z
  .strictObject({
    mode: GenerationModeSchema,
    provider: ProviderKindSchema,
    /** the remote provider's model; ignored by the local provider */
    model: z.string().max(200),
    prompt: z.string().max(4000),
    /** the exact length wanted, in frames at `rate` */
    frames: z.number().int().positive().max(1_000_000),
    rate: RateSchema,
    width: z.number().int().min(16).max(8192),
    height: z.number().int().min(16).max(8192),
    takes: z.number().int().min(1).max(4),
    /** how the project fits pictures of another shape */
    fit: z.enum(['fit', 'fill']),
    sampleRate: z.number().int().min(8000).max(192000),
    channels: z.number().int().min(1).max(8),
    /** extra media kept before (extend) or after (extendBefore) the part used, for the crossfade */
    handleFrames: z.number().int().nonnegative().max(100_000),
    source: SourcePointSchema.optional(),
    /** fill: the clip after the gap (its in point) */
    sourceB: SourcePointSchema.optional(),
    /** image: a still (or a video, with `source.frame` picking the frame) */
    imageMediaId: IdSchema.optional(),
    /** remix: the generated media to make a new take of */
    remixOf: IdSchema.optional(),
    /** a name for the result in the bin */
    name: z.string().max(200),
    /** another take of this generation (its takes and these are offered together) */
    takeOf: IdSchema.optional(),
  })
  .superRefine((r, ctx) => {
    const need = (ok: boolean, message: string) => ok || ctx.addIssue({ code: 'custom', message });
    if (r.mode === 'extend' || r.mode === 'extendBefore') need(r.source !== undefined, `${r.mode} needs the clip's source point`);
    if (r.mode === 'fill') need(r.source !== undefined || r.sourceB !== undefined, 'fill needs at least one neighbouring clip');
    if (r.mode === 'image') need(r.imageMediaId !== undefined, 'image-to-video needs an image');
    if (r.mode === 'remix') need(r.remixOf !== undefined, 'remix needs the generated clip');
  });
export type GenerationRequest = z.infer<typeof GenerationRequestSchema>;

export const GenerationStateSchema = z.enum(['queued', 'running', 'downloading', 'done', 'failed', 'cancelled']);
export type GenerationState = z.infer<typeof GenerationStateSchema>;

export const SeamSchema = z.strictObject({
  /** picture similarity of the frames either side of the seam, 0..1 */
  ssim: z.number(),
  /** loudness change across the seam in dB (positive: louder after) */
  loudnessJumpDb: z.number(),
  poor: z.boolean(),
  reason: z.string().optional(),
});
export type Seam = z.infer<typeof SeamSchema>;

export const TakeSchema = z.strictObject({
  mediaId: IdSchema,
  state: GenerationStateSchema,
  /** the remote job, once the server named it */
  remoteId: z.string().max(200).optional(),
  /** the finished media as probed, once it landed */
  media: MediaSchema.optional(),
  seam: SeamSchema.optional(),
  error: z.string().optional(),
});
export type Take = z.infer<typeof TakeSchema>;

export const GenerationStatusSchema = z.strictObject({
  id: IdSchema,
  request: GenerationRequestSchema,
  state: GenerationStateSchema,
  /** 0..1 over all takes, null while unknown */
  progress: z.number().min(0).max(1).nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  message: z.string().optional(),
  /** the error code when failed (unauthorized, rate_limited, retired, rejected, …) */
  errorCode: z.string().optional(),
  providerLabel: z.string(),
  costUsd: z.number().nonnegative(),
  createdAt: z.string(),
  takes: z.array(TakeSchema),
  /** the job that runs it in this session (jobs panel), while it runs or after it ended */
  jobId: z.string().optional(),
});
export type GenerationStatus = z.infer<typeof GenerationStatusSchema>;

export const isActive = (s: GenerationState): boolean => s === 'queued' || s === 'running' || s === 'downloading';

/**
 * Every take offered for a clip: the takes of its generation and of the generations made
 * as further takes of it (New Take), in the order they were asked for.
 */
export function takeFamily(all: readonly GenerationStatus[], generationId: string): { generation: GenerationStatus; take: Take }[] {
  const own = all.find((g) => g.id === generationId);
  const root = own?.request.takeOf ?? generationId;
  return all
    .filter((g) => g.id === root || g.request.takeOf === root)
    .sort((a, b) => (a.id === root ? -1 : b.id === root ? 1 : a.createdAt.localeCompare(b.createdAt)))
    .flatMap((generation) => generation.takes.map((take) => ({ generation, take })));
}

/** The metadata key on clips and media that names their generation. */
export const GENERATION_KEY = 'segue.generation';

export const generationOf = (m: { metadata?: Record<string, unknown> | undefined }): string | undefined => {
  const v = m.metadata?.[GENERATION_KEY];
  return typeof v === 'string' ? v : undefined;
};

/** Seconds of media a request makes per take, handles included. */
export const requestSeconds = (r: Pick<GenerationRequest, 'frames' | 'handleFrames' | 'rate'>): number => ((r.frames + r.handleFrames) * r.rate.den) / r.rate.num;

/**
 * The media record a take will have once it lands, known before it exists: the renderer
 * places it at once (the placeholder is the final clip), and the main process replaces
 * the record with the probed one when the file arrives.
 */
export function predictedMedia(o: {
  id: string;
  name: string;
  path: string;
  request: GenerationRequest;
  generationId: string;
  takeIndex: number;
  providerLabel: string;
  costUsd: number;
  createdAt: string;
}): Media {
  const { request: r } = o;
  const seconds = requestSeconds(r);
  return {
    id: o.id,
    name: o.name,
    path: o.path,
    kind: 'video',
    origin: 'generated',
    probe: {
      path: o.path,
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: seconds,
      sizeBytes: 0,
      streams: [
        { index: 0, type: 'video', codec: 'h264', width: r.width, height: r.height, fps: r.rate.num / r.rate.den, rate: r.rate, pixelFormat: 'yuv420p', durationSeconds: seconds },
        { index: 1, type: 'audio', codec: 'aac', sampleRate: r.sampleRate, channels: r.channels, durationSeconds: seconds },
      ],
    },
    provenance: { provider: o.providerLabel, model: r.provider === 'local' ? 'segue-local-draft' : r.model, prompt: r.prompt, jobId: o.generationId, costUsd: o.costUsd, createdAt: o.createdAt },
    metadata: { [GENERATION_KEY]: o.generationId, 'segue.take': o.takeIndex, 'segue.pending': true },
  };
}
