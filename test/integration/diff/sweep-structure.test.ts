/**
 * Parity sweep against ansible-playbook 2.14: a webserver-style play (vars_files, templates,
 * handlers with listen, include_tasks loops nested with loop_var, import_tasks with tags,
 * environment, block/rescue/always, delegate_to + run_once + delegate_facts, become to the
 * same user, args:, free-form quoting, tags always/never) and the CLI's tag selection.
 * Whole normalised stdout, exit code and files written must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FILES = {
  'tasks/groups.yml': `- name: group membership
  debug:
    msg: "{{ user.name }} in {{ grp }}"
`,
  'tasks/tagged.yml': `- name: tagged import one
  debug: msg=imported-one
- name: tagged import two
  debug: msg=imported-two
  tags: [extra]
`,
  'tasks/user.yml': `- name: user file
  copy:
    dest: "{{ d }}/users/{{ user.name }}"
    content: "{{ user.uid }}\\n"
- name: nested include per user
  include_tasks: tasks/groups.yml
  loop: "{{ user.groups }}"
  loop_control:
    loop_var: grp
`,
  'templates/app.conf.j2': `# {{ ansible_managed }}
name={{ app_name }}
port={{ app_port }}
{% for u in users %}
user {{ u.name }} {{ u.uid }}
{% endfor %}
`,
  'vars/Debian.yml': `pkg_flavor: debian
`,
  'vars/common.yml': `app_port: 8080
app_name: demo
`,
  'vars/default.yml': `pkg_flavor: generic
`,
};

const WEB = `- name: web setup
  hosts: fleet
  gather_facts: true
  vars_files:
    - vars/common.yml
    - vars/default.yml
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    users:
      - { name: alice, uid: 1001, groups: [web, ops] }
      - { name: bob, uid: 1002, groups: [web] }
  environment:
    PLAY_ENV: play-level
  handlers:
    - name: reload app
      command: echo reloading {{ app_name }}
    - name: restart app
      debug: msg="restart {{ app_name }} on {{ app_port }}"
      listen: app changed
  tasks:
    - name: dirs
      file:
        path: "{{ d }}/{{ item }}"
        state: directory
        mode: "0750"
      loop: ["", users, conf]
    - name: render config
      template:
        src: app.conf.j2
        dest: "{{ d }}/conf/app.conf"
        mode: "0640"
      notify:
        - reload app
        - app changed
    - name: flavour from first-found vars file
      debug: msg="{{ pkg_flavor }} {{ app_port + 1 }}"
    - name: per-user tasks
      include_tasks: tasks/user.yml
      loop: "{{ users }}"
      loop_control:
        loop_var: user
        label: "{{ user.name }}"
    - import_tasks: tasks/tagged.yml
      tags: [imported]
    - name: environment at play level
      shell: echo "$PLAY_ENV"
      register: envplay
      changed_when: false
    - debug: var=envplay.stdout
    - name: environment at task level
      shell: echo "$TASK_ENV"
      environment:
        TASK_ENV: task-level
      register: envout
      changed_when: false
    - name: show env
      debug: var=envout.stdout
    - name: block with rescue and always
      block:
        - name: in block
          command: echo block {{ inventory_hostname }}
          environment:
            BLOCK_ENV: x
        - name: failing in block
          command: /bin/false
          when: inventory_hostname == groups['fleet'][0]
        - name: after failure in block
          debug: msg=not-for-first
      rescue:
        - name: rescued
          debug: msg="rescued {{ ansible_failed_task.name }} rc={{ ansible_failed_result.rc }}"
      always:
        - name: always
          copy:
            dest: "{{ d }}/always.txt"
            content: "always\\n"
      environment:
        BLOCK_ENV: block-level
    - name: block level when
      block:
        - debug: msg=block-when-a
        - debug: msg=block-when-b
      when: inventory_hostname != groups['fleet'][1]
    - name: delegate and run_once
      command: echo delegated from {{ inventory_hostname }}
      delegate_to: localhost
      run_once: true
      register: once
    - name: everyone sees run_once result
      debug: msg="{{ once.stdout }}"
    - name: delegate_facts
      set_fact:
        marker: "{{ inventory_hostname }}"
      delegate_to: "{{ groups['fleet'][0] }}"
      delegate_facts: true
      run_once: true
    - name: hostvars after delegate_facts
      debug: msg="{{ hostvars[groups['fleet'][0]].marker | default('unset') }}"
    - name: become to root
      command: id -un
      become: true
      become_user: root
      register: who
      changed_when: false
    - name: who
      debug: msg="{{ who.stdout }}"
    - name: become another user with sudo (a MODULE FAILURE where sudo is missing)
      command: id -un
      become: true
      become_user: nobody
      register: who2
      changed_when: false
      ignore_errors: true
    - name: who2
      debug: msg="{{ who2.stdout | default(who2.msg) }}"
    - name: flush
      meta: flush_handlers
    - name: args templated dict
      file:
        path: "{{ d }}/argsfile"
        state: touch
        mode: "{{ '0600' }}"
      args:
        modification_time: preserve
        access_time: preserve
    - name: free form with quoted values
      command: echo "a b" 'c d' e=f
      register: ff
      changed_when: false
    - debug: var=ff.stdout
    - name: never tagged
      debug: msg=never-runs
      tags: [never]
    - name: always tagged
      debug: msg=always-runs
      tags: [always]
`;

const BLOCKS = `- name: blocks
  hosts: fleet
  gather_facts: false
  tasks:
    - name: outer
      block:
        - name: inner block
          block:
            - name: inner fails on first
              fail: msg="inner boom"
              when: inventory_hostname == groups.fleet[0]
          rescue:
            - name: inner rescue
              debug: msg="inner rescued {{ ansible_failed_result.msg }}"
            - name: rescue fails on first
              command: /bin/false
              when: inventory_hostname == groups.fleet[0]
          always:
            - name: inner always
              debug: msg=inner-always
      rescue:
        - name: outer rescue
          debug: msg="outer rescued {{ ansible_failed_task.name }}"
      always:
        - name: outer always
          debug: msg=outer-always
    - name: block ignore_errors
      block:
        - name: fails ignored
          command: /bin/false
        - name: next in ignored block
          debug: msg=continues
      ignore_errors: true
    - name: loop in block with failure
      block:
        - name: loop item fails
          command: "test {{ item }} -lt 2"
          loop: [1, 2]
      rescue:
        - name: after loop failure
          debug: msg="{{ ansible_failed_result.results | map(attribute='rc') | list }}"
    - name: block vars and when
      block:
        - debug: msg="{{ bv }}"
      vars:
        bv: block-var
      when: bv == 'block-var'
    - name: handler notified in rescue
      block:
        - command: /bin/false
          when: inventory_hostname == groups.fleet[1]
      rescue:
        - command: echo notify
          notify: h
  handlers:
    - name: h
      debug: msg=handled
`;

describe('sweep: play structure', () => {
  const fleet = ownFleet(3);

  it(
    'a webserver play with includes, blocks, handlers, delegation and environment',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: WEB, files: FILES }));
    },
    SLOW,
  );

  it(
    'nested blocks: rescue that fails, always, ignore_errors on a block, loops in blocks, block vars in when, handlers from rescue',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: BLOCKS }));
    },
    SLOW,
  );
});
