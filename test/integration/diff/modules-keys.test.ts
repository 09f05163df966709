/**
 * Differential tests against ansible-playbook 2.14 for the native authorized_key, known_hosts
 * and cron modules: whole registered results (diff included), the files they write and the
 * recap, in normal, check and --diff runs.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { AUTHORIZED_KEY_PLAY, CRON_PLAY, CRON_USER_PLAY, KNOWN_HOSTS_PLAY } from './keys-cases.js';
import { same } from './modules-compare.js';

describe('same as ansible-playbook: authorized_key, known_hosts, cron', () => {
  const fleet = ownFleet(2);

  // Check mode without --diff adds nothing the other modes do not cover (the suite's time).
  it.each([
    ['normal', []],
    ['--diff', ['--diff']],
    ['--check --diff', ['--check', '--diff']],
  ])(
    'authorized_key: %s',
    async (_name, args) => {
      const r = await runBoth(fleet(), { hosts: 2, playbook: AUTHORIZED_KEY_PLAY, args });
      same(r);
      expect(Object.keys(r.ansible.files)).toContain('node001/ak_add.json');
    },
    240_000,
  );

  it.each([
    ['normal', []],
    ['--check --diff', ['--check', '--diff']],
  ])(
    'known_hosts: %s',
    async (_name, args) => {
      const r = await runBoth(fleet(), { hosts: 2, playbook: KNOWN_HOSTS_PLAY, args });
      same(r);
      expect(Object.keys(r.ansible.files)).toContain('node001/kh_add.json');
    },
    240_000,
  );

  // --diff alone: covered by the user's crontab below, the same diff code.
  it.each([
    ['normal', []],
    ['--check --diff', ['--check', '--diff']],
  ])(
    'cron with cron_file: %s',
    async (_name, args) => {
      const r = await runBoth(fleet(), { hosts: 2, playbook: CRON_PLAY, args });
      same(r);
      expect(Object.keys(r.ansible.files)).toContain('node001/cr_add.json');
    },
    240_000,
  );

  it.each([
    ['normal', []],
    ['--check --diff', ['--check', '--diff']],
    ['--diff', ['--diff']],
  ])(
    "cron on a throwaway user's crontab: %s",
    async (_name, args) => {
      const r = await runBoth(fleet(), { hosts: 2, playbook: CRON_USER_PLAY, args });
      same(r);
      expect(Object.keys(r.ansible.files)).toContain('node001/cu_add.json');
    },
    240_000,
  );
});
