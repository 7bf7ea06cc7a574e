// OTIO's JSON dialect (rapidjson with NaN/Inf, int64 and uint64, doubles kept apart from
// integers) read and written without losing a number.
import { describe, expect, it } from 'vitest';
import { formatOtioJson, isOtioNumber, otioNumberValue, parseOtioJson } from '../../../../shared/interchange/otio/json';

const n = (text: string) => ({ $otio: 'number', text });

describe('parseOtioJson', () => {
  it('reads plain JSON as JSON.parse does', () => {
    const text = '{"a": [1, -2.5, 0.1, 1e-7, true, false, null, "x\\"\\n\\u00e9"], "b": {}, "c": [], "é": "ü"}';
    expect(parseOtioJson(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['NaN', 'NaN'],
    ['-NaN', 'NaN'],
    ['Inf', 'Infinity'],
    ['Infinity', 'Infinity'],
    ['-Inf', '-Infinity'],
    ['-Infinity', '-Infinity'],
  ])('reads the bare %s rapidjson reads, spelled %s as OTIO writes it', (token, text) => {
    expect(parseOtioJson(`{"v": ${token}}`)).toEqual({ v: n(text) });
  });

  it.each([
    ['9007199254740993', '2^53 + 1'],
    ['-9223372036854775808', 'int64 min'],
    ['9223372036854775807', 'int64 max'],
    ['18446744073709551615', 'uint64 max'],
    ['170141183460469231731687303715884105728', '2^127 (upstream big_int.otio)'],
    ['1.0', 'a double with a whole value'],
    ['2E3', 'a whole double in exponent form'],
    ['-0', 'negative zero'],
    ['1e999', 'a double too big for one'],
  ])('keeps %s (%s) as written', (token) => {
    expect(parseOtioJson(`[${token}]`)).toEqual([n(token)]);
  });

  it('leaves numbers JavaScript writes back the same as plain numbers', () => {
    expect(parseOtioJson('[0, 7, -42, 9007199254740991, 0.5, 1.1, 1e308, 5e-324, 2.110382080078125]')).toEqual([0, 7, -42, 9007199254740991, 0.5, 1.1, 1e308, 5e-324, 2.110382080078125]);
  });

  it('reads the fields of RationalTime, TimeTransform and V2d as the doubles OTIO makes of them, unless non-finite', () => {
    const text = '{"t": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24.0, "value": 86400.0}, "x": {"OTIO_SCHEMA": "TimeTransform.1", "rate": 1.0, "scale": Inf, "offset": null}, "p": {"OTIO_SCHEMA": "V2d.1", "x": 1.0, "y": 2.0}, "m": {"rate": 24.0}}';
    expect(parseOtioJson(text)).toEqual({
      t: { OTIO_SCHEMA: 'RationalTime.1', rate: 24, value: 86400 },
      x: { OTIO_SCHEMA: 'TimeTransform.1', rate: 1, scale: n('Infinity'), offset: null },
      p: { OTIO_SCHEMA: 'V2d.1', x: 1, y: 2 },
      m: { rate: n('24.0') },
    });
  });

  it('does not mistake words inside strings for numbers, and reads a byte order mark and a __proto__ key as data', () => {
    const v = parseOtioJson('\uFEFF{"s": "NaN Infinity 1.0", "__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(v.s).toBe('NaN Infinity 1.0');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['s', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['not json', 'expected a value, found "not json" at position 0'],
    ['{"a": 1', 'expected "," or "}", found the end of the text'],
    ['{"a" 1}', 'expected ":", found "1}" at position 5'],
    ['[1, 2] x', 'expected the end of the text, found "x" at position 7'],
    ['["open', 'expected a closing quote, found "\\"open" at position 1'],
    ['["a\tb"]', 'expected a valid string'],
    ['[01]', 'expected "," or "]", found "1]" at position 2'],
    ['{"a": Infinityx}', 'expected "," or "}"'],
  ])('refuses %j with a message that names the place', (text, message) => {
    expect(() => parseOtioJson(text)).toThrow(message);
  });
});

describe('formatOtioJson', () => {
  it('writes tagged numbers as their bare token, and JS numbers as rapidjson does', () => {
    const value = { big: n('9007199254740993'), nan: n('NaN'), inf: n('Infinity'), ninf: n('-Infinity'), one: n('1.0'), f: 1e308, tiny: 5e-324, e21: 1e21, neg: -0.5, raw: NaN };
    expect(formatOtioJson(value, 0)).toBe('{"big":9007199254740993,"nan":NaN,"inf":Infinity,"ninf":-Infinity,"one":1.0,"f":1e308,"tiny":5e-324,"e21":1e21,"neg":-0.5,"raw":NaN}');
  });

  it('indents like JSON.stringify and leaves undefined out', () => {
    const value = { a: [1, { b: 'x' }], c: {}, d: [], e: undefined, f: null };
    expect(formatOtioJson(value, 4)).toBe(JSON.stringify(value, null, 4));
  });

  it('writes a tag whose text is not a number as the object it is (no injection from a hand-edited project)', () => {
    const evil = { $otio: 'number', text: '1, "injected": 2' };
    expect(isOtioNumber(evil)).toBe(false);
    expect(JSON.parse(formatOtioJson({ v: evil }, 0))).toEqual({ v: evil });
    expect(isOtioNumber({ ...n('1'), more: 1 })).toBe(false);
  });

  it('gives every token back after a trip through JSON.stringify / JSON.parse, as a .segue file makes', () => {
    const text = '{"int_test": {"maxint32": 2147483647, "int128": 170141183460469231731687303715884105728, "u": 18446744073709551615, "n": -9223372036854775808}, "float": {"double": 1.1, "whole": 24.0, "floatinf": Infinity, "floatneginf": -Infinity, "floatnan": NaN}, "list": [[1.0, [NaN]], {"deep": 9007199254740993}]}';
    const kept = JSON.parse(JSON.stringify(parseOtioJson(text))) as unknown;
    expect(formatOtioJson(kept, 0)).toBe(text.replace(/: /g, ':').replace(/, /g, ','));
  });

  it('gives the value of a tagged number', () => {
    expect(otioNumberValue(n('NaN'))).toBeNaN();
    expect(otioNumberValue(n('-Infinity'))).toBe(-Infinity);
    expect(otioNumberValue(n('9007199254740993'))).toBe(9007199254740992);
    expect(otioNumberValue(3)).toBe(3);
    expect(otioNumberValue('3')).toBeNull();
  });
});
