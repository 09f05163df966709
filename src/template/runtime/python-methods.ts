/**
 * The Python methods that playbooks call on values: 'a,b'.split(','), name.startswith('x'),
 * mydict.items(), mydict.get('k', 'd'), mylist.index(x). Looked up by runtime.memberLookup.
 */

import { appendAll } from '../../collections/append-all.js';
import { FlotillaError } from '../../errors/index.js';
import { pyStr } from '../../python/repr.js';
import { isMapping, type PyDict, pyContains, pyEquals, pyTuple } from '../../python/values.js';

type Method = (self: any, ...args: any[]) => unknown;

const WHITESPACE = ' \t\n\r\v\f';

function stripChars(s: string, chars: string | null | undefined, left: boolean, right: boolean): string {
  const set = chars ?? WHITESPACE;
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start])) start++;
  if (right) while (end > start && set.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Python str.split(sep=None, maxsplit=-1). */
export function pySplit(s: string, sep?: string | null, maxsplit = -1): string[] {
  if (sep === undefined || sep === null) {
    const parts = s
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '');
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    const re = /\S+/g;
    const out: string[] = [];
    let m: RegExpExecArray | null;
    while (out.length < maxsplit && (m = re.exec(s))) out.push(m[0]);
    out.push(stripChars(s.slice(re.lastIndex), null, true, false));
    return out;
  }
  if (sep === '') throw new FlotillaError('FLT_TEMPLATE_TYPE', 'empty separator');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

/** str.format with {} / {0} / {name} fields (no format specs beyond plain substitution). */
function pyFormat(s: string, ...args: unknown[]): string {
  let auto = 0;
  const last = args[args.length - 1];
  const kwargs = isMapping(last) && (last as PyDict).__keywords ? (last as PyDict) : {};
  return s.replace(/\{\{|\}\}|\{([^{}:!]*)(?:[:!][^{}]*)?\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    if (field === '' || field === undefined) return pyStr(args[auto++]);
    if (/^\d+$/.test(field)) return pyStr(args[Number(field)]);
    return pyStr(kwargs[field]);
  });
}

const STRING_METHODS: Record<string, Method> = {
  split: (s: string, sep?: string | null, maxsplit?: number) => pySplit(s, sep, maxsplit),
  rsplit: (s: string, sep?: string | null, maxsplit = -1) => {
    if (maxsplit < 0 || sep === undefined || sep === null) return pySplit(s, sep, maxsplit);
    const parts = s.split(sep);
    if (parts.length <= maxsplit + 1) return parts;
    return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
  },
  splitlines: (s: string) => s.split(/\r\n|\r|\n/).filter((_, i, a) => i < a.length - 1 || a[i] !== ''),
  strip: (s: string, chars?: string | null) => stripChars(s, chars, true, true),
  lstrip: (s: string, chars?: string | null) => stripChars(s, chars, true, false),
  rstrip: (s: string, chars?: string | null) => stripChars(s, chars, false, true),
  lower: (s: string) => s.toLowerCase(),
  upper: (s: string) => s.toUpperCase(),
  title: (s: string) =>
    s.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  startswith: (s: string, prefix: string | string[]) =>
    Array.isArray(prefix) ? prefix.some((p) => s.startsWith(p)) : s.startsWith(prefix),
  endswith: (s: string, suffix: string | string[]) =>
    Array.isArray(suffix) ? suffix.some((p) => s.endsWith(p)) : s.endsWith(suffix),
  replace: (s: string, old: string, replacement: string, count = -1) => {
    if (count < 0) return s.split(old).join(replacement);
    const parts = s.split(old);
    return (
      parts.slice(0, count + 1).join(replacement) +
      (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '')
    );
  },
  find: (s: string, sub: string) => s.indexOf(sub),
  rfind: (s: string, sub: string) => s.lastIndexOf(sub),
  index: (s: string, sub: string) => {
    const i = s.indexOf(sub);
    if (i < 0) throw new FlotillaError('FLT_TEMPLATE_TYPE', 'substring not found');
    return i;
  },
  count: (s: string, sub: string) => (sub === '' ? s.length + 1 : s.split(sub).length - 1),
  join: (s: string, items: unknown[]) => items.map(pyStr).join(s),
  format: pyFormat,
  isdigit: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^[A-Za-z]+$/.test(s),
  isalnum: (s: string) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s: string, width: number) =>
    /^[+-]/.test(s) ? s[0] + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0'),
  center: (s: string, width: number, fill = ' ') => {
    const total = Math.max(0, width - s.length);
    const left = Math.floor(total / 2) + (total % 2 && width % 2 ? 1 : 0);
    return fill.repeat(left) + s + fill.repeat(total - left);
  },
  ljust: (s: string, width: number, fill = ' ') => s.padEnd(width, fill),
  rjust: (s: string, width: number, fill = ' ') => s.padStart(width, fill),
  encode: (s: string) => s,
  decode: (s: string) => s,
};

const LIST_METHODS: Record<string, Method> = {
  index: (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => pyEquals(x, y));
    if (i < 0) throw new FlotillaError('FLT_TEMPLATE_TYPE', `${pyStr(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], x: unknown) => l.filter((y) => pyEquals(x, y)).length,
  append: (l: unknown[], x: unknown) => {
    l.push(x);
    return null;
  },
  extend: (l: unknown[], xs: unknown[]) => {
    appendAll(l, xs);
    return null;
  },
  insert: (l: unknown[], i: number, x: unknown) => {
    l.splice(i, 0, x);
    return null;
  },
  pop: (l: unknown[], i = -1) => l.splice(i, 1)[0],
  remove: (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => pyEquals(x, y));
    if (i >= 0) l.splice(i, 1);
    return null;
  },
  reverse: (l: unknown[]) => {
    l.reverse();
    return null;
  },
  copy: (l: unknown[]) => [...l],
};

const DICT_METHODS: Record<string, Method> = {
  items: (d: PyDict) => Object.keys(d).map((k) => pyTuple([k, d[k]])),
  keys: (d: PyDict) => Object.keys(d),
  values: (d: PyDict) => Object.keys(d).map((k) => d[k]),
  get: (d: PyDict, key: string, fallback: unknown = null) => (Object.hasOwn(d, key) ? d[key] : fallback),
  copy: (d: PyDict) => ({ ...d }),
  update: (d: PyDict, other: PyDict) => {
    Object.assign(d, other);
    return null;
  },
  pop: (d: PyDict, key: string, fallback?: unknown) => {
    const had = Object.hasOwn(d, key);
    const value = had ? d[key] : fallback;
    delete d[key];
    return value ?? null;
  },
  setdefault: (d: PyDict, key: string, fallback: unknown = null) => {
    if (!Object.hasOwn(d, key)) d[key] = fallback;
    return d[key];
  },
  has_key: (d: PyDict, key: string) => pyContains(d, key),
};

/** A bound Python method for `obj.name`, or undefined if the value has none by that name. */
export function pythonMethod(obj: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof obj === 'string') table = STRING_METHODS;
  else if (Array.isArray(obj)) table = LIST_METHODS;
  else if (isMapping(obj)) table = DICT_METHODS;
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  return method ? (...args: unknown[]) => method(obj, ...args) : undefined;
}
