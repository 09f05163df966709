/** Python's str.strip() and str.split() with no argument: the characters str.isspace() takes. */
const WS = '[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const EDGES = new RegExp(`^${WS}+|${WS}+$`, 'g');
const RUNS = new RegExp(`${WS}+`);

export const pyStrip = (s: string): string => s.replace(EDGES, '');

export function pyWords(s: string): string[] {
  const t = pyStrip(s);
  return t === '' ? [] : t.split(RUNS);
}
