/**
 * Ansible filters not covered elsewhere: subelements, rekey_on_member (mathstuff.py),
 * win_basename/win_dirname/win_splitdrive (ntpath), fileglob, and community.general's
 * random_mac (shipped with Debian's ansible, so playbooks use it unqualified).
 */

import { randomInt } from 'node:crypto';
import { opendirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../../../errors/index.js';
import { pyRepr, pyStr } from '../../../python/repr.js';
import { isMapping, isNone, pyTruthy, pyTuple, pyTypeName } from '../../../python/values.js';
import { fnmatchToRegExp } from '../../../text/fnmatch.js';
import { def, type FilterDef } from '../../runtime/define.js';
import { PythonRandom } from './python-random.js';

function failure(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_FILTER', message);
}

function typeFailure(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_TYPE', message);
}

function subelements(obj: unknown, keys: unknown, skipMissing: unknown): unknown[] {
  let elements: unknown[];
  if (isMapping(obj)) elements = Object.values(obj);
  else if (Array.isArray(obj)) elements = [...obj];
  else throw failure('obj must be a list of dicts or a nested dict');
  let path: unknown[];
  if (Array.isArray(keys)) path = [...keys];
  else if (typeof keys === 'string') path = keys.split('.');
  else throw typeFailure('subelements must be a list or a string');
  const results: unknown[] = [];
  for (const element of elements) {
    let values: unknown = element;
    for (const key of path) {
      if (isMapping(values)) {
        if (typeof key === 'string' && Object.hasOwn(values, key)) {
          values = values[key];
          continue;
        }
        if (pyTruthy(skipMissing)) {
          values = [];
          break;
        }
        throw failure(`could not find ${pyRepr(key)} key in iterated item ${pyRepr(values)}`);
      }
      throw typeFailure(`the key ${pyStr(key)} should point to a dictionary, got '${pyStr(values)}'`);
    }
    if (!Array.isArray(values)) {
      throw typeFailure(
        `the key ${pyRepr(path[path.length - 1])} should point to a list, got ${pyRepr(values)}`,
      );
    }
    for (const value of values) results.push(pyTuple([element, value]));
  }
  return results;
}

function rekeyOnMember(data: unknown, key: unknown, duplicates: unknown): Record<string, unknown> {
  if (duplicates !== 'error' && duplicates !== 'overwrite') {
    throw failure(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(duplicates)}`);
  }
  let items: unknown[];
  if (isMapping(data)) items = Object.values(data);
  else if (Array.isArray(data)) items = data;
  else throw typeFailure('Type is not a valid list, set, or dict');
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (!isMapping(item)) throw typeFailure('List item is not a valid dict');
    const name = pyStr(key);
    if (!Object.hasOwn(item, name)) throw failure(`Key ${name} was not found`);
    const newKey = pyStr(item[name]);
    if (Object.hasOwn(out, newKey) && pyTruthy(out[newKey]) && duplicates === 'error') {
      throw failure(`Key ${newKey} is not unique, cannot correctly turn into dict`);
    }
    out[newKey] = item;
  }
  return out;
}

/** ntpath.splitdrive: `C:` or a UNC `\\server\share` prefix. */
export function winSplitDrive(p: string): [string, string] {
  if (p.length >= 2) {
    const norm = p.replace(/\//g, '\\');
    if (norm.startsWith('\\\\')) {
      const start = norm.slice(0, 8).toUpperCase() === '\\\\?\\UNC\\' ? 8 : 2;
      const index = norm.indexOf('\\', start);
      if (index < 0) return [p, ''];
      let index2 = norm.indexOf('\\', index + 1);
      if (index2 < 0) index2 = p.length;
      return [p.slice(0, index2), p.slice(index2)];
    }
    if (norm[1] === ':') return [p.slice(0, 2), p.slice(2)];
  }
  return ['', p];
}

/** ntpath.split. */
function winSplit(p: string): [string, string] {
  const [drive, rest] = winSplitDrive(p);
  let i = rest.length;
  while (i && rest[i - 1] !== '/' && rest[i - 1] !== '\\') i--;
  const head = rest.slice(0, i);
  return [drive + (head.replace(/[/\\]+$/, '') || head), rest.slice(i)];
}

/** Names in directory order, as os.scandir gives them (readdirSync sorts them). */
function readdirRaw(dir: string): string[] {
  const handle = opendirSync(dir);
  const names: string[] = [];
  try {
    for (let entry = handle.readSync(); entry; entry = handle.readSync()) names.push(entry.name);
  } finally {
    handle.closeSync();
  }
  return names;
}

/** Python glob.glob: directory order, hidden names only for patterns starting with a dot. */
function glob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p) => p !== '');
  let paths = [absolute ? '/' : ''];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of paths) {
      const join = (name: string) => (dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`);
      if (!/[*?[]/.test(part)) {
        next.push(join(part));
        continue;
      }
      let names: string[];
      try {
        names = readdirRaw(dir || '.');
      } catch {
        continue;
      }
      const re = fnmatchToRegExp(part);
      for (const name of names) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(name)) next.push(join(name));
      }
    }
    paths = next;
  }
  return paths.filter((p) => p !== '' && p !== '/');
}

