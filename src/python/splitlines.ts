/**
 * Python's str.splitlines(keepends): every line boundary Python knows (\n, \r, \r\n, \v, \f,
 * \x1c-\x1e, \x85, \u2028, \u2029), not only \n.
 */
const BOUNDARY = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

export function pySplitLines(text: string, keepends = false): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const end = m.index + m[0].length;
    lines.push(text.slice(start, keepends ? end : m.index));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
