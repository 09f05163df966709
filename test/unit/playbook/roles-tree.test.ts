/**
 * Compiling roles as Ansible 2.14 does: dependencies first, one run per role instance
 * unless duplicates are allowed, variables along the dependency chain, handlers per role
 * instance, play-wide role defaults/vars, and the static check of a playbook's roles.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Block, Playbook, RoleRef, Task, TaskNode } from '../../../src/playbook/model.js';
import {
  checkPlaybookRoles,
  dependencyRef,
  RolePlanner,
  roleParams,
} from '../../../src/playbook/role-tree.js';
import { tempDir } from '../../support/temp-dirs.js';

let dir: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};
const loc = { file: 'play.yml', line: 5, col: 7 };
const ref = (role: string, more: Partial<RoleRef> = {}): RoleRef => ({
  role,
  vars: {},
  tags: [],
  location: loc,
  ...more,
});

/** The debug messages of the tasks, in order, with the vars of the block they sit in. */
function tasksOf(
  nodes: TaskNode[],
  vars: Record<string, unknown> = {},
): { msg: unknown; vars: Record<string, unknown> }[] {
  return nodes.flatMap((n) =>
    n.kind === 'block'
      ? tasksOf(n.block, { ...vars, ...(n.keywords.vars ?? {}) })
      : [{ msg: n.args.msg, vars }],
  );
}

beforeEach(() => {
  dir = tempDir('flt-roletree-');
  write('roles/app/tasks/main.yml', '- debug: msg=app\n');
  write('roles/app/meta/main.yml', 'dependencies:\n  - role: base\n    basev: fromapp\n  - common\n');
  write('roles/app/vars/main.yml', 'appvar: v\n');
  write('roles/app/defaults/main.yml', 'appdef: d\nshared: app\n');
  write('roles/base/tasks/main.yml', '- debug: msg=base\n');
  write('roles/base/defaults/main.yml', 'basedef: d\nshared: base\n');
  write('roles/base/handlers/main.yml', '- name: base handler\n  debug: msg=bh\n');
  write('roles/common/tasks/main.yml', '- debug: msg=common\n');
  write('roles/dup/tasks/main.yml', '- debug: msg=dup\n');
  write('roles/dup/meta/main.yml', 'allow_duplicates: true\n');
});

