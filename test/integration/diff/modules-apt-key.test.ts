/**
 * Differential test against ansible-playbook 2.14 for the native apt_key: whole registered
 * results and the keyrings written (under each run's root), with a throwaway gpg key.
 */
import { describe, expect, it } from 'vitest';
import { APT_KEY_PLAY, makeAptKey } from './apt-cases.js';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';

describe('same as ansible-playbook: apt_key', () => {
  const fleet = ownFleet(1);

  it('apt_key on keyrings of its own: file, data, id forms, absent, check mode, errors', async () => {
    const r = await runBoth(fleet(), { hosts: 1, playbook: APT_KEY_PLAY, setup: makeAptKey });
    same(r);
    expect(r.ansible.files['node001/ring.gpg']?.length).toBeGreaterThan(5);
    const results = JSON.parse(r.ansible.files['node001/ak_file.json'].slice(5));
    expect(results.ak_file.changed).toBe(true);
    expect(results.ak_data_again.changed).toBe(false);
    expect(results.ak_absent.after).toEqual([]);
  }, 240_000);
});
