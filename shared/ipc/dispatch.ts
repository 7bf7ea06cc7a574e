// Validates an untrusted call against the contract before any handler runs, and turns
// whatever the handler does into a Result. Shared by the Electron IPC transport, the
// web host and the in-memory transport used in tests.
import type { z } from 'zod';
import { contract, isChannel, type Channel, type Contract, type OutputOf } from './contract';
import { AppError, fail, ok, type Result } from './result';

export type Handler<C extends Channel, Ctx> = (input: z.infer<Contract[C]['input']>, ctx: Ctx) => Promise<OutputOf<C>>;
export type HandlerTable<Ctx> = { [C in Channel]: Handler<C, Ctx> };

const MAX_ISSUES = 3;

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, MAX_ISSUES)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}

export interface DispatchOptions {
  /** validate handler output too (on in tests and development) */
  checkOutput?: boolean;
  /** called with unexpected errors; the caller only sees a generic message */
  onInternalError?: (channel: string, error: unknown) => void;
}

export async function dispatch<Ctx>(
  table: HandlerTable<Ctx>,
  channel: unknown,
  input: unknown,
  ctx: Ctx,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('invalid_input', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
  const spec = contract[channel];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) return fail('invalid_input', `Invalid input for ${channel}: ${describeZodError(parsed.error)}`);
  try {
    const handler = table[channel] as Handler<Channel, Ctx>;
    const value = await handler(parsed.data as never, ctx);
    if (options.checkOutput) {
      const out = spec.output.safeParse(value);
      if (!out.success) throw new Error(`handler for ${channel} returned invalid output: ${describeZodError(out.error)}`);
    }
    return ok(value);
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    options.onInternalError?.(channel, error);
    return fail('internal', `Something went wrong in ${channel}. See the log for details.`);
  }
}
