/**
 * A port of the subset of Python's `ast.literal_eval` that the INI inventory plugin
 * relies on to type values: strings (all quote styles, prefixes, escapes, implicit
 * concatenation), ints (dec/hex/oct/bin, underscores), floats, True/False/None,
 * lists, tuples, sets and dicts, and a single unary sign on numbers.
 * `parsePythonLiteral` returns `{ ok: false }` where literal_eval would raise.
 */

import { PYTHON_SIMPLE_ESCAPES } from '../python/escapes.js';
import { pyFloat, type WholeFloat } from '../python/float.js';
import { pyTuple } from '../python/values.js';

export type LiteralResult = { ok: true; value: unknown } | { ok: false };

class NotALiteral extends Error {}

export function parsePythonLiteral(text: string): LiteralResult {
  try {
    const parser = new LiteralParser(text);
    const value = parser.parseTop();
    return { ok: true, value };
  } catch (err) {
    if (err instanceof NotALiteral) return { ok: false };
    throw err;
  }
}

const DECIMAL = /^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)/;
const RADIX = /^0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/;
const DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT = new RegExp(
  `^(?:(?:${DIGITS})?\\.${DIGITS}(?:[eE][-+]?${DIGITS})?|${DIGITS}\\.(?:[eE][-+]?${DIGITS})?|${DIGITS}[eE][-+]?${DIGITS})`,
);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;
const PYTHON_MAX_NESTING = 200;

class LiteralParser {
  private pos = 0;
  /** Bracket nesting: inside brackets, newlines are plain whitespace (as in Python). */
  private depth = 0;

  constructor(private readonly src: string) {}

  /**
   * Python's tokenizer allows 200 nested brackets (MAXLEVEL); past that literal_eval raises
   * "too many nested parentheses" and Ansible keeps the text. Checking here also keeps a
   * 100k-deep value from overflowing our own stack.
   */
  private enterBracket(): void {
    if (++this.depth > PYTHON_MAX_NESTING) throw new NotALiteral();
  }

