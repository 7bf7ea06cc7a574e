// A small, strict XML reader and writer for interchange files (FCP 7 xmeml). Pure
// TypeScript, no dependencies. Reads elements, attributes, text, CDATA and the five
// predefined entities plus numeric character references; skips comments, processing
// instructions and the DOCTYPE. A DOCTYPE that defines entities is refused, so entity
// expansion attacks ("billion laughs", external entities) cannot happen: an unknown
// entity reference is an error. Every error names the line it was found on.
import { LineError } from '../lineError';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** 1-based line of the start tag */
  readonly line: number;
}
export type XmlNode = XmlElement | string;

export class XmlError extends LineError {
  override name = 'XmlError';
  constructor(line: number, message: string) {
    super('XML', line, message);
  }
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Refuse absurd nesting instead of overflowing the stack. */
const MAX_DEPTH = 256;

class Reader {
  pos = 0;
  line = 1;

  constructor(readonly s: string) {}

  fail(message: string, line = this.line): never {
    throw new XmlError(line, message);
  }

  /** Move to `to`, counting the newlines passed. */
  advance(to: number): void {
    for (let i = this.pos; i < to; i++) if (this.s.charCodeAt(i) === 10) this.line++;
    this.pos = to;
  }

  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.pos);
  }

  /** Skip past the next `end`, or fail with `what` unterminated. */
  skipPast(end: string, what: string): string {
    const at = this.s.indexOf(end, this.pos);
    if (at < 0) this.fail(`unterminated ${what}`);
    const body = this.s.slice(this.pos, at);
    this.advance(at + end.length);
    return body;
  }

  skipSpace(): void {
    let i = this.pos;
    while (i < this.s.length && /\s/.test(this.s[i]!)) i++;
    this.advance(i);
  }

  name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) this.fail(`expected ${what} name`);
    this.advance(this.pos + m[0].length);
    return m[0];
  }

  decode(raw: string, line: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s<]*);?/g, (whole, ref: string, offset: number) => {
      const at = line + (raw.slice(0, offset).match(/\n/g) ?? []).length;
      if (!whole.endsWith(';')) throw new XmlError(at, `bare "&" (write &amp;)`);
      if (ref in PREDEFINED) return PREDEFINED[ref]!;
      const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (m) {
        const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError(at, `invalid character reference &${ref};`);
        return String.fromCodePoint(code);
      }
      throw new XmlError(at, `unknown entity &${ref};`);
    });
  }

  /** Skips `<!--`, `<?` and `<!DOCTYPE` at the current position; true if one was skipped. */
  misc(): boolean {
    if (this.startsWith('<!--')) {
      this.advance(this.pos + 4);
      const body = this.skipPast('-->', 'comment');
      if (body.includes('--')) this.fail('"--" inside a comment');
      return true;
    }
    if (this.startsWith('<?')) {
      this.skipPast('?>', 'processing instruction');
      return true;
    }
    if (this.startsWith('<!DOCTYPE')) {
      const line = this.line;
      let i = this.pos + 9;
      let depth = 0;
      let quote = '';
      for (; i < this.s.length; i++) {
        const c = this.s[i]!;
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      if (i >= this.s.length) this.fail('unterminated DOCTYPE', line);
      const body = this.s.slice(this.pos, i);
      if (/<!ENTITY/i.test(body) || /\bSYSTEM\b|\bPUBLIC\b/.test(body.replace(/\[[\s\S]*\]/, ''))) this.fail('DOCTYPE entity definitions and external DTDs are not accepted', line);
      if (body.includes('[')) this.fail('DOCTYPE internal subsets are not accepted', line);
      this.advance(i + 1);
      return true;
    }
    return false;
  }

  element(depth: number): XmlElement {
    const line = this.line;
    if (depth > MAX_DEPTH) this.fail(`elements nested deeper than ${MAX_DEPTH}`);
    this.advance(this.pos + 1); // <
    const name = this.name('element');
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.startsWith('/>')) {
        this.advance(this.pos + 2);
        return { name, attrs, children: [], line };
      }
      if (this.startsWith('>')) {
        this.advance(this.pos + 1);
        break;
      }
      if (this.pos >= this.s.length) this.fail(`unterminated start tag <${name}>`, line);
      if (this.pos === before) this.fail(`expected whitespace before an attribute in <${name}>`);
      const attr = this.name('attribute');
      this.skipSpace();
      if (!this.startsWith('=')) this.fail(`attribute ${attr} in <${name}> has no value`);
      this.advance(this.pos + 1);
      this.skipSpace();
      const q = this.s[this.pos];
      if (q !== '"' && q !== "'") this.fail(`attribute ${attr} in <${name}> must be quoted`);
      const vLine = this.line;
      this.advance(this.pos + 1);
      const raw = this.skipPast(q, `attribute ${attr}`);
      if (raw.includes('<')) this.fail(`"<" in the value of attribute ${attr}`, vLine);
      if (attr in attrs) this.fail(`duplicate attribute ${attr} in <${name}>`, vLine);
      attrs[attr] = this.decode(raw, vLine).replace(/[\t\n\r]/g, ' ');
    }
    const children: XmlNode[] = [];
    let text = '';
    const flush = () => {
      if (text) children.push(text);
      text = '';
    };
    for (;;) {
      if (this.pos >= this.s.length) this.fail(`<${name}> (line ${line}) is never closed`);
      if (this.startsWith('</')) {
        const closeLine = this.line;
        this.advance(this.pos + 2);
        const close = this.name('closing tag');
        this.skipSpace();
        if (!this.startsWith('>')) this.fail(`malformed closing tag </${close}`);
        this.advance(this.pos + 1);
        if (close !== name) this.fail(`</${close}> does not match <${name}> opened on line ${line}`, closeLine);
        flush();
        return { name, attrs, children, line };
      }
      if (this.startsWith('<![CDATA[')) {
        this.advance(this.pos + 9);
        text += this.skipPast(']]>', 'CDATA section');
        continue;
      }
      if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE inside an element');
      if (this.misc()) continue;
      if (this.startsWith('<')) {
        flush();
        children.push(this.element(depth + 1));
        continue;
      }
      const next = this.s.indexOf('<', this.pos);
      const end = next < 0 ? this.s.length : next;
      const tLine = this.line;
      const raw = this.s.slice(this.pos, end);
      if (raw.includes(']]>')) this.fail('"]]>" in text');
      this.advance(end);
      text += this.decode(raw, tLine);
    }
  }
}

