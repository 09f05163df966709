import type { TrackedTransport } from '../lab-transport.js';
import { NaiveFifoPool } from '../naive-fifo-pool.js';
import { labWorker, ledgerOf, poolLabSetup, privateSlot, round1, sleep, sumOf } from '../pool-lab.js';
import { SIM_DEFAULTS } from '../sim-transport.js';
import type { RunSettings, Scenario } from '../types.js';

const SIM = { ...SIM_DEFAULTS, connectMs: 3, aliveMs: 1, execMs: 2 };
/** Concurrent users per worker, each holding one connection at a time. */
const USERS = 4;
/** Share of accesses that go to the hot set. */
const HOT_SHARE = 0.8;

/** Per-worker connection bound: a third of the hosts (at least 2), so the cold tail must evict. */
export function evictionBound(settings: RunSettings): number {
  return Math.max(2, Math.floor(settings.hosts / 3));
}

/**
 * Seed-analysis §5 issue 3. Each worker runs USERS users over its own run of all hosts with a
 * hot-set pattern (80 % of accesses to a few hosts, the rest spread over the cold tail) and a
 * connection bound below the host count. Naive: the seed's ConnectionFactory put(), which
 * evicts the first-inserted connection (the hot ones, inserted first) even while in use.
 * Safe: flotilla's ConnectionPool, which only closes idle connections (one CAS on the
 * state+refcount word), least recently used first.
 */
export const evictionScenario: Scenario = {
  name: 'eviction',
  describe: 'bounded pool under a hot set: FIFO evicts busy, hot connections; LRU-idle does not',
  reproduces: '§5 issue 3',
  defaults: { threads: 2, hosts: 12, iterations: 30 },
  headline: ['inUseEvictions', 'hitRate'],

  setup(settings) {
    return poolLabSetup(settings.threads * settings.hosts);
  },

  async work(ctx) {
    const { settings, index, random } = ctx;
    const lab = await labWorker(ctx, () => SIM);
    const bound = evictionBound(settings);
    const hot = Math.max(1, bound - 1);
    const fifo = new NaiveFifoPool(bound, lab.factory);
    const pool = lab.pool({ maxConnections: bound });
    let failed = 0;
    const touched = new Set<number>();
    const pick = (): number => {
      const h =
        random() < HOT_SHARE || settings.hosts <= hot
          ? Math.floor(random() * hot)
          : hot + Math.floor(random() * (settings.hosts - hot));
      touched.add(h);
      return h;
    };
    const use = async (t: TrackedTransport): Promise<void> => {
      t.hold();
      try {
        await t.exec('uptime');
        await t.exec('true');
      } finally {
        t.unhold();
      }
    };
    const user = async (): Promise<void> => {
      for (let i = 0; i < settings.iterations; i++) {
        const h = pick();
        const slot = privateSlot(settings, index, h);
        await sleep(random());
        try {
          if (settings.mode === 'naive') await use(await fifo.get(slot, settings.targets[h]));
          else await pool.withConnection(slot, settings.targets[h], (t) => use(t as TrackedTransport));
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: USERS }, user));
    const evictions = settings.mode === 'naive' ? fifo.evictions : pool.stats().evictions;
    await fifo.closeAll();
    await pool.closeAll();
    return {
      violations: 0,
      acquisitions: USERS * settings.iterations,
      contended: 0,
      metrics: { failed, evictions, bound, touched: touched.size },
    };
  },

  verify(_settings, data, results) {
    const ledger = ledgerOf(data);
    const accesses = sumOf(results, (r) => r.acquisitions);
    return {
      violations: ledger.CLOSED_IN_USE,
      metrics: {
        inUseEvictions: ledger.CLOSED_IN_USE,
        evictions: sumOf(results, (r) => r.metrics.evictions),
        reconnects: ledger.OPENED - sumOf(results, (r) => r.metrics.touched),
        /** Percent of accesses served by an open connection. */
        hitRate: round1((100 * (accesses - ledger.OPENED)) / accesses),
        commandsFailed: sumOf(results, (r) => r.metrics.failed),
        boundPerWorker: results[0]?.metrics.bound ?? 0,
        connectionsOpened: ledger.OPENED,
        accesses,
      },
    };
  },
};
