/**
 * Differential tests against ansible-playbook 2.14 for the native apt_repository and apt_key: whole
 * registered results (diffs included: the play runs with `diff: true`, and some tasks in
 * check mode), the sources file's text and mode, and the recap. It writes apt's own
 * sources.list.d (files of its own, removed at the end: apt-cases.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { APT_KEY_PLAY, APT_REPO_PLAY, cleanAptTestSources, makeAptKey } from './apt-cases.js';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';

describe('same as ansible-playbook: apt_repository, apt_key', () => {
  const fleet = ownFleet(1);
  afterAll(cleanAptTestSources);

  it('apt_repository: add, again, check mode, mode, enable, remove, suggested file name, errors', async () => {
    const r = await runBoth(fleet(), { hosts: 1, playbook: APT_REPO_PLAY });
    same(r);
    expect(Object.keys(r.ansible.files)).toContain('node001/ar_add.json');
  }, 240_000);

  it('apt_key on keyrings of its own: file, data, id forms, absent, check mode, errors', async () => {
    const r = await runBoth(fleet(), { hosts: 1, playbook: APT_KEY_PLAY, setup: makeAptKey });
    same(r);
    expect(r.ansible.files['node001/ring.gpg']?.length).toBeGreaterThan(5);
    const results = JSON.parse(r.ansible.files['node001/ak_file.json'].slice(5));
    if (process.env.FLT_SHOW) console.log(JSON.stringify(results, null, 1));
    expect(results.ak_file.changed).toBe(true);
    expect(results.ak_data_again.changed).toBe(false);
    expect(results.ak_absent.after).toEqual([]);
  }, 240_000);
});