function isFile(p: string): boolean {
  try {
    return statSync(path.resolve(p)).isFile();
  } catch {
    return false;
  }
}

/** random.getrandbits(k) on a seeded generator; PythonRandom keeps its 32-bit draw private. */
function randbelowWide(r: PythonRandom, n: number): number {
  const next32 = () => (r as unknown as { next32(): number }).next32();
  const k = Math.floor(Math.log2(n)) + 1;
  for (;;) {
    let value = 0;
    let scale = 1;
    for (let bits = k; bits > 0; bits -= 32) {
      const word = bits < 32 ? next32() >>> (32 - bits) : next32();
      value += word * scale;
      scale *= 2 ** 32;
    }
    if (value < n) return value;
  }
}

function randomMac(value: unknown, seed: unknown): string {
  if (typeof value !== 'string') {
    throw failure(`Invalid value type (<class '${pyTypeName(value)}'>) for random_mac (${pyStr(value)})`);
  }
  const prefix = value.toLowerCase();
  const items = prefix.split(':');
  if (items.length > 5) {
    throw failure(`Invalid value (${prefix}) for random_mac: 5 colon(:) separated items max`);
  }
  const errors = items.map((item) =>
    !item ? 'empty item' : /^[a-f0-9]{2}/.test(item) ? '' : `${item} not hexa byte`,
  );
  const err = errors.filter(Boolean).join(',');
  if (err) throw failure(`Invalid value (${prefix}) for random_mac: ${err}`);
  const low = 68719476736;
  const width = 1099511627775 - low + 1;
  const v = isNone(seed)
    ? randomInt(low, low + width)
    : low + randbelowWide(new PythonRandom(typeof seed === 'number' ? seed : pyStr(seed)), width);
  const rnd = v.toString(16).slice(0, 2 * (6 - items.length));
  return prefix + rnd.replace(/(..)/g, ':$1');
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  subelements: def(['subelements', 'skip_missing'], (value, [keys, skipMissing = false]) =>
    subelements(value, keys, skipMissing),
  ),
  rekey_on_member: def(['key', 'duplicates'], (value, [key, duplicates = 'error']) =>
    rekeyOnMember(value, key, duplicates),
  ),
  win_basename: def([], (value) => winSplit(pyStr(value))[1]),
  win_dirname: def([], (value) => winSplit(pyStr(value))[0]),
  win_splitdrive: def([], (value) => pyTuple(winSplitDrive(pyStr(value)))),
  fileglob: def([], (value) => glob(pyStr(value)).filter(isFile)),
  random_mac: def(['seed'], (value, [seed = null]) => randomMac(value, seed)),
};
