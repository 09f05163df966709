/**
 * The config lookup: Ansible's global settings (`lookup('config', 'DEFAULT_FORKS')`) and,
 * with plugin_type/plugin_name, the options of Ansible's builtin plugins
 * (`lookup('config', 'remote_user', plugin_type='connection', plugin_name='ssh')`), from the
 * definitions generated out of ansible-core (ansible-settings.ts, see
 * scripts/harvest-config-settings.py): defaults, environment variables and, for plugin
 * options, the task's variables; ansible.cfg as the environment variables it sets.
 */

import { ANSIBLE_SETTINGS } from '../../../config/ansible-settings.js';
import { InvalidSettingType, type SettingDef, settingValue } from '../../../config/settings.js';
import { pyStr } from '../../../python/repr.js';
import {
  ansibleError,
  type LookupContext,
  type LookupPlugin,
  lookupError,
  optionsError,
  pyClassOf,
} from './plugin.js';

const OWN_OPTIONS = ANSIBLE_SETTINGS.plugins['lookup.config'];
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/** set_options' choices check on a keyword option, as ConfigManager words it. */
function checkChoice(option: string, value: unknown): void {
  const choices = OWN_OPTIONS[option]?.choices;
  if (value === undefined || value === null || !choices || choices.some((c) => pyStr(c) === pyStr(value)))
    return;
  throw optionsError(
    `Invalid value "${pyStr(value)}" for configuration option "plugin_type: lookup plugin: config setting: ${option} ", valid values are: ${choices.map(pyStr).join(', ')}`,
  );
}

/** MissingSetting: raised for an unknown setting, handled by on_missing. */
class MissingSetting extends Error {}

function value(def: SettingDef, table: Record<string, SettingDef>, ctx: LookupContext, vars: boolean) {
  const scope = ctx.state.scope;
  try {
    return settingValue(def, table, (name) =>
      vars && scope.has(name) ? { found: true, value: scope.get(name) } : { found: false },
    );
  } catch (err) {
    if (err instanceof InvalidSettingType) throw ansibleError(err.message);
    throw err;
  }
}

/** The callables of ansible.constants: config.py refuses them rather than return them. */
const CONSTANTS_CALLABLES = new Set([
  'ConfigManager',
  'Sequence',
  '_DeprecatedSequenceConstant',
  '__metaclass__',
  '_deprecated',
  '_warning',
  'add_internal_fqcns',
  'set_constant',
  'to_text',
]);

function globalSetting(term: string, ctx: LookupContext): unknown {
  if (CONSTANTS_CALLABLES.has(term)) throw lookupError(`Invalid setting "${term}" attempted`);
  const settings = ANSIBLE_SETTINGS.settings;
  if (!Object.hasOwn(settings, term))
    throw new MissingSetting(`module 'ansible.constants' has no attribute '${term}'`);
  return value(settings[term], settings, ctx, false);
}

function pluginSetting(ptype: string, pname: string, term: string, ctx: LookupContext): unknown {
  const prefix = PREFIXES.find((p) => pname.startsWith(p));
  const name = prefix ? pname.slice(prefix.length) : pname;
  const options = ANSIBLE_SETTINGS.plugins[`${ptype}.${name}`];
  if (!options) throw lookupError(`Unable to load ${ptype} plugin "${pname}"`);
  if (!Object.hasOwn(options, term))
    throw new MissingSetting(
      `Requested entry (plugin_type: ${ptype} plugin: ${name} setting: ${term} ) was not defined in configuration.`,
    );
  return value(options[term], options, ctx, true);
}

export const config: LookupPlugin = (terms, kwargs, ctx) => {
  checkChoice('on_missing', kwargs.on_missing);
  checkChoice('plugin_type', kwargs.plugin_type);
  const missing = kwargs.on_missing ?? 'error';
  const ptype = kwargs.plugin_type;
  const pname = kwargs.plugin_name;
  if ((ptype || pname) && !(ptype && pname))
    throw optionsError('Both plugin_type and plugin_name are required, cannot use one without the other');
  const out: unknown[] = [];
  for (const term of terms) {
    if (typeof term !== 'string')
      throw optionsError(
        `Invalid setting identifier, "${pyStr(term)}" is not a string, its a ${pyClassOf(term)}`,
      );
    try {
      out.push(pname ? pluginSetting(pyStr(ptype), pyStr(pname), term, ctx) : globalSetting(term, ctx));
    } catch (err) {
      if (!(err instanceof MissingSetting)) throw err;
      // AnsibleLookupError(..., orig_exc=MissingSetting(text, orig_exc=...)): the text twice.
      if (missing === 'error')
        throw lookupError(`Unable to find setting ${term}. ${err.message}. ${err.message}`);
      // on_missing=warn also prints "[WARNING]: Skipping, did not find setting <term>".
    }
  }
  return out;
};

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = { config };