describe('RolePlanner', () => {
  it('runs dependencies first, and each role instance once per play', () => {
    const p = new RolePlanner(dir, []);
    const first = p.compile(ref('common'), { idPrefix: 'a.' });
    const second = p.compile(ref('app'), { idPrefix: 'b.' });
    const again = p.compile(ref('common'), { idPrefix: 'c.' });
    expect(tasksOf(first.tasks).map((t) => t.msg)).toEqual(['common']);
    // common already ran as the play's first role: app's dependency on it adds nothing
    expect(tasksOf(second.tasks).map((t) => t.msg)).toEqual(['base', 'app']);
    expect(tasksOf(again.tasks)).toEqual([]);
  });

  it('the same role with other parameters, or allowing duplicates, runs again', () => {
    const p = new RolePlanner(dir, []);
    p.compile(ref('common'), { idPrefix: 'a.' });
    expect(tasksOf(p.compile(ref('common', { vars: { x: 1 } }), { idPrefix: 'b.' }).tasks)).toHaveLength(1);
    p.compile(ref('dup'), { idPrefix: 'c.' });
    expect(tasksOf(p.compile(ref('dup'), { idPrefix: 'd.' }).tasks)).toHaveLength(1);
    // include_role/import_role allow duplicates unless told otherwise
    p.compile(ref('common'), { idPrefix: 'e.', fromInclude: true, allowDuplicates: true });
    expect(
      tasksOf(p.compile(ref('common'), { idPrefix: 'f.', fromInclude: true, allowDuplicates: true }).tasks),
    ).toHaveLength(1);
    expect(
      tasksOf(p.compile(ref('common'), { idPrefix: 'g.', fromInclude: true, allowDuplicates: false }).tasks),
    ).toEqual([]);
  });

  it("a dependency sees its own params and the depending role's vars; role_name and role_path are set", () => {
    const p = new RolePlanner(dir, []);
    const [base, app] = tasksOf(
      p.compile(ref('app', { vars: { appparam: 1 } }), { idPrefix: 'a.' }).tasks,
    ).filter((t) => t.msg !== 'common');
    expect(base.vars).toMatchObject({ basev: 'fromapp', appvar: 'v', appparam: 1, role_name: 'base' });
    expect(base.vars.role_path).toBe(path.join(dir, 'roles/base'));
    expect(app.vars).toMatchObject({ appvar: 'v', appparam: 1, role_name: 'app', ansible_role_name: 'app' });
    expect(app.vars).not.toHaveProperty('basev');
  });

  it("a role's defaults rank over its dependencies', and the play sees every role's defaults and vars", () => {
    const p = new RolePlanner(dir, []);
    const app = p.compile(ref('app'), { idPrefix: 'a.' });
    expect(app.defaults).toEqual({ basedef: 'd', shared: 'app', appdef: 'd' });
    p.expose(app);
    expect(p.playDefaults).toMatchObject({ shared: 'app', basedef: 'd' });
    expect(p.playVars).toEqual({ appvar: 'v' });
  });

  it('role params rank above role vars and go to include_params; the entry vars: below vars/main.yml', () => {
    write('roles/pv/tasks/main.yml', '- debug: msg=pv\n');
    write('roles/pv/vars/main.yml', 'a: rolevars\nb: rolevars\n');
    const p = new RolePlanner(dir, []);
    const r = ref('pv', { vars: { a: 'entryvars', b: 'param' }, keywords: { vars: { a: 'entryvars' } } });
    expect(roleParams(r)).toEqual({ b: 'param' });
    const block = (p.compile(r, { idPrefix: 'a.' }).tasks[0] as Block).block[0] as Block;
    expect(block.keywords.vars).toMatchObject({ a: 'rolevars', b: 'param' });
    expect(block.keywords.include_params).toEqual({ b: 'param' });
  });

  it('one role instance keeps one set of handlers, listed again when it comes again', () => {
    const p = new RolePlanner(dir, []);
    const a = p.compile(ref('base'), { idPrefix: 'a.', fromInclude: true, allowDuplicates: true });
    const b = p.compile(ref('base'), { idPrefix: 'b.', fromInclude: true, allowDuplicates: true });
    const c = p.compile(ref('base'), { idPrefix: 'c.', fromInclude: true, includeVars: { item: 1 } });
    expect(b.handlers[0]).toBe(a.handlers[0]);
    expect(c.handlers[0]).not.toBe(a.handlers[0]);
  });

  it('import_role: *_from files, its vars as task vars, its handlers kept for the play', () => {
    write('roles/base/tasks/other.yml', '- debug: msg=other\n');
    const p = new RolePlanner(dir, []);
    const task: Task = {
      kind: 'task',
      id: 't1',
      action: 'import_role',
      actionAsWritten: 'import_role',
      args: { name: 'base', tasks_from: 'other' },
      keywords: { vars: { basedef: 'task' } },
      location: loc,
    };
    p.exposeImports([
      { kind: 'block', id: 'b', block: [task], rescue: [], always: [], keywords: {}, location: loc },
    ]);
    expect(p.playDefaults).toMatchObject({ basedef: 'd' });
    const tasks = tasksOf(p.importRole(task, 'i.'));
    expect(tasks.map((t) => t.msg)).toEqual(['other']);
    expect(tasks[0].vars.basedef).toBe('task');
    expect(p.importedHandlers).toHaveLength(1);
  });

  it('own include vars exclude what the include inherited from roles', () => {
    const p = new RolePlanner(dir, []);
    const app = p.compile(ref('app'), { idPrefix: 'a.' });
    p.expose(app);
    const inherited = tasksOf(app.tasks).at(-1)!.vars;
    expect(p.ownVars({ ...inherited, mine: 1, appvar: 'changed' })).toEqual({ mine: 1, appvar: 'changed' });
  });
});

describe('dependencyRef', () => {
  it('reads a name, or a mapping with params, vars, tags and when', () => {
    expect(dependencyRef('x', loc)).toEqual({ role: 'x', vars: {}, tags: [], location: loc });
    const d = dependencyRef({ role: 'y', p: 1, vars: { v: 2 }, tags: 'a,b', when: 'c', become: true }, loc)!;
    expect(d).toMatchObject({ role: 'y', vars: { v: 2, p: 1 }, tags: ['a', 'b'], when: ['c'] });
    expect(d.keywords).toEqual({ become: true, vars: { v: 2 } });
    expect(roleParams(d)).toEqual({ p: 1 });
  });
});

describe('checkPlaybookRoles', () => {
  const playbook = (roles: RoleRef[], tasks: TaskNode[] = []): Playbook =>
    ({
      file: path.join(dir, 'play.yml'),
      dir,
      plays: [{ id: 'p0', roles, preTasks: [], tasks, postTasks: [], handlers: [] }],
    }) as unknown as Playbook;

  it('fails on a missing role or dependency before anything runs', () => {
    expect(() => checkPlaybookRoles(playbook([ref('app')]))).not.toThrow();
    expect(() => checkPlaybookRoles(playbook([ref('nope')]))).toThrow(/the role 'nope' was not found in /);
    write('roles/broken/meta/main.yml', 'dependencies: [missingdep]\n');
    expect(() => checkPlaybookRoles(playbook([ref('broken')]))).toThrow(
      /the role 'missingdep' was not found/,
    );
  });

  it('fails on an import_role with a missing tasks_from file', () => {
    const task: Task = {
      kind: 'task',
      id: 't1',
      action: 'import_role',
      actionAsWritten: 'import_role',
      args: { name: 'base', tasks_from: 'nosuch' },
      keywords: {},
      location: loc,
    };
    expect(() => checkPlaybookRoles(playbook([], [task]))).toThrow(
      'Could not find specified file in role: tasks/nosuch',
    );
  });
});
