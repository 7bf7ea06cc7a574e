// Integer rational time, OpenTimelineIO-shaped but never floating point.
// A rate is frames per second as a fraction (24000/1001 for 23.976); a time is an
// integer count of frames at a rate. Seconds appear only at the edges (ffmpeg
// arguments, pixel maths, display).

export interface Rate {
  readonly num: number;
  readonly den: number;
}

export interface RationalTime {
  readonly value: number;
  readonly rate: Rate;
}

export interface TimeRange {
  readonly start: RationalTime;
  readonly duration: RationalTime;
}

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
};

export function makeRate(num: number, den = 1): Rate {
  if (!Number.isInteger(num) || !Number.isInteger(den) || num <= 0 || den <= 0) {
    throw new RangeError(`Invalid frame rate ${num}/${den}`);
  }
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

export const fps = (rate: Rate): number => rate.num / rate.den;

export const sameRate = (a: Rate, b: Rate): boolean => a.num * b.den === b.num * a.den;

/** Common NTSC rates are written as 23.976, 29.97, 59.94 but mean 24000/1001 etc. */
export function rateFromFps(value: number): Rate {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Invalid frame rate ${value}`);
  for (const base of [24, 30, 48, 60, 120]) {
    const ntsc = (base * 1000) / 1001;
    if (Math.abs(value - ntsc) < 0.005) return makeRate(base * 1000, 1001);
  }
  if (Number.isInteger(value)) return makeRate(value, 1);
  // Fall back to millesimal precision (e.g. 12.5 -> 25/2).
  return makeRate(Math.round(value * 1000), 1000);
}

/** Parses ffprobe's "30000/1001" style fractions. Returns null for "0/0". */
export function parseRateFraction(text: string | undefined): Rate | null {
  if (!text) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) {
    const v = Number(text);
    return Number.isFinite(v) && v > 0 ? rateFromFps(v) : null;
  }
  const num = Number(m[1]);
  const den = Number(m[2]);
  if (num <= 0 || den <= 0) return null;
  return makeRate(num, den);
}

export const rt = (value: number, rate: Rate): RationalTime => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Time value must be an integer, got ${value}`);
  return { value, rate };
};

export const range = (start: RationalTime, duration: RationalTime): TimeRange => ({ start, duration });

/** value at `to` rate; exact when representable, else rounded to the nearest frame (half away from zero). */
export function rescale(t: RationalTime, to: Rate): number {
  if (sameRate(t.rate, to)) return t.value;
  // value * (to.num/to.den) / (t.rate.num/t.rate.den)
  const n = t.value * to.num * t.rate.den;
  const d = to.den * t.rate.num;
  const q = n / d;
  return Math.sign(q) * Math.round(Math.abs(q));
}

export const toSeconds = (t: RationalTime): number => (t.value * t.rate.den) / t.rate.num;

export const framesToSeconds = (frames: number, rate: Rate): number => (frames * rate.den) / rate.num;

export const secondsToFrames = (seconds: number, rate: Rate): number =>
  Math.round((seconds * rate.num) / rate.den);

/** Nominal timecode base: 30 for 29.97, 24 for 23.976. */
export const timecodeBase = (rate: Rate): number => Math.round(fps(rate));

/**
 * SMPTE timecode HH:MM:SS:FF. Drop-frame (;) for 29.97/59.94 when asked, following
 * SMPTE 12M: skip frame numbers 0 and 1 (0-3 at 59.94) every minute except each tenth.
 */
export function formatTimecode(frames: number, rate: Rate, dropFrame = false): string {
  const base = timecodeBase(rate);
  const sign = frames < 0 ? '-' : '';
  let f = Math.abs(Math.trunc(frames));
  const isDropRate = rate.den === 1001 && (base === 30 || base === 60);
  let sep = ':';
  if (dropFrame && isDropRate) {
    sep = ';';
    const drop = base === 30 ? 2 : 4;
    const perMinute = base * 60 - drop;
    const perTen = perMinute * 10 + drop;
    const tens = Math.floor(f / perTen);
    const rem = f % perTen;
    f += drop * 9 * tens + (rem > drop ? drop * Math.floor((rem - drop) / perMinute) : 0);
  }
  const ff = f % base;
  const totalSeconds = Math.floor(f / base);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${sign}${p(hh)}:${p(mm)}:${p(ss)}${sep}${p(ff)}`;
}

/** Human duration such as 1:02.5 or 0:04.0 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  const h = Math.floor(m / 60);
  const sText = s.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m % 60).padStart(2, '0')}:${sText}` : `${m}:${sText}`;
}
