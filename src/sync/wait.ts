import { abortedError, timeoutError } from './errors.js';
import type { SharedStats } from './stats.js';

export interface AcquireOptions {
  /** Rejects with FLT_SYNC_ABORTED when aborted while waiting. */
  signal?: AbortSignal;
  /** Rejects with FLT_SYNC_TIMEOUT after this many ms of waiting (no limit when omitted). */
  timeoutMs?: number;
}

export interface SyncAcquireOptions {
  timeoutMs?: number;
}

export type WaitResult = 'ok' | 'not-equal' | 'timed-out' | 'aborted';

type WaitAsyncResult =
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };

// Atomics.waitAsync exists in Node 20 but not in TypeScript's ES2023 lib typings.
const atomicsWaitAsync = (
  Atomics as unknown as {
    waitAsync(ia: Int32Array, index: number, value: number, timeoutMs?: number): WaitAsyncResult;
  }
).waitAsync;

export function deadlineOf(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + Math.max(0, timeoutMs);
}

/**
 * Sleeps on `ia[index]` while it equals `expected`, without blocking the event loop.
 * A wait given up because of an abort stays registered until its own timeout; if a notify
 * lands on it later, it forwards that notify so no real waiter misses its wake-up.
 */
export function waitAsyncOn(
  ia: Int32Array,
  index: number,
  expected: number,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<WaitResult> | WaitResult {
  if (signal?.aborted) return 'aborted';
  const remaining = deadline - performance.now();
  if (remaining <= 0) return 'timed-out';
  const res = atomicsWaitAsync(
    ia,
    index,
    expected,
    remaining === Number.POSITIVE_INFINITY ? undefined : remaining,
  );
  if (!res.async) return res.value;
  if (!signal) return res.value;
  return new Promise<WaitResult>((resolve) => {
    let abandoned = false;
    const onAbort = (): void => {
      abandoned = true;
      resolve('aborted');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    res.value.then((value) => {
      signal.removeEventListener('abort', onAbort);
      if (!abandoned) resolve(value);
      else if (value === 'ok') Atomics.notify(ia, index, 1);
    });
  });
}

/** Blocking variant (workers only; callers check assertMayBlock first). */
export function waitSyncOn(ia: Int32Array, index: number, expected: number, deadline: number): WaitResult {
  const remaining = deadline - performance.now();
  if (remaining <= 0) return 'timed-out';
  return Atomics.wait(ia, index, expected, remaining === Number.POSITIVE_INFINITY ? undefined : remaining);
}

/** Turns a final 'timed-out' / 'aborted' into the typed error and counts it. */
export function failWait(
  result: 'timed-out' | 'aborted',
  what: string,
  options: AcquireOptions | undefined,
  stats: SharedStats,
): never {
  if (result === 'aborted') {
    stats.aborted();
    throw abortedError(what, options?.signal?.reason);
  }
  stats.timedOut();
  throw timeoutError(what, options?.timeoutMs ?? 0);
}

/** An acquire whose signal is already aborted fails at once, even if the lock is free. */
export function rejectAborted(
  what: string,
  options: AcquireOptions | undefined,
  stats: SharedStats,
): Promise<never> {
  try {
    failWait('aborted', what, options, stats);
  } catch (err) {
    return Promise.reject(err);
  }
}
