import { Semaphore } from '../../sync/index.js';
import type { Scenario } from '../types.js';
import { gap, nap, sum, timedAsync, timedSync, usesSyncApi } from './shared.js';

const HOLDERS = 0;
const MAX_HOLDERS = 1;
/** Never written: holders sleep on it briefly to leave the CPU to the threads queueing outside. */
const NAP = 2;
const NAP_MS = 0.02;

/**
 * Over-admission: at most `permits` workers may be inside at once (like --forks). Naive: a
 * check-then-increment of a holders counter. Safe: a Semaphore with `permits` permits.
 */
export const semaphoreScenario: Scenario = {
  name: 'semaphore',
  describe: 'bounded admission (like --forks): more holders than permits without a Semaphore',

  setup(settings) {
    return { counters: new SharedArrayBuffer(16), sem: Semaphore.create(settings.permits).buffer };
  },

  async work({ settings, index, data, waits }) {
    const c = new Int32Array(data.counters as SharedArrayBuffer);
    const sem = new Semaphore(data.sem as SharedArrayBuffer);
    let over = 0;
    const inside = (): void => {
      const h = Atomics.add(c, HOLDERS, 1) + 1;
      if (h > settings.permits) over++;
      let seen = Atomics.load(c, MAX_HOLDERS);
      while (h > seen)
        seen = Atomics.compareExchange(c, MAX_HOLDERS, seen, h) === seen ? h : Atomics.load(c, MAX_HOLDERS);
      // A short sleep, as a host task waiting on I/O would: on 2 cores the waiting threads then
      // run during the race window instead of only when the scheduler preempts someone.
      nap(c, NAP, NAP_MS);
      Atomics.sub(c, HOLDERS, 1);
    };
    for (let i = 0; i < settings.iterations; i++) {
      if (settings.mode === 'naive') {
        // Check, then (after a gap) increment: two workers can both pass the check.
        while (Atomics.load(c, HOLDERS) >= settings.permits) gap(c, 1);
        gap(c, 50);
        if (i % 4 === 0) nap(c, NAP, NAP_MS);
        inside();
        continue;
      }
      const g = usesSyncApi(index)
        ? timedSync(waits, () => sem.acquireSync())
        : await timedAsync(waits, () => sem.acquire());
      inside();
      g.release();
    }
    return { violations: over, acquisitions: settings.iterations, contended: 0, metrics: {} };
  },

  verify(settings, data, results) {
    const c = new Int32Array(data.counters as SharedArrayBuffer);
    const stats = new Semaphore(data.sem as SharedArrayBuffer).stats();
    return {
      violations: sum(results, (r) => r.violations),
      metrics: {
        permits: settings.permits,
        maxHolders: Atomics.load(c, MAX_HOLDERS),
        acquisitions: sum(results, (r) => r.acquisitions),
        contended: stats.contended,
        maxWaitUs: stats.maxWaitUs,
      },
    };
  },
};
