import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { SshTransport } from '../../../src/connection/ssh-transport.js';
import { ConnectionRegistry, SlotState } from '../../../src/sync/registry.js';
import {
  countAcceptedLogins,
  type Fleet,
  sessionProcesses,
  startFleet,
  stopFleet,
} from '../../../tools/fleet/index.js';
import { eventually, fleetParams } from './fleet-params.js';

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({ hosts: 6 });
});

afterAll(async () => {
  if (fleet) await stopFleet(fleet);
});

function makePool(registry = ConnectionRegistry.create(fleet.hosts.length), idleCheckAfterMs = 30_000) {
  return new ConnectionPool({
    registry,
    ownerId: 1,
    maxConnections: 16,
    idleCheckAfterMs,
    transportFactory: (p) => new SshTransport(p),
  });
}

describe('ConnectionPool against a real sshd', () => {
  it('logs in once per host across many concurrent and sequential uses, and closeAll leaves no session', async () => {
    const pool = makePool();
    const before = countAcceptedLogins(fleet);
    const hosts = [0, 1, 2, 3, 4];
    for (let round = 0; round < 3; round++) {
      const outs = await Promise.all(
        hosts.flatMap((i) =>
          Array.from({ length: 6 }, () =>
            pool.withConnection(i, fleetParams(fleet, i), (t) => t.exec('hostname -I >/dev/null; echo ok')),
          ),
        ),
      );
      expect(outs.every((r) => r.stdout === 'ok\n')).toBe(true);
    }
    expect(await eventually(() => countAcceptedLogins(fleet) - before === hosts.length)).toBe(true);
    expect(pool.stats()).toMatchObject({ opened: 5, reused: 85, open: 5 });
    expect(sessionProcesses(fleet).length).toBeGreaterThanOrEqual(5);
    await pool.closeAll();
    expect(await eventually(() => sessionProcesses(fleet).length === 0)).toBe(true);
    expect(countAcceptedLogins(fleet) - before).toBe(hosts.length);
  });

  it('reconnects after the server kills the session', async () => {
    const registry = ConnectionRegistry.create(fleet.hosts.length);
    const pool = makePool(registry);
    const params = fleetParams(fleet, 5);
    const beforeSessions = new Set(sessionProcesses(fleet));
    await pool.withConnection(5, params, (t) => t.exec('true'));
    const mine = sessionProcesses(fleet).filter((pid) => !beforeSessions.has(pid));
    expect(mine).toHaveLength(1);
    process.kill(mine[0], 'SIGTERM');
    expect(await eventually(() => !sessionProcesses(fleet).includes(mine[0]))).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // let the client see the socket close
    const r = await pool.withConnection(5, params, (t) => t.exec('echo back'));
    expect(r.stdout).toBe('back\n');
    expect(pool.stats()).toMatchObject({ opened: 2, reconnects: 1 });
    expect(registry.state(5)).toBe(SlotState.READY);
    await pool.closeAll();
    expect(registry.state(5)).toBe(SlotState.NONE);
    expect(await eventually(() => sessionProcesses(fleet).every((pid) => beforeSessions.has(pid)))).toBe(
      true,
    );
  });

  it('finds a silently dead connection with the liveness check when idle, and replaces it', async () => {
    const pool = new ConnectionPool({
      registry: ConnectionRegistry.create(fleet.hosts.length),
      ownerId: 1,
      maxConnections: 4,
      idleCheckAfterMs: 0, // check before every reuse
      aliveTimeoutMs: 500,
      transportFactory: (p) => new SshTransport(p),
    });
    const params = fleetParams(fleet, 4);
    const before = new Set(sessionProcesses(fleet));
    const first = await pool.withConnection(4, params, async (t) => t);
    const mine = sessionProcesses(fleet).filter((pid) => !before.has(pid));
    expect(mine).toHaveLength(1);
    process.kill(mine[0], 'SIGSTOP'); // socket open but mute: only a round trip can tell
    try {
      await new Promise((r) => setTimeout(r, 5));
      const r = await pool.withConnection(4, params, async (t) => ({ t, out: await t.exec('echo fresh') }));
      expect(r.t).not.toBe(first);
      expect(r.out.stdout).toBe('fresh\n');
      expect(pool.stats()).toMatchObject({ opened: 2, reconnects: 1 });
    } finally {
      process.kill(mine[0], 'SIGCONT');
    }
    await pool.closeAll();
  });

  it('preconnect reports FLT_CONN_REFUSED and marks the slot DEAD', async () => {
    const registry = ConnectionRegistry.create(1);
    const pool = makePool(registry);
    await expect(pool.preconnect(0, fleetParams(fleet, 0, { port: 1 }))).rejects.toMatchObject({
      code: 'FLT_CONN_REFUSED',
    });
    expect(registry.state(0)).toBe(SlotState.DEAD);
    await pool.closeAll();
  });
});
