/**
 * Ansible's argument-string splitting (parsing/splitter.py): `k=v` words with quotes
 * and Jinja2 blocks kept whole, so `copy: src=a dest="b c"` means what Ansible means.
 */
import { PYTHON_SIMPLE_ESCAPES } from '../python/escapes.js';

/** Options of command-like modules that stay options in free-form text. */
const FREE_FORM_OPTIONS = new Set([
  'creates',
  'removes',
  'chdir',
  'executable',
  'warn',
  'stdin',
  'stdin_add_newline',
  'strip_empty_ends',
]);

export class SplitArgsError extends Error {}

/** The quote still open after `token`, starting with `quote` open. */
function quoteState(token: string, quote: string | undefined): string | undefined {
  let open = quote;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if ((c === '"' || c === "'") && (i === 0 || token[i - 1] !== '\\')) {
      if (open) {
        if (c === open) open = undefined;
      } else {
        open = c;
      }
    }
  }
  return open;
}

function countOccurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function jinjaDepth(token: string, depth: number, open: string, close: string): number {
  const diff = countOccurrences(token, open) - countOccurrences(token, close);
  return diff === 0 ? depth : Math.max(0, depth + diff);
}

/** Splits on whitespace, rejoining words split inside quotes or `{{ }}`/`{% %}`/`{# #}`. */
export function splitArgs(args: string): string[] {
  const params: string[] = [];
  const items = args.split('\n');
  let quote: string | undefined;
  let insideQuotes = false;
  let printDepth = 0;
  let blockDepth = 0;
  let commentDepth = 0;
  items.forEach((item, itemIdx) => {
    const tokens = item.split(' ');
    let lineContinuation = false;
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        params[params.length - 1] += ' ';
        return;
      }
      if (token === '\\' && !insideQuotes) {
        lineContinuation = true;
        return;
      }
      const wasInsideQuotes = insideQuotes;
      quote = quoteState(token, quote);
      insideQuotes = quote !== undefined;
      let appended = false;
      const inJinja = printDepth > 0 || blockDepth > 0 || commentDepth > 0;
      if (insideQuotes && !wasInsideQuotes && !inJinja) {
        params.push(token);
        appended = true;
      } else if (inJinja || insideQuotes || wasInsideQuotes) {
        const last = params.length - 1;
        if (idx === 0 && wasInsideQuotes) params[last] = `${params[last]}${token}`;
        else if (tokens.length > 1) params[last] = `${params[last]}${idx > 0 ? ' ' : ''}${token}`;
        else params[last] = `${params[last]}\n${token}`;
        appended = true;
      }
      for (const [open, close, which] of [
        ['{{', '}}', 'print'],
        ['{%', '%}', 'block'],
        ['{#', '#}', 'comment'],
      ] as const) {
        const before = which === 'print' ? printDepth : which === 'block' ? blockDepth : commentDepth;
        const after = jinjaDepth(token, before, open, close);
        if (which === 'print') printDepth = after;
        else if (which === 'block') blockDepth = after;
        else commentDepth = after;
        if (after !== before && !appended) {
          params.push(token);
          appended = true;
        }
      }
      if (!(printDepth || blockDepth || commentDepth) && !insideQuotes && !appended && token !== '') {
        params.push(token);
      }
    });
    if (items.length > 1 && itemIdx !== items.length - 1 && !lineContinuation && params.length > 0) {
      params[params.length - 1] += '\n';
    }
  });
  if (printDepth || blockDepth || commentDepth || insideQuotes) {
    throw new SplitArgsError(
      `failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${args}`,
    );
  }
  return params;
}

/** Rejoins words from splitArgs, keeping the original newlines. */
export function joinArgs(words: string[]): string {
  let result = '';
  for (const w of words) result += result.length === 0 || result.endsWith('\n') ? w : ` ${w}`;
  return result;
}

/** Strips one pair of matching surrounding quotes (Ansible's unquote). */
export function unquote(text: string): string {
  const quoted =
    text.length > 1 &&
    text[0] === text[text.length - 1] &&
    (text[0] === '"' || text[0] === "'") &&
    text[text.length - 2] !== '\\';
  return quoted ? text.slice(1, -1) : text;
}

/** Decodes Python-style backslash escapes, as Ansible does before splitting k=v. */
function decodeEscapes(text: string): string {
  return text.replace(
    /\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g,
    (_m, seq: string) =>
      seq.length === 1 ? PYTHON_SIMPLE_ESCAPES[seq] : String.fromCodePoint(Number.parseInt(seq.slice(1), 16)),
  );
}

/**
 * `a=1 b="x y" rest` -> `{a: '1', b: 'x y', _raw_params: 'rest'}`. With `checkRaw`
 * (command-like modules) only their known options are taken out as k=v.
 */
export function parseKv(args: string, checkRaw = false): Record<string, string> {
  const options: Record<string, string> = {};
  const raw: string[] = [];
  for (const original of splitArgs(args)) {
    const word = decodeEscapes(original);
    let pos = -1;
    for (let i = 1; i < word.length; i++) {
      if (word[i] === '=' && word[i - 1] !== '\\') {
        pos = i;
        break;
      }
    }
    if (!word.includes('=')) {
      raw.push(original);
    } else if (pos < 0) {
      raw.push(word.replaceAll('\\=', '='));
    } else {
      const key = word.slice(0, pos);
      if (checkRaw && !FREE_FORM_OPTIONS.has(key)) raw.push(original);
      else options[key.trim()] = unquote(word.slice(pos + 1).trim());
    }
  }
  if (raw.length > 0) options._raw_params = joinArgs(raw);
  return options;
}
