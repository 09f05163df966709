/**
 * Ansible's PlayContext for one task (playbook/play_context.py set_task_and_variable_override,
 * and the become plugins' `vars:` options): a field comes from the task's keyword, unless one
 * of its variables is set, from ANY variable source (inventory, group_vars/host_vars, play
 * vars, vars_files, role vars/defaults, block and task vars, include params, set_fact, extra
 * vars). One table maps each field to its variable names; values are templated as Ansible's
 * post_validate templates them.
 */
import type { BecomeSpec } from '../modules/types.js';

/** A field of the PlayContext and the variables that set it. */
export interface ContextField {
  /** The variables, in the order Ansible reads them. */
  vars: readonly string[];
  /**
   * `first`: MAGIC_VARIABLE_MAPPING (the first variable that is set wins).
   * `last`: a plugin option's `vars:` list (config/manager.py _loop_entries: the last set wins).
   */
  pick: 'first' | 'last';
}

type Method = BecomeSpec['method'];

/** Ansible 2.14's constants.MAGIC_VARIABLE_MAPPING (the fields flotilla's transports know). */
export const CONNECTION_FIELDS = {
  connection: { vars: ['ansible_connection'], pick: 'first' },
  executable: { vars: ['ansible_shell_executable'], pick: 'first' },
  remote_addr: { vars: ['ansible_ssh_host', 'ansible_host'], pick: 'first' },
  remote_user: { vars: ['ansible_ssh_user', 'ansible_user'], pick: 'first' },
  password: { vars: ['ansible_ssh_pass', 'ansible_password', 'ansible_ssh_password'], pick: 'first' },
  port: { vars: ['ansible_ssh_port', 'ansible_port'], pick: 'first' },
  timeout: { vars: ['ansible_ssh_timeout', 'ansible_timeout'], pick: 'first' },
  private_key_file: {
    vars: ['ansible_ssh_private_key_file', 'ansible_private_key_file'],
    pick: 'first',
  },
  private_key_passphrase: { vars: ['ansible_private_key_passphrase'], pick: 'first' },
  ssh_common_args: { vars: ['ansible_ssh_common_args'], pick: 'first' },
  ssh_extra_args: { vars: ['ansible_ssh_extra_args'], pick: 'first' },
  host_key_checking: {
    vars: ['ansible_host_key_checking', 'ansible_ssh_host_key_checking'],
    pick: 'last',
  },
} as const satisfies Record<string, ContextField>;

/** The become fields: PlayContext's (become, become_method) and the become plugin's options. */
export function becomeFields(method: Method) {
  return {
    become: { vars: ['ansible_become'], pick: 'first' },
    become_method: { vars: ['ansible_become_method'], pick: 'first' },
    become_user: { vars: ['ansible_become_user', `ansible_${method}_user`], pick: 'last' },
    become_exe: { vars: ['ansible_become_exe', `ansible_${method}_exe`], pick: 'last' },
    become_flags: { vars: ['ansible_become_flags', `ansible_${method}_flags`], pick: 'last' },
    become_pass: {
      vars: ['ansible_become_password', 'ansible_become_pass', `ansible_${method}_pass`],
      pick: 'last',
    },
  } as const satisfies Record<string, ContextField>;
}

/** Every variable name the PlayContext reads (for the unit tests and the generated matrix). */
export const PLAY_CONTEXT_VARIABLES: readonly string[] = [
  ...Object.values(CONNECTION_FIELDS).flatMap((f) => f.vars),
  ...new Set((['sudo', 'su'] as const).flatMap((m) => Object.values(becomeFields(m)).flatMap((f) => f.vars))),
];

/** The variable that sets `field`, if any is set (null counts as unset, as for a keyword). */
export function fieldVariable(field: ContextField, vars: Record<string, unknown>): string | undefined {
  const set = field.vars.filter((n) => vars[n] !== undefined && vars[n] !== null);
  return field.pick === 'first' ? set[0] : set[set.length - 1];
}

export type Render = (value: unknown) => unknown;

/**
 * The connection variables of a task, templated: for each field, the variable that wins
 * (under its own name, which resolveConnectionParams reads through the same table).
 */
export function connectionVariables(vars: Record<string, unknown>, render: Render): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.values(CONNECTION_FIELDS)) {
    const name = fieldVariable(field, vars);
    if (name !== undefined) out[name] = render(vars[name]);
  }
  return out;
}

/** The become keywords a task carries (inherited from its blocks and play, or -b and friends). */
export interface BecomeKeywords {
  become?: unknown;
  become_user?: unknown;
  become_method?: unknown;
  become_flags?: unknown;
  become_exe?: unknown;
}

export interface BecomeContext {
  /** Whether to become at all (ansible_become over the `become` keyword). */
  enabled: boolean;
  method: string;
  user: string;
  flags?: string;
  exe?: string;
}

/**
 * A field's value: its variable if one is set, else the keyword (variables override keywords
 * in the PlayContext), templated. `render` carries the field name for error texts.
 */
function fieldValue(
  field: ContextField,
  keyword: unknown,
  vars: Record<string, unknown>,
  render: (value: unknown, field: string) => unknown,
  name: string,
): unknown {
  const variable = fieldVariable(field, vars);
  if (variable !== undefined) return render(vars[variable], name);
  return keyword === undefined || keyword === null ? undefined : render(keyword, name);
}

/** The task's become settings: keywords, overridden by the become variables of any source. */
export function becomeContext(
  keywords: BecomeKeywords,
  vars: Record<string, unknown>,
  render: (value: unknown, field: string) => unknown,
  truthy: (v: unknown) => boolean,
): BecomeContext {
  const base = becomeFields('sudo');
  const enabled = truthy(fieldValue(base.become, keywords.become, vars, render, 'become') ?? false);
  const method = String(
    fieldValue(base.become_method, keywords.become_method, vars, render, 'become_method') ?? 'sudo',
  );
  const fields = becomeFields(method as Method);
  const text = (v: unknown) => (v === undefined ? undefined : String(v));
  return {
    enabled,
    method,
    user: text(fieldValue(fields.become_user, keywords.become_user, vars, render, 'become_user')) ?? 'root',
    flags: text(fieldValue(fields.become_flags, keywords.become_flags, vars, render, 'become_flags')),
    exe: text(fieldValue(fields.become_exe, keywords.become_exe, vars, render, 'become_exe')),
  };
}
