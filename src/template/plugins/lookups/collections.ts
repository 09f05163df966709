/** Lookups that reshape their terms: items, list, dict, indexed_items, together, nested, subelements ... */

import { appendAll } from '../../../collections/append-all.js';
import { pyStr } from '../../../python/repr.js';
import { isMapping, pyTuple } from '../../../python/values.js';
import { ansibleError, flattenOnce, iterate, type LookupPlugin, listify, optionBool } from './plugin.js';

const isDict = isMapping;

/** `str % item0` of a dict or list in an error message (Python's repr inside). */
const show = (v: unknown) => pyStr(v);

export const items: LookupPlugin = (terms) => flattenOnce(terms);

export const list: LookupPlugin = (terms) => {
  // A str is a Sequence too; a with_ loop's dict is not.
  if (!Array.isArray(terms) && typeof terms !== 'string') throw ansibleError('with_list expects a list');
  return terms;
};

export const dict: LookupPlugin = (terms) => {
  const all = Array.isArray(terms) ? terms : [terms];
  return all.flatMap((term) => {
    if (!isDict(term)) throw ansibleError('with_dict expects a dict');
    return Object.entries(term).map(([key, value]) => ({ key, value }));
  });
};

export const indexedItems: LookupPlugin = (terms) => {
  if (!Array.isArray(terms)) throw ansibleError('with_indexed_items expects a list');
  return flattenOnce(terms).map((x, i) => pyTuple([i, x]));
};

export const together: LookupPlugin = (terms) => {
  const lists = iterate(terms).map((t) => iterate(listify(t)));
  if (lists.length === 0) throw ansibleError('with_together requires at least one element in each list');
  const n = lists.reduce((longest, l) => Math.max(longest, l.length), 0);
  return Array.from({ length: n }, (_, i) => flattenOnce(lists.map((l) => (i < l.length ? l[i] : null))));
};

/** LookupBase._combine: each x of a with each y of b, as _flatten([x, y]). */
function combine(a: unknown[], b: unknown[]): unknown[] {
  return a.flatMap((x) => b.map((y) => flattenOnce([x, y])));
}

export const nested: LookupPlugin = (terms) => {
  const lists = iterate(terms).map((t) => iterate(listify(t)));
  if (lists.length === 0) throw ansibleError('with_nested requires at least one element in the nested list');
  let result = lists[0];
  for (const next of lists.slice(1)) result = combine(result, next);
  // Each combination flattened once more: with one list, its items themselves are iterated.
  return result.map((x) => flattenOnce(x));
};

/** community.general.cartesian (with_cartesian): itertools.product, each tuple flattened once. */
export const cartesian: LookupPlugin = (terms) => {
  const lists = iterate(terms).map((t) => iterate(listify(t)));
  if (lists.length === 0) throw ansibleError('with_cartesian requires at least one element in each list');
  const product = lists.reduce<unknown[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
  return product.map((x) => flattenOnce(x));
};

/** community.general.flattened: lists flattened all the way; a 'None'/'null' term ends the list. */
export const flattened: LookupPlugin = (terms) => {
  if (!Array.isArray(terms)) throw ansibleError('with_flattened expects a list');
  const oneOfOne = (t: unknown): unknown => (Array.isArray(t) && t.length === 1 ? oneOfOne(t[0]) : t);
  const walk = (list: unknown[]): unknown[] => {
    const out: unknown[] = [];
    for (const raw of list) {
      const term = oneOfOne(raw);
      if (term === 'None' || term === 'null') break;
      if (Array.isArray(term)) appendAll(out, walk(term));
      else out.push(term);
    }
    return out;
  };
  return walk(terms);
};

export const randomChoice: LookupPlugin = (terms) => {
  const all = iterate(terms);
  return all.length ? [all[Math.floor(Math.random() * all.length)]] : terms;
};

/** subelements: [list-or-dict, 'key.sub', {skip_missing}] -> (parent, child) pairs. */
export const subelements: LookupPlugin = (rawTerms) => {
  const usage = 'subelements lookup expects a list of two or three items, ';
  const terms = [...iterate(rawTerms)];
  if (terms.length > 0) terms[0] = listify(terms[0]);
  if (terms.length < 2 || terms.length > 3) throw ansibleError(usage);
  const [source, key] = terms;
  if (!(Array.isArray(source) || isDict(source)) || typeof key !== 'string')
    throw ansibleError(`${usage}first a dict or a list, second a string pointing to the subkey`);
  if (isDict(source) && skipped(source)) return [];
  const elements = Array.isArray(source) ? source : Object.values(source);
  const flags = terms.length === 3 ? terms[2] : {};
  if (!isDict(flags) && !iterate(flags).every((k) => k === 'skip_missing'))
    throw ansibleError(`${usage}the optional third item must be a dict with flags ('skip_missing',)`);
  const subkeys = key.split('.');
  const out: unknown[] = [];
  for (const element of elements) {
    if (!isDict(element))
      throw ansibleError(`subelements lookup expects a dictionary, got '${show(element)}'`);
    if (skipped(element)) continue;
    const skipMissing = optionBool(isDict(flags) ? (flags.skip_missing ?? false) : false);
    // Ansible pops the list out of (its templated copy of) the parent: item.0 lacks that key.
    const parent = structuredClone(element);
    let holder: Record<string, unknown> = parent;
    let sublist: unknown[] = [];
    for (let i = 0; i < subkeys.length; i++) {
      const sub = subkeys[i];
      if (!(sub in holder)) {
        if (skipMissing) continue;
        throw ansibleError(`could not find '${sub}' key in iterated item '${show(holder)}'`);
      }
      const value = holder[sub];
      if (i < subkeys.length - 1) {
        if (!isDict(value)) {
          if (skipMissing) continue;
          throw ansibleError(`the key ${sub} should point to a dictionary, got '${show(value)}'`);
        }
        holder = value;
      } else {
        if (!Array.isArray(value))
          throw ansibleError(`the key ${sub} should point to a list, got '${show(value)}'`);
        sublist = value;
        delete holder[sub];
      }
    }
    for (const child of sublist) out.push(pyTuple([parent, child]));
  }
  return out;
};

/** `x.get('skipped', False) is not False`. */
function skipped(d: Record<string, unknown>): boolean {
  return 'skipped' in d && d.skipped !== false;
}

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = {
  cartesian,
  dict,
  flattened,
  indexed_items: indexedItems,
  items,
  list,
  nested,
  random_choice: randomChoice,
  subelements,
  together,
};
