import { describe, expect, it } from 'vitest';
import { connectionBudget, readOpenFileLimit } from '../../../src/connection/open-file-limit.js';
import { ConnectionPool, type ConnectionPoolOptions } from '../../../src/connection/pool.js';
import type { ConnectionParams, ExecResult, Transport } from '../../../src/connection/transport.js';
import { ConnectionBudget } from '../../../src/sync/connection-budget.js';
import { ConnectionRegistry, SlotState } from '../../../src/sync/registry.js';

/** Counts open transports across every pool, as the file-descriptor table would. */
const open = new Set<Transport>();
let peak = 0;

class CountedTransport implements Transport {
  readonly key: string;
  isOpen = false;
  constructor(readonly params: ConnectionParams) {
    this.key = `${params.user}@${params.address}:${params.port}`;
  }
  async connect(): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    this.isOpen = true;
    open.add(this);
    peak = Math.max(peak, open.size);
  }
  async exec(): Promise<ExecResult> {
    await new Promise((r) => setTimeout(r, 2));
    return { rc: 0, stdout: '', stderr: '' };
  }
  async put(): Promise<void> {}
  async get(): Promise<Buffer> {
    return Buffer.alloc(0);
  }
  async isAlive(): Promise<boolean> {
    return this.isOpen;
  }
  async close(): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    this.isOpen = false;
    open.delete(this);
  }
}

function params(i: number): ConnectionParams {
  return {
    host: `h${i}`,
    connection: 'ssh',
    address: `10.0.${i >> 8}.${i & 255}`,
    port: 22,
    user: 'u',
    connectTimeoutMs: 1000,
    hostKeyChecking: 'off',
    knownHostsFiles: [],
    keepaliveIntervalMs: 0,
  };
}

/** Two workers' pools over one registry of `hosts` slots and one budget of `permits`. */
function twoWorkers(hosts: number, permits: number, evictFirst?: ConnectionPoolOptions['evictFirst']) {
  const registry = ConnectionRegistry.create(hosts);
  const budget = ConnectionBudget.create(permits);
  const pools = [1, 2].map(
    (ownerId) =>
      new ConnectionPool({
        registry,
        ownerId,
        maxConnections: 4096,
        idleCheckAfterMs: 60_000,
        budget: new ConnectionBudget(budget.buffer), // as each worker attaches it
        transportFactory: (p) => new CountedTransport(p),
        evictFirst,
      }),
  );
  return { registry, budget, pools };
}

describe('the connection budget shared by the workers', () => {
  it('derives the budget from RLIMIT_NOFILE, leaving room for workers, files and forks', () => {
    const limits =
      'Limit Soft Limit Hard Limit Units\nMax open files            1024                 4096                 files\n';
    expect(readOpenFileLimit(limits)).toEqual({ soft: 1024, hard: 4096 });
    expect(readOpenFileLimit('Max open files unlimited unlimited files')).toBeUndefined();
    expect(connectionBudget(1024, 2, 50)).toBe(1024 - (64 + 16 + 150));
    expect(connectionBudget(1024, 2, 5000)).toBe(1024 - (64 + 16 + 256)); // forks count for a quarter at most
    expect(connectionBudget(20, 2, 50)).toBe(8);
  });

  it('never holds more connections than the budget: idle ones of another worker are closed, LRU first', async () => {
    open.clear();
    peak = 0;
    const { registry, budget, pools } = twoWorkers(40, 10);
    // Worker 1 fills the budget with idle connections; worker 2 then needs 20 of its own.
    for (let i = 0; i < 10; i++) await pools[0].withConnection(i, params(i), (t) => t.exec('true'));
    expect(budget.available).toBe(0);
    await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        pools[1].withConnection(20 + k, params(20 + k), (t) => t.exec('true')),
      ),
    );
    expect(peak).toBeLessThanOrEqual(10);
    expect(pools[0].stats().evictions).toBeGreaterThanOrEqual(10);
    // Every slot of worker 1 was idle and closed to make room.
    for (let i = 0; i < 10; i++) expect(registry.state(i)).toBe(SlotState.NONE);
    // A host whose connection was closed is reconnected when needed.
    await pools[0].withConnection(0, params(0), (t) => t.exec('true'));
    expect(pools[0].stats().opened).toBe(11);
    expect(peak).toBeLessThanOrEqual(10);
    await Promise.all(pools.map((p) => p.closeAll()));
    expect(open.size).toBe(0);
    expect(budget.available).toBe(10);
  });

  /** Connections opened when 2 workers walk `hosts` in slot order, task after task, `forks` at a time. */
  async function walkTasks(evictFirst: ConnectionPoolOptions['evictFirst'], hosts: number, permits: number) {
    open.clear();
    const { pools } = twoWorkers(hosts, permits, evictFirst);
    const forks = 4;
    for (let task = 0; task < 3; task++) {
      let next = 0;
      const lane = async () => {
        for (let i = next++; i < hosts; i = next++)
          await pools[i % 2].withConnection(i, params(i), (t) => t.exec('true')); // round-robin shards
      };
      await Promise.all(Array.from({ length: forks }, lane));
    }
    const opened = pools[0].stats().opened + pools[1].stats().opened;
    await Promise.all(pools.map((p) => p.closeAll()));
    expect(open.size).toBe(0);
    return opened;
  }

  it('a play keeps its first hosts connected across tasks (last in run order closes first); LRU loses them all', async () => {
    const hosts = 40;
    const permits = 16;
    // LRU: the connection closed is always the one the next task needs soonest.
    expect(await walkTasks('least-recently-used', hosts, permits)).toBeGreaterThanOrEqual(3 * hosts - 4); // 116 of 120
    // Closing the idle connection of the host that comes last in the run keeps about
    // `permits` hosts connected from one task to the next.
    const opened = await walkTasks('last-in-run-order', hosts, permits);
    expect(opened).toBeLessThanOrEqual(hosts + 2 * (hosts - permits / 2)); // 104, against 120
  });
});
