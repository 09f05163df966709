/**
 * Python's `re` syntax check, so a bad pattern fails with the text Python's re.error gives
 * ("nothing to repeat at position 0"), not JavaScript's. A port of the error paths of
 * CPython 3.11's re/_parser.py (and the compiler's look-behind width check): the same walk,
 * the same messages, the same positions (in code points, as Python counts them). It builds
 * no program; it only keeps what the checks need (item kinds, group states, widths).
 */
import { pyRepr } from '../python/repr.js';

const MAXREPEAT = 4294967295;
const MAXGROUPS = 1073741823;
const DIGITS = new Set('0123456789');
const OCTDIGITS = new Set('01234567');
const HEXDIGITS = new Set('0123456789abcdefABCDEF');
const ASCIILETTERS = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
const WHITESPACE = new Set(' \t\n\r\v\f');
const SPECIAL_CHARS = new Set('.\\[{()*+?^$|');
const REPEAT_CHARS = new Set('*+?{');
const FLAGS = new Set('iLmsxatu');
const ESCAPES = new Set(['\\a', '\\b', '\\f', '\\n', '\\r', '\\t', '\\v', '\\\\']);
const CLASS_CATEGORIES = new Set(['\\d', '\\D', '\\s', '\\S', '\\w', '\\W']);
const AT_CATEGORIES = new Set(['\\A', '\\b', '\\B', '\\Z']);
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/** A Python re.error (message with its position) or another exception while compiling. */
export class PyReError extends Error {
  constructor(
    message: string,
    /** `re.error`, or `OverflowError` for a repeat count too large. */
    readonly pyType = 're.error',
  ) {
    super(message);
  }
}

type Kind = 'at' | 'repeat' | 'plain' | 'other';
interface Item {
  kind: Kind;
  /** Fewest and most characters the item matches (Python's getwidth). */
  lo: number;
  hi: number;
}

function width(items: Item[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const i of items) {
    lo += i.lo;
    hi += i.hi;
  }
  return [Math.min(lo, MAXREPEAT - 1), Math.min(hi, MAXREPEAT)];
}

class Tokenizer {
  readonly chars: string[];
  index = 0;
  next: string | undefined;
  /**
   * `istext` false: a bytes pattern (what lineinfile compiles), read as Python reads one,
   * a character per UTF-8 byte.
   */
  constructor(
    readonly pattern: string,
    readonly istext = true,
  ) {
    this.chars = istext ? Array.from(pattern) : Array.from(Buffer.from(pattern, 'utf8').toString('latin1'));
    this.advance();
  }
  private advance(): void {
    let index = this.index;
    let char = this.chars[index];
    if (char === undefined) {
      this.next = undefined;
      return;
    }
    if (char === '\\') {
      index++;
      if (index >= this.chars.length)
        throw reError('bad escape (end of pattern)', this, this.chars.length - 1);
      char += this.chars[index];
    }
    this.index = index + 1;
    this.next = char;
  }
  match(char: string): boolean {
    if (char === this.next) {
      this.advance();
      return true;
    }
    return false;
  }
  get(): string | undefined {
    const t = this.next;
    this.advance();
    return t;
  }
  getwhile(n: number, set: Set<string>): string {
    let result = '';
    for (let i = 0; i < n; i++) {
      const c = this.next;
      if (c === undefined || !set.has(c)) break;
      result += c;
      this.advance();
    }
    return result;
  }
  getuntil(terminator: string, name: string): string {
    let result = '';
    for (;;) {
      const c = this.next;
      this.advance();
      if (c === undefined) {
        if (!result) throw this.error(`missing ${name}`);
        throw this.error(`missing ${terminator}, unterminated name`, Array.from(result).length);
      }
      if (c === terminator) {
        if (!result) throw this.error(`missing ${name}`, 1);
        break;
      }
      result += c;
    }
    return result;
  }
  tell(): number {
    return this.index - (this.next === undefined ? 0 : Array.from(this.next).length);
  }
  seek(index: number): void {
    this.index = index;
    this.advance();
  }
  error(msg: string, offset = 0): PyReError {
    return reError(msg, this, this.tell() - offset);
  }
  checkgroupname(name: string, offset: number): void {
    if (!IDENTIFIER.test(name))
      throw this.error(`bad character in group name ${pyRepr(name)}`, Array.from(name).length + offset);
  }
}

