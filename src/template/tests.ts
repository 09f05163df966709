/** Ansible's and Jinja's tests (`x is defined`, `result is failed`, `v is version('1.2', '>=')`). */

import { existsSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { def, type TestDef } from './filters/define.js';
import { pyRegex } from './filters/regex.js';
import { isPyFloat, isPyInt, isPyNumber } from './float.js';
import { isMapping, isNone, pyContains, pyEquals, pyStr, pyTruthy } from './python.js';
import { AnsibleUndefined } from './undefined.js';
import { versionTest } from './version.js';

function resultDict(name: string, value: unknown): Record<string, unknown> {
  if (!isMapping(value)) {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', `The '${name}' test expects a dictionary`);
  }
  return value;
}

const failed = def<boolean>([], (v) => pyTruthy(resultDict('failed', v).failed ?? false));
const succeeded = def<boolean>([], (v) => !pyTruthy(resultDict('succeeded', v).failed ?? false));
const changed = def<boolean>([], (v) => {
  const r = resultDict('changed', v);
  if (!('changed' in r) && Array.isArray(r.results))
    return r.results.some((x) => isMapping(x) && pyTruthy(x.changed ?? false));
  return pyTruthy(r.changed ?? false);
});
const skipped = def<boolean>([], (v) => pyTruthy(resultDict('skipped', v).skipped ?? false));
const unreachable = def<boolean>([], (v) => pyTruthy(resultDict('unreachable', v).unreachable ?? false));
const reachable = def<boolean>([], (v) => !pyTruthy(resultDict('reachable', v).unreachable ?? false));
const equalto = def<boolean>(['other'], (v, [other]) => pyEquals(v, other));
const version = def<boolean>(
  ['version', 'operator', 'strict', 'version_type'],
  (v, [ver, op = 'eq', strict = null, versionType = null]) => versionTest(v, ver, op, strict, versionType),
);

function regexTest(mode: 'match' | 'search') {
  return def<boolean>(
    ['pattern', 'ignorecase', 'multiline', 'match_type'],
    (v, [pattern, ignorecase = false, multiline = false, matchType]) => {
      const re = pyRegex(pyStr(pattern), { ignorecase, multiline });
      const m = re.exec(pyStr(v));
      if (!m) return false;
      const how = matchType ?? mode;
      return how === 'search' || m.index === 0;
    },
  );
}

const isSet = (v: unknown) => Array.isArray(v) || isMapping(v);
const containsAll = (big: unknown, small: unknown) =>
  (Array.isArray(small) ? small : Object.keys(small as object)).every((x) => pyContains(big, x));
function fsTest(check: (p: string) => boolean) {
  return def<boolean>([], (v) => {
    try {
      return check(path.resolve(pyStr(v)));
    } catch {
      return false;
    }
  });
}

const compare = (fn: (a: number, b: number) => boolean) =>
  def<boolean>(['other'], (v, [o]) => fn(Number(v), Number(o)));

export const ansibleTests: Record<string, TestDef> = {
  defined: def([], (v) => !(v instanceof AnsibleUndefined), { allowUndefined: true }),
  undefined: def([], (v) => v instanceof AnsibleUndefined, { allowUndefined: true }),
  none: def([], (v) => isNone(v)),
  string: def([], (v) => typeof v === 'string'),
  number: def([], (v) => isPyNumber(v)),
  integer: def([], (v) => isPyInt(v)),
  float: def([], (v) => isPyFloat(v)),
  boolean: def([], (v) => typeof v === 'boolean'),
  true: def([], (v) => v === true),
  false: def([], (v) => v === false),
  mapping: def([], (v) => isMapping(v)),
  iterable: def([], (v) => typeof v === 'string' || isSet(v)),
  sequence: def([], (v) => typeof v === 'string' || isSet(v)),
  callable: def([], (v) => typeof v === 'function'),
  lower: def([], (v) => pyStr(v) === pyStr(v).toLowerCase()),
  upper: def([], (v) => pyStr(v) === pyStr(v).toUpperCase()),
  match: regexTest('match'),
  search: regexTest('search'),
  regex: regexTest('search'),
  in: def(['seq'], (v, [seq]) => pyContains(seq, v)),
  contains: def(['item'], (v, [item]) => pyContains(v, item)),
  subset: def(['superset'], (v, [big]) => containsAll(big, v)),
  superset: def(['subset'], (v, [small]) => containsAll(v, small)),
  divisibleby: def(['num'], (v, [n]) => Number(v) % Number(n) === 0),
  even: def([], (v) => Number(v) % 2 === 0),
  odd: def([], (v) => Math.abs(Number(v) % 2) === 1),
  truthy: def(['convert_bool'], (v) => pyTruthy(v)),
  falsy: def(['convert_bool'], (v) => !pyTruthy(v)),
  equalto,
  eq: equalto,
  '==': equalto,
  ne: def(['other'], (v, [o]) => !pyEquals(v, o)),
  '!=': def(['other'], (v, [o]) => !pyEquals(v, o)),
  gt: compare((a, b) => a > b),
  '>': compare((a, b) => a > b),
  ge: compare((a, b) => a >= b),
  '>=': compare((a, b) => a >= b),
  lt: compare((a, b) => a < b),
  '<': compare((a, b) => a < b),
  le: compare((a, b) => a <= b),
  '<=': compare((a, b) => a <= b),
  sameas: def(['other'], (v, [o]) => v === o || (isNone(v) && isNone(o))),
  version,
  version_compare: version,
  succeeded,
  success: succeeded,
  failed,
  failure: failed,
  changed,
  change: changed,
  skipped,
  skip: skipped,
  reachable,
  unreachable,
  finished: def([], (v) => pyTruthy(resultDict('finished', v).finished ?? true)),
  started: def([], (v) => pyTruthy(resultDict('started', v).started ?? true)),
  file: fsTest((p) => statSync(p).isFile()),
  directory: fsTest((p) => statSync(p).isDirectory()),
  exists: fsTest((p) => existsSync(p)),
  link: fsTest((p) => lstatSync(p).isSymbolicLink()),
  abs: def([], (v) => path.isAbsolute(pyStr(v))),
};
