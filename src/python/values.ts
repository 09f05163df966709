/**
 * Python value semantics: truthiness, equality, ordering, membership and type names
 * (str() and repr() are in repr.ts). Dicts are plain objects, lists arrays, None is null.
 */
import { FlotillaError } from '../errors/index.js';
import { isPyNumber } from './float.js';
import { AnsibleUndefined } from './undefined.js';

export type PyDict = Record<string, unknown>;

/**
 * A Python tuple: a list everywhere except where Python shows the difference (repr
 * `(1, 'a')`, type_debug). Derived arrays (map, filter) are plain lists, as in Python.
 * Structured clone turns it into a plain array, as JSON does in Ansible.
 */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species]() {
    return Array;
  }
}

/** The items as a tuple. */
export function pyTuple<T>(items: readonly T[]): T[] {
  const tuple = new PyTuple<T>(items.length);
  for (let i = 0; i < items.length; i++) tuple[i] = items[i];
  return tuple;
}

export function isMapping(value: unknown): value is PyDict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // Plain objects and Proxies over them (hostvars); class instances are not mappings.
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isNone(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

export function pyTruthy(value: unknown): boolean {
  if (value instanceof AnsibleUndefined) value.fail();
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) {
    for (const _ in value) return true;
    return false;
  }
  if (value instanceof Number) return value.valueOf() !== 0;
  return Boolean(value);
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Python len() of a str: code points, so a surrogate pair counts once (as Array.from). */
export function codePointLength(s: string): number {
  // Most strings have no astral characters; find that out without building an array.
  if (!/[\uD800-\uDBFF]/.test(s)) return s.length;
  return s.length - (s.match(SURROGATE_PAIR)?.length ?? 0);
}

/** Python ==, deep for lists and dicts; True == 1 as in Python. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a instanceof AnsibleUndefined) a.fail();
  if (b instanceof AnsibleUndefined) b.fail();
  if (a === b) return true;
  if (isNone(a) || isNone(b)) return isNone(a) && isNone(b);
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean'))
    return Number(a) === Number(b);
  if (a instanceof Number || b instanceof Number) {
    return (
      (isPyNumber(a) || ta === 'boolean') && (isPyNumber(b) || tb === 'boolean') && Number(a) === Number(b)
    );
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/**
 * The Python class a mapping stands for when it is not a plain dict (hostvars' HostVars and
 * HostVarsVars), as Jinja's object_type_repr names it in "… object has no attribute" errors.
 */
export const PY_CLASS: unique symbol = Symbol.for('flotilla.pyClass');

/** Ansible's classes for `hostvars` and for one host's variables in it. */
export const HOSTVARS_CLASS = 'ansible.vars.hostvars.HostVars';
export const HOSTVARS_VARS_CLASS = 'ansible.vars.hostvars.HostVarsVars';

/** Jinja's object_type_repr of a mapping: 'dict', or its PY_CLASS. */
export function mappingTypeRepr(value: object): string {
  return ((value as { [PY_CLASS]?: string })[PY_CLASS] ?? 'dict') as string;
}

export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return value instanceof PyTuple ? 'tuple' : 'list';
  if (value instanceof AnsibleUndefined) return 'AnsibleUndefined';
  if (value instanceof Number) return 'float';
  if (isMapping(value)) return 'dict';
  if (typeof value === 'function') return 'function';
  if (typeof value === 'object' && 'pyTypeName' in value) return String(value.pyTypeName);
  return typeof value;
}

function orderKind(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'orderKey' in value) return pyTypeName(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Number) return 'number';
  // Tuples order like lists (element by element).
  if (Array.isArray(value)) return 'list';
  return pyTypeName(value);
}

/** Python ordering (<, >, sorted()): numbers, strings by code point, lists lexicographically. */
export function pyCompare(a: unknown, b: unknown): number {
  if (a instanceof AnsibleUndefined) a.fail();
  if (b instanceof AnsibleUndefined) b.fail();
  const ka = orderKind(a);
  const kb = orderKind(b);
  if (
    ka !== kb ||
    (ka !== 'number' && ka !== 'str' && ka !== 'list' && ka !== 'datetime' && ka !== 'timedelta')
  ) {
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
    );
  }
  if (ka === 'number') return Number(a) - Number(b);
  if (typeof a === 'object' && a !== null && 'orderKey' in a) {
    return (a as { orderKey(): number }).orderKey() - (b as { orderKey(): number }).orderKey();
  }
  if (ka === 'str') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  const la = a as unknown[];
  const lb = b as unknown[];
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = pyCompare(la[i], lb[i]);
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/** Python `in`: membership in lists, keys of dicts, substrings of strings. */
export function pyContains(container: unknown, item: unknown): boolean {
  if (container instanceof AnsibleUndefined) container.fail();
  if (item instanceof AnsibleUndefined) item.fail();
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new FlotillaError(
        'FLT_TEMPLATE_TYPE',
        `'in <string>' requires string as left operand, not ${pyTypeName(item)}`,
      );
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isMapping(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw new FlotillaError('FLT_TEMPLATE_TYPE', `argument of type '${pyTypeName(container)}' is not iterable`);
}

/** What `for x in value` / list(value) iterates: dict keys, string characters. */
export function pyIterable(value: unknown): unknown[] {
  if (value instanceof AnsibleUndefined) value.fail();
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (isMapping(value)) return Object.keys(value);
  if (value !== null && typeof value === 'object' && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>);
  }
  throw new FlotillaError('FLT_TEMPLATE_TYPE', `'${pyTypeName(value)}' object is not iterable`);
}
