/**
 * Python's textwrap.wrap as Jinja's wordwrap calls it (expand_tabs and
 * replace_whitespace off, drop_whitespace on, no indents).
 */
import { pyValueError } from '../py-errors.js';

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD_PUNCT = `[\\p{L}\\p{N}_!"'&.,?]`;
const LETTER = '[\\p{L}_]';

/** TextWrapper.wordsep_re: whitespace, em-dashes, words split after their hyphens. */
const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=[\\p{L}\\p{N}_])` +
    `|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WS}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}[\\p{L}\\p{N}_])))`,
  'gu',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'gu');

/** Python re.split with one capturing group, empty pieces dropped. */
function splitChunks(text: string, re: RegExp): string[] {
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    out.push(text.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.filter((c) => c !== '');
}

const isBlank = (s: string) => s.trim() === '';

export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

export function wrap(text: string, { width, breakLongWords, breakOnHyphens }: WrapOptions): string[] {
  if (width <= 0) throw pyValueError(`invalid width ${width} (must be > 0)`);
  const chunks = splitChunks(text, breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (isBlank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = chunks[chunks.length - 1].length;
      if (len + l > width) break;
      line.push(chunks.pop() as string);
      len += l;
    }
    if (chunks.length && chunks[chunks.length - 1].length > width) {
      // _handle_long_word
      const spaceLeft = width < 1 ? 1 : width - len;
      if (breakLongWords) {
        const chunk = chunks[chunks.length - 1];
        let end = spaceLeft;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.lastIndexOf('-', spaceLeft - 1);
          if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
        }
        line.push(chunk.slice(0, end));
        chunks[chunks.length - 1] = chunk.slice(end);
      } else if (!line.length) line.push(chunks.pop() as string);
    }
    if (line.length && isBlank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}

/** Python's str.splitlines(). */
export function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
