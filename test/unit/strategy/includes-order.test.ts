/** Run-time includes: iterator splicing, linear order of included tasks, hostvars relay. */
import { describe, expect, it } from 'vitest';
import { compareOrder, type ProgramNode, type TaskSpec } from '../../../src/plan/task-spec.js';
import { HostIterator } from '../../../src/strategy/host-iterator.js';
import { HostvarsLog } from '../../../src/strategy/hostvars-log.js';

function spec(id: string, order: number, suborder?: number[]): TaskSpec {
  return { id, name: id, action: 'debug', args: {}, keywords: {}, tags: [], handler: false, order, suborder };
}
const task = (s: TaskSpec): ProgramNode => ({ kind: 'task', spec: s });

describe('HostIterator.include', () => {
  it('runs included tasks right after the include, then the rest', () => {
    const it = new HostIterator([task(spec('inc', 0)), task(spec('next', 1))]);
    expect(it.current()?.id).toBe('inc');
    it.complete(false);
    it.include([task(spec('a', 0, [1])), task(spec('b', 0, [2]))]);
    const seen: string[] = [];
    for (let s = it.current(); s; s = it.current()) {
      seen.push(s.id);
      it.complete(false);
    }
    expect(seen).toEqual(['a', 'b', 'next']);
  });

  it('a failure inside included tasks reaches the enclosing rescue', () => {
    const block: ProgramNode = {
      kind: 'block',
      id: 'b',
      block: [task(spec('inc', 0)), task(spec('after', 1))],
      rescue: [task(spec('rescue', 2))],
      always: [],
    };
    const it = new HostIterator([block]);
    it.current();
    it.complete(false);
    it.include([task(spec('x', 0, [1]))]);
    expect(it.current()?.id).toBe('x');
    expect(it.complete(true)).toBe('rescued');
    expect(it.current()?.id).toBe('rescue');
  });
});

describe('compareOrder', () => {
  it('orders included tasks after their include and before the next task', () => {
    const sorted = [
      spec('n', 1),
      spec('i2', 0, [2]),
      spec('i', 0),
      spec('i1', 0, [1]),
      spec('i11', 0, [1, 1]),
    ]
      .sort(compareOrder)
      .map((s) => s.id);
    expect(sorted).toEqual(['i', 'i1', 'i11', 'i2', 'n']);
  });
});

describe('HostvarsLog', () => {
  it('sends each shard only the updates it has not seen, for hosts it does not own', () => {
    const owner = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    const log = new HostvarsLog();
    log.add({ host: 'a', vars: { x: 1 } });
    log.add({ host: 'b', vars: { y: 2 } });
    expect(log.takeFor(0, owner)).toEqual([{ host: 'b', vars: { y: 2 } }]);
    expect(log.takeFor(0, owner)).toBeUndefined();
    expect(log.takeFor(1, owner)).toEqual([{ host: 'a', vars: { x: 1 } }]);
    log.add({ host: 'a', vars: { x: 3 } });
    expect(log.takeFor(1, owner)).toEqual([{ host: 'a', vars: { x: 3 } }]);
  });
});
