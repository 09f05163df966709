/**
 * Inventory plugins that template, so live above the inventory layer, handed to
 * loadInventory: ansible.builtin.constructed (plugins/inventory/constructed.py and the
 * Constructable helpers, 2.14). For each host read so far, from its group and host
 * variables: `compose` sets variables from Jinja expressions, `groups` adds it to groups whose
 * condition holds, `keyed_groups` to groups named from an expression's value (prefix,
 * separator, default_value, trailing_separator, parent_group, leading_separator). With
 * `strict: false` (the default) an expression that fails is skipped. use_vars_plugins and
 * use_extra_vars are refused (the config fails to parse, named).
 */
import { FlotillaError } from '../errors/index.js';
import type { InventoryPlugins, PluginInventory } from '../inventory/index.js';
import { boolean } from '../python/boolean.js';
import { pyStr } from '../python/repr.js';
import { isMapping, pyTruthy } from '../python/values.js';
import { Templar } from '../template/index.js';

const templar = new Templar();

class ConstructedError extends FlotillaError {
  constructor(message: string) {
    super('FLT_INVENTORY_CONSTRUCTED', message);
  }
}

/**
 * Constructable._compose: `{{ expression }}` with the host's variables. An error reads as
 * the Templar's AnsibleError, which repeats the exception it wraps (". <orig_exc>").
 */
function compose(expression: unknown, vars: Record<string, unknown>): unknown {
  return template(`{{${pyStr(expression)}}}`, vars);
}

function template(text: string, vars: Record<string, unknown>): unknown {
  try {
    return templar.render(text, vars);
  } catch (err) {
    const why = message(err);
    throw new ConstructedError(`${why}. ${why}`);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const SKIPPED = Symbol('skipped');

/** The Constructable rule for an entry that fails: strict stops the parse (saying what failed), else the entry is skipped. */
function attempt<T>(strict: boolean, what: () => string, fn: () => T): T | typeof SKIPPED {
  try {
    return fn();
  } catch (err) {
    if (strict) throw new ConstructedError(`${what()}: ${message(err)}`);
    return SKIPPED;
  }
}

/** to_safe_group_name(force=True): what is not a word character becomes `_` (a leading digit too). */
function safeGroupName(name: string): string {
  return name.replace(/^\p{Nd}|[^\p{L}\p{N}_]/gu, '_');
}

function setCompositeVars(
  inventory: PluginInventory,
  host: string,
  config: Record<string, unknown>,
  vars: Record<string, unknown>,
  strict: boolean,
): void {
  const spec = config.compose;
  if (!isMapping(spec)) return;
  for (const [name, expression] of Object.entries(spec)) {
    const value = attempt(
      strict,
      () => `Could not set ${name} for host ${host}`,
      () => compose(expression, vars),
    );
    if (value !== SKIPPED) inventory.setVariable(host, name, value);
  }
}

function addToComposedGroups(
  inventory: PluginInventory,
  host: string,
  config: Record<string, unknown>,
  vars: Record<string, unknown>,
  strict: boolean,
): void {
  const spec = config.groups;
  if (!isMapping(spec)) return;
  for (const [group, condition] of Object.entries(spec)) {
    const holds = attempt(
      strict,
      () => `Could not add host ${host} to group ${group}`,
      () => boolean(template(`{% if ${pyStr(condition)} %} True {% else %} False {% endif %}`, vars), false),
    );
    if (holds === true) inventory.addChild(inventory.addGroup(safeGroupName(group)), host);
  }
}

/** The bare group names a keyed group's value gives (`fallback`: its default_value, if set). */
function keyedNames(
  key: unknown,
  entry: Record<string, unknown>,
  separator: string,
  fallback: unknown,
): string[] {
  const orDefault = (name: unknown) => (name === '' && fallback !== undefined ? fallback : name);
  if (typeof key === 'string') return [pyStr(orDefault(key))];
  if (Array.isArray(key)) return key.map((name) => pyStr(orDefault(name)));
  if (isMapping(key))
    return Object.entries(key).map(([name, value]) => {
      if (value !== '') return `${name}${separator}${pyStr(value)}`;
      if (fallback !== undefined) return `${name}${separator}${pyStr(fallback)}`;
      return entry.trailing_separator === false ? name : `${name}${separator}`;
    });
  throw new ConstructedError(
    `Invalid group name format, expected a string or a list of them or dictionary, got: ${typeof key}`,
  );
}

function addToKeyedGroups(
  inventory: PluginInventory,
  host: string,
  config: Record<string, unknown>,
  vars: Record<string, unknown>,
  strict: boolean,
): void {
  const spec = config.keyed_groups;
  if (!Array.isArray(spec)) return;
  for (const entry of spec) {
    if (!isMapping(entry) || Object.keys(entry).length === 0) {
      if (entry)
        throw new ConstructedError(`Invalid keyed group entry, it must be a dictionary: ${pyStr(entry)} `);
      continue;
    }
    const key = attempt(
      strict,
      () => `Could not generate group for host ${host} from ${pyStr(entry.key)} entry`,
      () => compose(entry.key, vars),
    );
    if (key === SKIPPED) continue;
    const fallback = entry.default_value ?? undefined;
    if ((entry.trailing_separator ?? undefined) !== undefined && fallback !== undefined)
      throw new ConstructedError(
        'parameters are mutually exclusive for keyed groups: default_value|trailing_separator',
      );
    if (!pyTruthy(key) && !(key === '' && fallback !== undefined)) {
      // an empty list or dict is a valid value that makes no group
      if (strict && !Array.isArray(key) && !isMapping(key))
        throw new ConstructedError(
          `No key or key resulted empty for ${pyStr(entry.key)} in host ${host}, invalid entry`,
        );
      continue;
    }
    const prefix = entry.prefix === undefined || entry.prefix === null ? '' : pyStr(entry.prefix);
    let separator = entry.separator === undefined || entry.separator === null ? '_' : pyStr(entry.separator);
    const parent = entry.parent_group ? pyStr(template(pyStr(entry.parent_group), vars)) : undefined;
    for (const bare of keyedNames(key, entry, separator, fallback)) {
      if (prefix === '' && config.leading_separator === false) separator = '';
      const group = inventory.addGroup(safeGroupName(`${prefix}${separator}${bare}`));
      inventory.addChild(group, host);
      if (parent) inventory.addChild(inventory.addGroup(safeGroupName(parent)), group);
    }
  }
}

/** constructed.py parse(): every host read so far, in order. */
function constructed(path: string, config: Record<string, unknown>, inventory: PluginInventory): void {
  for (const option of ['use_vars_plugins', 'use_extra_vars'])
    if (boolean(config[option] ?? false, false))
      throw new FlotillaError(
        'FLT_INVENTORY_UNSUPPORTED',
        `${path}: constructed's ${option} is not supported by flotilla`,
      );
  const strict = boolean(config.strict ?? false, false);
  try {
    for (const host of inventory.hostNames()) {
      setCompositeVars(inventory, host, config, inventory.inventoryVars(host), strict);
      // the variables again: compose may have added some
      const vars = inventory.inventoryVars(host);
      addToComposedGroups(inventory, host, config, vars, strict);
      addToKeyedGroups(inventory, host, config, vars, strict);
    }
  } catch (err) {
    // AnsibleParserError(…, orig_exc=e): the wrapped error again after the message
    const why = message(err);
    throw new ConstructedError(`failed to parse ${path}: ${why} . ${why}`);
  }
}

export const INVENTORY_PLUGINS: InventoryPlugins = { constructed };
