import { Mutex } from '../../sync/index.js';
import type { Scenario } from '../types.js';
import { gap, nap, sum, timedAsync, timedSync, usesSyncApi } from './shared.js';

const COUNTER = 0;
/** Stays 0: the nap word. */
const NAP = 1;
/** Every NAP_EVERY-th increment sleeps inside its read-write window (both modes alike). */
const NAP_EVERY = 64;

/**
 * Lost updates: every worker adds 1 to a shared counter `iterations` times with a separate
 * read and write. Naive: no lock, so increments overwrite each other. Safe: inside a Mutex.
 */
export const mutexScenario: Scenario = {
  name: 'mutex',
  describe: 'read-modify-write of a shared counter: lost updates without a Mutex',

  setup() {
    return { counter: new SharedArrayBuffer(16), mutex: Mutex.create().buffer };
  },

  async work({ settings, index, data, waits }) {
    const counter = new Int32Array(data.counter as SharedArrayBuffer);
    const mutex = new Mutex(data.mutex as SharedArrayBuffer);
    const increment = (i: number): void => {
      const v = Atomics.load(counter, COUNTER);
      gap(counter, 20);
      if (i % NAP_EVERY === 0) nap(counter, NAP, 0.1);
      Atomics.store(counter, COUNTER, v + 1);
    };
    for (let i = 0; i < settings.iterations; i++) {
      if (settings.mode === 'naive') {
        increment(i);
      } else if (usesSyncApi(index)) {
        const g = timedSync(waits, () => mutex.acquireSync());
        increment(i);
        g.release();
      } else {
        const g = await timedAsync(waits, () => mutex.acquire());
        increment(i);
        g.release();
      }
    }
    return { violations: 0, acquisitions: settings.iterations, contended: 0, metrics: {} };
  },

  verify(settings, data, results) {
    const expected = settings.threads * settings.iterations;
    const counter = Atomics.load(new Int32Array(data.counter as SharedArrayBuffer), COUNTER);
    const stats = new Mutex(data.mutex as SharedArrayBuffer).stats();
    return {
      violations: expected - counter,
      metrics: {
        expected,
        counter,
        lostUpdates: expected - counter,
        acquisitions: sum(results, (r) => r.acquisitions),
        contended: stats.contended,
        maxWaitUs: stats.maxWaitUs,
      },
    };
  },
};
