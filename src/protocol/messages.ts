/**
 * The messages between the main thread and the host workers. Plain data only: they are
 * structured-cloned across the thread boundary.
 */

import type { MetaAction } from '../actions/meta.js';
import type { ErrorData } from '../errors/index.js';
import type { Inventory, VarsDirLayer } from '../inventory/model.js';
import type { ModuleForm } from '../modules/module-form.js';
import type { HostStatus, TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { VaultSecret } from '../vault/secrets.js';

export interface WorkerInit {
  shard: number;
  registry: SharedArrayBuffer;
  forks: SharedArrayBuffer;
  /** `address`: where the host is when no ansible_host says (the name unless implicit localhost). */
  hosts: {
    name: string;
    slot: number;
    vars: Record<string, unknown>;
    groupNames: string[];
    address?: string;
  }[];
  /** Inventory-level vars of every host in the run, for `hostvars` of hosts on other workers. */
  allHostVars: Record<string, Record<string, unknown>>;
  /** The implicit localhost's variables (when the inventory has no localhost), for `hostvars`. */
  implicitLocalhostVars?: Record<string, unknown>;
  extraVars: Record<string, unknown>;
  check: boolean;
  diff: boolean;
  verbosity: number;
  /** --modules / FLOTILLA_MODULES: the form of modules flotilla has in both (default native). */
  moduleForm?: ModuleForm;
  /** ANSIBLE_COLLECTIONS_PATH with the playbooks' adjacent collections/ (the worker's env predates it). */
  collectionsPath?: string;
  /** The run's magic variables that hold for every host and task (see magic-vars.ts). */
  runMagic?: Record<string, unknown>;
  user?: string;
  privateKeyFile?: string;
  connectTimeoutMs: number;
  /** -k / --connection-password-file: the ssh password for hosts that set none. */
  connectionPassword?: string;
  /** --ssh-common-args / --ssh-extra-args. */
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  maxConnections: number;
  /** The run's open-connection budget (ConnectionBudget), shared by every worker. */
  connectionBudget?: SharedArrayBuffer;
  /** The run's vault passwords: workers read vaulted files too (include_vars, copy src). */
  vaultSecrets: VaultSecret[];
  /** -K / --become-password-file: answers sudo's or su's prompt on the hosts. */
  becomePassword?: string;
  /** The run's inventory and playbook vars layers: group_by/add_host change it in the workers too. */
  inventory?: Inventory;
  playbookLayers?: VarsDirLayer[];
}

export interface PlayData {
  playId: string;
  name: string;
  playbookDir: string;
  vars: Record<string, unknown>;
  varsFilesVars: Record<string, unknown>;
  /**
   * Every vars_files entry as written (Play.varsFileEntries). When some are templated or
   * lists of alternatives, workers resolve them per host and this replaces varsFilesVars.
   */
  varsFileEntries?: (string | string[])[];
  hosts: string[];
  groups: Record<string, string[]>;
  specs: Record<string, TaskSpec>;
  /** The play's `connection` keyword (or -c): hosts without ansible_connection use it. */
  connection?: string;
  /** The play's roles (`roles:`, import_role) and their dependencies' names. */
  roleNames?: { play: string[]; dependencies: string[] };
  /** Inventory changes some worker may not have applied yet (each applies those it lacks). */
  inventoryUpdates?: InventoryLogEntry[];
  /** The playbook and role dirs loaded so far: their filter_plugins/ and test_plugins/ count. */
  pluginDirs?: string[];
}

export interface UnitRequest {
  playId: string;
  host: string;
  taskId: string;
  batch: string[];
  /** Set on tasks run in a rescue section. */
  failedTask?: { name: string; id: string };
  failedResult?: TaskResult;
  /** A task created at run time (include_tasks): the worker has no copy of it. */
  spec?: TaskSpec;
  /** `throttle`: a semaphore shared by all workers that bounds this task's concurrency. */
  throttle?: SharedArrayBuffer;
  /** hostvars of hosts owned by other workers that changed since this worker last heard. */
  hostvarUpdates?: HostVarsUpdate[];
  /** run_once: do not run; register this result (and its facts) as the first host's. */
  copyResult?: TaskResult;
  /** Inventory changes (group_by, add_host, new hosts' shards) this worker has not applied. */
  inventoryUpdates?: InventoryLogEntry[];
}

/** A poll of a running async job, or the job's end once polled (`poll:` > 0). */
export interface AsyncEvent {
  kind: 'poll' | 'ok' | 'failed';
  result: TaskResult;
}

export interface ItemOutcome {
  status: HostStatus;
  result: TaskResult;
  item: unknown;
  label: string;
  /** Results of the attempts `until` retried (Ansible's v2_runner_retry), in order. */
  retried?: TaskResult[];
  /** An async task's polls and its end (Ansible's v2_runner_on_async_*), in order. */
  asyncEvents?: AsyncEvent[];
  /** delegate_to of this item (rendered with the item); its result has _ansible_delegated_vars. */
  delegatedTo?: string;
}

export interface UnitOutcome {
  host: string;
  taskId: string;
  status: HostStatus;
  result: TaskResult;
  /** Failed with ignore_errors. */
  ignored: boolean;
  items?: ItemOutcome[];
  notified: string[];
  durationMs: number;
  /** SSH sessions opened for this host so far in the run (its worker's count), for --profile. */
  sessions?: number;
  /** Round trips to the host during this task (session-count.ts), for --profile. */
  roundTrips?: number;
  noLog: boolean;
  /** Diff mode was on for the task (--diff or its `diff` keyword): only then are diffs shown. */
  diff?: boolean;
  meta?: MetaAction;
  delegatedTo?: string;
  /** Results of the attempts `until` retried (Ansible's v2_runner_retry), in order. */
  retried?: TaskResult[];
  /** An async task's polls and its end (Ansible's v2_runner_on_async_*), in order. */
  asyncEvents?: AsyncEvent[];
  /** What this task changed in the host's variables, for other workers' `hostvars`. */
  varsUpdate?: HostVarsUpdate;
  /** `delegate_facts` held (with `delegate_to`): the facts belong to the delegated host(s). */
  delegateFacts?: boolean;
  /** Facts for delegated hosts (`delegate_facts`): their owners apply them, the others see them. */
  delegatedUpdates?: HostVarsUpdate[];
  /** The action a templated action name resolved to on this host (results are shown as its). */
  action?: string;
  /** runtime.yml deprecations of the module that name resolved to (Ansible's worker prints them each time). */
  moduleDeprecations?: { msg: string; version?: string; date?: string; collection_name?: string }[];
  /** group_by / add_host: the in-memory inventory changes, in order (a loop's items' too). */
  inventoryChanges?: InventoryChange[];
}

/**
 * A change to the run's in-memory inventory (Ansible's add_dynamic_group / add_dynamic_host),
 * or the main thread's assignment of a host to a worker shard.
 */
export type InventoryChange =
  | { kind: 'group_by'; host: string; group: string; parents: string[] }
  | { kind: 'add_host'; name: string; groups: string[]; vars: Record<string, unknown> }
  | { kind: 'assign'; host: string; shard: number; slot: number };

/** One entry of the run's inventory log, numbered; `origin`: the shard that already applied it. */
export interface InventoryLogEntry {
  seq: number;
  origin?: number;
  change: InventoryChange;
}

/** Variables a task set on a host (register, set_fact, include_vars) and its facts. */
export interface HostVarsUpdate {
  host: string;
  /** set_fact and registered results. */
  vars?: Record<string, unknown>;
  /** include_vars results (below `vars` in precedence). */
  included?: Record<string, unknown>;
  facts?: Record<string, unknown>;
  /** Names among `facts` a module returned without the `ansible_` prefix. */
  unprefixed?: string[];
  /** Made on another host's worker (delegate_facts): the host's owner applies it to its own state too. */
  toOwner?: boolean;
}

export interface PreconnectOutcome {
  host: string;
  ok: boolean;
  error?: ErrorData;
}