  parseTop(): unknown {
    this.skipSpace();
    const first = this.parseExpr();
    this.skipSpace();
    if (this.peek() === ',') {
      // A bare `1, 2` is a tuple.
      const items = [first];
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
        if (this.atEnd()) break;
        items.push(this.parseExpr());
        this.skipSpace();
      }
      if (!this.atEnd()) throw new NotALiteral();
      return pyTuple(items);
    }
    if (!this.atEnd()) throw new NotALiteral();
    return first;
  }

  private parseExpr(): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === '-' || c === '+') {
      this.pos++;
      this.skipSpace();
      const n = this.parseNumber();
      if (n === undefined) throw new NotALiteral();
      if (c === '+') return n;
      return n instanceof Number ? pyFloat(-n.valueOf()) : -n;
    }
    if (c === '[') return this.parseSequence('[', ']');
    if (c === '(') return this.parseParen();
    if (c === '{') return this.parseBrace();
    const str = this.parseStrings();
    if (str !== undefined) return str;
    const num = this.parseNumber();
    if (num !== undefined) return num;
    const name = NAME.exec(this.rest());
    if (name) {
      this.pos += name[0].length;
      if (name[0] === 'True') return true;
      if (name[0] === 'False') return false;
      if (name[0] === 'None') return null;
    }
    throw new NotALiteral();
  }

  private parseNumber(): number | WholeFloat | undefined {
    const rest = this.rest();
    const float = FLOAT.exec(rest);
    const radix = RADIX.exec(rest);
    const dec = DECIMAL.exec(rest);
    let value: number;
    let len: number;
    if (float) {
      value = Number(float[0].replaceAll('_', ''));
      len = float[0].length;
    } else if (radix) {
      const digits = radix[0].slice(2).replaceAll('_', '');
      const base = { x: 16, o: 8, b: 2 }[radix[0][1].toLowerCase() as 'x' | 'o' | 'b'];
      value = Number.parseInt(digits, base);
      len = radix[0].length;
    } else if (dec) {
      value = Number(dec[0].replaceAll('_', ''));
      len = dec[0].length;
    } else {
      return undefined;
    }
    // `010`, `1abc` or `1j` are not plain numbers in Python.
    if (/^[0-9A-Za-z_.]/.test(rest.slice(len))) throw new NotALiteral();
    this.pos += len;
    // Python keeps 1.0 a float (json prints `1.0`): whole floats are boxed, as in templates.
    return float ? pyFloat(value) : value;
  }

  /** One or more adjacent string literals, concatenated. */
  private parseStrings(): string | undefined {
    let out: string | undefined;
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const m = STRING_START.exec(this.rest());
      if (!m || !/^(?:[rR]?[bBuU]?|[bBuU]?[rR]?)$/.test(m[1]) || /[fF]/.test(m[1])) {
        this.pos = save;
        if (m && /[fF]/.test(m[1])) throw new NotALiteral();
        return out;
      }
      this.pos += m[0].length;
      out = (out ?? '') + this.readStringBody(m[2], /[rR]/.test(m[1]));
    }
  }

  private readStringBody(quote: string, raw: boolean): string {
    let out = '';
    const src = this.src;
    while (this.pos < src.length) {
      if (src.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const c = src[this.pos];
      if (c === '\n' && quote.length === 1) throw new NotALiteral();
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const next = src[this.pos + 1];
      if (next === undefined) throw new NotALiteral();
      if (raw) {
        out += c + next;
        this.pos += 2;
        continue;
      }
      this.pos += 2;
      out += this.readEscape(next);
    }
    throw new NotALiteral();
  }

  private readEscape(next: string): string {
    if (next in PYTHON_SIMPLE_ESCAPES) return PYTHON_SIMPLE_ESCAPES[next];
    if (/[0-7]/.test(next)) {
      const m = /^[0-7]{0,2}/.exec(this.rest())!;
      this.pos += m[0].length;
      return String.fromCodePoint(Number.parseInt(next + m[0], 8));
    }
    const widths: Record<string, number> = { x: 2, u: 4, U: 8 };
    const width = widths[next];
    if (width !== undefined) {
      const hex = this.src.slice(this.pos, this.pos + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new NotALiteral();
      this.pos += width;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw new NotALiteral();
      return String.fromCodePoint(code);
    }
    if (next === 'N') throw new NotALiteral();
    return '\\' + next;
  }

  private parseSequence(open: string, close: string): unknown[] {
    this.expect(open);
    this.enterBracket();
    const items: unknown[] = [];
    this.skipSpace();
    while (this.peek() !== close) {
      items.push(this.parseExpr());
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
      } else if (this.peek() !== close) throw new NotALiteral();
    }
    this.pos++;
    this.depth--;
    return items;
  }

  /** `(x)` is x; `(x,)`, `()` and `(x, y)` are tuples (arrays that print as tuples). */
  private parseParen(): unknown {
    this.expect('(');
    this.enterBracket();
    this.skipSpace();
    const items: unknown[] = [];
    let sawComma = false;
    while (this.peek() !== ')') {
      items.push(this.parseExpr());
      this.skipSpace();
      if (this.peek() === ',') {
        sawComma = true;
        this.pos++;
        this.skipSpace();
      } else if (this.peek() !== ')') throw new NotALiteral();
    }
    this.pos++;
    this.depth--;
    return items.length === 1 && !sawComma ? items[0] : pyTuple(items);
  }

  private parseBrace(): unknown {
    this.expect('{');
    this.enterBracket();
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      this.depth--;
      return {};
    }
    const firstKey = this.parseExpr();
    this.skipSpace();
    if (this.peek() !== ':') {
      // A set literal: kept as a list.
      const items = [firstKey];
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
        if (this.peek() === '}') break;
        items.push(this.parseExpr());
        this.skipSpace();
      }
      this.expect('}');
      this.depth--;
      return [...new Set(items)];
    }
    const out: Record<string, unknown> = {};
    let key = firstKey;
    for (;;) {
      this.expect(':');
      out[pyKey(key)] = this.parseExpr();
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
      }
      if (this.peek() === '}') break;
      key = this.parseExpr();
      this.skipSpace();
    }
    this.pos++;
    this.depth--;
    return out;
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) throw new NotALiteral();
    this.pos++;
  }

  private skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\f' || (c === '\n' && this.depth > 0)) this.pos++;
      else if (c === '\\' && src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      } else if (c === '\n' && this.pos === src.length - 1) this.pos++;
      else break;
    }
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private rest(): string {
    return this.src.slice(this.pos);
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }
}

/** Python dict keys become JSON object keys the way json.dumps writes them. */
function pyKey(key: unknown): string {
  if (key === true) return 'true';
  if (key === false) return 'false';
  if (key === null) return 'null';
  if (typeof key === 'object') throw new NotALiteral();
  return String(key);
}
