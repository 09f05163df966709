/** Options of one `flotilla run`, validated at the CLI boundary. */
import type { ModuleForm } from '../modules/module-form.js';
import type { VaultSecret } from '../vault/secrets.js';

export interface RunOptions {
  playbooks: string[];
  inventories: string[];
  extraVars: Record<string, unknown>;
  /** Host-tasks in flight across all workers together. */
  forks: number;
  limit?: string;
  tags: string[];
  skipTags: string[];
  check: boolean;
  diff: boolean;
  verbosity: number;
  user?: string;
  privateKeyFile?: string;
  connectTimeoutMs: number;
  /** -k / --connection-password-file: the ssh password for hosts that set none. */
  connectionPassword?: string;
  /** --ssh-common-args / --ssh-extra-args: for hosts that set no ansible_ssh_*_args. */
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  /** --force-handlers: notified handlers run on hosts that failed too. */
  forceHandlers?: boolean;
  /** Overrides the plays' `strategy:` (from --strategy or ANSIBLE_STRATEGY). */
  strategy?: string;
  /** Worker threads; default: cores, at most the number of hosts. */
  workers?: number;
  /**
   * Keyword defaults from the command line (-c, -b, --become-user, --become-method): as in
   * Ansible they are the attributes' defaults, so any play, block or task keyword wins.
   */
  keywordDefaults?: Record<string, unknown>;
  /** --start-at-task: a task name or glob; plays before the one holding it run nothing. */
  startAtTask?: string;
  /** Vault passwords (--vault-id, --vault-password-file, --ask-vault-pass), for the workers. */
  vaultSecrets?: VaultSecret[];
  /** -K / --become-password-file: the become password, for the workers. */
  becomePassword?: string;
  /** Modules flotilla has in both forms run natively (default) or through the bridge. */
  moduleForm?: ModuleForm;
  /** Idle connections a worker keeps at most (LRU eviction beyond). */
  maxConnectionsPerWorker: number;
  /** The run's memory target in bytes: open connections are bounded to fit (memory-budget.ts). */
  memoryTargetBytes?: number;
}

/**
 * Forks default to 50, not Ansible's 5: Ansible forks a Python process per host-task,
 * flotilla runs a host-task as an async job on a worker over a connection that stays
 * open, so 50 in flight costs little memory and keeps sshd busy on both cores.
 */
export const DEFAULT_RUN_OPTIONS: Omit<RunOptions, 'playbooks' | 'inventories'> = {
  extraVars: {},
  forks: 50,
  tags: [],
  skipTags: [],
  check: false,
  diff: false,
  verbosity: 0,
  connectTimeoutMs: 10_000,
  maxConnectionsPerWorker: 4096,
};
