/**
 * Differential cases found by running public roles (geerlingguy.*, dev-sec) with both tools
 * in `--check --diff`: each is the smallest play that showed a divergence, kept so it stays
 * fixed. Whole normalised stdout, exit code and files must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const CHECK_SKIPS = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: command skipped by check mode, with failed_when and changed_when
      command: /bin/true --version
      failed_when: false
      changed_when: false
      register: r1
    - debug: { var: r1 }
    - name: uri skipped by check mode, failed_when on a key only a real run has
      uri:
        url: http://localhost:9/
        return_content: true
      register: r2
      failed_when: "'Metrics' not in r2.content"
`;

describe('same as ansible-playbook: cases from real-world roles in check mode', () => {
  const fleet = ownFleet(1);

  it('a result check mode skipped is not judged by failed_when or changed_when', async () => {
    expectSame(await runBoth(fleet(), { playbook: CHECK_SKIPS, hosts: 1, args: ['--check', '-v'] }));
  }, SLOW);
});
