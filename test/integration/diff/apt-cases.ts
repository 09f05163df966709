/**
 * The apt_repository and apt_key cases: run against Ansible in modules-apt.test.ts and in both of
 * flotilla's forms in module-forms.test.ts. The module reads and writes apt's real
 * /etc/apt/sources.list.d (it has no path option): a case works on files of its own, named
 * from a hash of its directory (`flt-test-<hash>.list`, and the name the module suggests for
 * a URL holding the hash), removed at its end, and the two runs of a case (which start at
 * once) take turns, a lock directory beside their roots: the module's diff lists every .list
 * file, and its save rewrites every file it read. The sources point at an empty local repository
 * ([trusted=yes] file:), so an `apt-get update` elsewhere meanwhile still succeeds.
 * `cleanAptTestSources` removes whatever a failed run left.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dumpTasks, PRELUDE, VOLATILE } from './modules-compare.js';

const PARTS = '/etc/apt/sources.list.d';

/** Removes the sources files these cases create (afterAll, even when a case failed). */
export function cleanAptTestSources(): void {
  let names: string[] = [];
  try {
    names = readdirSync(PARTS);
  } catch {
    return;
  }
  for (const name of names)
    if (/^flt-test-|flt_test_/.test(name)) rmSync(path.join(PARTS, name), { force: true });
}

const AR = [
  'ar_add',
  'ar_again',
  'ar_check_src',
  'ar_check_remove',
  'ar_auto_again',
  'ar_src',
  'ar_enable',
  'ar_enabled_again',
  'ar_remove',
  'ar_remove_again',
  'ar_mode',
  'ar_text',
  'ar_auto',
  'ar_auto_gone',
  'ar_invalid',
  'ar_disabled',
  'ar_empty',
];

/** The dump's text without the run's own names: its root, its hash and the suggested file name. */
const FILTERS = " | replace(tag, 'TAG') | replace(tag | replace('-', '_'), 'TAG_')";

export const APT_REPO_PLAY = `- hosts: fleet
  gather_facts: false
  diff: true
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(VOLATILE.filter((k) => k !== 'diff'))}
    tag: "flt-test-{{ (root | dirname | hash('md5'))[:12] }}"
    file: "/etc/apt/sources.list.d/{{ tag }}.list"
    line: "deb [trusted=yes] file://{{ d }}/repo ./"
    auto: "/etc/apt/sources.list.d/127_0_0_1_9_{{ tag | replace('-', '_') }}.list"
  tasks:
    - name: take turns with the other run of this case
      shell: n=0; until mkdir "{{ root | dirname }}/apt.lock" 2>/dev/null; do n=$((n+1)); [ $n -lt 900 ] || exit 1; sleep 0.2; done
      changed_when: false
      check_mode: false
    - block:
        - file: { path: "{{ d }}/repo", state: directory }
          check_mode: false
        - copy: { dest: "{{ d }}/repo/Packages", content: "" }
          check_mode: false
        - apt_repository: { repo: "{{ line }}", filename: "{{ tag }}", update_cache: false }
          register: ar_add
        - apt_repository: { repo: "{{ line | replace(' ./', '   ./') }}", filename: "{{ tag }}", update_cache: false }
          register: ar_again
        - apt_repository: { repo: "{{ line | replace('deb ', 'deb-src ') }}", filename: "{{ tag }}", update_cache: false }
          register: ar_check_src
          check_mode: true
        - apt_repository:
            repo: "{{ line | replace('deb ', 'deb-src ') }}"
            filename: "{{ tag }}"
            update_cache: no
            mode: "0600"
          register: ar_src
        - stat: { path: "{{ file }}" }
          register: ar_mode
        - name: a file of the module's lines, a disabled one, comments and blanks
          copy:
            dest: "{{ file }}"
            content: |
              # a comment
              #deb [trusted=yes] file://{{ d }}/other  ./   # disabled, with a comment

              deb   [trusted=yes]  file://{{ d }}/repo ./
              #
              not a source line
          check_mode: false
        - apt_repository: { repo: "deb [trusted=yes] file://{{ d }}/other ./", update_cache: false }
          register: ar_enable
        - apt_repository: { repo: "deb [trusted=yes] file://{{ d }}/other ./", update_cache: false }
          register: ar_enabled_again
        - apt_repository: { repo: "{{ line }}", state: absent, update_cache: false }
          register: ar_check_remove
          check_mode: true
        - apt_repository: { repo: "{{ line }}", state: absent, update_cache: false }
          register: ar_remove
        - apt_repository: { repo: "{{ line }}", state: absent, update_cache: false }
          register: ar_remove_again
        - slurp: { src: "{{ file }}" }
          register: ar_text
        - apt_repository: { repo: "deb http://user:pw@127.0.0.1:9/{{ tag }} stable main", update_cache: false }
          register: ar_auto
        - apt_repository: { repo: "deb http://user:pw@127.0.0.1:9/{{ tag }} stable main", update_cache: false }
          register: ar_auto_again
        - apt_repository: { repo: "deb http://user:pw@127.0.0.1:9/{{ tag }} stable main", state: absent, update_cache: false }
          register: ar_auto_gone
        - apt_repository: { repo: "foo bar  # note", update_cache: false }
          register: ar_invalid
          ignore_errors: true
        - apt_repository: { repo: "# deb http://127.0.0.1:9/x stable", update_cache: false }
          register: ar_disabled
          ignore_errors: true
        - apt_repository: { repo: "", update_cache: false }
          register: ar_empty
          ignore_errors: true
        - name: the file's text, and the diffs of two files in one order (the module's is Python's set order), the mode set
          set_fact:
            ar_text: "{{ ar_text | combine({'content': ar_text.content | b64decode}) }}"
            ar_auto: "{{ ar_auto | combine({'diff': ar_auto.diff | sort(attribute='after_header')}) }}"
            ar_auto_gone: "{{ ar_auto_gone | combine({'diff': ar_auto_gone.diff | sort(attribute='before_header')}) }}"
            ar_mode: "{{ {'mode': ar_mode.stat.mode, 'exists': ar_mode.stat.exists} }}"
${dumpTasks(AR, [], FILTERS).replace(/^(?=.)/gm, '    ')}      always:
        - file: { path: "{{ item }}", state: absent }
          loop: ["{{ file }}", "{{ auto }}"]
          check_mode: false
        - file: { path: "{{ root | dirname }}/apt.lock", state: absent }
          check_mode: false
`;

