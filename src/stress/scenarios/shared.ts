import type { Histogram } from '../histogram.js';
import type { WorkerResult } from '../types.js';

/**
 * A short gap of real memory traffic (Atomics.load cannot be optimised away). Placed between
 * a read and the write that depends on it, it widens the race window of the naive modes so the
 * defect shows on every run instead of by luck.
 */
export function gap(ia: Int32Array, loads: number): number {
  let x = 0;
  for (let i = 0; i < loads; i++) x ^= Atomics.load(ia, 0);
  return x;
}

/**
 * Sleeps about `ms` in a worker (Atomics.wait on a word that stays 0 and is never notified). Sleeping inside a race
 * window guarantees the other threads run during it, even on a machine too busy to run them all
 * at once, so the naive modes fail on every run rather than most runs.
 */
export function nap(ia: Int32Array, neverWrittenIndex: number, ms: number): void {
  Atomics.wait(ia, neverWrittenIndex, 0, ms);
}

/** Times one acquisition and records its wait in µs. */
export async function timedAsync<T>(waits: Histogram, acquire: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const g = await acquire();
  waits.record((performance.now() - t0) * 1000);
  return g;
}

export function timedSync<T>(waits: Histogram, acquire: () => T): T {
  const t0 = performance.now();
  const g = acquire();
  waits.record((performance.now() - t0) * 1000);
  return g;
}

/** Safe mode alternates sync and async acquisition across workers, so both paths race. */
export function usesSyncApi(index: number): boolean {
  return index % 2 === 0;
}

export function sum(results: WorkerResult[], pick: (r: WorkerResult) => number): number {
  return results.reduce((n, r) => n + pick(r), 0);
}
