/**
 * Jinja2 3.1's remaining builtin filters: attr, escape/e, forceescape, safe, striptags,
 * wordwrap, xmlattr, tojson, pprint. Ansible renders with autoescape off, so Markup
 * prints as its text: escape returns the escaped text as a plain string.
 */

import { pyRepr, pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import { isMapping, isNone, pyTruthy, pyTypeName } from '../../../python/values.js';
import { def, type FilterDef } from '../../runtime/define.js';
import { pythonMethod } from '../../runtime/python-methods.js';
import { pyException, pyValueError } from '../py-errors.js';
import { pyJsonDumps } from './encoding.js';
import { pformat } from './pprint.js';
import { splitLines, wrap } from './textwrap.js';

/** markupsafe.escape. */
export function htmlEscape(value: unknown): string {
  return pyStr(value)
    .replace(/&/g, '&amp;')
    .replace(/>/g, '&gt;')
    .replace(/</g, '&lt;')
    .replace(/'/g, '&#39;')
    .replace(/"/g, '&#34;');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  laquo: '\u00ab',
  raquo: '\u00bb',
  euro: '\u20ac',
};

/** html.unescape for numeric references and the common named ones. */
function htmlUnescape(s: string): string {
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return Object.hasOwn(NAMED_ENTITIES, ref) ? NAMED_ENTITIES[ref] : m;
  });
}

/** markupsafe 2.x/3.0 Markup.striptags: comments, then tags, whitespace collapsed, unescaped. */
export function stripTags(text: string): string {
  let value = text;
  for (;;) {
    const start = value.indexOf('<!--');
    if (start < 0) break;
    const end = value.indexOf('-->', start);
    if (end < 0) break;
    value = value.slice(0, start) + value.slice(end + 3);
  }
  for (;;) {
    const start = value.indexOf('<');
    if (start < 0) break;
    const end = value.indexOf('>', start);
    if (end < 0) break;
    value = value.slice(0, start) + value.slice(end + 1);
  }
  return htmlUnescape(value.split(/\s+/).filter(Boolean).join(' '));
}

/** Jinja's xmlattr: `{'class': 'x', 'id': none}` -> ` class="x"`. */
function xmlattr(dict: unknown, autospace: unknown): string {
  if (!isMapping(dict)) {
    throw pyException('AttributeError', `'${pyTypeName(dict)}' object has no attribute 'items'`);
  }
  const items: string[] = [];
  for (const [key, value] of Object.entries(dict)) {
    if (isNone(value) || value instanceof AnsibleUndefined) continue;
    if (/[\s/>=]/.test(key)) {
      throw pyValueError(`Invalid character in attribute name: ${pyRepr(key)}`);
    }
    items.push(`${htmlEscape(key)}="${htmlEscape(value)}"`);
  }
  const text = items.join(' ');
  return pyTruthy(autospace) && text ? ` ${text}` : text;
}

/** `obj | attr(name)`: an attribute only, never an item (dict keys are not attributes). */
function attr(obj: unknown, name: unknown): unknown {
  const key = pyStr(name);
  if (typeof obj === 'string' || Array.isArray(obj) || isMapping(obj)) {
    const method = pythonMethod(obj, key);
    if (method) return method;
  } else if (obj !== null && typeof obj === 'object' && key in obj) {
    const value = (obj as Record<string, unknown>)[key];
    return typeof value === 'function' ? value.bind(obj) : value;
  }
  const type = isNone(obj)
    ? 'None'
    : isMapping(obj)
      ? 'dict object'
      : `${Array.isArray(obj) ? 'list' : 'str'} object`;
  return new AnsibleUndefined(`'${type}' has no attribute '${key}'`);
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  attr: def(['name'], (value, [name]) => attr(value, name)),
  escape: def([], (value) => htmlEscape(value)),
  e: def([], (value) => htmlEscape(value)),
  forceescape: def([], (value) => htmlEscape(value)),
  safe: def([], (value) => pyStr(value)),
  striptags: def([], (value) => stripTags(pyStr(value))),
  wordwrap: def(
    ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'],
    (value, [width = 79, breakLongWords = true, wrapstring = null, breakOnHyphens = true]) => {
      const sep = isNone(wrapstring) ? '\n' : pyStr(wrapstring);
      const options = {
        width: Number(width),
        breakLongWords: pyTruthy(breakLongWords),
        breakOnHyphens: pyTruthy(breakOnHyphens),
      };
      return splitLines(pyStr(value))
        .map((line) => wrap(line, options).join(sep))
        .join(sep);
    },
  ),
  xmlattr: def(['autospace'], (value, [autospace = true]) => xmlattr(value, autospace)),
  tojson: def(['indent'], (value, [indent = null]) =>
    pyJsonDumps(value, { sortKeys: true, indent: isNone(indent) ? undefined : Number(indent) })
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/'/g, '\\u0027'),
  ),
  pprint: def([], (value) => pformat(value)),
};
