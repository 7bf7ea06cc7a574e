// OpenTimelineIO's JSON, read and written without losing numbers. OTIO reads and writes
// with rapidjson (deserialization.cpp: kParseNanAndInfFlag; serialization.cpp:
// kWriteNanAndInfFlag), so its files may hold what JSON.parse refuses or changes:
//
//   in the file             OTIO keeps                  JSON.parse + JSON.stringify give
//   NaN, Inf, -Infinity     double NaN, +-inf           a syntax error; null
//   9007199254740993        int64 9007199254740993      9007199254740992
//   18446744073709551615    int64 (its decoder masks    18446744073709552000
//                           uint64 to 63 bits)
//   1.0                     double 1.0, not int64 1     1
//
// Such a number becomes a tagged value, `{"$otio": "number", "text": "<token>"}`, that
// survives Segue's project files (plain JSON) and zod, and `formatOtioJson` writes the
// token back bare, so Segue gives back what it read (for uint64 more than OTIO keeps).
// Tagged: non-finite values (text spelled as OTIO's writer does: NaN, Infinity,
// -Infinity), integers JavaScript cannot hold exactly (beyond 2^53), -0, and doubles
// with a whole value such as `1.0` below 1e21 (where JavaScript would write an integer),
// because OTIO keeps int64 and double apart: metadata read in Python or C++ sees a
// float, and `is_equivalent_to` compares types. Not tagged: the fields of
// RationalTime.1, TimeTransform.1 and V2d.1, which OTIO always reads as doubles whatever
// their spelling, unless they are non-finite. `{"$otio": ...}` objects are Segue's own
// form; only one with exactly `$otio: "number"` and a numeric `text` is written bare.
//
// The parser is a small recursive descent over the text (no eval, no reviver sentinels),
// with JSON.parse doing the string unescaping.

export interface OtioNumber {
  $otio: 'number';
  text: string;
}

/** A number token OTIO can write: decimal JSON numbers, NaN and the infinities. */
const NUMBER_TEXT = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|NaN|-?Infinity)$/;

export const isOtioNumber = (v: unknown): v is OtioNumber =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  (v as { $otio?: unknown }).$otio === 'number' &&
  typeof (v as { text?: unknown }).text === 'string' &&
  Object.keys(v).length === 2 &&
  NUMBER_TEXT.test((v as OtioNumber).text);

/** The value of a number or tagged number as a JS number (NaN, the infinities, rounded big integers). */
export function otioNumberValue(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (!isOtioNumber(v)) return null;
  return v.text === 'NaN' ? NaN : v.text === 'Infinity' ? Infinity : v.text === '-Infinity' ? -Infinity : Number(v.text);
}

const tag = (text: string): OtioNumber => ({ $otio: 'number', text });

// Fields OTIO reads as doubles whatever their spelling (deserialization.cpp _decode).
const DOUBLE_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['RationalTime.1', new Set(['value', 'rate'])],
  ['TimeTransform.1', new Set(['rate', 'scale'])],
  ['V2d.1', new Set(['x', 'y'])],
]);

// rapidjson's reader (kParseNanAndInfFlag) takes Inf and Infinity, each signed, and NaN,
// signed too; longer spellings first so that -Infinity is not read as -Inf plus 'inity'.
const NON_FINITE: ReadonlyArray<readonly [string, string]> = [
  ['-Infinity', '-Infinity'],
  ['Infinity', 'Infinity'],
  ['-Inf', '-Infinity'],
  ['Inf', 'Infinity'],
  ['-NaN', 'NaN'],
  ['NaN', 'NaN'],
];

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

const hasControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20) return true;
  return false;
};
const WS = /[ \t\n\r]*/y;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(expected: string): never {
    const found = this.i < this.s.length ? `${JSON.stringify(this.s.slice(this.i, this.i + 12))} at position ${this.i}` : 'the end of the text';
    throw new SyntaxError(`expected ${expected}, found ${found}`);
  }

  ws(): void {
    WS.lastIndex = this.i;
    WS.test(this.s);
    this.i = WS.lastIndex;
  }

  document(): unknown {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('the end of the text');
    return v;
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (this.s.startsWith('true', this.i)) return (this.i += 4), true;
    if (this.s.startsWith('false', this.i)) return (this.i += 5), false;
    if (this.s.startsWith('null', this.i)) return (this.i += 4), null;
    for (const [token, text] of NON_FINITE) {
      if (this.s.startsWith(token, this.i)) {
        this.i += token.length;
        return tag(text);
      }
    }
    return this.number();
  }

  number(): number | OtioNumber {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) this.fail('a value');
    const text = m[0];
    this.i = NUMBER.lastIndex;
    const n = Number(text);
    if (!Number.isFinite(n)) return tag(text); // 1e999: rapidjson refuses it; kept as written
    if (Object.is(n, -0)) return tag(text);
    // A double with a whole value below 1e21 would come back from JavaScript as an
    // integer (1.0 -> 1); from 1e21 up JavaScript writes an exponent, which reads as a
    // double again.
    const isFloat = m[1] !== undefined || m[2] !== undefined;
    if (isFloat ? Number.isInteger(n) && Math.abs(n) < 1e21 : !Number.isSafeInteger(n)) return tag(text);
    return n;
  }

  string(): string {
    const start = this.i;
    let j = start + 1;
    let escaped = false;
    for (;;) {
      const c = this.s.charCodeAt(j);
      if (Number.isNaN(c)) {
        this.i = start;
        this.fail('a closing quote');
      }
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        j += 2;
        continue;
      }
      j++;
    }
    this.i = j + 1;
    const raw = this.s.slice(start, j + 1);
    // JSON.parse unescapes, and refuses the raw control characters JSON does not allow.
    if (!escaped && !hasControl(raw)) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.i = start;
      return this.fail('a valid string');
    }
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') return this.i++, out;
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail('"," or "]"');
      }
    }
  }

  object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') return this.i++, out;
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('a key');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('":"');
      this.i++;
      this.ws();
      const v = this.value();
      // A "__proto__" key is data, as with JSON.parse, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') break;
      if (c !== ',') {
        this.i--;
        this.fail('"," or "}"');
      }
    }
    const doubles = typeof out.OTIO_SCHEMA === 'string' ? DOUBLE_FIELDS.get(out.OTIO_SCHEMA) : undefined;
    if (doubles) {
      for (const k of doubles) {
        const n = otioNumberValue(out[k]);
        if (isOtioNumber(out[k]) && n !== null && Number.isFinite(n)) out[k] = n;
      }
    }
    return out;
  }
}

/**
 * OTIO JSON text as plain values, numbers JavaScript would change tagged (see above).
 * A UTF-8 byte order mark is ignored. Throws a SyntaxError naming the position.
 */
export function parseOtioJson(text: string): unknown {
  return new Parser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).document();
}

/** A JS number as rapidjson writes it: NaN, Infinity, -Infinity bare; 1e+21 as 1e21. */
function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n).replace('e+', 'e');
}

/**
 * Values as OTIO JSON text, `indent` spaces deep (0: one line): tagged numbers are
 * written as their bare token, keys with undefined values are left out as JSON.stringify
 * does. A tagged value whose text is not a number is written as the object it is.
 */
export function formatOtioJson(value: unknown, indent = 4): string {
  const out: string[] = [];
  const breaks: string[] = [];
  const nl = (depth: number) => (indent > 0 ? (breaks[depth] ??= `\n${' '.repeat(indent * depth)}`) : '');
  const sep = indent > 0 ? ': ' : ':';
  const write = (v: unknown, depth: number): void => {
    if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      out.push('null');
    } else if (typeof v === 'number') {
      out.push(formatNumber(v));
    } else if (typeof v === 'bigint') {
      out.push(v.toString());
    } else if (typeof v === 'boolean') {
      out.push(v ? 'true' : 'false');
    } else if (typeof v === 'string') {
      out.push(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      if (v.length === 0) return void out.push('[]');
      out.push('[');
      v.forEach((x, i) => {
        out.push(i ? ',' : '', nl(depth + 1));
        write(x, depth + 1);
      });
      out.push(nl(depth), ']');
    } else if (isOtioNumber(v)) {
      out.push(v.text);
    } else {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol');
      if (entries.length === 0) return void out.push('{}');
      out.push('{');
      entries.forEach(([k, x], i) => {
        out.push(i ? ',' : '', nl(depth + 1), JSON.stringify(k), sep);
        write(x, depth + 1);
      });
      out.push(nl(depth), '}');
    }
  };
  write(value, 0);
  return out.join('');
}
