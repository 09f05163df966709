/**
 * Python 3.11's fnmatch.translate: shell wildcards (`*`, `?`, `[seq]`, `[!seq]`) to an
 * anchored, case-sensitive regular expression. An unclosed `[` is a literal; a reversed
 * range inside brackets (`[0:-1]`) is dropped as Python drops it, never an error.
 */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++];
    if (c === '*') {
      if (!out.endsWith('.*')) out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      let j = i;
      if (j < n && pattern[j] === '!') j++;
      if (j < n && pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        out += '\\[';
        continue;
      }
      let stuff = bracketContents(pattern, i, j);
      i = j + 1;
      if (!stuff) out += '(?!)';
      else if (stuff === '!') out += '.';
      else {
        if (stuff[0] === '!') stuff = '^' + stuff.slice(1);
        else if (stuff[0] === '^' || stuff[0] === '[') stuff = '\\' + stuff;
        out += `[${stuff.replaceAll('[', '\\[')}]`;
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^(?:${out})$`, 's');
}

/** The class body between `[` (at i) and `]` (at j), with Python's handling of `-` ranges. */
function bracketContents(pattern: string, i: number, j: number): string {
  if (!pattern.slice(i, j).includes('-')) return pattern.slice(i, j).replaceAll('\\', '\\\\');
  const chunks: string[] = [];
  let k = pattern[i] === '!' ? i + 2 : i + 1;
  for (;;) {
    k = pattern.indexOf('-', k);
    if (k < 0 || k >= j) break;
    chunks.push(pattern.slice(i, k));
    i = k + 1;
    k = k + 3;
  }
  const chunk = pattern.slice(i, j);
  if (chunk) chunks.push(chunk);
  else chunks[chunks.length - 1] += '-';
  // Remove empty ranges: invalid in a regular expression.
  for (let m = chunks.length - 1; m > 0; m--) {
    if (chunks[m - 1][chunks[m - 1].length - 1] > chunks[m][0]) {
      chunks[m - 1] = chunks[m - 1].slice(0, -1) + chunks[m].slice(1);
      chunks.splice(m, 1);
    }
  }
  return chunks.map((s) => s.replaceAll('\\', '\\\\').replaceAll('-', '\\-')).join('-');
}
