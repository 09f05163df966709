/**
 * Normalises keyword values the way Ansible's field attributes do (`when` to a list,
 * `tags: "a,b"` to ["a", "b"], `notify` to a list of names), reporting wrong types.
 */

import { appendAll } from '../collections/append-all.js';
import { isPythonIdentifier } from '../text/python-identifier.js';
import { loadModuleDefaults } from './module-defaults.js';
import { typeName } from './yaml-values.js';

/** A type problem found in a keyword value: what is wrong and how to fix it. */
export interface ValueProblem {
  message: string;
  hint: string;
}

export type Normalised = { value: unknown } | { problem: ValueProblem };

const CONDITION_KEYS = new Set(['when', 'changed_when', 'failed_when']);
const NAME_LIST_KEYS = new Set(['notify', 'listen']);
const MAPPING_KEYS = new Set(['vars', 'loop_control', 'environment']);
const STRING_KEYS = new Set(['register', 'name']);

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalarValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `tags` as Ansible reads it: "a, b" -> ["a", "b"]; numbers become strings. */
export function normaliseTags(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.split(',').map((t) => t.trim());
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (Array.isArray(item)) appendAll(out, item.map(String));
      else if (isScalarValue(item)) out.push(String(item));
      else return undefined;
    }
    return out;
  }
  return undefined;
}

function conditions(key: string, value: unknown): Normalised {
  const list = Array.isArray(value) ? value : [value];
  if (list.every((c) => isScalarValue(c) || c === null)) return { value: list };
  return {
    problem: {
      message: `"${key}" must be a condition (a string or boolean) or a list of them, got ${typeName(isMapping(value) ? value : list.find((c) => !isScalarValue(c)))}`,
      hint: `Write the condition as a bare Jinja2 expression, e.g. ${key}: ansible_facts['os_family'] == 'Debian'`,
    },
  };
}

/** Base._load_vars: every name under `vars:` must be an identifier ("Invalid variable name in vars …"). */
export function invalidVarsName(vars: Record<string, unknown>): ValueProblem | undefined {
  const bad = Object.keys(vars).find((k) => !isPythonIdentifier(k));
  if (bad === undefined) return undefined;
  return {
    message: `Invalid variable name in vars specified: '${bad}' is not a valid variable name`,
    hint: 'A variable name starts with a letter or underscore and holds only letters, digits and underscores.',
  };
}

/** The normalised value of task/block keyword `key`, or the problem with it. */
export function normaliseKeyword(key: string, value: unknown): Normalised {
  if (CONDITION_KEYS.has(key)) return conditions(key, value);
  if (key === 'tags') {
    const tags = normaliseTags(value);
    if (tags) return { value: tags };
    return {
      problem: {
        message: `"tags" must be a string or a list of strings, got ${typeName(value)}`,
        hint: 'Write tags as a list (tags: [web, db]) or a comma-separated string (tags: web,db).',
      },
    };
  }
  if (NAME_LIST_KEYS.has(key)) {
    const list = Array.isArray(value) ? value : [value];
    if (list.every((n) => isScalarValue(n))) return { value: list.map(String) };
    return {
      problem: {
        message: `"${key}" must be a handler name or a list of handler names, got ${typeName(value)}`,
        hint: `Write it as ${key}: restart nginx, or a list of names.`,
      },
    };
  }
  if (key === 'module_defaults') {
    const loaded = loadModuleDefaults(value);
    if ('value' in loaded) return { value: loaded.value };
    return {
      problem: {
        message: loaded.problem,
        hint: 'module_defaults maps module, action or group/<name> names to their default arguments.',
      },
    };
  }
  if (MAPPING_KEYS.has(key)) {
    if (value === null) return { value: {} };
    if (key === 'vars' && isMapping(value)) {
      const bad = invalidVarsName(value);
      if (bad !== undefined) return { problem: bad };
    }
    if (isMapping(value) || (key === 'environment' && typeof value === 'string')) return { value };
    return {
      problem: {
        message: `"${key}" must be a mapping, got ${typeName(value)}`,
        hint: `Write "${key}" as key: value pairs, indented under "${key}:".`,
      },
    };
  }
  if (STRING_KEYS.has(key)) {
    if (typeof value === 'string' || (key === 'name' && isScalarValue(value)))
      return { value: String(value) };
    return {
      problem: {
        message: `"${key}" must be a string, got ${typeName(value)}`,
        hint: key === 'register' ? 'Give a variable name, e.g. register: result' : 'Quote the name.',
      },
    };
  }
  return { value };
}
