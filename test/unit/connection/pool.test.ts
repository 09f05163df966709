import { describe, expect, it } from 'vitest';
import { ConnectionPool, type PoolEvent } from '../../../src/connection/pool.js';
import type { ConnectionParams, ExecResult, Transport } from '../../../src/connection/transport.js';
import { ConnectionRegistry, SlotState } from '../../../src/sync/registry.js';

/** A transport double: connect takes a tick, close is observable, liveness is settable. */
class FakeTransport implements Transport {
  readonly key: string;
  isOpen = false;
  alive = true;
  closed = false;
  aliveChecks = 0;
  running = 0;
  closedWhileRunning = false;
  constructor(
    readonly params: ConnectionParams,
    private readonly failConnect = false,
  ) {
    this.key = `${params.user}@${params.address}:${params.port}`;
  }
  async connect(): Promise<void> {
    await new Promise((r) => setTimeout(r, 2));
    if (this.failConnect) throw Object.assign(new Error('refused'), { code: 'FLT_CONN_REFUSED' });
    this.isOpen = true;
  }
  async exec(): Promise<ExecResult> {
    this.running++;
    await new Promise((r) => setTimeout(r, 5));
    this.running--;
    if (this.closed) throw new Error('closed under a running command');
    return { rc: 0, stdout: '', stderr: '' };
  }
  async put(): Promise<void> {}
  async get(): Promise<Buffer> {
    return Buffer.alloc(0);
  }
  async isAlive(): Promise<boolean> {
    this.aliveChecks++;
    return this.alive && this.isOpen;
  }
  async close(): Promise<void> {
    if (this.running > 0) this.closedWhileRunning = true;
    this.closed = true;
    this.isOpen = false;
  }
}

function params(i: number, user = 'u'): ConnectionParams {
  return {
    host: `h${i}`,
    connection: 'ssh',
    address: `10.0.0.${i}`,
    port: 22,
    user,
    connectTimeoutMs: 1000,
    hostKeyChecking: 'off',
    knownHostsFiles: [],
    keepaliveIntervalMs: 0,
  };
}

function setup(
  opts: { max?: number; idleCheckAfterMs?: number; failing?: Set<number>; idleExpiryMs?: number } = {},
) {
  const registry = ConnectionRegistry.create(16);
  const made: FakeTransport[] = [];
  const events: PoolEvent[] = [];
  const pool = new ConnectionPool({
    registry,
    ownerId: 1,
    maxConnections: opts.max ?? 8,
    idleCheckAfterMs: opts.idleCheckAfterMs ?? 60_000,
    transportFactory: (p) => {
      const t = new FakeTransport(p, opts.failing?.has(Number(p.host.slice(1))) ?? false);
      made.push(t);
      return t;
    },
    onEvent: (e) => events.push(e),
    idleExpiryMs: opts.idleExpiryMs,
  });
  return { registry, pool, made, events };
}

