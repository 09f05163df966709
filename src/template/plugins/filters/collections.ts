/** List and dict filters: sort, unique, set theory, flatten, map/select, combine, zip... */

import { appendAll } from '../../../collections/append-all.js';
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import {
  isMapping,
  isNone,
  type PyDict,
  pyCompare,
  pyContains,
  pyEquals,
  pyIterable,
  pyTruthy,
  pyTuple,
  pyTypeName,
} from '../../../python/values.js';
import { type CallContext, def, type FilterDef, filterError, type Kwargs } from '../../runtime/define.js';
import { pyAdd } from '../../runtime/operators.js';
import { memberLookup } from '../../runtime/runtime.js';
import { pyJsonDumps } from './encoding.js';

/** Jinja's attribute getter: 'a.b.0' walks dicts and list indexes. */
export function attributeGetter(attribute: unknown): (item: unknown) => unknown {
  if (typeof attribute === 'number') return (item) => memberLookup(item, attribute);
  const parts = pyStr(attribute)
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item) => parts.reduce<unknown>((obj, key) => memberLookup(obj, key), item);
}

function sortKey(caseSensitive: boolean, attribute: unknown): (item: unknown) => unknown {
  const get = isNone(attribute) ? (x: unknown) => x : attributeGetter(attribute);
  return (item) => {
    const v = get(item);
    if (v instanceof AnsibleUndefined) v.fail();
    return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
  };
}

function sortBy(items: unknown[], key: (x: unknown) => unknown, reverse = false): unknown[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => pyCompare(a.key, b.key) * (reverse ? -1 : 1));
  return keyed.map((k) => k.item);
}

/** Keeps the first of equal items (Python == semantics), optionally by a key. */
export function uniqueItems(items: unknown[], key: (x: unknown) => unknown = (x) => x): unknown[] {
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of items) {
    const k = key(item);
    if (!seen.some((s) => pyEquals(s, k))) {
      seen.push(k);
      out.push(item);
    }
  }
  return out;
}

/**
 * Ansible's unique: Jinja's (keys folded to lower case unless case_sensitive) and, when
 * Jinja's fails on an unhashable key (a dict, a list), Ansible's own equality-based one,
 * which refuses case_sensitive=False and attribute.
 */
function unique(value: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const refuse = (why: string) =>
    new FlotillaError(
      'FLT_TEMPLATE_FILTER',
      `Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied. ${why}`,
    );
  // Any failure of Jinja's unique (a value that is not iterable, too) is refused so.
  const restricted = caseSensitive === false || !isNone(attribute);
  const key = sortKey(pyTruthy(caseSensitive ?? false), attribute);
  let items: unknown[];
  let keys: unknown[];
  try {
    items = pyIterable(value);
    keys = items.map(key);
  } catch (err) {
    // An undefined value or item fails inside Jinja's unique too.
    const jinja =
      err instanceof FlotillaError && ['FLT_TEMPLATE_TYPE', 'FLT_TEMPLATE_UNDEFINED'].includes(err.code);
    if (restricted && jinja) throw refuse(err.message);
    throw err;
  }
  const unhashable = keys.find((k) => Array.isArray(k) || isMapping(k));
  if (unhashable === undefined) return uniqueItems(items, key);
  if (restricted) throw refuse(`unhashable type: '${pyTypeName(unhashable)}'`);
  return uniqueItems(items);
}

export function flatten(list: unknown[], levels: number | null = null, skipNulls = true): unknown[] {
  const out: unknown[] = [];
  for (const element of list) {
    if (skipNulls && (element === null || element === 'None' || element === 'null')) continue;
    if (Array.isArray(element) && (levels === null || levels >= 1)) {
      appendAll(out, flatten(element, levels === null ? null : levels - 1, skipNulls));
    } else {
      out.push(element);
    }
  }
  return out;
}

type ListMerge = 'replace' | 'keep' | 'append' | 'prepend' | 'append_rp' | 'prepend_rp';

function mergeLists(a: unknown[], b: unknown[], mode: ListMerge): unknown[] {
  switch (mode) {
    case 'keep':
      return a;
    case 'append':
      return [...a, ...b];
    case 'prepend':
      return [...b, ...a];
    case 'append_rp':
      return [...a.filter((x) => !pyContains(b, x)), ...b];
    case 'prepend_rp':
      return [...b, ...a.filter((x) => !pyContains(b, x))];
    default:
      return b;
  }
}

