/**
 * Differential test against the real ansible-inventory (ansible-core 2.14): the same
 * fixture must give the same --list JSON, --graph text and --host vars.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadInventory,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
} from '../../../src/inventory/index.js';
import { FIXTURES } from '../../unit/inventory/helpers.js';

const ANSIBLE_INVENTORY = '/usr/bin/ansible-inventory';

function ansibleInventory(args: string[]): string {
  return execFileSync('ansible-inventory', args, {
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: FIXTURES,
  }).toString();
}

/** Compare JSON with keys sorted on both sides. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

const SOURCES: [string, string[]][] = [
  ['INI with ranges, ports and typed vars', [join(FIXTURES, 'ranges.ini')]],
  ['INI with priorities', [join(FIXTURES, 'priority.ini')]],
  ['directory with group_vars/host_vars (files and dirs)', [join(FIXTURES, 'nested')]],
  ['INI file beside group_vars/host_vars', [join(FIXTURES, 'nested/hosts')]],
  ['YAML with nested children', [join(FIXTURES, 'yaml/hosts.yml')]],
  ['directory mixing INI and YAML', [join(FIXTURES, 'dir-source')]],
  ['two sources', [join(FIXTURES, 'priority.ini'), join(FIXTURES, 'yaml/hosts.yml')]],
  ['host list', ['h1,h2:2222,[2001:db8::1]:22,']],
];

describe('ansible-inventory differential', () => {
  it('has ansible-inventory installed', () => {
    expect(
      existsSync(ANSIBLE_INVENTORY),
      'ansible-inventory not found: install ansible-core (apt-get install -y ansible-core) to run the differential inventory tests',
    ).toBe(true);
  });

  describe.each(SOURCES)('%s', (_name, sources) => {
    const iArgs = sources.flatMap((s) => ['-i', s]);
    const needAnsible = (): void => {
      if (!existsSync(ANSIBLE_INVENTORY)) {
        throw new Error(
          'ansible-inventory not found: install ansible-core to run the differential inventory tests',
        );
      }
    };

    it('--list matches', () => {
      needAnsible();
      const theirs = JSON.parse(ansibleInventory([...iArgs, '--list']));
      const ours = renderInventoryList(loadInventory(sources));
      expect(canonical(ours)).toBe(canonical(theirs));
    });

    it('--graph matches', () => {
      needAnsible();
      const theirs = ansibleInventory([...iArgs, '--graph']).trimEnd();
      expect(renderInventoryGraph(loadInventory(sources))).toBe(theirs);
    });

    it('--host matches for every host', () => {
      needAnsible();
      const inv = loadInventory(sources);
      const hosts = [...inv.hosts.keys()].slice(0, 8);
      for (const host of hosts) {
        const theirs = JSON.parse(ansibleInventory([...iArgs, '--host', host]));
        expect(canonical(renderInventoryHost(inv, host)), host).toBe(canonical(theirs));
      }
    });
  });
});
