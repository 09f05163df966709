/**
 * The config lookup for Ansible's global settings: their 2.14 defaults, overridden by their
 * environment variables. ansible.cfg and plugin_type/plugin_name settings are not read.
 */

import { boolean } from '../../python/boolean.js';
import { pyStr } from '../python.js';
import { ansibleError, type LookupPlugin, lookupError, optionsError, pyClassOf } from './plugin.js';

interface Setting {
  value: unknown;
  env: string[];
  type: string;
}

/** From ansible/config/base.yml (2.14): the commonly read settings. */
const SETTINGS: Record<string, Setting> = {
  DEFAULT_FORKS: { value: 5, env: ['ANSIBLE_FORKS'], type: 'integer' },
  DEFAULT_TIMEOUT: { value: 10, env: ['ANSIBLE_TIMEOUT'], type: 'integer' },
  HOST_KEY_CHECKING: { value: true, env: ['ANSIBLE_HOST_KEY_CHECKING'], type: 'boolean' },
  DEFAULT_BECOME_USER: { value: 'root', env: ['ANSIBLE_BECOME_USER'], type: 'string' },
  DEFAULT_BECOME_METHOD: { value: 'sudo', env: ['ANSIBLE_BECOME_METHOD'], type: 'string' },
  DEFAULT_BECOME: { value: false, env: ['ANSIBLE_BECOME'], type: 'boolean' },
  DEFAULT_REMOTE_PORT: { value: null, env: ['ANSIBLE_REMOTE_PORT'], type: 'integer' },
  DEFAULT_REMOTE_USER: { value: null, env: ['ANSIBLE_REMOTE_USER'], type: 'string' },
  DEFAULT_GATHERING: { value: 'implicit', env: ['ANSIBLE_GATHERING'], type: 'string' },
  DEFAULT_HASH_BEHAVIOUR: { value: 'replace', env: ['ANSIBLE_HASH_BEHAVIOUR'], type: 'string' },
  DEFAULT_JINJA2_NATIVE: { value: false, env: ['ANSIBLE_JINJA2_NATIVE'], type: 'boolean' },
  DEFAULT_KEEP_REMOTE_FILES: { value: false, env: ['ANSIBLE_KEEP_REMOTE_FILES'], type: 'boolean' },
  DEFAULT_POLL_INTERVAL: { value: 15, env: ['ANSIBLE_POLL_INTERVAL'], type: 'integer' },
  DEFAULT_TRANSPORT: { value: 'smart', env: ['ANSIBLE_TRANSPORT'], type: 'string' },
  ANSIBLE_PIPELINING: { value: false, env: ['ANSIBLE_PIPELINING'], type: 'boolean' },
  RETRY_FILES_ENABLED: { value: false, env: ['ANSIBLE_RETRY_FILES_ENABLED'], type: 'bool' },
  ANSIBLE_NOCOLOR: { value: false, env: ['ANSIBLE_NOCOLOR', 'NO_COLOR'], type: 'boolean' },
  DEFAULT_MODULE_NAME: { value: 'command', env: [], type: 'string' },
  DEFAULT_UNDEFINED_VAR_BEHAVIOR: { value: true, env: ['ANSIBLE_ERROR_ON_UNDEFINED_VARS'], type: 'boolean' },
  DEFAULT_PRIVATE_ROLE_VARS: { value: false, env: ['ANSIBLE_PRIVATE_ROLE_VARS'], type: 'boolean' },
  DEFAULT_STDOUT_CALLBACK: { value: 'default', env: ['ANSIBLE_STDOUT_CALLBACK'], type: 'string' },
  DEFAULT_LOG_PATH: { value: null, env: ['ANSIBLE_LOG_PATH'], type: 'path' },
  DEFAULT_NO_LOG: { value: false, env: ['ANSIBLE_NO_LOG'], type: 'boolean' },
  DEFAULT_MANAGED_STR: { value: 'Ansible managed', env: [], type: 'string' },
  DISPLAY_SKIPPED_HOSTS: { value: true, env: ['ANSIBLE_DISPLAY_SKIPPED_HOSTS'], type: 'boolean' },
  DISPLAY_ARGS_TO_STDOUT: { value: false, env: ['ANSIBLE_DISPLAY_ARGS_TO_STDOUT'], type: 'boolean' },
  DEPRECATION_WARNINGS: { value: true, env: ['ANSIBLE_DEPRECATION_WARNINGS'], type: 'boolean' },
  SYSTEM_WARNINGS: { value: true, env: ['ANSIBLE_SYSTEM_WARNINGS'], type: 'boolean' },
  ANY_ERRORS_FATAL: { value: false, env: ['ANSIBLE_ANY_ERRORS_FATAL'], type: 'boolean' },
  DEFAULT_STRATEGY: { value: 'linear', env: ['ANSIBLE_STRATEGY'], type: 'string' },
  DEFAULT_ASK_PASS: { value: false, env: ['ANSIBLE_ASK_PASS'], type: 'boolean' },
  DEFAULT_BECOME_ASK_PASS: { value: false, env: ['ANSIBLE_BECOME_ASK_PASS'], type: 'boolean' },
  INTERPRETER_PYTHON: { value: 'auto', env: ['ANSIBLE_PYTHON_INTERPRETER'], type: 'string' },
  COLOR_OK: { value: 'green', env: ['ANSIBLE_COLOR_OK'], type: 'string' },
  COLOR_CHANGED: { value: 'yellow', env: ['ANSIBLE_COLOR_CHANGED'], type: 'string' },
  COLOR_ERROR: { value: 'red', env: ['ANSIBLE_COLOR_ERROR'], type: 'string' },
  COLOR_SKIP: { value: 'cyan', env: ['ANSIBLE_COLOR_SKIP'], type: 'string' },
  DEFAULT_GATHER_TIMEOUT: { value: null, env: ['ANSIBLE_GATHER_TIMEOUT'], type: 'integer' },
  MAX_FILE_SIZE_FOR_DIFF: { value: 104448, env: ['ANSIBLE_MAX_DIFF_SIZE'], type: 'int' },
  INJECT_FACTS_AS_VARS: { value: true, env: ['ANSIBLE_INJECT_FACT_VARS'], type: 'boolean' },
  HOST_PATTERN_MISMATCH: { value: 'warning', env: ['ANSIBLE_HOST_PATTERN_MISMATCH'], type: 'string' },
  DUPLICATE_YAML_DICT_KEY: { value: 'warn', env: ['ANSIBLE_DUPLICATE_YAML_DICT_KEY'], type: 'string' },
  PLAYBOOK_VARS_ROOT: { value: 'top', env: ['ANSIBLE_PLAYBOOK_VARS_ROOT'], type: 'string' },
  RUN_VARS_PLUGINS: { value: 'demand', env: ['ANSIBLE_RUN_VARS_PLUGINS'], type: 'str' },
  TASK_TIMEOUT: { value: 0, env: ['ANSIBLE_TASK_TIMEOUT'], type: 'integer' },
  DEFAULT_VERBOSITY: { value: 0, env: ['ANSIBLE_VERBOSITY'], type: 'integer' },
  ERROR_ON_MISSING_HANDLER: { value: true, env: ['ANSIBLE_ERROR_ON_MISSING_HANDLER'], type: 'boolean' },
  DEFAULT_ALLOW_UNSAFE_LOOKUPS: { value: false, env: [], type: 'boolean' },
  DEFAULT_EXECUTABLE: { value: '/bin/sh', env: ['ANSIBLE_EXECUTABLE'], type: 'string' },
  DEFAULT_FORCE_HANDLERS: { value: false, env: ['ANSIBLE_FORCE_HANDLERS'], type: 'boolean' },
};

