// FCPXML time values: rational seconds such as "1001/30000s", "5s" or "0s" (the DTD
// allows a 64-bit numerator over a 32-bit denominator). Kept exact as BigInt fractions:
// sums of FCP's denominators (600, 3000, 144000, 720000 ...) overflow a double's integers.
import type { Rate } from '../../timeline/time';

/** A reduced fraction of seconds; d > 0. */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function q(n: bigint, d = 1n): Q {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export const ZERO: Q = { n: 0n, d: 1n };
export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const cmp = (a: Q, b: Q): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
/** a / b; b must not be zero */
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const ONE: Q = { n: 1n, d: 1n };
export const qmin = (a: Q, b: Q): Q => (cmp(a, b) <= 0 ? a : b);
export const qmax = (a: Q, b: Q): Q => (cmp(a, b) >= 0 ? a : b);

/** Times beyond this many seconds (about 31 years) are refused as nonsense. */
const LIMIT = 1_000_000_000n;

/**
 * Parses "N/Ds", "Ns", "N.Ms" (and a leading sign). Returns null for text that is not
 * a time at all; throws RangeError for a zero denominator or an absurd magnitude.
 */
export function parseTime(text: string): Q | null {
  const m = /^\s*([+-]?)(\d{1,20})(?:\/(\d{1,20})|\.(\d{1,12}))?s\s*$/.exec(text);
  if (!m) return null;
  const sign = m[1] === '-' ? -1n : 1n;
  let n = BigInt(m[2]!);
  let d = 1n;
  if (m[3] !== undefined) d = BigInt(m[3]);
  else if (m[4] !== undefined) {
    d = 10n ** BigInt(m[4].length);
    n = n * d + BigInt(m[4]);
  }
  if (d === 0n) throw new RangeError(`"${text}" divides by zero`);
  const v = q(sign * n, d);
  if (abs(v.n) > LIMIT * v.d) throw new RangeError(`"${text}" is not a plausible time`);
  return v;
}

/** "0s", "5s", "1001/30000s". */
export const formatTime = (x: Q): string => (x.n === 0n ? '0s' : x.d === 1n ? `${x.n}s` : `${x.n}/${x.d}s`);

/** Exact seconds of `frames` at `rate`. */
export const framesToQ = (frames: number, rate: Rate): Q => q(BigInt(frames) * BigInt(rate.den), BigInt(rate.num));

/** Seconds to frames at `rate`: nearest frame (halves away from zero) and whether it was exact. */
export function toFrames(x: Q, rate: Rate): { frames: number; exact: boolean } {
  const num = x.n * BigInt(rate.num);
  const den = x.d * BigInt(rate.den);
  const whole = num / den;
  const rem = num - whole * den;
  if (rem === 0n) return { frames: Number(whole), exact: true };
  const up = 2n * abs(rem) >= den;
  const frames = up ? whole + (num < 0n ? -1n : 1n) : whole;
  return { frames: Number(frames), exact: false };
}
