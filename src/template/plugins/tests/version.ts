/** Version comparison as Ansible's `version` test does it (LooseVersion by default). */
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { pyTruthy } from '../../../python/values.js';

const OPERATORS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

function components(version: string): (number | string)[] {
  return (version.match(/\d+|[a-z]+/gi) ?? []).map((c) => (/^\d+$/.test(c) ? Number(c) : c));
}

export function compareVersions(a: string, b: string): number {
  const ca = components(a);
  const cb = components(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function failed(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_FILTER', `Version comparison failed: ${message}`);
}

/** Ansible's SemanticVersion: a prerelease sorts before its release; build metadata is ignored. */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const m = SEMVER.exec(v);
    if (!m) throw failed(`invalid semantic version '${v}'`);
    return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i] - y.core[i];
  if (!x.pre.length || !y.pre.length) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    // Numeric identifiers sort before alphanumeric ones.
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.pre.length - y.pre.length;
}

/** distutils' StrictVersion: `1.2`, `1.2.3`, `1.2a1`, `1.2.3b2`. */
export function compareStrict(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/.exec(v);
    if (!m) throw failed(`invalid version number '${v}'`);
    return {
      core: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)],
      pre: m[4] ? [m[4], Number(m[5])] : undefined,
    };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i] - y.core[i];
  if (!x.pre || !y.pre) return (x.pre ? -1 : 0) - (y.pre ? -1 : 0);
  if (x.pre[0] !== y.pre[0]) return x.pre[0] < y.pre[0] ? -1 : 1;
  return Number(x.pre[1]) - Number(y.pre[1]);
}

const VERSION_TYPES: Record<string, (a: string, b: string) => number> = {
  loose: compareVersions,
  strict: compareStrict,
  semver: compareSemver,
  semantic: compareSemver,
};

export function versionTest(
  value: unknown,
  version: unknown,
  operator: unknown = 'eq',
  strict: unknown = null,
  versionType: unknown = null,
): boolean {
  // version_compare's checks, in its order
  if (strict !== null && strict !== undefined && versionType !== null && versionType !== undefined) {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', "Cannot specify both 'strict' and 'version_type'");
  }
  if (!pyTruthy(value)) throw new FlotillaError('FLT_TEMPLATE_FILTER', 'Input version value cannot be empty');
  if (!pyTruthy(version)) {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', 'Version parameter to compare against cannot be empty');
  }
  let compare = compareVersions;
  if (strict) compare = compareStrict;
  else if (versionType !== null && versionType !== undefined) {
    const found = VERSION_TYPES[pyStr(versionType)];
    if (!found) {
      throw new FlotillaError(
        'FLT_TEMPLATE_FILTER',
        `Invalid version type (${pyStr(versionType)}). Must be one of 'loose', 'strict', 'semver', 'semantic', 'pep440'`,
      );
    }
    compare = found;
  }
  const op = OPERATORS[pyStr(operator)];
  if (!op) {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', `Invalid operator type (${pyStr(operator)})`, {
      hint: `use one of ${Object.keys(OPERATORS).join(', ')}`,
    });
  }
  return op(compare(pyStr(value), pyStr(version)));
}
