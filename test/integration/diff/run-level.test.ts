/**
 * Run-level behaviour against ansible-playbook 2.14, compared on the WHOLE normalised stdout
 * and the exit code: results across plays (failed and unreachable hosts, a batch that fails
 * as a whole, any_errors_fatal, max_fail_percentage with serial), meta tasks, serial with
 * handlers and run_once, the play keyword `order`, the free strategy, and what the default
 * callback prints at -v and -vv.
 */
import { describe, expect, it } from 'vitest';
import { type DiffCase, ownFleet, runBoth } from './harness.js';
import { normaliseStdout, rootOf } from './stdout-normalise.js';

/** A host nothing listens for: both tools report it unreachable at once. */
const DEAD_HOST = 'dead ansible_host=127.0.2.99 ansible_port=1';

/**
 * The text of an UNREACHABLE result is the transport's own (OpenSSH's stderr for Ansible,
 * ssh2's error and a hint for flotilla): compare that it is reported, not its words.
 */
function normalise(stdout: string, side: 'ansible' | 'flotilla'): string {
  return normaliseStdout(stdout, rootOf(stdout, side)).replace(/(UNREACHABLE! => ).*$/gm, '$1<msg>');
}

const fleet = ownFleet(4);

async function expectSame(c: DiffCase): Promise<void> {
  const r = await runBoth(fleet(), c);
  expect(normalise(r.flotilla.stdout, 'flotilla'), r.flotilla.stderr).toBe(
    normalise(r.ansible.stdout, 'ansible'),
  );
  expect(r.flotilla.code).toBe(r.ansible.code);
}

