/**
 * Python's ast.literal_eval as Ansible 2.14 applies it to template results (with
 * `true`/`false`/`null` read as Python's constants): strings, numbers, True/False/None,
 * lists, tuples (as lists) and dicts. Returns NOT_LITERAL for anything else, as
 * literal_eval raising makes Ansible keep the text.
 */

import { PYTHON_SIMPLE_ESCAPES } from '../python/escapes.js';
import { pyFloat } from '../python/float.js';
import { pyStr } from '../python/repr.js';

export const NOT_LITERAL = Symbol('not a Python literal');

class Fail extends Error {}

const CONSTANTS: Record<string, unknown> = {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  null: null,
};

class LiteralReader {
  private i = 0;
  constructor(
    private readonly s: string,
    /** JSON text: `\/` is an escape too. */
    private readonly json = false,
  ) {}

  read(): unknown {
    const value = this.value();
    this.space();
    if (this.i !== this.s.length) throw new Fail();
    return value;
  }

  private space(): void {
    while (this.i < this.s.length && ' \t\n\r\f\v'.includes(this.s[this.i])) this.i++;
  }

  private value(): unknown {
    this.space();
    const c = this.s[this.i];
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.sequence(')');
    if (c === '{') return this.dict();
    if (c === '-' || c === '+') {
      this.i++;
      const n = this.value();
      if (typeof n !== 'number' && !(n instanceof Number)) throw new Fail();
      return c === '-' ? (n instanceof Number ? pyFloat(-n.valueOf()) : -n) : n;
    }
    if (c === '"' || c === "'") return this.strings();
    if (c !== undefined && /[0-9.]/.test(c)) return this.number();
    const name = /^[A-Za-z_]\w*/.exec(this.s.slice(this.i))?.[0];
    if (name === undefined) throw new Fail();
    // String prefixes: u'x', r'x' (b'' is bytes, not text: leave those alone).
    const next = this.s[this.i + name.length];
    if ((next === "'" || next === '"') && /^[uUrR]$/.test(name)) {
      this.i++;
      return this.strings(name.toLowerCase() === 'r');
    }
    if (!Object.hasOwn(CONSTANTS, name)) throw new Fail();
    this.i += name.length;
    return CONSTANTS[name];
  }

  private sequence(close: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    let commas = 0;
    for (;;) {
      this.space();
      if (this.s[this.i] === close) break;
      out.push(this.value());
      this.space();
      if (this.s[this.i] === ',') {
        this.i++;
        commas++;
        continue;
      }
      if (this.s[this.i] !== close) throw new Fail();
      break;
    }
    this.i++;
    // `(x)` is x itself; `(x,)` and `(x, y)` are tuples.
    if (close === ')' && out.length === 1 && commas === 0) return out[0] as unknown[];
    return out;
  }

  private dict(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') break;
      const key = this.value();
      this.space();
      // A set literal ({1, 2}) is not a dict: Ansible would keep a set; keep the text.
      if (this.s[this.i] !== ':') throw new Fail();
      this.i++;
      const value = this.value();
      if (key !== null && typeof key === 'object') throw new Fail();
      const name = pyStr(key);
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      this.space();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] !== '}') throw new Fail();
      break;
    }
    this.i++;
    return out;
  }

  private number(): unknown {
    const m = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?(\.[\d_]*)?([eE][+-]?\d+)?)/.exec(
      this.s.slice(this.i),
    );
    const text = m?.[0] ?? '';
    if (text === '' || text === '.') throw new Fail();
    this.i += text.length;
    if (/[jJ]/.test(this.s[this.i] ?? '')) throw new Fail();
    const clean = text.replace(/_/g, '');
    if (/^0[xob]/i.test(clean)) return Number(clean.toLowerCase());
    if (m?.[2] !== undefined || m?.[3] !== undefined) return pyFloat(Number(clean));
    // Python 3 refuses leading zeros in decimal ints (`010`), except 0 itself.
    if (/^0\d/.test(clean) && /[1-9]/.test(clean)) throw new Fail();
    return Number(clean);
  }

  /** One or more adjacent string literals ('a' 'b' is 'ab'). */
  private strings(raw = false): string {
    let out = this.string(raw);
    for (;;) {
      const save = this.i;
      this.space();
      const c = this.s[this.i];
      if (c === '"' || c === "'") out += this.string(false);
      else {
        this.i = save;
        return out;
      }
    }
  }

  private string(raw: boolean): string {
    const s = this.s;
    const quote = s.startsWith(s[this.i].repeat(3), this.i) ? s[this.i].repeat(3) : s[this.i];
    this.i += quote.length;
    let out = '';
    for (;;) {
      if (this.i >= s.length) throw new Fail();
      if (s.startsWith(quote, this.i)) {
        this.i += quote.length;
        return out;
      }
      const c = s[this.i];
      if (c === '\n' && quote.length === 1) throw new Fail();
      if (c !== '\\' || raw) {
        out += c;
        if (c === '\\') out += s[++this.i] ?? '';
        this.i++;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const s = this.s;
    const c = s[this.i + 1];
    if (c === undefined) throw new Fail();
    if (this.json && c === '/') {
      this.i += 2;
      return '/';
    }
    if (Object.hasOwn(PYTHON_SIMPLE_ESCAPES, c)) {
      this.i += 2;
      return PYTHON_SIMPLE_ESCAPES[c];
    }
    const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = s.slice(this.i + 2, this.i + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) throw new Fail();
      this.i += 2 + hexLength;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(this.i + 1))?.[0];
    if (octal) {
      this.i += 1 + octal.length;
      return String.fromCodePoint(Number.parseInt(octal, 8));
    }
    // Unknown escapes keep their backslash, as in Python.
    this.i += 2;
    return `\\${c}`;
  }
}

/** The value of a Python literal, or NOT_LITERAL. */
export function literalEval(text: string): unknown {
  try {
    return new LiteralReader(text).read();
  } catch (err) {
    if (err instanceof Fail || err instanceof RangeError) return NOT_LITERAL;
    throw err;
  }
}

/**
 * JSON as Python's json.loads reads it: `2.0` and `1e3` stay floats (JSON.parse would
 * make them ints). Invalid JSON throws JSON.parse's error.
 */
export function parseJsonKeepingFloats(text: string): unknown {
  const value = JSON.parse(text);
  if (!/\d[.eE]/.test(text)) return value;
  const exact = (() => {
    try {
      return new LiteralReader(text, true).read();
    } catch {
      return NOT_LITERAL;
    }
  })();
  return exact === NOT_LITERAL ? value : exact;
}
