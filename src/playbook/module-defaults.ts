/**
 * The `module_defaults` keyword as Ansible 2.14 loads it (playbook/base.py
 * `_load_module_defaults`): a mapping or a list of mappings whose keys are static action or
 * `group/…` names. Keys are stored resolved, as Ansible stores them: a short name counts as
 * `ansible.legacy.<name>` and also as `ansible.builtin.<name>` when that exists; a group as
 * `group/<fully qualified group>`. Only the values are templated, at run time, by the worker.
 */
import { type ModuleCatalog, moduleCatalog } from '../bridge/catalog.js';

/** The validated keyword: Ansible's list of dicts (later ones win, key by key). */
export type ModuleDefaults = Record<string, unknown>[];

/** Ansible's AnsibleParserError text for a value of the wrong shape. */
export const MODULE_DEFAULTS_TYPE_TEXT =
  "The field 'module_defaults' is supposed to be a dictionary or list of dictionaries, the keys of which must be static action, module, or group names. Only the values may contain templates. For example: {'ping': \"{{ ping_defaults }}\"}";

export type LoadedDefaults = { value: ModuleDefaults | undefined } | { problem: string };

/** `catalog`: the run's (unit tests pass one over a fixture tree). */
export function loadModuleDefaults(value: unknown, catalog: ModuleCatalog = moduleCatalog()): LoadedDefaults {
  if (value === null || value === undefined) return { value: undefined };
  const list = Array.isArray(value) ? value : [value];
  const out: ModuleDefaults = [];
  for (const dict of list) {
    if (!dict || typeof dict !== 'object' || Array.isArray(dict))
      return { problem: MODULE_DEFAULTS_TYPE_TEXT };
    const validated: Record<string, unknown> = {};
    for (const [key, defaults] of Object.entries(dict)) {
      if (key.startsWith('group/')) {
        const group = catalog.actionGroups.resolve(key.split('group/').at(-1)!);
        if (!group)
          return {
            problem: `Error loading module_defaults: could not resolve the module_defaults group ${fqGroupName(key)}`,
          };
        validated[`group/${group.name}`] = defaults;
        continue;
      }
      const entry = key.split('.').length < 3 ? `ansible.legacy.${key}` : key;
      const resolved = catalog.resolvedName(entry);
      if (!resolved) return { problem: `Could not resolve action ${entry} in module_defaults` };
      validated[resolved] = defaults;
      // ansible.legacy defaults also reach the ansible.builtin action of that name, if any.
      if (entry.startsWith('ansible.legacy.')) {
        const builtin = catalog.resolvedName(entry.replace('ansible.legacy.', 'ansible.builtin.'));
        if (builtin) validated[builtin] = defaults;
      }
    }
    out.push(validated);
  }
  return { value: out };
}

function fqGroupName(key: string): string {
  const name = key.split('group/').at(-1)!;
  return name.split('.').length >= 3 ? name : `ansible.builtin.${name}`;
}

/**
 * The groups among `defaults`' `group/…` keys that hold `action` (a resolved FQCN): the
 * worker applies those groups' defaults to it (Ansible's play._action_groups lookup).
 */
export function groupsHolding(
  action: string,
  defaults: ModuleDefaults,
  catalog: ModuleCatalog = moduleCatalog(),
): string[] {
  const groups = catalog.actionGroups;
  const out: string[] = [];
  for (const dict of defaults)
    for (const key of Object.keys(dict)) {
      if (!key.startsWith('group/')) continue;
      const name = key.slice('group/'.length);
      if (!out.includes(name) && groups.resolve(name, false)?.actions.includes(action)) out.push(name);
    }
  return out;
}
