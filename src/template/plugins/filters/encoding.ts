/** Serialisation filters: JSON as Python's json.dumps writes it, YAML, base64, shell quoting. */
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { FlotillaError } from '../../../errors/index.js';
import { numberStr } from '../../../python/float.js';
import { pyJsonLoads } from '../../../python/json-loads.js';
import { pyStr } from '../../../python/repr.js';
import { settleUnsafe } from '../../../python/unsafe.js';
import { isMapping, pyTypeName } from '../../../python/values.js';
import { PYYAML_OPTIONS, withoutBom } from '../../../yaml/pyyaml.js';
import { dumpYaml } from '../../../yaml/yaml-style.js';
import { def, type FilterDef, filterError } from '../../runtime/define.js';

export interface JsonStyle {
  indent?: number;
  sortKeys?: boolean;
  ensureAscii?: boolean;
}

/** Characters json.dumps escapes (with ensure_ascii); strings without them are quoted as they are. */
const NEEDS_ESCAPE = /["\\]|[^\x20-\x7e]/;

function jsonString(s: string, ensureAscii: boolean): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  const out = JSON.stringify(s);
  if (!ensureAscii) return out;
  return out.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function jsonContainer(items: string[], l: string, r: string, indent: number | undefined, depth: number) {
  if (items.length === 0) return l + r;
  if (indent === undefined) return l + items.join(', ') + r;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${l}\n${pad}${items.join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${r}`;
}

/** json.dumps: `", "` and `": "` separators, or indent with `","` line ends. */
export function pyJsonDumps(value: unknown, style: JsonStyle = {}, depth = 0): string {
  const ensureAscii = style.ensureAscii ?? true;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof Number) {
    const n = Number(value);
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    // json.dumps writes floats with repr(): 2.0, 1e-05.
    return numberStr(value);
  }
  if (typeof value === 'string') return jsonString(value, ensureAscii);
  if (Array.isArray(value)) {
    const items: string[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = pyJsonDumps(value[i], style, depth + 1);
    return jsonContainer(items, '[', ']', style.indent, depth);
  }
  if (isMapping(value)) {
    const keys = style.sortKeys ? Object.keys(value).sort() : Object.keys(value);
    const items: string[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      items[i] = `${jsonString(k, ensureAscii)}: ${pyJsonDumps(value[k], style, depth + 1)}`;
    }
    return jsonContainer(items, '{', '}', style.indent, depth);
  }
  return jsonString(pyStr(value), ensureAscii);
}

/** Python shlex.quote. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  to_json: def(
    ['indent', 'sort_keys', 'ensure_ascii'],
    (value, [indent, sortKeys = false, ensureAscii = true]) =>
      pyJsonDumps(value, { indent: indent ?? undefined, sortKeys, ensureAscii }),
  ),
  to_nice_json: def(
    ['indent', 'sort_keys', 'ensure_ascii'],
    (value, [indent = 4, sortKeys = true, ensureAscii = true]) =>
      pyJsonDumps(value, { indent, sortKeys, ensureAscii }),
  ),
  from_json: def([], (value) => {
    if (typeof value !== 'string')
      throw new FlotillaError(
        'FLT_TEMPLATE_TYPE',
        `the JSON object must be str, bytes or bytearray, not ${pyTypeName(value)}`,
      );
    try {
      return pyJsonLoads(pyStr(value));
    } catch (err) {
      throw filterError('from_json', (err as Error).message);
    }
  }),
  to_yaml: def(['indent', 'default_flow_style', 'width'], (value, [indent = 2, flow = null, width = 80]) =>
    dumpYaml(value, { indent, width, flowStyle: flow }),
  ),
  to_nice_yaml: def(['indent', 'width'], (value, [indent = 4, width = 80]) =>
    dumpYaml(value, { indent, width, flowStyle: false }),
  ),
  from_yaml: def([], (value) => {
    if (typeof value !== 'string') return value;
    try {
      return settleUnsafe(parseYaml(withoutBom(value), PYYAML_OPTIONS)) ?? null;
    } catch (err) {
      throw filterError('from_yaml', (err as Error).message);
    }
  }),
  from_yaml_all: def([], (value) =>
    parseAllDocuments(withoutBom(pyStr(value)), PYYAML_OPTIONS).map((doc) => {
      if ('errors' in doc && doc.errors.length) throw filterError('from_yaml_all', doc.errors[0].message);
      return settleUnsafe(doc.toJS()) ?? null;
    }),
  ),
  b64encode: def(['encoding'], (value, [encoding = 'utf-8']) =>
    Buffer.from(pyStr(value), encoding === 'utf-16-le' ? 'utf16le' : 'utf8').toString('base64'),
  ),
  b64decode: def(['encoding'], (value, [encoding = 'utf-8']) => {
    const s = pyStr(value).replace(/\s/g, '');
    if (s.replace(/=+$/, '').length % 4 === 1 || /[^A-Za-z0-9+/=]/.test(s)) {
      throw filterError('b64decode', 'Invalid base64-encoded string');
    }
    return Buffer.from(s, 'base64').toString(encoding === 'utf-16-le' ? 'utf16le' : 'utf8');
  }),
  quote: def([], (value) => shellQuote(value === null || value === undefined ? '' : pyStr(value))),
};
