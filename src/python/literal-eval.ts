/**
 * Python's `ast.literal_eval`, for its two readers in Ansible:
 * - the INI inventory plugin typing a value (`parsePythonLiteral`): strings (all quote
 *   styles, prefixes, escapes, implicit concatenation), ints (dec/hex/oct/bin, underscores),
 *   floats, True/False/None, lists, tuples, sets and dicts, a bare `1, 2` tuple, comments,
 *   one unary sign on numbers, at most 200 nested brackets;
 * - template result typing (`literalEval`, ansible_eval_concat's literal_eval with
 *   `true`/`false`/`null` read as Python's constants).
 * One parser: the `template` dialect differs where flotilla's two readers differed before
 * they were merged (issue 15), each kept as it was; see the `template` branches.
 */

import { PYTHON_SIMPLE_ESCAPES } from './escapes.js';
import { pyFloat, type WholeFloat } from './float.js';
import { pyStr } from './repr.js';
import { pyTuple } from './values.js';

export type LiteralResult = { ok: true; value: unknown } | { ok: false };

/** What literalEval returns where literal_eval raises (Ansible then keeps the text). */
export const NOT_LITERAL = Symbol('not a Python literal');

class NotALiteral extends Error {}

/** The INI inventory's literal_eval: `{ ok: false }` where Python raises. */
export function parsePythonLiteral(text: string): LiteralResult {
  const value = evaluate(text, { template: false });
  return value === NOT_LITERAL ? { ok: false } : { ok: true, value };
}

/** Template result typing's literal_eval: the value, or NOT_LITERAL. */
export function literalEval(text: string): unknown {
  return evaluate(text, { template: true });
}

interface Dialect {
  /**
   * Template result typing: any whitespace anywhere, no comments, no bare top-level tuple,
   * tuples as lists, no sets, dict keys as str(), `true`/`false`/`null`, only `u`/`r`
   * prefixes, unknown escapes (`\N` too) kept, a sign before any numeric value, no nesting
   * limit (a too deep value overflows the stack and is not a literal).
   */
  template: boolean;
}

function evaluate(text: string, dialect: Dialect): unknown {
  try {
    return new LiteralParser(text, dialect).parseTop();
  } catch (err) {
    if (err instanceof NotALiteral) return NOT_LITERAL;
    // String.fromCodePoint past U+10FFFF, or a stack overflow on a deep template value.
    if (dialect.template && err instanceof RangeError) return NOT_LITERAL;
    throw err;
  }
}

const DECIMAL = /^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)/;
const RADIX = /^0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/;
const DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT = new RegExp(
  `^(?:(?:${DIGITS})?\\.${DIGITS}(?:[eE][-+]?${DIGITS})?|${DIGITS}\\.(?:[eE][-+]?${DIGITS})?|${DIGITS}[eE][-+]?${DIGITS})`,
);
/** The template dialect's number: looser about underscores than Python. */
const TEMPLATE_NUMBER =
  /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?(\.[\d_]*)?([eE][+-]?\d+)?)/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;
