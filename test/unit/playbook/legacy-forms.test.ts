/**
 * Legacy task forms Ansible 2.14 still loads: the bare `include:` (static or dynamic as
 * helpers.load_list_of_tasks decides, its k=v arguments as variables, its load-time
 * deprecation) and the runtime.yml deprecation of a module name, reported while loading.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook, loadTaskFile } from '../../../src/playbook/load.js';
import {
  INCLUDE_DEPRECATION,
  type LoadDeprecation,
  listenForLoadDeprecations,
} from '../../../src/playbook/load-notices.js';
import type { Task } from '../../../src/playbook/model.js';
import { tempDir } from '../../support/temp-dirs.js';

function playbook(tasks: string): { file: string; dir: string } {
  const dir = tempDir('flt-legacy-');
  const file = path.join(dir, 'play.yml');
  writeFileSync(file, `- hosts: all\n  tasks:\n${tasks}`);
  writeFileSync(path.join(dir, 'inc.yml'), '- debug: msg=hi\n');
  return { file, dir };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function collect(): LoadDeprecation[] {
  const seen: LoadDeprecation[] = [];
  stop = listenForLoadDeprecations((d) => seen.push(d));
  return seen;
}

describe('the bare include:', () => {
  it('is an import_tasks when static, its k=v arguments become vars over the task vars', () => {
    const seen = collect();
    const { file } = playbook(
      '    - include: inc.yml x=1 y=2\n      vars: {y: 0, z: 3}\n      tags: [a]\n      become: true\n',
    );
    const [task] = loadPlaybook(file).plays[0].tasks as Task[];
    expect(task.action).toBe('import_tasks');
    expect(task.actionAsWritten).toBe('include');
    expect(task.args).toEqual({ _raw_params: 'inc.yml' });
    expect(task.keywords.vars).toEqual({ y: '2', z: 3, x: '1' });
    // Any task keyword is accepted (include_tasks' short list is not checked for it).
    expect(task.keywords.become).toBe(true);
    expect(seen).toEqual([INCLUDE_DEPRECATION]);
  });

  it('is an include_tasks when its file is a template, it loops, or a dynamic include brought it', () => {
    collect();
    const { file, dir } = playbook(
      [
        '    - include: "{{ f }}"',
        '    - ansible.builtin.include: inc.yml',
        '      loop: [1]',
        '    - include: file=inc.yml',
        '      with_items: [1]',
        '',
      ].join('\n'),
    );
    const tasks = loadPlaybook(file).plays[0].tasks as Task[];
    expect(tasks.map((t) => t.action)).toEqual(['include_tasks', 'include_tasks', 'include_tasks']);
    expect(tasks[2].args).toEqual({ _raw_params: 'inc.yml' });
    const nested = path.join(dir, 'nested.yml');
    writeFileSync(nested, '- include: inc.yml\n');
    expect((loadTaskFile(nested)[0] as Task).action).toBe('import_tasks');
    expect((loadTaskFile(nested, { dynamicParent: true })[0] as Task).action).toBe('include_tasks');
  });
});

describe('module name deprecations (runtime.yml)', () => {
  it('are reported as the name is resolved at load, with the collection and version', () => {
    const seen = collect();
    const { file } = playbook('    - community.general.files.ini_file: path=/x section=s option=o value=1\n');
    loadPlaybook(file);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      msg: expect.stringMatching(/^community\.general\.files\.ini_file has been deprecated\. You are using/),
      version: '9.0.0',
      collection: 'community.general',
    });
  });
});

describe('templated action names', () => {
  it('load under action: and local_action:, kept as written for the worker to resolve', () => {
    const { file } = playbook(
      [
        '    - action: "{{ m }} msg=hello"',
        '    - local_action: "{{ m }} msg=local"',
        '    - action: {module: "{{ m }}", msg: mapped}',
        '',
      ].join('\n'),
    );
    const tasks = loadPlaybook(file).plays[0].tasks as Task[];
    expect(tasks.map((t) => [t.action, t.args])).toEqual([
      ['{{ m }}', { msg: 'hello' }],
      ['{{ m }}', { msg: 'local' }],
      ['{{ m }}', { msg: 'mapped' }],
    ]);
    expect(tasks[1].keywords.delegate_to).toBe('localhost');
    expect(tasks.every((t) => t.module === undefined)).toBe(true);
  });

  it('are refused as a module key, as Ansible refuses them', () => {
    const { file } = playbook('    - "{{ m }}": msg=x\n');
    expect(() => loadPlaybook(file)).toThrow(/couldn't resolve module\/action "\{\{ m \}\}"/);
  });
});
