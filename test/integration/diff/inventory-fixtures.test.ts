/**
 * Differential test against the real ansible-inventory (ansible-core 2.14): the same
 * fixture must give the same --list JSON, --graph text and --host vars.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  loadInventory,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
} from '../../../src/inventory/index.js';
import { FIXTURES } from '../../unit/inventory/helpers.js';
import { SLOW } from './sweep-compare.js';

const ANSIBLE_INVENTORY = '/usr/bin/ansible-inventory';

function ansibleInventory(args: string[]): string {
  return execFileSync('ansible-inventory', args, {
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: FIXTURES,
  }).toString();
}

const runFile = promisify(execFile);

async function ansibleInventoryAsync(args: string[]): Promise<string> {
  const { stdout } = await runFile('ansible-inventory', args, {
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: '0' },
    cwd: FIXTURES,
  });
  return stdout;
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

    // Up to 8 oracle processes: side by side (independent runs), and the diff folder's bound for
    // work that starts the oracle several times (about 1 s of Python start-up each).
    it(
      '--host matches for every host',
      async () => {
        needAnsible();
        const inv = loadInventory(sources);
        const hosts = [...inv.hosts.keys()].slice(0, 8);
        const theirs = await Promise.all(
          hosts.map((host) => ansibleInventoryAsync([...iArgs, '--host', host])),
        );
        hosts.forEach((host, i) => {
          expect(canonical(renderInventoryHost(inv, host)), host).toBe(canonical(JSON.parse(theirs[i])));
        });
      },
      SLOW,
    );
  });
});
