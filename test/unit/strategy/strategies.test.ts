/**
 * The strategies on a fake pool (no threads, no sshd): the order in which (host, task) units
 * reach the workers. linear runs each task on every host before the next; free lets a fast host
 * run ahead of a slow one; host_pinned keeps at most --forks hosts in the section, each until it
 * is done. The fake pool answers each unit after a delay chosen per host.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/output/events.js';
import type { ShardMap } from '../../../src/plan/shard.js';
import type { ProgramNode, TaskSpec } from '../../../src/plan/task-spec.js';
import type { HostPool } from '../../../src/pool/host-pool.js';
import type { UnitOutcome, UnitRequest } from '../../../src/protocol/messages.js';
import { plainOutcome } from '../../../src/protocol/outcomes.js';
import { HostIterator } from '../../../src/strategy/host-iterator.js';
import { PlayContext, type RunState } from '../../../src/strategy/play-context.js';
import { RecapStats } from '../../../src/strategy/recap-stats.js';
import { STRATEGIES, strategyNamed } from '../../../src/strategy/registry.js';

const task = (id: string, order: number): TaskSpec => ({
  id,
  name: id,
  action: 'command',
  args: { _raw_params: 'true' },
  keywords: {},
  tags: [],
  handler: false,
  order,
});

/** `start`/`end` of each unit, in the order the fake workers saw them. */
type Log = string[];

function fakeRun(hosts: string[], delayMs: (host: string) => number, forks: number, log: Log): RunState {
  const pool = {
    async runUnit(_shard: number, unit: UnitRequest): Promise<UnitOutcome> {
      log.push(`start ${unit.host} ${unit.taskId}`);
      await new Promise((r) => setTimeout(r, delayMs(unit.host)));
      log.push(`end ${unit.host} ${unit.taskId}`);
      return plainOutcome(unit.host, unit.taskId, 'ok', { changed: false });
    },
    renderTaskName: async (_shard: number, unit: UnitRequest) => unit.taskId,
  };
  const shards: ShardMap = {
    workerCount: 1,
    owner: new Map(hosts.map((h) => [h, 0])),
    slot: new Map(hosts.map((h, i) => [h, i])),
    shards: [hosts],
  };
  return {
    pool: pool as unknown as HostPool,
    shards,
    stats: new RecapStats(),
    emit: (_e: RunEvent) => {},
    failedHosts: new Set(),
    unreachableHosts: new Set(),
    interrupted: false,
    forks,
  };
}

async function runSection(strategy: string, hosts: string[], delayMs: (h: string) => number, forks = 10) {
  const log: Log = [];
  const ctx = new PlayContext(fakeRun(hosts, delayMs, forks, log), 'play', hosts, undefined, undefined, []);
  const section: ProgramNode[] = [1, 2, 3].map((n) => ({ kind: 'task', spec: task(`t${n}`, n) }));
  for (const h of hosts) ctx.iterators.set(h, new HostIterator(section));
  await STRATEGIES[strategy].runSection(ctx, async () => {});
  return log;
}

/** The most hosts that had started their first task and not ended their last, at once. */
function mostHostsInSection(log: Log): number {
  const open = new Set<string>();
  let most = 0;
  for (const line of log) {
    const [mark, host, id] = line.split(' ');
    if (mark === 'start' && id === 't1') open.add(host);
    if (mark === 'end' && id === 't3') open.delete(host);
    most = Math.max(most, open.size);
  }
  return most;
}

const hosts = ['a', 'b', 'c', 'd'];
const slowA = (h: string) => (h === 'a' ? 30 : 1);

describe('strategies on a fake pool', () => {
  it('linear: no host starts a task before every host ended the one before', async () => {
    const log = await runSection('linear', hosts, slowA);
    for (const n of [2, 3]) {
      const firstStart = log.findIndex((l) => l.startsWith('start') && l.endsWith(`t${n}`));
      const lastEnd = log.findLastIndex((l) => l.startsWith('end') && l.endsWith(`t${n - 1}`));
      expect(firstStart).toBeGreaterThan(lastEnd);
    }
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(12);
  });

  it('free: fast hosts finish the section while a slow one is still on its first task', async () => {
    const log = await runSection('free', hosts, slowA);
    const aFirstEnd = log.indexOf('end a t1');
    for (const h of ['b', 'c', 'd']) expect(log.indexOf(`end ${h} t3`)).toBeLessThan(aFirstEnd);
    expect(mostHostsInSection(log)).toBe(4);
  });

  it('host_pinned: at most --forks hosts in the section, each until it is done', async () => {
    const log = await runSection('host_pinned', hosts, slowA, 2);
    expect(mostHostsInSection(log)).toBe(2);
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(12);
    // The slow host keeps its place: the other lane serves b, c and d meanwhile.
    expect(log.indexOf('end d t3')).toBeLessThan(log.indexOf('end a t3'));
  });

  it('free refuses an action that bypasses the host loop (add_host), as free.py does', async () => {
    const hostsHere = ['a', 'b'];
    const log: Log = [];
    const ctx = new PlayContext(
      fakeRun(hostsHere, () => 1, 10, log),
      'play',
      hostsHere,
      undefined,
      undefined,
      [],
    );
    const section: ProgramNode[] = [
      { kind: 'task', spec: { ...task('t1', 1), action: 'add_host', args: { name: 'x' } } },
    ];
    for (const h of hostsHere) ctx.iterators.set(h, new HostIterator(section));
    await expect(STRATEGIES.free.runSection(ctx, async () => {})).rejects.toThrow(
      "The 'add_host' module bypasses the host loop, which is currently not supported in the free strategy",
    );
    expect(log).toEqual([]);
  });

  it('the registry knows each strategy by name and FQCN, and no other', () => {
    expect(Object.keys(STRATEGIES)).toEqual(['linear', 'free', 'host_pinned']);
    expect(strategyNamed('ansible.builtin.host_pinned')).toBe(STRATEGIES.host_pinned);
    expect(strategyNamed('debug')).toBeUndefined();
    expect(strategyNamed('toString')).toBeUndefined();
  });
});
