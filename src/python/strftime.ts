/** Python's time.strftime (C locale) for the common directives. */
import { isNone } from './values.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** C strftime for the common directives; `second` is epoch seconds (default now). */
export function strftime(format: string, second?: unknown, utc = false): string {
  const date = new Date(isNone(second) ? Date.now() : Number(second) * 1000);
  const get = {
    Y: utc ? date.getUTCFullYear() : date.getFullYear(),
    m: (utc ? date.getUTCMonth() : date.getMonth()) + 1,
    d: utc ? date.getUTCDate() : date.getDate(),
    H: utc ? date.getUTCHours() : date.getHours(),
    M: utc ? date.getUTCMinutes() : date.getMinutes(),
    S: utc ? date.getUTCSeconds() : date.getSeconds(),
    w: utc ? date.getUTCDay() : date.getDay(),
  };
  const p2 = (n: number) => String(n).padStart(2, '0');
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y':
        return String(get.Y);
      case 'y':
        return p2(get.Y % 100);
      case 'm':
        return p2(get.m);
      case 'd':
        return p2(get.d);
      case 'H':
        return p2(get.H);
      case 'I':
        return p2(get.H % 12 || 12);
      case 'p':
        return get.H < 12 ? 'AM' : 'PM';
      case 'M':
        return p2(get.M);
      case 'S':
        return p2(get.S);
      case 's':
        return String(Math.floor(date.getTime() / 1000));
      case 'A':
        return DAYS[get.w];
      case 'a':
        return DAYS[get.w].slice(0, 3);
      case 'B':
        return MONTHS[get.m - 1];
      case 'b':
        return MONTHS[get.m - 1].slice(0, 3);
      case 'w':
        return String(get.w);
      case 'j': {
        const start = utc ? Date.UTC(get.Y, 0, 1) : new Date(get.Y, 0, 1).getTime();
        return String(Math.floor((date.getTime() - start) / 86400000) + 1).padStart(3, '0');
      }
      case 'F':
        return `${get.Y}-${p2(get.m)}-${p2(get.d)}`;
      case 'T':
        return `${p2(get.H)}:${p2(get.M)}:${p2(get.S)}`;
      case 'z': {
        const offset = utc ? 0 : -date.getTimezoneOffset();
        const abs = Math.abs(offset);
        return `${offset < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`;
      }
      case '%':
        return '%';
      default:
        return m;
    }
  });
}
