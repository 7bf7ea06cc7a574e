// SMPTE timecode for EDLs: HH:MM:SS:FF (non-drop) and HH:MM:SS;FF (drop-frame, only at
// 29.97 and 59.94). A timecode names a frame count at a rate; an EDL does not state its
// rate, so a timecode whose frame field cannot exist at the rate is an error that names
// both (a 25 fps EDL read at 24 fps shows up as frame 24).
import { fps, formatTimecode, timecodeBase, type Rate } from '../../timeline/time';

export class TimecodeError extends Error {
  override name = 'TimecodeError';
}

// Writers differ in separators: `01:00:00;00` (SMPTE drop-frame), `01;00;00;00` (Avid in
// comments), `01.00.00.00`. Any `;` or `,` marks drop-frame.
const TC = /^(\d{1,2})([:.;,])(\d{2})([:.;,])(\d{2})([:.;,])(\d{2,3})$/;

/** "24 fps", "29.97 fps (30000/1001)" */
export function describeRate(rate: Rate): string {
  if (rate.den === 1) return `${rate.num} fps`;
  const v = fps(rate);
  return `${Number(v.toFixed(3))} fps (${rate.num}/${rate.den})`;
}

/** True for 30000/1001 and 60000/1001, the rates where drop-frame timecode exists. */
export function isDropFrameRate(rate: Rate): boolean {
  const base = timecodeBase(rate);
  return rate.num * 1001 === rate.den * base * 1000 && (base === 30 || base === 60);
}

export interface ParsedTimecode {
  frames: number;
  dropFrame: boolean;
}

/**
 * Frame count for a timecode at `rate`. A `;` (or `,`) separator means drop-frame;
 * `dropFrame: true` reads a `:` timecode as drop-frame too (EDLs under `FCM: DROP FRAME`
 * often write colons).
 */
export function parseTimecode(text: string, rate: Rate, options: { dropFrame?: boolean } = {}): ParsedTimecode {
  const m = TC.exec(text.trim());
  if (!m) throw new TimecodeError(`"${text}" is not a timecode (HH:MM:SS:FF)`);
  const [hh, mm, ss, ff] = [m[1], m[3], m[5], m[7]].map(Number) as [number, number, number, number];
  const base = timecodeBase(rate);
  const dropFrame = [m[2], m[4], m[6]].some((sep) => sep === ';' || sep === ',') || options.dropFrame === true;
  if (mm > 59 || ss > 59) throw new TimecodeError(`timecode ${text}: minutes and seconds run 00-59`);
  if (ff >= base) {
    throw new TimecodeError(`timecode ${text} is impossible at ${describeRate(rate)}: its frame field ${ff} must be below ${base}`);
  }
  let frames = ((hh * 60 + mm) * 60 + ss) * base + ff;
  if (dropFrame) {
    if (!isDropFrameRate(rate)) {
      throw new TimecodeError(`timecode ${text} is drop-frame, which exists only at 29.97 and 59.94 fps, not at ${describeRate(rate)}`);
    }
    const drop = base === 30 ? 2 : 4;
    if (ss === 0 && ff < drop && mm % 10 !== 0) {
      throw new TimecodeError(`timecode ${text} does not exist in drop-frame at ${describeRate(rate)}: frames 00-${String(drop - 1).padStart(2, '0')} are skipped at the start of each minute not divisible by 10`);
    }
    const minutes = hh * 60 + mm;
    frames -= drop * (minutes - Math.floor(minutes / 10));
  }
  return { frames, dropFrame };
}

/** Frame count -> timecode at `rate` (drop-frame only where the rate allows it). */
export function formatEdlTimecode(frames: number, rate: Rate, dropFrame = false): string {
  if (!Number.isSafeInteger(frames) || frames < 0) throw new TimecodeError(`cannot write frame ${frames} as a timecode`);
  const text = formatTimecode(frames, rate, dropFrame && isDropFrameRate(rate));
  if (text.length > 11) throw new TimecodeError(`frame ${frames} is past 99:59:59 at ${describeRate(rate)}`);
  return text;
}
