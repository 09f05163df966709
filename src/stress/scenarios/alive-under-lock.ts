import { RwLock } from '../../sync/index.js';
import { createNaiveTable, NaiveTwoPhasePool } from '../naive-pool.js';
import {
  labWorker,
  ledgerOf,
  percentileOf,
  poolLabSetup,
  privateSlot,
  round1,
  sleep,
  sumOf,
} from '../pool-lab.js';
import { SIM_DEFAULTS } from '../sim-transport.js';
import type { Scenario } from '../types.js';

/** A slow liveness check (a busy or distant host): the hazard scales with it. */
const SIM = { ...SIM_DEFAULTS, connectMs: 2, aliveMs: 20, execMs: 1 };
/** The writer starts once the readers are past their first connect, then writes every few ms. */
const WRITER_START_MS = 15;
const WRITER_GAP_MS = 3;

/**
 * Seed-analysis §5 issue 1. Every worker runs one reader per host, each looping "get the
 * connection, run a command"; worker 0 also runs a writer that inserts into the same shared
 * table under the write lock. Naive: the seed's get_connection, which awaits is_alive() while
 * holding the read lock, so the (writer-preferring) lock makes the writer wait a liveness
 * round trip. Safe: the read lock covers only the lookup; the liveness check runs in
 * flotilla's ConnectionPool after pinning, outside any lock.
 */
export const aliveUnderLockScenario: Scenario = {
  name: 'alive-under-lock',
  describe: 'liveness check awaited inside the read lock: writers wait a network round trip',
  reproduces: '§5 issue 1',
  defaults: { threads: 3, hosts: 4, iterations: 15 },
  headline: ['readLockHoldP99Ms', 'writerWaitP99Ms'],

  setup(settings) {
    const slots = settings.threads * settings.hosts;
    return { ...poolLabSetup(slots), ...createNaiveTable(slots + 1) };
  },

  async work(ctx) {
    const { settings, data, index, waits } = ctx;
    const lab = await labWorker(ctx, () => SIM);
    const shared = { table: data.table as SharedArrayBuffer, lock: data.lock as SharedArrayBuffer };
    const holds: number[] = [];
    const naive = new NaiveTwoPhasePool(shared, {
      owner: index,
      factory: lab.factory,
      aliveInsideLock: true,
      onReadHold: (ms) => holds.push(ms),
    });
    const lock = new RwLock(shared.lock);
    const table = new Int32Array(shared.table);
    const pool = lab.pool({ maxConnections: settings.hosts, idleCheckAfterMs: 0 });

    const safeGet = async (slot: number, h: number): Promise<void> => {
      const t0 = performance.now();
      const read = await lock.acquireRead();
      const held = performance.now();
      waits.record((held - t0) * 1000);
      const known = Atomics.load(table, slot) !== 0;
      read.release();
      holds.push(performance.now() - held);
      await pool.withConnection(slot, settings.targets[h], (t) => t.exec('true'));
      if (!known) await naive.insertUnderWriteLock(slot, 1);
    };
    const reader = async (h: number): Promise<void> => {
      const slot = privateSlot(settings, index, h);
      for (let i = 0; i < settings.iterations; i++) {
        if (settings.mode === 'safe') await safeGet(slot, h);
        else await (await naive.getConnection(slot, settings.targets[h])).transport?.exec('true');
      }
    };
    const writerWaits: number[] = [];
    const writer = async (): Promise<void> => {
      await sleep(WRITER_START_MS);
      for (let i = 0; i < settings.iterations; i++) {
        const t0 = performance.now();
        await naive.insertUnderWriteLock(settings.threads * settings.hosts, i + 1);
        writerWaits.push(performance.now() - t0);
        await sleep(WRITER_GAP_MS * (1 + ctx.random()));
      }
    };
    await Promise.all([...settings.targets.map((_, h) => reader(h)), index === 0 ? writer() : undefined]);
    await pool.closeAll();
    await naive.closeConnections();
    return {
      violations: naive.aliveChecksInsideLock,
      acquisitions: holds.length,
      contended: 0,
      metrics: {
        readHoldP50Ms: percentileOf(holds, 50),
        readHoldP99Ms: percentileOf(holds, 99),
        writerWaitP50Ms: percentileOf(writerWaits, 50),
        writerWaitP99Ms: percentileOf(writerWaits, 99),
        writes: writerWaits.length,
      },
    };
  },

  verify(_settings, data, results) {
    const stats = new RwLock(data.lock as SharedArrayBuffer).stats();
    return {
      violations: sumOf(results, (r) => r.violations),
      metrics: {
        aliveChecksInsideLock: sumOf(results, (r) => r.violations),
        // Holds are sampled per thread: the worst thread's percentiles are reported.
        readLockHoldP50Ms: round1(Math.max(...results.map((r) => r.metrics.readHoldP50Ms))),
        readLockHoldP99Ms: round1(Math.max(...results.map((r) => r.metrics.readHoldP99Ms))),
        writerWaitP50Ms: round1(sumOf(results, (r) => r.metrics.writerWaitP50Ms)),
        writerWaitP99Ms: round1(sumOf(results, (r) => r.metrics.writerWaitP99Ms)),
        writes: sumOf(results, (r) => r.metrics.writes),
        lockAcquisitions: stats.acquisitions,
        lockContended: stats.contended,
        connectionsOpened: ledgerOf(data).OPENED,
      },
    };
  },
};
