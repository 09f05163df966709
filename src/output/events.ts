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

export type TaskResult = Record<string, unknown> & {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  unreachable?: boolean;
  msg?: string;
};

export type RunEvent =
  | { type: 'playbook_start'; file: string }
  | { type: 'play_start'; name: string; hosts: string[] }
  | { type: 'task_start'; name: string; action: string; hostsTotal: number; handler: boolean; path?: string }
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
      noLog?: boolean;
    }
  | { type: 'no_hosts_remaining' }
  | { type: 'warning'; message: string }
  | { type: 'recap'; stats: Record<string, HostStats> }
  | { type: 'interrupted' };

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
