/**
 * to_datetime: Python's datetime.strptime, giving a small datetime object with the
 * attributes and methods templates use (year..microsecond, strftime, timestamp,
 * weekday, isoformat) and subtraction to a timedelta (days, seconds, total_seconds()).
 */
import { FlotillaError } from '../../../errors/index.js';
import { pyFloat, type WholeFloat } from '../../../python/float.js';
import { pyStr } from '../../../python/repr.js';
import { strftime } from '../../../python/strftime.js';
import { pyTypeName } from '../../../python/values.js';
import { def, type FilterDef } from '../../runtime/define.js';
import { pyValueError } from '../py-errors.js';

const p2 = (n: number) => String(n).padStart(2, '0');

const valueError = pyValueError;

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** Python's timedelta, normalised as Python does: 0 <= seconds < 86400, days may be negative. */
export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  constructor(totalMicroseconds: number) {
    const perDay = 86_400_000_000;
    this.days = Math.floor(totalMicroseconds / perDay);
    let rest = totalMicroseconds - this.days * perDay;
    this.seconds = Math.floor(rest / 1_000_000);
    rest -= this.seconds * 1_000_000;
    this.microseconds = Math.round(rest);
  }

  /** For type_debug and repr(), once the engine asks objects (see the report). */
  get pyTypeName(): string {
    return 'timedelta';
  }

  pyRepr(): string {
    const parts: string[] = [];
    if (this.days) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.microseconds) parts.push(`microseconds=${this.microseconds}`);
    return `datetime.timedelta(${parts.join(', ') || '0'})`;
  }

  /** Total microseconds: for ordering. */
  orderKey(): number {
    return (this.days * 86_400 + this.seconds) * 1_000_000 + this.microseconds;
  }

  total_seconds(): number | WholeFloat {
    return pyFloat(this.days * 86_400 + this.seconds + this.microseconds / 1e6);
  }

  /** "1 day, 2:03:04.000005", as Python's str(). */
  toString(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    let text = `${h}:${p2(m)}:${p2(s)}`;
    if (this.microseconds) text += `.${String(this.microseconds).padStart(6, '0')}`;
    if (this.days) text = `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${text}`;
    return text;
  }
}

