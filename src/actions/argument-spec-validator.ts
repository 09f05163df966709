/**
 * Ansible 2.14's ArgumentSpecValidator (module_utils/common/arg_spec.py) for argument specs
 * written in playbooks and roles (validate_argument_spec): every error is collected, in the
 * validator's order (required, types, choices, unsupported), with its words. Nested
 * `options` are not validated.
 */
import { boolean } from '../python/boolean.js';
import { isPyFloat } from '../python/float.js';
import { pyStr } from '../python/repr.js';

export interface SpecValidation {
  /** The parameters after defaults and conversion. */
  params: Record<string, unknown>;
  errors: string[];
}

type Spec = Record<string, Record<string, unknown>>;

/**
 * Python's type(value), as an error message prints it. A string the playbook's YAML holds as
 * written (not templated) is Ansible's AnsibleUnicode.
 */
function pyType(value: unknown, literal?: unknown): string {
  if (typeof value === 'string' && value === literal && !/[{][{%#]/.test(value))
    return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number' || value instanceof Number)
    return isPyFloat(value) ? "<class 'float'>" : "<class 'int'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return "<class 'dict'>";
}

const isNumber = (v: unknown) => typeof v === 'number' || v instanceof Number;

/** The type checkers of module_utils/common/validation.py (check_type_*). */
function convert(type: string, value: unknown, literal?: unknown): unknown {
  const cannot = (what: string) => new TypeError(`${pyType(value, literal)} cannot be converted to ${what}`);
  switch (type) {
    case 'raw':
      return value;
    case 'str':
    case 'path':
      return typeof value === 'string' ? value : pyStr(value);
    case 'int':
      if (typeof value === 'boolean' || (isNumber(value) && !isPyFloat(value))) return value;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      throw cannot('an int');
    case 'float':
      if (isNumber(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        return Number(value);
      throw cannot('a float');
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' || isNumber(value)) return boolean(value);
      throw cannot('a bool');
    case 'list':
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') return value.split(',');
      if (isNumber(value)) return [pyStr(value)];
      throw cannot('a list');
    case 'dict':
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
      if (typeof value === 'string' && value.startsWith('{')) {
        try {
          return JSON.parse(value);
        } catch {
          throw new TypeError('dictionary requested, could not parse JSON or key=value');
        }
      }
      throw cannot('a dict');
    default:
      throw new TypeError(`unknown type ${type}`);
  }
}

/**
 * Validates `given` against `spec` as ArgumentSpecValidator.validate does; `literal` holds
 * the values as the playbook wrote them (before templating), for the type names in messages.
 */
export function validateArgumentSpec(
  spec: Spec,
  given: Record<string, unknown>,
  literal: Record<string, unknown> = {},
): SpecValidation {
  const errors: string[] = [];
  const params: Record<string, unknown> = {};
  const aliasTo = new Map<string, string>();
  for (const [name, option] of Object.entries(spec))
    for (const alias of asList(option.aliases)) aliasTo.set(String(alias), name);
  const unsupported: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    const name = Object.hasOwn(spec, key) ? key : aliasTo.get(key);
    if (name === undefined) unsupported.push(key);
    else params[name] = value;
  }
  const missing = Object.keys(spec)
    .filter((name) => spec[name].required && !(name in params))
    .sort();
  if (missing.length) errors.push(`missing required arguments: ${missing.join(', ')}`);
  for (const [name, option] of Object.entries(spec))
    if (!(name in params) && option.default !== undefined && option.default !== null)
      params[name] = structuredClone(option.default);
  for (const [name, option] of Object.entries(spec)) {
    if (!(name in params)) continue;
    const value = params[name];
    if ((value === null || value === undefined) && !option.required && option.default == null) continue;
    const type = String(option.type ?? 'str');
    const written = literalOf(literal, name, aliasTo);
    try {
      params[name] = convert(type, value, written);
    } catch (err) {
      errors.push(
        `argument '${name}' is of type ${pyType(value, written)} and we were unable to convert to ${type}: ${(err as Error).message}`,
      );
      continue;
    }
    if (type === 'list' && option.elements !== undefined) {
      const elements = String(option.elements);
      params[name] = (params[name] as unknown[]).map((element, i) => {
        const writtenElement = Array.isArray(written) ? written[i] : undefined;
        try {
          return convert(elements, element, writtenElement);
        } catch (err) {
          errors.push(
            `Elements value for option '${name}' is of type ${pyType(element, writtenElement)} and we were unable to convert to ${elements}: ${(err as Error).message}`,
          );
          return element;
        }
      });
    }
  }
  for (const [name, option] of Object.entries(spec)) {
    if (!(name in params) || !Array.isArray(option.choices)) continue;
    const choices = option.choices;
    const value = params[name];
    const text = choices.map((c) => pyStr(c)).join(', ');
    const has = (v: unknown) => choices.some((c) => c === v);
    if (Array.isArray(value)) {
      const bad = value.filter((v) => !has(v));
      if (bad.length)
        errors.push(
          `value of ${name} must be one or more of: ${text}. Got no match for: ${bad.map((v) => pyStr(v)).join(', ')}`,
        );
    } else if (!has(value)) errors.push(`value of ${name} must be one of: ${text}, got: ${pyStr(value)}`);
  }
  if (unsupported.length) {
    const supported = Object.keys(spec)
      .sort()
      .map((name) => {
        const aliases = asList(spec[name].aliases).map(String).sort();
        return aliases.length ? `${name} (${aliases.join(', ')})` : name;
      });
    errors.push(`${unsupported.sort().join(', ')}. Supported parameters include: ${supported.join(', ')}.`);
  }
  return { params, errors };
}

/** The value of `name` (or one of its aliases) as written. */
function literalOf(literal: Record<string, unknown>, name: string, aliasTo: Map<string, string>): unknown {
  if (Object.hasOwn(literal, name)) return literal[name];
  for (const [alias, target] of aliasTo)
    if (target === name && Object.hasOwn(literal, alias)) return literal[alias];
  return undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}
