/**
 * Python-compatible text for values, so our output matches Ansible byte for byte:
 * `json.dumps(v, indent=..., sort_keys=True, ensure_ascii=False)` and `str(v)`
 * (Ansible prints loop item labels with `%s`, i.e. Python's repr for containers).
 */

import { numberStr, type WholeFloat } from '../python/float.js';

/** Python `json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent)`. */
export function pythonJsonDumps(value: unknown, indent?: number): string {
  return dumpValue(value, indent, 0);
}

function dumpValue(value: unknown, indent: number | undefined, level: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof Number) return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return wrap(
      '[',
      ']',
      value.map((v) => dumpValue(v, indent, level + 1)),
      indent,
      level,
    );
  }
  if (typeof value === 'object') {
    // Python sorts by code point; for keys within the BMP that equals JS's default sort.
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    const parts = keys.map(
      (k) => `${JSON.stringify(k)}: ${dumpValue((value as Record<string, unknown>)[k], indent, level + 1)}`,
    );
    return wrap('{', '}', parts, indent, level);
  }
  return JSON.stringify(String(value));
}

function wrap(
  open: string,
  close: string,
  parts: string[],
  indent: number | undefined,
  level: number,
): string {
  // Python's separators: ', ' without indent, ',' + newline with indent.
  if (indent === undefined) return open + parts.join(', ') + close;
  const inner = '\n' + ' '.repeat(indent * (level + 1));
  return open + inner + parts.join(',' + inner) + '\n' + ' '.repeat(indent * level) + close;
}

/** json.dumps of an int or float (a whole float is a Number box, see python/float.ts). */
function pythonNumber(value: number | WholeFloat): string {
  const n = value.valueOf();
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return numberStr(value);
}

/** Python `str(value)`: strings bare, everything else as repr. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Python `repr(value)` for JSON-like data (dicts keep insertion order, as Python's do). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || value instanceof Number) return numberStr(value);
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return '[' + value.map(pythonRepr).join(', ') + ']';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return '{' + entries.map(([k, v]) => `${pythonStringRepr(k)}: ${pythonRepr(v)}`).join(', ') + '}';
  }
  return pythonStringRepr(String(value));
}

const NAMED_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function pythonStringRepr(s: string): string {
  // Python prefers single quotes, switching to double only if the text has ' and no ".
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (NAMED_ESCAPES[ch]) out += NAMED_ESCAPES[ch];
    else if (ch === quote) out += '\\' + ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}
