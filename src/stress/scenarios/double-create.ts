import { arriveAsync } from '../async-barrier.js';
import { createNaiveTable, NaiveTwoPhasePool } from '../naive-pool.js';
import { codeOf, labWorker, ledgerOf, poolLabSetup, sleep, sumOf } from '../pool-lab.js';
import { SIM_DEFAULTS } from '../sim-transport.js';
import type { Scenario } from '../types.js';

/** A connect slow enough that every thread asks for the host while the first is still connecting. */
const SIM = { ...SIM_DEFAULTS, connectMs: 20 };
/** Seeded delay before each request, so the interleaving varies by --seed but replays exactly. */
const JITTER_MS = 2;

/**
 * Seed-analysis §4 scenario 3, write-after-write on creation. Every thread asks for every host
 * at once, `iterations` rounds. Naive: two-phase get_connection over a shared RwLock'd table,
 * so every thread that misses connects and overwrites. Safe: flotilla's ConnectionPool over the
 * shared registry; the claim CAS lets one thread connect, the others wait, then find the host
 * READY on its owner (FLT_CONN_NOT_OWNER: in a run the host is routed there) and count a reuse.
 */
export const doubleCreateScenario: Scenario = {
  name: 'double-create',
  describe: 'many threads ask for one host at once: duplicate connections without single-flight',
  reproduces: '§4 scenario 3',
  defaults: { threads: 4, hosts: 8, iterations: 3 },
  headline: ['connectionsOpened'],

  setup(settings) {
    return { ...poolLabSetup(settings.hosts), ...createNaiveTable(settings.hosts) };
  },

  async work(ctx) {
    const { settings, data, random } = ctx;
    const lab = await labWorker(ctx, () => SIM);
    const naive = new NaiveTwoPhasePool(
      { table: data.table as SharedArrayBuffer, lock: data.lock as SharedArrayBuffer },
      { owner: ctx.index, factory: lab.factory, aliveInsideLock: true },
    );
    const pool = lab.pool({ maxConnections: settings.hosts });
    let reused = 0;
    let routed = 0;
    let failures = 0;
    const ask = async (h: number): Promise<void> => {
      await sleep(JITTER_MS * random());
      const params = settings.targets[h];
      if (settings.mode === 'naive') {
        const got = await naive.getConnection(h, params);
        if (got.kind === 'foreign') reused++;
        if (got.kind === 'hit') reused++;
        if (got.transport) await got.transport.exec('true');
        return;
      }
      try {
        await pool.withConnection(h, params, (t) => t.exec('true'));
      } catch (err) {
        if (codeOf(err) === 'FLT_CONN_NOT_OWNER') routed++;
        else failures++;
      }
    };
    for (let i = 0; i < settings.iterations; i++) {
      await Promise.all(settings.targets.map((_, h) => ask(h)));
    }
    // Nobody closes before everyone is done asking: a close would free the slot for a new claim.
    await arriveAsync(data.end as SharedArrayBuffer, settings.threads);
    await naive.closeConnections();
    await pool.closeAll();
    return {
      violations: 0,
      acquisitions: settings.iterations * settings.hosts,
      contended: 0,
      metrics: { reused: reused + pool.stats().reused + routed, routedToOwner: routed, failures },
    };
  },

  verify(settings, data, results) {
    const ledger = ledgerOf(data);
    const duplicates = Math.max(0, ledger.OPENED - settings.hosts);
    return {
      violations: duplicates,
      metrics: {
        connectionsOpened: ledger.OPENED,
        duplicates,
        reused: sumOf(results, (r) => r.metrics.reused),
        routedToOwner: sumOf(results, (r) => r.metrics.routedToOwner),
        failures: sumOf(results, (r) => r.metrics.failures) + ledger.FAILED,
        commands: ledger.COMMANDS,
      },
    };
  },
};
