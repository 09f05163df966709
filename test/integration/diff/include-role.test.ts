/**
 * Differential test against ansible-playbook 2.14: include_role at run time (when, loop,
 * vars, a templated role name, role defaults, facts set inside the role).
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';

describe('same as ansible-playbook: include_role', () => {
  const fleet = ownFleet(2);
  it('include_role with when, loop, vars and a templated name', async () => {
    const r = await runBoth(fleet(), {
      hosts: 2,
      playbook: `- hosts: fleet
  gather_facts: false
  vars: { d: "{{ root }}/{{ inventory_hostname }}" }
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - include_role: { name: writer }
      vars: { tag: plain }
    - include_role: name=writer
      when: inventory_hostname == 'node001'
      vars: { tag: only1 }
    - include_role: { name: writer }
      loop: [a, b]
      vars: { tag: "loop-{{ item }}" }
    - include_role: { name: "{{ rname }}" }
      vars: { rname: writer, tag: templated, greeting: hello }
    - copy: { dest: "{{ d }}/after.txt", content: "{{ from_role | default('none') }} {{ tag | default('unset') }}\\n" }
`,
      files: {
        'roles/writer/defaults/main.yml': 'greeting: hi\n',
        'roles/writer/tasks/main.yml': `- copy: { dest: "{{ d }}/{{ tag }}.txt", content: "{{ tag }} {{ greeting }} {{ inventory_hostname }}\\n" }
- set_fact: { from_role: "{{ tag }}" }
`,
      },
    });
    // Like Ansible, an include_role that ran is neither shown nor counted.
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
    expect(r.ansible.files['node001/loop-b.txt']).toBe('0644 loop-b hi node001\n');
  });
});
