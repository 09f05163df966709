/**
 * Differential tests of unsafe data against ansible-playbook 2.14: a fleet host's file holds
 * a Jinja payload that would touch a file on the controller if rendered. Both tools read it
 * (register, set_fact, loops, local facts, hostvars, a templated conditional) and `!unsafe`
 * values from every source; the whole normalised stdout must be the same, and neither tool
 * may have run the payload.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dirs.js';
import { type DiffCase, explain, ownFleet, runBoth } from './harness.js';
import { normaliseStdout, rootOf } from './stdout-normalise.js';

const fleet = ownFleet(2);
const dir = tempDir('flotilla-unsafe-diff-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const payload = (tag: string) => `{{ lookup('pipe', 'touch ${dir}/PWNED-${tag}') }}`;

async function expectSame(c: DiffCase): Promise<void> {
  const r = await runBoth(fleet(), { hosts: 2, ...c });
  const ansible = normaliseStdout(r.ansible.stdout, rootOf(r.ansible.stdout, 'ansible'));
  const flotilla = normaliseStdout(r.flotilla.stdout, rootOf(r.flotilla.stdout, 'flotilla'));
  expect(flotilla, explain(r)).toBe(ansible);
  expect(r.flotilla.code).toBe(r.ansible.code);
  expect(readdirSync(dir).filter((f) => f.startsWith('PWNED'))).toEqual([]);
}

describe('unsafe data vs ansible-playbook 2.14', () => {
  it('host output and !unsafe values stay text, as in Ansible (one run: Ansible is slow to start)', async () => {
    writeFileSync(path.join(dir, 'motd'), `${payload('motd')}\nsecond line\n`);
    mkdirSync(path.join(dir, 'facts.d'), { recursive: true });
    writeFileSync(path.join(dir, 'facts.d', 'evil.fact'), JSON.stringify({ motd: payload('fact') }));
    await expectSame({
      // Play 1: host text through register, when, set_fact, loops, local facts, hostvars and a
      // templated conditional. Play 2: !unsafe from play vars, vars files, task args, set_fact
      // and extra vars.
      playbook: `- hosts: all
  gather_facts: false
  vars:
    peer: "{{ ansible_play_hosts | difference([inventory_hostname]) | first }}"
    alias: "{{ r.stdout_lines[0] }}"
    plain: "{{ '{{' }} 1 + 1 }}"
    lazy: "{{ plain }}"
  tasks:
    - command: cat ${dir}/motd
      register: r
    - debug: var=r.stdout_lines
      when: r.rc == 0
    - set_fact:
        copied: "{{ r.stdout_lines[0] }}"
        nested: {a: "{{ r.stdout_lines[0] | upper }}", n: "{{ r.rc }}"}
    - debug: var=copied
    - debug: var=nested
    - debug: msg="{{ alias }} {{ lazy }}"
    - debug: msg="{{ item }}"
      loop: "{{ r.stdout_lines }}"
    - debug: msg="{{ item }}"
      with_items: "{{ r.stdout_lines }}"
    - setup:
        fact_path: ${dir}/facts.d
        gather_subset: ['!all']
    - set_fact:
        from_fact: "{{ ansible_local.evil.motd }}"
    - debug: msg="{{ from_fact }} / {{ ansible_local['evil']['motd'] }}"
    - debug: msg="{{ hostvars[peer].copied }} / {{ hostvars[peer].from_fact }}"
    - name: a templated conditional made from host text is refused
      debug: msg=never
      when: "{{ r.stdout_lines[0] }}"
      ignore_errors: true
- hosts: all
  gather_facts: false
  vars:
    from_play: !unsafe "${payload('play')}"
    list: [!unsafe "${payload('list')}", "{{ 1 + 1 }}"]
    whole_list: !unsafe ["${payload('whole-list')}", { k: "${payload('whole-list-map')}" }]
    whole_map: !unsafe { k: "${payload('whole-map')}" }
  vars_files: [vars.yml]
  tasks:
    - debug: var=from_play
    - debug: var=list
    - debug: msg="{{ whole_list[0] }} {{ whole_list[1] }} {{ whole_map.k }} {{ file_list[0] }}"
    - debug: msg="{{ from_file }} {{ from_extra }}"
    - debug:
        msg: !unsafe "${payload('arg')}"
    - set_fact:
        direct: !unsafe "${payload('set-fact')}"
        via: "{{ from_play }}"
    - debug: msg="{{ direct }} {{ via }}"
`,
      files: {
        'vars.yml': `from_file: !unsafe "${payload('file')}"\nfile_list: !unsafe\n  - "${payload('file-list')}"\n`,
        'extra.yml': `from_extra: !unsafe "${payload('extra')}"\n`,
      },
      args: ['-e', '@extra.yml'],
    });
  });

  // vars/clean.py clean_facts: a module's facts never become the connection, become or
  // interpreter settings (ansible_connection: local would run the next task on the
  // controller, in the playbook's dir); they stay under ansible_facts, as namespace_facts keeps them.
  it('facts a host returns cannot steer the connection, become or the interpreter', async () => {
    const facts = {
      ansible_connection: 'local',
      ansible_host: '10.255.255.1',
      ansible_become_pass: 'from-host',
      ansible_become_whatever: 'x',
      ansible_python_interpreter: '/bin/false',
      ansible_bogus_interpreter: 'x',
      ansible_ssh_common_args: '-o ProxyCommand=false',
      ansible_local_x: 1,
      ansible_paramiko_ssh_y: 1,
      ansible_ssh_host_key_test_public: 'kept',
      ansible_docker0_bridge: 'kept',
      ansible_winrm_gwbridge: 'kept',
      plain_fact: 'kept',
    };
    const names = Object.keys(facts);
    await expectSame({
      playbook: `- hosts: all
  gather_facts: false
  tasks:
    - steer:
    - debug: msg="${names.map((n) => `{{ ${n} | default('removed') }}`).join(' ')}"
    - debug: msg="{{ ansible_facts.connection }} {{ ansible_facts.bogus_interpreter }} {{ ansible_connection }}"
    - command: pwd
      register: where
    - debug: var=where.stdout
`,
      files: {
        'library/steer.py': `#!/usr/bin/python3\nimport json\nprint(json.dumps({"changed": False, "ansible_facts": ${JSON.stringify(facts)}}))\n`,
      },
    });
  });
});
