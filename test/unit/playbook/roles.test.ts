/**
 * Finding roles and their files as Ansible 2.14 does (role search path, *_from files with or
 * without extension, vars/defaults directories), its error messages, and task display names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlotillaError } from '../../../src/errors/index.js';
import type { RoleRef, Task } from '../../../src/playbook/model.js';
import {
  findRole,
  findRoleFiles,
  loadRole,
  roleNotFound,
  roleSearchDirs,
  taskDisplayName,
} from '../../../src/playbook/roles.js';
import { tempDir } from '../../support/temp-dirs.js';

let dir: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};
const ref = (role: string): RoleRef => ({
  role,
  vars: {},
  tags: [],
  location: { file: 'p.yml', line: 3, col: 7 },
});

beforeEach(() => {
  dir = tempDir('flt-roles-');
});
afterEach(() => {
  delete process.env.ANSIBLE_ROLES_PATH;
});

describe('role search path', () => {
  it("searches the playbook's roles/, the roles path, the depending role's dir, the playbook dir", () => {
    expect(roleSearchDirs('/pb', ['/rp1', '/rp2'], '/pb/roles/parent')).toEqual([
      '/pb/roles',
      '/rp1',
      '/rp2',
      '/pb/roles/parent',
      '/pb',
    ]);
  });

  it('finds roles/<name> before a same-named directory in the roles path or the playbook dir', () => {
    write('roles/web/tasks/main.yml', '- debug: msg=a\n');
    write('elsewhere/web/tasks/main.yml', '- debug: msg=b\n');
    write('web/tasks/main.yml', '- debug: msg=c\n');
    expect(findRole('web', dir, { rolesPath: [path.join(dir, 'elsewhere')] })?.dir).toBe(
      path.join(dir, 'roles/web'),
    );
    expect(findRole('only', dir, { rolesPath: [] })).toBeUndefined();
  });

  it('takes ANSIBLE_ROLES_PATH as the roles path and keeps a nested name as written', () => {
    write('shared/group/db/tasks/main.yml', '- debug: msg=db\n');
    process.env.ANSIBLE_ROLES_PATH = path.join(dir, 'shared');
    const found = findRole('group/db', dir);
    expect(found).toEqual({ name: 'group/db', dir: path.join(dir, 'shared/group/db') });
  });

  it('a path as the name: shown as written, or under its basename when found from the current directory', () => {
    write('somewhere/myrole/tasks/main.yml', '- debug: msg=x\n');
    const abs = path.join(dir, 'somewhere/myrole');
    expect(findRole(abs, '/nonexistent', { rolesPath: [] })).toEqual({ name: abs, dir: abs });
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(findRole('somewhere/myrole', '/nonexistent', { rolesPath: [] })).toEqual({
        name: 'myrole',
        dir: abs,
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it("a missing role is Ansible's error, listing every directory searched, at the reference", () => {
    const err = roleNotFound('nope', '/pb', { file: 'p.yml', line: 4, col: 7 }, { rolesPath: ['/r1'] });
    expect(err.code).toBe('FLT_ROLE_NOT_FOUND');
    expect(err.message).toBe("the role 'nope' was not found in /pb/roles:/r1:/pb");
    expect(err.location).toEqual({ file: 'p.yml', line: 4, col: 7 });
  });
});

describe('role files', () => {
  it('main: .yml, then .yaml, .json; a named file: as given, then with an extension', () => {
    write('r/tasks/main.yaml', '[]');
    write('r/tasks/other.yml', '[]');
    write('r/tasks/sub/deep.yml', '[]');
    write('r/tasks/exact', '[]');
    const r = path.join(dir, 'r');
    expect(findRoleFiles(r, 'tasks', undefined, false)).toEqual([path.join(r, 'tasks/main.yaml')]);
    expect(findRoleFiles(r, 'tasks', 'other', false)).toEqual([path.join(r, 'tasks/other.yml')]);
    expect(findRoleFiles(r, 'tasks', 'other.yml', false)).toEqual([path.join(r, 'tasks/other.yml')]);
    expect(findRoleFiles(r, 'tasks', 'sub/deep', false)).toEqual([path.join(r, 'tasks/sub/deep.yml')]);
    expect(findRoleFiles(r, 'tasks', 'exact', false)).toEqual([path.join(r, 'tasks/exact')]);
    expect(findRoleFiles(r, 'tasks', 'missing', false)).toBeUndefined();
    expect(findRoleFiles(r, 'handlers', undefined, false)).toEqual([]);
  });

  it('vars_from naming a directory merges its files in name order', () => {
    write('r/vars/env/b.yml', 'x: b\ny: b\n');
    write('r/vars/env/a.yml', 'x: a\nz: a\n');
    write('r/tasks/main.yml', '- debug: msg=hi\n');
    const role = loadRole(ref('r'), dir, 't.', [], { from: { vars: 'env' } });
    expect(role.vars).toEqual({ x: 'b', y: 'b', z: 'a' });
  });

  it('loads tasks_from/defaults_from/handlers_from and tags the tasks with the role name', () => {
    write('roles/r/tasks/main.yml', '- debug: msg=main\n');
    write('roles/r/tasks/alt.yml', '- name: alt task\n  debug: msg=alt\n');
    write('roles/r/defaults/main.yml', 'd: main\n');
    write('roles/r/defaults/alt.yml', 'd: alt\n');
    write('roles/r/handlers/alt.yml', '- name: h\n  debug: msg=h\n');
    write('roles/r/meta/main.yml', 'allow_duplicates: yes\ndependencies: [other]\n');
    const role = loadRole(ref('r'), dir, 't.', [], {
      from: { tasks: 'alt', defaults: 'alt.yml', handlers: 'alt' },
    });
    expect(role.tasks.map((t) => (t.kind === 'task' ? [t.name, t.role] : []))).toEqual([['alt task', 'r']]);
    expect(role.defaults).toEqual({ d: 'alt' });
    expect(role.handlers).toHaveLength(1);
    expect(role.meta).toEqual({
      allowDuplicates: true,
      dependencies: ['other'],
      file: expect.stringMatching(/\/roles\/r\/meta\/main\.yml$/),
      collections: [],
    });
  });

  it("a missing *_from file is Ansible's parser error, at the reference", () => {
    write('roles/r/tasks/main.yml', '- debug: msg=main\n');
    let err: unknown;
    try {
      loadRole(ref('r'), dir, 't.', [], { from: { tasks: 'nosuch' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlotillaError);
    expect((err as FlotillaError).code).toBe('FLT_PLAYBOOK_ROLE_FILE');
    expect((err as FlotillaError).message).toBe('Could not find specified file in role: tasks/nosuch');
    expect((err as FlotillaError).location).toEqual({ file: 'p.yml', line: 3, col: 7 });
  });
});

describe('task display names', () => {
  const task = (over: Partial<Task>): Task => ({
    kind: 'task',
    id: 't',
    action: 'command',
    actionAsWritten: 'command',
    args: {},
    keywords: {},
    location: { file: 'f', line: 1, col: 1 },
    ...over,
  });
  it('prefixes the role name, also for an unnamed task', () => {
    expect(taskDisplayName(task({ name: 'do it', role: 'web' }))).toBe('web : do it');
    expect(taskDisplayName(task({ role: 'web' }))).toBe('web : command');
    expect(taskDisplayName(task({ name: 'plain' }))).toBe('plain');
  });
  it('an unnamed include_role shows the role it includes; a named one only its name', () => {
    const inc = { action: 'include_role', actionAsWritten: 'include_role', args: { name: 'db' } };
    expect(taskDisplayName(task(inc))).toBe('include_role : db');
    expect(taskDisplayName(task({ ...inc, role: 'web' }))).toBe('include_role : db');
    expect(taskDisplayName(task({ ...inc, name: 'with db', role: 'web' }))).toBe('with db');
  });
});
