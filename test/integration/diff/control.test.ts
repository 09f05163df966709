/**
 * Differential tests against ansible-playbook 2.14: blocks, handlers, run_once, failures,
 * tags, check mode.
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';
import { expectSame } from './sweep-compare.js';

describe('same as ansible-playbook: control flow', () => {
  const fleet = ownFleet();
  it('block/rescue/always with ansible_failed_task, handlers with listen and flush, run_once, set_fact, hostvars', async () => {
    const r = await runBoth(fleet(), {
      hosts: 4,
      playbook: `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - block:
        - command: "false"
          when: inventory_hostname in ['node001', 'node002']
        - copy: { dest: "{{ d }}/after-fail.txt", content: "ran\\n" }
      rescue:
        - copy: { dest: "{{ d }}/rescued.txt", content: "{{ ansible_failed_task.name }} {{ ansible_failed_result.rc }}\\n" }
      always:
        - copy: { dest: "{{ d }}/always.txt", content: "always\\n" }
          notify: [h1, topic]
    - set_fact: { mine: "fact-{{ inventory_hostname }}" }
    - command: echo once
      register: once
      run_once: true
    - copy: { dest: "{{ d }}/once.txt", content: "{{ once.stdout }} {{ hostvars['node004'].mine }}\\n" }
    - meta: flush_handlers
    - copy: { dest: "{{ d }}/after-flush.txt", content: "x\\n" }
      notify: h2
    - block:
        - fail: { msg: boom }
          when: inventory_hostname == 'node003'
      always:
        - copy: { dest: "{{ d }}/always2.txt", content: "x\\n" }
    - copy: { dest: "{{ d }}/survivors.txt", content: "x\\n" }
  handlers:
    - name: h1
      copy: { dest: "{{ d }}/h1.txt", content: "h1\\n" }
    - name: other
      listen: topic
      copy: { dest: "{{ d }}/topic.txt", content: "topic\\n" }
    - name: h2
      copy: { dest: "{{ d }}/h2.txt", content: "h2\\n" }
`,
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });

  it('a handler that is an include_tasks (in the play and in a dependency role) runs its tasks as handlers', async () => {
    const handlerCase = (hosts: number) => ({
      hosts,
      playbook: `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  roles: [main]
  tasks:
    - command: echo
      notify: [play cleanup]
  handlers:
    - name: play cleanup
      include_tasks: cleanup.yml
`,
      files: {
        'cleanup.yml': `- copy: { dest: "{{ d }}/play-cleanup.txt", content: "x\\n" }
- fail: { msg: no more }
  when: inventory_hostname == 'node002'
- debug: msg="after {{ inventory_hostname }}"
`,
        'roles/main/meta/main.yml': 'dependencies: [dep]\n',
        'roles/main/tasks/main.yml': '- debug: msg=main\n',
        'roles/dep/tasks/main.yml': '- file: { path: "{{ d }}", state: directory }\n  notify: clean up\n',
        'roles/dep/tasks/cleanup.yml': '- copy: { dest: "{{ d }}/dep-cleanup.txt", content: "x\\n" }\n',
        'roles/dep/handlers/main.yml': `- name: clean up
  include_tasks: cleanup.yml
  when: inventory_hostname == 'node001'
`,
      },
    });
    // One host: the whole output. With two, Ansible 2.14 prints extra TASK banners around
    // included handler tasks, in an order of its own: recap and files only.
    expectSame(await runBoth(fleet(), handlerCase(1)));
    const r = await runBoth(fleet(), handlerCase(2));
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });

  it('tags (always, never, --skip-tags), check_mode keyword, environment, serial batches', async () => {
    const r = await runBoth(fleet(), {
      hosts: 4,
      args: ['--tags', 'a', '--skip-tags', 'skipme'],
      playbook: `- hosts: fleet
  gather_facts: false
  serial: 2
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      tags: [always]
    - copy: { dest: "{{ d }}/a.txt", content: "a\\n" }
      tags: [a]
    - copy: { dest: "{{ d }}/b.txt", content: "b\\n" }
      tags: [b]
    - copy: { dest: "{{ d }}/never.txt", content: "n\\n" }
      tags: [never, c]
    - copy: { dest: "{{ d }}/skip.txt", content: "n\\n" }
      tags: [a, skipme]
    - copy: { dest: "{{ d }}/checked.txt", content: "n\\n" }
      check_mode: true
      tags: [a]
    - block:
        - copy: { dest: "{{ d }}/env.txt", content: "x\\n" }
        - shell: "echo $MYVAR > {{ d }}/envvar.txt"
          environment: { MYVAR: hello }
      tags: [a]
`,
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });

  it('--check: nothing changes, changed is predicted, command is skipped, check_mode: false runs', async () => {
    const r = await runBoth(fleet(), {
      hosts: 3,
      args: ['--check'],
      playbook: `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - copy: { dest: "{{ d }}/a.txt", content: "a\\n" }
    - command: "touch {{ d }}/touched"
    - lineinfile: { path: "{{ d }}/b.txt", line: x, create: true }
    - copy: { dest: "{{ d }}/real.txt", content: "r\\n" }
      check_mode: false
    - debug: { msg: "{{ ansible_check_mode }}" }
`,
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });
});
