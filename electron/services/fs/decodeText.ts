// Text from the bytes of a file another application wrote (EDLs, FCP XML): a byte order
// mark (UTF-8, UTF-16 LE/BE) or UTF-16 without one (every other byte of ASCII zero), else
// the encoding the file declares, else UTF-8 — and, where the format allows a guess,
// Windows-1252 (Avid and older Windows tools) with a warning saying so.
import { TextDecoder } from 'node:util';
import { AppError } from '../../../shared/ipc/result';

// Windows-1252 differs from Latin-1 in 0x80-0x9F (Node's decoder reads them as Latin-1).
const CP1252 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const windows1252 = (buf: Uint8Array): string => Array.from(buf, (b) => (b >= 0x80 && b < 0xa0 ? CP1252[b - 0x80]! : String.fromCharCode(b))).join('');
const WESTERN = /^(windows-1252|cp1252|iso-8859-1|iso8859-1|latin-?1|l1|us-ascii|ascii)$/;

export interface DecodeOptions {
  /** the encoding the file itself names (an XML declaration's encoding="…") */
  declared?: string;
  /** not valid UTF-8 and nothing declared: read as Windows-1252 (with a warning) instead of refusing */
  guessWindows1252?: boolean;
  /** what the file should be, for the binary-data message: "a CMX 3600 EDL" */
  what: string;
}

export function decodeText(bytes: Uint8Array, o: DecodeOptions): { text: string; warning?: string } {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: strictDecode('utf-8', b.subarray(3)) };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: strictDecode('utf-16le', b.subarray(2)) };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: strictDecode('utf-16be', b.subarray(2)) };
  const sample = b.subarray(0, 512);
  const zeros = [0, 1].map((odd) => sample.filter((x, i) => i % 2 === odd && x === 0).length);
  if (sample.length >= 8 && zeros[1]! >= sample.length / 4 && zeros[0] === 0) return { text: strictDecode('utf-16le', b) };
  if (sample.length >= 8 && zeros[0]! >= sample.length / 4 && zeros[1] === 0) return { text: strictDecode('utf-16be', b) };
  if (b.includes(0)) throw new AppError('invalid_input', `not a text file (it holds binary data), so not ${o.what}`);
  const declared = o.declared?.toLowerCase();
  if (declared && !/^(utf-?8)$/.test(declared)) {
    if (WESTERN.test(declared)) return { text: windows1252(b) };
    return { text: strictDecode(declared, b) };
  }
  try {
    return { text: strictDecode('utf-8', b) };
  } catch (e) {
    if (!o.guessWindows1252) throw e;
    return { text: windows1252(b), warning: 'the file is not UTF-8; read as Windows-1252 (Latin-1)' };
  }
}

function strictDecode(encoding: string, bytes: Uint8Array): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new AppError('invalid_input', `the text encoding ${encoding} is not one Segue reads (save it as UTF-8)`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new AppError('invalid_input', `not valid ${encoding.toUpperCase()} text`);
  }
}