/** Ansible's merge_hash. */
export function mergeHash(a: PyDict, b: PyDict, recursive = true, listMerge: ListMerge = 'replace'): PyDict {
  const out: PyDict = { ...a };
  for (const key of Object.keys(b)) {
    const av = out[key];
    const bv = b[key];
    if (recursive && isMapping(av) && isMapping(bv)) out[key] = mergeHash(av, bv, recursive, listMerge);
    else if (Array.isArray(av) && Array.isArray(bv)) out[key] = mergeLists(av, bv, listMerge);
    else out[key] = bv;
  }
  return out;
}

/** Jinja's map and select* loop over `value` only when it is truthy (`if value: for ...`). */
function jinjaSeq(value: unknown): unknown[] {
  if (value instanceof AnsibleUndefined) value.fail();
  return pyTruthy(value) ? pyIterable(value) : [];
}

function selectWith(
  ctx: CallContext,
  items: unknown[],
  args: unknown[],
  kwargs: Kwargs,
  keep: boolean,
  attr?: unknown,
) {
  const get = attr === undefined ? (x: unknown) => x : attributeGetter(attr);
  const [test, ...testArgs] = args;
  return items.filter((item) => {
    const v = get(item);
    const ok = test === undefined ? pyTruthy(v) : ctx.callTest(pyStr(test), v, testArgs, kwargs);
    return ok === keep;
  });
}

function zipLists(lists: unknown[][], longest: boolean, fill: unknown): unknown[][] {
  const n = lists.length === 0 ? 0 : Math[longest ? 'max' : 'min'](...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => pyTuple(lists.map((l) => (i < l.length ? l[i] : fill))));
}

