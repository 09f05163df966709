/**
 * The git module's cases, shared by modules-git.test.ts (against Ansible) and
 * module-forms.test.ts (native against bridged). Each case builds one upstream repository
 * in its directory (`<dir>/up`, commits with fixed authors and dates, so its SHAs are the
 * same every run) that both tools clone into their own `{{ root }}-w/…`: clones stay out of
 * the compared root (their .git holds times), the results are dumped whole, diffs included.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRELUDE, VOLATILE } from './modules-compare.js';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Flo Tilla',
  GIT_AUTHOR_EMAIL: 'flo@example.com',
  GIT_COMMITTER_NAME: 'Flo Tilla',
  GIT_COMMITTER_EMAIL: 'flo@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: '/nonexistent',
};

function git(cwd: string, args: string[], when: number): void {
  const date = `${1_700_000_000 + when * 60} +0000`;
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    stdio: 'ignore',
  });
}

/**
 * `<dir>/up`: main has two commits (tags v1, lightweight, and v2, annotated, on the first);
 * branch `feature` adds a file to the first; branch `next` is main plus one commit.
 */
export function makeUpstream(dir: string): void {
  const up = path.join(dir, 'up');
  mkdirSync(up);
  const write = (name: string, text: string) => writeFileSync(path.join(up, name), text);
  git(up, ['init', '-q'], 0);
  write('a.txt', 'one\n');
  git(up, ['add', '.'], 1);
  git(up, ['commit', '-q', '-m', 'first'], 1);
  git(up, ['tag', 'v1'], 2);
  git(up, ['tag', '-a', '-m', 'annotated', 'v2'], 2);
  git(up, ['checkout', '-q', '-b', 'feature'], 3);
  write('f.txt', 'feature\n');
  git(up, ['add', '.'], 3);
  git(up, ['commit', '-q', '-m', 'feature'], 3);
  git(up, ['checkout', '-q', 'main'], 4);
  write('a.txt', 'one\ntwo\n');
  git(up, ['commit', '-q', '-am', 'second'], 4);
  git(up, ['checkout', '-q', '-b', 'next'], 5);
  write('b.txt', 'bee\n');
  git(up, ['add', '.'], 5);
  git(up, ['commit', '-q', '-m', 'third'], 5);
  git(up, ['checkout', '-q', 'main'], 6);
  // `<dir>/super`: one commit with `up` as its submodule `sub`
  const sup = path.join(dir, 'super');
  mkdirSync(sup);
  git(sup, ['init', '-q'], 7);
  git(sup, ['-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', up, 'sub'], 7);
  git(sup, ['commit', '-q', '-m', 'with sub'], 7);
}

/** The file transport that git (2.38.1 on) refuses to submodules unless allowed. */
const FILE_ALLOWED = `      environment: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: protocol.file.allow, GIT_CONFIG_VALUE_0: always }
`;

const KEEP_DIFF = VOLATILE.filter((k) => k !== 'diff');

/** One copy of all the registered results, `diff` kept (its text shows SHAs and git's diff). */
export function gitDump(names: string[]): string {
  const entries = names
    .map((n) => `'${n}': ${n} | dict2items | rejectattr('key', 'in', keep) | items2dict`)
    .join(', ');
  return `    - copy:
        dest: "{{ d }}/${names[0]}.json"
        content: "{{ {${entries}} | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`;
}

const HEADER = `${PRELUDE}    keep: ${JSON.stringify(KEEP_DIFF)}
    up: "{{ root | dirname }}/up"
    w: "{{ root }}-w"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - command: git -C {{ up }} rev-parse main~1
      register: first
      check_mode: false
`;

