/**
 * Differential test against ansible-playbook 2.14 for the native apt_repository: whole
 * registered results (diffs included: the play runs with `diff: true`, and some tasks in
 * check mode), the sources file's text and mode, and the recap. It writes apt's own
 * sources.list.d (files of its own, removed at the end: apt-cases.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { APT_REPO_PLAY, cleanAptTestSources } from './apt-cases.js';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';

describe('same as ansible-playbook: apt_repository', () => {
  const fleet = ownFleet(1);
  afterAll(cleanAptTestSources);

  it('apt_repository: add, again, check mode, mode, enable, remove, suggested file name, errors', async () => {
    const r = await runBoth(fleet(), { hosts: 1, playbook: APT_REPO_PLAY });
    same(r);
    expect(Object.keys(r.ansible.files)).toContain('node001/ar_add.json');
  }, 240_000);
});
