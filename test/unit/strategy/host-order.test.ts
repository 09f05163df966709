import { describe, expect, it } from 'vitest';
import { FlotillaError } from '../../../src/errors/index.js';
import { orderHosts } from '../../../src/strategy/host-order.js';

const hosts = ['web10', 'db1', 'Web2', 'app'];

describe('play keyword order (Ansible inventory manager get_hosts)', () => {
  it('inventory (the default) keeps the inventory order', () => {
    expect(orderHosts(hosts, undefined)).toBe(hosts);
    expect(orderHosts(hosts, 'inventory')).toEqual(hosts);
  });

  it('sorted and reverse_sorted sort by name as Python does (code points, upper case first)', () => {
    expect(orderHosts(hosts, 'sorted')).toEqual(['Web2', 'app', 'db1', 'web10']);
    expect(orderHosts(hosts, 'reverse_sorted')).toEqual(['web10', 'db1', 'app', 'Web2']);
  });

  it('reverse_inventory reverses without touching the input', () => {
    expect(orderHosts(hosts, 'reverse_inventory')).toEqual(['app', 'Web2', 'db1', 'web10']);
    expect(hosts[0]).toBe('web10');
  });

  it('shuffle permutes every host once', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const out = orderHosts(hosts, 'shuffle', random);
    expect([...out].sort()).toEqual([...hosts].sort());
    expect(out).not.toEqual(hosts);
  });

  it('rejects an unknown order with Ansible words', () => {
    expect(() => orderHosts(hosts, 'random')).toThrow(FlotillaError);
    expect(() => orderHosts(hosts, 'random')).toThrow(
      "Invalid 'order' specified for inventory hosts: random",
    );
  });
});