const TEMPLATE_STRING_START = /^([uUrR]?)('''|"""|'|")/;
const PYTHON_MAX_NESTING = 200;

const CONSTANTS: Readonly<Record<string, unknown>> = { True: true, False: false, None: null };
const JSON_CONSTANTS: Readonly<Record<string, unknown>> = {
  ...CONSTANTS,
  true: true,
  false: false,
  null: null,
};

class LiteralParser {
  private pos = 0;
  /** Bracket nesting: inside brackets, newlines are plain whitespace (as in Python). */
  private depth = 0;
  private readonly template: boolean;

  constructor(
    private readonly src: string,
    dialect: Dialect,
  ) {
    this.template = dialect.template;
  }

  /**
   * Python's tokenizer allows 200 nested brackets (MAXLEVEL); past that literal_eval raises
   * "too many nested parentheses" and Ansible keeps the text. Checking here also keeps a
   * 100k-deep value from overflowing our own stack.
   */
  private enterBracket(): void {
    if (++this.depth > PYTHON_MAX_NESTING && !this.template) throw new NotALiteral();
  }

  parseTop(): unknown {
    this.skipSpace();
    const first = this.parseExpr();
    this.skipSpace();
    if (this.peek() === ',' && !this.template) {
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
      const n = this.template ? this.parseExpr() : this.parseNumber();
      if (typeof n !== 'number' && !(n instanceof Number)) throw new NotALiteral();
      if (c === '+') return n;
      return n instanceof Number ? pyFloat(-n.valueOf()) : -n;
    }
    if (c === '[') return this.parseSequence('[', ']');
    if (c === '(') return this.parseParen();
    if (c === '{') return this.template ? this.parseDict() : this.parseBrace();
    const str = this.parseStrings();
    if (str !== undefined) return str;
    const num = this.template ? this.parseTemplateNumber() : this.parseNumber();
    if (num !== undefined) return num;
    const name = NAME.exec(this.rest());
    if (name) {
      const constants = this.template ? JSON_CONSTANTS : CONSTANTS;
      if (Object.hasOwn(constants, name[0])) {
        this.pos += name[0].length;
        return constants[name[0]];
      }
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

  private parseTemplateNumber(): number | WholeFloat | undefined {
    if (!/[0-9.]/.test(this.peek() ?? '')) return undefined;
    const m = TEMPLATE_NUMBER.exec(this.rest());
    const text = m?.[0] ?? '';
    if (text === '' || text === '.') throw new NotALiteral();
    this.pos += text.length;
    if (/[jJ]/.test(this.peek() ?? '')) throw new NotALiteral();
    const clean = text.replace(/_/g, '');
    if (/^0[xob]/i.test(clean)) return Number(clean.toLowerCase());
    if (m?.[2] !== undefined || m?.[3] !== undefined) return pyFloat(Number(clean));
    // Python 3 refuses leading zeros in decimal ints (`010`), except 0 itself.
    if (/^0\d/.test(clean) && /[1-9]/.test(clean)) throw new NotALiteral();
    return Number(clean);
  }

  /** One or more adjacent string literals, concatenated. */
  private parseStrings(): string | undefined {
    let out: string | undefined;
    for (;;) {
      const save = this.pos;
      if (out !== undefined) this.skipSpace();
      const m = (this.template ? TEMPLATE_STRING_START : STRING_START).exec(this.rest());
      if (this.template && m && out !== undefined && m[1] !== '') {
        // Only the first of adjacent strings may carry a prefix here.
        this.pos = save;
        return out;
      }
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
    if (Object.hasOwn(PYTHON_SIMPLE_ESCAPES, next)) return PYTHON_SIMPLE_ESCAPES[next];
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
    if (next === 'N' && !this.template) throw new NotALiteral();
    // Unknown escapes keep their backslash, as in Python.
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

  /** `(x)` is x; `(x,)`, `()` and `(x, y)` are tuples (lists in the template dialect). */
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
    if (items.length === 1 && !sawComma) return items[0];
    return this.template ? items : pyTuple(items);
  }

  /** The inventory dialect's `{…}`: a dict, or a set (kept as a list). */
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
      out[jsonKey(key)] = this.parseExpr();
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

  /** The template dialect's `{…}`: a dict (a set is not a literal here), keys as str(). */
  private parseDict(): Record<string, unknown> {
    this.expect('{');
    this.enterBracket();
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.peek() === '}') break;
      const key = this.parseExpr();
      this.skipSpace();
      if (this.peek() !== ':') throw new NotALiteral();
      this.pos++;
      const value = this.parseExpr();
      if (key !== null && typeof key === 'object') throw new NotALiteral();
      Object.defineProperty(out, pyStr(key), { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() !== '}') throw new NotALiteral();
      break;
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
    if (this.template) {
      while (this.pos < src.length && ' \t\n\r\f\v'.includes(src[this.pos])) this.pos++;
      return;
    }
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

/** The inventory dialect: Python dict keys become JSON object keys the way json.dumps writes them. */
function jsonKey(key: unknown): string {
  if (key === true) return 'true';
  if (key === false) return 'false';
  if (key === null) return 'null';
  if (typeof key === 'object') throw new NotALiteral();
  return String(key);
}
