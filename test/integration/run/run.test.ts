/**
 * `flotilla run` end to end: the built CLI against the real loopback sshd fleet, with real
 * worker threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { countAcceptedLogins, type Fleet, sessionProcesses } from '../../../tools/fleet/index.js';
import { jsonEvents, runCli, tempFile } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

const fleet = inject('fleet') as Fleet;

/** An inventory for the first `n` fleet hosts, plus optional extra lines. */
function inventory(n: number, extra: string[] = [], vars: string[] = []): string {
  const lines = [
    '[fleet]',
    ...fleet.hosts.slice(0, n).map((h) => `${h.name} ansible_host=${h.address}`),
    ...extra,
  ];
  const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  return tempFile('hosts.ini', `${lines.join('\n')}\n\n[fleet:vars]${base}${vars.join('\n')}\n`);
}

function playbook(yaml: string): string {
  return tempFile('play.yml', yaml);
}

describe('flotilla run on the fleet', () => {
  it('runs every live host, reports a dead address unreachable, and exits 4', async () => {
    const inv = inventory(50, ['dead ansible_host=127.0.9.9 ansible_port=1']);
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - name: say hi
      command: echo hi from {{ inventory_hostname }}
      register: out
    - debug:
        var: out.stdout
`);
    const r = await runCli(['run', pb, '-i', inv]);
    expect(r.code, r.stderr).toBe(4);
    const recap = r.stdout.split('PLAY RECAP')[1];
    for (const h of fleet.hosts.slice(0, 50)) {
      expect(recap).toMatch(new RegExp(`${h.name}\\s+: ok=2\\s+changed=1\\s+unreachable=0\\s+failed=0`));
    }
    expect(recap).toMatch(/dead\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
    expect(r.stdout).toContain('fatal: [dead]: UNREACHABLE!');
    expect(r.stdout.match(/UNREACHABLE!/g)).toHaveLength(1);
    expect(r.stdout).toContain(`"out.stdout": "hi from ${fleet.hosts[0].name}"`);
  });

  it('opens one SSH connection per host for a multi-task play', async () => {
    const n = 12;
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: 'true'
    - shell: echo a | tr a b
    - raw: echo raw
    - command: uname -n
`);
    const before = countAcceptedLogins(fleet);
    const r = await runCli(['run', pb, '-i', inventory(n)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(countAcceptedLogins(fleet) - before).toBe(n);
  });

  it('honours --forks across all workers (an oracle on the hosts counts who runs at once)', async () => {
    const dir = tempDir('flotilla-forks-');
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - name: register while running
      shell: |
        touch ${dir}/running.{{ inventory_hostname }}
        ls ${dir} | grep -c '^running' >> ${dir}/counts
        sleep 0.3
        rm ${dir}/running.{{ inventory_hostname }}
`);
    const r = await runCli(['run', pb, '-i', inventory(16), '-f', '3', '--workers', '2']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const counts = readFileSync(path.join(dir, 'counts'), 'utf8').trim().split('\n').map(Number);
    expect(counts).toHaveLength(16);
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
  });

  it('linear finishes a task on every host before the next; free lets fast hosts run ahead', async () => {
    const yaml = (strategy: string) => `- hosts: fleet
  gather_facts: false
  strategy: ${strategy}
  tasks:
    - name: first
      shell: "{{ 'sleep 1.5' if inventory_hostname == '${fleet.hosts[0].name}' else 'true' }}"
    - name: second
      command: 'true'
`;
    const inv = inventory(4);
    const order = (stdout: string) =>
      jsonEvents(stdout)
        .filter((e) => e.type === 'host_result')
        .map((e) => `${e.task}:${e.host}`);
    const linear = order((await runCli(['run', playbook(yaml('linear')), '-i', inv, '--json'])).stdout);
    expect(linear.slice(0, 4).every((x) => x.startsWith('first:'))).toBe(true);
    const free = order((await runCli(['run', playbook(yaml('free')), '-i', inv, '--json'])).stdout);
    const slowFirst = free.indexOf(`first:${fleet.hosts[0].name}`);
    const fastSecond = free.indexOf(`second:${fleet.hosts[1].name}`);
    expect(fastSecond).toBeGreaterThanOrEqual(0);
    expect(fastSecond).toBeLessThan(slowFirst);
  });

  it('-v with --json: stdout holds JSON events only (no config file line)', async () => {
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: 'true'
`);
    const r = await runCli(['run', pb, '-i', inventory(1), '--json', '-v']);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  });

  it('a failing host leaves the play, the others carry on, exit 2', async () => {
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: "{{ 'false' if inventory_hostname == '${fleet.hosts[1].name}' else 'true' }}"
    - command: 'true'
      register: second
    - command: /bin/false
      ignore_errors: true
`);
    const r = await runCli(['run', pb, '-i', inventory(3)]);
    expect(r.code).toBe(2);
    const recap = r.stdout.split('PLAY RECAP')[1];
    expect(recap).toMatch(
      new RegExp(
        `${fleet.hosts[0].name}\\s+: ok=3\\s+changed=3\\s+unreachable=0\\s+failed=0\\s+skipped=0\\s+rescued=0\\s+ignored=1`,
      ),
    );
    expect(recap).toMatch(
      new RegExp(`${fleet.hosts[1].name}\\s+: ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1`),
    );
    expect(r.stdout).toContain('...ignoring');
  });

  it('a crashed worker fails its hosts with a clear error; the other worker carries on', async () => {
    const victim = fleet.hosts[0].name;
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: 'true'
    - command: 'true'
`);
    const r = await runCli(['run', pb, '-i', inventory(4), '--workers', '2'], {
      env: { FLOTILLA_TEST_CRASH_HOST: victim },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`fatal: \\[${victim}\\]: FAILED! => .*worker 0 crashed`));
    const recap = r.stdout.split('PLAY RECAP')[1];
    // Host 1 is on the surviving worker 1 (round-robin shards).
    expect(recap).toMatch(
      new RegExp(`${fleet.hosts[1].name}\\s+: ok=2\\s+changed=2\\s+unreachable=0\\s+failed=0`),
    );
    expect(recap).toMatch(new RegExp(`${victim}\\s+: ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1`));
  });

  it('Ctrl-C stops within 5 s with exit 99 and leaves no sshd session behind', async () => {
    const pb = playbook(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: sleep 30
`);
    let pid = 0;
    const started = Date.now();
    const running = runCli(['run', pb, '-i', inventory(6)], { onSpawn: (p) => (pid = p) });
    // Wait until the sessions exist, then interrupt.
    while (sessionProcesses(fleet).length < 6 && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(sessionProcesses(fleet).length).toBeGreaterThanOrEqual(6);
    const signalled = Date.now();
    process.kill(pid, 'SIGINT');
    const r = await running;
    // The interrupt first kills the remote commands (up to 2 s for their kill channels), then
    // closes the sessions; the CLI's own deadline is 5 s after the signal (test/faults/signals).
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(r.code).toBe(99);
    const deadline = Date.now() + 3000;
    while (sessionProcesses(fleet).length > 0 && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50));
    expect(sessionProcesses(fleet)).toEqual([]);
  });

  it('verifies host keys by default: an unknown key stops the host with its fingerprint; opt-outs work', async () => {
    const home = tempDir('flotilla-home-');
    const base = readFileSync(fleet.inventoryFile, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('ansible_ssh_common_args'))
      .join('\n');
    const inv = tempFile('hosts.ini', base);
    const pb = playbook(`- hosts: ${fleet.hosts[0].name}
  gather_facts: false
  tasks:
    - ping:
`);
    const strict = await runCli(['run', pb, '-i', inv], { env: { HOME: home } });
    expect(strict.code).toBe(4);
    expect(strict.stdout).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(strict.stdout).toContain('ssh-keyscan');
    const optOut = await runCli(['run', pb, '-i', inv], {
      env: { HOME: home, ANSIBLE_HOST_KEY_CHECKING: 'False' },
    });
    expect(optOut.code, optOut.stdout).toBe(0);
    const inlineOptOut = tempFile(
      'hosts.ini',
      `${base}\nansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n`,
    );
    const viaArgs = await runCli(['run', pb, '-i', inlineOptOut], { env: { HOME: home } });
    expect(viaArgs.code, viaArgs.stdout).toBe(0);
    writeFileSync(path.join(home, 'unused'), '');
  });
});
