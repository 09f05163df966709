/**
 * The facts clean_facts keeps out of the variables. The expected split was taken from
 * ansible-core 2.14's vars/clean.py clean_facts on these same keys.
 */
import { describe, expect, it } from 'vitest';
import { isRestrictedFact } from '../../../src/executor/restricted-facts.js';

const REMOVED = [
  'add_group',
  'add_host',
  'ansible__interpreter',
  'ansible_become',
  'ansible_become_anything',
  'ansible_become_pass',
  'ansible_connection',
  'ansible_docker_extra_args',
  'ansible_facts',
  'ansible_host',
  'ansible_local_x',
  'ansible_network_os',
  'ansible_paramiko_ssh_y',
  'ansible_perl_interpreter',
  'ansible_playbook_python',
  'ansible_port',
  'ansible_psrp_x',
  'ansible_python_interpreter',
  'ansible_rsync_path',
  'ansible_shell_type',
  'ansible_ssh_anything',
  'ansible_ssh_common_args',
  'ansible_user',
  'ansible_winrm_x',
];
const KEPT = [
  'ansible_distribution',
  'ansible_docker0_bridge',
  'ansible_eth0',
  'ansible_interpreter',
  'ansible_local',
  'ansible_local_bridge',
  'ansible_ssh_gwbridge',
  'ansible_ssh_host_key_rsa_public',
  'ansible_sshd_x',
  'discovered_interpreter_python',
  'plain',
];

describe('isRestrictedFact (clean_facts)', () => {
  it('removes connection, become, interpreter and internal names, as Ansible 2.14 does', () => {
    expect(REMOVED.filter((k) => !isRestrictedFact(k))).toEqual([]);
    expect(KEPT.filter((k) => isRestrictedFact(k))).toEqual([]);
  });
});
