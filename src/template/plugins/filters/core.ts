/** Scalar and string filters: default, bool, int, float, string, case, trim, ternary, round... */

import { FlotillaError } from '../../../errors/index.js';
import { isPyFloat, pyFloat } from '../../../python/float.js';
import { pyStr } from '../../../python/repr.js';
import { strftime } from '../../../python/strftime.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import {
  codePointLength,
  isMapping,
  isNone,
  pyIterable,
  pyTruthy,
  pyTypeName,
} from '../../../python/values.js';
import { def, type FilterDef, filterError } from '../../runtime/define.js';
import { percentFormat } from '../../runtime/operators.js';
import { pySplit } from '../../runtime/python-methods.js';

const defaultFilter = def(
  ['default_value', 'boolean'],
  (value, [fallback = '', boolean = false]) => {
    if (value instanceof AnsibleUndefined) return fallback;
    if (boolean && !pyTruthy(value)) return fallback;
    return value;
  },
  { allowUndefined: true },
);

/** Short enough that parseInt is exact (no rounding past 2^53). */
const PLAIN_DECIMAL = /^[+-]?\d{1,15}$/;

/** Python int(): strings in a base, floats truncated, else the default. */
export function toInt(value: unknown, fallback: unknown = 0, base = 10): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number' || value instanceof Number) {
    const n = Number(value);
    return Number.isFinite(n) ? Math.trunc(n) : fallback;
  }
  if (typeof value === 'string') {
    // Fast path for plain decimal digits, the common case (`'3000' | int`).
    if (base === 10 && PLAIN_DECIMAL.test(value)) return Number.parseInt(value, 10);
    const s = value.trim().replace(/_/g, '').toLowerCase();
    const prefixes: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
    const m = /^([+-]?)(0[xob])?([0-9a-z]+)$/.exec(s);
    if (m) {
      const prefixBase = m[2] ? prefixes[m[2]] : undefined;
      const effective = base === 0 ? (prefixBase ?? 10) : base;
      if (!m[2] || prefixBase === effective) {
        const digits = m[3];
        const valid = [...digits].every((c) => {
          const d = Number.parseInt(c, 36);
          return d < effective;
        });
        if (valid) return Number(m[1] === '-' ? -1 : 1) * Number.parseInt(digits, effective);
      }
    }
    const f = toFloat(value, null);
    if (f !== null && Number.isFinite(Number(f))) return Math.trunc(Number(f));
  }
  return fallback;
}

/** Python float(); a whole result is boxed so that it stays a float (float.ts). */
export function toFloat(value: unknown, fallback: unknown = 0): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Number) {
    return pyFloat(Number(value));
  }
  if (typeof value === 'string') {
    const s = value.trim().replace(/_/g, '').toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(s)) return Number.NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return pyFloat(Number(s));
  }
  return fallback;
}

/** Ansible's bool filter: None stays None, yes/on/1/true are True, everything else False. */
export function toBool(value: unknown): boolean | null {
  if (isNone(value)) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return ['yes', 'on', '1', 'true'].includes(value.toLowerCase());
  return false;
}

export function pyLen(value: unknown): number {
  if (typeof value === 'string') return codePointLength(value);
  if (Array.isArray(value)) return value.length;
  if (isMapping(value)) return Object.keys(value).length;
  throw new FlotillaError('FLT_TEMPLATE_TYPE', `object of type '${pyTypeName(value)}' has no len()`);
}

function titleCase(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .filter((item) => item !== '')
    .map((item) => item.charAt(0).toUpperCase() + item.slice(1).toLowerCase())
    .join('');
}

/**
 * Python round(): correctly rounded from the float's exact decimal value (2.675 is
 * 2.67499999… so it rounds down), half to even only on exact ties (0.125 -> 0.12).
 */
export function pyRound(value: number, precision = 0): number {
  if (Number.isFinite(value) && precision >= 0 && precision <= 20) {
    const exact = Math.abs(value).toFixed(Math.min(100, precision + 60));
    const cut = exact.indexOf('.') + (precision === 0 ? 0 : precision + 1);
    const rest = exact.slice(cut).replace('.', '');
    const kept = Number(exact.slice(0, precision === 0 ? exact.indexOf('.') : cut));
    let rounded = kept;
    const lastDigit = Number(exact[(precision === 0 ? exact.indexOf('.') : cut) - 1]);
    if (rest > '5' && !/^50*$/.test(rest)) rounded = kept + 10 ** -precision;
    else if (/^50*$/.test(rest) && lastDigit % 2 === 1) rounded = kept + 10 ** -precision;
    return Math.sign(value) * Number(rounded.toFixed(precision)) || 0;
  }
  return legacyRound(value, precision);
}