/** Clone, second pass, tag/branch/SHA, depth, update after an upstream commit, local mods, errors. */
export const GIT_PLAY = `${HEADER}    - git: { repo: "{{ up }}", dest: "{{ w }}/a" }
      register: g_clone
    - git: { repo: "{{ up }}", dest: "{{ w }}/a" }
      register: g_again
    - git: { repo: "{{ up }}", dest: "{{ w }}/a", version: v1 }
      register: g_tag
    - git: { repo: "{{ up }}", dest: "{{ w }}/a", version: feature }
      register: g_branch
    - git: { repo: "{{ up }}", dest: "{{ w }}/a", version: "{{ first.stdout }}" }
      register: g_sha
    - git: { repo: "{{ up }}", dest: "{{ w }}/a", version: nosuch }
      register: g_badver
      ignore_errors: true
    # gpg verification is Ansible's module's, through the bridge (bridgeFor)
    - git: { repo: "{{ up }}", dest: "{{ w }}/a", verify_commit: true }
      register: g_verify
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/a", update: false }
      register: g_noupdate
    - git: { repo: "file://{{ up }}", dest: "{{ w }}/b", depth: 1, version: next }
      register: g_depth
    - git: { repo: "{{ up }}", dest: "{{ w }}/h", depth: 1, version: "{{ first.stdout }}" }
      register: g_depth_sha
    - git: { repo: "{{ up }}", dest: "{{ w }}/s", single_branch: true, version: feature, accept_hostkey: true }
      register: g_single
    # over ssh to the fleet's own sshd: key_file, accept_hostkey and ssh_opts make GIT_SSH_COMMAND
    - git:
        repo: "ssh://{{ ansible_user }}@127.0.0.1:{{ ansible_port }}{{ up }}"
        dest: "{{ w }}/ssh"
        key_file: "{{ ansible_ssh_private_key_file }}"
        accept_hostkey: true
        ssh_opts: "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
        version: v1
      register: g_ssh
    - git: { repo: "{{ up }}", dest: "{{ w }}/e.git", bare: true }
      register: g_bare
    - git: { repo: "{{ up }}", dest: "{{ w }}/r", remote: other, refspec: "+refs/heads/feature:refs/remotes/other/feature" }
      register: g_refspec
    - git: { repo: "{{ up }}", dest: "{{ w }}/r", remote: other, refspec: "+refs/heads/feature:refs/remotes/other/feature" }
      register: g_refspec2
    - git: { repo: "{{ up }}", dest: "{{ w }}/n", clone: false }
      register: g_noclone
    - git: { repo: "{{ root }}-none", dest: "{{ w }}/m" }
      register: g_missing
      ignore_errors: true
    - command: git clone -q --bare {{ up }} {{ root }}-up
    - git: { repo: "{{ root }}-up", dest: "{{ w }}/c", umask: "0077" }
      register: g_up1
    - command: git -C {{ root }}-up update-ref refs/heads/main refs/heads/next
    - git: { repo: "{{ root }}-up", dest: "{{ w }}/c" }
      register: g_up2
    - git: { repo: "{{ up }}", dest: "{{ w }}/c" }
      register: g_newurl
    - copy: { dest: "{{ w }}/c/a.txt", content: "changed\\n" }
    - git: { repo: "{{ up }}", dest: "{{ w }}/c" }
      register: g_mods
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/c", force: true }
      register: g_force
    - git: { repo: "{{ up | dirname }}/super", dest: "{{ w }}/sup" }
      register: g_sub
${FILE_ALLOWED}    - git: { repo: "{{ up | dirname }}/super", dest: "{{ w }}/sup" }
      register: g_sub2
${FILE_ALLOWED}    - git: { repo: "{{ up | dirname }}/super", dest: "{{ w }}/sup", track_submodules: true }
      register: g_subtrack
      ignore_errors: true
${FILE_ALLOWED}    - shell: cat {{ w }}/sup/sub/a.txt; stat -c %a {{ w }}/c/.git/description; git -C {{ w }}/c status --porcelain; git -C {{ w }}/c log --format=%s; cat {{ w }}/a/a.txt
      register: g_state
${gitDump(['g_clone', 'g_again', 'g_tag', 'g_branch', 'g_sha', 'g_badver', 'g_verify', 'g_noupdate', 'g_depth', 'g_depth_sha', 'g_single', 'g_ssh', 'g_bare', 'g_refspec', 'g_refspec2', 'g_noclone', 'g_missing', 'g_up1', 'g_up2', 'g_newurl', 'g_mods', 'g_force', 'g_sub', 'g_sub2', 'g_subtrack', 'g_state'])}`;

/** Run with --check --diff: a new dest (ls-remote), an older clone, a tag, a SHA, local mods. */
export const GIT_CHECK_PLAY = `${HEADER}    - command: git clone -q {{ up }} {{ w }}/old
      check_mode: false
    - command: git -C {{ w }}/old reset -q --hard HEAD~1
      check_mode: false
    - git: { repo: "{{ up }}", dest: "{{ w }}/new" }
      register: k_new
    - git: { repo: "{{ up }}", dest: "{{ w }}/new", version: v2 }
      register: k_new_tag
    - git: { repo: "{{ up }}", dest: "{{ w }}/old" }
      register: k_old
    - git: { repo: "{{ up }}", dest: "{{ w }}/old", version: next }
      register: k_next
    - git: { repo: "{{ up }}", dest: "{{ w }}/old", version: "{{ first.stdout }}" }
      register: k_sha
    - copy: { dest: "{{ w }}/old/a.txt", content: "changed\\n" }
      check_mode: false
    - git: { repo: "{{ up }}", dest: "{{ w }}/old" }
      register: k_mods
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/old", force: true }
      register: k_force
    - git: { repo: "{{ up }}" }
      register: k_nodest
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/u", umask: 18 }
      register: k_umask_int
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/u", umask: "0o2x" }
      register: k_umask_bad
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/u", accept_hostkey: true, accept_newhostkey: true }
      register: k_exclusive
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/u", bogus: 1 }
      register: k_unknown
      ignore_errors: true
    - git: { repo: "{{ up }}", dest: "{{ w }}/u" }
      environment: { PATH: /nonexistent }
      register: k_nogit
      ignore_errors: true
    # a new url in check mode: Ansible's get_diff fetches from it (and sets it)
    - git: { repo: "{{ root }}-none", dest: "{{ w }}/old" }
      register: k_url
      ignore_errors: true
${gitDump(['k_new', 'k_new_tag', 'k_old', 'k_next', 'k_sha', 'k_url', 'k_mods', 'k_force', 'k_nodest', 'k_umask_int', 'k_umask_bad', 'k_exclusive', 'k_unknown', 'k_nogit'])}`;

export const GIT_SETUP = (dir: string) => makeUpstream(dir);