/** A naive (or fixed-offset) Python datetime. */
export class PyDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    /** Minutes east of UTC from %z; null when naive. */
    readonly offsetMinutes: number | null = null,
  ) {}

  /** Milliseconds of the wall-clock fields read as UTC (no offset applied). */
  private wallMs(): number {
    const d = new Date(0);
    d.setUTCFullYear(this.year, this.month - 1, this.day);
    d.setUTCHours(this.hour, this.minute, this.second);
    return d.getTime();
  }

  /** The instant in epoch ms: naive datetimes are local time, as Python's timestamp(). */
  private epochMs(): number {
    if (this.offsetMinutes !== null) return this.wallMs() - this.offsetMinutes * 60_000;
    const local = new Date(0);
    local.setFullYear(this.year, this.month - 1, this.day);
    local.setHours(this.hour, this.minute, this.second, 0);
    return local.getTime();
  }

  get pyTypeName(): string {
    return 'datetime';
  }

  /** datetime.datetime(2020, 1, 2, 3, 4, 5): trailing zero seconds and microseconds left out. */
  pyRepr(): string {
    const fields = [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond];
    let n = fields.length;
    while (n > 5 && fields[n - 1] === 0) n--;
    let text = `datetime.datetime(${fields.slice(0, n).join(', ')}`;
    if (this.offsetMinutes !== null) {
      const delta = new PyTimedelta(this.offsetMinutes * 60_000_000).pyRepr();
      text += `, tzinfo=${this.offsetMinutes === 0 ? 'datetime.timezone.utc' : `datetime.timezone(${delta})`}`;
    }
    return `${text})`;
  }

  /** Microseconds since the epoch of the wall clock (naive) or of the instant (aware): for ordering. */
  orderKey(): number {
    const wall = this.wallMs() - (this.offsetMinutes ?? 0) * 60_000;
    return wall * 1000 + this.microsecond;
  }

  timestamp(): number | WholeFloat {
    return pyFloat(this.epochMs() / 1000 + this.microsecond / 1e6);
  }

  /** Monday is 0. */
  weekday(): number {
    return (new Date(this.wallMs()).getUTCDay() + 6) % 7;
  }

  isoweekday(): number {
    return this.weekday() + 1;
  }

  strftime(format: unknown): string {
    const text = pyStr(format).replace(/%f/g, String(this.microsecond).padStart(6, '0'));
    return strftime(text, this.wallMs() / 1000, true);
  }

  isoformat(sep: unknown = 'T'): string {
    let text = `${String(this.year).padStart(4, '0')}-${p2(this.month)}-${p2(this.day)}${pyStr(sep)}`;
    text += `${p2(this.hour)}:${p2(this.minute)}:${p2(this.second)}`;
    if (this.microsecond) text += `.${String(this.microsecond).padStart(6, '0')}`;
    if (this.offsetMinutes !== null) {
      const abs = Math.abs(this.offsetMinutes);
      text += `${this.offsetMinutes < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
    }
    return text;
  }

  toString(): string {
    return this.isoformat(' ');
  }

  /** `a - b` (datetime - datetime), for an operator that asks. */
  __sub__(other: unknown): PyTimedelta | undefined {
    if (!(other instanceof PyDateTime)) return undefined;
    if ((this.offsetMinutes === null) !== (other.offsetMinutes === null)) {
      throw new FlotillaError('FLT_TEMPLATE_TYPE', "can't subtract offset-naive and offset-aware datetimes");
    }
    const instant = (d: PyDateTime) =>
      (d.offsetMinutes === null ? d.wallMs() : d.wallMs() - d.offsetMinutes * 60_000) * 1000 + d.microsecond;
    return new PyTimedelta(instant(this) - instant(other));
  }
}

/** Python's datetime.now() / utcnow(), which Ansible's `now()` global returns. */
export function nowDateTime(utc = false, at = new Date()): PyDateTime {
  const get = utc
    ? [
        at.getUTCFullYear(),
        at.getUTCMonth() + 1,
        at.getUTCDate(),
        at.getUTCHours(),
        at.getUTCMinutes(),
        at.getUTCSeconds(),
      ]
    : [at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()];
  const [year, month, day, hour, minute, second] = get;
  return new PyDateTime(year, month, day, hour, minute, second, at.getMilliseconds() * 1000);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The regex of each strptime directive (CPython's _strptime.TimeRE, C locale). */
const DIRECTIVES: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '([0-9]{1,6})',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  w: '([0-6])',
  u: '([1-7])',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  z: '([+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)',
  A: `(${DAYS.join('|')})`,
  a: `(${DAYS.map((d) => d.slice(0, 3)).join('|')})`,
  B: `(${MONTHS.join('|')})`,
  b: `(${MONTHS.map((m) => m.slice(0, 3)).join('|')})`,
  p: '(am|pm)',
  Z: '(utc|gmt)',
};

/** datetime.strptime(text, format) for the directives above. */
export function strptime(text: string, format: string): PyDateTime {
  const order: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '%' && i + 1 < format.length) {
      let d = format[++i];
      if (d === 'h') d = 'b';
      if (d === '%') source += '%';
      else if (DIRECTIVES[d]) {
        source += DIRECTIVES[d];
        order.push(d);
      } else throw valueError(`'${d}' is a bad directive in format '${format}'`);
    } else if (c === '%') {
      throw valueError(`stray % in format '${format}'`);
    } else if (/\s/.test(c)) {
      while (i + 1 < format.length && /\s/.test(format[i + 1])) i++;
      source += '\\s+';
    } else source += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  const m = new RegExp(`^${source}`, 'i').exec(text);
  if (!m) throw valueError(`time data '${text}' does not match format '${format}'`);
  if (m[0].length !== text.length) throw valueError(`unconverted data remains: ${text.slice(m[0].length)}`);
  const got: Record<string, string> = {};
  order.forEach((d, i) => {
    got[d] = m[i + 1];
  });
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  let offset: number | null = null;
  if (got.y !== undefined) {
    const y = Number(got.y);
    year = y <= 68 ? 2000 + y : 1900 + y;
  }
  if (got.Y !== undefined) year = Number(got.Y);
  if (got.m !== undefined) month = Number(got.m);
  if (got.B !== undefined) month = MONTHS.indexOf(got.B.toLowerCase()) + 1;
  if (got.b !== undefined) month = MONTHS.findIndex((n) => n.startsWith(got.b.toLowerCase())) + 1;
  if (got.d !== undefined) day = Number(got.d);
  if (got.H !== undefined) hour = Number(got.H);
  if (got.I !== undefined) {
    hour = Number(got.I) % 12;
    if (got.p?.toLowerCase() === 'pm') hour += 12;
  }
  if (got.z !== undefined && got.z.toUpperCase() !== 'Z') {
    const z = got.z.replace(/:/g, '');
    offset = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  } else if (got.z !== undefined) offset = 0;
  if (got.j !== undefined && got.m === undefined && got.d === undefined) {
    const date = new Date(0);
    date.setUTCFullYear(year, 0, Number(got.j));
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  if (day > daysInMonth(year, month)) throw valueError('day is out of range for month');
  const micro = got.f === undefined ? 0 : Number(got.f.padEnd(6, '0'));
  return new PyDateTime(year, month, day, hour, Number(got.M ?? 0), Number(got.S ?? 0), micro, offset);
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  to_datetime: def(['format'], (value, [format = '%Y-%m-%d %H:%M:%S']) => {
    if (typeof value !== 'string' || typeof format !== 'string') {
      const which = typeof value !== 'string' ? 1 : 2;
      const bad = which === 1 ? value : format;
      throw new FlotillaError(
        'FLT_TEMPLATE_TYPE',
        `strptime() argument ${which} must be str, not ${pyTypeName(bad)}`,
      );
    }
    return strptime(value, format);
  }),
};