/** re.error's text: "msg at position N", plus "(line L, column C)" for a pattern with newlines. */
function reError(msg: string, source: Tokenizer, pos: number): PyReError {
  // A bytes pattern's message is ASCII, non-ASCII escaped (Python's 'backslashreplace').
  const shown = source.istext
    ? msg
    : msg.replace(/[^\x00-\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  let text = `${shown} at position ${pos}`;
  const before = source.chars.slice(0, pos);
  if (source.chars.includes('\n')) {
    const line = before.filter((c) => c === '\n').length + 1;
    const column = pos - before.lastIndexOf('\n');
    text += ` (line ${line}, column ${column})`;
  }
  return new PyReError(text);
}

class State {
  /** Set by global flags `(?x)`. */
  verbose = false;
  groupdict = new Map<string, number>();
  /** Per group: its width once closed (undefined while open); group 0 is the whole. */
  groupwidths: ([number, number] | undefined)[] = [undefined];
  lookbehindgroups: number | undefined;
  grouprefpos = new Map<number, number>();
  variableLookBehind = false;
  get groups(): number {
    return this.groupwidths.length;
  }
  opengroup(name: string | undefined): number {
    const gid = this.groups;
    this.groupwidths.push(undefined);
    if (this.groups > MAXGROUPS) throw new PyReError('too many groups');
    if (name !== undefined) {
      const ogid = this.groupdict.get(name);
      if (ogid !== undefined)
        throw new PyReError(`redefinition of group name ${pyRepr(name)} as group ${gid}; was group ${ogid}`);
      this.groupdict.set(name, gid);
    }
    return gid;
  }
  checkgroup(gid: number): boolean {
    return gid < this.groups && this.groupwidths[gid] !== undefined;
  }
  checklookbehindgroup(gid: number, source: Tokenizer): void {
    if (this.lookbehindgroups !== undefined) {
      if (!this.checkgroup(gid)) throw source.error('cannot refer to an open group');
      if (gid >= this.lookbehindgroups)
        throw source.error('cannot refer to group defined in the same lookbehind subpattern');
    }
  }
}

const one = (kind: Kind = 'other'): Item => ({ kind, lo: 1, hi: 1 });
const zero = (kind: Kind = 'at'): Item => ({ kind, lo: 0, hi: 0 });

function classEscape(source: Tokenizer, token: string): 'literal' | 'category' {
  let esc = token;
  if (ESCAPES.has(esc)) return 'literal';
  if (CLASS_CATEGORIES.has(esc)) return 'category';
  const c = esc.slice(1, 2);
  const hex = (n: number) => {
    esc += source.getwhile(n, HEXDIGITS);
    if (esc.length !== n + 2) throw source.error(`incomplete escape ${esc}`, esc.length);
  };
  if (c === 'x') hex(2);
  else if (c === 'u' && source.istext) hex(4);
  else if (c === 'U' && source.istext) {
    hex(8);
    if (Number.parseInt(esc.slice(2), 16) > 0x10ffff) throw source.error(`bad escape ${esc}`, esc.length);
  } else if (c === 'N' && source.istext) namedEscape(source);
  else if (OCTDIGITS.has(c)) {
    esc += source.getwhile(2, OCTDIGITS);
    if (Number.parseInt(esc.slice(1), 8) > 0o377)
      throw source.error(`octal escape value ${esc} outside of range 0-0o377`, esc.length);
  } else if (DIGITS.has(c) || ASCIILETTERS.has(c)) throw source.error(`bad escape ${esc}`, esc.length);
  return 'literal';
}

/**
 * `\N{NAME}`. Without Unicode's name table, a name is refused only when no Unicode name could
 * be written so (names are letters, digits, spaces and hyphens).
 */
function namedEscape(source: Tokenizer): void {
  if (!source.match('{')) throw source.error('missing {');
  const name = source.getuntil('}', 'character name');
  if (!/^[A-Za-z0-9 -]+$/.test(name))
    throw source.error(`undefined character name ${pyRepr(name)}`, Array.from(name).length + 4);
}

function escapeItem(source: Tokenizer, token: string, state: State): Item {
  let esc = token;
  if (AT_CATEGORIES.has(esc)) return zero();
  if (CLASS_CATEGORIES.has(esc) || ESCAPES.has(esc)) return one();
  const c = esc.slice(1, 2);
  const hex = (n: number) => {
    esc += source.getwhile(n, HEXDIGITS);
    if (esc.length !== n + 2) throw source.error(`incomplete escape ${esc}`, esc.length);
  };
  if (c === 'x') hex(2);
  else if (c === 'u' && source.istext) hex(4);
  else if (c === 'U' && source.istext) {
    hex(8);
    if (Number.parseInt(esc.slice(2), 16) > 0x10ffff) throw source.error(`bad escape ${esc}`, esc.length);
  } else if (c === 'N' && source.istext) namedEscape(source);
  else if (c === '0') source.getwhile(2, OCTDIGITS);
  else if (DIGITS.has(c)) {
    // An octal escape or a group reference.
    if (source.next !== undefined && DIGITS.has(source.next)) {
      esc += source.get();
      if (OCTDIGITS.has(esc[1]) && OCTDIGITS.has(esc[2]) && OCTDIGITS.has(source.next ?? '')) {
        esc += source.get();
        if (Number.parseInt(esc.slice(1), 8) > 0o377)
          throw source.error(`octal escape value ${esc} outside of range 0-0o377`, esc.length);
        return one();
      }
    }
    const group = Number(esc.slice(1));
    if (group < state.groups) {
      if (!state.checkgroup(group)) throw source.error('cannot refer to an open group', esc.length);
      state.checklookbehindgroup(group, source);
      const [lo, hi] = state.groupwidths[group] ?? [0, 0];
      return { kind: 'other', lo, hi };
    }
    throw source.error(`invalid group reference ${group}`, esc.length - 1);
  } else if (ASCIILETTERS.has(c)) throw source.error(`bad escape ${esc}`, esc.length);
  return one();
}

function parseSub(source: Tokenizer, state: State, verbose: boolean, nested: number): Item {
  const alternatives: Item[][] = [];
  for (;;) {
    alternatives.push(parse(source, state, verbose, nested + 1, !nested && alternatives.length === 0));
    if (!source.match('|')) break;
    if (!nested) verbose = state.verbose;
  }
  const widths = alternatives.map(width);
  return {
    kind: 'other',
    lo: Math.min(...widths.map((w) => w[0])),
    hi: Math.max(...widths.map((w) => w[1])),
  };
}

function parseClass(source: Tokenizer): void {
  const here = source.tell() - 1;
  source.match('^');
  let any = false;
  for (;;) {
    const item = source.get();
    if (item === undefined) throw source.error('unterminated character set', source.tell() - here);
    if (item === ']' && any) break;
    any = true;
    const code1 = item[0] === '\\' ? classEscape(source, item) : 'literal';
    if (!source.match('-')) continue;
    const that = source.get();
    if (that === undefined) throw source.error('unterminated character set', source.tell() - here);
    if (that === ']') break;
    const code2 = that[0] === '\\' ? classEscape(source, that) : 'literal';
    const msg = `bad character range ${item}-${that}`;
    const offset = Array.from(item).length + 1 + Array.from(that).length;
    if (code1 !== 'literal' || code2 !== 'literal') throw source.error(msg, offset);
    if (literalValue(that) < literalValue(item)) throw source.error(msg, offset);
  }
}

/** The code point a class member stands for (only literals reach here). */
function literalValue(token: string): number {
  if (token[0] !== '\\') return token.codePointAt(0) ?? 0;
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
  const c = token[1];
  if (c in simple) return simple[c];
  if (c === 'x' || c === 'u' || c === 'U') return Number.parseInt(token.slice(2), 16);
  if (OCTDIGITS.has(c)) return Number.parseInt(token.slice(1), 8);
  return token.codePointAt(1) ?? 0;
}

function parseRepeat(source: Tokenizer, items: Item[], char: string): boolean {
  const here = source.tell();
  let min = 0;
  let max = MAXREPEAT;
  if (char === '?') max = 1;
  else if (char === '+') min = 1;
  else if (char === '{') {
    if (source.next === '}') return false;
    let lo = '';
    let hi = '';
    while (source.next !== undefined && DIGITS.has(source.next)) lo += source.get();
    if (source.match(',')) {
      while (source.next !== undefined && DIGITS.has(source.next)) hi += source.get();
    } else hi = lo;
    if (!source.match('}')) {
      source.seek(here);
      return false;
    }
    if (lo) {
      min = Number(lo);
      if (min >= MAXREPEAT) throw new PyReError('the repetition number is too large', 'OverflowError');
    }
    if (hi) {
      max = Number(hi);
      if (max >= MAXREPEAT) throw new PyReError('the repetition number is too large', 'OverflowError');
      if (max < min) throw source.error('min repeat greater than max repeat', source.tell() - here);
    }
  }
  const item = items[items.length - 1];
  if (!item || item.kind === 'at') throw source.error('nothing to repeat', source.tell() - here + 1);
  if (item.kind === 'repeat') throw source.error('multiple repeat', source.tell() - here + 1);
  if (!source.match('?')) source.match('+');
  items[items.length - 1] = {
    kind: 'repeat',
    lo: Math.min(item.lo * min, MAXREPEAT - 1),
    hi: Math.min(item.hi * max, MAXREPEAT),
  };
  return true;
}

function parse(source: Tokenizer, state: State, verbose: boolean, nested: number, first = false): Item[] {
  const items: Item[] = [];
  for (;;) {
    const char = source.next;
    if (char === undefined || char === '|' || char === ')') break;
    source.get();
    if (verbose) {
      if (WHITESPACE.has(char)) continue;
      if (char === '#') {
        for (;;) {
          const c = source.get();
          if (c === undefined || c === '\n') break;
        }
        continue;
      }
    }
    if (char[0] === '\\') items.push(escapeItem(source, char, state));
    else if (!SPECIAL_CHARS.has(char)) items.push(one());
    else if (char === '[') {
      parseClass(source);
      items.push(one());
    } else if (REPEAT_CHARS.has(char)) {
      if (!parseRepeat(source, items, char)) items.push(one());
    } else if (char === '.') items.push(one());
    else if (char === '(') {
      const group = parseGroup(source, state, verbose, nested, first && items.length === 0);
      if (group === 'global') verbose = state.verbose;
      else if (group) items.push(group);
    } else items.push(zero()); // ^ $
  }
  return items;
}

/**
 * After `(`: a group, an assertion, a comment (undefined: nothing to add) or global inline
 * flags ('global').
 */
function parseGroup(
  source: Tokenizer,
  state: State,
  verbose: boolean,
  nested: number,
  atStart: boolean,
): Item | 'global' | undefined {
  const start = source.tell() - 1;
  let capture = true;
  let name: string | undefined;
  const close = () => {
    if (!source.match(')')) throw source.error('missing ), unterminated subpattern', source.tell() - start);
  };
  if (source.match('?')) {
    const char = source.get();
    if (char === undefined) throw source.error('unexpected end of pattern');
    if (char === 'P') {
      if (source.match('<')) {
        name = source.getuntil('>', 'group name');
        source.checkgroupname(name, 1);
      } else if (source.match('=')) {
        const ref = source.getuntil(')', 'group name');
        source.checkgroupname(ref, 1);
        const gid = state.groupdict.get(ref);
        const offset = Array.from(ref).length + 1;
        if (gid === undefined) throw source.error(`unknown group name ${pyRepr(ref)}`, offset);
        if (!state.checkgroup(gid)) throw source.error('cannot refer to an open group', offset);
        state.checklookbehindgroup(gid, source);
        const [lo, hi] = state.groupwidths[gid] ?? [0, 0];
        return { kind: 'other', lo, hi };
      } else {
        const c = source.get();
        if (c === undefined) throw source.error('unexpected end of pattern');
        throw source.error(`unknown extension ?P${c}`, Array.from(c).length + 2);
      }
    } else if (char === ':') capture = false;
    else if (char === '#') {
      for (;;) {
        if (source.next === undefined)
          throw source.error('missing ), unterminated comment', source.tell() - start);
        if (source.get() === ')') break;
      }
      return undefined;
    } else if (char === '=' || char === '!' || char === '<') {
      let behind = false;
      let saved: number | undefined;
      if (char === '<') {
        const c = source.get();
        if (c === undefined) throw source.error('unexpected end of pattern');
        if (c !== '=' && c !== '!') throw source.error(`unknown extension ?<${c}`, Array.from(c).length + 2);
        behind = true;
        saved = state.lookbehindgroups;
        if (saved === undefined) state.lookbehindgroups = state.groups;
      }
      const p = parseSub(source, state, verbose, nested + 1);
      if (behind && saved === undefined) state.lookbehindgroups = undefined;
      close();
      // The compiler's check, after the whole pattern is parsed.
      if (behind && p.lo !== p.hi) state.variableLookBehind = true;
      return zero('other');
    } else if (char === '(') {
      const condname = source.getuntil(')', 'group name');
      const offset = Array.from(condname).length + 1;
      let condgroup: number;
      if (IDENTIFIER.test(condname)) {
        const gid = state.groupdict.get(condname);
        if (gid === undefined) throw source.error(`unknown group name ${pyRepr(condname)}`, offset);
        condgroup = gid;
      } else {
        if (!/^\s*[+]?\d+\s*$/u.test(condname) && !/^\s*[+]?[\p{Nd}]+\s*$/u.test(condname))
          throw source.error(`bad character in group name ${pyRepr(condname)}`, offset);
        condgroup = Number(condname.trim());
        if (!condgroup) throw source.error('bad group number', offset);
        if (condgroup >= MAXGROUPS) throw source.error(`invalid group reference ${condgroup}`, offset);
        if (!state.grouprefpos.has(condgroup)) state.grouprefpos.set(condgroup, source.tell() - offset);
      }
      state.checklookbehindgroup(condgroup, source);
      const yes = width(parse(source, state, verbose, nested + 1));
      let no: [number, number] = [0, 0];
      if (source.match('|')) {
        no = width(parse(source, state, verbose, nested + 1));
        if (source.next === '|') throw source.error('conditional backref with more than two branches');
      }
      close();
      return { kind: 'other', lo: Math.min(yes[0], no[0]), hi: Math.max(yes[1], no[1]) };
    } else if (char === '>') capture = false;
    else if (FLAGS.has(char) || char === '-') {
      const flags = parseFlags(source, state, char);
      if (flags === undefined) {
        if (!atStart)
          throw source.error('global flags not at the start of the expression', source.tell() - start);
        return 'global';
      }
      if (flags.add.includes('x')) verbose = true;
      if (flags.del.includes('x')) verbose = false;
      capture = false;
    } else throw source.error(`unknown extension ?${char}`, Array.from(char).length + 1);
  }
  let gid: number | undefined;
  if (capture) {
    try {
      gid = state.opengroup(name);
    } catch (err) {
      throw source.error((err as Error).message, Array.from(name ?? '').length + 1);
    }
  }
  const p = parseSub(source, state, verbose, nested + 1);
  close();
  if (gid !== undefined) state.groupwidths[gid] = [p.lo, p.hi];
  return { kind: capture || name ? 'other' : 'plain', lo: p.lo, hi: p.hi };
}

/** `(?aiLmsux)` (undefined: global flags, and `x` applies from here) or `(?flags-flags:`. */
function parseFlags(
  source: Tokenizer,
  state: State,
  first: string,
): { add: string; del: string } | undefined {
  let add = '';
  let del = '';
  let char: string | undefined = first;
  if (char !== '-') {
    for (;;) {
      if (char === 'L' && source.istext)
        throw source.error("bad inline flags: cannot use 'L' flag with a str pattern");
      if (char === 'u' && !source.istext)
        throw source.error("bad inline flags: cannot use 'u' flag with a bytes pattern");
      add += char;
      const types = [...add].filter((f) => 'auL'.includes(f));
      if (new Set(types).size > 1)
        throw source.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
      char = source.get();
      if (char === undefined) throw source.error('missing -, : or )');
      if (')-:'.includes(char)) break;
      if (!FLAGS.has(char))
        throw source.error(
          /^\p{L}$/u.test(char) ? 'unknown flag' : 'missing -, : or )',
          Array.from(char).length,
        );
    }
  }
  if (char === ')') {
    state.verbose ||= add.includes('x');
    return undefined;
  }
  if (add.includes('t')) throw source.error('bad inline flags: cannot turn on global flag', 1);
  if (char === '-') {
    char = source.get();
    if (char === undefined) throw source.error('missing flag');
    if (!FLAGS.has(char))
      throw source.error(/^\p{L}$/u.test(char) ? 'unknown flag' : 'missing flag', Array.from(char).length);
    for (;;) {
      if ('auL'.includes(char))
        throw source.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
      del += char;
      char = source.get();
      if (char === undefined) throw source.error('missing :');
      if (char === ':') break;
      if (!FLAGS.has(char))
        throw source.error(/^\p{L}$/u.test(char) ? 'unknown flag' : 'missing :', Array.from(char).length);
    }
  }
  if (del.includes('t')) throw source.error('bad inline flags: cannot turn off global flag', 1);
  if ([...add].some((f) => del.includes(f)))
    throw source.error('bad inline flags: flag turned on and off', 1);
  return { add, del };
}

/**
 * The exception Python's re.compile raises for `pattern` (undefined when Python accepts it).
 * `verbose`: compiled with re.VERBOSE; `bytes`: compiled as bytes (its UTF-8), as lineinfile,
 * blockinfile and wait_for do.
 */
export function pythonReError(
  pattern: string,
  options: { verbose?: boolean; bytes?: boolean } = {},
): PyReError | undefined {
  const verbose = Boolean(options.verbose);
  try {
    const source = new Tokenizer(pattern, !options.bytes);
    const state = new State();
    state.verbose = verbose;
    parseSub(source, state, verbose, 0);
    if (source.next !== undefined) throw source.error('unbalanced parenthesis');
    for (const [g, pos] of state.grouprefpos)
      if (g >= state.groups) return reError(`invalid group reference ${g}`, source, pos);
    if (state.variableLookBehind) return new PyReError('look-behind requires fixed-width pattern');
    return undefined;
  } catch (err) {
    if (err instanceof PyReError) return err;
    throw err;
  }
}
