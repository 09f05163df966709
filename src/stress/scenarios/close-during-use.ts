import type { Transport } from '../../connection/transport.js';
import { createSignal, raiseSignal, signalRaised, waitSignal } from '../async-barrier.js';
import { createNaiveTable, NaiveTwoPhasePool } from '../naive-pool.js';
import { codeOf, labWorker, ledgerOf, poolLabSetup, privateSlot, sleep, sumOf } from '../pool-lab.js';
import { SIM_DEFAULTS } from '../sim-transport.js';
import type { Scenario } from '../types.js';

const SIM = { ...SIM_DEFAULTS, connectMs: 2, aliveMs: 1, execMs: 3 };
const JITTER_MS = 1;
const TRIGGER_SLEEP_S = 0.2;

/**
 * Seed-analysis §4 scenario 4. Every worker runs one user per host, each looping commands;
 * half-way, worker 0 raises a close-all (as Ctrl-C would) while its own command is running,
 * and every worker closes its connections. Naive: the seed's close_connections() (drain the
 * map, close each) with the liveness check separate from the use, so running commands fail.
 * Safe: ConnectionPool.closeAll(), which waits for pinned users; later acquires are refused.
 */
export const closeDuringUseScenario: Scenario = {
  name: 'close-during-use',
  describe: 'close-all while commands run: commands die on closed connections without pinning',
  reproduces: '§4 scenario 4',
  defaults: { threads: 3, hosts: 4, iterations: 20 },
  headline: ['commandsHit'],

  setup(settings) {
    const slots = settings.threads * settings.hosts;
    return { ...poolLabSetup(slots), ...createNaiveTable(slots), closeAll: createSignal() };
  },

  async work(ctx) {
    const { settings, data, index, random } = ctx;
    const closeAll = data.closeAll as SharedArrayBuffer;
    const lab = await labWorker(ctx, () => SIM);
    const naive = new NaiveTwoPhasePool(
      { table: data.table as SharedArrayBuffer, lock: data.lock as SharedArrayBuffer },
      { owner: index, factory: lab.factory, aliveInsideLock: true },
    );
    // idleCheckAfterMs 0: every use runs the liveness check too, after pinning.
    const pool = lab.pool({ maxConnections: settings.hosts, idleCheckAfterMs: 0 });
    const closer = waitSignal(closeAll).then(() =>
      settings.mode === 'naive' ? naive.closeConnections() : pool.closeAll(),
    );
    let failed = 0;
    let refused = 0;
    const trigger = Math.floor(settings.iterations / 2);
    // The raising command is a long one, so the close-all surely lands while it runs.
    const command = async (t: Transport, i: number, raise: boolean): Promise<void> => {
      const running = t.exec(raise ? `sleep ${TRIGGER_SLEEP_S}` : `echo ${i}`);
      if (raise) raiseSignal(closeAll);
      await running;
    };
    const user = async (h: number): Promise<void> => {
      const slot = privateSlot(settings, index, h);
      const params = settings.targets[h];
      for (let i = 0; i < settings.iterations && !signalRaised(closeAll); i++) {
        await sleep(JITTER_MS * random());
        const raise = index === 0 && h === 0 && i === trigger;
        try {
          if (settings.mode === 'naive') {
            const t = (await naive.getConnection(slot, params)).transport;
            if (!t) continue;
            t.hold();
            await command(t, i, raise).finally(() => t.unhold());
          } else {
            await pool.withConnection(slot, params, (t) => command(t, i, raise));
          }
        } catch (err) {
          if (settings.mode === 'safe' && codeOf(err) === 'FLT_CONN_CLOSED' && signalRaised(closeAll))
            refused++;
          else failed++;
        }
      }
    };
    await Promise.all(settings.targets.map((_, h) => user(h)));
    if (index === 0) raiseSignal(closeAll); // fewer iterations than the trigger: close anyway
    await closer;
    await naive.closeConnections();
    return { violations: 0, acquisitions: 0, contended: 0, metrics: { failed, refused } };
  },

  verify(_settings, data, results) {
    const ledger = ledgerOf(data);
    return {
      violations: ledger.COMMANDS_HIT,
      metrics: {
        commandsHit: ledger.COMMANDS_HIT,
        closedInUse: ledger.CLOSED_IN_USE,
        commandsFailed: sumOf(results, (r) => r.metrics.failed),
        refusedAfterClose: sumOf(results, (r) => r.metrics.refused),
        commands: ledger.COMMANDS,
        connectionsOpened: ledger.OPENED,
        leftOpen: ledger.OPEN_NOW,
      },
    };
  },
};
