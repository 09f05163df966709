import { describe, expect, it } from 'vitest';
import { defaultInventory } from '../../../src/cli/default-inventory.js';
import { tempFile } from '../../support/cli.js';

describe('defaultInventory (no -i given)', () => {
  it('takes ANSIBLE_INVENTORY, comma-separated, without a warning', () => {
    const warnings: string[] = [];
    expect(defaultInventory((m) => warnings.push(m), { ANSIBLE_INVENTORY: 'a.ini,b.ini' })).toEqual([
      'a.ini',
      'b.ini',
    ]);
    expect(warnings).toEqual([]);
  });

  it('uses the system inventory when it exists', () => {
    const file = tempFile('hosts', 'web1\n');
    expect(defaultInventory(() => {}, {}, file)).toEqual([file]);
  });

  it("falls back to an empty inventory (implicit localhost) with Ansible's warning", () => {
    const warnings: string[] = [];
    expect(defaultInventory((m) => warnings.push(m), {}, '/nonexistent/hosts')).toEqual([]);
    expect(warnings.join('')).toContain('provided hosts list is empty, only localhost is available');
  });
});
