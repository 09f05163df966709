/** A templated action name, rendered on the host's worker, resolves as a written one would. */
import { describe, expect, it } from 'vitest';
import { TemplatedActions } from '../../../src/executor/templated-action.js';
import type { TaskSpec } from '../../../src/plan/task-spec.js';

const spec: TaskSpec = {
  id: 't1',
  name: '{{ m }}',
  action: '{{ m }}',
  args: { msg: 'x' },
  keywords: {},
  tags: [],
  handler: false,
  order: [0],
} as unknown as TaskSpec;

describe('TemplatedActions.resolve', () => {
  const actions = new TemplatedActions();

  it('a native name becomes that action', () => {
    const r = actions.resolve(spec, 'ansible.builtin.debug', []);
    expect(r).toMatchObject({
      action: 'debug',
      actionAsWritten: 'ansible.builtin.debug',
      args: { msg: 'x' },
    });
  });

  it('a collection module becomes a bridged one', () => {
    const r = actions.resolve(spec, 'community.general.modprobe', []) as TaskSpec;
    expect(r.action).toBe('community.general.modprobe');
    expect(r.module?.fqcn).toBe('community.general.modprobe');
  });

  it('a collection module flotilla has natively becomes its action, its module still resolved', () => {
    const r = actions.resolve(spec, 'community.general.ini_file', []) as TaskSpec;
    expect(r.action).toBe('ini_file');
    expect(r.actionAsWritten).toBe('community.general.ini_file');
    expect(r.module?.fqcn).toBe('community.general.ini_file');
  });

  it('an unknown name is left for the module runner to fail', () => {
    expect(actions.resolve(spec, 'nosuchmod', [])).toMatchObject({ action: 'nosuchmod' });
  });

  it('includes and meta are refused with a clear message', () => {
    expect(actions.resolve(spec, 'include_tasks', [])).toEqual({
      msg: expect.stringContaining('cannot run include_tasks from a templated action name'),
    });
  });
});
