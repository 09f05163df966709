import { RwLock } from '../../sync/index.js';
import type { Scenario } from '../types.js';
import { gap, nap, sum, timedAsync, timedSync, usesSyncApi } from './shared.js';

/** The record a writer rewrites word by word; a reader must never see a mix of two writes. */
const RECORD_WORDS = 8;
const WRITERS_ACTIVE = RECORD_WORDS;
const READERS_ACTIVE = RECORD_WORDS + 1;
/** Stays 0: the nap word. */
const NAP = RECORD_WORDS + 2;
const WORDS = RECORD_WORDS + 3;
/** Every NAP_EVERY-th write sleeps half-way through the record (both modes alike). */
const NAP_EVERY = 32;

/**
 * Torn reads and overlapping writers. Workers with an even index write, the others read.
 * Naive: no lock. Safe: RwLock (writers exclusive, readers shared).
 */
export const rwlockScenario: Scenario = {
  name: 'rwlock',
  describe: 'multi-word record: torn reads and overlapping writers without an RwLock',

  setup() {
    return { record: new SharedArrayBuffer(WORDS * 4), lock: RwLock.create().buffer };
  },

  async work({ settings, index, data, waits }) {
    const rec = new Int32Array(data.record as SharedArrayBuffer);
    const lock = new RwLock(data.lock as SharedArrayBuffer);
    const writer = index % 2 === 0 || settings.threads === 1;
    let torn = 0;
    let overlaps = 0;
    const write = (value: number, i: number): void => {
      if (Atomics.add(rec, WRITERS_ACTIVE, 1) > 0 || Atomics.load(rec, READERS_ACTIVE) > 0) overlaps++;
      for (let k = 0; k < RECORD_WORDS; k++) {
        Atomics.store(rec, k, value);
        gap(rec, 5);
        if (k === RECORD_WORDS / 2 && i % NAP_EVERY === 0) nap(rec, NAP, 0.1);
      }
      Atomics.sub(rec, WRITERS_ACTIVE, 1);
    };
    const read = (): void => {
      Atomics.add(rec, READERS_ACTIVE, 1);
      const first = Atomics.load(rec, 0);
      for (let k = 1; k < RECORD_WORDS; k++) {
        gap(rec, 5);
        if (Atomics.load(rec, k) !== first) {
          torn++;
          break;
        }
      }
      Atomics.sub(rec, READERS_ACTIVE, 1);
    };
    const op = (i: number): void => (writer ? write(index * settings.iterations + i + 1, i) : read());
    for (let i = 0; i < settings.iterations; i++) {
      if (settings.mode === 'naive') {
        op(i);
        continue;
      }
      const g = usesSyncApi(index >> 1)
        ? timedSync(waits, () => (writer ? lock.acquireWriteSync() : lock.acquireReadSync()))
        : await timedAsync(waits, () => (writer ? lock.acquireWrite() : lock.acquireRead()));
      op(i);
      g.release();
    }
    return {
      violations: torn + overlaps,
      acquisitions: settings.iterations,
      contended: 0,
      metrics: { tornReads: torn, writerOverlaps: overlaps, writes: writer ? settings.iterations : 0 },
    };
  },

  verify(_settings, data, results) {
    const stats = new RwLock(data.lock as SharedArrayBuffer).stats();
    const writes = sum(results, (r) => r.metrics.writes);
    const acquisitions = sum(results, (r) => r.acquisitions);
    return {
      violations: sum(results, (r) => r.violations),
      metrics: {
        tornReads: sum(results, (r) => r.metrics.tornReads),
        writerOverlaps: sum(results, (r) => r.metrics.writerOverlaps),
        writes,
        reads: acquisitions - writes,
        acquisitions,
        contended: stats.contended,
        maxReaders: stats.maxHolders,
        maxWaitUs: stats.maxWaitUs,
      },
    };
  },
};
