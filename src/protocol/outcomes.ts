/** Outcomes built outside the normal task path: the one shape, written once. */
import type { HostStatus, TaskResult } from '../output/events.js';
import type { UnitOutcome } from './messages.js';

/**
 * An outcome the host's task did not produce itself: the connection failed before it ran,
 * its worker failed, or run_once copied another host's result.
 */
export function plainOutcome(
  host: string,
  taskId: string,
  status: HostStatus,
  result: TaskResult,
): UnitOutcome {
  return { host, taskId, status, result, ignored: false, notified: [], durationMs: 0, noLog: false };
}

/** A task that failed with `msg` before or outside the module (a worker error, for one). */
export function failedOutcome(host: string, taskId: string, msg: string): UnitOutcome {
  return plainOutcome(host, taskId, 'failed', { failed: true, changed: false, msg });
}
