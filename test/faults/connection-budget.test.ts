/**
 * More hosts than open files: 300 hosts under a hard limit of 256 descriptors. One socket
 * per host would need ~310; the run's connection budget (from RLIMIT_NOFILE, shared by every
 * worker) closes idle connections, least recently used first, and reopens them when needed,
 * so every host completes, with one warning. Own 300-host fleet (the same case with 1,000
 * hosts under 1,024 passes too; it costs four times as long).
 * The memory target bounds the budget the same way.
 */
import { describe, expect, it } from 'vitest';
import { BASE_BYTES, PER_CONNECTION_BYTES } from '../../src/connection/memory-budget.js';
import { sessionProcesses } from '../../tools/fleet/index.js';
import { CLI, type CliResult, runProcess } from '../support/cli.js';
import { playbookFile, useFaultFleet, waitFor } from './connection-harness.js';

const HOSTS = 300;
const fleet = useFaultFleet(HOSTS, 'nf');

/** The built CLI under `ulimit -n <limit>` (soft and hard), as a user's shell would run it. */
function runUnderLimit(limit: number, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return runProcess('bash', ['-c', `ulimit -n ${limit} && exec ${quoted}`], {
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...env },
    timeoutMs: 280_000,
  });
}

describe('open-file budget', () => {
  it('300 hosts under ulimit -n 256 all complete, with one warning', { timeout: 300_000 }, async () => {
    const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: 'true'
`);
    // A memory target that is not the limit here, whatever the machine's RAM (its default is a quarter of it).
    const r = await runUnderLimit(256, ['run', pb, '-i', fleet.inventoryFile], {
      FLOTILLA_MEMORY_TARGET: '8G',
    });
    const output = r.stdout + r.stderr;
    expect(output).not.toContain('EMFILE');
    expect(
      r.code,
      output
        .split('\n')
        .filter((l) => l.startsWith('fatal'))
        .slice(0, 5)
        .join('\n'),
    ).toBe(0);
    const recap = r.stdout.split('PLAY RECAP')[1] ?? '';
    const ok = recap.split('\n').filter((l) => /ok=1\s+changed=1\s+unreachable=0\s+failed=0/.test(l));
    expect(ok).toHaveLength(HOSTS);
    const warnings = output.match(/\[WARNING\]: 300 hosts, but the open-file/g) ?? [];
    expect(warnings).toHaveLength(1);
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 10_000);
  });

  it('a memory target with room for 20 connections: 100 hosts all complete, reconnecting', {
    timeout: 200_000,
  }, async () => {
    const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: 'true'
    - command: 'true'
`);
    const target = `${(BASE_BYTES + 20 * PER_CONNECTION_BYTES) / (1024 * 1024)}M`;
    const limit = fleet.hosts
      .slice(0, 100)
      .map((h) => h.name)
      .join(',');
    const r = await runUnderLimit(4096, [
      'run',
      pb,
      '-i',
      fleet.inventoryFile,
      '-l',
      limit,
      '--memory-target',
      target,
      '--profile',
    ]);
    const output = r.stdout + r.stderr;
    expect(r.code, output.slice(-3000)).toBe(0);
    const recap = r.stdout.split('PLAY RECAP')[1] ?? '';
    expect(
      recap.split('\n').filter((l) => /ok=2\s+changed=2\s+unreachable=0\s+failed=0/.test(l)),
    ).toHaveLength(100);
    const warnings =
      output.match(
        /\[WARNING\]: 100 hosts, but the memory target\s+\(\d+\s+MiB\)\s+leaves\s+room\s+for\s+20\s+SSH/g,
      ) ?? [];
    expect(warnings, output.slice(0, 2000)).toHaveLength(1);
    // The warning is wrapped at 80 columns, as Ansible wraps its warnings.
    // One persistent channel per connection: a host whose connection was closed between its
    // two tasks opened a second one. With 20 connections for 100 hosts, most did.
    const sessions = /(\d+) hosts, (\d+) sessions: min (\d+), median (\d+)/.exec(r.stdout);
    expect(sessions, r.stdout.slice(-1500)).not.toBeNull();
    expect(Number(sessions?.[4])).toBe(2);
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 10_000);
  });
});
