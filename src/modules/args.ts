/**
 * Argument specs and their validator, with Ansible's wording so messages read the same:
 * "Unsupported parameters for (copy) module: destt. Supported parameters include: ...".
 */
import { closestMatch, FlotillaError } from '../errors/index.js';
import { boolean } from '../python/boolean.js';
import { checkTypeDict } from '../python/check-type-dict.js';
import { numberStr } from '../python/float.js';
import { resultStr } from '../python/repr.js';
import { ANSIBLE_PARAMS } from './ansible-params.js';

export type ArgType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'path' | 'raw';

export interface ArgOption {
  type?: ArgType;
  required?: boolean;
  default?: unknown;
  choices?: readonly unknown[];
  aliases?: readonly string[];
  /** Element type for lists. */
  elements?: ArgType;
}

export interface ArgSpec {
  options: Record<string, ArgOption>;
  mutuallyExclusive?: readonly (readonly string[])[];
  requiredOneOf?: readonly (readonly string[])[];
  requiredTogether?: readonly (readonly string[])[];
  /** [param, value, required params]: when param === value, all of them are required. */
  requiredIf?: readonly (readonly [string, unknown, readonly string[]])[];
  /** param -> the params it needs when set (required_by): checked in its key order, after required_if. */
  requiredBy?: Readonly<Record<string, readonly string[]>>;
  /** Accept any parameter name (set_fact: every key is a fact). */
  anyKeys?: boolean;
}

function pyType(value: unknown): string {
  if (value instanceof Number) return "<class 'float'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(value)) return "<class 'list'>";
  if (value === null) return "<class 'NoneType'>";
  return "<class 'dict'>";
}

export function convertValue(type: ArgType, value: unknown, elements?: ArgType): unknown {
  // A whole float (2.0) is a Number box (python/float.ts): a float as Python sees it.
  if (value instanceof Number && type !== 'raw') {
    if (type === 'int') throw new TypeError(`${pyType(value)} cannot be converted to an int`);
    if (type === 'str' || type === 'path') return numberStr(value);
    return convertValue(type, value.valueOf(), elements);
  }
  switch (type) {
    case 'raw':
      return value;
    case 'str':
    case 'path':
      // check_type_str with conversion allowed (2.14's default): Python's str() of the value,
      // so a YAML `yes` becomes 'True' and a list its repr.
      return typeof value === 'string' ? value : resultStr(value);
    case 'bool':
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return boolean(value);
      throw new TypeError(`${pyType(value)} cannot be converted to a bool`);
    case 'int': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      throw new TypeError(`${pyType(value)} cannot be converted to an int`);
    }
    case 'float': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      if (Number.isFinite(n)) return n;
      throw new TypeError(`${pyType(value)} cannot be converted to a float`);
    }
    case 'list': {
      let list: unknown[];
      if (Array.isArray(value)) list = value;
      else if (typeof value === 'string') list = value.split(',');
      else if (typeof value === 'number' || typeof value === 'boolean') list = [String(value)];
      else throw new TypeError(`${pyType(value)} cannot be converted to a list`);
      return elements ? list.map((v) => convertValue(elements, v)) : list;
    }
    case 'dict': {
      return checkTypeDict(value, pyType(value));
    }
  }
}

/** Ansible's own words, with no module prefix: the task result's msg is exactly this. */
function fail(_module: string, message: string, hint?: string): never {
  throw new FlotillaError('FLT_MODULE_ARGS', message, { hint });
}

const isSet = (v: unknown) => v !== undefined && v !== null;

/**
 * Validates and normalises raw task arguments; throws FLT_MODULE_ARGS on the first problem.
 * `asWritten` is the task's action as the task names it (AnsibleModule's `_name`, from
 * `_ansible_module_name`): the unknown-parameter message names the module so.
 */
