// Expected failures travel as values: Electron passes only `.message` across
// ipcMain.handle, and a browser transport has no exceptions at all.
import { z } from 'zod';

export const ErrorCodeSchema = z.enum([
  'invalid_input',
  'not_found',
  'unsupported_media',
  'corrupt_media',
  'io_error',
  'cancelled',
  'not_available',
  'forbidden',
  'internal',
  // generation providers
  /** the key is missing, wrong or lacks access */
  'unauthorized',
  /** 429: try again later (the message says when) */
  'rate_limited',
  /** the server cannot be reached (offline, wrong URL, refused, timed out) */
  'unreachable',
  /** the endpoint or model no longer serves (e.g. Sora 2 after 2026-09-24) */
  'retired',
  /** the provider refused this request: moderation, a size or length it does not allow */
  'rejected',
  /** the project's budget cap would be exceeded */
  'budget_exceeded',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorSchema = z.strictObject({ code: ErrorCodeSchema, message: z.string() });
export type AppErrorShape = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Thrown inside handlers for an expected failure; turned into a Result by the dispatcher. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: AppErrorSchema }),
  ]);
