import { describe, expect, it } from 'vitest';
import type { ProgramNode, TaskSpec } from '../../../src/plan/task-spec.js';
import { HostIterator } from '../../../src/strategy/host-iterator.js';

let order = 0;
const t = (id: string): ProgramNode => ({
  kind: 'task',
  spec: {
    id,
    name: id,
    action: 'debug',
    args: {},
    keywords: {},
    tags: [],
    handler: false,
    order: order++,
  } as TaskSpec,
});
const block = (
  id: string,
  b: ProgramNode[],
  rescue: ProgramNode[] = [],
  always: ProgramNode[] = [],
): ProgramNode => ({
  kind: 'block',
  id,
  block: b,
  rescue,
  always,
});

/** Runs the iterator to the end; `fails` lists the tasks that fail. Returns the tasks run. */
function walk(
  program: ProgramNode[],
  fails: string[] = [],
): { ran: string[]; it: HostIterator; outcomes: (string | undefined)[] } {
  const it = new HostIterator(program);
  const ran: string[] = [];
  const outcomes: (string | undefined)[] = [];
  for (let spec = it.current(); spec; spec = it.current()) {
    ran.push(spec.id);
    outcomes.push(it.complete(fails.includes(spec.id)));
  }
  return { ran, it, outcomes };
}

describe('HostIterator', () => {
  it('runs tasks in order', () => {
    expect(walk([t('a'), t('b')]).ran).toEqual(['a', 'b']);
  });

  it('a failure outside any block ends the host', () => {
    const { ran, it } = walk([t('a'), t('b'), t('c')], ['b']);
    expect(ran).toEqual(['a', 'b']);
    expect(it.failed).toBe(true);
  });

  it('rescue runs after a failure in block, then always; the host is rescued', () => {
    const { ran, it, outcomes } = walk(
      [block('B', [t('b1'), t('b2')], [t('r1')], [t('a1')]), t('after')],
      ['b1'],
    );
    expect(ran).toEqual(['b1', 'r1', 'a1', 'after']);
    expect(outcomes[0]).toBe('rescued');
    expect(it.failed).toBe(false);
  });

  it('without rescue, always runs and the failure then ends the host', () => {
    const { ran, it } = walk([block('B', [t('b1'), t('b2')], [], [t('a1'), t('a2')]), t('after')], ['b1']);
    expect(ran).toEqual(['b1', 'a1', 'a2']);
    expect(it.failed).toBe(true);
  });

  it('a failing rescue runs always and fails the host', () => {
    const { ran, it } = walk(
      [block('B', [t('b1')], [t('r1'), t('r2')], [t('a1')]), t('after')],
      ['b1', 'r1'],
    );
    expect(ran).toEqual(['b1', 'r1', 'a1']);
    expect(it.failed).toBe(true);
  });

  it('an inner failure without rescue is rescued by the outer block after the inner always', () => {
    const inner = block('I', [t('i1'), t('i2')], [], [t('ia')]);
    const { ran, it } = walk([block('O', [inner, t('o2')], [t('or')], [t('oa')]), t('after')], ['i1']);
    expect(ran).toEqual(['i1', 'ia', 'or', 'oa', 'after']);
    expect(it.failed).toBe(false);
  });

  it('nested always sections all run for a failing host', () => {
    const inner = block('I', [t('i1')], [], [t('ia')]);
    const { ran, it } = walk([block('O', [inner, t('o2')], [], [t('oa')]), t('after')], ['i1']);
    expect(ran).toEqual(['i1', 'ia', 'oa']);
    expect(it.failed).toBe(true);
  });

  it('stop() ends the host at once', () => {
    const it = new HostIterator([t('a'), t('b')]);
    it.stop();
    expect(it.current()).toBeUndefined();
  });

  it('a failure on the last task of a section stops the host (it runs no later section)', () => {
    const { it } = walk([t('a'), t('b')], ['b']);
    expect(it.stopped).toBe(true);
    const inAlways = walk([block('B', [t('b1')], [], [t('a1')])], ['b1']);
    expect(inAlways.ran).toEqual(['b1', 'a1']);
    expect(inAlways.it.stopped).toBe(true);
  });

  it('resume() takes up a host stopped without a failure, not a failed one', () => {
    const up = new HostIterator([t('a'), t('b')]);
    up.stop();
    expect(up.resume()).toBe(true);
    expect(up.current()?.id).toBe('a');
    const { it } = walk([t('a')], ['a']);
    expect(it.resume()).toBe(false);
  });
});
