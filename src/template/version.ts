/** Version comparison as Ansible's `version` test does it (LooseVersion by default). */
import { FlotillaError } from '../errors/index.js';
import { pyStr } from './python.js';

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

export function versionTest(value: unknown, version: unknown, operator: unknown = 'eq'): boolean {
  const op = OPERATORS[pyStr(operator)];
  if (!op) {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', `Invalid operator type (${pyStr(operator)})`, {
      hint: `use one of ${Object.keys(OPERATORS).join(', ')}`,
    });
  }
  if (version === undefined || version === null || version === '') {
    throw new FlotillaError('FLT_TEMPLATE_FILTER', 'Version parameter to compare against cannot be empty');
  }
  return op(compareVersions(pyStr(value), pyStr(version)));
}
