/**
 * Python's `shlex.split(text, comments=...)` in POSIX mode: quotes are removed, inside double
 * quotes only `\"` and `\\` are escapes, and with `comments` a `#` starts a comment even inside
 * a word. The INI inventory splits host lines with it (comments=True); the command, script,
 * become and validate code splits command lines with it (comments=False).
 */
import { FlotillaError } from '../errors/index.js';

/** shlex's ValueError: "No closing quotation" or "No escaped character" (the modules' error code). */
export class ShlexError extends FlotillaError {
  constructor(message: string) {
    super('FLT_MODULE_ARGS', message);
  }
}

export interface ShlexOptions {
  /** `#` starts a comment that runs to the end of the text. */
  comments?: boolean;
  /**
   * Split on any JavaScript whitespace (`\s`: also `\v`, `\f`, NBSP, …) instead of Python's
   * shlex whitespace (space, tab, CR, LF). What the modules' splitter always did; Python
   * does not (`shlex.split('a\x0bb')` is `['a\x0bb']`).
   */
  anyWhitespace?: boolean;
}

const PYTHON_WHITESPACE = ' \t\r\n';

export function shlexSplit(line: string, options: ShlexOptions = {}): string[] {
  const { comments = false, anyWhitespace = false } = options;
  const isSpace = anyWhitespace ? (c: string) => /\s/.test(c) : (c: string) => PYTHON_WHITESPACE.includes(c);
  // Most lines have nothing to unquote: split on whitespace directly.
  if (!/['"\\#]/.test(line)) {
    return line.split(anyWhitespace ? /\s+/ : /[ \t\r\n]+/).filter((t) => t !== '');
  }
  const tokens: string[] = [];
  let token = '';
  let quoted = false;
  let inToken = false;
  let i = 0;
  const emit = (): void => {
    if (token !== '' || quoted) tokens.push(token);
    token = '';
    quoted = false;
    inToken = false;
  };
  while (i < line.length) {
    const c = line[i];
    if (isSpace(c)) {
      if (inToken || quoted) emit();
      i++;
    } else if (c === '#' && comments) {
      // A comment runs to the end of the line (only one line is ever split with comments).
      break;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      token += line[i + 1];
      inToken = true;
      i += 2;
    } else if (c === "'" || c === '"') {
      quoted = true;
      inToken = true;
      i = readQuoted(line, i + 1, c, (s) => {
        token += s;
      });
    } else {
      token += c;
      inToken = true;
      i++;
    }
  }
  if (inToken || quoted) emit();
  return tokens;
}

/** Reads a quoted run starting after the opening quote; returns the index after the closing one. */
function readQuoted(line: string, start: number, quote: string, append: (s: string) => void): number {
  let i = start;
  while (i < line.length) {
    const c = line[i];
    if (c === quote) return i + 1;
    if (c === '\\' && quote === '"') {
      const next = line[i + 1];
      if (next === undefined) throw new ShlexError('No escaped character');
      append(next === '"' || next === '\\' ? next : c + next);
      i += 2;
      continue;
    }
    append(c);
    i++;
  }
  throw new ShlexError('No closing quotation');
}
