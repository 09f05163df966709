import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/connection/local-transport.js';
import type { ExecOptions } from '../../../src/connection/transport.js';
import { validateArgs } from '../../../src/modules/args.js';
import { gitModule, gitResult, parseRecords, shlexQuote } from '../../../src/modules/git.js';
import type { ModuleContext } from '../../../src/modules/types.js';
import { tempDir } from '../../support/temp-dirs.js';

describe('git records and results', () => {
  it('parses records, a key repeated into a list, values with newlines kept', () => {
    const r = parseRecords('\x01cmd\x02git\x03\x01cmd\x02ls-remote\x03\x01stderr\x02a\nb\n\x03');
    expect(r.get('cmd')).toEqual(['git', 'ls-remote']);
    expect(r.get('stderr')).toEqual(['a\nb\n']);
  });
  it("a check_rc failure: the command shell-quoted as run_command's _clean_args joins it, msg stderr.rstrip()", () => {
    const r = gitResult(
      parseRecords(
        '\x01cmd\x02/usr/bin/git\x03\x01cmd\x02ls-remote\x03\x01cmd\x02file:///a b\x03\x01rc\x02128\x03\x01stdout\x02\x03\x01stderr\x02fatal: no\n\x03\x01failed\x02checkrc\x03',
      ),
    );
    expect(r).toEqual({
      changed: false,
      failed: true,
      cmd: "/usr/bin/git ls-remote 'file:///a b'",
      rc: 128,
      stdout: '',
      stderr: 'fatal: no\n',
      stdout_lines: [],
      stderr_lines: ['fatal: no'],
      msg: 'fatal: no',
    });
  });
  it('shlex.quote', () => {
    expect(shlexQuote('')).toBe("''");
    expect(shlexQuote('a/b-c.d:e@f%g+h=i,j')).toBe('a/b-c.d:e@f%g+h=i,j');
    expect(shlexQuote("it's")).toBe(`'it'"'"'s'`);
  });
  it('check mode of an existing repo: remote_url_changed as Python has it (None, empty, bools)', () => {
    const rec = (ruc: string) =>
      gitResult(parseRecords(`\x01before\x02abc\x03\x01remote_url_changed\x02${ruc}\x03\x01done\x021\x03`));
    expect(rec('None').remote_url_changed).toBeNull();
    expect(rec('empty').remote_url_changed).toBe('');
    expect(rec('True').remote_url_changed).toBe(true);
    expect(rec('True')).not.toHaveProperty('warnings');
  });
  it('hands gpg verification, archive and separate_git_dir to the bridge', () => {
    const bridge = (args: Record<string, unknown>) =>
      gitModule.bridgeFor?.({ repo: 'r', dest: 'd', ...args });
    expect(bridge({})).toBe(false);
    expect(bridge({ verify_commit: 'yes' })).toBe(true);
    expect(bridge({ verify_commit: false })).toBe(false);
    expect(bridge({ archive: '/tmp/a.zip' })).toBe(true);
    expect(bridge({ separate_git_dir: '/tmp/g' })).toBe(true);
    expect(bridge({ gpg_whitelist: [] })).toBe(false);
  });
});

/** A local transport that counts its round trips. */
class Counting extends LocalTransport {
  calls = 0;
  override exec(command: string, options?: ExecOptions) {
    this.calls++;
    return super.exec(command, options);
  }
}

function context(transport: Counting, check = false): ModuleContext {
  return {
    transport,
    host: 'localhost',
    check,
    diff: true,
    readLocalFile: async () => Buffer.from(''),
    resolveLocalPath: (p) => p,
  };
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'a',
  GIT_AUTHOR_EMAIL: 'a@b',
  GIT_COMMITTER_NAME: 'a',
  GIT_COMMITTER_EMAIL: 'a@b',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env: ENV, encoding: 'utf8' }).trim();

describe('git on the local host: one round trip a run', () => {
  it('clones, then reports no change, then follows a new upstream commit with its diff', async () => {
    const dir = tempDir('flt-git-');
    const up = path.join(dir, 'up');
    execFileSync('mkdir', [up]);
    git(up, 'init', '-q');
    writeFileSync(path.join(up, 'a.txt'), 'one\n');
    git(up, 'add', '.');
    git(up, 'commit', '-qm', 'one');
    const first = git(up, 'rev-parse', 'HEAD');
    const t = new Counting();
    const args = validateArgs('git', gitModule.args, { repo: up, dest: path.join(dir, 'w') });
    const clone = await gitModule.run(args, context(t));
    expect(clone).toMatchObject({ changed: true, before: null, after: first });
    expect(clone.diff).toEqual({ prepared: `>> Newly checked out ${first}` });
    const again = await gitModule.run(args, context(t));
    expect(again).toEqual({ changed: false, before: first, after: first, remote_url_changed: false });
    writeFileSync(path.join(up, 'a.txt'), 'one\ntwo\n');
    git(up, 'commit', '-qam', 'two');
    const second = git(up, 'rev-parse', 'HEAD');
    const check = await gitModule.run(args, context(t, true));
    expect(check).toMatchObject({ changed: true, before: first, after: second });
    const update = await gitModule.run(args, context(t));
    expect(update).toMatchObject({ changed: true, before: first, after: second });
    expect((update.diff as { prepared: string }).prepared).toContain('+two');
    expect(t.calls).toBe(4);
  });
});
