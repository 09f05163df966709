/**
 * A port of the parts of PyYAML's Emitter that `yaml.dump` uses for to_yaml/to_nice_yaml:
 * block and flow collections, plain and quoted scalars, and its line folding: a line that
 * has run past `width` (80) breaks at the next single space, and flow collections wrap
 * after a comma. The state (column, indent, whitespace, indention) follows emitter.py so
 * the text matches byte for byte.
 */
import { isMapping } from '../python/values.js';

export interface EmitOptions {
  indent: number;
  width: number;
  /** PyYAML default_flow_style: null writes collections of scalars inline, false never. */
  flowStyle: boolean | null;
  /** How a scalar is written: its text and style ('' plain, "'" single, '"' double). */
  scalar: (value: unknown, simpleKey: boolean, flow: boolean) => { text: string; style: '' | "'" | '"' };
}

const BREAKS = '\n\x85\u2028\u2029';

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

  constructor(private readonly o: EmitOptions) {}

  dump(value: unknown): string {
    this.node(value, {});
    // expect_document_end: a line end (PyYAML 6 writes no `...` after a root plain scalar).
    this.writeIndent();
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
      this.node(key, { mapping: true, simpleKey: true });
      this.writeIndicator(':', false);
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
      this.node(key, { mapping: true, simpleKey: true });
      this.writeIndicator(':', false);
      this.node(map[key], { mapping: true });
    });
    this.indent = this.indents.pop() ?? null;
    this.flowLevel--;
    this.writeIndicator('}', false);
  }

  private scalar(value: unknown, simpleKey: boolean): void {
    const { text, style } = this.o.scalar(value, simpleKey, this.flowLevel > 0);
    const split = !simpleKey;
    if (style === "'") this.writeSingleQuoted(text, split);
    else if (style === '"') this.writeIndicator(text, true);
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

/** yaml.dump(value, ...) as Ansible's to_yaml/to_nice_yaml call it. */
export function emitYaml(value: unknown, options: EmitOptions): string {
  return new Emitter(options).dump(value);
}