describe('run-level behaviour as ansible-playbook', () => {
  it('a failure in play 1: play 2 runs without the failed host (also when it is the only host), exit 2', async () => {
    await expectSame({
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - fail: msg=x
      when: inventory_hostname == groups.fleet[0]
- hosts: "{{ groups.fleet[0] }}"
  gather_facts: false
  tasks:
    - debug: msg=only-the-failed-host
- hosts: fleet
  gather_facts: false
  serial: 2
  tasks:
    - debug: msg=clean
`,
    });
  });

  it('an unreachable host in play 1 keeps the exit code at 4 after a clean play 2', async () => {
    await expectSame({
      inventoryExtra: [DEAD_HOST],
      playbook: `- hosts: all
  gather_facts: false
  tasks:
    - ping:
- hosts: all
  gather_facts: false
  tasks:
    - debug: msg=clean
`,
    });
  });

  it('every host failed in play 1: the playbook ends there', async () => {
    await expectSame({
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - fail: msg=x
- hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg=never
`,
    });
  });

  it('a failed run_once task fails the batch (run_once implies any_errors_fatal)', async () => {
    await expectSame({
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - name: a run_once failure fails the batch
      fail: msg=boom
      run_once: true
    - debug: msg=never
- hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg=never
`,
    });
  });

  it('any_errors_fatal on one host ends the batch for all', async () => {
    await expectSame({
      playbook: `- hosts: fleet
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - fail: msg=x
      when: inventory_hostname == groups.fleet[1]
    - debug: msg=after
`,
    });
  });

  it('max_fail_percentage with serial: NO MORE HOSTS LEFT twice, later batches and plays do not run', async () => {
    await expectSame({
      hosts: 4,
      playbook: `- hosts: fleet
  gather_facts: false
  serial: 2
  max_fail_percentage: 0
  tasks:
    - fail: msg=x
      when: inventory_hostname == groups.fleet[2]
    - debug: msg=after
- hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg=never
`,
    });
  });

  it('meta tasks: per-host banners, once-per-batch actions, end_play ends only its play', async () => {
    await expectSame({
      args: ['-v'],
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - meta: noop
    - meta: end_host
      when: inventory_hostname == groups.fleet[1]
    - debug: msg=after-end-host
    - meta: clear_facts
    - meta: refresh_inventory
    - meta: clear_host_errors
    - meta: end_batch
      when: inventory_hostname == groups.fleet[2]
    - debug: msg=after-end-batch
    - meta: end_play
      when: inventory_hostname == groups.fleet[0]
    - debug: msg=never
- hosts: fleet
  gather_facts: false
  serial: 1
  tasks:
    - debug: msg=play2
    - meta: end_play
    - debug: msg=never
- hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg=play3
`,
    });
  });

  it('serial with flush_handlers and a handler notified twice', async () => {
    await expectSame({
      hosts: 3,
      playbook: `- hosts: fleet
  gather_facts: false
  serial: 2
  tasks:
    - command: echo 1
      notify: h
    - meta: flush_handlers
    - meta: noop
    - command: echo 2
      notify: h
    - debug: msg=x
  handlers:
    - name: h
      debug: msg=handler
`,
    });
  });

  it('-vv: task path, META lines, skipped meta results, templated when', async () => {
    await expectSame({
      hosts: 2,
      args: ['-vv'],
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - command: echo 1
      changed_when: false
    - meta: flush_handlers
    - meta: end_host
      when: inventory_hostname == groups.fleet[1]
    - meta: clear_facts
    - name: templated when
      debug: msg=x
      when: "{{ inventory_hostname == groups.fleet[0] }}"
    - meta: end_play
`,
    });
  });

  it('clear_host_errors brings failed and unreachable hosts back (exit 0)', async () => {
    await expectSame({
      inventoryExtra: [DEAD_HOST],
      playbook: `- hosts: all
  gather_facts: false
  tasks:
    - fail: msg=x
      when: inventory_hostname == groups.fleet[0]
    - ping:
    - meta: clear_host_errors
    - debug: msg=after-clear
- hosts: all
  gather_facts: false
  tasks:
    - debug: msg=play2
`,
    });
  });

  it('order, serial lists, run_once per batch, end_batch, throttle', async () => {
    await expectSame({
      hosts: 4,
      playbook: `- hosts: fleet
  gather_facts: false
  serial: [1, 2]
  order: reverse_inventory
  tasks:
    - command: echo hi
      notify: h
    - name: once per batch
      debug: msg="{{ inventory_hostname }} {{ ansible_play_batch }}"
      run_once: true
    - meta: end_batch
      when: inventory_hostname == groups.fleet[3]
    - debug: msg=after
      throttle: 1
  handlers:
    - name: h
      debug: msg=handler
- hosts: fleet
  gather_facts: false
  order: sorted
  serial: 3
  tasks:
    - debug: msg="{{ ansible_play_batch }}"
      run_once: true
`,
    });
  });

  it('free strategy: lazy banners (none for meta), handlers, a failure ends the playbook', async () => {
    await expectSame({
      hosts: 1,
      playbook: `- hosts: fleet
  gather_facts: false
  strategy: free
  tasks:
    - command: echo hi
      notify: h
    - meta: noop
    - meta: flush_handlers
    - debug: msg=x
      when: false
    - fail: msg=x
  handlers:
    - name: h
      debug: msg=handler
- hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg=never
`,
    });
  });

  it("handlers: force_handlers runs them on a failed host, listen, a failing handler; a host failed on a section's last task runs no later section; any_errors_fatal spares a rescued host", async () => {
    await expectSame({
      playbook: `- hosts: fleet
  gather_facts: false
  force_handlers: true
  pre_tasks:
    - command: echo pre
      notify: topic
  tasks:
    - command: echo 1
      notify: h
    - fail: msg=x
      when: inventory_hostname == groups.fleet[0]
  post_tasks:
    - command: echo post
      notify: hfail
  handlers:
    - name: h
      debug: msg=handler
    - name: l
      debug: msg=listener
      listen: topic
    - name: hfail
      fail: msg=handler-fails
      when: inventory_hostname == groups.fleet[1]
- hosts: fleet
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - block:
        - fail: msg=x
          when: inventory_hostname == groups.fleet[2]
      rescue:
        - debug: msg=rescued
    - debug: msg=after
`,
    });
  });
});
