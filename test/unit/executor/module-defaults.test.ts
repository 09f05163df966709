/** get_action_args_with_defaults' merge rules (executor/module-defaults.ts). */
import { describe, expect, it } from 'vitest';
import { defaultsFor, resolvedAction, withModuleDefaults } from '../../../src/executor/module-defaults.js';
import type { TaskSpec } from '../../../src/plan/task-spec.js';

/** A fake templar: `{{ x }}` is X, a template string naming `dict` is a mapping. */
const render = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v).replaceAll('{{ x }}', 'X').replace('"{{ dict }}"', '{"from":"var"}'));

function spec(keywords: TaskSpec['keywords'], extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: 't',
    name: 't',
    action: 'ping',
    args: {},
    keywords,
    tags: [],
    handler: false,
    order: 0,
    module: { fqcn: 'ansible.builtin.ping', collection: 'ansible.builtin', path: '/x', dirs: [] },
    ...extra,
  };
}

describe('module_defaults merge', () => {
  it('later dicts replace an earlier entry whole; groups first, then the action, then the args', () => {
    const defaults = [
      { 'ansible.builtin.ping': { data: 'play', other: 1 }, 'group/g1': { data: 'g1', g: 1 } },
      { 'ansible.builtin.ping': { data: 'task' }, 'group/g2': { g: 2, h: 2 } },
    ];
    expect(defaultsFor('ansible.builtin.ping', defaults, ['g1', 'g2'], render)).toEqual({
      data: 'task',
      g: 2,
      h: 2,
    });
    // A group that does not hold the action adds nothing.
    expect(defaultsFor('ansible.builtin.ping', defaults, ['g2'], render)).toEqual({
      data: 'task',
      g: 2,
      h: 2,
    });
    expect(defaultsFor('ansible.builtin.file', defaults, undefined, render)).toEqual({});
  });

  it('templates the values; task arguments win, even an omitted one', () => {
    const s = spec(
      { module_defaults: [{ 'ansible.builtin.ping': '{{ dict }}' }, { 'group/g': { data: '{{ x }}' } }] },
      {
        defaultGroups: { 'ansible.builtin.ping': ['g'] },
      },
    );
    expect(withModuleDefaults(s, { data: 'arg' }, render)).toEqual({ data: 'arg', from: 'var' });
    expect(withModuleDefaults(s, {}, render)).toEqual({ data: 'X', from: 'var' });
    expect(withModuleDefaults(spec({}), { a: 1 }, render)).toEqual({ a: 1 });
  });

  it("gather_facts passes setup's defaults under its own", () => {
    const s = spec(
      {
        module_defaults: [
          {
            'ansible.builtin.setup': { filter: 'a', gather_subset: 'min' },
            'ansible.builtin.gather_facts': { filter: 'b' },
          },
        ],
      },
      { action: 'gather_facts', module: undefined },
    );
    expect(withModuleDefaults(s, { fact_path: '/f' }, render)).toEqual({
      filter: 'b',
      gather_subset: 'min',
      fact_path: '/f',
    });
  });

  it('names the action by its resolved FQCN (a library module is ansible.legacy)', () => {
    expect(resolvedAction(spec({}))).toBe('ansible.builtin.ping');
    expect(
      resolvedAction(
        spec({}, { action: 'mine', module: { fqcn: 'mine', collection: '', path: '/m', dirs: [] } }),
      ),
    ).toBe('ansible.legacy.mine');
    expect(resolvedAction(spec({}, { action: 'debug', module: undefined }))).toBe('ansible.builtin.debug');
  });
});
