import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createBarrier } from '../../src/stress/barrier.js';
import { runStress } from '../../src/stress/index.js';
import { ConnectionRegistry, SlotState } from '../../src/sync/index.js';
import { nextMessage, spawnFixture } from '../unit/sync/helpers.js';

const THREADS = 4;
const started: Worker[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

describe.each([
  ['mutex', 3000, 'lostUpdates'],
  ['rwlock', 1500, 'tornReads'],
  ['semaphore', 200, 'maxHolders'],
] as const)('race lab: %s on %i iterations x 4 threads', (scenario, iterations, key) => {
  it('naive mode shows the defect', async () => {
    const r = await runStress({ scenario, mode: 'naive', threads: THREADS, iterations });
    expect(r.violations).toBeGreaterThan(0);
    if (scenario === 'semaphore') expect(r.metrics.maxHolders).toBeGreaterThan(r.metrics.permits);
    else expect(r.metrics[key]).toBeGreaterThan(0);
  });

  it('safe mode never does, and reports its metrics', async () => {
    const r = await runStress({ scenario, mode: 'safe', threads: THREADS, iterations });
    expect(r.violations).toBe(0);
    expect(r.metrics.acquisitions).toBe(THREADS * iterations);
    expect(r.metrics).toHaveProperty('waitP50Us');
    expect(r.metrics.waitP99Us).toBeGreaterThanOrEqual(r.metrics.waitP50Us);
    if (scenario === 'semaphore') expect(r.metrics.maxHolders).toBeLessThanOrEqual(r.metrics.permits);
    if (scenario === 'mutex') expect(r.metrics.counter).toBe(THREADS * iterations);
  });
});

function startRegistryWorkers(
  action: string,
  registry: ConnectionRegistry,
  perSlot: SharedArrayBuffer,
  iterations = 0,
) {
  const barrier = createBarrier();
  return Array.from({ length: THREADS }, (_, index) => {
    const w = spawnFixture(new URL('./fixtures/registry-worker.ts', import.meta.url), {
      action,
      registry: registry.buffer,
      perSlot,
      barrier,
      threads: THREADS,
      index,
      iterations,
    });
    started.push(w);
    return nextMessage<Record<string, number>>(w);
  });
}

describe('ConnectionRegistry across 4 workers', () => {
  it('many workers claiming the same slots create exactly one connection per slot', async () => {
    const slots = 64;
    const registry = ConnectionRegistry.create(slots);
    const connects = new SharedArrayBuffer(slots * 4);
    const results = await Promise.all(startRegistryWorkers('claim', registry, connects));
    expect([...new Int32Array(connects)]).toEqual(new Array(slots).fill(1));
    expect(results.reduce((n, r) => n + r.won, 0)).toBe(slots);
    for (let s = 0; s < slots; s++) expect(registry.state(s)).toBe(SlotState.READY);
    expect(registry.counters().claimsWon).toBe(slots);
  });

  it('pin/close races never close a pinned slot', async () => {
    const slots = 4;
    const registry = ConnectionRegistry.create(slots);
    for (let s = 0; s < slots; s++) {
      registry.claim(s, 0);
      registry.publishReady(s);
    }
    const users = new SharedArrayBuffer(slots * 4);
    const results = await Promise.all(startRegistryWorkers('pin-close', registry, users, 20_000));
    const total = (k: string): number => results.reduce((n, r) => n + r[k], 0);
    expect(total('violations')).toBe(0);
    // The race was really exercised: many pins, and closes that succeeded in between.
    expect(total('pins')).toBeGreaterThan(1000);
    expect(total('closes')).toBeGreaterThan(10);
    for (let s = 0; s < slots; s++) expect(registry.refcount(s)).toBe(0);
  });
});
