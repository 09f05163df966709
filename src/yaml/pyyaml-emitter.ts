/**
 * A port of the parts of PyYAML's Emitter that `yaml.dump` uses for to_yaml/to_nice_yaml and
 * the yaml stdout callback: block and flow collections, plain, quoted and literal (`|`)
 * scalars, and its line folding: a line that has run past `width` (80) breaks at the next
 * single space, and flow collections wrap after a comma. The state (column, indent, whitespace, indention) follows emitter.py so
 * the text matches byte for byte.
 */
import { isMapping } from '../python/values.js';

export interface EmitOptions {
  indent: number;
  width: number;
  /** PyYAML default_flow_style: null writes collections of scalars inline, false never. */
  flowStyle: boolean | null;
  /** How a scalar is written: its text and style ('' plain, "'" single, '"' double, '|' literal). */
  scalar: (value: unknown, simpleKey: boolean, flow: boolean) => { text: string; style: ScalarStyle };
}

export type ScalarStyle = '' | "'" | '"' | '|';

const BREAKS = '\n\x85\u2028\u2029';

/** Emitter.ESCAPE_REPLACEMENTS. */
const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/**
 * A code point libyaml's write_double_quoted escapes (Ansible's AnsibleDumper is CSafeDumper,
 * libyaml's emitter, allow_unicode): what is not printable (astral ones included), a BOM, a
 * line break, `"` and `\\`.
 */
function needsEscape(ch: string): boolean {
  if ('"\\\r\x85\u2028\u2029\ufeff\n'.includes(ch)) return true;
  const c = ch.codePointAt(0) ?? 0;
  return !((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd));
}

