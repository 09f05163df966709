/**
 * Issue 13, defect 9: recursion in playbooks ends in a typed, positioned error with
 * Ansible's exit code, in bounded time, instead of a bare "Maximum call stack size
 * exceeded" (or, for include_tasks, a heap exhausted after 19 s).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

function tree(files: Record<string, string>): string {
  const dir = tempDir('flotilla-parsers-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const PLAY = '- hosts: localhost\n  gather_facts: false\n';

function run(dir: string, ...args: string[]) {
  return runCli(['run', '-i', 'localhost,', '-c', 'local', ...args], { cwd: dir, timeoutMs: 30_000 });
}

describe('recursion in playbooks', () => {
  it('include_tasks of itself stops at a bounded depth, exit 1, at the include', async () => {
    const dir = tree({
      'site.yml': `${PLAY}  tasks:\n    - include_tasks: self.yml\n`,
      'self.yml': '- debug: msg=again\n- include_tasks: self.yml\n',
    });
    const started = Date.now();
    const r = await run(dir, 'site.yml');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`ERROR! ${join(dir, 'self.yml')}:2:3: Exceeded maximum object depth`);
    expect(r.stderr).toMatch(/Hint: .*"when:"/);
    expect(r.stderr).not.toMatch(/Maximum call stack|heap/i);
  });

  it('runs a recursive include_tasks that a when: ends, as Ansible', async () => {
    const dir = tree({
      'site.yml': `${PLAY}  tasks:\n    - set_fact: {n: 0}\n    - include_tasks: count.yml\n`,
      'count.yml':
        '- set_fact: {n: "{{ n | int + 1 }}"}\n- debug: msg="n={{ n }}"\n- include_tasks: count.yml\n  when: n | int < 5\n',
    });
    const r = await run(dir, 'site.yml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"msg": "n=5"');
    expect(r.stdout).toMatch(/localhost +: ok=16 .*skipped=1/);
  });

  it.each([
    ['a run', []],
    ['--list-tasks', ['--list-tasks']],
  ])(
    'import_tasks of itself (%s): the import that closes the cycle, exit 250 as Ansible',
    async (_, extra) => {
      const dir = tree({
        'site.yml': `${PLAY}  tasks:\n    - import_tasks: a.yml\n`,
        'a.yml': '- debug: msg=a\n- import_tasks: b.yml\n',
        'b.yml': '- debug: msg=b\n- import_tasks: a.yml\n',
      });
      const r = await run(dir, ...extra, 'site.yml');
      expect(r.code, r.stderr).toBe(250);
      expect(r.stderr).toContain(`ERROR! ${join(dir, 'b.yml')}:2:3: import_tasks of ${join(dir, 'a.yml')}`);
      expect(r.stderr).toContain(`(${join(dir, 'a.yml')} -> ${join(dir, 'b.yml')} -> ${join(dir, 'a.yml')})`);
      expect(r.stderr).toMatch(/Hint: remove the import_tasks that closes the cycle/);
    },
  );

  it('import_role of itself from its own tasks', async () => {
    const dir = tree({
      'site.yml': `${PLAY}  tasks:\n    - import_role: name=r\n`,
      'roles/r/tasks/main.yml': '- debug: msg=r\n- import_role:\n    name: r\n',
    });
    const r = await run(dir, 'site.yml');
    expect(r.code, r.stderr).toBe(250);
    expect(r.stderr).toContain(`ERROR! ${join(dir, 'roles/r/tasks/main.yml')}:2:3: import_role of role r`);
  });

  it('a role dependency cycle names the chain and the meta entry, exit 1 as Ansible', async () => {
    const dir = tree({
      'site.yml': `${PLAY}  roles: [a]\n`,
      'roles/a/meta/main.yml': 'dependencies: [b]\n',
      'roles/a/tasks/main.yml': '- debug: msg=a\n',
      'roles/b/meta/main.yml': 'dependencies:\n  - role: a\n',
      'roles/b/tasks/main.yml': '- debug: msg=b\n',
    });
    const r = await run(dir, 'site.yml');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      `ERROR! ${join(dir, 'roles/b/meta/main.yml')}:2:5: A recursion loop was detected with the roles specified (a -> b -> a)`,
    );
    expect(r.stderr).toMatch(/Hint: remove "a" from the dependencies/);
  });

  it('an alias to its own play runs, as in Ansible (the var is a cycle nobody reads)', async () => {
    const dir = tree({
      'site.yml':
        '- &p\n  hosts: localhost\n  gather_facts: false\n  vars:\n    me: *p\n  tasks:\n    - debug: msg=hi\n',
    });
    const r = await run(dir, 'site.yml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"msg": "hi"');
  });
});
