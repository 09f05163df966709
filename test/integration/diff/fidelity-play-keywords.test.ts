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
  type KeywordCase,
  MAIN_SOURCES,
  playKeywordsMatrix,
} from './fidelity-play-keywords-matrix.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

describe('fidelity: templated play keywords', () => {
  const fleet = ownFleet(6);

  // Play-start keywords in small groups (each within the timeout on a loaded machine),
  // then the inherited ones.
  const groups: KeywordCase[][] = [
    KEYWORDS.filter((k) => ['gather_facts', 'serial', 'strategy'].includes(k.keyword)),
    KEYWORDS.filter((k) => ['order', 'hosts'].includes(k.keyword)),
    KEYWORDS.filter((k) => k.inherited),
  ];
  for (const keywords of groups) {
    const inherited = keywords.some((k) => k.inherited);
    it(
      `${keywords.map((k) => k.keyword).join(', ')} × ${MAIN_SOURCES.join(', ')}${inherited ? ' (inherited: no omit)' : ''}`,
      async () => {
        const { hosts, ...c } = playKeywordsMatrix(keywords);
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
