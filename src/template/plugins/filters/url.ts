/** urlsplit and urldecode: Python's urllib.parse.urlsplit / unquote_plus, as Ansible uses them. */
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import { isMapping, pyIterable, pyTypeName } from '../../../python/values.js';
import { def, type FilterDef, filterError } from '../../runtime/define.js';
import { pyValueError } from '../py-errors.js';

const SCHEME_CHARS = /^[A-Za-z0-9+\-.]*$/;

/** Python's partition(): the text before `sep`, whether it was found, the text after. */
function partition(s: string, sep: string, fromRight = false): [string, boolean, string] {
  const i = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) return fromRight ? ['', false, s] : [s, false, ''];
  return [s.slice(0, i), true, s.slice(i + sep.length)];
}

/** A ValueError from urllib (bad port, unbalanced brackets): Ansible does not catch it. */
const valueError = pyValueError;

export interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** urllib.parse.urlsplit's five fields (no port check: that happens when `port` is read). */
export function splitUrlParts(input: string): UrlParts {
  // WHATWG C0 controls and space are stripped from the front; tabs and newlines anywhere.
  let url = input.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let end = url.length;
    for (const c of '/?#') {
      const at = url.indexOf(c, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw valueError('Invalid IPv6 URL');
  }
  if (url.includes('#')) [url, , fragment] = partition(url, '#');
  if (url.includes('?')) [url, , query] = partition(url, '?');
  return { scheme, netloc, path: url, query, fragment };
}

/** urlsplit() and SplitResult's properties, keyed as Ansible's object_to_dict lists them (sorted). */
export function urlSplit(input: string): Record<string, unknown> {
  const { scheme, netloc, path, query, fragment } = splitUrlParts(input);

  const [userinfo, hasInfo, hostinfo] = partition(netloc, '@', true);
  let username: string | null = null;
  let password: string | null = null;
  if (hasInfo) {
    const [user, hasPassword, pass] = partition(userinfo, ':');
    username = user;
    password = hasPassword ? pass : null;
  }
  let host: string;
  let portText: string;
  const [, hasBracket, bracketed] = partition(hostinfo, '[');
  if (hasBracket) {
    const [h, , rest] = partition(bracketed, ']');
    host = h;
    portText = partition(rest, ':')[2];
  } else {
    [host, , portText] = partition(hostinfo, ':');
  }
  let hostname: string | null = null;
  if (host) {
    const [name, hasZone, zone] = partition(host, '%');
    hostname = name.toLowerCase() + (hasZone ? `%${zone}` : '');
  }
  let port: number | null = null;
  if (portText) {
    if (!/^[0-9]+$/.test(portText)) {
      throw valueError(`Port could not be cast to integer value as '${portText}'`);
    }
    port = Number.parseInt(portText, 10);
    if (port > 65535) throw valueError('Port out of range 0-65535');
  }
  return { fragment, hostname, netloc, password, path, port, query, scheme, username };
}

/** isinstance(value, abc.Iterable): strings, lists, dicts (an undefined fails when used). */
function pyIsIterable(value: unknown): boolean {
  if (value instanceof AnsibleUndefined) value.fail();
  return typeof value === 'string' || Array.isArray(value) || isMapping(value);
}

/** Python's unquote_plus: `+` is a space, %XX sequences are UTF-8 bytes, bad ones stay as text. */
export function unquotePlus(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    return bytes.toString('utf8');
  });
}

/**
 * Python's urllib.parse.quote_from_bytes on the UTF-8 bytes of `text`: only letters, digits,
 * `_.-~` and the `safe` characters stay as they are (JavaScript's encodeURIComponent also
 * keeps `!'()*`).
 */
export function pyQuote(text: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(c) || (byte < 128 && safe.includes(c))) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Jinja's url_quote: "/" kept for a path; a query string's part (for_qs) quotes it and uses "+". */
function urlQuote(value: unknown, forQs: boolean): string {
  const quoted = pyQuote(pyStr(value), forQs ? '' : '/');
  return forQs ? quoted.replace(/%20/g, '+') : quoted;
}

/** Python's `k, v = pair`, with its errors. */
function unpackPair(pair: unknown): [unknown, unknown] {
  if (!pyIsIterable(pair))
    throw new FlotillaError('FLT_TEMPLATE_TYPE', `cannot unpack non-iterable ${pyTypeName(pair)} object`);
  const items = pyIterable(pair);
  if (items.length < 2) throw pyValueError(`not enough values to unpack (expected 2, got ${items.length})`);
  if (items.length > 2) throw pyValueError('too many values to unpack (expected 2)');
  return [items[0], items[1]];
}

/** Jinja's do_urlencode: a string (or any non-iterable) quoted; a dict or pairs as a query string. */
function urlencode(value: unknown): string {
  if (typeof value === 'string' || !pyIsIterable(value)) return urlQuote(value, false);
  const pairs = isMapping(value) ? Object.entries(value) : pyIterable(value);
  return pairs
    .map((pair) => {
      const [k, v] = unpackPair(pair);
      return `${urlQuote(k, true)}=${urlQuote(v, true)}`;
    })
    .join('&');
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  urlsplit: def(['query'], (value, [query = '']) => {
    const parts = urlSplit(pyStr(value));
    if (!query) return parts;
    const key = pyStr(query);
    if (!Object.hasOwn(parts, key)) throw filterError('urlsplit', `unknown URL component: ${key}`);
    return parts[key];
  }),
  urldecode: def([], (value) => unquotePlus(pyStr(value))),
  urlencode: def([], urlencode),
};
