import { describe, expect, it } from 'vitest';
import type { Transport } from '../../../src/connection/transport.js';
import type { TransportTable } from '../../../src/connection/transports.js';
import { HostConnections } from '../../../src/executor/host-connections.js';
import { newHostState } from '../../../src/executor/host-state.js';
import { type ModuleRunOptions, UnreachableError } from '../../../src/executor/task-executor.js';
import type { WorkerInit } from '../../../src/protocol/messages.js';
import { ConnectionRegistry } from '../../../src/sync/registry.js';
import { recordingKind } from '../../support/recording-transport.js';

/** A worker's connections over a table of recording transports: no sshd, no processes. */
function setup(options: { failConnect?: string } = {}) {
  const kinds = {
    pooled: recordingKind('pooled', { pooled: true, failConnect: options.failConnect }),
    pertask: recordingKind('pertask', { pooled: false, failConnect: options.failConnect }),
    local: recordingKind('local', { pooled: false, user: 'controller-user' }),
  };
  const interrupted: string[] = [];
  kinds.pooled.interruptAll = () => interrupted.push('pooled');
  const table: TransportTable = {
    pooled: kinds.pooled,
    pooled_alias: kinds.pooled,
    pertask: kinds.pertask,
    local: kinds.local,
  };
  const hostVars = (connection: string) => ({
    ansible_connection: connection,
    ansible_user: `${connection}-user`,
  });
  const init = {
    shard: 0,
    registry: ConnectionRegistry.create(8).buffer,
    hosts: [
      { name: 'a', slot: 0, vars: hostVars('pooled'), groupNames: [] },
      { name: 'b', slot: 1, vars: hostVars('pertask'), groupNames: [] },
    ],
    allHostVars: { elsewhere: hostVars('pertask') },
    extraVars: {},
    connectTimeoutMs: 1000,
    maxConnections: 4,
  } as unknown as WorkerInit;
  const hosts = new Map(init.hosts.map((h) => [h.name, newHostState(h)]));
  const connections = new HostConnections(init, hosts, table);
  const host = (name: string) => hosts.get(name)!;
  return { kinds, connections, host, interrupted };
}

const task = (extra: Partial<ModuleRunOptions> = {}): ModuleRunOptions => ({
  check: false,
  diff: false,
  ...extra,
});

describe('HostConnections over the transport table', () => {
  it('keeps a pooled transport open across tasks, and opens a per-task one for each task', async () => {
    const { kinds, connections, host } = setup();
    const seen: Transport[] = [];
    const keep = async (t: Transport) => void seen.push(t);
    await connections.run(host('a'), task(), keep);
    await connections.run(host('a'), task(), keep);
    expect(kinds.pooled.made).toHaveLength(1);
    expect(kinds.pooled.made[0].connects).toBe(1);
    expect(seen).toEqual([kinds.pooled.made[0], kinds.pooled.made[0]]);
    expect(kinds.pooled.made[0].closed).toBe(false);

    await connections.run(host('b'), task(), keep);
    await connections.run(host('b'), task(), keep);
    expect(kinds.pertask.made).toHaveLength(2);
    for (const t of kinds.pertask.made) expect([t.connects, t.closed]).toEqual([1, true]);

    await connections.shutdown();
    expect(kinds.pooled.made[0].closed).toBe(true);
  });

  it('an alias of the table reaches the same transport, and -c applies to hosts that set none', async () => {
    const { kinds, connections, host } = setup();
    const a = host('a');
    a.vars = { ansible_connection: 'pooled_alias' };
    await connections.run(a, task(), async () => {});
    expect(kinds.pooled.made).toHaveLength(1);
    expect(kinds.pooled.made[0].params.connection).toBe('pooled');
    const b = host('b');
    b.vars = {};
    connections.startPlay('pooled');
    await connections.preconnect(b);
    expect(kinds.pooled.made.map((t) => t.params.host)).toEqual(['a', 'b']);
  });

  it('a connection failure makes the host unreachable; a task error stays a task error', async () => {
    for (const name of ['a', 'b']) {
      const { connections, host } = setup({ failConnect: 'FLT_CONN_REFUSED' });
      await expect(connections.run(host(name), task(), async () => {})).rejects.toBeInstanceOf(
        UnreachableError,
      );
    }
    const { connections, host } = setup();
    const timedOut = Object.assign(new Error('command timed out'), { code: 'FLT_CONN_COMMAND_TIMEOUT' });
    const failing = async () => {
      throw timedOut;
    };
    await expect(connections.run(host('a'), task(), failing)).rejects.toBe(timedOut);
    await expect(connections.run(host('b'), task(), failing)).rejects.toBe(timedOut);
  });

  it('a failed pre-connection is unreachable again for the same login, without a second attempt', async () => {
    const { kinds, connections, host } = setup({ failConnect: 'FLT_CONN_AUTH' });
    const outcome = await connections.preconnect(host('a'));
    expect(outcome).toMatchObject({ host: 'a', ok: false, error: { code: 'FLT_CONN_AUTH' } });
    expect(kinds.pooled.made).toHaveLength(1);
    await expect(connections.run(host('a'), task(), async () => {})).rejects.toBeInstanceOf(UnreachableError);
    expect(kinds.pooled.made).toHaveLength(1);
    // A per-task transport is not pre-connected.
    expect(await connections.preconnect(host('b'))).toEqual({ host: 'b', ok: true });
    expect(kinds.pertask.made).toHaveLength(0);
  });

  it('delegate_to runs on the controller for localhost, else over the delegate’s own transport', async () => {
    const { kinds, connections, host } = setup();
    await connections.run(host('a'), task({ delegateTo: 'localhost' }), async () => {});
    expect(kinds.local.made.map((t) => [t.params.host, t.closed])).toEqual([['localhost', true]]);
    expect(connections.loginUser(host('a'), task({ delegateTo: '127.0.0.1' }))).toBe('controller-user');

    await connections.run(host('a'), task({ delegateTo: 'elsewhere' }), async () => {});
    expect(kinds.pertask.made.map((t) => [t.params.host, t.params.user, t.closed])).toEqual([
      ['elsewhere', 'pertask-user', true],
    ]);
    expect(connections.loginUser(host('a'), task({ delegateTo: 'elsewhere' }))).toBe('pertask-user');
    expect(connections.loginUser(host('a'), task())).toBe('pooled-user');
    expect(kinds.pooled.made).toHaveLength(0);
  });

  it('an interrupted shutdown asks each transport kind once to kill what it runs', async () => {
    const { connections, interrupted } = setup();
    await connections.shutdown({ interrupt: true });
    expect(interrupted).toEqual(['pooled']);
  });
});
