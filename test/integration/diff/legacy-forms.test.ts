/**
 * Legacy forms Ansible 2.14 still runs, against ansible-playbook: the bare `include:`
 * (static with k=v vars, tags and when; dynamic by a templated name, a loop, or inside a
 * dynamically included file) with its deprecation warnings; templated action names under
 * `action:`/`local_action:` that resolve per host to a native module, a bridged collection
 * module and a deprecated internal name; and runtime.yml deprecations printed at load.
 * Compared: stdout, recap, exit code, files written, and the deprecation text on stderr.
 */
import { describe, expect, it } from 'vitest';
import { type DiffResult, ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const INCLUDES = `- hosts: fleet
  gather_facts: false
  vars: {inner: inner.yml}
  tasks:
    - include: inner.yml x=1
      vars: {y: 2}
      tags: [outer]
      when: inventory_hostname != 'fleet-host-1'
    - include: "{{ inner }}"
      become: false
    - include: file=inner.yml
      loop: [a, b]
    - include: nested.yml
  handlers:
    - name: h
      include: inner.yml
`;

const INCLUDE_FILES = {
  'inner.yml': `- copy:
    dest: "{{ root }}/{{ inventory_hostname }}-{{ x | default('none') }}-{{ item | default('none') }}"
    content: "{{ y | default('none') }}"
  tags: [inner]
`,
  'nested.yml': '- include: inner.yml x=nested\n',
};

const TEMPLATED = `- hosts: fleet
  gather_facts: false
  vars:
    say: ansible.builtin.debug
    # native on the first host, a library module (bridged) on the others
    writer: "{{ 'ansible.builtin.lineinfile' if inventory_hostname == groups.fleet[0] else 'linewriter' }}"
    internal: community.general.files.ini_file
    missing: nosuchmodule
  tasks:
    - action: "{{ say }} msg=hello"
    - name: a native module on one host, a bridged one on the others
      action: "{{ writer }} path={{ root }}/{{ inventory_hostname }}.txt line=written create=true"
    - local_action: "{{ say }} msg=local"
    - action:
        module: "{{ say }}"
        msg: mapped
    - name: an internal (deprecated) name of a collection module
      action: "{{ internal }} path={{ root }}/{{ inventory_hostname }}.ini section=s option=o value=2"
    - name: a module that does not exist
      action: "{{ missing }} x=1"
      ignore_errors: true
    - name: a deprecated name written plainly warns at load, even when it never runs
      community.general.system.aix_devices: device=x
      when: false
`;

const LINEWRITER = `#!/usr/bin/python3
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(path=dict(type='path', required=True), line=dict(type='str'),
                                     create=dict(type='bool', default=False)))
with open(m.params['path'], 'w') as f:
    f.write(m.params['line'] + '\\n')
m.exit_json(changed=True, msg='line added')
`;

/**
 * The deprecation warnings each side printed (sorted: hosts finish in any order). A templated
 * name's is printed per host-task: Ansible's forked worker knows only what was printed at load.
 */
function deprecations(stderr: string): string[] {
  return stderr
    .split(/(?=\[DEPRECATION WARNING\])/)
    .filter((b) => b.startsWith('[DEPRECATION WARNING]'))
    .map((b) => b.trim())
    .sort();
}

function expectSameWarnings(r: DiffResult): void {
  expect(deprecations(r.flotilla.stderr), r.flotilla.stderr).toEqual(deprecations(r.ansible.stderr));
  expect(deprecations(r.ansible.stderr).length).toBeGreaterThan(0);
}

describe('legacy forms against ansible-playbook', () => {
  const fleet = ownFleet(3);

  it('the bare include: static, dynamic, in loops and nested, with its deprecations', {
    timeout: SLOW,
  }, async () => {
    const r = await runBoth(fleet(), { playbook: INCLUDES, files: INCLUDE_FILES });
    expectSame(r);
    expectSameWarnings(r);
  });

  it('the bare include: under --tags and in --list-tasks', { timeout: SLOW }, async () => {
    for (const args of [
      ['--tags', 'inner'],
      ['--list-tasks', '--tags', 'outer'],
    ]) {
      const r = await runBoth(fleet(), { playbook: INCLUDES, files: INCLUDE_FILES, args });
      expectSame(r);
      expectSameWarnings(r);
    }
  });

  it('templated action names resolved per host, and runtime.yml deprecations', {
    timeout: SLOW,
  }, async () => {
    const files = { 'library/linewriter.py': LINEWRITER };
    const r = await runBoth(fleet(), { playbook: TEMPLATED, files });
    expectSame(r);
    expectSameWarnings(r);
    // aix_devices once at load, the templated internal name once per host.
    expect(deprecations(r.ansible.stderr)).toHaveLength(4);
    const listed = await runBoth(fleet(), {
      playbook: TEMPLATED,
      files,
      args: ['--list-tasks'],
    });
    expectSame(listed);
    expectSameWarnings(listed);
  });

  it('an undefined templated action name: linear ends the run (before the banner on the first host), free fails the task', {
    timeout: SLOW,
  }, async () => {
    const play = (strategy: string, action: string) => `- hosts: fleet
  gather_facts: false
  strategy: ${strategy}
  tasks:
    - debug: msg=first
    - action: "${action} msg=hello"
      ignore_errors: true
    - debug: msg=end
`;
    for (const [strategy, action] of [
      ['linear', '{{ nope }}'],
      ['linear', "{{ 'debug' if inventory_hostname == groups.fleet[0] else nope }}"],
      ['free', '{{ nope }}'],
    ]) {
      // free: one host, so the banners' order is the same on both sides
      const r = await runBoth(fleet(), {
        playbook: play(strategy, action),
        hosts: strategy === 'free' ? 1 : 3,
      });
      expectSame(r);
      if (strategy === 'linear') {
        expect(r.ansible.stderr).toContain("ERROR! 'nope' is undefined. 'nope' is undefined");
        expect(r.flotilla.stderr).toContain("'nope' is undefined. 'nope' is undefined");
      }
    }
  });
});