function legacyRound(value: number, precision: number): number {
  const factor = 10 ** precision;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let rounded: number;
  if (Math.abs(diff - 0.5) < 1e-9) rounded = floor % 2 === 0 ? floor : floor + 1;
  else rounded = Math.round(scaled);
  return rounded / factor;
}

function indent(s: string, width: number | string = 4, first = false, blank = false): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(width);
  const lines = s.split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 && !first) return line;
      if (line === '' && !blank) return line;
      return pad + line;
    })
    .join('\n');
}

function center(s: string, width = 80): string {
  const total = width - s.length;
  if (total <= 0) return s;
  // CPython's str.center puts the extra space on the left when width is odd.
  const left = Math.floor(total / 2) + (total & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(total - left);
}

/** The comment filter's predefined styles (its comment_styles). */
const COMMENT_STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

const rstrip = (s: string) => s.replace(/\s+$/, '');

/**
 * core.py's comment(text, style, **kw): its defaults (prefix and postfix the decoration
 * without trailing space), then the style's, then the keywords given, composed as it does.
 */
function comment(text: string, style: string, kw: Record<string, unknown>): string {
  const styleParams = COMMENT_STYLES[style];
  if (!styleParams) throw filterError('comment', `unknown comment style '${style}'`);
  const prepostfix = pyStr(kw.decoration ?? styleParams.decoration);
  const p: Record<string, unknown> = {
    newline: '\n',
    beginning: '',
    prefix: rstrip(prepostfix),
    prefix_count: 1,
    decoration: '',
    postfix: rstrip(prepostfix),
    postfix_count: 1,
    end: '',
    ...styleParams,
    ...kw,
  };
  const [newline, decoration] = [pyStr(p.newline), pyStr(p.decoration)];
  const beginning = pyTruthy(p.beginning) ? `${pyStr(p.beginning)}${newline}` : '';
  const prefixCount = Math.max(0, Math.trunc(Number(p.prefix_count)));
  const prefix = pyTruthy(p.prefix)
    ? (pyStr(p.prefix) !== newline ? `${pyStr(p.prefix)}${newline}` : newline).repeat(prefixCount)
    : '';
  const body = `${decoration}${text.split(newline).join(`${newline}${decoration}`)}`
    .split(`${decoration}${newline}`)
    .join(`${rstrip(decoration)}${newline}`);
  const postfixCount = Math.max(0, Math.trunc(Number(p.postfix_count)));
  const postfix = ['', ...Array.from({ length: postfixCount }, () => pyStr(p.postfix))].join(newline);
  const end = pyTruthy(p.end) ? `${newline}${pyStr(p.end)}` : '';
  return `${beginning}${prefix}${body}${postfix}${end}`;
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory: def(
    ['msg'],
    (value, [msg]) => {
      if (value instanceof AnsibleUndefined) {
        // Ansible's text, two spaces included: "Mandatory variable 'x'  not defined."
        const name = value.variable === undefined ? '' : `'${value.variable}' `;
        throw new FlotillaError(
          'FLT_TEMPLATE_FILTER',
          isNone(msg) ? `Mandatory variable ${name} not defined.` : pyStr(msg),
        );
      }
      return value;
    },
    { allowUndefined: true },
  ),
  bool: def([], (value) => toBool(value)),
  int: def(['default', 'base'], (value, [fallback = 0, base = 10]) => toInt(value, fallback, base)),
  // Jinja's do_float(value, default=0.0): the fallback is a float.
  float: def(['default'], (value, [fallback = pyFloat(0)]) => toFloat(value, fallback)),
  string: def([], (value) => pyStr(value)),
  length: def([], (value) => pyLen(value)),
  count: def([], (value) => pyLen(value)),
  lower: def([], (value) => pyStr(value).toLowerCase()),
  upper: def([], (value) => pyStr(value).toUpperCase()),
  capitalize: def([], (value) => {
    const s = pyStr(value);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  }),
  title: def([], (value) => titleCase(pyStr(value))),
  trim: def(['chars'], (value, [chars]) => {
    const s = pyStr(value);
    if (isNone(chars)) return s.trim();
    let a = 0;
    let b = s.length;
    while (a < b && chars.includes(s[a])) a++;
    while (b > a && chars.includes(s[b - 1])) b--;
    return s.slice(a, b);
  }),
  replace: def(['old', 'new', 'count'], (value, [old, replacement, count]) => {
    // Same result as the split/join below without the array, when old is not empty and
    // the replacement has no `$` (which replaceAll would read as a pattern).
    const to = pyStr(replacement);
    if (isNone(count) && typeof old === 'string' && old !== '' && !to.includes('$')) {
      return pyStr(value).replaceAll(old, to);
    }
    const parts = pyStr(value).split(pyStr(old));
    if (isNone(count)) return parts.join(pyStr(replacement));
    const head = parts.slice(0, count + 1).join(pyStr(replacement));
    return parts.length > count + 1 ? head + pyStr(old) + parts.slice(count + 1).join(pyStr(old)) : head;
  }),
  split: def(['sep', 'maxsplit'], (value, [sep, maxsplit = -1]) => pySplit(pyStr(value), sep, maxsplit)),
  join: def(['d', 'attribute'], (value, [sep = '', attribute]) => {
    const items = pyIterable(value);
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i > 0) out += sep;
      out += pyStr(isNone(attribute) ? item : (item as Record<string, unknown>)[attribute]);
    }
    return out;
  }),
  ternary: def(['true_val', 'false_val', 'none_val'], (value, [yes, no, none = null]) => {
    if (isNone(value) && !isNone(none)) return none;
    return pyTruthy(value) ? yes : no;
  }),
  type_debug: def([], (value) => pyTypeName(value)),
  abs: def([], (value) => {
    if (typeof value !== 'number' && typeof value !== 'boolean' && !isPyFloat(value))
      throw new FlotillaError('FLT_TEMPLATE_TYPE', `bad operand type for abs(): '${pyTypeName(value)}'`);
    return isPyFloat(value) ? pyFloat(Math.abs(Number(value))) : Math.abs(Number(value));
  }),
  // Python's round() keeps an int an int; ceil and floor divide, so they give a float.
  round: def(['precision', 'method'], (value, [precision = 0, method = 'common']) => {
    // Jinja's do_round: round(value, precision) for common, math.ceil/floor otherwise.
    if (typeof value !== 'number' && typeof value !== 'boolean' && !isPyFloat(value))
      throw new FlotillaError(
        'FLT_TEMPLATE_TYPE',
        method === 'common'
          ? `type ${pyTypeName(value)} doesn't define __round__ method`
          : `must be real number, not ${pyTypeName(value)}`,
      );
    const n = Number(value);
    const factor = 10 ** precision;
    if (method === 'ceil') return pyFloat(Math.ceil(n * factor) / factor);
    if (method === 'floor') return pyFloat(Math.floor(n * factor) / factor);
    if (method !== 'common') throw filterError('round', 'method must be common, ceil or floor');
    return isPyFloat(value) ? pyFloat(pyRound(n, precision)) : pyRound(n, precision);
  }),
  center: def(['width'], (value, [width = 80]) => center(pyStr(value), width)),
  indent: def(['width', 'first', 'blank'], (value, [width = 4, first = false, blank = false]) =>
    indent(pyStr(value), width, first, blank),
  ),
  // Python's \w is Unicode: letters and digits of any script, and '_'.
  wordcount: def([], (value) => (pyStr(value).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  truncate: def(
    ['length', 'killwords', 'end', 'leeway'],
    (value, [length = 255, killwords = false, end = '...', leeway = 5]) => {
      const s = pyStr(value);
      if (s.length <= length + leeway) return s;
      if (killwords) return s.slice(0, length - end.length) + end;
      const cut = s.slice(0, length - end.length);
      return cut.replace(/\s*\S*$/, '') + end;
    },
  ),
  comment: def(['style'], (value, [style = 'plain'], kwargs) => comment(pyStr(value), pyStr(style), kwargs), {
    extraKeywords: true,
  }),
  filesizeformat: def(['binary'], (value, [binary = false]) => {
    const bytes = Number(value);
    const base = binary ? 1024 : 1000;
    const units = binary
      ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
      : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${bytes} Bytes`;
    let i = 0;
    while (i < units.length - 1 && bytes >= base ** (i + 2)) i++;
    return `${(bytes / base ** (i + 1)).toFixed(1)} ${units[i]}`;
  }),
  // Jinja's format: `'%s-%d' | format(a, b)` or `'%(x)s' | format(x=1)`, Python's % on a tuple.
  format: def(
    ['*'],
    (value, args, kwargs) => {
      const named = Object.keys(kwargs).length > 0;
      if (named && args.length > 0) {
        throw filterError('format', "can't handle positional and keyword arguments at the same time");
      }
      return percentFormat(pyStr(value), named ? kwargs : args, true);
    },
    // An undefined argument fails only where Python's % uses it as str or number: %r shows it.
    { extraKeywords: true, allowUndefined: true },
  ),
  strftime: def(['second', 'utc'], (value, [second, utc = false]) => strftime(pyStr(value), second, utc)),
};
