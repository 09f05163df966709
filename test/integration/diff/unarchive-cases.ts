/**
 * unarchive cases shared by the differential test against Ansible and the native/bridge forms
 * test: archives the case builds (tar.gz, tar, zip, a file that is no archive, an empty one).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DiffCase } from './harness.js';
import { dumpTasks, PRELUDE } from './modules-compare.js';

/** files/site.tar.gz and files/site.zip hold site/index.html and site/skip.txt; plain.tar holds site/ too. */
export function makeArchives(dir: string): void {
  const build = path.join(dir, 'build');
  mkdirSync(path.join(build, 'site'), { recursive: true });
  writeFileSync(path.join(build, 'site', 'index.html'), '<h1>hello</h1>\n');
  writeFileSync(path.join(build, 'site', 'skip.txt'), 'excluded\n');
  const files = path.join(dir, 'files');
  mkdirSync(files, { recursive: true });
  execFileSync('tar', ['-czf', path.join(files, 'site.tar.gz'), '-C', build, 'site']);
  execFileSync('tar', ['-cf', path.join(files, 'plain.tar'), '-C', build, 'site']);
  execFileSync('zip', ['-qr', path.join(files, 'site.zip'), 'site'], { cwd: build });
  writeFileSync(path.join(files, 'bad.bin'), 'this is not an archive\n');
  writeFileSync(path.join(files, 'empty.tar'), '');
}

const NAMES = ['u_gz', 'u_gz2', 'u_tar', 'u_tar2', 'u_mod', 'u_mode', 'u_mode2', 'u_chmod', 'u_zip'];
const ERRORS = ['u_missing', 'u_empty', 'u_both'];
/** The action plugin's shell tmpdir on the host has a new name each run. */
const TMP = ` | regex_replace('ansible-tmp-[0-9.]+-[0-9]+-[0-9]+', 'ansible-tmp-X')`;
const HEAD = `${PRELUDE}    f: "{{ playbook_dir }}/files"
    # set order: Python lists the handlers' reasons in an order of its own each run
    u_bad_sorted: "{{ u_bad | combine({'msg': u_bad.msg.split('\\nCommand ') | sort}) }}"
  tasks:
    - command: mkdir -p {{ d }}/gz {{ d }}/tar {{ d }}/mode {{ d }}/zip
      check_mode: false
`;
/** A file that is no archive: every handler's reason, in the message (set order: not in the bridge's stdout). */
const BAD = `    - unarchive: { src: "{{ f }}/bad.bin", dest: "{{ d }}", remote_src: true }
      register: u_bad
      ignore_errors: true
`;

/**
 * Sent from the controller and from the host, twice each; modified; include, exclude, mode (then only mode differs);
 * zip (Ansible's module); the errors. `bad`: with the file that is no archive.
 */
export function unarchivePlay(bad: boolean): string {
  return `${HEAD}    - unarchive: { src: site.tar.gz, dest: "{{ d }}/gz", list_files: true }
      register: u_gz
    - unarchive: { src: site.tar.gz, dest: "{{ d }}/gz" }
      register: u_gz2
    - unarchive: { src: "{{ f }}/plain.tar", dest: "{{ d }}/tar", remote_src: true, exclude: [site/skip.txt], list_files: true }
      register: u_tar
    - unarchive: { src: "{{ f }}/plain.tar", dest: "{{ d }}/tar", copy: false, exclude: [site/skip.txt] }
      register: u_tar2
    - copy: { dest: "{{ d }}/gz/site/index.html", content: "changed\\n" }
    - unarchive: { src: site.tar.gz, dest: "{{ d }}/gz", include: [site/index.html], list_files: true }
      register: u_mod
    - unarchive: { src: site.tar.gz, dest: "{{ d }}/mode", mode: "u=rwX,g=rX,o=", owner: root, group: "0" }
      register: u_mode
    - unarchive: { src: site.tar.gz, dest: "{{ d }}/mode", mode: "u=rwX,g=rX,o=", owner: root, group: "0" }
      register: u_mode2
    - unarchive: { src: site.tar.gz, dest: "{{ d }}/mode", mode: "0700" }
      register: u_chmod
    - unarchive: { src: site.zip, dest: "{{ d }}/zip", list_files: true }
      register: u_zip
${bad ? BAD : ''}    - unarchive: { src: "{{ f }}/nope.tar", dest: "{{ d }}", remote_src: true }
      register: u_missing
      ignore_errors: true
    - unarchive: { src: empty.tar, dest: "{{ d }}" }
      register: u_empty
      ignore_errors: true
    - unarchive: { src: site.tar.gz, dest: "{{ d }}", include: [a], exclude: [b] }
      register: u_both
      ignore_errors: true
${dumpTasks([...NAMES, ...ERRORS, ...(bad ? ['u_bad_sorted'] : [])], [], TMP)}`;
}

/** Check mode: tar archives are skipped (TgzArchive's own check), so is a file that is no archive; zip is not. */
export const UNARCHIVE_CHECK_PLAY = `${HEAD}    - unarchive: { src: site.tar.gz, dest: "{{ d }}/gz", list_files: true }
      register: u_gz
    - unarchive: { src: site.zip, dest: "{{ d }}/zip", list_files: true }
      register: u_zip
${BAD}${dumpTasks(['u_gz', 'u_zip', 'u_bad'], [], TMP)}`;

export const UNARCHIVE_CASE: DiffCase = { hosts: 1, playbook: unarchivePlay(true), setup: makeArchives };
