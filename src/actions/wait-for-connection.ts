/**
 * Ansible 2.14's wait_for_connection action plugin: after `delay`, runs the ping module on the
 * host until it answers `pong` or `timeout` seconds pass, `sleep` seconds between tries; the
 * result's `elapsed` is whole seconds. (The ssh connection has no transport_test, so ping is
 * the only test; `connect_timeout` is accepted and, as in Ansible, not used by it.)
 */
import type { TaskResult } from '../output/events.js';
import { invalidOptions } from './action-fail.js';

const VALID_ARGS = ['connect_timeout', 'delay', 'sleep', 'timeout'];

export interface ConnectionProbe {
  /** One ping of the host over a fresh connection attempt; throws when it is unreachable. */
  ping(): Promise<TaskResult>;
  sleep(ms: number): Promise<void>;
  /** Milliseconds, monotonic enough for the timeout. */
  now(): number;
}

/** Python's int() of an option (a bad one fails the task as the ValueError would). */
function intOption(args: Record<string, unknown>, name: string, fallback: number): number {
  const value = args[name];
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value.trim()) : Number(value);
  if (typeof value === 'string' && !/^\s*[-+]?\d+\s*$/.test(value))
    throw new Error(`invalid literal for int() with base 10: '${value}'`);
  if (!Number.isFinite(n))
    throw new Error(`int() argument must be a string or a number, not '${typeof value}'`);
  return Math.trunc(n);
}

export async function waitForConnection(
  args: Record<string, unknown>,
  check: boolean,
  probe: ConnectionProbe,
): Promise<TaskResult> {
  intOption(args, 'connect_timeout', 5);
  const delay = intOption(args, 'delay', 0);
  const sleep = intOption(args, 'sleep', 1);
  const timeout = intOption(args, 'timeout', 600);
  if (check) return { changed: false, skipped: true };
  const invalid = invalidOptions('wait_for_connection', args, VALID_ARGS);
  if (invalid) return invalid;
  const start = probe.now();
  if (delay > 0) await probe.sleep(delay * 1000);
  const end = probe.now() + timeout * 1000;
  let error = '';
  let answered = false;
  while (probe.now() < end) {
    try {
      const result = await probe.ping();
      if (result.ping !== 'pong') throw new Error(pingFailure(result));
      answered = true;
      break;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      await probe.sleep(sleep * 1000);
    }
  }
  const elapsed = Math.floor((probe.now() - start) / 1000);
  if (answered) return { failed: false, changed: false, elapsed };
  return { failed: true, changed: false, msg: `timed out waiting for ping module test: ${error}`, elapsed };
}

/** A ping result that is not `pong`: Ansible raises 'ping test failed' (a failed module's KeyError aside). */
function pingFailure(result: TaskResult): string {
  return result.failed && typeof result.msg === 'string' ? result.msg : 'ping test failed';
}