describe('ConnectionPool', () => {
  it('connects once per slot however many callers arrive together', async () => {
    const { pool, made, registry } = setup();
    await Promise.all(
      Array.from({ length: 50 }, (_, k) => pool.withConnection(k % 5, params(k % 5), (t) => t.exec('true'))),
    );
    expect(made).toHaveLength(5);
    expect(pool.stats()).toMatchObject({ opened: 5, reused: 45, open: 5, reconnects: 0 });
    for (let s = 0; s < 5; s++) {
      expect(registry.state(s)).toBe(SlotState.READY);
      expect(registry.refcount(s)).toBe(0);
    }
  });

  it('shares a failed connect with concurrent callers and marks the slot DEAD', async () => {
    const { pool, made, registry, events } = setup({ failing: new Set([3]) });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => pool.withConnection(3, params(3), async () => 'ran')),
    );
    expect(
      results.every(
        (r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'FLT_CONN_REFUSED',
      ),
    ).toBe(true);
    expect(made).toHaveLength(1);
    expect(registry.state(3)).toBe(SlotState.DEAD);
    expect(events.some((e) => e.type === 'connect-failed')).toBe(true);
  });

  it('checks liveness only after idleCheckAfterMs and reconnects once when dead', async () => {
    const { pool, made } = setup({ idleCheckAfterMs: 20 });
    await pool.withConnection(0, params(0), async () => {});
    await pool.withConnection(0, params(0), async () => {});
    expect(made[0].aliveChecks).toBe(0); // used recently: no round trip
    await new Promise((r) => setTimeout(r, 30));
    made[0].alive = false;
    const used = await pool.withConnection(0, params(0), async (t) => t);
    expect(made[0].aliveChecks).toBe(1);
    expect(made).toHaveLength(2);
    expect(used).toBe(made[1]);
    expect(made[0].closed).toBe(true);
    expect(pool.stats()).toMatchObject({ reconnects: 1, opened: 2, open: 1 });
  });

  it('reconnects without a round trip when the transport already knows it is closed', async () => {
    const { pool, made } = setup();
    await pool.withConnection(0, params(0), async () => {});
    made[0].isOpen = false; // the server dropped us
    const used = await pool.withConnection(0, params(0), async (t) => t);
    expect(made[0].aliveChecks).toBe(0);
    expect(used).toBe(made[1]);
  });

  it('evicts the least recently used idle connection, never a pinned one', async () => {
    const { pool, made, events } = setup({ max: 2 });
    let releaseA!: () => void;
    const holdA = pool.withConnection(0, params(0), (t) =>
      new Promise<void>((r) => (releaseA = r)).then(() => t.exec('x')),
    );
    await new Promise((r) => setTimeout(r, 10));
    await pool.withConnection(1, params(1), async () => {});
    await pool.withConnection(2, params(2), async () => {}); // slot 1 is the only idle one: evicted
    expect(made[1].closed).toBe(true);
    expect(made[0].closed).toBe(false);
    await pool.withConnection(3, params(3), async () => {}); // 0 still pinned: slot 2 goes
    expect(made[2].closed).toBe(true);
    expect(made[0].closed).toBe(false);
    releaseA();
    await holdA;
    expect(made[0].closedWhileRunning).toBe(false);
    expect(pool.stats().evictions).toBe(2);
    expect(events.filter((e) => e.type === 'evicted').map((e) => e.slot)).toEqual([1, 2]);
  });

  it('expires connections idle past idleExpiryMs, never one in use, and frees their slots', async () => {
    const { pool, made, registry } = setup({ idleExpiryMs: 40 });
    await pool.withConnection(0, params(0), async () => {});
    let release!: () => void;
    const busy = pool.withConnection(1, params(1), (t) =>
      new Promise<void>((r) => (release = r)).then(() => t.exec('x')),
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(made[0].closed).toBe(true);
    expect(registry.state(0)).toBe(SlotState.NONE);
    expect(made[1].closed).toBe(false);
    release();
    await busy;
    expect(made[1].closedWhileRunning).toBe(false);
    expect(pool.stats().expired).toBeGreaterThanOrEqual(1);
    await pool.closeAll();
  });

  it('goes over the cap rather than wait when every connection is pinned', async () => {
    const { pool, made } = setup({ max: 1 });
    await Promise.all([0, 1, 2].map((i) => pool.withConnection(i, params(i), (t) => t.exec('x'))));
    expect(made).toHaveLength(3);
    expect(made.some((t) => t.closedWhileRunning)).toBe(false);
  });

  it('replaces the connection when the settings for a slot change', async () => {
    const { pool, made } = setup();
    await pool.withConnection(0, params(0, 'alice'), async () => {});
    const t = await pool.withConnection(0, params(0, 'bob'), async (x) => x);
    expect(t.key).toBe('bob@10.0.0.0:22');
    expect(made[0].closed).toBe(true);
  });

  it('closeAll waits for running users, closes everything and frees the slots', async () => {
    const { pool, made, registry } = setup();
    await pool.preconnect(0, params(0));
    const running = pool.withConnection(1, params(1), (t) => t.exec('slow'));
    // Close while the command runs (not while it connects: a loaded machine delays timers).
    while (!made.some((t) => t.running > 0)) await new Promise((r) => setTimeout(r, 1));
    await pool.closeAll();
    await running;
    expect(made.every((t) => t.closed)).toBe(true);
    expect(made.some((t) => t.closedWhileRunning)).toBe(false);
    expect(registry.state(0)).toBe(SlotState.NONE);
    expect(registry.state(1)).toBe(SlotState.NONE);
    expect(pool.stats().open).toBe(0);
    await expect(pool.withConnection(0, params(0), async () => {})).rejects.toMatchObject({
      code: 'FLT_CONN_CLOSED',
    });
  });

  it('refuses a slot another worker holds READY (connections never cross threads)', async () => {
    const { pool, registry } = setup();
    expect(registry.claim(4, 2)).toBe('won');
    registry.publishReady(4);
    await expect(pool.withConnection(4, params(4), async () => {})).rejects.toMatchObject({
      code: 'FLT_CONN_NOT_OWNER',
    });
  });

  it('waits for another worker connecting the same slot instead of connecting twice', async () => {
    const { pool, registry, made } = setup();
    expect(registry.claim(5, 2)).toBe('won');
    setTimeout(() => registry.markDead(5), 20); // the other worker failed
    await pool.withConnection(5, params(5), async () => {});
    expect(made).toHaveLength(1); // we connected only after it gave up
  });
});
