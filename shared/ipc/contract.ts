// The one IPC contract. Every channel maps to zod schemas for its input and output;
// handler tables, the preload, the web host and the renderer client are all typed from
// this object, so a channel exists in exactly one place and a missing handler is a
// compile error. Channels are `domain:verb`; events are past tense.
import { z } from 'zod';
import { MediaSchema, ProbeResultSchema, ProjectSchema, RateSchema } from '../timeline/model';
import type { Result } from './result';
import { GenerationRequestSchema, GenerationStatusSchema } from '../generation/model';
import { ProviderSettingsSchema } from '../generation/providerSettings';
import { ReviewNoteSchema } from '../review/notes';

/** An absolute or relative path from the user; length-limited and free of NUL bytes. */
export const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');

const Empty = z.strictObject({});

export const AppInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  platform: z.string(),
  userDataDir: z.string(),
  ffmpegVersion: z.string(),
  homeDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ImportFailureSchema = z.strictObject({ path: z.string(), code: z.string(), message: z.string() });

/** Zoom levels of precomputed waveform peaks, in audio samples per pixel. */
export const PEAK_LEVELS = [256, 1024, 4096, 16384] as const;
export const PeakLevelSchema = z.union(PEAK_LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<256>, z.ZodLiteral<1024>, z.ZodLiteral<4096>, z.ZodLiteral<16384>]);

export const PeaksSchema = z.strictObject({
  mediaId: z.string(),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  samplesPerPixel: z.number().int().positive(),
  /** number of peak pairs per channel */
  length: z.number().int().nonnegative(),
  /** first pair index returned (for ranged requests) */
  offset: z.number().int().nonnegative(),
  /**
   * base64 of an Int16Array, per channel `length` pairs of [min, max], channels one
   * after another (planar), scaled to the full int16 range.
   */
  data: z.string(),
});
export type Peaks = z.infer<typeof PeaksSchema>;

export const FilmstripSchema = z.strictObject({
  mediaId: z.string(),
  /** asset id of a JPEG sprite: `count` tiles in one row */
  assetId: z.string(),
  count: z.number().int().positive(),
  tileWidth: z.number().int().positive(),
  tileHeight: z.number().int().positive(),
  /** seconds between tiles; tile i shows the frame at i * interval */
  intervalSeconds: z.number().positive(),
});
export type Filmstrip = z.infer<typeof FilmstripSchema>;

export const MediaAssetsSchema = z.strictObject({
  mediaId: z.string(),
  /** the file itself, for playback in the monitor */
  sourceAssetId: z.string(),
  /** a poster frame (JPEG), absent for audio */
  posterAssetId: z.string().nullable(),
});
export type MediaAssets = z.infer<typeof MediaAssetsSchema>;

export const DirEntrySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['dir', 'file']),
  size: z.number().int().nonnegative(),
  isMedia: z.boolean(),
});
export const DirListingSchema = z.strictObject({
  dir: z.string(),
  parent: z.string().nullable(),
  entries: z.array(DirEntrySchema),
  places: z.array(z.strictObject({ name: z.string(), path: z.string() })),
});
export type DirListing = z.infer<typeof DirListingSchema>;

