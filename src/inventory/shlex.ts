/**
 * Python's `shlex.split(line, comments=True)` (posix mode), which the INI inventory
 * plugin uses to split host lines: quotes are removed, `#` starts a comment even
 * inside a word, and inside double quotes only `\"` and `\\` are escapes.
 */
export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';

export function shlexSplit(line: string): string[] {
  // Most host lines have nothing to unquote: split on whitespace directly.
  if (!/['"\\#]/.test(line)) return line.split(/[ \t\r\n]+/).filter((t) => t !== '');
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
    if (WHITESPACE.includes(c)) {
      if (inToken || quoted) emit();
      i++;
    } else if (c === '#') {
      // A comment runs to the end of the line (only one line is ever split here).
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
