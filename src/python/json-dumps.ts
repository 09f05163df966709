/**
 * Python's `json.dumps(v, indent=..., sort_keys=True, ensure_ascii=False)`, so our output
 * matches Ansible byte for byte (str() and repr() of result data are in repr.ts).
 */

import { numberStr, type WholeFloat } from './float.js';

/** Python `json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent)`. */
export function pythonJsonDumps(value: unknown, indent?: number): string {
  return dumpValue(value, indent, 0);
}

/** Python's plain `json.dumps(value)`: keys in their order, non-ASCII as \uXXXX escapes. */
export function pythonJsonDumpsDefault(value: unknown): string {
  return dumpValue(value, undefined, 0, { sortKeys: false, ensureAscii: true });
}

interface DumpOptions {
  sortKeys: boolean;
  ensureAscii: boolean;
}

const SORTED: DumpOptions = { sortKeys: true, ensureAscii: false };

const asciiOnly = (json: string) =>
  json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function dumpValue(
  value: unknown,
  indent: number | undefined,
  level: number,
  o: DumpOptions = SORTED,
): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof Number) return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string')
    return o.ensureAscii ? asciiOnly(JSON.stringify(value)) : JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return wrap(
      '[',
      ']',
      value.map((v) => dumpValue(v, indent, level + 1, o)),
      indent,
      level,
    );
  }
  if (typeof value === 'object') {
    // Python sorts by code point; for keys within the BMP that equals JS's default sort.
    const present = Object.keys(value as object).filter(
      (k) => (value as Record<string, unknown>)[k] !== undefined,
    );
    const keys = o.sortKeys ? present.sort() : present;
    if (keys.length === 0) return '{}';
    const parts = keys.map(
      (k) =>
        `${o.ensureAscii ? asciiOnly(JSON.stringify(k)) : JSON.stringify(k)}: ${dumpValue((value as Record<string, unknown>)[k], indent, level + 1, o)}`,
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
