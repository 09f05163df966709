/**
 * A module that raises: Ansible reports MODULE FAILURE with the module's traceback in
 * module_stderr, and plays (Ansible's own integration tests among them) assert on it.
 * ping's `data=crash` raises in Ansible's module; flotilla runs that task through the bridge.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../../tools/fleet/index.js';
import { runCli, tempFile } from '../../support/cli.js';

const fleet = inject('fleet') as Fleet;

describe('a module that raises', () => {
  it('fails as MODULE FAILURE with the traceback in module_stderr, as Ansible reports it', async () => {
    const h = fleet.hosts[0]!;
    const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
    const inv = tempFile(
      'hosts.ini',
      `[fleet]\n${h.name} ansible_host=${h.address}\n\n[fleet:vars]${base}\n`,
    );
    const pb = tempFile(
      'play.yml',
      `- hosts: fleet
  gather_facts: false
  tasks:
    - ping: { data: crash }
      register: r
      ignore_errors: true
    - assert:
        that:
          - r is failed
          - "'Exception: boom' in r.module_stdout + r.module_stderr"
          - r.msg == 'MODULE FAILURE\\nSee stdout/stderr for the exact error'
          - r.rc == 1
`,
    );
    const r = await runCli(['run', pb, '-i', inv]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'An exception occurred during task execution. To see the full traceback, use -vvv. The error was: Exception: boom',
    );
    expect(r.stdout).toContain('...ignoring');
  });
});
