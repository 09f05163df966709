/**
 * Parity with ansible-playbook 2.14, generated (keyword-matrix.ts): a plain include_tasks /
 * include_role takes only some keywords (vars, when, ignore_errors, no_log, run_once, tags),
 * and they apply to the include alone; every other keyword there, and a task keyword on a
 * play, fails the load. `tags` on every form, run with --tags and with --skip-tags.
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { FILES, type Form, formPlaybook, refused, refusedPlaybook, tagsPlaybook } from './keyword-matrix.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** A whole form is a dozen tasks on two hosts: twice the sweep bound on a loaded machine. */
const MATRIX = 2 * SLOW;

const PLAIN: Form[] = ['include_tasks', 'include_role'];

describe('fidelity: keywords on plain includes, tags everywhere', () => {
  const fleet = ownFleet(2);
  for (const form of PLAIN) {
    it(
      `the keywords ${form} takes apply to the include alone`,
      async () => {
        expectSame(
          await runBoth(fleet(), { playbook: formPlaybook(form), files: FILES, hosts: 2, args: ['-v'] }),
        );
      },
      MATRIX,
    );
  }

  for (const args of [
    ['--tags', 'tw'],
    ['--skip-tags', 'tw'],
  ]) {
    it(
      `tags on every form, ${args.join(' ')}`,
      async () => {
        expectSame(await runBoth(fleet(), { playbook: tagsPlaybook(), files: FILES, hosts: 2, args }));
      },
      MATRIX,
    );
  }

  it(
    'every keyword Ansible refuses on a plain include or a play fails the load',
    async () => {
      const cases = (['include_tasks', 'include_role', 'play'] as Form[]).flatMap((form) =>
        refused(form).map((keyword) => ({ form, keyword })),
      );
      const results = await Promise.all(
        cases.map(({ form, keyword }) =>
          runBoth(fleet(), { playbook: refusedPlaybook(form, keyword), files: FILES, hosts: 2 }),
        ),
      );
      results.forEach((r, i) => {
        const { form, keyword } = cases[i];
        expect(r.ansible.code, `${keyword} on ${form}: ${r.ansible.stderr}`).toBe(4);
        expectSame(r);
        expect(r.flotilla.stderr, `${keyword} on ${form}`).toContain(keyword);
      });
    },
    SLOW,
  );
});
