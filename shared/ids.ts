// Stable ids for every record. Uses Web Crypto, present in browsers and Node 20.
import { z } from 'zod';

/** What every id in a document looks like (validated at the edges: files, IPC). */
export const IdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are [A-Za-z0-9_-]');

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function newId(prefix = ''): string {
  const bytes = new Uint8Array(12);
  // Web Crypto exists in browsers and Node 20; shared/ has no DOM types, so name only what we use.
  (globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
