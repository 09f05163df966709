/**
 * Exit codes of the built CLI, pinned to what ansible-playbook 2.14 returns for the same
 * input (checked against the real one: see the README's CLI reference).
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempFile } from '../../support/cli.js';

const good = tempFile('good.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - shell: echo\n');
const unknownModule = tempFile('bad1.yml', '- hosts: all\n  tasks:\n    - shel: echo\n');
const badOrder = tempFile(
  'order.yml',
  '- hosts: localhost\n  gather_facts: false\n  order: random\n  tasks:\n    - debug: msg=x\n',
);
const badYaml = tempFile('bad2.yml', '- hosts: all\n  tasks:\n    - shell: echo\n     bad: [\n');

describe('flotilla run exit codes (as ansible-playbook 2.14)', () => {
  it.each([
    ['a valid playbook under --syntax-check → 0', ['--syntax-check', good], 0],
    ['an unknown module (parser error) → 4', [unknownModule], 4],
    ['broken YAML (parser error) → 4', [badYaml], 4],
    ['a playbook that does not exist → 1', ['/nonexistent/site.yml'], 1],
    ['an unknown option (argparse) → 2', ['--bogus', good], 2],
    ['a bad option value (argparse) → 2', ['-f', 'abc', good], 2],
    ['extra vars that are not a mapping (options error) → 5', ['-e', '[1, 2]', good], 5],
    ['an invalid play order (options error) → 5', [badOrder], 5],
  ])('%s', async (_what, args, code) => {
    const r = await runCli(['run', '-i', 'localhost,', ...(args as string[])]);
    expect(r.code, r.stderr).toBe(code);
  });

  it('prints every validation error with file:line:col and a hint, and runs nothing', async () => {
    const pb = tempFile(
      'two.yml',
      '- hosts: all\n  tasks:\n    - shel: echo\n    - name: x\n      becom: true\n      command: id\n',
    );
    const r = await runCli(['run', '-i', 'localhost,', pb]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/two\.yml:3:7: .*shel/);
    expect(r.stderr).toMatch(/did you mean "shell"/);
    expect(r.stderr).toMatch(/two\.yml:5:7: .*becom.*did you mean "become"/);
    expect(r.stdout).not.toContain('PLAY [');
  });
});

describe('flotilla inventory', () => {
  it('lists, graphs and shows a host like ansible-inventory', async () => {
    const inv = tempFile('hosts.ini', '[web]\nweb[1:2] x=1\n[db]\ndb1\n[prod:children]\nweb\ndb\n');
    const list = JSON.parse((await runCli(['inventory', '-i', inv, '--list'])).stdout);
    expect(list._meta.hostvars.web1).toEqual({ x: 1 });
    expect(list.prod.children).toEqual(['web', 'db']);
    const graph = (await runCli(['inventory', '-i', inv, '--graph'])).stdout;
    // The exact text ansible-inventory 2.14 prints for this inventory.
    expect(graph).toBe(
      '@all:\n  |--@ungrouped:\n  |--@prod:\n  |  |--@web:\n  |  |  |--web1\n  |  |  |--web2\n  |  |--@db:\n  |  |  |--db1\n',
    );
    const host = await runCli(['inventory', '-i', inv, '--host', 'web2']);
    expect(JSON.parse(host.stdout)).toEqual({ x: 1 });
  });

  it('refuses to guess when no mode is given (exit 5, as ansible-inventory)', async () => {
    const r = await runCli(['inventory', '-i', 'localhost,']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      'No action selected, at least one of --host, --graph or --list needs to be specified.',
    );
  });

  it("a module removed by ansible.builtin routing (a tombstone) is one error, in Ansible's words, exit 1 as Ansible's", async () => {
    const pb = tempFile('gone.yml', '- hosts: all\n  tasks:\n    - bigip_asm_policy: name=x\n');
    const r = await runCli(['run', '-i', 'localhost,', pb]);
    expect(r.code).toBe(1); // ansible-playbook exits 1 (AnsiblePluginRemovedError is no parser error)
    expect(r.stderr).toContain(
      '[DEPRECATED]: ansible.builtin.bigip_asm_policy has been removed. bigip_asm_policy has been removed please use bigip_asm_policy_manage instead. This feature was removed from ansible-core in a release after 2019-11-06. Please update your playbooks.',
    );
    expect(r.stderr.match(/ERROR!/g)?.length).toBe(1);
  });
});
