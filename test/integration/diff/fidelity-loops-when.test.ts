/**
 * Differential matrix against ansible-playbook 2.14 (issue 14, item 5): every loop form ×
 * an undefined variable (in the items, as the whole loop, in the label, none) × every kind
 * of `when` (none, false, true, naming the item, undefined, per host). Ansible templates the
 * loop first but keeps an undefined-variable error until `when` is evaluated once without
 * the loop (TaskExecutor._loop_eval_error): a false `when` skips, a true or failing one
 * raises the loop's error. Each cell registers its result and prints it: results shape,
 * messages and exit code must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { cells, loopWhenMatrix } from './fidelity-loops-when-matrix.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

describe('fidelity: loop items against when', () => {
  const fleet = ownFleet(2);

  it(
    `undefined loop forms × when forms, defined loops × when per item (${cells().length} cells)`,
    async () => {
      expectSame(await runBoth(fleet(), { playbook: loopWhenMatrix(), hosts: 2 }));
    },
    SLOW,
  );
});
