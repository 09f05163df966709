/** urlsplit and urldecode: Python's urllib.parse.urlsplit / unquote_plus, as Ansible uses them. */
import { pyStr } from '../python.js';
import { def, type FilterDef, filterError } from './define.js';
import { pyValueError } from './py-errors.js';

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

/** Python's unquote_plus: `+` is a space, %XX sequences are UTF-8 bytes, bad ones stay as text. */
export function unquotePlus(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    return bytes.toString('utf8');
  });
}

export const urlFilters: Record<string, FilterDef> = {
  urlsplit: def(['query'], (value, [query = '']) => {
    const parts = urlSplit(pyStr(value));
    if (!query) return parts;
    const key = pyStr(query);
    if (!Object.hasOwn(parts, key)) throw filterError('urlsplit', `unknown URL component: ${key}`);
    return parts[key];
  }),
  urldecode: def([], (value) => unquotePlus(pyStr(value))),
};
