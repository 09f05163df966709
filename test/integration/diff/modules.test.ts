/**
 * Differential tests against ansible-playbook 2.14: the file and text modules (lineinfile,
 * blockinfile, replace, stat, slurp, fetch, find, copy of a directory, template in a loop,
 * file states), script, wait_for, assert/fail with ignore_errors, set_fact with until.
 *
 * Ansible is slow, so each playbook runs its task file twice in one ansible-playbook run
 * (two plays, `pass` 1 and 2) instead of two runs: the second pass records which of its
 * tasks reported `changed` in `changed-2.txt`, which must list none on either side.
 */
import { describe, expect, it } from 'vitest';
import { explain, ownFleet, runBoth } from './harness.js';
import { FILE_CASE, OTHER_CASE } from './module-cases.js';

describe('same as ansible-playbook: modules', () => {
  const fleet = ownFleet(2);

  it('lineinfile, blockinfile, replace, copy (dir, content, force), template loop, file states, stat, slurp, fetch, find — twice', async () => {
    const r = await runBoth(fleet(), FILE_CASE);
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
    expect(r.ansible.files['node001/changed-2.txt']).toBe('0644 \n');
  }, 240_000);

  it('script, wait_for, assert/fail with ignore_errors, set_fact and shell with until — twice', async () => {
    const r = await runBoth(fleet(), OTHER_CASE);
    // set_fact's `until` sees the facts it just set, as in Ansible (n is 1, then 2 in pass 2).
    expect(Object.values(r.ansible.files).some((v) => /^n 2 False 1$/m.test(v))).toBe(true);
    expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
    expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
    expect(r.flotilla.code).toBe(r.ansible.code);
    expect(r.ansible.files['node001/changed-2.txt']).toBe('0644 \n');
  }, 240_000);
});
