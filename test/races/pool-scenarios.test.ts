/**
 * Each connection-pool hazard of the seed analysis on real worker threads: the naive mode
 * shows it, flotilla's ConnectionPool (safe mode) does not. Runs use the simulated transport;
 * every naive assertion rests on a window the scenario forces (a 20 ms connect, a 0.2 s
 * command that raises the close-all, a liveness check inside the lock, a failing command).
 */
import { describe, expect, it } from 'vitest';
import { runStress, type StressMode } from '../../src/stress/index.js';

const run = (scenario: string, mode: StressMode, extra: { threads?: number; hosts?: number } = {}) =>
  runStress({ scenario, mode, seed: 7, ...extra });

describe('race lab: connection-pool scenarios', () => {
  it('double-create: two-phase get_connection duplicates connections, single-flight opens one per host', async () => {
    const naive = await run('double-create', 'naive', { threads: 3, hosts: 4 });
    expect(naive.violations).toBeGreaterThan(0);
    expect(naive.metrics.connectionsOpened).toBe(4 + naive.metrics.duplicates);
    const safe = await run('double-create', 'safe', { threads: 3, hosts: 4 });
    expect(safe.violations).toBe(0);
    expect(safe.metrics.connectionsOpened).toBe(4);
    expect(safe.metrics.failures).toBe(0);
    // 3 threads x 4 hosts x 3 rounds asks; all but the 4 connects are reuses or owner routing.
    expect(safe.metrics.reused).toBe(3 * 4 * 3 - 4);
  });

  it('close-during-use: close-all kills running commands unless they are pinned', async () => {
    const naive = await run('close-during-use', 'naive');
    expect(naive.violations).toBeGreaterThan(0);
    expect(naive.metrics.commandsHit).toBe(naive.violations);
    expect(naive.metrics.commandsFailed).toBeGreaterThan(0);
    const safe = await run('close-during-use', 'safe');
    expect(safe.violations).toBe(0);
    expect(safe.metrics.closedInUse).toBe(0);
    expect(safe.metrics.commandsFailed).toBe(0);
    expect(safe.metrics.leftOpen).toBe(0);
  });

  it('alive-under-lock: the liveness check holds the read lock in naive mode only', async () => {
    const naive = await run('alive-under-lock', 'naive');
    expect(naive.metrics.aliveChecksInsideLock).toBeGreaterThan(0);
    expect(naive.violations).toBe(naive.metrics.aliveChecksInsideLock);
    // Most holds include one 20 ms liveness check; the writer queues behind at least one.
    expect(naive.metrics.readLockHoldP50Ms).toBeGreaterThanOrEqual(19);
    expect(naive.metrics.writerWaitP99Ms).toBeGreaterThanOrEqual(10);
    const safe = await run('alive-under-lock', 'safe');
    expect(safe.violations).toBe(0);
    // Medians: a busy 2-core machine can preempt any single hold, not half of them.
    expect(safe.metrics.readLockHoldP50Ms).toBeLessThan(2);
    expect(safe.metrics.writerWaitP50Ms).toBeLessThan(naive.metrics.writerWaitP99Ms / 4);
  });

  it('eviction: FIFO evicts connections in use, the pool evicts only idle ones', async () => {
    const naive = await run('eviction', 'naive');
    expect(naive.metrics.inUseEvictions).toBeGreaterThan(0);
    expect(naive.violations).toBe(naive.metrics.inUseEvictions);
    const safe = await run('eviction', 'safe');
    expect(safe.violations).toBe(0);
    expect(safe.metrics.evictions).toBeGreaterThan(0); // the bound was really hit
    expect(safe.metrics.commandsFailed).toBe(0);
    expect(safe.metrics.reconnects).toBeLessThan(naive.metrics.reconnects);
  });

  it('unbounded: the manual-close map grows past the bound and leaks on failing commands', async () => {
    const naive = await run('unbounded', 'naive');
    expect(naive.metrics.maxOpen).toBeGreaterThan(naive.metrics.boundPerWorker);
    expect(naive.metrics.leakedAtExit).toBeGreaterThan(0);
    const safe = await run('unbounded', 'safe');
    expect(safe.violations).toBe(0);
    expect(safe.metrics.maxOpen).toBeLessThanOrEqual(safe.metrics.boundPerWorker);
    expect(safe.metrics.leakedAtExit).toBe(0);
    expect(safe.metrics.failedCommands).toBe(naive.metrics.failedCommands); // same failures, no leak
  });

  it('pre-establish: lazy connects happen inside the fan-out; pre-establishment finds failures first', async () => {
    const naive = await run('pre-establish', 'naive');
    expect(naive.metrics.fanOutConnects).toBeGreaterThanOrEqual(12);
    expect(naive.metrics.fanOutLockAcquisitions).toBeGreaterThan(0);
    expect(naive.metrics.failuresDetectedBeforeFanOut).toBe(0);
    expect(naive.metrics.failuresDuringFanOut).toBe(2 * 5); // sim006 and sim012, every task
    const safe = await run('pre-establish', 'safe');
    expect(safe.violations).toBe(0);
    expect(safe.metrics.fanOutLockAcquisitions).toBe(0);
    expect(safe.metrics.failuresDetectedBeforeFanOut).toBe(2);
    expect(safe.metrics.failuresDuringFanOut).toBe(0);
  });

  it('reports hosts and transport, and refuses ssh without an inventory', async () => {
    const r = await run('pre-establish', 'safe', { threads: 1, hosts: 2 });
    expect(r).toMatchObject({ hosts: 2, transport: 'sim', threads: 1 });
    await expect(
      runStress({ scenario: 'double-create', mode: 'safe', transport: 'ssh' }),
    ).rejects.toMatchObject({
      code: 'FLT_STRESS_OPTION',
    });
  });
});
