/**
 * Modules flotilla does not implement run from Ansible's own code (the bridge), with the
 * same output, recap and files as ansible-playbook 2.14: builtins (those with a native form
 * too, under FLOTILLA_MODULES=bridge), collection modules by FQCN, through `collections:` and through
 * ansible.builtin's routing, library/ modules next to the playbook and in a role (with the
 * role's module_utils), check mode, --diff, no_log, -v results, a module that prints junk
 * around its JSON and one that crashes.
 */
import { describe, it } from 'vitest';
import { type DiffCase, type DiffResult, ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const NOISY = `#!/usr/bin/python3
import sys
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(crash=dict(type='bool', default=False)), supports_check_mode=True)
if m.params['crash']:
    raise RuntimeError('boom')
print('some motd line')
print('{"changed": false, "answer": 42}')
sys.exit(0)
`;

const UPPER = `#!/usr/bin/python3
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.shout import shout
m = AnsibleModule(argument_spec=dict(word=dict(type='str', required=True), secret=dict(type='str', no_log=True)),
                  supports_check_mode=True)
m.exit_json(changed=not m.check_mode, said=shout(m.params['word']))
`;

const PLAY = `- hosts: fleet
  gather_facts: false
  collections: [ansible.posix]
  tasks:
    - name: a builtin through the bridge
      getent:
        database: passwd
        key: root
    - name: a collection module by FQCN
      community.general.ini_file:
        path: "{{ root }}/{{ inventory_hostname }}.ini"
        section: s
        option: host
        value: "{{ inventory_hostname }}"
        mode: "0644"
    - name: the same through ansible.builtin's routing, unchanged
      ini_file:
        path: "{{ root }}/{{ inventory_hostname }}.ini"
        section: s
        option: host
        value: "{{ inventory_hostname }}"
    - name: a collection module through the play's collections list, in check mode
      authorized_key:
        user: root
        key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl flotilla"
        path: "{{ root }}/{{ inventory_hostname }}.keys"
        manage_dir: false
      check_mode: true
    - name: diff of a bridged module
      community.general.ini_file:
        path: "{{ root }}/{{ inventory_hostname }}.ini"
        section: s
        option: extra
        value: "1"
      diff: true
    - name: a library module with the role's module_utils, no_log
      upper:
        word: hello
        secret: s3cret
      register: said
      no_log: true
    - debug: var=said.said
    - name: junk around the JSON
      noisy:
      register: noisy
    - debug: var=noisy
    - name: a crash
      noisy:
        crash: true
      ignore_errors: true
  roles:
    - shouter
`;

const FILES = {
  'library/noisy.py': NOISY,
  'roles/shouter/library/upper.py': UPPER,
  'roles/shouter/module_utils/shout.py': 'def shout(word):\n    return word.upper() + "!"\n',
  'roles/shouter/tasks/main.yml': '- name: role library module\n  upper: word=role\n',
};

/** getent and ini_file have native forms too (issue 18): here they run Ansible's code. */
const BRIDGE = { FLOTILLA_MODULES: 'bridge' };

/** AnsiballZ unpacks into a random temp dir, which a traceback names. */
async function runBothSteady(
  fleet: ReturnType<ReturnType<typeof ownFleet>>,
  c: DiffCase,
): Promise<DiffResult> {
  const r = await runBoth(fleet, c);
  for (const side of [r.ansible, r.flotilla])
    side.stdout = side.stdout.replace(/(ansible_\w+?_payload_)\w{8}/g, '$1XXXXXXXX');
  return r;
}

describe('the module bridge against ansible-playbook', () => {
  const fleet = ownFleet(3);

  it('bridged builtins, collection and library modules, check mode, diff, no_log, junk and crashes', {
    timeout: SLOW,
  }, async () => {
    expectSame(await runBothSteady(fleet(), { playbook: PLAY, files: FILES, env: BRIDGE }));
  });

  it('the same at -v, where every result is printed', { timeout: SLOW }, async () => {
    expectSame(await runBothSteady(fleet(), { playbook: PLAY, files: FILES, args: ['-v'], env: BRIDGE }));
  });

  it('-M adds a module library dir', { timeout: SLOW }, async () => {
    const play = `- hosts: fleet\n  gather_facts: false\n  tasks:\n    - name: from -M\n      shouted: word=dir\n      register: r\n    - debug: var=r.said\n`;
    const files = {
      'mods/shouted.py': UPPER.replace('from ansible.module_utils.shout import shout\n', '').replace(
        'shout(m.params',
        'str.upper(m.params',
      ),
    };
    expectSame(await runBothSteady(fleet(), { playbook: play, files, args: ['-M', 'mods'] }));
  });
});
