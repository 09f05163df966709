/**
 * PlayContext.dispatch on a fake pool (no threads, no sshd): which worker a unit goes to, how
 * the outcome is applied (failed hosts, events, stats), the action table's traits it reads
 * (pre-connection, quiet actions) and a worker error turned into a failed outcome.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent, TaskResult } from '../../../src/output/events.js';
import type { ShardMap } from '../../../src/plan/shard.js';
import type { TaskSpec } from '../../../src/plan/task-spec.js';
import type { HostPool } from '../../../src/pool/host-pool.js';
import type { UnitOutcome, UnitRequest } from '../../../src/protocol/messages.js';
import { plainOutcome } from '../../../src/protocol/outcomes.js';
import { HostIterator } from '../../../src/strategy/host-iterator.js';
import { PlayContext, type RunState } from '../../../src/strategy/play-context.js';
import { RecapStats } from '../../../src/strategy/recap-stats.js';

const spec = (action: string, args: Record<string, unknown> = {}): TaskSpec => ({
  id: `t-${action}`,
  name: `t-${action}`,
  action,
  args,
  keywords: {},
  tags: [],
  handler: false,
  order: 1,
});

type Answer = (unit: UnitRequest) => UnitOutcome | Promise<UnitOutcome>;

function fakePlay(answer: Answer) {
  const sent: { shard: number; unit: UnitRequest }[] = [];
  const events: RunEvent[] = [];
  const hosts = ['a', 'b'];
  const shards: ShardMap = {
    workerCount: 2,
    owner: new Map([
      ['a', 0],
      ['b', 1],
    ]),
    slot: new Map([
      ['a', 0],
      ['b', 0],
    ]),
    shards: [['a'], ['b']],
  };
  const pool = {
    async runUnit(shard: number, unit: UnitRequest): Promise<UnitOutcome> {
      sent.push({ shard, unit });
      return answer(unit);
    },
    renderTaskName: async (_shard: number, unit: UnitRequest) => unit.taskId,
  };
  const run: RunState = {
    pool: pool as unknown as HostPool,
    shards,
    stats: new RecapStats(),
    emit: (e: RunEvent) => events.push(e),
    failedHosts: new Set(),
    unreachableHosts: new Set(),
    interrupted: false,
    forks: 5,
  };
  const play = new PlayContext(run, 'play', hosts, undefined, undefined, []);
  return { play, run, sent, events };
}

const results = (events: RunEvent[]) => events.filter((e) => e.type === 'host_result');
const answerWith =
  (status: UnitOutcome['status'], result: TaskResult, extra: Partial<UnitOutcome> = {}): Answer =>
  (unit) => ({ ...plainOutcome(unit.host, unit.taskId, status, result), ...extra });

describe('PlayContext.dispatch on a fake pool', () => {
  it("sends the unit to the host's own worker and reports the result", async () => {
    const { play, sent, events, run } = fakePlay(answerWith('changed', { changed: true }));
    const task = spec('command');
    play.iterators.set('b', new HostIterator([{ kind: 'task', spec: task }]));
    const outcome = await play.dispatch('b', task);
    expect(sent.map((s) => [s.shard, s.unit.host, s.unit.taskId])).toEqual([[1, 'b', 't-command']]);
    expect(outcome.status).toBe('changed');
    expect(results(events)).toMatchObject([{ host: 'b', status: 'changed' }]);
    expect(run.stats.of('b')).toMatchObject({ changed: 1 });
    expect(play.iterators.get('b')?.current()).toBeUndefined();
  });

  it('a failed task fails the host in the run and the batch', async () => {
    const { play, run, events } = fakePlay(answerWith('failed', { failed: true, msg: 'x' }));
    const task = spec('command');
    play.iterators.set('a', new HostIterator([{ kind: 'task', spec: task }]));
    await play.dispatch('a', task);
    expect(run.failedHosts.has('a')).toBe(true);
    expect(play.batchFailed.has('a')).toBe(true);
    expect(results(events)).toMatchObject([{ host: 'a', status: 'failed' }]);
  });

  it('a worker that throws gives a failed outcome with its message', async () => {
    const { play } = fakePlay(() => {
      throw new Error('worker died');
    });
    const outcome = await play.dispatch('a', spec('command'));
    expect(outcome).toMatchObject({ status: 'failed', result: { failed: true, msg: 'worker died' } });
  });

  it('meta and include_role that ran ok are neither shown nor counted; a skipped one is shown', async () => {
    for (const action of ['meta', 'include_role']) {
      const { play, events, run } = fakePlay(answerWith('ok', { changed: false }));
      await play.dispatch('a', spec(action, { _raw_params: 'noop' }));
      expect(results(events), action).toHaveLength(0);
      expect(run.stats.of('a').ok, action).toBe(0);
    }
    const { play, events } = fakePlay(answerWith('skipped', { skipped: true }));
    await play.dispatch('a', spec('meta', { _raw_params: 'noop' }));
    expect(results(events)).toMatchObject([{ status: 'skipped' }]);
  });

  it('end_host from the worker ends the host', async () => {
    const { play } = fakePlay(answerWith('ok', { changed: false }, { meta: 'end_host' }));
    const task = spec('meta', { _raw_params: 'end_host' });
    play.iterators.set(
      'a',
      new HostIterator([
        { kind: 'task', spec: task },
        { kind: 'task', spec: spec('ping') },
      ]),
    );
    await play.dispatch('a', task);
    expect(play.iterators.get('a')?.stopped).toBe(true);
  });

  it('only actions that need the host wait for its pre-connection, and its failure fails them', async () => {
    const { play, sent } = fakePlay(answerWith('ok', { changed: false }));
    const failure = { status: 'failed' as const, result: { failed: true, msg: 'worker lost' } };
    play.connecting.set('a', Promise.resolve(failure));
    // debug runs in the worker without a connection: it goes to the worker at once.
    expect((await play.dispatch('a', spec('debug'))).status).toBe('ok');
    expect(sent).toHaveLength(1);
    const outcome = await play.dispatch('a', spec('command'));
    expect(outcome).toMatchObject({ status: 'failed', result: { msg: 'worker lost' } });
    expect(sent).toHaveLength(1);
  });
});
