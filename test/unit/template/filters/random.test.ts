import { describe, expect, it } from 'vitest';
import { PythonRandom } from '../../../../src/template/plugins/filters/python-random.js';
import { makeValue } from '../helpers.js';

const render = makeValue();

// Expected values come from CPython 3's random.Random with the same seeds.
describe('random and shuffle', () => {
  it('seeded random picks what Ansible picks', () => {
    expect(render('{{ [3,1,2] | random(seed=1) }}')).toBe(3);
    expect(render('{{ 59 | random(seed=h) }}', { h: 'web1' })).toBe(52);
    expect(new PythonRandom('host-123.example.com').randrange(0, 1000, 5)).toBe(490);
  });

  it('seeded shuffle matches Python', () => {
    expect(render('{{ [3,1,2] | shuffle(seed=1) }}')).toEqual([1, 2, 3]);
    expect(new PythonRandom(42).shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([
      8, 4, 3, 9, 6, 7, 10, 5, 1, 2,
    ]);
  });

  it('unseeded random stays in range', () => {
    for (let i = 0; i < 50; i++) {
      const n = render('{{ 10 | random(start=5) }}') as number;
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThan(10);
    }
  });
});
