/** Ansible's and Jinja's tests (`x is defined`, `result is failed`, `v is version('1.2', '>=')`). */

import { existsSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../../../errors/index.js';
import { isPyFloat, isPyInt, isPyNumber } from '../../../python/float.js';
import { pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import {
  isMapping,
  isNone,
  pyContains,
  pyEquals,
  pyIterable,
  pyTruthy,
  pyTypeName,
} from '../../../python/values.js';
import { isSealedVault } from '../../../vault/sealed.js';
import { def, type TestDef } from '../../runtime/define.js';
import type { EngineEnv } from '../../runtime/runtime.js';
import { pyRegex } from '../filters/regex.js';
import { splitUrlParts, type UrlParts } from '../filters/url.js';
import { pyException } from '../py-errors.js';
import { versionTest } from './version.js';

function resultDict(name: string, value: unknown): Record<string, unknown> {
  if (!isMapping(value)) {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', `The '${name}' test expects a dictionary`);
  }
  return value;
}

const failed = def<boolean>([], (v) => pyTruthy(resultDict('failed', v).failed ?? false));
// success() and reachable() call failed() and unreachable(), whose names their errors show.
const succeeded = def<boolean>([], (v) => !pyTruthy(resultDict('failed', v).failed ?? false));
const changed = def<boolean>([], (v) => {
  const r = resultDict('changed', v);
  if (!('changed' in r) && Array.isArray(r.results))
    return r.results.some((x) => isMapping(x) && pyTruthy(x.changed ?? false));
  return pyTruthy(r.changed ?? false);
});
const skipped = def<boolean>([], (v) => pyTruthy(resultDict('skipped', v).skipped ?? false));
const unreachable = def<boolean>([], (v) => pyTruthy(resultDict('unreachable', v).unreachable ?? false));
const reachable = def<boolean>([], (v) => !pyTruthy(resultDict('unreachable', v).unreachable ?? false));
/** Async status: `finished`/`started` are 0 or 1 and compared with 1; absent means a sync task (True). */
const asyncFlag = (name: 'finished' | 'started') =>
  def<boolean>([], (v) => {
    const r = resultDict(name, v);
    return Object.hasOwn(r, name) ? pyEquals(r[name], 1) : true;
  });
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

/** os.path.samefile: a missing path is an error (Ansible shows the OSError), not False. */
function sameFile(a: unknown, b: unknown): boolean {
  const stat = (p: unknown) => {
    try {
      return statSync(path.resolve(pyStr(p)));
    } catch {
      throw pyException('FileNotFoundError', `[Errno 2] No such file or directory: '${pyStr(p)}'`);
    }
  };
  const sa = stat(a);
  const sb = stat(b);
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/** os.path.ismount: a different device than the parent, or the same inode (the root). */
function isMount(p: string): boolean {
  try {
    const here = lstatSync(p);
    if (here.isSymbolicLink()) return false;
    const parent = lstatSync(path.join(p, '..'));
    return here.dev !== parent.dev || here.ino === parent.ino;
  } catch {
    return false;
  }
}

/** ansible's is_uri: urlparse never fails on a string; schemes, when given, must list its scheme. */
function isUri(value: unknown, schemes: unknown): UrlParts | null {
  if (typeof value !== 'string') return null;
  try {
    const parts = splitUrlParts(value);
    if (pyTruthy(schemes) && !pyContains(schemes, parts.scheme)) return null;
    return parts;
  } catch {
    return null;
  }
}

/** Python's any()/all() over an iterable's items. */
function items(value: unknown): unknown[] {
  try {
    return pyIterable(value);
  } catch (err) {
    throw new FlotillaError('FLT_TEMPLATE_TYPE', (err as Error).message);
  }
}

/** Jinja's `filter`/`test` tests: the name is one the engine knows. */
function knows(kind: 'filterInvokers' | 'testInvokers') {
  return def<boolean>([], (v, _args, _kwargs, ctx) => {
    if (typeof v !== 'string') {
      throw new FlotillaError(
        'FLT_TEMPLATE_VALUE',
        `key must be a string, got <class '${pyTypeName(v)}'> instead`,
      );
    }
    const env = (ctx as unknown as { env?: Partial<EngineEnv> }).env;
    return Boolean(env?.[kind] && Object.hasOwn(env[kind], v));
  });
}

const VAULT_TEXT = /^\$ANSIBLE_VAULT;[^\n]*\n[0-9a-fA-F\s]+$/;

const compare = (fn: (a: number, b: number) => boolean) =>
  def<boolean>(['other'], (v, [o]) => fn(Number(v), Number(o)));

/** The tests of this file, by Ansible name (assembled in ../registry.ts). */
export const tests: Readonly<Record<string, TestDef>> = {
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
  finished: asyncFlag('finished'),
  started: asyncFlag('started'),
  file: fsTest((p) => statSync(p).isFile()),
  directory: fsTest((p) => statSync(p).isDirectory()),
  exists: fsTest((p) => existsSync(p)),
  link: fsTest((p) => lstatSync(p).isSymbolicLink()),
  abs: def([], (v) => path.isAbsolute(pyStr(v))),
  is_abs: def([], (v) => path.isAbsolute(pyStr(v))),
  is_dir: fsTest((p) => statSync(p).isDirectory()),
  is_file: fsTest((p) => statSync(p).isFile()),
  is_link: fsTest((p) => lstatSync(p).isSymbolicLink()),
  link_exists: fsTest((p) => Boolean(lstatSync(p))),
  same_file: def(['other'], (v, [other]) => sameFile(v, other)),
  is_same_file: def(['other'], (v, [other]) => sameFile(v, other)),
  mount: def([], (v) => isMount(path.resolve(pyStr(v)))),
  is_mount: def([], (v) => isMount(path.resolve(pyStr(v)))),
  successful: succeeded,
  issubset: def(['superset'], (v, [big]) => containsAll(big, v)),
  issuperset: def(['subset'], (v, [small]) => containsAll(v, small)),
  nan: def([], (v) => isPyNumber(v) && Number.isNaN(Number(v))),
  isnan: def([], (v) => isPyNumber(v) && Number.isNaN(Number(v))),
  any: def([], (v) => items(v).some(pyTruthy)),
  all: def([], (v) => items(v).every(pyTruthy)),
  uri: def(['schemes'], (v, [schemes = null]) => isUri(v, schemes) !== null),
  url: def(['schemes'], (v, [schemes = null]) => {
    const parts = isUri(v, schemes);
    return parts !== null && (parts.netloc !== '' || parts.scheme === 'file');
  }),
  urn: def([], (v) => isUri(v, ['urn']) !== null),
  // A `!vault` value is decrypted when it is loaded (vault/secrets.ts), or kept as its vault
  // text when no secret opens it: vault text is taken for one. Unlike Ansible's
  // AnsibleVaultEncryptedUnicode, a decrypted value no longer tests True.
  vault_encrypted: def([], (v) => isSealedVault(v) || (typeof v === 'string' && VAULT_TEXT.test(v))),
  // Autoescape is off and escape returns plain text: no value is Markup.
  escaped: def([], () => false),
  filter: knows('filterInvokers'),
  test: knows('testInvokers'),
  greaterthan: compare((a, b) => a > b),
  lessthan: compare((a, b) => a < b),
};
