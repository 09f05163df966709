/**
 * Parity with ansible-playbook 2.14, generated (keyword-matrix.ts): every group of inheritable
 * keywords on play, roles: entries, blocks and nested blocks.
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { FILES, type Form, formPlaybook } from './keyword-matrix.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** A whole form is a dozen tasks on two hosts: twice the sweep bound on a loaded machine. */
const MATRIX = 2 * SLOW;

const FORMS: Form[] = ['play', 'roles-entry', 'block', 'nested-block'];

describe('fidelity: keywords passed down by plays, roles: entries and blocks', () => {
  const fleet = ownFleet(2);
  for (const form of FORMS) {
    it(
      `every keyword group on ${form}`,
      async () => {
        expectSame(
          await runBoth(fleet(), { playbook: formPlaybook(form), files: FILES, hosts: 2, args: ['-v'] }),
        );
      },
      MATRIX,
    );
  }
});
