/**
 * Differential tests against ansible-playbook 2.14 for the native unarchive (tar archives; zip
 * goes to Ansible's module): whole registered results, the files extracted and the recap, in
 * a normal run and in check mode.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { makeArchives, UNARCHIVE_CASE, UNARCHIVE_CHECK_PLAY } from './unarchive-cases.js';

describe('same as ansible-playbook: unarchive', () => {
  const fleet = ownFleet(1);

  it('tar.gz and tar from the controller and the host, twice; include, exclude, mode and owner; zip; errors', async () => {
    const r = await runBoth(fleet(), UNARCHIVE_CASE);
    same(r);
    const dump = r.ansible.files['node001/u_gz.json'];
    expect(dump).toContain('"handler": "TgzArchive"');
    expect(dump).toContain('"handler": "TarArchive"');
    expect(dump).toContain('"handler": "ZipArchive"');
    expect(dump).toContain('Failed to find handler for');
    expect(dump).toContain('the file is 0 bytes');
    expect(dump).toContain('"--owner=root"');
    expect(dump).toContain('"u_chmod": {"changed": true');
    expect(r.ansible.files['node001/mode/site/index.html']).toMatch(/^0700 /);
    expect(r.ansible.files['node001/gz/site/index.html']).toContain('<h1>hello</h1>');
    expect(r.ansible.files['node001/tar/site/skip.txt']).toBeUndefined();
  }, 240_000);

  it('--check --diff: tar archives (and a file that is no archive) skipped, zip checked', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: UNARCHIVE_CHECK_PLAY,
      setup: makeArchives,
      args: ['--check', '--diff'],
    });
    same(r);
    const dump = r.ansible.files['node001/u_gz.json'];
    expect(dump).toContain('does not support check mode when using gtar');
    expect(r.ansible.files['node001/gz/site/index.html']).toBeUndefined();
  }, 240_000);
});
