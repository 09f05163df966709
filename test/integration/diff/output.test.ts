/**
 * Differential tests of the WHOLE stdout against ansible-playbook 2.14's default callback:
 * users parse our output with the tools they use for Ansible. Only what is legitimately
 * nondeterministic is normalised (see `normalise`). FLT_DIFF_DUMP=/tmp/x writes both
 * normalised outputs per test (`/tmp/x-<name>.ansible|.flotilla`) for a plain `diff`.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DiffResult, ownFleet, runBoth } from './harness.js';
import { normaliseStdout, rootOf } from './stdout-normalise.js';

function compare(r: DiffResult, roots: { a: string; f: string }): void {
  const a = normaliseStdout(r.ansible.stdout, roots.a);
  const f = normaliseStdout(r.flotilla.stdout, roots.f);
  if (process.env.FLT_DIFF_DUMP) {
    const n = `${process.env.FLT_DIFF_DUMP}-${expect.getState().currentTestName?.slice(-12).replace(/\W/g, '_')}`;
    writeFileSync(`${n}.ansible`, a);
    writeFileSync(`${n}.flotilla`, f);
  }
  expect(
    f,
    `--- ansible stderr ---\n${r.ansible.stderr}\n--- flotilla stderr ---\n${r.flotilla.stderr}`,
  ).toBe(a);
  expect(r.flotilla.code).toBe(r.ansible.code);
}

function rootsOf(r: DiffResult): { a: string; f: string } {
  return { a: rootOf(r.ansible.stdout, 'ansible'), f: rootOf(r.flotilla.stdout, 'flotilla') };
}

const TYPICAL = `- name: configure the fleet
  hosts: fleet
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - name: make the directory
      file: { path: "{{ d }}", state: directory, mode: "0755" }
    - name: write a file
      copy: { dest: "{{ d }}/a.txt", content: "hello\\n" }
      notify: restart thing
    - name: read something
      command: echo {{ inventory_hostname }}
      register: out
      changed_when: false
    - name: show var
      debug: var=out.stdout
    - debug: var=out.stdout_lines
    - name: show list
      debug:
        msg: ["one", "{{ inventory_hostname }}", 3]
    - name: show dict
      debug:
        msg: { a: 1, b: [x, z], c: { m: null, t: true, f: 1.5 } }
    - name: loop with label
      copy: { dest: "{{ d }}/{{ item.k }}.txt", content: "{{ item.v }}\\n" }
      loop: [{ k: xa, v: 1 }, { k: ya, v: 2 }]
      loop_control: { label: "{{ item.k }}" }
    - name: plain loop
      debug: msg="item {{ item }}"
      loop: [1, 2]
    - name: skipped for most
      debug: msg=only-first
      when: inventory_hostname == groups.fleet[0]
    - name: skipped loop
      command: echo {{ item }}
      loop: [a, b]
      when: item == 'zz'
    - name: failing but ignored
      command: /bin/false
      ignore_errors: true
    - block:
        - name: fails in block
          command: /bin/false
      rescue:
        - name: rescue it
          debug: msg=rescued
      always:
        - name: always here
          debug: msg=always
  handlers:
    - name: restart thing
      command: echo restarted

- name: second play
  hosts: fleet
  gather_facts: false
  tasks:
    - name: ping
      ping:
`;

describe('same stdout as ansible-playbook', () => {
  const fleet = ownFleet(3);

  it('a typical playbook: facts, register/debug, loops, when, ignore_errors, handlers, block/rescue, two plays', async () => {
    const r = await runBoth(fleet(), { playbook: TYPICAL });
    compare(r, rootsOf(r));
  });

  it('a failing host and then all hosts failing (NO MORE HOSTS LEFT)', async () => {
    const r = await runBoth(fleet(), {
      hosts: 2,
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - name: fail the first
      command: /bin/false
      when: inventory_hostname == groups.fleet[0]
    - name: still going
      debug: msg=hi
    - name: fail with msg
      fail: msg="boom {{ inventory_hostname }}"
    - name: never
      debug: msg=never
`,
    });
    compare(r, rootsOf(r));
  });

  it('includes, run_once, delegate_to, assert, no_log, loop failures, any_errors_fatal', async () => {
    const r = await runBoth(fleet(), {
      files: {
        'inc.yml': `- name: included step
  debug: msg="inc {{ x }}"
`,
      },
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - include_tasks: inc.yml
      vars: { x: 1 }
    - include_tasks: inc.yml
      loop: [a, b]
      loop_control: { loop_var: x }
    - name: once
      debug: msg=once
      run_once: true
    - name: delegated
      command: echo d
      delegate_to: localhost
      changed_when: false
    - name: facts
      set_fact: { f: "{{ inventory_hostname }}" }
    - name: check
      assert: { that: ["f == inventory_hostname"] }
    - name: secret
      debug: msg=hidden
      no_log: true
    - name: loop with a failing item
      command: "{{ item }}"
      loop: [/bin/true, /bin/false]
      ignore_errors: true
    - name: multiline
      debug: msg="line1\\nline2"
    - name: fatal for all
      fail: msg=stop
      when: inventory_hostname == groups.fleet[1]
      any_errors_fatal: true
    - name: not reached
      debug: msg=no
`,
    });
    compare(r, rootsOf(r));
  });

  it('serial batches, --diff, loops, failed_when, a failed batch ends the playbook', async () => {
    const r = await runBoth(fleet(), {
      hosts: 3,
      args: ['--diff'],
      playbook: `- hosts: fleet
  gather_facts: false
  serial: 2
  tasks:
    - copy: { dest: "{{ root }}/{{ inventory_hostname }}.txt", content: "a\\nb\\n" }
    - lineinfile: { path: "{{ root }}/{{ inventory_hostname }}.txt", line: "c" }
    - name: changed loop
      command: echo {{ item }}
      loop: [1, 2]
    - name: with_dict
      debug: msg="{{ item.key }}={{ item.value }}"
      with_dict: { a: 1 }
    - name: failed_when
      command: echo out
      register: r
      failed_when: "'out' in r.stdout"
      ignore_errors: yes
    - name: fail one in free later
      fail: msg=x
      when: inventory_hostname == groups.fleet[2]
- hosts: fleet
  gather_facts: false
  strategy: free
  tasks:
    - name: free fail
      fail: msg=y
    - debug: msg=after
`,
    });
    compare(r, rootsOf(r));
  });

  it('--check and -v', async () => {
    const r = await runBoth(fleet(), {
      hosts: 2,
      args: ['--check', '-v'],
      playbook: `- hosts: fleet
  tasks:
    - name: loop in verbose
      debug: msg="{{ item }}"
      loop: [1, 2]
      loop_control: { label: "L{{ item }}" }
    - name: skipped verbose
      debug: msg=x
      when: false
    - name: would say
      debug: msg="check {{ ansible_check_mode }}"
    - name: a command
      command: echo hi
      register: c
    - debug: var=c.skipped
    - name: always runs
      command: echo real
      check_mode: false
      changed_when: false
`,
    });
    compare(r, rootsOf(r));
  });
});
