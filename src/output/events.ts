/**
 * Typed run events. The core emits them; only reporters in output/ print.
 * They are plain data: they cross the worker boundary by structured clone.
 */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

/**
 * Where an action plugin's display.warning goes (service's 'Ignoring "sleep"'): the reporter
 * shows it; as an `_ansible_` key it is stripped from what is registered and dumped, as
 * Ansible's never enters the result.
 */
export const DISPLAY_WARNINGS = '_ansible_display_warnings';

export type TaskResult = Record<string, unknown> & {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  unreachable?: boolean;
  /** Usually a string; debug's msg may be any value. */
  msg?: unknown;
};

export type RunEvent =
  | { type: 'playbook_start'; file: string }
  | { type: 'play_start'; name: string; hosts: string[] }
  | {
      type: 'task_start';
      name: string;
      action: string;
      hostsTotal: number;
      handler: boolean;
      path?: string;
      /** unique per task (Ansible's uuid): lets reporters re-print a banner when free strategy interleaves tasks */
      taskId?: string;
      /** free strategy: the banner waits for the task's first printed result (Ansible's default callback) */
      lazy?: boolean;
    }
  | {
      type: 'host_result';
      host: string;
      task: string;
      action: string;
      status: HostStatus;
      result: TaskResult;
      /** failed but ignore_errors: printed as failed, counted as ignored. */
      ignored?: boolean;
      /** per-item result of a loop */
      item?: unknown;
      label?: string;
      delegatedTo?: string;
      durationMs?: number;
      /** SSH sessions opened for the host so far in the run (for --profile) */
      sessions?: number;
      /** round trips to the host during this task (the aggregate of a loop counts all items) */
      roundTrips?: number;
      noLog?: boolean;
      /** diff mode was on for the task: a result's `diff` is printed only then (v2_on_file_diff) */
      diff?: boolean;
      /** same as task_start.taskId */
      taskId?: string;
      /** the task has a loop: the event without `item` is the aggregate that follows the per-item events */
      loop?: boolean;
      /** failed inside a block whose rescue runs: printed as fatal, counted as rescued (not failed) */
      rescued?: boolean;
    }
  /** an `until` attempt that failed and will be retried (Ansible's v2_runner_retry) */
  | {
      type: 'host_retry';
      host: string;
      task: string;
      taskId?: string;
      action: string;
      result: TaskResult;
      delegatedTo?: string;
      noLog?: boolean;
    }
  /** an async job polled and still running, or its end (Ansible's v2_runner_on_async_poll/ok/failed) */
  | {
      type: 'host_async';
      kind: 'poll' | 'ok' | 'failed';
      host: string;
      task: string;
      taskId?: string;
      action: string;
      result: TaskResult;
      delegatedTo?: string;
      noLog?: boolean;
    }
  | { type: 'no_hosts_remaining' }
  /** include_tasks: `included: FILE for h1, h2` (and `=> (item=…)` in a loop) */
  | { type: 'included'; file: string; hosts: string[]; item?: string; noLog?: boolean }
  /** the play's host pattern matched no host (Ansible: "skipping: no hosts matched") */
  | { type: 'no_hosts_matched' }
  | { type: 'warning'; message: string }
  /** `[DEPRECATION WARNING]: …` on stderr (a load-time one: a bare include, a deprecated module name) */
  | {
      type: 'deprecation';
      msg: string;
      version?: string;
      date?: string;
      collection?: string;
      /** From a host's task: printed each time, unless the text was printed once already (at load). */
      everyTime?: boolean;
    }
  /** an error that does not stop the run (Ansible's display.error) */
  | { type: 'error'; message: string }
  /** a line Ansible prints on stdout from `level` -v on (e.g. `META: ending play` at -vv) */
  | { type: 'verbose'; level: number; message: string }
  /** custom: set_stats' data per host and '_run', when ANSIBLE_SHOW_CUSTOM_STATS shows it. */
  | { type: 'recap'; stats: Record<string, HostStats>; custom?: Record<string, Record<string, unknown>> }
  | { type: 'interrupted' };

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

/** What every output mode is: it sees each event of the run, in order, on the main thread. */
export interface Reporter {
  handle(event: RunEvent): void;
  /** Flushes anything pending (a live progress line) and stops timers. Idempotent. */
  close(): void;
}
