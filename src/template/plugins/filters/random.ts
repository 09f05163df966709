/** random and shuffle, seedable and then identical to Ansible's (Python's Random). */
import { randomInt } from 'node:crypto';
import { pyStr } from '../../../python/repr.js';
import { isNone, pyIterable } from '../../../python/values.js';
import { def, type FilterDef, filterError } from '../../runtime/define.js';
import { PythonRandom } from './python-random.js';

interface Picker {
  randrange(start: number, stop: number, step?: number): number;
  choice<T>(items: T[]): T;
  shuffle<T>(items: T[]): T[];
}

const systemRandom: Picker = {
  randrange: (start, stop, step = 1) => start + step * randomInt(Math.ceil((stop - start) / step)),
  choice: (items) => items[randomInt(items.length)],
  shuffle: (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  },
};

function picker(seed: unknown): Picker {
  if (isNone(seed)) return systemRandom;
  return new PythonRandom(typeof seed === 'number' ? seed : pyStr(seed));
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  random: def(['start', 'step', 'seed'], (value, [start, step, seed]) => {
    const r = picker(seed);
    if (typeof value === 'number') return r.randrange(start || 0, value, step || 1);
    if (start || step) throw filterError('random', 'start and step can only be used with integer values');
    const items = pyIterable(value);
    if (!items.length) throw filterError('random', 'cannot choose from an empty sequence');
    return r.choice(items);
  }),
  shuffle: def(['seed'], (value, [seed]) => picker(seed).shuffle([...pyIterable(value)])),
};
