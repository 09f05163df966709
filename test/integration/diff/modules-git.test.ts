/**
 * Differential tests against ansible-playbook 2.14 for git: the native form runs the git
 * binary on the host as Ansible's module does, against a local upstream repository built per
 * case (git-cases.ts), cloned by each tool into its own dest.
 */
import { describe, expect, it } from 'vitest';
import { GIT_CHECK_PLAY, GIT_PLAY, GIT_SETUP } from './git-cases.js';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';

describe('same as ansible-playbook: git against local repositories', () => {
  const fleet = ownFleet(1);

  it('clone, second pass, tag, branch, SHA, depth, bare, update, url change, local mods, submodules, errors (--diff)', async () => {
    const r = await runBoth(fleet(), { hosts: 1, playbook: GIT_PLAY, setup: GIT_SETUP, args: ['--diff'] });
    same(r);
    const dump = JSON.parse(r.ansible.files['node001/g_clone.json'].slice(5));
    expect(dump.g_clone.changed).toBe(true);
    expect(dump.g_clone.before).toBeNull();
    expect(dump.g_again.changed).toBe(false);
    expect(dump.g_up2.changed).toBe(true);
    expect(dump.g_up2.diff.prepared).toContain('+bee');
    expect(dump.g_depth_sha.warnings).toEqual([
      'Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags or in combination with refspec.',
    ]);
    expect(dump.g_ssh).toMatchObject({ changed: true, before: null, after: dump.g_tag.after });
    expect(dump.g_mods.msg).toBe('Local modifications exist in the destination: <root>-w/c (force=no).');
    expect(dump.g_missing.failed).toBe(true);
    expect(dump.g_verify.msg).toMatch(/^Failed to verify GPG signature of commit\/tag "HEAD"/);
    expect(dump.g_badver.msg).toBe('Failed to checkout nosuch');
    // the submodule checked out; umask 0077 made the clone's files; the update to the new url
    // dropped next's b.txt; a is back on main (verify_commit checked it out, then failed)
    expect(dump.g_state.stdout_lines).toEqual(['one', 'two', '600', 'second', 'first', 'one', 'two']);
    expect(dump.g_sub.changed).toBe(true);
    expect(dump.g_sub.submodules_changed).toBe(true);
    expect(dump.g_sub2.changed).toBe(false);
  }, 240_000);

  it('check mode with --diff: ls-remote for a new dest, an older clone, tag, SHA, url, local mods', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: GIT_CHECK_PLAY,
      setup: GIT_SETUP,
      args: ['--check', '--diff'],
    });
    same(r);
    const dump = JSON.parse(r.ansible.files['node001/k_new.json'].slice(5));
    expect(dump.k_new.diff.prepared).toMatch(/^>> Newly checked out [0-9a-f]{40}$/);
    expect(dump.k_old.changed).toBe(true);
    expect(dump.k_mods.failed).toBe(true);
    expect(dump.k_nodest.msg).toBe('the destination directory must be specified unless clone=no');
    expect(dump.k_umask_int.msg).toBe('umask must be defined as a quoted octal integer');
    expect(dump.k_umask_bad.details).toBe("invalid literal for int() with base 8: '0o2x'");
    expect(dump.k_unknown.msg).toMatch(
      /^Unsupported parameters for \(git\) module: bogus\. Supported parameters include: accept_hostkey, /,
    );
    expect(dump.k_nogit.msg).toMatch(/^Failed to find required executable "git" in paths: \/nonexistent:/);
  }, 240_000);
});
