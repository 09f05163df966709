/**
 * Applies a task's `module_defaults` to its arguments, as Ansible 2.14's
 * get_action_args_with_defaults (executor/module_common.py) does in TaskExecutor._execute:
 * the list of dicts is merged (later dicts win, key by key), the `group/…` entries holding the
 * action apply first, in their key order, then the action's own entry, then the task's
 * arguments, which win over all. Values are templated here; keys were resolved at load
 * (playbook/module-defaults.ts) and the groups holding the action at plan time.
 */
import type { TaskSpec } from '../plan/task-spec.js';

type Args = Record<string, unknown>;

/** The defaults `action` (a resolved FQCN) gets, templated, without the task's arguments. */
export function defaultsFor(
  action: string,
  defaults: readonly Args[] | undefined,
  groups: readonly string[] | undefined,
  render: (value: unknown) => unknown,
): Args {
  if (!defaults?.length) return {};
  const merged: Args = Object.assign({}, ...defaults);
  const out: Args = {};
  for (const key of Object.keys(merged)) {
    if (key.startsWith('group/') && groups?.includes(key.split('group/').at(-1)!))
      Object.assign(out, asArgs(render(merged[key])));
  }
  if (action in merged) Object.assign(out, asArgs(render(merged[action])));
  return out;
}

/** A task's arguments with its module_defaults under them (gather_facts: setup's too). */
export function withModuleDefaults(spec: TaskSpec, args: Args, render: (value: unknown) => unknown): Args {
  const defaults = spec.keywords.module_defaults;
  if (!defaults?.length) return args;
  const action = resolvedAction(spec);
  let out: Args = { ...defaultsFor(action, defaults, spec.defaultGroups?.[action], render), ...args };
  // The gather_facts action runs setup with setup's defaults under its arguments.
  if (action === 'ansible.builtin.gather_facts') {
    const setup = 'ansible.builtin.setup';
    out = { ...defaultsFor(setup, defaults, spec.defaultGroups?.[setup], render), ...out };
  }
  return out;
}

/** The FQCN module_defaults keys name the task's action by (Ansible's resolved_fqcn). */
export function resolvedAction(spec: TaskSpec): string {
  const m = spec.module;
  if (m) return m.collection === '' ? `ansible.legacy.${m.fqcn}` : m.fqcn;
  return `ansible.builtin.${spec.action}`;
}

function asArgs(value: unknown): Args {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Args) : {};
}
