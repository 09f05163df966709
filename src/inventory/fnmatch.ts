/**
 * Python's fnmatch.translate: shell wildcards (`*`, `?`, `[seq]`, `[!seq]`) to an
 * anchored, case-sensitive regular expression. An unclosed `[` is a literal.
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
      let stuff = pattern.slice(i, j).replaceAll('\\', '\\\\');
      i = j + 1;
      if (stuff[0] === '!') stuff = '^' + stuff.slice(1);
      else if (stuff[0] === '^' || stuff[0] === '[') stuff = '\\' + stuff;
      out += `[${stuff.replaceAll('[', '\\[')}]`;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^(?:${out})$`, 's');
}
