/**
 * ansible.cfg (find-config.ts finds it), read as Ansible's ConfigManager reads it and applied
 * the one way every part of flotilla already honours: each setting the file gives becomes the
 * environment variable Ansible documents for it, unless that setting's variables are already
 * set (Ansible's precedence: environment above ansible.cfg above the default). It runs before
 * any worker starts, so the workers inherit the result.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { expandUserVars } from '../python/expand-path.js';
import { ANSIBLE_SETTINGS } from './ansible-settings.js';
import { type IniSections, IniSyntaxError, parseIni } from './ini-parser.js';
import { ensureType, type SettingDef, settingValue } from './settings.js';

function configError(message: string): FlotillaError {
  return new FlotillaError('FLT_CLI_CONFIG', message, {
    hint: 'fix the file, or point ANSIBLE_CONFIG at another one',
  });
}

/** The last of a definition's ini entries the file sets (get_ini_config_value). */
function iniValue(def: SettingDef, sections: IniSections): string | undefined {
  let value: string | undefined;
  for (const [section, key] of def.ini ?? []) value = sections.get(section)?.get(key) ?? value;
  return value;
}

/** Path settings from the file are relative to the file's directory (ensure_type's basedir). */
function anchorPaths(value: string, type: SettingDef['type'], dir: string): string {
  const anchor = (p: string) => path.resolve(dir, expandUserVars(p));
  switch (type) {
    case 'path':
    case 'tmppath':
    case 'temppath':
    case 'tmp':
      return anchor(value);
    case 'pathspec':
      return value.split(':').map(anchor).join(':');
    case 'pathlist':
      return value
        .split(',')
        .map((p) => anchor(p.trim()))
        .join(',');
    default:
      return value;
  }
}

/**
 * Each definition with the variables that carry it: a plugin option's documented ones; a base
 * setting's, or for one only ansible.cfg sets (DEFAULT_MANAGED_STR), FLOTILLA_SETTING_<name>.
 */
function* definitions(): Generator<{ name: string; def: SettingDef; names: string[]; base: boolean }> {
  for (const [name, def] of Object.entries(ANSIBLE_SETTINGS.settings))
    yield { name, def, names: baseSettingNames(name, def), base: true };
  for (const [plugin, options] of Object.entries(ANSIBLE_SETTINGS.plugins))
    for (const [name, def] of Object.entries(options))
      yield { name: `${plugin}.${name}`, def, names: def.env ?? [], base: false };
}

function baseSettingNames(name: string, def: SettingDef): string[] {
  return def.env?.length ? def.env : [`FLOTILLA_SETTING_${name}`];
}

/**
 * Reads `file` and sets, in `env`, the variable of each setting it gives that the environment
 * does not already set: a definition's last variable, the most specific of its names. Base
 * settings are typed now, as Ansible types them when it starts: a bad one stops the run.
 */
export function applyConfigFile(file: string, env: NodeJS.ProcessEnv): void {
  let sections: IniSections;
  try {
    sections = parseIni(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = err instanceof IniSyntaxError ? err.message : (err as Error).message;
    throw configError(`Error reading config file (${file}): ${why}`);
  }
  const given = new Set(Object.keys(env).filter((k) => env[k] !== undefined));
  const dir = path.dirname(file);
  for (const { name, def, names, base } of definitions()) {
    const raw = iniValue(def, sections);
    if (raw === undefined || names.length === 0 || names.some((n) => given.has(n))) continue;
    const value = anchorPaths(raw, def.type, dir);
    if (base) {
      try {
        ensureType(value, def.type);
      } catch (err) {
        throw configError(
          `Invalid type for configuration option setting: ${name} (from ${file}): ${(err as Error).message}`,
        );
      }
    }
    env[names[names.length - 1]] = value;
  }
}

/**
 * A base setting's value (DEFAULT_FORKS, …) when its environment variable or ansible.cfg sets
 * it, typed; undefined when neither does, so the caller keeps its own default.
 */
export function settingIfSet(name: string): unknown {
  const def = ANSIBLE_SETTINGS.settings[name];
  const from = baseSettingNames(name, def)
    .filter((n) => process.env[n] !== undefined)
    .pop();
  if (from === undefined) return undefined;
  try {
    return ensureType(process.env[from], def.type);
  } catch (err) {
    throw configError(
      `Invalid type for configuration option setting: ${name} (from env: ${from}): ${(err as Error).message}`,
    );
  }
}

/**
 * A builtin plugin's option with no variables in play (a callback's): its environment
 * variable or ansible.cfg, else its default, typed.
 */
export function pluginOption(plugin: string, option: string): unknown {
  const def = ANSIBLE_SETTINGS.plugins[plugin]?.[option];
  if (!def) throw new Error(`no option ${option} for ${plugin}`);
  try {
    return settingValue(def, ANSIBLE_SETTINGS.settings, () => ({ found: false }));
  } catch (err) {
    throw configError(`Invalid type for configuration option ${plugin} ${option}: ${(err as Error).message}`);
  }
}
