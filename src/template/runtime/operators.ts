/** Python arithmetic on template values: + on lists and strings, * repetition, % formatting. */
import { FlotillaError } from '../../errors/index.js';
import { isPyFloat, numericResult, pyFloat } from '../../python/float.js';
import { pyRepr, pyStr } from '../../python/repr.js';
import { AnsibleUndefined } from '../../python/undefined.js';
import { isMapping, PyTuple, pyCompare, pyEquals, pyTypeName } from '../../python/values.js';

function typeError(op: string, a: unknown, b: unknown): never {
  throw new FlotillaError(
    'FLT_TEMPLATE_TYPE',
    `unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}

function checkDefined(a: unknown, b: unknown): void {
  if (a instanceof AnsibleUndefined) a.fail();
  if (b instanceof AnsibleUndefined) b.fail();
}

/** int, float or bool; whole floats are `Number` boxes (see float.ts). */
function isNumeric(v: unknown): v is number | boolean | number {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof Number;
}

export function pyAdd(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNumeric(a) && isNumeric(b)) return numericResult(a, b, Number(a) + Number(b));
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (typeof a === 'string') {
    throw new FlotillaError('FLT_TEMPLATE_TYPE', `can only concatenate str (not "${pyTypeName(b)}") to str`);
  }
  if (Array.isArray(a)) {
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `can only concatenate list (not "${pyTypeName(b)}") to list`,
    );
  }
  return typeError('+', a, b);
}

export function pySub(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  const sub = (a as { __sub__?: (other: unknown) => unknown } | null)?.__sub__;
  if (typeof sub === 'function') {
    const result = sub.call(a, b);
    if (result !== undefined) return result;
  }
  if (isNumeric(a) && isNumeric(b)) return numericResult(a, b, Number(a) - Number(b));
  return typeError('-', a, b);
}

/**
 * Most items (or characters) `seq * n` may make. Python raises MemoryError when it runs out;
 * V8 dies outright on an array too large ("invalid size error"), so we stop first.
 */
export const MAX_REPEAT_SIZE = 2 ** 24;

function repeatChecked<T>(seq: { length: number }, times: number, repeat: (n: number) => T): T {
  const n = Math.max(0, times);
  if (seq.length * n > MAX_REPEAT_SIZE) {
    throw new FlotillaError(
      'FLT_TEMPLATE_MEMORY',
      `MemoryError: repeating a sequence of ${seq.length} ${n} times makes more than ${MAX_REPEAT_SIZE} items`,
      { hint: 'repeat fewer times, or build the value another way' },
    );
  }
  return repeat(n);
}

export function pyMul(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNumeric(a) && isNumeric(b)) return numericResult(a, b, Number(a) * Number(b));
  const sequence = (v: unknown) => typeof v === 'string' || Array.isArray(v);
  const float = (v: unknown) => v instanceof Number || (typeof v === 'number' && !Number.isInteger(v));
  if ((sequence(a) && float(b)) || (sequence(b) && float(a))) {
    throw new FlotillaError('FLT_TEMPLATE_TYPE', "can't multiply sequence by non-int of type 'float'");
  }
  if (typeof a === 'string' && typeof b === 'number') return repeatChecked(a, b, (n) => a.repeat(n));
  if (typeof b === 'string' && typeof a === 'number') return repeatChecked(b, a, (n) => b.repeat(n));
  if (Array.isArray(a) && typeof b === 'number') {
    return repeatChecked(a, b, (n) => {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) for (const x of a) out.push(x);
      return out;
    });
  }
  return typeError('*', a, b);
}

function divisor(b: unknown): number {
  // A ZeroDivisionError, not a TypeError: Ansible reports it differently.
  if (Number(b) === 0) throw new FlotillaError('FLT_TEMPLATE_ZERO_DIVISION', 'division by zero');
  return Number(b);
}

/** `/` is always true division: a float even for `4 / 2`. */
export function pyDiv(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!isNumeric(a) || !isNumeric(b)) return typeError('/', a, b);
  return pyFloat(Number(a) / divisor(b));
}

export function pyFloorDiv(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!isNumeric(a) || !isNumeric(b)) return typeError('//', a, b);
  return numericResult(a, b, Math.floor(Number(a) / divisor(b)));
}

/** `**`: an int for int operands and a non-negative exponent, else a float. */
export function pyPow(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!isNumeric(a) || !isNumeric(b)) return typeError('** or pow()', a, b);
  const result = Number(a) ** Number(b);
  return isPyFloat(a) || isPyFloat(b) || Number(b) < 0 ? pyFloat(result) : result;
}

export function pyMod(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (typeof a === 'string') return percentFormat(a, b);
  if (!isNumeric(a) || !isNumeric(b)) return typeError('%', a, b);
  const d = divisor(b);
  const r = Number(a) % d;
  // Python's modulo takes the sign of the divisor.
  return numericResult(a, b, r !== 0 && r < 0 !== d < 0 ? r + d : r);
}

/**
 * printf-style `'%s-%d' % (a, b)`; tuples arrive as lists. With `strictCount` (the format
 * filter, whose arguments are always a tuple) too few or too many arguments fail as in Python.
 */
export function percentFormat(format: string, args: unknown, strictCount = false): string {
  // Only a tuple is several arguments: `'%s' % [1, 2]` formats the list itself.
  const list = Array.isArray(args) && (strictCount || args instanceof PyTuple) ? args : [args];
  const byName = isMapping(args);
  let i = 0;
  const out = format.replace(/%(\(([^)]+)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdirfFeExXo%])/g, (...m) => {
    const [, , key, flags, widthRaw, precision, conv] = m as string[];
    if (conv === '%') return '%';
    if (strictCount && key === undefined && i >= list.length) {
      throw new FlotillaError('FLT_TEMPLATE_TYPE', 'not enough arguments for format string');
    }
    const value = key !== undefined && byName ? args[key] : list[i++];
    if (value instanceof AnsibleUndefined && conv !== 'r') value.fail();
    if (conv !== 's' && conv !== 'r') checkNumeric(conv, value);
    let out: string;
    // Python: a precision is the least number of digits of an integer conversion.
    const digits = (n: string) =>
      precision === undefined
        ? n
        : n.startsWith('-')
          ? `-${n.slice(1).padStart(Number(precision), '0')}`
          : n.padStart(Number(precision), '0');
    switch (conv) {
      case 'd':
      case 'i':
        out = digits(String(Math.trunc(Number(value))));
        break;
      case 'f':
      case 'F':
        out = Number(value).toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'e':
      case 'E':
        // Python's exponent has at least two digits: 1.000000e+00.
        out = Number(value)
          .toExponential(precision === undefined ? 6 : Number(precision))
          .replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') out = out.toUpperCase();
        break;
      case 'x':
        out = digits(Math.trunc(Number(value)).toString(16));
        break;
      case 'X':
        out = digits(Math.trunc(Number(value)).toString(16).toUpperCase());
        break;
      case 'o':
        out = digits(Math.trunc(Number(value)).toString(8));
        break;
      case 'r':
        out = pyRepr(value);
        break;
      default:
        out = pyStr(value);
    }
    // A precision cuts %s and %r to that many characters.
    if ((conv === 's' || conv === 'r') && precision !== undefined)
      out = Array.from(out).slice(0, Number(precision)).join('');
    // '+' and ' ' flags sign non-negative numbers.
    if (conv !== 's' && conv !== 'r' && !out.startsWith('-')) {
      if (flags?.includes('+')) out = `+${out}`;
      else if (flags?.includes(' ')) out = ` ${out}`;
    }
    const width = widthRaw && widthRaw !== '*' ? Number(widthRaw) : 0;
    if (flags?.includes('-')) return out.padEnd(width);
    if (flags?.includes('0') && conv !== 's' && conv !== 'r') {
      // Python pads after the sign: '%05.1f' % -3.14 is '-03.1'.
      const sign = /^[-+ ]/.test(out) ? out[0] : '';
      return sign + out.slice(sign.length).padStart(width - sign.length, '0');
    }
    return out.padStart(width);
  });
  if (strictCount && !byName && i < list.length) {
    throw new FlotillaError('FLT_TEMPLATE_TYPE', 'not all arguments converted during string formatting');
  }
  return out;
}

/** Python's TypeError for a number conversion of something that is not a number. */
function checkNumeric(conv: string, value: unknown): void {
  const isInt =
    typeof value === 'boolean' || (typeof value === 'number' && !isPyFloat(value) && Number.isInteger(value));
  const isNumber = isInt || typeof value === 'number' || isPyFloat(value);
  if ('xXo'.includes(conv) && !isInt)
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `%${conv} format: an integer is required, not ${pyTypeName(value)}`,
    );
  if (!isNumber) {
    const text = 'di'.includes(conv) ? `%${conv} format: a real number is required` : 'must be real number';
    throw new FlotillaError('FLT_TEMPLATE_TYPE', `${text}, not ${pyTypeName(value)}`);
  }
}

const COMPARATORS: Record<string, (a: unknown, b: unknown) => boolean> = {
  '==': pyEquals,
  '===': pyEquals,
  '!=': (a, b) => !pyEquals(a, b),
  '!==': (a, b) => !pyEquals(a, b),
  '<': (a, b) => pyCompare(a, b) < 0,
  '>': (a, b) => pyCompare(a, b) > 0,
  '<=': (a, b) => pyCompare(a, b) <= 0,
  '>=': (a, b) => pyCompare(a, b) >= 0,
};

/** A Python comparison chain: `a < b < c` is `a < b and b < c`. */
export function pyCompareChain(first: unknown, ...rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < rest.length; i += 2) {
    const right = rest[i + 1];
    if (!COMPARATORS[rest[i] as string](left, right)) return false;
    left = right;
  }
  return true;
}
