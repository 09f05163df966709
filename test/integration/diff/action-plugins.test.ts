/**
 * Ansible 2.14's action plugins that flotilla runs natively, against ansible-playbook on two
 * fleet hosts: service and package (the backend picked from service_mgr / pkg_mgr, gathered
 * when the host has no facts yet, or from `use`), yum (no yum backend on Debian), set_stats
 * (shown only with ANSIBLE_SHOW_CUSTOM_STATS), validate_argument_spec, wait_for_connection.
 */
import { describe, it } from 'vitest';
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
    - name: package in check mode
      package: name=bash state=present
      check_mode: true
    - name: package with an apt-only state fails as apt does
      package: name=coreutils state=installed
      ignore_errors: true
    - name: use names the backend
      package: name=coreutils state=present use=apt
    - name: a backend that does not exist
      package: name=coreutils state=present use=flotilla_nope
      ignore_errors: true
    - name: the plugin does not keep the facts it gathers
      debug: msg="{{ ansible_facts.pkg_mgr | default('none') }}"
    - name: yum finds no yum backend on Debian
      yum: name=coreutils
      ignore_errors: true
    - debug: msg="{{ ansible_facts.pkg_mgr | default('none') }}"
- hosts: fleet
  gather_facts: true
  gather_subset: ['!all']
  tasks:
    - name: service, backend from the host's facts
      service: name=flotilla-no-such-service state=stopped
      ignore_errors: true
      check_mode: true
`;

describe('action plugins against ansible-playbook', () => {
  const fleet = ownFleet(2);

  it('service, package and yum pick their backend as Ansible does', { timeout: SLOW }, async () => {
    expectSame(await runBoth(fleet(), { playbook: BACKENDS, hosts: 2 }));
  });
});
