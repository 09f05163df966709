/**
 * Faults of one host's SSH session while a run goes on: the sshd process serving it is
 * killed mid-task, or frozen (SIGSTOP) between two tasks. The other hosts complete, the
 * run ends in bounded time, and no session, process or temp file is left. Own fleet: the
 * faults are done to sshd processes, and the check that no session is left must not see
 * other test files' sessions.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionProcesses } from '../../tools/fleet/index.js';
import { runCli } from '../support/cli.js';
import {
  entriesOf,
  faultDir,
  fleetInventory,
  playbookFile,
  processesMatching,
  recapLine,
  sshdProcessesFor,
  uniqueSeconds,
  useFaultFleet,
  waitFor,
} from './connection-harness.js';

const HOSTS = 4;
const fleet = useFaultFleet(HOSTS, 'ses');

describe('one host session fails during a run', () => {
  it('the sshd process of one host is killed mid-task: that host is unreachable, the others complete', async () => {
    const markers = faultDir();
    const dest = faultDir();
    const sleeper = `sleep 2.${uniqueSeconds()}`;
    const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - shell: touch ${markers}/{{ inventory_hostname }}; ${sleeper}
    - copy:
        content: "after {{ inventory_hostname }}\\n"
        dest: ${dest}/{{ inventory_hostname }}
`);
    const victim = fleet.hosts[0];
    const run = runCli(['run', pb, '-i', fleetInventory(fleet, HOSTS)], { timeoutMs: 40_000 });
    await waitFor('the victim to start its task', () => existsSync(path.join(markers, victim.name)));
    const killed = sshdProcessesFor(fleet, victim.address);
    expect(killed.length).toBeGreaterThan(0);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toContain(`fatal: [${victim.name}]: UNREACHABLE!`);
    expect(recapLine(r.stdout, victim.name)).toMatch(/ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
    for (const h of fleet.hosts.slice(1, HOSTS)) {
      expect(recapLine(r.stdout, h.name)).toMatch(/ok=2\s+changed=2\s+unreachable=0\s+failed=0/);
      expect(existsSync(path.join(dest, h.name))).toBe(true);
    }
    expect(existsSync(path.join(dest, victim.name))).toBe(false);
    expect(entriesOf(dest).filter((f) => f.startsWith('.flotilla-tmp-'))).toEqual([]);
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 5000);
    // The killed session's command was orphaned; it is short and ends by itself.
    await waitFor('the orphaned command to end', () => processesMatching(sleeper).length === 0, 5000);
  });

  it('a session frozen between two tasks is found dead in bounded time and reconnected', async () => {
    const markers = faultDir();
    const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - shell: touch ${markers}/{{ inventory_hostname }}
    - pause:
        seconds: 2
    - command: echo after-{{ inventory_hostname }}
`);
    const victim = fleet.hosts[1];
    const run = runCli(['run', pb, '-i', fleetInventory(fleet, HOSTS)], { timeoutMs: 30_000 });
    await waitFor('every host to run its first task', () =>
      fleet.hosts.slice(0, HOSTS).every((h) => existsSync(path.join(markers, h.name))),
    );
    const frozen = sshdProcessesFor(fleet, victim.address);
    expect(frozen.length).toBeGreaterThan(0);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    let r: Awaited<typeof run>;
    try {
      r = await run;
    } finally {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {}
      }
    }
    expect(r.signal, 'the run hung on the frozen session').toBeNull();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    for (const h of fleet.hosts.slice(0, HOSTS)) {
      expect(recapLine(r.stdout, h.name)).toMatch(/ok=[23]\s+changed=2\s+unreachable=0\s+failed=0/); // pause counts once
    }
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 8000);
  });

  it('a session frozen mid-command fails that host after ServerAliveInterval x CountMax', async () => {
    const markers = faultDir();
    const sleeper = `sleep 3.${uniqueSeconds()}`;
    const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - shell: touch ${markers}/{{ inventory_hostname }}; ${sleeper}
    - command: echo after-{{ inventory_hostname }}
`);
    const victim = fleet.hosts[2];
    const inv = fleetInventory(
      fleet,
      HOSTS,
      [],
      ["ansible_ssh_extra_args='-o ServerAliveInterval=1 -o ServerAliveCountMax=2'"],
    );
    const run = runCli(['run', pb, '-i', inv], { timeoutMs: 30_000 });
    await waitFor('the victim to start its task', () => existsSync(path.join(markers, victim.name)));
    const frozen = sshdProcessesFor(fleet, victim.address);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    let r: Awaited<typeof run>;
    try {
      r = await run;
    } finally {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {}
      }
    }
    expect(r.signal, 'the run hung on the frozen session').toBeNull();
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(recapLine(r.stdout, victim.name)).toMatch(/ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
    for (const h of fleet.hosts.slice(0, HOSTS).filter((h) => h !== victim)) {
      expect(recapLine(r.stdout, h.name)).toMatch(/ok=2\s+changed=2\s+unreachable=0\s+failed=0/);
    }
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 8000);
    await waitFor('the orphaned command to end', () => processesMatching(sleeper).length === 0, 8000);
  });
});
