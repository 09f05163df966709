/**
 * What running one task on one host needs (Ansible's TaskExecutor inputs), in a file of its own:
 * the task executor, the controller actions (src/actions/controller/) and include_vars all use
 * it, and none of them imports another for it.
 */

import type { ErrorData } from '../errors/index.js';
import type { BecomeSpec } from '../modules/types.js';
import type { TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { AsyncEvent, InventoryChange } from '../protocol/messages.js';
import type { HostState } from './host-state.js';

export interface TemplateEngine {
  render(value: unknown, vars: Record<string, unknown>, taint?: { unsafe: boolean }): unknown;
  conditional(condition: unknown, vars: Record<string, unknown>): boolean;
  omitToken: string;
  /** Directories relative lookups search (role, task file, playbook). */
  searchPath?: string[];
}

export interface ExecutionContext {
  host: HostState;
  spec: TaskSpec;
  vars: Record<string, unknown>;
  /** The task cannot run on this host (its templated action name failed): fails it after `when`. */
  actionError?: string;
  /**
   * The variables the action itself reads (`debug: var=`, assert, the template module): the
   * task's, with the connection plugin's connection variables instead of PlayContext's.
   */
  actionView?: (vars: Record<string, unknown>) => Record<string, unknown>;
  /**
   * The variables PlayContext reads the connection and become settings from: the task's,
   * without the connection variables added only for templating (update_vars runs after
   * set_task_and_variable_override, so `-u` added as ansible_user must not beat remote_user).
   */
  playContextView?: (vars: Record<string, unknown>) => Record<string, unknown>;
  templates: TemplateEngine;
  /**
   * `delegate_facts` holds (set by the executor): set_fact and include_vars leave this host's
   * variables alone, the worker hands their facts to the delegated host.
   */
  factsDelegated?: boolean;
  check: boolean;
  diff: boolean;
  playbookDir?: string;
  /** The become password from the command line (-K, --become-password-file): beats the variables. */
  becomePassword?: string;
  /**
   * group_by / add_host: applies an inventory change to the worker's copy (so later items and
   * tasks see it), records it for the main thread, and says whether it changed anything.
   */
  changeInventory?: (change: InventoryChange) => boolean;
  /** Runs a module on the host (forks permit and pooled connection are the caller's job). */
  runModule(action: string, args: Record<string, unknown>, options: ModuleRunOptions): Promise<TaskResult>;
}

export interface ModuleRunOptions {
  check: boolean;
  diff: boolean;
  become?: BecomeSpec;
  /** The task's connection variables (play-context-vars.ts), from every variable source, templated. */
  connectionVars?: Record<string, unknown>;
  /** The `remote_user` keyword (the ansible_user variables beat it). */
  remoteUser?: string;
  environment?: Record<string, string>;
  timeoutMs?: number;
  delegateTo?: string;
  /** The task's variables (with the loop item), for the template module. */
  vars?: Record<string, unknown>;
  /** The task's no_log: Ansible's modules are told it (_ansible_no_log). */
  noLog?: boolean;
  /** `async:` seconds and `poll:` seconds; each poll and the end are reported to `onEvent`. */
  async?: { seconds: number; poll: number; onEvent(event: AsyncEvent): void };
  /** The shell's async_dir option (ansible_async_dir, else ANSIBLE_ASYNC_DIR), unexpanded, when set. */
  asyncDir?: string;
}

/** Thrown by runModule when the host cannot be reached: the host is unreachable, not failed. */
export class UnreachableError extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}
