// Messages of the web host's WebSocket. The same contract as Electron IPC, framed as JSON.
import { z } from 'zod';

export const WS_PATH = '/ws';
export const ASSET_PATH = '/asset/';
export const TOKEN_COOKIE = 'segue_token';
/** Largest message the host accepts from a client. */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

export const ClientMessageSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; event: string; payload: unknown };
