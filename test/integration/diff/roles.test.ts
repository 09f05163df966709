/**
 * Differential tests against ansible-playbook 2.14 for roles: the `roles:` keyword (meta
 * dependencies, one run per role instance, allow_duplicates, params vs vars, when/tags,
 * a path as the role name, role_name/role_path), role files/ and templates/, handlers of
 * roles (by name, `role : name`, listen; the last of a name wins), include_role inside a
 * role, and the errors for a missing role or tasks_from file. The whole stdout is compared
 * once hosts' result lines are put in a stable order within each task.
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';
import { expectSameRun } from './roles-compare.js';

const T = 400_000;

describe('same as ansible-playbook: roles', () => {
  const fleet = ownFleet(2);

  it(
    'roles: dependencies, one run per instance, params vs vars, role handlers (last of a name wins)',
    async () => {
      const r = await runBoth(fleet(), {
        hosts: 2,
        playbook: `- hosts: fleet
  gather_facts: false
  roles:
    - common
    - role: app
      vars: { appv: fromvars }
    - { role: app, appv: param2 }
    - role: common
  tasks:
    - debug: msg="in tasks {{ role_name | default('none') }} {{ appv | default('none') }} {{ basevar }}"
    - name: notify by role-prefixed name
      command: echo hi
      notify: "base : base handler"
`,
        files: {
          'roles/common/tasks/main.yml': `- name: common task
  debug: msg="common {{ role_name }} {{ role_path | basename }} {{ ansible_role_name }}"
`,
          'roles/app/meta/main.yml': 'dependencies:\n  - role: base\n    basev: dep1\n  - common\n',
          'roles/app/defaults/main.yml': 'appv: default\n',
          'roles/app/tasks/main.yml': `- name: app task
  debug: msg="app {{ appv }} {{ basev | default('nobasev') }}"
- name: app change
  command: echo x
  notify: app handler
`,
          'roles/app/handlers/main.yml': '- name: app handler\n  debug: msg="app handler ran {{ appv }}"\n',
          'roles/base/tasks/main.yml': `- name: base task
  debug: msg="base {{ basev }} {{ basedef }} {{ basevar }}"
- command: echo base
  notify: base handler
`,
          'roles/base/handlers/main.yml': '- name: base handler\n  debug: msg="base handler"\n',
          'roles/base/defaults/main.yml': 'basedef: d\n',
          'roles/base/vars/main.yml': 'basevar: v\n',
        },
      });
      expectSameRun(r);
      expect(r.ansible.stdout).toContain('TASK [base : command]');
      expect(r.ansible.stdout).toContain('"msg": "app handler ran param2"');
    },
    T,
  );

  it(
    'role files/ and templates/, when and tags on entries, allow_duplicates, a path as name, include_role in a role, listen',
    async () => {
      const r = await runBoth(fleet(), {
        hosts: 2,
        args: ['--skip-tags', 'skipped'],
        playbook: `- hosts: fleet
  gather_facts: false
  vars: { d: "{{ root }}/{{ inventory_hostname }}" }
  pre_tasks:
    - file: { path: "{{ d }}", state: directory }
  roles:
    - role: w
      tags: [wt]
    - role: dup
      when: inventory_hostname == 'node001'
    - role: dup
    - role: other/pathrole
    - role: common
      tags: [skipped]
  tasks:
    - name: outer include
      include_role: { name: inner }
    - include_role: { name: inner, tasks_from: second, handlers_from: main }
      loop: [1, 2]
    - debug: msg="inner default visible? {{ innerdef | default('no') }}"
`,
        files: {
          'roles/w/tasks/main.yml': `- copy: { src: f.txt, dest: "{{ d }}/f.txt" }
  notify: w handler
- template: { src: t.j2, dest: "{{ d }}/t.txt" }
  notify: topic1
- name: include inside role
  include_role: { name: inner }
- include_role: { name: inner, tasks_from: second }
`,
          'roles/w/files/f.txt': 'file content\n',
          'roles/w/templates/t.j2': 'tmpl {{ inventory_hostname }} {{ role_name }}\n',
          'roles/w/handlers/main.yml': `- name: w handler
  debug: msg="w handler"
- name: listener a
  debug: msg="listener a"
  listen: topic1
- name: listener b
  debug: msg="listener b"
  listen: topic1
`,
          'roles/dup/meta/main.yml': 'allow_duplicates: true\n',
          'roles/dup/tasks/main.yml': '- debug: msg="dup {{ role_name }}"\n',
          'roles/common/tasks/main.yml': '- debug: msg=common\n',
          'other/pathrole/tasks/main.yml':
            '- debug: msg="pathrole {{ role_name }} {{ role_path | basename }}"\n',
          'roles/inner/tasks/main.yml': `- name: inner task
  command: echo inner
  notify: inner handler
- debug: msg="inner {{ innerdef }} {{ role_name }}"
`,
          'roles/inner/tasks/second.yml': `- name: second task
  command: echo second
  notify: [inner handler, inner topic]
`,
          'roles/inner/defaults/main.yml': 'innerdef: idef\n',
          'roles/inner/handlers/main.yml': `- name: inner handler
  debug: msg="inner handler {{ innerdef }}"
- name: inner listener
  debug: msg=il
  listen: inner topic
`,
        },
      });
      expectSameRun(r);
      expect(r.ansible.files['node001/t.txt']).toBe('0644 tmpl node001 w\n');
      expect(r.ansible.stdout).toContain('TASK [other/pathrole : debug]');
    },
    T,
  );

  it(
    'a missing role, and a missing tasks_from file of import_role, fail before any play',
    async () => {
      const files = { 'roles/r/tasks/main.yml': '- debug: msg=x\n' };
      const missing = await runBoth(fleet(), {
        hosts: 1,
        playbook: '- hosts: fleet\n  gather_facts: false\n  roles:\n    - nosuch\n',
        files,
      });
      expect(missing.flotilla.stdout).toBe(missing.ansible.stdout);
      expect(missing.flotilla.code).toBe(missing.ansible.code);
      const searched = /the role 'nosuch' was not found in (\S+)/.exec(missing.ansible.stderr)?.[1];
      expect(searched, explain(missing)).toBeDefined();
      expect(missing.flotilla.stderr).toContain(`the role 'nosuch' was not found in ${searched}`);
      expect(missing.flotilla.stderr).toContain('play.yml:4:7');

      const from = await runBoth(fleet(), {
        hosts: 1,
        playbook:
          '- hosts: fleet\n  gather_facts: false\n  tasks:\n    - import_role: { name: r, tasks_from: nosuch }\n',
        files,
      });
      expect(from.flotilla.stdout).toBe(from.ansible.stdout);
      expect(from.flotilla.code).toBe(from.ansible.code);
      expect(from.ansible.stderr).toContain('Could not find specified file in role: tasks/nosuch');
      expect(from.flotilla.stderr).toContain('Could not find specified file in role: tasks/nosuch');
    },
    T,
  );

  it(
    "a role's argument specs: a validation task first (meta/argument_specs.yml or meta/main.yml, tasks_from's entry point, rolespec_validate)",
    async () => {
      const r = await runBoth(fleet(), {
        hosts: 2,
        playbook: `- hosts: fleet
  gather_facts: false
  roles:
    - role: svc
      svc_port: "80"
    - role: old
      vars: { old_x: [1, "z"] }
      ignore_errors: true
  tasks:
    - import_role: { name: svc }
      vars: { svc_port: 9 }
    - include_role: { name: svc, rolespec_validate: false }
      vars: { svc_port: nope }
    - include_role: { name: svc, tasks_from: other }
      vars: { svc_other: x }
    - include_role: { name: svc }
      vars: { svc_port: 10, svc_mode: c }
`,
        files: {
          'roles/svc/meta/argument_specs.yml': `argument_specs:
  main:
    short_description: The svc role
    options:
      svc_port: { type: int, required: true }
      svc_mode: { type: str, choices: [a, b], default: a }
  other:
    options:
      svc_other: { type: str, required: true }
`,
          'roles/svc/meta/main.yml':
            'argument_specs: { main: { options: { ignored: { required: true } } } }\n',
          'roles/svc/tasks/main.yml': '- debug: msg="port {{ svc_port }}"\n',
          'roles/svc/tasks/other.yml': '- debug: msg=other\n',
          'roles/old/meta/main.yml': `galaxy_info: { author: me }
argument_specs:
  main:
    options:
      old_x: { type: list, elements: int }
`,
          'roles/old/tasks/main.yml': '- debug: msg=old\n',
        },
      });
      expectSameRun(r);
      expect(r.flotilla.stdout).toContain("TASK [svc : Validating arguments against arg spec 'other']");
    },
    T,
  );
});
