/**
 * Python's str() and repr(), for template values (pyStr, pyRepr) and for result data
 * (resultStr, resultRepr): one implementation, `data` marks where the two differ.
 */
import { numberStr } from './float.js';
import { AnsibleUndefined, MISSING } from './undefined.js';
import { isMapping, PyTuple } from './values.js';

/** Python's str() of a template value. */
export function pyStr(value: unknown): string {
  return str(value, false);
}

/** Python's repr() of a template value, as Jinja prints lists and dicts. */
export function pyRepr(value: unknown): string {
  return repr(value, false);
}

/**
 * str() of result data (JSON-like values, as an action or module returned them): what Ansible
 * prints with `%s` (loop item labels, include names). It differs from a template value's where
 * the two implementations differed before they were merged (issue 15): a key whose value is
 * undefined is absent, every object prints as a dict, tuples and undefined values get no
 * special form, anything else prints as a quoted string, and C1 controls are escaped too.
 */
export function resultStr(value: unknown): string {
  return str(value, true);
}

/** repr() of result data (see resultStr). */
export function resultRepr(value: unknown): string {
  return repr(value, true);
}

function str(value: unknown, data: boolean): string {
  if (typeof value === 'string') return value;
  if (data) return repr(value, true);
  if (value instanceof AnsibleUndefined) value.fail();
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return numberStr(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Number) return numberStr(value);
  if (Array.isArray(value) || isMapping(value)) return repr(value, false);
  return String(value);
}

function repr(value: unknown, data: boolean): string {
  if (typeof value === 'string') return quoteString(value, data ? 'c1' : 'c0');
  if (data) {
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'number' || value instanceof Number) return numberStr(value);
  } else {
    // AnsibleUndefined.__repr__ (repr never fails on an undefined, unlike str).
    if (value instanceof AnsibleUndefined) {
      const opt = (v: unknown) => (v === undefined ? 'None' : repr(v, false));
      const obj = value.obj === MISSING ? 'missing' : repr(value.obj, false);
      return `AnsibleUndefined(hint=${opt(value.hint)}, obj=${obj}, name=${opt(value.variable)})`;
    }
    if (value instanceof PyTuple) {
      const items = value.map((item) => repr(item, false));
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
  }
  if (Array.isArray(value)) return '[' + value.map((item) => repr(item, data)).join(', ') + ']';
  if (
    !data &&
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { pyRepr?: unknown }).pyRepr === 'function'
  ) {
    return (value as { pyRepr(): string }).pyRepr();
  }
  if (data ? value !== null && typeof value === 'object' : isMapping(value)) {
    const dict = value as Record<string, unknown>;
    const parts: string[] = [];
    if (data) {
      for (const [key, item] of Object.entries(dict)) {
        if (item !== undefined) parts.push(`${quoteString(key, 'c1')}: ${repr(item, true)}`);
      }
    } else {
      for (const key in dict) parts.push(`${quoteString(key, 'c0')}: ${repr(dict[key], false)}`);
    }
    return '{' + parts.join(', ') + '}';
  }
  return data ? quoteString(String(value), 'c1') : str(value, false);
}

/** Which characters a str's repr escapes (see quoteString). */
type Escapes = 'c0' | 'c1' | 'nonprintable';

/** str.isprintable's complement: Unicode's other (C*) and separator (Z*) categories, bar ' '. */
const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/**
 * A str's repr: single quotes unless the text has ' and no ". Python escapes every
 * non-printable character (`repr('\x85')`, `repr('\xa0')`, `repr('\u2028')` are escaped by
 * /usr/bin/python3); template values escape only C0 and DEL, result data also C1, and
 * pythonStrRepr (Python's own messages quoting text) all of them.
 */
function quoteString(s: string, escapes: Escapes): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (
      code < 0x20 ||
      code === 0x7f ||
      (escapes === 'c1' && code > 0x7f && code < 0xa0) ||
      (escapes === 'nonprintable' && ch !== ' ' && NON_PRINTABLE.test(ch))
    )
      out +=
        code < 0x100
          ? '\\x' + code.toString(16).padStart(2, '0')
          : code < 0x10000
            ? '\\u' + code.toString(16).padStart(4, '0')
            : '\\U' + code.toString(16).padStart(8, '0');
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a str exactly, as its own error messages quote text (configparser's). */
export function pythonStrRepr(s: string): string {
  return quoteString(s, 'nonprintable');
}
