/**
 * --profile's round trips per host-task, counted on a real run: the first run changes what
 * each native module manages, the second finds it in place. Issue 18's budget for a native
 * module: at most 2 round trips when nothing changes, 3 when it changes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { RoundTripCounts } from '../../../src/output/profile.js';
import type { Fleet } from '../../../tools/fleet/index.js';
import { runCli, tempFile } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

const fleet = inject('fleet') as Fleet;

function inventory(n: number): string {
  const lines = ['[fleet]', ...fleet.hosts.slice(0, n).map((h) => `${h.name} ansible_host=${h.address}`)];
  const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  return tempFile('hosts.ini', `${lines.join('\n')}\n\n[fleet:vars]${base}\n`);
}

async function roundTrips(pb: string, inv: string): Promise<Map<string, RoundTripCounts>> {
  const r = await runCli(['run', pb, '-i', inv, '--json', '--profile']);
  expect(r.code, r.stderr).toBe(0);
  const profile = JSON.parse(r.stdout.trimEnd().split('\n').pop()!);
  expect(profile.type).toBe('profile');
  return new Map((profile.roundTrips as RoundTripCounts[]).map((c) => [c.action, c]));
}

describe('--profile counts round trips per host-task', () => {
  it('native modules stay within 2 unchanged and 3 changed; a command is 1', async () => {
    const root = tempDir('flt-rt-');
    const pb = tempFile(
      'play.yml',
      `- hosts: fleet
  gather_facts: false
  vars: { d: "${root}/{{ inventory_hostname }}" }
  tasks:
    - file: { path: "{{ d }}", state: directory, mode: "0755" }
    - copy: { content: "a\\n", dest: "{{ d }}/c.txt", mode: "0644" }
    - lineinfile: { path: "{{ d }}/l.txt", line: "b", create: true }
    - stat: { path: "{{ d }}/c.txt" }
    - command: "true"
      changed_when: false
`,
    );
    const inv = inventory(2);
    const first = await roundTrips(pb, inv);
    const second = await roundTrips(pb, inv);
    for (const action of ['file', 'copy', 'lineinfile']) {
      expect(first.get(action)?.changed?.tasks, action).toBe(2);
      expect(first.get(action)!.changed!.max, action).toBeLessThanOrEqual(3);
      expect(second.get(action)?.unchanged?.tasks, action).toBe(2);
      expect(second.get(action)!.unchanged!.max, action).toBeLessThanOrEqual(2);
    }
    expect(second.get('stat')?.unchanged).toEqual({ tasks: 2, median: 1, max: 1 });
    expect(second.get('command')?.unchanged).toEqual({ tasks: 2, median: 1, max: 1 });
  });
});
