/**
 * Parity with ansible-playbook 2.14, generated: every group of inheritable keywords
 * (keyword-matrix.ts) on include_tasks / include_role with `apply:`, on a block around an
 * include, and on a plain include, whose own keywords apply to the include alone (only those
 * Ansible accepts there: vars, when, ignore_errors, no_log, run_once, tags).
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { FILES, type Form, formPlaybook } from './keyword-matrix.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FORMS: Form[] = [
  'include_tasks-apply',
  'include_role-apply',
  'block-around-include_tasks',
  'block-around-include_role',
  'include_tasks',
  'include_role',
];

describe('fidelity: keywords passed down by dynamic includes', () => {
  const fleet = ownFleet(2);
  for (const form of FORMS) {
    it(
      `every keyword group on ${form}`,
      async () => {
        expectSame(
          await runBoth(fleet(), { playbook: formPlaybook(form), files: FILES, hosts: 2, args: ['-v'] }),
        );
      },
      SLOW,
    );
  }
});