/** Parses a whole document and returns its root element. Throws XmlError. */
export function parseXml(input: string): XmlElement {
  const r = new Reader(input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  let root: XmlElement | null = null;
  for (;;) {
    r.skipSpace();
    if (r.pos >= r.s.length) break;
    if (r.misc()) continue;
    if (r.startsWith('<') && !r.startsWith('</')) {
      if (root) r.fail('more than one root element');
      root = r.element(0);
      continue;
    }
    r.fail(root ? 'text after the root element' : 'not XML: expected "<"');
  }
  if (!root) return r.fail('no root element');
  return root;
}

// ---- navigation ----------------------------------------------------------------

export const isElement = (n: XmlNode): n is XmlElement => typeof n !== 'string';

export const childElements = (el: XmlElement, name?: string): XmlElement[] =>
  el.children.filter((c): c is XmlElement => isElement(c) && (name === undefined || c.name === name));

export const child = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c): c is XmlElement => isElement(c) && c.name === name);

/** All text inside an element (its descendants' too), untrimmed. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (isElement(c) ? textOf(c) : c)).join('');
}

/** Trimmed text of a path of child elements, or undefined when any step is missing. */
export function childText(el: XmlElement | undefined, ...path: string[]): string | undefined {
  let at = el;
  for (const p of path) at = child(at, p);
  return at ? textOf(at).trim() : undefined;
}

/** Depth-first, document order. */
export function* descendants(el: XmlElement, name: string): Generator<XmlElement> {
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (c.name === name) yield c;
    yield* descendants(c, name);
  }
}

// ---- writing -------------------------------------------------------------------

export interface XmlOut {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: (XmlOut | string | number | null | undefined | false)[];
}

/** Element builder: `el('name', [children])` or `el('name', {attrs}, [children])`. */
export function el(name: string, a?: XmlOut['attrs'] | XmlOut['children'] | string | number, c?: XmlOut['children']): XmlOut {
  if (Array.isArray(a)) return { name, children: a };
  if (typeof a === 'string' || typeof a === 'number') return { name, children: [a] };
  return { name, ...(a ? { attrs: a } : {}), ...(c ? { children: c } : {}) };
}

export const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
/** Characters XML 1.0 cannot carry at all. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

function write(node: XmlOut, indent: string, out: string[]): void {
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(clean(String(v)))}"`)
    .join('');
  const kids = (node.children ?? []).filter((k): k is XmlOut | string | number => k !== null && k !== undefined && k !== false);
  if (kids.length === 0) {
    out.push(`${indent}<${node.name}${attrs}/>`);
    return;
  }
  if (kids.every((k) => typeof k !== 'object')) {
    out.push(`${indent}<${node.name}${attrs}>${escapeText(clean(kids.join('')))}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${node.name}${attrs}>`);
  for (const k of kids) {
    if (typeof k === 'object') write(k, `${indent}  `, out);
    else out.push(`${indent}  ${escapeText(clean(String(k)))}`);
  }
  out.push(`${indent}</${node.name}>`);
}

/** An indented document with an XML declaration and an optional DOCTYPE name. */
export function serializeXml(root: XmlOut, doctype?: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (doctype) out.push(`<!DOCTYPE ${doctype}>`);
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
