/**
 * group_by and add_host change the run's in-memory inventory as ansible-playbook 2.14 does:
 * every worker sees the new groups and hosts at once (`groups`, `group_names`, `hostvars`),
 * later plays target them, and a host add_host made (under a new name, with the connection
 * variables of a fleet host) is reached over SSH. Output, recap, exit code and files match.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

describe('same as ansible-playbook: group_by and add_host', () => {
  const fleet = ownFleet(3);

  it('group_by on 3 hosts, then plays on the new groups (with their group_vars)', {
    timeout: SLOW,
  }, async () => {
    expectSame(
      await runBoth(fleet(), {
        files: { 'group_vars/half_b.yml': 'shade: green\n' },
        playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - group_by: key="half_{{ 'a' if inventory_hostname == 'node001' else 'b' }}" parents=halves
      register: grouped
    - group_by:
        key: "{{ 'half_b' }}"
        parents: [halves]
      when: inventory_hostname != 'node001'
      register: again
    - debug: msg="{{ grouped.changed }} {{ again.changed }} {{ group_names }} {{ groups.halves | sort }}"
    - group_by: key="with space"
      when: inventory_hostname == 'node003'
- hosts: half_b
  gather_facts: false
  tasks:
    - copy:
        dest: "{{ root }}/{{ inventory_hostname }}.txt"
        content: "{{ group_names }} {{ groups.half_a }} {{ groups['with-space'] }} {{ shade }}\\n"
- hosts: halves:!half_b
  gather_facts: false
  tasks:
    - debug: msg="{{ groups.half_b | sort }} {{ hostvars['node002'].group_names }} {{ hostvars['node003'].shade }}"
`,
      }),
    );
  });

  it('add_host: a fleet host under a new name, reached over SSH; in a loop; host:port', {
    timeout: SLOW,
  }, async () => {
    expectSame(
      await runBoth(fleet(), {
        playbook: `- hosts: localhost
  gather_facts: false
  tasks:
    - add_host:
        name: alias1
        groups: [aliases, fleet]
        ansible_host: "{{ hostvars['node002'].ansible_host }}"
        tag: second
      register: added
    - debug: var=added
    - add_host:
        name: "{{ item }}"
        groups: looped
        ansible_host: "{{ hostvars['node001'].ansible_host }}"
        ansible_port: "{{ hostvars['node001'].ansible_port }}"
        ansible_user: "{{ hostvars['node001'].ansible_user }}"
        ansible_ssh_private_key_file: "{{ hostvars['node001'].ansible_ssh_private_key_file }}"
        ansible_ssh_common_args: "{{ hostvars['node001'].ansible_ssh_common_args }}"
        ansible_python_interpreter: /usr/bin/python3
      loop: [loop1, loop2, loop1]
    - add_host: "hostname=alias2:{{ hostvars['node003'].ansible_port }} groupname=fleet,aliases ansible_host={{ hostvars['node003'].ansible_host }}"
    - debug: msg="{{ groups.aliases }} {{ groups.looped }} {{ hostvars.alias2.ansible_ssh_port }} {{ hostvars.alias1.tag }}"
- hosts: aliases:looped
  gather_facts: false
  tasks:
    - command: echo {{ inventory_hostname }}
      register: said
    - debug: msg="{{ said.stdout }} {{ group_names }} {{ groups.aliases }} {{ groups.all | length }} {{ tag | default('-') }} {{ inventory_file }} {{ ansible_host == hostvars[{'alias1': 'node002', 'alias2': 'node003'}.get(inventory_hostname, 'node001')].ansible_host }}"
`,
      }),
    );
  });
});
