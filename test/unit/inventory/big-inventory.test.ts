/**
 * Issue 13, defect 8: big inventories. Ansible loads a 400,000-host inventory; flotilla used
 * to overflow the call stack (`push(...hosts)`) past ~125k hosts in one group, and
 * `web[0:9999999999]` ran V8 out of memory. The 400k case is scripts/big-inventory.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { tempTree, thrown } from './helpers.js';

// Above the ~125k where a spread of call arguments overflows V8's stack.
const HOSTS = 130_000;

describe('big inventories', () => {
  it(`selects a group of ${HOSTS.toLocaleString('en-US')} listed hosts`, () => {
    const dir = tempTree({});
    const lines = ['[big]'];
    for (let i = 0; i < HOSTS; i++) lines.push(`h${i}.example.com ansible_port=${2000 + (i % 7)}`);
    writeFileSync(join(dir, 'hosts.ini'), `${lines.join('\n')}\n`);
    const inv = loadInventory([join(dir, 'hosts.ini')]);
    const hosts = selectHosts(inv, 'big');
    expect(hosts.length).toBe(HOSTS);
    expect(hosts.at(-1)).toBe(`h${HOSTS - 1}.example.com`);
  });

  it(`selects a ${HOSTS.toLocaleString('en-US')}-host range from a YAML inventory`, () => {
    const dir = tempTree({
      'hosts.yml': `all:\n  children:\n    web:\n      hosts:\n        web[0:${HOSTS - 1}]:\n`,
    });
    const inv = loadInventory([join(dir, 'hosts.yml')]);
    expect(selectHosts(inv, 'web[-1]')).toEqual([`web${HOSTS - 1}`]);
    expect(selectHosts(inv, 'web').length).toBe(HOSTS);
  });

  it.each([
    ['INI', 'hosts.ini', '[web]\nweb[0:9999999999]\n', 2, 1],
    ['YAML', 'hosts.yml', 'all:\n  hosts:\n    web[0:9999999999]:\n', 3, 5],
    ['INI nested', 'hosts.ini', '[web]\nrack[0:99999]-node[0:99999]\n', 2, 1],
  ])('%s: a range of billions of hosts fails at once with a positioned error', (_, name, text, line, col) => {
    const dir = tempTree({ [name]: text });
    const started = Date.now();
    const err = thrown(() => loadInventory([join(dir, name)], { strict: true }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.code).toBe('FLT_INVENTORY_RANGE');
    expect(err.message).toContain('more than 1,000,000 hosts');
    expect(err.location).toEqual({ file: join(dir, name), line, col });
    expect(err.hint).toMatch(/smaller ranges/);
  });
});
