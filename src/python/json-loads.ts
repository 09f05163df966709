/**
 * Python's json.loads (CPython 3.11 with its C scanner, Modules/_json.c): what it accepts
 * (NaN, Infinity and -Infinity too), floats kept floats (`2.0` stays a float, as JSON.parse
 * would not keep it), and its errors, message and position: "Expecting value: line 1 column
 * 1 (char 0)". Positions count code points, as Python's str does.
 */
import { pyFloat } from './float.js';

export class PyJsonDecodeError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number,
    doc: readonly string[],
  ) {
    const before = doc.slice(0, pos);
    const lineno = before.filter((c) => c === '\n').length + 1;
    const colno = pos - before.lastIndexOf('\n');
    super(`${msg}: line ${lineno} column ${colno} (char ${pos})`);
  }
}

/** json.scanner's StopIteration: no value starts at `pos`. */
class NoValue {
  constructor(readonly pos: number) {}
}

const WHITESPACE = ' \t\n\r';
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const NUMBER = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/;
const NUMBER_CHARS = '0123456789.eE+-';
/** Text JSON.parse may read differently: a number with a fraction or an exponent. */
const FLOAT_LIKE = /\d[.eE]/;

class Scanner {
  constructor(readonly s: readonly string[]) {}

  skip(idx: number): number {
    let i = idx;
    while (i < this.s.length && WHITESPACE.includes(this.s[i])) i++;
    return i;
  }

  fail(msg: string, pos: number): never {
    throw new PyJsonDecodeError(msg, pos, this.s);
  }

  /** scan_once_unicode: the value at idx and the index after it. */
  value(idx: number): [unknown, number] {
    const s = this.s;
    if (idx >= s.length) throw new NoValue(idx);
    const c = s[idx];
    if (c === '"') return this.string(idx + 1);
    if (c === '{') return this.object(idx + 1);
    if (c === '[') return this.array(idx + 1);
    for (const [word, value] of CONSTANTS)
      if (c === word[0] && s.slice(idx, idx + word.length).join('') === word)
        return [value, idx + word.length];
    let stop = idx;
    while (stop < s.length && NUMBER_CHARS.includes(s[stop])) stop++;
    const m = NUMBER.exec(s.slice(idx, stop).join(''));
    if (!m) throw new NoValue(idx);
    const end = idx + m[0].length;
    if (m[1] === undefined && m[2] === undefined) return [Number(m[0]), end];
    return [pyFloat(Number(m[0])), end];
  }

  /** scanstring_unicode: `begin` is the index after the opening quote. */
  string(begin: number): [string, number] {
    const s = this.s;
    let out = '';
    let next = begin;
    for (;;) {
      let c = '';
      for (; next < s.length; next++) {
        c = s[next];
        if (c === '"' || c === '\\') break;
        if (c.codePointAt(0)! <= 0x1f) this.fail('Invalid control character at', next);
        out += c;
      }
      if (next === s.length) this.fail('Unterminated string starting at', begin - 1);
      if (c === '"') return [out, next + 1];
      next++;
      if (next === s.length) this.fail('Unterminated string starting at', begin - 1);
      const esc = s[next];
      if (esc !== 'u') {
        const ch = ESCAPES[esc];
        if (ch === undefined) this.fail('Invalid \\escape', next - 1);
        out += ch;
        next++;
        continue;
      }
      next++;
      let end = next + 4;
      if (end >= s.length) this.fail('Invalid \\uXXXX escape', next - 1);
      let code = this.hex(next, end);
      next = end;
      // a high surrogate followed by \uXXXX: a pair when that is a low one
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < s.length && s[next] === '\\' && s[next + 1] === 'u') {
        end += 6;
        const low = this.hex(next + 2, end);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          next = end;
        }
      }
      out += String.fromCodePoint(code);
    }
  }

  private hex(from: number, end: number): number {
    const digits = this.s.slice(from, end).join('');
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('Invalid \\uXXXX escape', end - 5);
    return Number.parseInt(digits, 16);
  }

  /** _parse_object_unicode: `idx` is the index after `{`. */
  object(start: number): [Record<string, unknown>, number] {
    const s = this.s;
    const out: Record<string, unknown> = {};
    let idx = this.skip(start);
    if (idx >= s.length || s[idx] !== '}') {
      for (;;) {
        if (idx >= s.length || s[idx] !== '"')
          this.fail('Expecting property name enclosed in double quotes', idx);
        const [key, afterKey] = this.string(idx + 1);
        idx = this.skip(afterKey);
        if (idx >= s.length || s[idx] !== ':') this.fail("Expecting ':' delimiter", idx);
        const [value, afterValue] = this.value(this.skip(idx + 1));
        // a key like __proto__ is data, as in a dict
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        idx = this.skip(afterValue);
        if (idx < s.length && s[idx] === '}') break;
        if (idx >= s.length || s[idx] !== ',') this.fail("Expecting ',' delimiter", idx);
        idx = this.skip(idx + 1);
      }
    }
    return [out, idx + 1];
  }

  /** _parse_array_unicode: `idx` is the index after `[`. */
  array(start: number): [unknown[], number] {
    const s = this.s;
    const out: unknown[] = [];
    let idx = this.skip(start);
    if (idx >= s.length || s[idx] !== ']') {
      for (;;) {
        const [value, after] = this.value(idx);
        out.push(value);
        idx = this.skip(after);
        if (idx < s.length && s[idx] === ']') break;
        if (idx >= s.length || s[idx] !== ',') this.fail("Expecting ',' delimiter", idx);
        idx = this.skip(idx + 1);
      }
    }
    return [out, idx + 1];
  }
}

const CONSTANTS: [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];

/** json.loads(text); throws PyJsonDecodeError with Python's message. */
export function pyJsonLoads(text: string): unknown {
  // JSON.parse where it reads the text as Python would: no float (or float-like text) in it.
  if (!FLOAT_LIKE.test(text) && !text.startsWith('\ufeff')) {
    try {
      return JSON.parse(text);
    } catch {}
  }
  const scanner = new Scanner(Array.from(text));
  if (text.startsWith('\ufeff')) scanner.fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const start = scanner.skip(0);
  let value: unknown;
  let end: number;
  try {
    [value, end] = scanner.value(start);
  } catch (err) {
    if (err instanceof NoValue) scanner.fail('Expecting value', err.pos);
    throw err;
  }
  end = scanner.skip(end);
  if (end !== scanner.s.length) scanner.fail('Extra data', end);
  return value;
}
