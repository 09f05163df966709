/**
 * with_<lookup> loops run the lookup plugins as TaskExecutor does (listified terms, the
 * plugin's own error text). Expected items were checked against ansible-playbook 2.14.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopItems } from '../../../src/executor/loop-items.js';
import type { TaskSpec } from '../../../src/plan/task-spec.js';
import { Templar } from '../../../src/template/index.js';
import { tempDir } from '../../support/temp-dirs.js';

const templar = new Templar();
const dir = tempDir('flt-loop-items-');
mkdirSync(path.join(dir, 'files'));
mkdirSync(path.join(dir, 'templates'));
writeFileSync(path.join(dir, 'files', 'b.txt'), 'b\n');
writeFileSync(path.join(dir, 'templates', 'b.txt'), 'b\n');

function items(
  name: string,
  arg: unknown,
  vars: Record<string, unknown> = {},
  action = 'debug',
): unknown[] | undefined {
  const spec = { action, keywords: { withLookup: { name, arg } } } as unknown as TaskSpec;
  const opts = { searchPath: [dir] };
  const render = (v: unknown) => templar.renderValue(v, vars, opts);
  const query = (lookup: string, term: unknown) =>
    templar.renderValue('{{ query(__l, __t) }}', { ...vars, __l: lookup, __t: term }, opts);
  return loopItems(spec, render, query);
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('with_<lookup> loops', () => {
  it('with_items flattens one level; a dict gives its keys', () => {
    expect(items('items', [[1, 2], 3])).toEqual([1, 2, 3]);
    expect(items('items', '{{ d }}', { d: { b: 2, a: 1 } })).toEqual(['b', 'a']);
  });

  it('with_sequence, with_dict, with_together, with_nested', () => {
    expect(items('sequence', 'start=0 end=4 stride=2 format=s%d')).toEqual(['s0', 's2', 's4']);
    expect(items('dict', { x: 1 })).toEqual([{ key: 'x', value: 1 }]);
    expect(items('together', [[1, 2], ['a']])).toEqual([
      [1, 'a'],
      [2, null],
    ]);
    // One list: each item is iterated itself (a string gives its characters).
    expect(items('nested', [['a', 'b']])).toEqual([['a'], ['b']]);
  });

  it('with_indexed_items and with_subelements give lists, as a task sees them', () => {
    const got = items('indexed_items', ['a', 'b']) as unknown[][];
    expect(got).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(Object.getPrototypeOf(got[0])).toBe(Array.prototype);
    const users = [{ name: 'alice', keys: ['k1'] }];
    expect(items('subelements', ['{{ users }}', 'keys'], { users })).toEqual([[{ name: 'alice' }, 'k1']]);
  });

  it("a plugin's error is the task's message as it is", () => {
    expect(failure(() => items('sequence', 'start=1 end=x'))).toBe("can't parse end=x as integer");
    expect(failure(() => items('list', '{{ d }}', { d: { a: 1 } }))).toBe('with_list expects a list');
  });

  it('with_first_found drops undefined terms and searches the subdir the action implies', () => {
    expect(items('first_found', ['{{ nope }}.txt', 'b.txt'])).toEqual([path.join(dir, 'files', 'b.txt')]);
    expect(items('first_found', ['b.txt'], {}, 'template')).toEqual([path.join(dir, 'templates', 'b.txt')]);
  });

  it('an unknown lookup is an error', () => {
    expect(failure(() => items('bogus', [1]))).toBe(
      "Unexpected failure in finding the lookup named 'bogus' in the available lookup plugins",
    );
  });
});