function minMax(which: 'min' | 'max') {
  return def(['case_sensitive', 'attribute'], (value, [caseSensitive = false, attribute]) => {
    const items = pyIterable(value);
    if (items.length === 0)
      return new AnsibleUndefined(
        `No aggregated item, sequence was empty.`,
        undefined,
        undefined,
        `No aggregated item, sequence was empty.`,
      );
    const key = sortKey(caseSensitive, attribute);
    let best = items[0];
    for (const item of items.slice(1)) {
      const c = pyCompare(key(item), key(best));
      if (which === 'min' ? c < 0 : c > 0) best = item;
    }
    return best;
  });
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  list: def([], (value) => [...pyIterable(value)]),
  first: def([], (value) => {
    const items = typeof value === 'string' ? Array.from(value) : pyIterable(value);
    return items.length
      ? items[0]
      : new AnsibleUndefined(
          'No first item, sequence was empty.',
          undefined,
          undefined,
          'No first item, sequence was empty.',
        );
  }),
  last: def([], (value) => {
    // Jinja's do_last: next(reversed(value)); a dict is reversible (Python 3.8+), a set is not.
    if (!(typeof value === 'string' || Array.isArray(value) || isMapping(value)))
      throw new FlotillaError('FLT_TEMPLATE_TYPE', `'${pyTypeName(value)}' object is not reversible`);
    const items = typeof value === 'string' ? Array.from(value) : pyIterable(value);
    return items.length
      ? items[items.length - 1]
      : new AnsibleUndefined(
          'No last item, sequence was empty.',
          undefined,
          undefined,
          'No last item, sequence was empty.',
        );
  }),
  reverse: def([], (value) =>
    typeof value === 'string' ? Array.from(value).reverse().join('') : [...pyIterable(value)].reverse(),
  ),
  min: minMax('min'),
  max: minMax('max'),
  sum: def(['attribute', 'start'], (value, [attribute, start = 0]) => {
    const get = isNone(attribute) ? (x: unknown) => x : attributeGetter(attribute);
    return pyIterable(value).reduce<unknown>((acc, item) => {
      const v = get(item);
      if (Array.isArray(acc) && Array.isArray(v)) return acc.concat(v);
      return pyAdd(acc, v);
    }, start);
  }),
  sort: def(
    ['reverse', 'case_sensitive', 'attribute'],
    (value, [reverse = false, caseSensitive = false, attribute]) =>
      sortBy([...pyIterable(value)], sortKey(caseSensitive, attribute), reverse),
  ),
  dictsort: def(
    ['case_sensitive', 'by', 'reverse'],
    (value, [caseSensitive = false, by = 'key', reverse = false]) => {
      if (!isMapping(value)) throw filterError('dictsort', 'can only sort dictionaries');
      const pos = by === 'value' ? 1 : 0;
      const pairs = Object.keys(value).map((k) => pyTuple([k, value[k]]));
      return sortBy(pairs, (p) => sortKey(caseSensitive, undefined)((p as unknown[])[pos]), reverse);
    },
  ),
  unique: def(
    ['case_sensitive', 'attribute'],
    (value, [caseSensitive, attribute]) => unique(value, caseSensitive, attribute),
    { allowUndefined: true },
  ),
  union: def(['other'], (value, [other]) => uniqueItems([...pyIterable(value), ...pyIterable(other)])),
  intersect: def(['other'], (value, [other]) =>
    uniqueItems(pyIterable(value).filter((x) => pyContains(other, x))),
  ),
  difference: def(['other'], (value, [other]) =>
    uniqueItems(pyIterable(value).filter((x) => !pyContains(other, x))),
  ),
  symmetric_difference: def(['other'], (value, [other]) => {
    const a = pyIterable(value);
    const b = pyIterable(other);
    const union = uniqueItems([...a, ...b]);
    return union.filter((x) => !(pyContains(a, x) && pyContains(b, x)));
  }),
  flatten: def(['levels', 'skip_nulls'], (value, [levels = null, skipNulls = true]) =>
    flatten(pyIterable(value), isNone(levels) ? null : Number(levels), skipNulls),
  ),
  map: def(
    ['*'],
    (value, args, kwargs, ctx) => {
      const items = jinjaSeq(value);
      if (args.length === 0 && 'attribute' in kwargs) {
        const get = attributeGetter(kwargs.attribute);
        return items.map((item) => {
          const v = get(item);
          return v instanceof AnsibleUndefined && 'default' in kwargs ? kwargs.default : v;
        });
      }
      if (args.length === 0) throw filterError('map', 'map requires a filter name or attribute=');
      // A plain loop with the name and arguments resolved once: map runs in hot template loops.
      const name = pyStr(args[0]);
      const rest = args.slice(1);
      const filterKwargs = Object.keys(kwargs).length ? kwargs : undefined;
      const out: unknown[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) out[i] = ctx.callFilter(name, items[i], rest, filterKwargs);
      return out;
    },
    { extraKeywords: true },
  ),
  select: def(['*'], (v, a, k, ctx) => selectWith(ctx, jinjaSeq(v), a, k, true), { extraKeywords: true }),
  reject: def(['*'], (v, a, k, ctx) => selectWith(ctx, jinjaSeq(v), a, k, false), { extraKeywords: true }),
  selectattr: def(['*'], (v, [attr, ...a], k, ctx) => selectWith(ctx, jinjaSeq(v), a, k, true, attr), {
    extraKeywords: true,
  }),
  rejectattr: def(['*'], (v, [attr, ...a], k, ctx) => selectWith(ctx, jinjaSeq(v), a, k, false, attr), {
    extraKeywords: true,
  }),
  dict2items: def(['key_name', 'value_name'], (value, [keyName = 'key', valueName = 'value']) => {
    if (!isMapping(value))
      throw new FlotillaError(
        'FLT_TEMPLATE_TYPE',
        `dict2items requires a dictionary, got <class '${pyTypeName(value)}'> instead.`,
      );
    return Object.keys(value).map((k) => ({ [keyName]: k, [valueName]: value[k] }));
  }),
  items2dict: def(['key_name', 'value_name'], (value, [keyName = 'key', valueName = 'value']) => {
    const out: PyDict = {};
    for (const item of pyIterable(value)) {
      if (!isMapping(item)) throw filterError('items2dict', 'items2dict requires a list of dictionaries');
      out[pyStr(item[keyName])] = item[valueName];
    }
    return out;
  }),
  dict: def([], (value) => {
    const out: PyDict = {};
    for (const pair of pyIterable(value)) {
      const [k, v] = pyIterable(pair);
      out[pyStr(k)] = v;
    }
    return out;
  }),
  items: def([], (value) => {
    if (isNone(value)) return [];
    if (!isMapping(value)) throw filterError('items', `can only get item pairs from a mapping`);
    return Object.keys(value).map((k) => [k, value[k]]);
  }),
  combine: def(
    ['*'],
    (value, args, kwargs) => {
      for (const key of Object.keys(kwargs)) {
        if (key !== 'recursive' && key !== 'list_merge') {
          throw new FlotillaError(
            'FLT_TEMPLATE_ARGUMENT',
            `'${key}' is not a valid keyword argument for combine`,
          );
        }
      }
      const recursive = Boolean(kwargs.recursive ?? false);
      const listMerge = (kwargs.list_merge ?? 'replace') as ListMerge;
      const dicts = flatten([value, ...args]);
      if (dicts.length === 0)
        throw new FlotillaError('FLT_TEMPLATE_TYPE', 'reduce() of empty iterable with no initial value');
      // reduce(merge_hash, dicts): a lone value is returned as it is; merge_hash checks both sides.
      return dicts.slice(1).reduce<unknown>((acc, d) => {
        if (!isMapping(acc) || !isMapping(d))
          throw new FlotillaError(
            'FLT_TEMPLATE_FILTER',
            `failed to combine variables, expected dicts but got a '${pyTypeName(acc)}' and a '${pyTypeName(d)}': \n${pyJsonDumps(acc)}\n${pyJsonDumps(d)}`,
          );
        return mergeHash(acc as PyDict, d, recursive, listMerge);
      }, dicts[0]);
    },
    { extraKeywords: true },
  ),
  zip: def(['*'], (value, args) => zipLists([value, ...args].map(pyIterable), false, null)),
  zip_longest: def(
    ['*'],
    (value, args, kwargs) => zipLists([value, ...args].map(pyIterable), true, kwargs.fillvalue ?? null),
    { extraKeywords: true },
  ),
  product: def(['*'], (value, args) =>
    [value, ...args]
      .map(pyIterable)
      .reduce<unknown[][]>((acc, list) => acc.flatMap((p) => list.map((x) => [...p, x])), [[]])
      .map(pyTuple),
  ),
  // itertools.permutations / combinations: tuples, in itertools' order.
  permutations: def(['r'], (value, [r = null]) => {
    const items = pyIterable(value);
    const size = isNone(r) ? items.length : Number(r);
    const out: unknown[][] = [];
    const walk = (prefix: number[]) => {
      if (prefix.length === size) out.push(pyTuple(prefix.map((i) => items[i])));
      else for (let i = 0; i < items.length; i++) if (!prefix.includes(i)) walk([...prefix, i]);
    };
    if (size <= items.length) walk([]);
    return out;
  }),
  combinations: def(['r'], (value, [r]) => {
    const items = pyIterable(value);
    const out: unknown[][] = [];
    const walk = (start: number, prefix: unknown[]) => {
      if (prefix.length === Number(r)) out.push(pyTuple(prefix));
      else for (let i = start; i < items.length; i++) walk(i + 1, [...prefix, items[i]]);
    };
    walk(0, []);
    return out;
  }),
  batch: def(['linecount', 'fill_with'], (value, [linecount, fillWith = null]) => {
    const items = pyIterable(value);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += linecount) out.push(items.slice(i, i + linecount));
    const last = out[out.length - 1];
    if (last && !isNone(fillWith)) while (last.length < linecount) last.push(fillWith);
    return out;
  }),
  slice: def(['slices', 'fill_with'], (value, [slices, fillWith = null]) => {
    const items = pyIterable(value);
    const per = Math.floor(items.length / slices);
    const extra = items.length % slices;
    const out: unknown[][] = [];
    let offset = 0;
    for (let i = 0; i < slices; i++) {
      const size = per + (i < extra ? 1 : 0);
      const chunk = items.slice(offset, offset + size);
      offset += size;
      if (!isNone(fillWith) && i >= extra && extra > 0) chunk.push(fillWith);
      out.push(chunk);
    }
    return out;
  }),
  groupby: def(['attribute'], (value, [attribute]) => {
    const get = attributeGetter(attribute);
    const sorted = sortBy([...pyIterable(value)], get);
    const groups: [unknown, unknown[]][] = [];
    for (const item of sorted) {
      const k = get(item);
      const last = groups[groups.length - 1];
      if (last && pyEquals(last[0], k)) last[1].push(item);
      else groups.push([k, [item]]);
    }
    return groups;
  }),
  extract: def(['container', 'morekeys'], (value, [container, morekeys]) => {
    let out = memberLookup(container, value);
    const keys = isNone(morekeys) ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
    for (const key of keys) out = memberLookup(out, key);
    return out;
  }),
};
