/**
 * `module_defaults` and `delegate_facts` against ansible-playbook 2.14.
 * - module_defaults on the play, a block and a task (a key's entry replaces the outer one
 *   whole, task arguments win), short names, ansible.builtin./ansible.legacy. keys and a
 *   collection FQCN, ansible.builtin's `group/testgroup` (ping) and a collection's own
 *   action group, on native modules (file, copy, ping, setup through the implicit
 *   gathering), a bridged builtin (getent) and a collection module; templated values; a
 *   role entry's defaults on its tasks and handlers (debug, a controller action).
 * - delegate_facts: a module's facts, the `delegate_to: "{{ item }}"` gathering loop with
 *   run_once and set_fact all land on the delegated host (owned by another worker), as
 *   hostvars shows afterwards; without delegate_facts they stay on the task's host.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const ECHO = `#!/usr/bin/python3
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(word=dict(type='str', required=True), extra=dict(type='str', default='none')))
m.exit_json(changed=False, said='%s/%s' % (m.params['word'], m.params['extra']))
`;

const ROLE = {
  'roles/pinger/tasks/main.yml':
    "- name: the role entry's defaults\n  ping:\n  register: rp\n  changed_when: true\n  notify: show\n",
  'roles/pinger/handlers/main.yml': '- name: show\n  debug:\n',
};

const COLLECTION = {
  'colls/ansible_collections/testns/defaults/plugins/modules/echo.py': ECHO,
  'colls/ansible_collections/testns/defaults/meta/runtime.yml':
    "requires_ansible: '>=2.9'\naction_groups:\n  echoes:\n    - echo\n",
};

const DEFAULTS = `- hosts: fleet
  gather_facts: true
  module_defaults:
    setup: {filter: ansible_user_id}
    file: {mode: "0600", state: touch}
    group/testgroup: {data: from-group}
    group/testns.defaults.echoes: {word: group-word, extra: from-group}
  roles:
    - role: pinger
      module_defaults:
        ping: {data: role-entry}
        debug: {msg: "the handler's defaults"}
  tasks:
    - name: a native module with the play's defaults
      file: path="{{ root }}/{{ inventory_hostname }}-a"
    - name: task arguments win
      ansible.builtin.file: path="{{ root }}/{{ inventory_hostname }}-b" mode=0640
    - name: ping through ansible.builtin's action group
      ping:
      register: p
    - block:
        - name: the task's entry replaces the block's whole
          ansible.builtin.copy:
            dest: "{{ root }}/{{ inventory_hostname }}-c"
          module_defaults:
            ansible.legacy.copy: {content: "task {{ inventory_hostname }}\\n"}
        - name: the block's entry
          copy: dest="{{ root }}/{{ inventory_hostname }}-d"
        - name: a collection module, its own entry over its group's
          testns.defaults.echo:
          register: e
        - name: a bridged builtin
          getent:
        - name: gathering (setup's defaults), the group's ping, the collection module, getent
          debug:
            msg: "{{ ansible_facts.keys() | list | sort }} {{ rp.ping }} {{ p.ping }} {{ e.said }} {{ getent_passwd.keys() | list }}"
      module_defaults:
        copy: {content: "block\\n", mode: "0600"}
        testns.defaults.echo: {word: "{{ inventory_hostname }}"}
        ansible.builtin.getent: {database: passwd, key: root}
`;

const DELEGATE = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: a module's facts go to the delegate
      getent: {database: passwd, key: root}
      delegate_to: "{{ groups.fleet[1] }}"
      delegate_facts: true
      when: inventory_hostname == groups.fleet[0]
    - name: without delegate_facts they stay
      getent: {database: group, key: root}
      delegate_to: "{{ groups.fleet[0] }}"
      when: inventory_hostname == groups.fleet[2]
    - name: the gathering loop
      setup: {filter: ansible_user_id}
      delegate_to: "{{ item }}"
      delegate_facts: true
      loop: "{{ groups.fleet[1:] }}"
      run_once: true
    - name: set_fact on another host
      set_fact: {marker: "set by {{ inventory_hostname }}"}
      delegate_to: "{{ groups.fleet[1] }}"
      delegate_facts: "{{ true }}"
      when: inventory_hostname == groups.fleet[0]
    - debug:
        msg: "{{ getent_passwd is defined }} {{ getent_group is defined }} {{ ansible_user_id | default('-') }} {{ marker | default('-') }}"
    - name: the delegate's facts and set_fact variable, as hostvars shows them
      debug:
        msg: "{{ hostvars[groups.fleet[1]].ansible_facts }} {{ hostvars[groups.fleet[1]].marker }}"
      run_once: true
`;

describe('module_defaults and delegate_facts against ansible-playbook', () => {
  const fleet = ownFleet(3);

  it('module_defaults on play, block and task, with action groups', { timeout: SLOW }, async () => {
    expectSame(
      await runBoth(fleet(), {
        playbook: DEFAULTS,
        files: { ...COLLECTION, ...ROLE },
        env: { ANSIBLE_COLLECTIONS_PATH: '{dir}/colls' },
      }),
    );
  });

  it('delegate_facts puts the facts on the delegated host', { timeout: SLOW }, async () => {
    expectSame(await runBoth(fleet(), { playbook: DELEGATE, args: ['-f', '1'] }));
  });
});
