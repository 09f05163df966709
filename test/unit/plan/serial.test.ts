import { describe, expect, it } from 'vitest';
import { serialBatches } from '../../../src/plan/serial.js';
import { buildShardMap } from '../../../src/plan/shard.js';

const hosts = Array.from({ length: 10 }, (_, i) => `h${i}`);

describe('serialBatches', () => {
  it('puts every host in one batch without serial', () => {
    expect(serialBatches(hosts, undefined)).toEqual([hosts]);
  });
  it('cuts fixed-size batches, the last one shorter', () => {
    expect(serialBatches(hosts, 4).map((b) => b.length)).toEqual([4, 4, 2]);
  });
  it('takes percentages of the play hosts (rounded down, at least one)', () => {
    expect(serialBatches(hosts, '30%').map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(serialBatches(hosts.slice(0, 3), '10%').map((b) => b.length)).toEqual([1, 1, 1]);
  });
  it('repeats the last value of a list', () => {
    expect(serialBatches(hosts, [1, '20%', 3]).map((b) => b.length)).toEqual([1, 2, 3, 3, 1]);
  });
  it('rejects nonsense with a typed error', () => {
    expect(() => serialBatches(hosts, 'lots')).toThrow(expect.objectContaining({ code: 'FLT_PLAN_SERIAL' }));
  });
});

describe('buildShardMap', () => {
  it('balances hosts across workers and never makes more workers than hosts', () => {
    const map = buildShardMap(hosts, 4);
    expect(map.shards.map((s) => s.length)).toEqual([3, 3, 2, 2]);
    expect(buildShardMap(hosts.slice(0, 2), 8).workerCount).toBe(2);
  });
  it('gives each host one owner and a distinct slot', () => {
    const map = buildShardMap(hosts, 3);
    expect(new Set(map.slot.values()).size).toBe(hosts.length);
    for (const [i, shard] of map.shards.entries()) for (const h of shard) expect(map.owner.get(h)).toBe(i);
  });
});