/** ConfigManager's ensure_type for an environment value. */
function coerce(raw: string, type: string): unknown {
  if (type === 'boolean' || type === 'bool') return boolean(raw, false);
  if (type === 'integer' || type === 'int') {
    const n = Number.parseInt(raw, 10);
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw ansibleError(`Invalid type provided for "${type}": ${raw}`);
    return n;
  }
  return raw;
}

function settingValue(name: string): { found: boolean; value?: unknown } {
  const setting = Object.hasOwn(SETTINGS, name) ? SETTINGS[name] : undefined;
  if (!setting) return { found: false };
  let value = setting.value;
  for (const env of setting.env)
    if (process.env[env] !== undefined) value = coerce(process.env[env] as string, setting.type);
  return { found: true, value };
}

export const config: LookupPlugin = (terms, kwargs) => {
  const missing = kwargs.on_missing ?? 'error';
  const ptype = kwargs.plugin_type;
  const pname = kwargs.plugin_name;
  if ((ptype || pname) && !(ptype && pname))
    throw optionsError('Both plugin_type and plugin_name are required, cannot use one without the other');
  if (typeof missing !== 'string' || !['error', 'warn', 'skip'].includes(missing))
    throw optionsError(
      `"on_missing" must be a string and one of "error", "warn" or "skip", not ${pyStr(missing)}`,
    );
  if (pname)
    throw ansibleError('flotilla does not know plugin configuration settings (plugin_type/plugin_name)');
  const out: unknown[] = [];
  for (const term of terms) {
    if (typeof term !== 'string')
      throw optionsError(
        `Invalid setting identifier, "${pyStr(term)}" is not a string, its a ${pyClassOf(term)}`,
      );
    const { found, value } = settingValue(term);
    if (found) out.push(value);
    else if (missing === 'error') {
      // AnsibleLookupError(..., orig_exc=MissingSetting(AttributeError text, orig_exc=AttributeError)).
      const attr = `module 'ansible.constants' has no attribute '${term}'`;
      throw lookupError(`Unable to find setting ${term}. ${attr}. ${attr}`);
    }
    // on_missing=warn also prints "[WARNING]: Skipping, did not find setting <term>".
  }
  return out;
};
