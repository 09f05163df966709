import type { ConnectionParams } from '../../connection/transport.js';
import { RwLock } from '../../sync/index.js';
import { createNaiveTable, NaiveTwoPhasePool } from '../naive-pool.js';
import { labWorker, ledgerOf, poolLabSetup, shardOf, sleep, sumOf } from '../pool-lab.js';
import { SIM_DEFAULTS } from '../sim-transport.js';
import type { Scenario } from '../types.js';

/** Simulated hosts sim006, sim012, … are unreachable (a host down for the whole run). */
const UNREACHABLE_EVERY = 6;
const simFor = (params: ConnectionParams) => ({
  ...SIM_DEFAULTS,
  connectMs: 5,
  execMs: 2,
  unreachable: Number(params.host.replace(/\D/g, '')) % UNREACHABLE_EVERY === 0,
});

/**
 * Seed-analysis §3 (and §8): `iterations` tasks, each fanned out over every host of the
 * worker's shard at once (hosts sharded round-robin, slot = host, the shared registry, as in a
 * flotilla run). Naive: the CLI path the seed notes is not pre-established, get_connection
 * inside every per-host task, through the shared RwLock'd table. Safe: flotilla's pool
 * preconnects the shard before the first fan-out (unreachable hosts are found there and left
 * out), so the fan-out takes no lock and opens no connection.
 */
export const preEstablishScenario: Scenario = {
  name: 'pre-establish',
  describe: 'lazy connect inside the fan-out: lock traffic, connects and late failures per task',
  reproduces: '§3, §8',
  defaults: { threads: 3, hosts: 12, iterations: 5 },
  headline: ['fanOutConnects', 'fanOutLockAcquisitions'],

  setup(settings) {
    return { ...poolLabSetup(settings.hosts), ...createNaiveTable(settings.hosts) };
  },

  async work(ctx) {
    const { settings, data, index, random } = ctx;
    const lab = await labWorker(ctx, simFor);
    const started = performance.now();
    const lock = new RwLock(data.lock as SharedArrayBuffer);
    const naive = new NaiveTwoPhasePool(
      { table: data.table as SharedArrayBuffer, lock: data.lock as SharedArrayBuffer },
      { owner: index, factory: lab.factory, aliveInsideLock: true },
    );
    const pool = lab.pool({ maxConnections: settings.hosts });
    let hosts = shardOf(settings, index);
    let detectedBefore = 0;
    let fanOutFailures = 0;
    let firstCommandMs = -1;
    if (settings.mode === 'safe') {
      const results = await Promise.allSettled(hosts.map((h) => pool.preconnect(h, settings.targets[h])));
      detectedBefore = results.filter((r) => r.status === 'rejected').length;
      hosts = hosts.filter((_, k) => results[k].status === 'fulfilled');
    }
    const attemptsBefore = lab.local.attempts;
    const locksBefore = lock.stats();
    const task = async (h: number, n: number): Promise<void> => {
      await sleep(random());
      try {
        if (settings.mode === 'naive') {
          await (await naive.getConnection(h, settings.targets[h])).transport?.exec(`task ${n}`);
        } else {
          await pool.withConnection(h, settings.targets[h], (t) => t.exec(`task ${n}`));
        }
        if (firstCommandMs < 0) firstCommandMs = performance.now() - started;
      } catch {
        fanOutFailures++;
      }
    };
    for (let n = 0; n < settings.iterations; n++) await Promise.all(hosts.map((h) => task(h, n)));
    const locksAfter = lock.stats();
    await pool.closeAll();
    await naive.closeConnections();
    const fanOutConnects = lab.local.attempts - attemptsBefore;
    return {
      violations: fanOutConnects,
      acquisitions: locksAfter.acquisitions - locksBefore.acquisitions,
      contended: locksAfter.contended - locksBefore.contended,
      metrics: { detectedBefore, fanOutFailures, firstCommandMs, fanOutConnects },
    };
  },

  verify(_settings, data, results) {
    const firsts = results.map((r) => r.metrics.firstCommandMs).filter((ms) => ms >= 0);
    return {
      violations: sumOf(results, (r) => r.violations),
      metrics: {
        fanOutConnects: sumOf(results, (r) => r.metrics.fanOutConnects),
        // Lock counters are shared by all threads: the sum over threads counts others' too,
        // so report the largest window (every thread's fan-out overlaps the others').
        fanOutLockAcquisitions: Math.max(...results.map((r) => r.acquisitions)),
        fanOutLockContended: Math.max(...results.map((r) => r.contended)),
        firstCommandMs: Math.round(Math.min(...firsts, Number.POSITIVE_INFINITY)),
        failuresDetectedBeforeFanOut: sumOf(results, (r) => r.metrics.detectedBefore),
        failuresDuringFanOut: sumOf(results, (r) => r.metrics.fanOutFailures),
        connectionsOpened: ledgerOf(data).OPENED,
      },
    };
  },
};