/**
 * A throwaway signing key for apt_key, made by gpg in the case's directory (its own
 * GNUPGHOME): key.asc (armored) and key.gpg beside the runs' roots.
 */
export function makeAptKey(dir: string): void {
  const home = path.join(dir, 'gnupg');
  mkdirSync(home, { mode: 0o700 });
  const gpg = (...args: string[]) =>
    execFileSync('gpg', ['--batch', '--homedir', home, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  gpg(
    '--passphrase',
    '',
    '--quick-gen-key',
    'Flotilla Test <flt@example.invalid>',
    'ed25519',
    'sign',
    'never',
  );
  writeFileSync(path.join(dir, 'key.asc'), gpg('--armor', '--export', 'flt@example.invalid'));
  writeFileSync(path.join(dir, 'key.gpg'), gpg('--export', 'flt@example.invalid'));
  const colons = gpg('--with-colons', '--fingerprint', 'flt@example.invalid').toString();
  writeFileSync(path.join(dir, 'fpr'), /^fpr:+([0-9A-F]+):/m.exec(colons)?.[1] ?? '');
}

const AK = [
  'ak_file',
  'ak_data_again',
  'ak_check_absent',
  'ak_absent',
  'ak_absent_again',
  'ak_data_id',
  'ak_check_new',
  'ak_short_again',
  'ak_bad_id',
  'ak_bad_len',
  'ak_no_file',
  'ak_nothing',
  'ak_not_key',
];

/** apt_key on keyrings under each run's root: nothing outside it changes (gpg may make ~/.gnupg). */
export const APT_KEY_PLAY = `${PRELUDE}    keys: "{{ root | dirname }}"
    fpr: "{{ lookup('file', keys + '/fpr') }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - apt_key: { file: "{{ keys }}/key.asc", keyring: "{{ d }}/ring.gpg" }
      register: ak_file
    - apt_key: { data: "{{ lookup('file', keys + '/key.asc') }}", keyring: "{{ d }}/ring.gpg" }
      register: ak_data_again
    - apt_key: { id: "{{ fpr[-8:] }}", keyring: "{{ d }}/ring.gpg", state: absent }
      register: ak_check_absent
      check_mode: true
    - apt_key: { id: "{{ fpr }}", keyring: "{{ d }}/ring.gpg", state: absent }
      register: ak_absent
    - apt_key: { id: "0x{{ fpr[-16:] }}", keyring: "{{ d }}/ring.gpg", state: absent }
      register: ak_absent_again
    - apt_key: { id: "{{ fpr[-16:] | lower }}", data: "{{ lookup('file', keys + '/key.asc') }}", keyring: "{{ d }}/ring.gpg" }
      register: ak_data_id
    - apt_key: { file: "{{ keys }}/key.gpg", keyring: "{{ d }}/other.gpg" }
      register: ak_check_new
      check_mode: true
    - apt_key: { id: "{{ fpr[-8:] }}", file: "{{ keys }}/key.gpg", keyring: "{{ d }}/ring.gpg" }
      register: ak_short_again
    - apt_key: { id: "XYZ", keyring: "{{ d }}/ring.gpg" }
      register: ak_bad_id
      ignore_errors: true
    - apt_key: { id: "ABCDEF", keyring: "{{ d }}/ring.gpg" }
      register: ak_bad_len
      ignore_errors: true
    - apt_key: { file: "{{ d }}/nonexistent.asc", keyring: "{{ d }}/ring.gpg" }
      register: ak_no_file
      ignore_errors: true
    - apt_key: { keyring: "{{ d }}/ring.gpg" }
      register: ak_nothing
      ignore_errors: true
    - apt_key: { data: "not a key", keyring: "{{ d }}/ring.gpg" }
      register: ak_not_key
      ignore_errors: true
${dumpTasks(AK, [], " | replace(keys, '<keys>')")}`;
