import { describe, expect, it } from 'vitest';
import { WorkerRuntime } from '../../../src/executor/worker-runtime.js';
import type { WorkerInit } from '../../../src/protocol/messages.js';
import { ConnectionRegistry } from '../../../src/sync/registry.js';
import { Semaphore } from '../../../src/sync/semaphore.js';
import { recordingKind } from '../../support/recording-transport.js';

/** A worker of two hosts over a pooled fake transport whose connects wait for `release`. */
function setup(forks: number) {
  let release = () => {};
  const connectGate = new Promise<void>((r) => (release = r));
  const slow = recordingKind('slow', { pooled: true, connectGate });
  const init = {
    shard: 0,
    registry: ConnectionRegistry.create(8).buffer,
    forks: Semaphore.create(forks).buffer,
    hosts: ['a', 'b'].map((name, slot) => ({
      name,
      slot,
      vars: { ansible_connection: 'slow' },
      groupNames: [],
    })),
    allHostVars: {},
    extraVars: {},
    connectTimeoutMs: 1000,
    maxConnections: 4,
  } as unknown as WorkerInit;
  return { runtime: new WorkerRuntime(init, { slow }), slow, release };
}

describe('WorkerRuntime over a fake transport table', () => {
  it('pre-connection holds a forks permit until the host is connected', async () => {
    const { runtime, slow, release } = setup(1);
    const done = runtime.preconnect(['a', 'b']);
    await new Promise((r) => setTimeout(r, 50));
    // One permit: the second host waits for the first connect to end.
    expect(slow.made.map((t) => t.params.host)).toEqual(['a']);
    release();
    expect(await done).toEqual([
      { host: 'a', ok: true },
      { host: 'b', ok: true },
    ]);
    expect(slow.made.map((t) => t.params.host)).toEqual(['a', 'b']);
    await runtime.shutdown();
    expect(slow.made.every((t) => t.closed)).toBe(true);
  });

  it('with two permits both hosts connect at once', async () => {
    const { runtime, slow, release } = setup(2);
    const done = runtime.preconnect(['a', 'b']);
    await new Promise((r) => setTimeout(r, 50));
    expect(slow.made).toHaveLength(2);
    release();
    await done;
    await runtime.shutdown();
  });
});
