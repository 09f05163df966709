/**
 * host_pinned against ansible-playbook 2.14: the free strategy, except that at most --forks
 * hosts are in the section at once and a host keeps its place until it has run every task.
 * Each host logs `start` and `end` around its tasks into one shared file; on both sides no
 * more than --forks hosts may be between the two at any point, every host must finish, and the
 * recap, exit code and other files must be Ansible's.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { SLOW } from './sweep-compare.js';

/** The most hosts that were between `start` and `end` at once, from the log's lines. */
function mostInFlight(log: string): { most: number; ended: number } {
  const inFlight = new Set<string>();
  let most = 0;
  let ended = 0;
  for (const line of log.split('\n')) {
    const [mark, host] = line.trim().split(' ');
    if (mark === 'start') inFlight.add(host);
    if (mark === 'end') {
      inFlight.delete(host);
      ended++;
    }
    most = Math.max(most, inFlight.size);
  }
  return { most, ended };
}

describe('strategy host_pinned', () => {
  const fleet = ownFleet(4);

  it('runs at most --forks hosts through the section at once, as Ansible', { timeout: SLOW }, async () => {
    const r = await runBoth(fleet(), {
      hosts: 4,
      args: ['--forks', '2'],
      playbook: `- hosts: fleet
  gather_facts: false
  strategy: host_pinned
  tasks:
    - shell: echo start {{ inventory_hostname }} >> {{ root }}/pinned.log
    - command: sleep 0.4
    - shell: echo end {{ inventory_hostname }} >> {{ root }}/pinned.log
    - copy: { dest: "{{ root }}/{{ inventory_hostname }}.txt", content: "done\\n" }
`,
    });
    const why = `--- ansible ---\n${r.ansible.stdout}\n--- flotilla ---\n${r.flotilla.stdout}\n${r.flotilla.stderr}`;
    expect(r.flotilla.code, why).toBe(r.ansible.code);
    expect(r.flotilla.recap, why).toEqual(r.ansible.recap);
    const { 'pinned.log': logA, ...filesA } = r.ansible.files;
    const { 'pinned.log': logF, ...filesF } = r.flotilla.files;
    expect(filesF, why).toEqual(filesA);
    // host_pinned bounds the hosts in flight by --forks; how many are in flight at once below
    // that bound is the scheduler's timing (on a loaded CI machine flotilla once had only 1).
    // free's behaviour (3 or 4 at once) still fails this.
    for (const [side, log] of [
      ['ansible', logA],
      ['flotilla', logF],
    ] as const) {
      const { most, ended } = mostInFlight(log ?? '');
      expect(ended, `${side}\n${why}`).toBe(4);
      expect(most, `${side}\n${why}`).toBeGreaterThanOrEqual(1);
      expect(most, `${side}\n${why}`).toBeLessThanOrEqual(2);
    }
  });
});
