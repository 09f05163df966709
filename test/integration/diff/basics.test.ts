/**
 * Differential tests against ansible-playbook 2.14: files, loops, conditions, results.
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';

describe('same as ansible-playbook: basics', () => {
  const fleet = ownFleet();
  it('files, loops, loop_control, when, register, changed_when/failed_when, ignore_errors, until', async () => {
    const r = await runBoth(fleet(), {
      playbook: `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory, mode: "0755" }
    - copy: { dest: "{{ d }}/a.txt", content: "hello {{ inventory_hostname }}\\n", mode: "0640" }
    - copy: { dest: "{{ d }}/a.txt", content: "hello {{ inventory_hostname }}\\n", mode: "0640" }
    - copy: { dest: "{{ d }}/{{ item.k }}.txt", content: "{{ item.v }}\\n", mode: "0600" }
      loop: [{ k: xa, v: 1 }, { k: ya, v: 2 }]
      loop_control: { label: "{{ item.k }}", index_var: idx }
    - lineinfile: { path: "{{ d }}/a.txt", line: "item {{ item }}" }
      with_items: [1, 2]
    - command: echo {{ inventory_hostname }}
      register: out
      changed_when: false
    - shell: "echo {{ out.stdout }} > {{ d }}/echo.txt"
      when: out.stdout is search('node')
    - command: /bin/false
      ignore_errors: true
    - command: echo fine
      register: ok
      failed_when: "'fine' not in ok.stdout"
    - command: /bin/false
      register: f
      failed_when: false
    - shell: "echo -n x >> {{ d }}/until.txt; cat {{ d }}/until.txt"
      register: u
      until: u.stdout | length >= 3
      retries: 5
      delay: 0
    - debug: { msg: "skipped" }
      when: inventory_hostname == 'nobody'
    - copy: { dest: "{{ d }}/vars.txt", content: "{{ out.rc }} {{ f.rc }} {{ u.attempts }} {{ ok.stdout }}\\n" }
`,
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });
});
