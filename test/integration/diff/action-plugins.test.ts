/**
 * Ansible 2.14's action plugins that flotilla runs natively, against ansible-playbook on two
 * fleet hosts: service and package (the backend picked from service_mgr / pkg_mgr, gathered
 * when the host has no facts yet, or from `use`), yum (no yum backend on Debian), set_stats
 * (shown only with ANSIBLE_SHOW_CUSTOM_STATS), validate_argument_spec, wait_for_connection.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const BACKENDS = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: service, backend from a gathered service_mgr
      service: name=flotilla-no-such-service state=started
      ignore_errors: true
    - name: package, backend from a gathered pkg_mgr
      package: name=coreutils state=present
      register: pkg
    - debug: var=pkg
    - name: package with an apt-only state fails as apt does
      package: name=coreutils state=installed
      ignore_errors: true
    - name: a backend that does not exist
      package: name=coreutils state=present use=flotilla_nope
      ignore_errors: true
    - name: the plugin does not keep the facts it gathers
      debug: msg="{{ ansible_facts.pkg_mgr | default('none') }}"
    - name: yum finds no yum backend on Debian
      yum: name=coreutils
      ignore_errors: true
- hosts: fleet
  gather_facts: true
  gather_subset: ['!all']
  tasks:
    - name: service, backend from the host's facts
      service: name=flotilla-no-such-service state=stopped
      ignore_errors: true
      check_mode: true
`;

const STATS = `- hosts: fleet
  gather_facts: false
  tasks:
    - set_stats:
        data:
          count: 1
          names: [first]
          nested: { a: { b: 1 } }
    - set_stats:
        data:
          count: 2
          names: [again]
          nested: { a: { c: 2 } }
          mismatch: text
    - set_stats:
        data: { mismatch: 3, float: 1.5 }
        per_host: true
    - set_stats:
        data: { mismatch: 4, float: 2.5, flag: true }
        per_host: "yes"
        aggregate: false
      register: r
    - debug: var=r
    - set_stats:
        data: { "{{ 'templated' }}": "{{ inventory_hostname }}" }
        per_host: true
      when: inventory_hostname == 'node001'
    - set_stats:
        data: [not, a, dict]
      ignore_errors: true
    - set_stats:
        data: { "not valid": 1 }
      ignore_errors: true
    - set_stats:
        data: { ignored: 1 }
        bogus: 1
      ignore_errors: true
`;

const SPECS = `- hosts: fleet
  gather_facts: false
  vars:
    port: "80{{ 80 }}"
    mode: fast
    spec:
      port: { type: int, required: true }
      mode: { type: str, choices: [fast, slow] }
      tags: { type: list, elements: int, default: [] }
      enabled: { type: bool, default: true }
  tasks:
    - name: the task's variables pass
      validate_argument_spec:
        argument_spec: "{{ spec }}"
      register: ok_spec
    - debug: var=ok_spec
    - name: provided arguments beat the variables, every error is listed
      validate_argument_spec:
        argument_spec: "{{ spec }}"
        provided_arguments:
          port: eighty
          mode: medium
          tags: [1, x]
          enabled: "yes"
        validate_args_context: { name: mine }
      ignore_errors: true
    - name: a missing required one
      validate_argument_spec:
        argument_spec:
          needed: { required: true }
          other: { type: dict }
        provided_arguments: { other: 3 }
      ignore_errors: true
    - name: no argument_spec
      validate_argument_spec:
        provided_arguments: {}
      ignore_errors: true
    - name: nested options of a dict and a list of dicts
      validate_argument_spec:
        argument_spec:
          db:
            type: dict
            options:
              name: { type: str, required: true }
              port: { type: int, default: 5432 }
              users:
                type: list
                elements: dict
                options:
                  login: { required: true, aliases: [user] }
                  level: { choices: [ro, rw], default: ro }
        provided_arguments:
          db: { port: "abc", extra: 1, users: [{ level: zz }, "nope", "login=x", { user: a }] }
      ignore_errors: true
    - name: nested defaults applied, a scalar where a dict is wanted
      validate_argument_spec:
        argument_spec:
          db: { type: dict, apply_defaults: true, options: { a: { type: int, default: 3 }, b: { required: true } } }
          l: { type: list, elements: dict, options: { a: {} } }
        provided_arguments: { l: [5] }
      ignore_errors: true
`;

const WAIT = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: the hosts answer at once
      wait_for_connection:
      register: w
    - debug: var=w
    - name: after a delay
      wait_for_connection: { delay: 1, timeout: 10, sleep: 1, connect_timeout: 2 }
      register: w
    - debug: var=w.elapsed
    - name: skipped in check mode
      wait_for_connection:
      check_mode: true
    - name: an option it does not take
      wait_for_connection: { bogus: 1 }
      ignore_errors: true
`;

describe('action plugins against ansible-playbook', () => {
  const fleet = ownFleet(2);

  it('service, package and yum pick their backend as Ansible does', { timeout: SLOW }, async () => {
    expectSame(await runBoth(fleet(), { playbook: BACKENDS, hosts: 2 }));
  });

  it('validate_argument_spec passes and fails as Ansible does', { timeout: SLOW }, async () => {
    expectSame(await runBoth(fleet(), { playbook: SPECS, hosts: 2 }));
  });

  it('wait_for_connection pings the hosts until they answer', { timeout: SLOW }, async () => {
    const r = await runBoth(fleet(), { playbook: WAIT, hosts: 2, args: ['-v'] });
    // elapsed is how long the ping took: Ansible's own takes seconds here.
    expect(r.flotilla.stdout).toMatch(/"w.elapsed": "[1-9]"/);
    for (const side of [r.ansible, r.flotilla])
      side.stdout = side.stdout.replace(/("elapsed"|"w.elapsed"): "?\d+"?/g, '$1: N');
    expectSame(r);
  });

  it('set_stats: nothing shown by default, CUSTOM STATS with ANSIBLE_SHOW_CUSTOM_STATS', {
    timeout: SLOW,
  }, async () => {
    const hidden = await runBoth(fleet(), { playbook: STATS, hosts: 2 });
    expectSame(hidden);
    expect(hidden.ansible.stdout).not.toContain('CUSTOM STATS');
    process.env.ANSIBLE_SHOW_CUSTOM_STATS = 'yes';
    try {
      const shown = await runBoth(fleet(), { playbook: STATS, hosts: 2 });
      expectSame(shown);
      expect(shown.ansible.stdout).toContain('CUSTOM STATS');
    } finally {
      delete process.env.ANSIBLE_SHOW_CUSTOM_STATS;
    }
  });
});
