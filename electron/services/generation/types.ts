// The seam between the generation service (queue, journal, placement) and the providers
// that make pictures and sound. Two kinds of provider:
//   - local: runs ffmpeg on this machine and writes the result file directly (`render`);
//   - remote: a `/v1/videos` server, driven step by step (`submit` → `poll` → `download`)
//     so the service can journal the remote id the moment it is known and resume after
//     a crash without paying twice.

/** An image handed to a provider as the first (or last) frame. */
export interface ImageInput {
  /** absolute path of a PNG/JPEG/WebP file already at the requested size */
  path: string;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
}

export interface RemoteRequest {
  /**
   * create: text-to-video, or image-to-video when `inputReference` is set;
   * extend: continue a completed video of this provider (`videoId`); the result is the
   *   original and the extension stitched, `seconds` is the extension's length;
   * remix: a new take of a completed video (`videoId`) with a new prompt.
   */
  mode: 'create' | 'extend' | 'remix';
  model: string;
  prompt: string;
  /** whole seconds, one of the provider's allowed values (sent as a string) */
  seconds: number;
  /** "WIDTHxHEIGHT" */
  size: string;
  inputReference?: ImageInput;
  videoId?: string;
  /** extra form fields for self-hosted engines (seed, negative_prompt, num_inference_steps, fps, num_frames) */
  extra?: Record<string, string | number>;
}

export type RemoteStatus =
  | { status: 'queued' | 'in_progress'; progress: number; /** server's hint for the next poll */ pollAfterMs?: number }
  | { status: 'completed'; expiresAt: number | null }
  | { status: 'failed'; code: string; message: string };

export interface RemoteProvider {
  readonly kind: 'remote';
  /**
   * One create call, never retried blindly: resolves with the remote id, or throws an
   * AppError. `retryable` on the error says that no job can have been created (429, a
   * connection refused before sending), so the caller may try again after `retryAfterMs`.
   */
  submit(req: RemoteRequest, signal: AbortSignal): Promise<{ remoteId: string }>;
  poll(remoteId: string, signal: AbortSignal): Promise<RemoteStatus>;
  /** writes the finished MP4 to `dest` (the caller picks a temporary name and renames) */
  download(remoteId: string, dest: string, signal: AbortSignal): Promise<void>;
  /** deletes the remote job where the server allows it; never throws */
  cancel(remoteId: string): Promise<void>;
  /**
   * After a crash between "request sent" and "id recorded": a job of this provider created
   * at or after `sinceEpochSeconds` with this prompt, if the server lists one; ids in
   * `known` (jobs this project already owns) are never returned.
   */
  findLost(req: RemoteRequest, sinceEpochSeconds: number, signal: AbortSignal, known?: ReadonlySet<string>): Promise<string | null>;
  /** a cheap call that proves the base URL, key and model work; throws an AppError that says what is wrong */
  testConnection(signal: AbortSignal): Promise<{ models: string[] }>;
}

/** What the local (ffmpeg) provider is asked to make. All times are seconds. */
export type LocalRequest =
  | {
      /** continue a clip: its last frame held with a slow push-in, its sound continued as room tone */
      mode: 'extend';
      source: string;
      /** source time of the clip's out point (the last shown frame ends here) */
      outSeconds: number;
      seconds: number;
      /** seconds of the source's tail repeated at the head of the result, as a crossfade handle */
      handleSeconds: number;
    }
  | {
      /** lead into a clip: its first frame held with a slow pull-out, sound from its head */
      mode: 'extendBefore';
      source: string;
      inSeconds: number;
      seconds: number;
      handleSeconds: number;
    }
  | {
      /** bridge two clips: a morph from A's last frame to B's first, sound crossfaded */
      mode: 'bridge';
      a: { source: string; outSeconds: number };
      b: { source: string; inSeconds: number };
      seconds: number;
    }
  | { mode: 'text'; prompt: string; seconds: number }
  | { mode: 'image'; image: string; seconds: number };

export interface LocalFormat {
  width: number;
  height: number;
  /** frames per second as a fraction */
  rate: { num: number; den: number };
  sampleRate: number;
  channels: number;
}
