// Keys never reach a user, a log or a journal: every provider message passes through here.

/** Removes the key, bearer tokens and sk-… keys (even masked ones) from a message. */
export function redact(text: string, apiKey: string | null): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]').replace(/\bsk-[A-Za-z0-9_*-]{4,}/g, '[redacted]');
}
