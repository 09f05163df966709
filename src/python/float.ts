/**
 * Python keeps int and float apart (`4 / 2` is `2.0`), JS numbers do not. A JS number
 * that is not whole (1.5, NaN, inf) can only be a float; a whole-valued float is boxed
 * as a `Number` object (`new Number(2)`). Boxes survive structured clone (worker
 * results), JSON.stringify prints them as plain numbers, and `Number(x)` / `+x` unbox
 * them, so code that only needs the value keeps working; code that prints or types a
 * value asks `isPyFloat`.
 */

/** A whole-valued Python float such as `2.0`. */
// biome-ignore lint/complexity/noBannedTypes: the boxed Number is the representation
export type WholeFloat = Number;

/** The float `n`: boxed when whole, so it stays a float. */
export function pyFloat(n: number): number | WholeFloat {
  return Number.isInteger(n) ? new Number(n) : n;
}

export function isWholeFloat(value: unknown): value is WholeFloat {
  return value instanceof Number;
}

/** int, float (boxed or not); not bool. */
export function isPyNumber(value: unknown): value is number | WholeFloat {
  return typeof value === 'number' || value instanceof Number;
}

export function isPyFloat(value: unknown): boolean {
  return value instanceof Number || (typeof value === 'number' && !Number.isInteger(value));
}

export function isPyInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The result of arithmetic on a and b: a float if either operand is one (Python's coercion). */
export function numericResult(a: unknown, b: unknown, result: number): number | WholeFloat {
  return isPyFloat(a) || isPyFloat(b) ? pyFloat(result) : result;
}

/** Python's repr() of a float: shortest round-trip digits, `2.0`, `1e-05`, `1e+16`, `inf`. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
    // Python drops a lone `.0` in exponent form only when the mantissa is whole: 1e+16.
    const shown = m.endsWith('.0') ? m.slice(0, -2) : m;
    return `${shown}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const text = String(n);
  return Number.isInteger(n) ? `${text}.0` : text;
}

/** Python's str() of an int or float value. */
export function numberStr(value: number | WholeFloat): string {
  if (typeof value !== 'number') return floatRepr(value.valueOf());
  if (Number.isInteger(value)) {
    // Python ints never switch to exponent notation.
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  return floatRepr(value);
}
