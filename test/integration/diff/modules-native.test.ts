/**
 * Differential tests against ansible-playbook 2.14 for the modules that run natively as
 * fast paths (getent, ini_file, debconf, sysctl): whole registered results, files written,
 * recap, in normal and check mode (and --diff where the module supports it).
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { DEBCONF_CASE, GETENT_CASE, INI_CASE, SYSCTL_CASE } from './native-cases.js';

describe('same as ansible-playbook: native fast paths', () => {
  const fleet = ownFleet(2);

  it('getent: keys, whole databases, split, duplicates, service, missing keys and bad args', async () => {
    const r = await runBoth(fleet(), GETENT_CASE);
    same(r);
    expect(r.ansible.files['node001/g_root.json']).toContain('"/root"');
    expect(r.ansible.files['node001/g_root.json']).toContain('STREAM');
    expect(r.ansible.files['node001/g_root.json']).toContain('"no-such-user-flt": null');
  }, 120_000);

  it('getent in check mode', async () => {
    same(await runBoth(fleet(), { ...GETENT_CASE, args: ['--check'] }));
  }, 120_000);

  it('ini_file: create, again, modify, sections, duplicates, comments, absent, backup, attributes, errors', async () => {
    const r = await runBoth(fleet(), INI_CASE);
    same(r);
    expect(r.ansible.files['node001/e.ini']).toContain('opt = c');
    expect(r.ansible.files['node001/backup.txt']).toContain('True True');
  }, 240_000);

  it('ini_file in check mode with --diff', async () => {
    same(await runBoth(fleet(), { ...INI_CASE, args: ['--check', '--diff'] }));
  }, 240_000);

  it('ini_file with --diff', async () => {
    const r = await runBoth(fleet(), { ...INI_CASE, args: ['--diff'] });
    same(r);
    expect(r.ansible.files['node001/diffs.json']).toContain('color = red');
  }, 240_000);

  it('debconf: query, set, again, modify, booleans, unseen, multiselect, errors (a database of its own)', async () => {
    const r = await runBoth(fleet(), DEBCONF_CASE);
    same(r);
    expect(r.ansible.files['node001/c_empty.json']).toContain('"flt-test/greeting": "hello world"');
    expect(r.ansible.files['node001/c_empty.json']).toContain('"c_again": {"changed": false');
  }, 240_000);

  it('debconf in check mode with --diff', async () => {
    same(await runBoth(fleet(), { ...DEBCONF_CASE, args: ['--check', '--diff'] }));
  }, 240_000);

  it('debconf with --diff', async () => {
    same(await runBoth(fleet(), { ...DEBCONF_CASE, args: ['--diff'] }));
  }, 240_000);

  it('sysctl on a file of its own: add, again, modify, booleans, duplicates, comments, absent, errors', async () => {
    const r = await runBoth(fleet(), SYSCTL_CASE);
    same(r);
    expect(r.ansible.files['node001/b.conf']).toContain('vm.swappiness=8');
    expect(r.ansible.files['node001/s_new.json']).toContain('"s_again": {"changed": false');
  }, 240_000);

  it('sysctl in check mode', async () => {
    same(await runBoth(fleet(), { ...SYSCTL_CASE, args: ['--check'] }));
  }, 240_000);
});
