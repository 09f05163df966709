/**
 * Port of Python's `textwrap.wrap(text, width)` with its defaults (break on hyphens,
 * break long words, drop whitespace): Ansible wraps `[WARNING]:` lines with it.
 * Letters are ASCII-only here, where Python's are Unicode: only hyphen splitting of
 * non-ASCII words can differ.
 */
import { pyExpandTabs } from '../python/whitespace.js';

const WS = '\\t\\n\\x0b\\x0c\\r ';
const LETTER = '[^\\d\\W]';
const WORD_PUNCT = `[\\w!"'&.,?]`;

const WORDSEP = new RegExp(
  `([${WS}]+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=\\w)` +
    `|[^${WS}]+?(?:` +
    `-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=[${WS}]|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}\\w)` +
    '))',
);

function splitChunks(text: string): string[] {
  const normalised = pyExpandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, ' ');
  return normalised.split(WORDSEP).filter((c) => c !== undefined && c !== '');
}

/** `dropWhitespace: false` keeps spaces at line ends, as Ansible's deprecation messages do. */
export function wrapText(text: string, width: number, dropWhitespace = true): string[] {
  const chunks = splitChunks(text).reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let len = 0;
    if (dropWhitespace && chunks[chunks.length - 1].trim() === '' && lines.length > 0) chunks.pop();
    while (chunks.length > 0) {
      const l = chunks[chunks.length - 1].length;
      if (len + l > width) break;
      line.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length > 0 && chunks[chunks.length - 1].length > width) {
      breakLongWord(chunks, line, len, width);
    }
    if (dropWhitespace && line.length > 0 && line[line.length - 1].trim() === '') line.pop();
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

function breakLongWord(reversed: string[], line: string[], len: number, width: number): void {
  const spaceLeft = width < 1 ? 1 : width - len;
  const chunk = reversed[reversed.length - 1];
  let end = spaceLeft;
  if (chunk.length > spaceLeft) {
    const hyphen = chunk.lastIndexOf('-', spaceLeft - 1);
    if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
  }
  line.push(chunk.slice(0, end));
  reversed[reversed.length - 1] = chunk.slice(end);
}