export function validateArgs(
  module: string,
  spec: ArgSpec,
  raw: Record<string, unknown>,
  asWritten = module,
): Record<string, unknown> {
  const aliasTo = new Map<string, string>();
  for (const [name, opt] of Object.entries(spec.options)) {
    for (const alias of opt.aliases ?? []) aliasTo.set(alias, name);
  }
  const params: Record<string, unknown> = {};
  const unsupported: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_ansible_')) continue;
    const name = key in spec.options || spec.anyKeys ? key : aliasTo.get(key);
    if (!name) unsupported.push(key);
    else params[name] = value;
  }
  for (const group of spec.mutuallyExclusive ?? []) {
    const present = group.filter((k) => isSet(params[k]));
    if (present.length > 1) fail(module, `parameters are mutually exclusive: ${group.join('|')}`);
  }
  const missing = Object.entries(spec.options)
    .filter(([k, o]) => o.required && !isSet(params[k]))
    .map(([k]) => k)
    .sort();
  if (missing.length > 0) fail(module, `missing required arguments: ${missing.join(', ')}`);
  for (const [name, opt] of Object.entries(spec.options)) {
    if (!isSet(params[name])) {
      if (opt.default !== undefined) params[name] = structuredClone(opt.default);
      continue;
    }
    const type = opt.type ?? 'str';
    try {
      params[name] = convertValue(type, params[name], opt.elements);
    } catch (err) {
      fail(
        module,
        `argument '${name}' is of type ${pyType(params[name])} and we were unable to convert to ${type}: ${(err as Error).message}`,
      );
    }
    if (opt.choices) params[name] = checkChoices(module, name, params[name], opt.choices);
  }
  for (const group of spec.requiredTogether ?? []) {
    const present = group.filter((k) => isSet(params[k]));
    if (present.length > 0 && present.length < group.length)
      fail(module, `parameters are required together: ${group.join(', ')}`);
  }
  for (const group of spec.requiredOneOf ?? []) {
    if (!group.some((k) => isSet(params[k])))
      fail(module, `one of the following is required: ${group.join(', ')}`);
  }
  for (const [key, value, needed] of spec.requiredIf ?? []) {
    if (params[key] !== value) continue;
    const absent = needed.filter((k) => !isSet(params[k]));
    if (absent.length > 0)
      fail(module, `${key} is ${String(value)} but all of the following are missing: ${absent.join(', ')}`);
  }
  for (const [key, needed] of Object.entries(spec.requiredBy ?? {})) {
    if (!isSet(params[key])) continue;
    const absent = needed.filter((k) => !isSet(params[k]));
    if (absent.length > 0) fail(module, `missing parameter(s) required by '${key}': ${absent.join(', ')}`);
  }
  // Ansible's validator reports unknown parameters after every other check.
  if (unsupported.length > 0) {
    const supported = Object.keys(spec.options)
      .filter((k) => !k.startsWith('_'))
      .sort();
    const aliases = [...aliasTo.keys()].sort();
    const ansible = ANSIBLE_PARAMS[module];
    const list =
      ansible?.supported ?? supported.join(', ') + (aliases.length ? ` (${aliases.join(', ')})` : '');
    const guess = closestMatch(unsupported[0], [...supported, ...aliases]);
    fail(
      module,
      `Unsupported parameters for (${ansible?.name ?? asWritten}) module: ${unsupported.sort().join(', ')}. Supported parameters include: ${list}.`,
      guess ? `did you mean "${guess}"?` : undefined,
    );
  }
  return params;
}

/** Python's `==` between a choice and a value of the JSON kinds (True == 1, 1 == 1.0). */
function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const numeric = (x: unknown) => typeof x === 'number' || typeof x === 'boolean' || x instanceof Number;
  return numeric(a) && numeric(b) && Number(a) === Number(b);
}

const BOOLEANS_TRUE: readonly unknown[] = ['y', 'yes', 'on', '1', 'true', 't', 1, true];
const BOOLEANS_FALSE: readonly unknown[] = ['n', 'no', 'off', '0', 'false', 'f', 0, false];

/**
 * _validate_argument_values: every item of a list in the choices; a single value in them, or
 * a YAML boolean's 'True'/'False' mapped back to the one choice that spells a boolean.
 */
function checkChoices(module: string, name: string, value: unknown, choices: readonly unknown[]): unknown {
  const inChoices = (v: unknown) => choices.some((c) => pyEquals(c, v));
  const shown = choices.map((c) => resultStr(c)).join(', ');
  if (Array.isArray(value)) {
    const missing = value.filter((v) => !inChoices(v));
    if (missing.length > 0)
      fail(
        module,
        `value of ${name} must be one or more of: ${shown}. Got no match for: ${missing.join(', ')}`,
      );
    return value;
  }
  if (inChoices(value)) return value;
  const spelled = value === 'True' ? BOOLEANS_TRUE : value === 'False' ? BOOLEANS_FALSE : [];
  const overlap = choices.filter((c) => spelled.some((b) => pyEquals(b, c)));
  if (overlap.length === 1) return overlap[0];
  const guess = typeof value === 'string' ? closestMatch(value, choices.map(String)) : undefined;
  fail(
    module,
    `value of ${name} must be one of: ${shown}, got: ${resultStr(value)}`,
    guess ? `did you mean "${guess}"?` : undefined,
  );
}
