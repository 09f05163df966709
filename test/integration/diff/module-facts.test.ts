/**
 * Facts that modules other than setup return (getent's getent_passwd, a library module's)
 * are the host's facts, as the strategy's set_host_facts stores them: under `ansible_facts`
 * without the `ansible_` prefix, and as variables under the names they were returned with.
 * Other hosts see them in hostvars; a failed result stores none.
 * Interpreter discovery (`auto*`) runs on a host's first Python module: that result reports
 * `discovered_interpreter_python`, which later tasks and setup's ansible_python then use.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FACTER = `#!/usr/bin/python3
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(fail=dict(type='bool', default=False)))
facts = dict(plain_fact='p', ansible_prefixed_fact='q', ansible_local=dict(x=1))
if m.params['fail']:
    m.fail_json(msg='no', ansible_facts=dict(from_failed='f'))
m.exit_json(changed=False, ansible_facts=facts)
`;

const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - getent: { database: passwd, key: root }
    - facter:
    - facter: { fail: true }
      ignore_errors: true
    - name: as variables and under ansible_facts
      debug:
        msg: >-
          {{ getent_passwd.root[0] }} {{ ansible_facts.getent_passwd.root[1] }}
          {{ plain_fact }} {{ ansible_prefixed_fact }} {{ ansible_facts.prefixed_fact }}
          {{ ansible_local.x }} {{ ansible_facts.ansible_local is defined }}
          {{ ansible_plain_fact is defined }} {{ prefixed_fact is defined }}
          {{ from_failed is defined }}
    - name: another host's, through hostvars
      debug:
        msg: "{{ hostvars[groups.fleet[0]].plain_fact }} {{ hostvars[groups.fleet[0]].ansible_facts.prefixed_fact }}"
      when: inventory_hostname == groups.fleet[-1]
    - name: a loop's items each store theirs
      facter:
      loop: [1, 2]
    - debug: { var: ansible_facts.keys() | sort }
`;

describe('module facts against ansible-playbook', () => {
  const fleet = ownFleet(3);
  it('getent and library module facts: stored, injected under their names, seen by other hosts', {
    timeout: SLOW,
  }, async () => {
    expectSame(await runBoth(fleet(), { playbook: PLAY, files: { 'library/facter.py': FACTER } }));
  });

  it('interpreter discovery: the first Python module reports the fact, once per host, at -v', {
    timeout: SLOW,
  }, async () => {
    const play = `- hosts: fleet
  gather_facts: false
  tasks:
    - raw: echo no python here
    - command: echo hi
    - command: echo {{ item }}
      loop: [1, 2]
    - getent: { database: passwd, key: root }
    - debug: var=discovered_interpreter_python
- hosts: fleet
  tasks:
    - debug: msg="{{ ansible_facts.discovered_interpreter_python | default('-') }} {{ ansible_python.executable }}"
`;
    expectSame(
      await runBoth(fleet(), {
        playbook: play,
        args: ['-v'],
        inventoryExtra: [
          'node001 ansible_python_interpreter=auto',
          'node002 ansible_python_interpreter=auto_legacy_silent',
        ],
      }),
    );
  });
});