function escapeOf(ch: string): string {
  const named = ESCAPES[ch];
  if (named !== undefined) return `\\${named}`;
  const c = ch.codePointAt(0) ?? 0;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** A double-quoted scalar's text on one line, escaped as write_double_quoted escapes it. */
export function doubleQuotedText(text: string): string {
  let out = '"';
  for (const ch of text) out += needsEscape(ch) ? escapeOf(ch) : ch;
  return `${out}"`;
}

function isCollection(value: unknown): value is unknown[] | Record<string, unknown> {
  return Array.isArray(value) || isMapping(value);
}

class Emitter {
  private out = '';
  private column = 0;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  /** A literal kept its final breaks (`|+`): the document ends with `...`, as libyaml ends it. */
  private openEnded = false;

  constructor(private readonly o: EmitOptions) {}

  dump(value: unknown): string {
    this.node(value, {});
    // expect_document_end: a line end (PyYAML 6 writes no `...` after a root plain scalar).
    this.writeIndent();
    if (this.openEnded) this.out += '...\n';
    return this.out;
  }

  private node(value: unknown, ctx: { mapping?: boolean; simpleKey?: boolean }): void {
    if (Array.isArray(value)) {
      if (this.flowLevel || this.flowStyleOf(value) || value.length === 0) this.flowSequence(value);
      else this.blockSequence(value, ctx.mapping === true);
    } else if (isMapping(value)) {
      const keys = Object.keys(value).sort();
      if (this.flowLevel || this.flowStyleOf(value) || keys.length === 0) this.flowMapping(value, keys);
      else this.blockMapping(value, keys);
    } else {
      this.increaseIndent(true);
      this.scalar(value, ctx.simpleKey === true);
      this.indent = this.indents.pop() ?? null;
    }
  }

  /** The representer's flow_style: default_flow_style, or (None) inline when it holds only scalars. */
  private flowStyleOf(value: unknown[] | Record<string, unknown>): boolean {
    if (this.o.flowStyle !== null) return this.o.flowStyle;
    const items = Array.isArray(value) ? value : Object.values(value);
    return !items.some(isCollection);
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.o.indent : 0;
    else if (!indentless) this.indent += this.o.indent;
  }

  private blockSequence(items: unknown[], mappingContext: boolean): void {
    this.increaseIndent(false, mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, {});
    }
    this.indent = this.indents.pop() ?? null;
  }

  private blockMapping(map: Record<string, unknown>, keys: string[]): void {
    this.increaseIndent(false);
    for (const key of keys) {
      this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.node(key, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(map[key], { mapping: true });
    }
    this.indent = this.indents.pop() ?? null;
  }

  private flowSequence(items: unknown[]): void {
    this.writeIndicator('[', true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.o.width) this.writeIndent();
      this.node(item, {});
    });
    this.indent = this.indents.pop() ?? null;
    this.flowLevel--;
    this.writeIndicator(']', false);
  }

  private flowMapping(map: Record<string, unknown>, keys: string[]): void {
    this.writeIndicator('{', true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    keys.forEach((key, i) => {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.o.width) this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.node(key, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true);
        this.node(key, { mapping: true });
        if (this.column > this.o.width) this.writeIndent();
        this.writeIndicator(':', true);
      }
      this.node(map[key], { mapping: true });
    });
    this.indent = this.indents.pop() ?? null;
    this.flowLevel--;
    this.writeIndicator('}', false);
  }

  /** libyaml's check_simple_key: a key written `k: v` (else `? k` then `: v`): one line, at most 128 bytes. */
  private isSimpleKey(key: string): boolean {
    const { text } = this.o.scalar(key, false, this.flowLevel > 0);
    return !/[\r\n\x85\u2028\u2029]/.test(text) && Buffer.byteLength(text) <= 128;
  }

  private scalar(value: unknown, simpleKey: boolean): void {
    const { text, style } = this.o.scalar(value, simpleKey, this.flowLevel > 0);
    const split = !simpleKey;
    if (style === "'") this.writeSingleQuoted(text, split);
    else if (style === '"') this.writeDoubleQuoted(text, split);
    else if (style === '|') this.writeLiteral(text);
    else this.writePlain(text, split);
  }

  private write(data: string): void {
    this.out += data;
    this.column += data.length;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false) {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.writeLineBreak();
    }
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.out += data;
    this.column = 0;
  }

  private writePlain(text: string, split: boolean): void {
    if (!text) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.o.width && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(text.slice(start, end));
          start = end;
        }
      } else if (ch === undefined || ch === ' ' || BREAKS.includes(ch)) {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  /** libyaml's write_double_quoted: escapes, and past `width` a single space becomes a line break. */
  private writeDoubleQuoted(value: string, split: boolean): void {
    this.writeIndicator('"', true);
    const text = Array.from(value);
    let spaces = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (needsEscape(ch)) {
        this.write(escapeOf(ch));
        spaces = false;
      } else if (ch === ' ') {
        if (split && !spaces && this.column > this.o.width && i !== 0 && i !== text.length - 1) {
          this.writeIndent();
          // a space that starts the next line would be folded away: escaped
          if (text[i + 1] === ' ') this.write('\\');
        } else this.write(ch);
        spaces = true;
      } else {
        this.write(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false);
  }

  /** write_literal: `|` and its hints, then each line at the scalar's indent, as written. */
  private writeLiteral(text: string): void {
    const hints = blockHints(text, this.o.indent);
    if (hints.endsWith('+')) this.openEnded = true;
    this.writeIndicator(`|${hints}`, true);
    this.writeLineBreak();
    let breaks = true;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          for (const br of text.slice(start, end)) this.writeLineBreak(br);
          if (ch !== undefined) this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || BREAKS.includes(ch)) {
        this.write(text.slice(start, end));
        if (ch === undefined) this.writeLineBreak();
        start = end;
      }
      if (ch !== undefined) breaks = BREAKS.includes(ch);
    }
  }

  private writeSingleQuoted(text: string, split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (
            start + 1 === end &&
            this.column > this.o.width &&
            split &&
            start !== 0 &&
            end !== text.length
          ) {
            this.writeIndent();
          } else this.write(text.slice(start, end));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ch === ' ' || BREAKS.includes(ch) || ch === "'") {
        if (start < end) {
          this.write(text.slice(start, end));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.writeIndicator("'", false);
  }
}

/** determine_block_hints: an indentation hint for a leading space or break, then chomping. */
function blockHints(text: string, indent: number): string {
  if (!text) return '';
  let hints = ` ${BREAKS}`.includes(text[0]) ? String(indent) : '';
  if (!BREAKS.includes(text[text.length - 1])) hints += '-';
  else if (text.length === 1 || BREAKS.includes(text[text.length - 2])) hints += '+';
  return hints;
}

/** yaml.dump(value, ...) as Ansible's to_yaml/to_nice_yaml call it. */
export function emitYaml(value: unknown, options: EmitOptions): string {
  return new Emitter(options).dump(value);
}
