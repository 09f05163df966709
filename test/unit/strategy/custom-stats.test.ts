import { describe, expect, it } from 'vitest';
import { pyFloat } from '../../../src/python/float.js';
import { CustomStats } from '../../../src/strategy/custom-stats.js';

describe('custom stats (set_stats) as AggregateStats keeps them', () => {
  it('aggregates per type: numbers add, strings and lists concatenate, dicts merge deeply', () => {
    const s = new CustomStats();
    const data = { n: 1, s: 'a', l: [1], d: { a: { b: 1 }, l: [1] } };
    s.record('h', { data, per_host: false, aggregate: true });
    s.record('h', {
      data: { n: 2, s: 'b', l: [2], d: { a: { c: 2 }, l: [2] } },
      per_host: false,
      aggregate: true,
    });
    expect(s.snapshot()).toEqual({ _run: { n: 3, s: 'ab', l: [1, 2], d: { a: { b: 1, c: 2 }, l: [2] } } });
  });

  it('a value of another type is ignored (a bool counts as an int, not the reverse)', () => {
    const s = new CustomStats();
    s.update('h', 'n', 1);
    s.update('h', 'n', 'x');
    s.update('h', 'n', true);
    s.update('h', 'b', true);
    s.update('h', 'b', 1);
    s.update('h', 'f', pyFloat(1));
    s.update('h', 'f', 2);
    expect(s.snapshot()).toEqual({ h: { n: 2, b: true, f: pyFloat(1) } });
  });

  it('per_host keys by host; aggregate false replaces; empty data records nothing', () => {
    const s = new CustomStats();
    expect(s.snapshot()).toBeUndefined();
    s.record('h', { data: {}, per_host: true, aggregate: true });
    expect(s.snapshot()).toBeUndefined();
    s.record('h', { data: { n: 1 }, per_host: true, aggregate: true });
    s.record('h', { data: { n: 5 }, per_host: true, aggregate: false });
    expect(s.snapshot()).toEqual({ h: { n: 5 } });
  });
});