export const JobProgressSchema = z.strictObject({
  jobId: z.string(),
  label: z.string(),
  /** 0..1, or null when unknown */
  progress: z.number().min(0).max(1).nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  message: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const EstimateSchema = z.strictObject({
  costUsd: z.number().nonnegative(),
  billedSeconds: z.number().nonnegative(),
  calls: z.number().int().nonnegative(),
  providerLabel: z.string(),
  /** why the request cannot run as asked (retired model, budget, unsupported mode) */
  blocked: z.string().optional(),
  spentUsd: z.number().nonnegative(),
  budgetUsd: z.number().nonnegative().nullable(),
});
export type Estimate = z.infer<typeof EstimateSchema>;

export const ProvidersViewSchema = z.strictObject({
  settings: ProviderSettingsSchema,
  /** where the API key comes from; the key itself never reaches the renderer */
  key: z.enum(['env', 'stored', 'none']),
  /** where a key typed in the settings is kept */
  keyStore: z.enum(['safeStorage', 'file']),
});
export type ProvidersView = z.infer<typeof ProvidersViewSchema>;

const GenerationIdSchema = z.strictObject({ id: z.string().min(1).max(64) });

/** A row of a shot list as read from a file (shared/previz/shotlist.ts ParsedShot). */
export const ParsedShotSchema = z.strictObject({
  name: z.string().max(256),
  frames: z.number().int().positive().max(1_000_000),
  prompt: z.string().max(4000),
  camera: z.string().max(1000),
  image: z.string().max(4096).optional(),
  references: z.array(z.string().max(256)).max(16),
  continueFromPrevious: z.boolean(),
});

export const contract = {
  'app:info': { input: Empty, output: AppInfoSchema },
  /** The project the host opened (demo, an .otio or .segue from the command line), if any. */
  'project:current': { input: Empty, output: ProjectSchema.nullable() },
  /**
   * Open a .segue project, or another application's timeline (.otio, .edl, .xml, .fcpxml)
   * as a new unsaved project; `rate` is an EDL's frame rate (EDLs state none).
   */
  'project:open': { input: z.strictObject({ path: PathSchema, rate: RateSchema.optional() }), output: ProjectSchema },
  /** What the last open could not bring over exactly (offline media, approximations). */
  'project:warnings': { input: Empty, output: z.array(z.string()) },
  /** Recently opened or saved projects, newest first. */
  'project:recent': { input: Empty, output: z.array(z.string()) },
  /** The file the current project was opened from or saved to (null: not saved yet). */
  'project:file': { input: Empty, output: z.string().nullable() },
  /**
   * Open a project read-only, for review: the file is never written (saving it is refused;
   * Save As writes a copy, which is a normal project), autosave goes to a separate review
   * autosave, generation is off, and the preview plays from proxies, built in the background.
   */
  'project:openReview': { input: z.strictObject({ path: PathSchema }), output: ProjectSchema },
  /** Whether the current project is open for review, and which file. */
  'project:review': { input: Empty, output: z.strictObject({ review: z.boolean(), file: z.string().nullable() }) },
  /**
   * Build (or reuse) the review proxies of the project open for review, as a job (progress,
   * cancel); resolves with what is ready and, per file, why a proxy could not be made.
   */
  'proxies:build': {
    input: Empty,
    output: z.strictObject({
      total: z.number().int().nonnegative(),
      ready: z.number().int().nonnegative(),
      failed: z.array(z.strictObject({ mediaId: z.string(), name: z.string(), message: z.string() })),
      cancelled: z.boolean(),
    }),
  },
  /** Atomic save of the renderer's document to `path` (Save As) or the current file. */
  'project:save': {
    input: z.strictObject({ project: ProjectSchema, path: PathSchema.optional() }),
    output: z.strictObject({ path: z.string(), savedAt: z.string() }),
  },
  /** The document a few seconds after each change, to a separate autosave file. */
  'project:autosave': { input: z.strictObject({ project: ProjectSchema }), output: z.strictObject({ path: z.string() }) },
  /** An autosave newer than the current project's file (a crash or a kill), if any. */
  'project:recovery': {
    input: Empty,
    output: z
      .strictObject({ path: z.string(), autosavedAt: z.string(), savedAt: z.string().nullable(), name: z.string(), clips: z.number().int(), savedClips: z.number().int().nullable() })
      .nullable(),
  },
  /** The autosave's document (take it) or forget it (discard). */
  'project:recover': { input: z.strictObject({ take: z.boolean() }), output: ProjectSchema.nullable() },
  /** The current project's rolling backups, newest first (a damaged one has 0 frames and cannot be restored). */
  'project:backups': {
    input: Empty,
    output: z.array(z.strictObject({ name: z.string(), savedAt: z.string(), projectName: z.string(), clips: z.number().int(), frames: z.number().int(), damaged: z.boolean() })),
  },
  /** A backup's document by name: for the preview, and to continue from (unsaved). */
  'project:loadBackup': { input: z.strictObject({ name: z.string().max(64) }), output: ProjectSchema },
  /** Native save dialog for a .segue file; `null` when cancelled, `not_available` in browser mode. */
  'dialog:saveProject': { input: z.strictObject({ name: z.string().max(256) }), output: z.string().nullable() },
  /** Which of the document's media files are missing on disk (shown offline, offered for relinking). */
  'media:missing': { input: z.strictObject({ project: ProjectSchema }), output: z.array(z.string()) },
  /** Files in `dir` (and below) that may be the missing media, best first, with the reasons. */
  'media:relinkCandidates': {
    input: z.strictObject({ mediaIds: z.array(z.string().max(64)).min(1).max(10_000), dir: PathSchema }),
    output: z.record(z.string(), z.array(z.strictObject({ path: z.string(), score: z.number(), reasons: z.array(z.string()) }))),
  },
  /** Points a media record at another file (probed, and refused if it is clearly not the same kind of media). */
  'media:relink': { input: z.strictObject({ mediaId: z.string().max(64), path: PathSchema }), output: MediaSchema },
  /** Writes the document's timeline as another application's format, chosen by the extension (.otio). */
  'timeline:export': { input: z.strictObject({ project: ProjectSchema, path: PathSchema, overwrite: z.boolean() }), output: z.strictObject({ files: z.array(z.string()) }) },
  /**
   * Writes the document's markers as review notes, .csv or .md by the extension, with one
   * thumbnail per marker in `<name>_thumbs/` beside it (frames of media the main process knows).
   */
  'review:exportNotes': {
    input: z.strictObject({ project: ProjectSchema, path: PathSchema, overwrite: z.boolean() }),
    output: z.strictObject({ file: z.string(), folder: z.string().nullable(), notes: z.number().int(), thumbnails: z.number().int(), warnings: z.array(z.string()) }),
  },
  /** Reads review notes from a .csv or .md file, timecodes at `rate`; the renderer merges them as one edit. */
  'review:importNotes': {
    input: z.strictObject({ path: PathSchema, rate: RateSchema }),
    output: z.strictObject({ notes: z.array(ReviewNoteSchema).max(100_000) }),
  },
  /** Reads a shot list (.csv, .tsv or .md) with durations at `rate`; the renderer adds the shots as one edit. */
  'previz:importShotList': {
    input: z.strictObject({ path: PathSchema, rate: RateSchema }),
    output: z.strictObject({ shots: z.array(ParsedShotSchema).max(10_000) }),
  },
  /** Writes the document's shot list as CSV, or a Markdown table for .md. */
  'previz:exportShotList': {
    input: z.strictObject({ project: ProjectSchema, path: PathSchema, overwrite: z.boolean() }),
    output: z.strictObject({ file: z.string(), shots: z.number().int() }),
  },
  /** Copies the project and every media file it uses into one folder; resolves with the report. */
  'project:collect': {
    input: z.strictObject({ project: ProjectSchema, dir: PathSchema, overwrite: z.boolean() }),
    output: z.strictObject({
      projectFile: z.string(),
      copied: z.number().int(),
      bytes: z.number(),
      missing: z.array(z.strictObject({ mediaId: z.string(), path: z.string() })),
      renamed: z.array(z.strictObject({ from: z.string(), to: z.string() })),
    }),
  },
  'media:probe': { input: z.strictObject({ path: PathSchema }), output: ProbeResultSchema },
  /** Probe and register files; each file succeeds or fails on its own. */
  'media:import': {
    input: z.strictObject({ paths: z.array(PathSchema).min(1).max(1000) }),
    output: z.strictObject({ imported: z.array(MediaSchema), failed: z.array(ImportFailureSchema) }),
  },
  /** Asset ids for a media record already in the project: the source and its poster. */
  'media:assets': { input: z.strictObject({ mediaId: z.string().max(64) }), output: MediaAssetsSchema },
  'media:peaks': {
    input: z.strictObject({
      mediaId: z.string().max(64),
      samplesPerPixel: PeakLevelSchema,
      /** optional window, in peak pairs */
      offset: z.number().int().nonnegative().optional(),
      length: z.number().int().positive().max(1_000_000).optional(),
    }),
    output: PeaksSchema,
  },
  'media:filmstrip': { input: z.strictObject({ mediaId: z.string().max(64) }), output: FilmstripSchema },
  /** Browser mode's file picker over the host's file system. */
  'fs:list': { input: z.strictObject({ dir: PathSchema.optional() }), output: DirListingSchema },
  /** Native open dialog; `null` when cancelled, `not_available` in browser mode. */
  'dialog:openMedia': { input: Empty, output: z.array(z.string()).nullable() },
  /** Native open dialog for a .segue/.otio file; `null` when cancelled, `not_available` in browser mode. */
  'dialog:openProject': { input: Empty, output: z.string().nullable() },
  'job:cancel': { input: z.strictObject({ jobId: z.string().max(64) }), output: z.strictObject({ cancelled: z.boolean() }) },
  /**
   * Export the given document (the renderer's, unsaved edits included) to a file. Returns
   * the job id at once; progress and the end arrive as job:progressed. Media must be known
   * to the main process (imported or opened), never paths the renderer makes up.
   */
  'render:export': {
    input: z.strictObject({
      project: ProjectSchema,
      path: PathSchema,
      preset: z.string().max(64),
      /** timeline frames; both or neither */
      inFrame: z.number().int().nonnegative().optional(),
      outFrame: z.number().int().positive().optional(),
      overwrite: z.boolean(),
      /** burn "AI-generated" into the picture where generated media shows or sounds */
      aiLabel: z.boolean().optional(),
    }),
    output: z.strictObject({ jobId: z.string() }),
  },
  /**
   * Render (or reuse) the monitor's preview of the given document: cached segments, one
   * audio pass, joined. Progress arrives as job:progressed; resolves with the file's asset.
   */
  'preview:render': {
    input: z.strictObject({ project: ProjectSchema }),
    output: z.strictObject({
      assetId: z.string(),
      frames: z.number().int().nonnegative(),
      segments: z.number().int(),
      rendered: z.number().int(),
      /** how many media the preview read from review proxies (0 outside review) */
      proxies: z.number().int().nonnegative().optional(),
    }),
  },
  /** Empty the preview cache and the review proxies not in use. */
  'render:clearCache': { input: Empty, output: z.strictObject({ freedBytes: z.number().nonnegative() }) },
  /** Whether a file exists, so the renderer can ask before overwriting. */
  'fs:exists': { input: z.strictObject({ path: PathSchema }), output: z.boolean() },
  /** Cost and feasibility of a generation before anything is spent. */
  'generation:estimate': { input: z.strictObject({ request: GenerationRequestSchema }), output: EstimateSchema },
  /**
   * Journals and starts a generation; returns at once with the media records its takes
   * will have, for the renderer to place (progress arrives as generation:updated).
   */
  'generation:start': {
    input: z.strictObject({ request: GenerationRequestSchema }),
    output: z.strictObject({ status: GenerationStatusSchema, media: z.array(MediaSchema) }),
  },
  'generation:list': { input: Empty, output: z.array(GenerationStatusSchema) },
  'generation:cancel': { input: GenerationIdSchema, output: z.strictObject({ cancelled: z.boolean() }) },
  'generation:retry': { input: GenerationIdSchema, output: GenerationStatusSchema },
  'providers:get': { input: Empty, output: ProvidersViewSchema },
  /** `apiKey`: a new key (kept in the main process only), null to forget it, absent to keep it */
  'providers:set': {
    input: z.strictObject({ settings: ProviderSettingsSchema, apiKey: z.string().min(1).max(1000).regex(/^[\x21-\x7e]+$/, 'an API key is printable ASCII without spaces').nullable().optional() }),
    output: ProvidersViewSchema,
  },
  /** Proves the configured server answers with the key; the error says what is wrong. */
  'providers:test': { input: Empty, output: z.strictObject({ models: z.array(z.string()), message: z.string() }) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.infer<Contract[C]['output']>;
export const CHANNELS = Object.keys(contract) as Channel[];
export const isChannel = (name: unknown): name is Channel => typeof name === 'string' && Object.hasOwn(contract, name);

export const events = {
  'job:progressed': JobProgressSchema,
  /** a media record gained derived data (peaks, filmstrip) */
  'media:updated': z.strictObject({ mediaId: z.string() }),
  /** the host switched to another project (e.g. File > Open in Electron) */
  'project:opened': z.strictObject({ projectId: z.string() }),
  /** a native menu item was chosen (Electron); the renderer runs the action of that id */
  'menu:invoked': z.strictObject({ action: z.string().max(64) }),
  /** a generation changed state or progress */
  'generation:updated': GenerationStatusSchema,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<E extends EventName> = z.infer<Events[E]>;

/** What the preload (Electron) and the web client (browser) both expose as `window.segue`. */
export interface SegueApi {
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /** URL the renderer can put in <img>/<video> for an asset id */
  assetUrl(assetId: string): string;
  readonly transport: 'electron' | 'web';
}
