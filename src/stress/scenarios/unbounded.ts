import { FlotillaError } from '../../errors/index.js';
import { NaiveCommandContext } from '../naive-command-context.js';
import { labWorker, ledgerOf, poolLabSetup, privateSlot, sleep, sumOf } from '../pool-lab.js';
import { SIM_DEFAULTS } from '../sim-transport.js';
import type { RunSettings, Scenario } from '../types.js';

const SIM = { ...SIM_DEFAULTS, connectMs: 2, aliveMs: 1, execMs: 1 };
/** Every FAIL_EVERY-th command fails half-way (a task error, an early return, Ctrl-C). */
const FAIL_EVERY = 3;

export function unboundedBound(settings: RunSettings): number {
  return Math.max(2, Math.floor(settings.hosts / 4));
}

/**
 * Seed-analysis §5 issues 2 and 4. Each worker runs `iterations` commands one after another;
 * each touches every host once (in a seeded order) and every third one fails half-way. Naive:
 * the seed's CommandContext, an unbounded map closed by a manual close_connections() that the
 * failing path skips. Safe: a flotilla ConnectionPool per command with a bound and idle expiry,
 * closed in a `finally` (the same shape flotilla's worker uses), so the failing path cleans up too.
 */
export const unboundedScenario: Scenario = {
  name: 'unbounded',
  describe: 'unbounded map with manual close: grows past any bound and leaks on error paths',
  reproduces: '§5 issues 2, 4',
  defaults: { threads: 2, hosts: 16, iterations: 6 },
  headline: ['maxOpen', 'leakedAtExit'],

  setup(settings) {
    return poolLabSetup(settings.threads * settings.hosts);
  },

  async work(ctx) {
    const { settings, index, random } = ctx;
    const lab = await labWorker(ctx, () => SIM);
    const bound = unboundedBound(settings);
    let failedCommands = 0;
    const runCommand = async (n: number, use: (h: number) => Promise<void>): Promise<void> => {
      const order = settings.targets.map((_, h) => h).sort(() => random() - 0.5);
      for (const [k, h] of order.entries()) {
        if (n % FAIL_EVERY === FAIL_EVERY - 1 && k === Math.floor(order.length / 2)) {
          throw new FlotillaError('FLT_STRESS_TASK', `command ${n} failed on its ${k}th host`);
        }
        await use(h);
        await sleep(random());
      }
    };
    for (let n = 0; n < settings.iterations; n++) {
      try {
        if (settings.mode === 'naive') {
          const context = new NaiveCommandContext(lab.factory);
          await runCommand(n, async (h) => {
            const t = await context.getConnection(privateSlot(settings, index, h), settings.targets[h]);
            await t.exec('true');
          });
          await context.closeConnections(); // only reached when the command succeeded
        } else {
          // Bounded, idle connections expire, and closeAll runs on every exit path.
          const pool = lab.pool({ maxConnections: bound, idleExpiryMs: 20 });
          try {
            await runCommand(n, (h) =>
              pool.withConnection(privateSlot(settings, index, h), settings.targets[h], async (t) => {
                await t.exec('true');
              }),
            );
          } finally {
            await pool.closeAll();
          }
        }
      } catch {
        failedCommands++;
      }
    }
    const overBound = Math.max(0, lab.local.max - bound);
    return {
      violations: overBound + lab.local.now,
      acquisitions: 0,
      contended: 0,
      metrics: { maxOpen: lab.local.max, leaked: lab.local.now, bound, failedCommands },
    };
  },

  verify(_settings, data, results) {
    const ledger = ledgerOf(data);
    return {
      violations: sumOf(results, (r) => r.violations),
      metrics: {
        boundPerWorker: results[0]?.metrics.bound ?? 0,
        maxOpen: Math.max(...results.map((r) => r.metrics.maxOpen)),
        leakedAtExit: sumOf(results, (r) => r.metrics.leaked),
        failedCommands: sumOf(results, (r) => r.metrics.failedCommands),
        connectionsOpened: ledger.OPENED,
        commands: ledger.COMMANDS,
      },
    };
  },
};
