/**
 * The messages between the main thread and the host workers. Plain data only: they are
 * structured-cloned across the thread boundary.
 */
import type { ErrorData } from '../errors/index.js';
import type { HostStatus, TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';

export interface WorkerInit {
  shard: number;
  registry: SharedArrayBuffer;
  forks: SharedArrayBuffer;
  hosts: { name: string; slot: number; vars: Record<string, unknown>; groupNames: string[] }[];
  /** Inventory-level vars of every host in the run, for `hostvars` of hosts on other workers. */
  allHostVars: Record<string, Record<string, unknown>>;
  extraVars: Record<string, unknown>;
  check: boolean;
  diff: boolean;
  verbosity: number;
  user?: string;
  privateKeyFile?: string;
  connectTimeoutMs: number;
  maxConnections: number;
}

export interface PlayData {
  playId: string;
  name: string;
  playbookDir: string;
  vars: Record<string, unknown>;
  varsFilesVars: Record<string, unknown>;
  hosts: string[];
  groups: Record<string, string[]>;
  specs: Record<string, TaskSpec>;
}

export interface UnitRequest {
  playId: string;
  host: string;
  taskId: string;
  batch: string[];
  /** Set on tasks run in a rescue section. */
  failedTask?: { name: string; id: string };
  failedResult?: TaskResult;
}

export interface ItemOutcome {
  status: HostStatus;
  result: TaskResult;
  item: unknown;
  label: string;
}

export type MetaAction =
  | 'flush_handlers'
  | 'end_play'
  | 'end_host'
  | 'end_batch'
  | 'clear_host_errors'
  | 'noop'
  | 'refresh_inventory'
  | 'clear_facts'
  | 'reset_connection';

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
  noLog: boolean;
  meta?: MetaAction;
  delegatedTo?: string;
}

export interface PreconnectOutcome {
  host: string;
  ok: boolean;
  error?: ErrorData;
}
