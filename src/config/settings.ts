/**
 * Ansible's ConfigManager, for the config lookup and the CLI's option defaults: a setting's
 * value from its definition (ansible-settings.ts, generated from the installed ansible-core)
 * and, in precedence order, its default, its environment variables and, for plugin options,
 * the variables that set them. ansible.cfg reaches it as the environment variables
 * ansible-cfg.ts sets. Values are typed as ensure_type does.
 */

import path from 'node:path';
import { boolean } from '../python/boolean.js';
import { expandUserVars } from '../python/expand-path.js';
import { pyStr } from '../python/repr.js';
import { isMapping } from '../python/values.js';

export interface SettingDef {
  default: unknown;
  type?: string | null;
  env?: string[];
  /** ansible.cfg's `[section] key` entries, the last found winning (src/config/ansible-cfg.ts). */
  ini?: [string, string][];
  vars?: string[];
  choices?: unknown[];
}

export interface SettingTable {
  settings: Record<string, SettingDef>;
  /** `<plugin type>.<plugin name>` -> option -> definition. */
  plugins: Record<string, Record<string, SettingDef>>;
}

export class InvalidSettingType extends Error {}

/** A default such as `{{ ANSIBLE_HOME ~ "/tmp" }}`: another setting's value and a literal. */
const TEMPLATED_DEFAULT = /^\{\{\s*(\w+)\s*~\s*"([^"]*)"\s*\}\}$/;

/** os.path.expanduser(os.path.expandvars()), and abspath: Ansible's resolve_path (basedir: the cwd). */
function resolvePath(value: unknown): string {
  return path.resolve(expandUserVars(pyStr(value)));
}

/** Python's unquote: one pair of matching outer quotes removed. */
function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

/** ConfigManager's ensure_type. */
export function ensureType(value: unknown, type: string | null | undefined): unknown {
  const invalid = (what: string) =>
    new InvalidSettingType(`Invalid type provided for "${what}": ${pyStr(value)}`);
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
    case 'bool':
      return boolean(value, false);
    case 'integer':
    case 'int': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (!/^\s*[+-]?\d+\s*$/.test(pyStr(value))) throw invalid('integer');
      return Number.parseInt(pyStr(value), 10);
    }
    case 'float': {
      const n = Number(value);
      if (Number.isNaN(n)) throw invalid('float');
      return n;
    }
    case 'list':
      if (typeof value === 'string') return value.split(',').map((x) => x.trim());
      return Array.isArray(value) ? value : [value];
    case 'none':
      return value === 'None' ? null : value;
    case 'path':
      return resolvePath(value);
    case 'pathspec':
      return (typeof value === 'string' ? value.split(':') : (value as unknown[])).map(resolvePath);
    case 'pathlist':
      return (typeof value === 'string' ? value.split(',').map((x) => x.trim()) : (value as unknown[])).map(
        resolvePath,
      );
    case 'dict':
    case 'dictionary':
      if (!isMapping(value)) throw invalid('dictionary');
      return value;
    case 'str':
    case 'string':
      if (typeof value === 'object') throw invalid('string');
      return unquote(pyStr(value));
    default:
      return typeof value === 'string' ? unquote(value) : value;
  }
}

/**
 * A setting's value: the last of its environment variables that is set, else (plugin
 * options) the last of its variables that is defined, above its default.
 */
export function settingValue(
  def: SettingDef,
  table: Record<string, SettingDef>,
  variable: (name: string) => { found: boolean; value?: unknown },
): unknown {
  let value = def.default;
  let fromDefault = true;
  for (const name of def.env ?? [])
    if (process.env[name] !== undefined) {
      value = process.env[name];
      fromDefault = false;
    }
  for (const name of def.vars ?? []) {
    const v = variable(name);
    if (v.found) {
      value = v.value;
      fromDefault = false;
    }
  }
  if (fromDefault && typeof value === 'string') {
    const templated = TEMPLATED_DEFAULT.exec(value);
    const base = templated && Object.hasOwn(table, templated[1]) ? table[templated[1]] : undefined;
    if (templated && base) value = pyStr(settingValue(base, table, variable)) + templated[2];
  }
  return ensureType(value, def.type);
}
