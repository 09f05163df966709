/**
 * SIGINT / SIGTERM of the controller mid-task: every host's remote command (its whole
 * process group) is killed, the SSH sessions are closed, the workers end without a line
 * per host, and the exit is Ansible's (SIGINT: " [ERROR]: User interrupted execution" and
 * 99; SIGTERM: death by SIGTERM, which a shell reports as 143). Own fleet: the check that
 * no sshd session is left must not see other test files' sessions.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionProcesses } from '../../tools/fleet/index.js';
import { type CliResult, runCli } from '../support/cli.js';
import {
  faultDir,
  fleetInventory,
  playbookFile,
  processesMatching,
  uniqueSeconds,
  useFaultFleet,
  waitFor,
} from './connection-harness.js';

const HOSTS = 4;
const fleet = useFaultFleet(HOSTS, 'sig');

/** Runs a play whose task sleeps (in a child of the remote shell), signals the CLI once every host sleeps. */
async function interruptMidTask(
  signal: NodeJS.Signals,
): Promise<{ r: CliResult; sleeper: string; ms: number }> {
  const secs = uniqueSeconds();
  const sleeper = `sleep ${secs}`;
  // `; true` keeps the shell alive as the sleep's parent: the whole process group must go.
  const markers = faultDir();
  const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - shell: touch ${markers}/{{ inventory_hostname }}; ${sleeper}; true
    - command: echo never
`);
  let pid = 0;
  // One host runs its commands locally (ansible_connection=local): they must go too.
  const run = runCli(['run', pb, '-i', fleetInventory(fleet, HOSTS, ['here ansible_connection=local'])], {
    onSpawn: (p) => (pid = p),
    timeoutMs: 60_000,
  });
  const names = [...fleet.hosts.slice(0, HOSTS).map((h) => h.name), 'here'];
  await waitFor('every host to start its command', () =>
    names.every((n) => existsSync(path.join(markers, n))),
  );
  await waitFor('every sleep', () => processesMatching(sleeper).length >= names.length);
  const sent = Date.now();
  process.kill(pid, signal);
  const r = await run;
  return { r, sleeper, ms: Date.now() - sent };
}

describe('controller signals mid-task', () => {
  it('SIGTERM kills the remote process groups, closes the sessions and dies by SIGTERM (143)', async () => {
    const { r, sleeper, ms } = await interruptMidTask('SIGTERM');
    expect(r.signal, r.stderr).toBe('SIGTERM');
    expect(r.code).toBeNull();
    expect(ms).toBeLessThan(5000);
    expect(r.stdout + r.stderr).not.toContain('Terminating worker thread');
    expect(r.stdout).not.toMatch(/fatal:|UNREACHABLE|never/);
    await waitFor('the remote sleeps to be gone', () => processesMatching(sleeper).length === 0, 3000);
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 3000);
  });

  it("SIGINT kills the remote process groups, prints Ansible's error and exits 99", async () => {
    const { r, sleeper, ms } = await interruptMidTask('SIGINT');
    expect(r.code, r.stderr).toBe(99);
    expect(ms).toBeLessThan(5000);
    expect(r.stderr).toContain(' [ERROR]: User interrupted execution');
    expect(r.stdout + r.stderr).not.toContain('Terminating worker thread');
    expect(r.stdout).not.toMatch(/fatal:|UNREACHABLE|never|PLAY RECAP/);
    await waitFor('the remote sleeps to be gone', () => processesMatching(sleeper).length === 0, 3000);
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 3000);
  });
});
