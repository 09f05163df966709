import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybook, loadTaskFile } from '../../../src/playbook/load.js';
import type { Block, Task, TaskNode } from '../../../src/playbook/model.js';

const site = 'test/fixtures/playbooks/valid/site.yml';

function task(nodes: TaskNode[], name: string): Task {
  const found = nodes.find((n) => n.name === name);
  if (found?.kind !== 'task') throw new Error(`no task ${name}`);
  return found;
}

describe('loadPlaybook', () => {
  const pb = loadPlaybook(site);
  const [common, web] = pb.plays;

  it('expands import_playbook relative to the importing file, applying its tags', () => {
    expect(pb.file).toBe(resolve(site));
    expect(pb.dir).toBe(resolve('test/fixtures/playbooks/valid'));
    expect(pb.plays.map((p) => p.id)).toEqual(['p0', 'p1']);
    expect(common.location).toEqual({ file: 'test/fixtures/playbooks/valid/common.yml', line: 1, col: 3 });
    expect(common.tags).toEqual(['imported']);
    expect(common.name).toBe('all');
    expect(common.gatherFacts).toBe(false);
    expect(common.tasks.map((t) => (t as Task).action)).toEqual(['import_tasks', 'include_tasks']);
    expect((common.tasks[0] as Task).args).toEqual({ _raw_params: 'tasks/extra.yml' });
  });

  it('reads play keywords', () => {
    expect(web.name).toBe('web servers');
    expect(web.hosts).toBe('web,db');
    expect(web.hostPatterns).toEqual(['web', 'db']);
    expect(web.become).toBe(true); // YAML 1.1: yes is a boolean, as in Ansible
    expect(web.serial).toBe('30%');
    expect(web.vars).toEqual({ port: 80 });
    expect(web.varsFiles).toEqual(['vars/main.yml']);
    expect(web.tags).toEqual(['deploy']);
    expect(web.anyErrorsFatal).toBe(false);
    expect(web.handlers).toHaveLength(1);
    expect(web.location.line).toBe(3);
  });

  it('parses the roles list: names, role:, inline params, vars, tags, when', () => {
    expect(web.roles.map((r) => r.role)).toEqual(['common', 'app']);
    expect(web.roles[0]).toMatchObject({ vars: {}, tags: [] });
    expect(web.roles[1]).toMatchObject({
      vars: { app_port: 8080, debug: true },
      tags: ['app'],
      when: ['deploy_app'],
    });
    expect(web.roles[1].location.line).toBe(13);
  });

  it('parses the free-form form, extracting command options', () => {
    const t = task(web.tasks, 'free form');
    expect(t.action).toBe('shell');
    expect(t.args).toEqual({ _raw_params: 'echo hi > /tmp/x', chdir: '/tmp', creates: '/tmp/x' });
    expect(t.location).toEqual({ file: site, line: 21, col: 7 });
  });

  it('parses the k=v form', () => {
    expect(task(web.tasks, 'kv').args).toEqual({ path: '/tmp/x', state: 'directory', mode: '0755' });
    expect(task(web.tasks, 'looping').args).toEqual({ msg: 'item {{ item }}' });
  });

  it('parses the mapping form with FQCN, args merged and keywords normalised', () => {
    const t = task(web.tasks, 'mapping');
    expect(t.action).toBe('copy');
    expect(t.actionAsWritten).toBe('ansible.builtin.copy');
    expect(t.args).toEqual({ owner: 'root', src: 'a', dest: 'b' });
    expect(t.keywords).toEqual({
      notify: ['restart web'],
      when: ["ansible_os_family == 'Debian'"],
      tags: ['copy'],
    });
  });

  it('maps ansible.legacy, action: and local_action:', () => {
    expect(task(web.tasks, 'legacy fqcn')).toMatchObject({
      action: 'shell',
      actionAsWritten: 'ansible.legacy.shell',
    });
    expect(task(web.tasks, 'old action')).toMatchObject({
      action: 'template',
      args: { src: 'a.j2', dest: '/etc/a' },
    });
    const local = task(web.tasks, 'local');
    expect(local).toMatchObject({ action: 'command', args: { _raw_params: 'hostname' } });
    expect(local.keywords.delegate_to).toBe('localhost');
  });

  it('keeps with_<lookup> loops, register and changed_when', () => {
    expect(task(web.tasks, 'looping').keywords).toEqual({
      withLookup: { name: 'items', arg: [1, 2] },
      register: 'out',
      changed_when: [false],
    });
  });

  it('builds blocks with rescue and always', () => {
    const block = web.tasks.find((n) => n.name === 'group') as Block;
    expect(block.kind).toBe('block');
    expect(block.block.map((n) => (n as Task).action)).toEqual(['command', 'debug']);
    expect(block.rescue.map((n) => (n as Task).args)).toEqual([{ msg: 'rescued' }]);
    expect(block.always).toHaveLength(1);
    expect(block.keywords).toEqual({ become_user: 'root', tags: ['grouped'] });
    expect(block.block[1].keywords.tags).toEqual(['never']);
    expect(block.block.map((n) => n.id)).toEqual([`${block.id}.b0`, `${block.id}.b1`]);
    expect(block.rescue[0].id).toBe(`${block.id}.r0`);
  });

  it('parses handlers with listen, and module-only tasks', () => {
    const handler = task(web.handlers, 'restart web');
    expect(handler).toMatchObject({ action: 'service', args: { name: 'nginx', state: 'restarted' } });
    expect(handler.keywords.listen).toEqual(['web changed']);
    expect(web.postTasks[0]).toMatchObject({ action: 'ping', args: {} });
    expect(web.preTasks[0]).toMatchObject({ action: 'command', args: { _raw_params: 'uptime' } });
  });

  it('gives unique ids', () => {
    const ids: string[] = [];
    const visit = (nodes: TaskNode[]) => {
      for (const n of nodes) {
        ids.push(n.id);
        if (n.kind === 'block') [n.block, n.rescue, n.always].forEach(visit);
      }
    };
    for (const p of pb.plays) [p.preTasks, p.tasks, p.postTasks, p.handlers].forEach(visit);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('loadTaskFile', () => {
  it('loads a task file with the role name set', () => {
    const nodes = loadTaskFile('test/fixtures/playbooks/valid/roles/common/tasks/main.yml', {
      role: 'common',
    });
    expect(nodes.map((n) => [n.name, (n as Task).action, n.role])).toEqual([
      ['common setup', 'ping', 'common'],
      [undefined, 'debug', 'common'],
    ]);
  });
});

describe('YAML details', () => {
  const pb = loadPlaybook('test/fixtures/playbooks/valid/anchors.yml');

  it('treats an empty tasks: as no tasks and applies merge keys', () => {
    expect(pb.plays[0].tasks).toEqual([]);
    expect(pb.plays[1].vars).toEqual({ a: 1, b: 2 });
  });

  it('keeps template args as _variable_params and raw params for meta', () => {
    expect(pb.plays[1].tasks.map((t) => (t as Task).args)).toEqual([
      { _variable_params: '{{ debug_args }}' },
      { _raw_params: 'flush_handlers' },
    ]);
  });
});
