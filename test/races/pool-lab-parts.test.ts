/** The race lab's building blocks, in one thread: what the scenarios' verdicts rest on. */
import { describe, expect, it } from 'vitest';
import { simTarget } from '../../src/stress/lab-targets.js';
import {
  createLedger,
  LocalOpenCount,
  readLedger,
  TrackedTransport,
} from '../../src/stress/lab-transport.js';
import { NaiveCommandContext } from '../../src/stress/naive-command-context.js';
import { NaiveFifoPool } from '../../src/stress/naive-fifo-pool.js';
import { SimTransport } from '../../src/stress/sim-transport.js';

const FAST = { connectMs: 1, aliveMs: 1, execMs: 5, jitterMs: 0 };

function lab() {
  const ledger = createLedger();
  const local = new LocalOpenCount();
  const factory = (i: number) =>
    new TrackedTransport(new SimTransport(simTarget(i), FAST), new Int32Array(ledger), local);
  return { ledger, local, factory };
}

describe('SimTransport', () => {
  it('fails a running command when closed, and every later one', async () => {
    const t = new SimTransport(simTarget(0), FAST);
    await t.connect();
    const running = t.exec('true');
    await t.close();
    await expect(running).rejects.toMatchObject({ code: 'FLT_CONN_CLOSED' });
    await expect(t.exec('true')).rejects.toMatchObject({ code: 'FLT_CONN_CLOSED' });
    expect(await t.isAlive()).toBe(false);
    expect(t.isOpen).toBe(false);
  });

  it('takes `sleep S` seconds and refuses connects to unreachable hosts', async () => {
    const t = new SimTransport(simTarget(0), FAST);
    await t.connect();
    const t0 = performance.now();
    await t.exec('sleep 0.05');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    const down = new SimTransport(simTarget(1), { ...FAST, unreachable: true });
    await expect(down.connect()).rejects.toMatchObject({ code: 'FLT_CONN_UNREACHABLE' });
  });
});

describe('TrackedTransport ledger', () => {
  it('counts opens, closes, closes in use and commands hit by a close', async () => {
    const { ledger, local, factory } = lab();
    const a = factory(0);
    const b = factory(1);
    await a.connect();
    await b.connect();
    a.hold();
    const running = a.exec('true');
    await a.close();
    await expect(running).rejects.toThrow();
    await expect(a.exec('true')).rejects.toThrow();
    expect(readLedger(ledger)).toMatchObject({
      OPENED: 2,
      CLOSED: 1,
      OPEN_NOW: 1,
      MAX_OPEN: 2,
      CLOSED_IN_USE: 1,
      COMMANDS_HIT: 2,
      COMMANDS: 2,
    });
    expect(local).toMatchObject({ now: 1, max: 2, attempts: 2 });
    await b.close();
    expect(readLedger(ledger).CLOSED_IN_USE).toBe(1); // b was idle
  });
});

describe('naive baselines', () => {
  it('NaiveFifoPool evicts the first-inserted connection even while it is in use', async () => {
    const { ledger, factory } = lab();
    const pool = new NaiveFifoPool(2, (p) => factory(Number(p.host.slice(3)) - 1));
    const hot = await pool.get(0, simTarget(0));
    hot.hold();
    await pool.get(1, simTarget(1));
    expect(await pool.get(0, simTarget(0))).toBe(hot); // a hit
    await pool.get(2, simTarget(2)); // full: FIFO evicts slot 0, the hot one
    expect(pool.evictions).toBe(1);
    expect(hot.isOpen).toBe(false);
    expect(readLedger(ledger).CLOSED_IN_USE).toBe(1);
    await pool.closeAll();
  });

  it('NaiveCommandContext keeps every connection until closeConnections() is called', async () => {
    const { local, factory } = lab();
    const ctx = new NaiveCommandContext((p) => factory(Number(p.host.slice(3)) - 1));
    for (let h = 0; h < 5; h++) await ctx.getConnection(h, simTarget(h));
    expect(await ctx.getConnection(0, simTarget(0))).toBeDefined();
    expect(local.now).toBe(5);
    await ctx.closeConnections();
    expect(local.now).toBe(0);
  });
});
