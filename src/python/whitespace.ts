/** Python's str.strip() and str.split() with no argument: the characters str.isspace() takes. */
export const PY_WHITESPACE =
  '[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const WS = PY_WHITESPACE;
const EDGES = new RegExp(`^${WS}+|${WS}+$`, 'g');
const RUNS = new RegExp(`${WS}+`);
const TRAILING = new RegExp(`${WS}+$`);

export const pyStrip = (s: string): string => s.replace(EDGES, '');

export const pyRstrip = (s: string): string => s.replace(TRAILING, '');

export function pyWords(s: string): string[] {
  const t = pyStrip(s);
  return t === '' ? [] : t.split(RUNS);
}

/** str.expandtabs(size): each tab to the next multiple of `size` columns (\n and \r start a line). */
export function pyExpandTabs(text: string, size = 8): string {
  let out = '';
  let col = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const n = size - (col % size);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}
