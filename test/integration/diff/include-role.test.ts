/**
 * Differential test against ansible-playbook 2.14: include_role at run time (when, loop,
 * vars, a templated role name, role defaults, facts set inside the role), tasks_from &
 * co., apply, public, the role's handlers, import_role, and the TASK banners they print.
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';
import { expectSameRun } from './roles-compare.js';

const INNER_ROLE = {
  'roles/r/tasks/main.yml': '- debug: msg="main {{ rvar }} {{ rdef }}"\n',
  'roles/r/tasks/other.yaml': '- debug: msg="other {{ rvar }} {{ rdef }}"\n',
  'roles/r/tasks/sub/deep.yml': '- debug: msg="deep {{ rvar }} {{ rdef }}"\n',
  'roles/r/vars/main.yml': 'rvar: mainvar\nprec: rolevars\n',
  'roles/r/vars/alt.yml': 'rvar: altvar\n',
  'roles/r/defaults/main.yml': 'rdef: maindef\n',
  'roles/r/defaults/alt.yml': 'rdef: altdef\n',
  'roles/r/handlers/main.yml': '- name: r handler\n  debug: msg=h\n',
  'roles/r/handlers/alt.yml': '- name: r handler alt\n  debug: msg=halt\n',
};

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

  it('tasks_from (with or without extension, in a subdirectory, templated), vars_from, defaults_from, handlers_from, apply, import_role', async () => {
    const r = await runBoth(fleet(), {
      hosts: 2,
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - include_role: { name: r, tasks_from: other }
    - include_role: { name: r, tasks_from: "{{ which }}" }
      vars: { which: sub/deep }
    - include_role: { name: r, tasks_from: sub/deep.yml, vars_from: alt, defaults_from: alt.yml }
    - debug: msg="after {{ rvar | default('novar') }} {{ rdef | default('nodef') }}"
    - include_role: { name: r, handlers_from: alt }
    - command: echo
      notify: r handler alt
    - include_role:
        name: r
        tasks_from: other
        apply: { tags: [x], when: "inventory_hostname == 'node002'" }
    - import_role: { name: r, tasks_from: other.yaml }
    - import_role: { name: r, tasks_from: other.yaml }
`,
      files: INNER_ROLE,
    });
    expectSameRun(r);
    expect(r.ansible.stdout).toContain('TASK [include_role : r]');
    expect(r.ansible.stdout).toContain('RUNNING HANDLER [r : r handler alt]');
  }, 400_000);

  for (const args of [[], ['--tags', 'applied'], ['--tags', 'ttag,after']]) {
    it(`public, include vars over set_fact, apply and role tags ${args.join(' ')}`, async () => {
      const r = await runBoth(fleet(), {
        hosts: 2,
        args,
        playbook: `- hosts: fleet
  gather_facts: false
  vars: { pv: play, prec: play }
  roles:
    - role: t
      tags: [ttag]
      when: inventory_hostname == 'node002'
  tasks:
    - debug: msg="before {{ rvar | default('none') }}"
    - include_role:
        name: r
        apply: { tags: [applied], when: "inventory_hostname == 'node001'" }
      tags: [always]
    - include_role: { name: r, public: true }
      vars: { prec: inc }
      tags: [pub]
    - debug: msg="after {{ prec }} {{ rvar | default('none') }} {{ rdef | default('none') }}"
      tags: [after]
    - set_fact: { prec: fact }
    - include_role: { name: r }
      vars: { prec: inc2 }
`,
        files: {
          ...INNER_ROLE,
          'roles/r/tasks/main.yml': '- debug: msg="r {{ prec }} {{ rvar }} {{ rdef }}"\n',
          'roles/t/tasks/main.yml': '- debug: msg="t {{ pv }}"\n',
        },
      });
      expectSameRun(r);
    }, 400_000);
  }

  it('ansible_parent_role_names/_paths through include_role and import_role of a role by itself', async () => {
    const show =
      '{{ ansible_parent_role_names | default("none") }} {{ ansible_parent_role_paths | default([]) | map("basename") | list }}';
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: `- hosts: fleet
  gather_facts: false
  roles: [top]
`,
      files: {
        'roles/top/tasks/main.yml': `- include_role: { name: sub, tasks_from: other.yml }
- import_role: { name: sub, tasks_from: other.yml }
- debug: msg="top ${show}"
`,
        'roles/sub/tasks/other.yml': `- debug: msg="other ${show}"
- import_role: { name: sub, tasks_from: self.yml }
- debug: msg="after the import ${show}"
- include_role: { name: sub, tasks_from: self.yml }
  vars: { v: 1 }
`,
        'roles/sub/tasks/self.yml': `- debug: msg="self ${show}"
`,
      },
    });
    expectSameRun(r);
  }, 400_000);
});
