/**
 * Ansible's math filters (plugins/filter/mathstuff.py): log, pow, root, human_readable,
 * human_to_bytes, with the messages Ansible wraps Python's exceptions in.
 */
import { FlotillaError } from '../../../errors/index.js';
import { isPyNumber, pyFloat } from '../../../python/float.js';
import { pyStr } from '../../../python/repr.js';
import { isNone, pyTruthy, pyTypeName } from '../../../python/values.js';
import { def, type FilterDef } from '../../runtime/define.js';
import { pyException, pyValueError } from '../py-errors.js';
import { pyRound, toFloat } from './core.js';

/** An AnsibleFilterTypeError: a TypeError, so Ansible prints it as a templating type error. */
function typeError(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_TYPE', message);
}

/** An AnsibleFilterError: printed as its bare message. */
function filterFailure(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_FILTER', message);
}

/** What Python's math functions accept: int, float, bool; else "must be real number, not str". */
function realNumber(value: unknown): number {
  if (isPyNumber(value) || typeof value === 'boolean') return Number(value);
  throw new TypeError(`must be real number, not ${pyTypeName(value)}`);
}

/** Runs `fn`, turning a TypeError of realNumber into the filter's own type error. */
function numeric<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TypeError) throw typeError(`${name}() can only be used on numbers: ${err.message}`);
    throw err;
  }
}

function mathLog(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x <= 0) throw pyValueError('math domain error');
  return Math.log(x);
}

/** math.pow: NaN where C's pow would be a domain error, inf where it overflows. */
function mathPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  const result = x ** y;
  if (Number.isFinite(x) && Number.isFinite(y)) {
    if (Number.isNaN(result) || (x === 0 && y < 0)) throw pyValueError('math domain error');
    if (!Number.isFinite(result)) throw pyException('OverflowError', 'math range error');
  }
  return result;
}

const log = def(['base'], (value, [base = Math.E]) =>
  numeric('log', () => {
    const x = realNumber(value);
    if (isPyNumber(base) && Number(base) === 10) {
      mathLog(x);
      return pyFloat(Math.log10(x));
    }
    const b = realNumber(base);
    const num = mathLog(x);
    const den = mathLog(b);
    if (den === 0) throw pyException('ZeroDivisionError', 'float division by zero');
    return pyFloat(num / den);
  }),
);

const pow = def(['y'], (value, [y]) =>
  numeric('pow', () => pyFloat(mathPow(realNumber(value), realNumber(y)))),
);

const root = def(['base'], (value, [base = 2]) =>
  numeric('root', () => {
    try {
      const x = realNumber(value);
      if (Number(base) === 2 && (isPyNumber(base) || typeof base === 'boolean')) {
        if (x < 0) throw new TypeError('math domain error');
        return pyFloat(Math.sqrt(x));
      }
      const b = toFloat(base, null);
      if (b === null) {
        const text = typeof base === 'string' ? `could not convert string to float: '${base}'` : '';
        throw new TypeError(
          text || `float() argument must be a string or a real number, not '${pyTypeName(base)}'`,
        );
      }
      if (Number(b) === 0) throw pyException('ZeroDivisionError', 'float division by zero');
      return pyFloat(mathPow(x, 1 / Number(b)));
    } catch (err) {
      // root() catches ValueError too (math domain error), unlike log and pow.
      if (err instanceof FlotillaError && err.message === 'math domain error')
        throw new TypeError(err.message);
      throw err;
    }
  }),
);

const SIZE_RANGES: [string, number][] = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
];

/** Python's '%.2f': round half to even on the exact binary value, no exponent form. */
function fixed2(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  if (Math.abs(n) >= 1e21) return `${BigInt(Math.round(n)).toString()}.00`;
  return pyRound(n, 2).toFixed(2);
}

/** formatters.bytes_to_human. */
function bytesToHuman(size: unknown, isbits: unknown, unit: unknown): string {
  const base = pyTruthy(isbits) ? 'bits' : 'Bytes';
  let suffix = '';
  let limit = 1;
  for ([suffix, limit] of SIZE_RANGES) {
    if (isNone(unit)) {
      if (!isPyNumber(size) && typeof size !== 'boolean') {
        throw typeError(
          `human_readable() failed on bad input: '>=' not supported between instances of '${pyTypeName(size)}' and 'int'`,
        );
      }
      if (Number(size) >= limit) break;
    } else {
      if (typeof unit !== 'string')
        throw filterFailure(`human_readable() can't interpret following string: ${pyStr(size)}`);
      if (unit.toUpperCase() === suffix[0]) break;
    }
  }
  if (!isPyNumber(size) && typeof size !== 'boolean') {
    throw typeError(
      `human_readable() failed on bad input: unsupported operand type(s) for /: '${pyTypeName(size)}' and 'int'`,
    );
  }
  suffix = limit !== 1 ? suffix + base[0] : base;
  return `${fixed2(Number(size) / limit)} ${suffix}`;
}

/** bytes_to_human of a plain byte count ('256.00 GB', '0.00 Bytes'), as the device facts use it too. */
export function humanBytes(size: number): string {
  return bytesToHuman(size, false, null);
}

/** Python round() to an int: half to even. */
function roundHalfEven(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : r;
}

/** formatters.human_to_bytes; every ValueError reads "can't interpret following string". */
function humanToBytes(value: unknown, defaultUnit: unknown, isbits: unknown): number {
  const text = pyStr(value);
  const cannot = () => filterFailure(`human_to_bytes() can't interpret following string: ${text}`);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(text);
  if (!m || m[1] === '' || m[1] === '.') throw cannot();
  const num = Number(m[1]);
  const unit = m[2] ?? defaultUnit;
  if (isNone(unit)) return roundHalfEven(num);
  if (typeof unit !== 'string') {
    throw typeError(
      `human_to_bytes() failed on bad input: '${pyTypeName(unit)}' object is not subscriptable`,
    );
  }
  if (unit === '') throw cannot();
  const rangeKey = unit[0].toUpperCase();
  const limit = SIZE_RANGES.find(([key]) => key === rangeKey)?.[1];
  if (limit === undefined) throw cannot();
  const [unitClass, unitClassName] = pyTruthy(isbits) ? ['b', 'bit'] : ['B', 'byte'];
  if (unit.length > 1 && !unit.toLowerCase().includes(unitClassName) && unit[1] !== unitClass) throw cannot();
  return roundHalfEven(num * limit);
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  log,
  pow,
  root,
  human_readable: def(['isbits', 'unit'], (value, [isbits = false, unit = null]) =>
    bytesToHuman(value, isbits, unit),
  ),
  human_to_bytes: def(['default_unit', 'isbits'], (value, [defaultUnit = null, isbits = false]) =>
    humanToBytes(value, defaultUnit, isbits),
  ),
};
