/**
 * Differential tests against ansible-playbook 2.14: facts, delegation, throttle, --diff
 * output, no_log, free strategy and failure policies.
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';

/** The lines of a run's output from the first `TASK [name]` banner up to the next banner. */
function taskOutput(stdout: string, name: string): string {
  const start = stdout.indexOf(`TASK [${name}]`);
  const rest = stdout.slice(start).split('\n').slice(1);
  const end = rest.findIndex((l) => /^(TASK|RUNNING HANDLER|PLAY)/.test(l));
  return rest
    .slice(0, end)
    .map((l) => l.replace(/root-(ansible|flotilla)/g, 'root'))
    .filter((l) => l.trim())
    .sort()
    .join('\n');
}

describe('same as ansible-playbook: facts, delegation, policies', () => {
  const fleet = ownFleet();
  it('facts, delegate_to (localhost and another host), throttle, --diff, no_log', async () => {
    const r = await runBoth(fleet(), {
      hosts: 4,
      args: ['--diff'],
      playbook: `- hosts: fleet
  gather_facts: true
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - copy: { dest: "{{ d }}/facts.txt", content: "{{ ansible_hostname != '' }} {{ ansible_facts.distribution }} {{ ansible_facts['os_family'] }} {{ ansible_system }}\\n" }
    - copy: { dest: "{{ d }}/edit.txt", content: "one\\ntwo\\nthree\\nfour\\n" }
    - name: edit a line
      lineinfile: { path: "{{ d }}/edit.txt", regexp: '^two', line: "TWO {{ inventory_hostname }}" }
    - shell: "echo {{ inventory_hostname }} > {{ d }}/delegated-local.txt"
      delegate_to: localhost
    - shell: "echo $SSH_CONNECTION | cut -d' ' -f3 > {{ d }}/delegated-node004.txt"
      delegate_to: node004
    - name: throttled
      shell: "date +%s.%N >> {{ root }}/throttle.log; sleep 0.3; date +%s.%N >> {{ root }}/throttle.log"
      throttle: 1
    - name: secret
      command: echo s3cret
      no_log: true
`,
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    const { 'throttle.log': logA, ...filesA } = r.ansible.files;
    const { 'throttle.log': logF, ...filesF } = r.flotilla.files;
    expect(filesF, explain(r)).toEqual(filesA);
    // throttle: 1 means the (start, end) pairs never overlap, on either side.
    for (const log of [logA, logF]) {
      const times = log.slice(5).trim().split('\n').map(Number);
      expect(times).toHaveLength(8);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    }
    expect(taskOutput(r.flotilla.stdout, 'edit a line')).toBe(taskOutput(r.ansible.stdout, 'edit a line'));
    expect(taskOutput(r.flotilla.stdout, 'secret')).toBe(taskOutput(r.ansible.stdout, 'secret'));
    expect(r.flotilla.stdout).not.toContain('s3cret');
  });

  it('free strategy, any_errors_fatal, max_fail_percentage, unreachable host', async () => {
    const r = await runBoth(fleet(), {
      hosts: 4,
      inventoryExtra: ['dead ansible_host=127.0.9.9 ansible_port=1'],
      playbook: `- hosts: fleet:!dead
  gather_facts: false
  strategy: free
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - fail: { msg: no }
      when: inventory_hostname == 'node001'
    - copy: { dest: "{{ d }}/free.txt", content: "x\\n" }
- hosts: fleet
  gather_facts: false
  max_fail_percentage: 30
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - command: "true"
    - fail: { msg: no }
      when: inventory_hostname == 'node002'
    - copy: { dest: "{{ d }}/after-max-fail.txt", content: "x\\n" }
- hosts: fleet:!dead
  gather_facts: false
  any_errors_fatal: true
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - fail: { msg: no }
      when: inventory_hostname == 'node003'
    - copy: { dest: "{{ d }}/after-fatal.txt", content: "x\\n" }
`,
    });
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    // Ansible's exit code is the last play's status: 2 (a fatal batch there), though a host
    // was unreachable in an earlier play.
    expect(r.ansible.code).toBe(2);
    expect(r.flotilla.code).toBe(r.ansible.code);
  });
});
