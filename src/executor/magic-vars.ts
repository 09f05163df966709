/**
 * Ansible's magic variables that do not come from the inventory or the play's text:
 * VariableManager._get_magic_variables and load_options_vars (the same for every host and
 * task of a run), and the connection variables PlayContext.update_vars and the connection
 * plugin's update_vars add to a task's variables as it runs (never to `hostvars`).
 */
import path from 'node:path';
import { ANSIBLE_CORE_VERSION } from '../bridge/internal-args.js';
import { configFileInUse } from '../config/find-config.js';
import { PLAYBOOK_PYTHON } from '../inventory/playbook-python.js';
import type { RunOptions } from '../plan/options.js';

/** The inventory Ansible uses when no -i is given (DEFAULT_HOST_LIST). */
const DEFAULT_HOST_LIST = '/etc/ansible/hosts';

/** The run options the magic variables report (ansible_forks, ansible_limit, …). */
export type RunMagicOptions = Pick<
  RunOptions,
  'inventories' | 'forks' | 'limit' | 'tags' | 'skipTags' | 'check' | 'diff' | 'verbosity'
>;

/** CLI.version_info: `{string, full, major, minor, revision}`. */
function versionInfo(version: string): Record<string, unknown> {
  const [major, minor, revision] = version.split('.').map(Number);
  return { string: version, full: version, major, minor, revision };
}

/** ansible-playbook's unfrackpath for -i: ~ expanded, absolute, normalised; `a,b` lists kept. */
function inventorySource(source: string): string {
  if (source.includes(',')) return source;
  const home = process.env.HOME ?? '';
  const expanded = source === '~' || source.startsWith('~/') ? home + source.slice(1) : source;
  return path.resolve(expanded);
}

/**
 * The magic variables of the whole run: ansible_playbook_python, ansible_config_file (the
 * ansible.cfg read, else None) and the option variables.
 */
export function runMagicVars(options: RunMagicOptions): Record<string, unknown> {
  const sources = options.inventories.length
    ? options.inventories
    : (process.env.ANSIBLE_INVENTORY?.split(',').filter(Boolean) ?? [DEFAULT_HOST_LIST]);
  const vars: Record<string, unknown> = {
    ansible_playbook_python: PLAYBOOK_PYTHON,
    ansible_config_file: configFileInUse(),
    ansible_version: versionInfo(ANSIBLE_CORE_VERSION),
    ansible_check_mode: options.check,
    ansible_diff_mode: options.diff,
    ansible_forks: options.forks,
    ansible_inventory_sources: sources.map(inventorySource),
    // the CLI makes sets of them (their order is Python's set order)
    ansible_skip_tags: [...new Set(options.skipTags)],
    ansible_run_tags: options.tags.length ? [...new Set(options.tags)] : ['all'],
    ansible_verbosity: options.verbosity,
  };
  if (options.limit !== undefined) vars.ansible_limit = options.limit;
  return vars;
}

/** What a task's connection is, as PlayContext resolves it from the task's variables. */
export interface ConnectionFacts {
  connection: string;
  /** The host's address when no ansible_host says otherwise (implicit localhost: 127.0.0.1). */
  address: string;
  /** -u. */
  user?: string;
  /** --private-key. */
  privateKeyFile?: string;
  timeoutSeconds: number;
}

const first = (vars: Record<string, unknown>, ...names: string[]): unknown => {
  for (const n of names) if (vars[n] !== undefined && vars[n] !== null) return vars[n];
  return undefined;
};

/**
 * The connection variables a task sees, in Ansible's two views: `args` (PlayContext.update_vars:
 * what the task's arguments and `when` are templated with) and `action` (the connection
 * plugin's update_vars: what the action itself reads, e.g. `debug: var=`, the template
 * module). Each is added only where the variable is not set already. Passwords never are.
 */
export function connectionVars(
  vars: Record<string, unknown>,
  facts: ConnectionFacts,
): { args: Record<string, unknown>; action: Record<string, unknown> } {
  const addr = first(vars, 'ansible_ssh_host', 'ansible_host') ?? facts.address;
  const user = first(vars, 'ansible_ssh_user', 'ansible_user') ?? facts.user;
  const port = first(vars, 'ansible_ssh_port', 'ansible_port');
  const key = first(vars, 'ansible_ssh_private_key_file', 'ansible_private_key_file') ?? facts.privateKeyFile;
  // flotilla never copies a module file before running it: it always pipelines.
  const common: Record<string, unknown> = {
    ansible_connection: facts.connection,
    ansible_host: addr,
    ansible_pipelining: true,
    ansible_timeout: facts.timeoutSeconds,
    ansible_shell_executable: '/bin/sh',
    ansible_module_compression: 'ZIP_DEFLATED',
  };
  const args: Record<string, unknown> = {
    ...common,
    ansible_ssh_host: addr,
    ansible_ssh_pipelining: true,
    ansible_ssh_timeout: facts.timeoutSeconds,
  };
  const action: Record<string, unknown> = { ...common, ansible_shell_type: 'sh' };
  if (user !== undefined) {
    Object.assign(args, { ansible_user: user, ansible_ssh_user: user });
    action.ansible_user = user;
  }
  if (port !== undefined) {
    Object.assign(args, { ansible_port: port, ansible_ssh_port: port });
    action.ansible_port = port;
  }
  if (key !== undefined) {
    Object.assign(args, { ansible_private_key_file: key, ansible_ssh_private_key_file: key });
    action.ansible_private_key_file = key;
  }
  const absent = (layer: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(layer).filter(([k]) => vars[k] === undefined));
  return { args: absent(args), action: absent(action) };
}
