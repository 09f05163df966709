/**
 * Differential tests against ansible-playbook 2.14: imports, includes, roles, vars files.
 * Known template difference kept out of these files on purpose: Ansible turns a rendered
 * "{{ port }}\\n" into the int 8080 (literal_eval of the result) and writes "8080" without the
 * newline; our Templar keeps the string (reported to the template owner).
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';

describe('same as ansible-playbook: structure', () => {
  const fleet = ownFleet();
  it('import_tasks, include_tasks (per-host file names, loops), include_vars, vars_files, roles', async () => {
    const r = await runBoth(fleet(), {
      hosts: 4,
      inventoryExtra: ['[odd]', 'node001', 'node003'],
      playbook: `- hosts: fleet
  gather_facts: false
  vars_files: [vars/common.yml]
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  roles:
    - role: web
      vars: { port: 8080 }
  tasks:
    - import_tasks: tasks/base.yml
      vars: { who: imported }
      tags: [base]
    - include_tasks: "tasks/{{ 'odd' if 'odd' in group_names else 'even' }}.yml"
    - include_tasks: tasks/item.yml
      loop: [one, two]
      loop_control: { loop_var: thing }
    - include_tasks: tasks/item.yml
      when: inventory_hostname == 'node002'
      vars: { thing: only2 }
    - include_vars: extra.yml
    - copy: { dest: "{{ d }}/final.txt", content: "{{ colour }} {{ extra_value }} {{ shared }}\\n" }
`,
      files: {
        'vars/common.yml': 'shared: from-vars-file\ncolour: blue\n',
        'vars/extra.yml': 'extra_value: 42\n',
        'tasks/base.yml': `- file: { path: "{{ d }}", state: directory }
- copy: { dest: "{{ d }}/base.txt", content: "{{ who }}\\n" }
`,
        'tasks/odd.yml': '- copy: { dest: "{{ d }}/parity.txt", content: "odd\\n" }\n',
        'tasks/even.yml': `- copy: { dest: "{{ d }}/parity.txt", content: "even\\n" }
- command: "true"
`,
        'tasks/item.yml':
          '- copy: { dest: "{{ d }}/item-{{ thing }}.txt", content: "{{ thing }}\\n", mode: "0600" }\n',
        'roles/common/defaults/main.yml': 'greeting: hello\ncolour: red\n',
        'roles/common/tasks/main.yml': `- file: { path: "{{ root }}/{{ inventory_hostname }}", state: directory }
- copy: { dest: "{{ root }}/{{ inventory_hostname }}/common.txt", content: "{{ greeting }} {{ colour }}\\n" }
`,
        'roles/web/meta/main.yml': 'dependencies: [common]\n',
        'roles/web/defaults/main.yml': 'port: 80\nname_suffix: web\n',
        'roles/web/vars/main.yml': 'role_var: fixed\n',
        'roles/web/templates/site.conf.j2': `listen {{ port }};
{% for i in range(3) %}
line {{ i }} {{ role_var }} {{ name_suffix | upper }}
{% endfor %}
`,
        'roles/web/files/static.txt': 'static file\n',
        'roles/web/tasks/main.yml': `- template: { src: site.conf.j2, dest: "{{ root }}/{{ inventory_hostname }}/site.conf", mode: "0644" }
  notify: reload web
- copy: { src: static.txt, dest: "{{ root }}/{{ inventory_hostname }}/static.txt" }
- include_tasks: extra.yml
- include_vars: vars2/more.yml
- copy: { dest: "{{ root }}/{{ inventory_hostname }}/role-vars2.txt", content: "{{ from_role_root }}\\n" }
`,
        'roles/web/vars2/more.yml': 'from_role_root: found under the role dir itself\n',
        'roles/web/tasks/extra.yml':
          '- copy: { dest: "{{ root }}/{{ inventory_hostname }}/role-extra.txt", content: "port {{ port }}\\n" }\n',
        'roles/web/handlers/main.yml': `- name: reload web
  copy: { dest: "{{ root }}/{{ inventory_hostname }}/reloaded.txt", content: "yes\\n" }
`,
      },
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });
});
