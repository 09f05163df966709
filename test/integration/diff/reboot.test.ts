/**
 * The reboot action plugin against ansible-playbook 2.14, without rebooting this machine: a
 * boot time command whose answer changes on every call stands for a reboot, and the shutdown
 * command is `true` (absolute, or found with the find module). Check mode, a boot time
 * command that fails, the post-reboot test that never passes, invalid options.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: in check mode
      reboot:
      check_mode: true
    - name: a "reboot" that changes the boot time
      reboot: { reboot_command: /bin/true, boot_time_command: "date +%s%N", test_command: whoami }
      register: r
    - debug: msg="{{ r.rebooted }} {{ r.changed }} {{ r.elapsed is number }}"
    - name: the shutdown command found in the search paths
      reboot: { reboot_command: "true now", boot_time_command: "date +%s%N", search_paths: [/usr/bin] }
    - name: not found
      reboot: { reboot_command: "no-such-shutdown", boot_time_command: "date +%s%N", search_paths: /usr/bin }
      ignore_errors: true
    - name: no boot time
      reboot: { reboot_command: /bin/true, boot_time_command: "false" }
      ignore_errors: true
    - name: the test command never passes
      reboot: { reboot_command: /bin/true, boot_time_command: "date +%s%N", test_command: "false", reboot_timeout: 2 }
      register: t
      failed_when: false
    - debug: msg="{{ t.msg }} {{ t.rebooted }}"
    - name: an option it does not take
      reboot: { rebot_timeout: 5 }
      ignore_errors: true
`;

describe('reboot against ansible-playbook', () => {
  const fleet = ownFleet(2);
  it('check mode, a changed boot time, find, failures and timeouts', { timeout: SLOW }, async () => {
    expectSame(await runBoth(fleet(), { playbook: PLAY, hosts: 2 }));
  });
});
