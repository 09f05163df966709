/**
 * Differential matrix against ansible-playbook 2.14 (issue 14, item 7): every play keyword
 * Ansible templates, its value from play vars, vars_files, extra vars, or `default(omit)`
 * (the keyword's default). Those of Play.post_validate are rendered at play start with the
 * play's variables; the inherited ones per task. Generated in fidelity-play-keywords-matrix.ts.
 * Whole normalised stdout, exit code and files must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import {
  FAILING,
  failingMatrices,
  KEYWORDS,
  MAIN_SOURCES,
  playKeywordsMatrix,
} from './fidelity-play-keywords-matrix.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

describe('fidelity: templated play keywords', () => {
  const fleet = ownFleet(6);

  for (const inherited of [false, true]) {
    const names = KEYWORDS.filter((k) => (k.inherited ?? false) === inherited).map((k) => k.keyword);
    it(
      `${names.join(', ')} × ${MAIN_SOURCES.join(', ')}${inherited ? ' (inherited: no omit)' : ''}`,
      async () => {
        const { hosts, ...c } = playKeywordsMatrix(inherited);
        expectSame(await runBoth(fleet(), { ...c, args: [...c.args, '-v'], hosts }));
      },
      SLOW,
    );
  }

  for (const [i, m] of failingMatrices().entries()) {
    it(
      `with a failing host: ${FAILING[i].map(([k, , s]) => `${k} from ${s}`).join(', ')}`,
      async () => {
        const { hosts, ...c } = m;
        expectSame(await runBoth(fleet(), { ...c, hosts }));
      },
      SLOW,
    );
  }
});
