/**
 * Ansible 2.14's ArgumentSpecValidator (module_utils/common/arg_spec.py) for argument specs
 * written in playbooks and roles (validate_argument_spec): every error is collected, in the
 * validator's order (required, types, choices, then the nested `options` of dicts and lists
 * of dicts, unsupported last), with its words.
 */
import { boolean } from '../python/boolean.js';
import { checkTypeDict } from '../python/check-type-dict.js';
import { isPyFloat } from '../python/float.js';
import { pyStr } from '../python/repr.js';

export interface SpecValidation {
  /** The parameters after defaults and conversion. */
  params: Record<string, unknown>;
  errors: string[];
}

type Spec = Record<string, Record<string, unknown>>;

/** An exception the Python validator does not catch: the task fails as on a crashed action. */
export class SpecValidatorCrash extends Error {
  /** `message` is the exception's last traceback line, "TypeError: …". */
}

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
      return checkTypeDict(value, pyType(value, literal));
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
  const unsupported = new Map<string, string>();
  const params = { ...given };
  validateOptions(spec, params, literal, [], errors, unsupported);
  if (unsupported.size) {
    // Ansible names the supported parameters of the last unsupported one it iterated over.
    const supported = [...unsupported.values()].at(-1);
    errors.push(`${[...unsupported.keys()].sort().join(', ')}. Supported parameters include: ${supported}.`);
  }
  return { params, errors };
}

/**
 * One level of options (the top, or a dict's or a list element's `options`), then the levels
 * under it: parameters.py's validate sequence and _validate_sub_spec. `context` names the
 * parents, as the messages print them ("found in db -> users").
 */
function validateOptions(
  spec: Spec,
  params: Record<string, unknown>,
  literal: Record<string, unknown>,
  context: string[],
  errors: string[],
  unsupported: Map<string, string>,
): void {
  const aliasTo = new Map<string, string>();
  for (const [name, option] of Object.entries(spec))
    for (const alias of asList(option.aliases)) aliasTo.set(String(alias), name);
  // _handle_aliases: an alias's value is also set under its option's name
  for (const [alias, name] of aliasTo) if (alias in params) params[name] = params[alias];
  const noLogError = subOptionsError(spec, params);
  if (noLogError) errors.push(noLogError);
  for (const key of Object.keys(params))
    if (!Object.hasOwn(spec, key) && !aliasTo.has(key))
      unsupported.set([...context, key].join('.'), supportedList(spec, aliasTo));
  for (const [name, option] of Object.entries(spec))
    if (!(name in params) && option.default !== undefined && option.default !== null)
      params[name] = structuredClone(option.default);
  const missing = Object.keys(spec)
    .filter((name) => spec[name].required && !(name in params))
    .sort();
  if (missing.length) errors.push(`missing required arguments: ${missing.join(', ')}${foundIn(context)}`);
  const quotedContext = context.length ? ` found in '${context.join(' -> ')}'` : '';
  for (const [name, option] of Object.entries(spec)) {
    const value = params[name];
    if (value === null || value === undefined) continue;
    const type = String(option.type ?? 'str');
    const written = literalOf(literal, name, aliasTo);
    try {
      params[name] = convert(type, value, written);
    } catch (err) {
      errors.push(
        `argument '${name}' is of type ${pyType(value, written)}${quotedContext ? `${quotedContext}.` : ''} and we were unable to convert to ${type}: ${(err as Error).message}`,
      );
      continue;
    }
    if (type === 'list' && option.elements !== undefined) {
      const elements = String(option.elements);
      const converted: unknown[] = [];
      (params[name] as unknown[]).forEach((element, i) => {
        const writtenElement = Array.isArray(written) ? written[i] : undefined;
        try {
          converted.push(convert(elements, element, writtenElement));
        } catch (err) {
          errors.push(
            `Elements value for option '${name}'${quotedContext} is of type ${pyType(element, writtenElement)} and we were unable to convert to ${elements}: ${(err as Error).message}`,
          );
        }
      });
      params[name] = converted;
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
          `value of ${name} must be one or more of: ${text}. Got no match for: ${bad.map((v) => pyStr(v)).join(', ')}${foundIn(context)}`,
        );
    } else if (!has(value))
      errors.push(`value of ${name} must be one of: ${text}, got: ${pyStr(value)}${foundIn(context)}`);
  }
  for (const name of Object.keys(spec)) if (!(name in params)) params[name] = null;
  for (const [name, option] of Object.entries(spec)) {
    const type = option.type;
    const options = option.options;
    if (!isDict(options) || !(type === 'dict' || (type === 'list' && option.elements === 'dict'))) continue;
    if (option.apply_defaults && params[name] === null) params[name] = {};
    const value = params[name];
    if (value === null || value === undefined) continue;
    const written = literalOf(literal, name, aliasTo);
    const elements = Array.isArray(value) ? value : [value];
    elements.forEach((element, i) => {
      // set_fallbacks(sub_spec, element) runs first: `name in element` raises on a scalar
      if (element === null || typeof element === 'number' || typeof element === 'boolean')
        throw new SpecValidatorCrash(`TypeError: argument of type '${pyClassName(element)}' is not iterable`);
      if (!isDict(element)) {
        errors.push(`value of '${name}' must be of type dict or list of dicts`);
        return;
      }
      const writtenElement = Array.isArray(value)
        ? Array.isArray(written)
          ? written[i]
          : undefined
        : written;
      validateOptions(
        options as Spec,
        element,
        isDict(writtenElement) ? writtenElement : {},
        [...context, name],
        errors,
        unsupported,
      );
    });
  }
}

/**
 * _list_no_log_values walks the nested options before anything else is checked, reading a
 * string element as check_type_dict does: its first TypeError is an error of its own.
 */
function subOptionsError(spec: Spec, params: Record<string, unknown>): string | undefined {
  for (const [name, option] of Object.entries(spec)) {
    const value = params[name];
    if (!isDict(option.options) || value === null || value === undefined) continue;
    if (!(option.type === 'dict' || (option.type === 'list' && option.elements === 'dict'))) continue;
    for (const element of Array.isArray(value) ? value : [value]) {
      let dict: unknown = element;
      try {
        if (typeof element === 'string') dict = checkTypeDict(element, pyType(element));
      } catch (err) {
        return (err as Error).message;
      }
      if (!isDict(dict))
        return `Value '${pyStr(dict)}' in the sub parameter field '${name}' must by a ${option.type}, not '${pyClassName(dict)}'`;
      const inner = subOptionsError(option.options as Spec, dict);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** _get_unsupported_parameters' supported list: the options, then every alias in parentheses. */
function supportedList(spec: Spec, aliasTo: Map<string, string>): string {
  const names = Object.keys(spec).sort().join(', ');
  const aliases = [...aliasTo.keys()].sort();
  return aliases.length ? `${names} (${aliases.join(', ')})` : names;
}

/** Python's type(value).__name__. */
const pyClassName = (value: unknown) => /'(\w+)'>$/.exec(pyType(value))?.[1];

const foundIn = (context: string[]) => (context.length ? ` found in ${context.join(' -> ')}` : '');

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
