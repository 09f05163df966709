/**
 * Differential tests against ansible-playbook 2.14 for the modules modules.test.ts does
 * not cover: raw, ping, pause, command/shell options, copy of a local directory, copy
 * remote_src, validate and backup, and check-mode results. Registered results are written
 * to files (volatile keys dropped) so every key and value is compared.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { RESULTS_FILES, RESULTS_PLAY } from './module-cases.js';
import { dumpTasks, PRELUDE, same } from './modules-compare.js';

describe('same as ansible-playbook: more modules', () => {
  const fleet = ownFleet(2);

  it('raw, ping, command argv/stdin/chdir/creates/removes, shell executable and pipes, pause', async () => {
    const r = await runBoth(fleet(), {
      // pause runs once for the play (BYPASS_HOST_LOOP): one host keeps the register simple
      hosts: 1,
      playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
    - raw: echo out; echo err >&2
      register: r_raw
    - raw: exit 3
      register: r_rawfail
      ignore_errors: true
    - ping:
      register: r_ping
    - ping: { data: hello }
      register: r_ping2
    - command:
        argv: [cat]
        stdin: "from stdin"
        chdir: "{{ d }}"
      register: r_argv
    - command: touch made
      args: { chdir: "{{ d }}", creates: "{{ d }}/made" }
      register: r_creates1
    - command: touch made
      args: { chdir: "{{ d }}", creates: "{{ d }}/made" }
      register: r_creates2
    - command: rm made
      args: { chdir: "{{ d }}", removes: "{{ d }}/made" }
      register: r_removes1
    - command: rm made
      args: { chdir: "{{ d }}", removes: "{{ d }}/made" }
      register: r_removes2
    - shell: echo $0; printf 'a b\\nc\\n' | tr a-z A-Z | wc -w
      args: { executable: /bin/bash }
      register: r_shell
    - command: /bin/false
      register: r_false
      ignore_errors: true
    - command: ls
      args: { chdir: /nonexistent-dir }
      register: r_chdir
      ignore_errors: true
    - pause: { seconds: 1 }
      register: r_pause1
    - pause: { minutes: 0 }
      register: r_pause0
${dumpTasks(['r_raw', 'r_rawfail', 'r_ping', 'r_ping2', 'r_argv', 'r_creates1', 'r_creates2', 'r_removes1', 'r_removes2', 'r_shell', 'r_false', 'r_chdir'])}    - copy:
        dest: "{{ d }}/pause.txt"
        content: "{{ r_pause1.stdout[:12] }} {{ r_pause1.delta }} {{ r_pause0.stdout[:12] }} {{ r_pause0.stdout.split()[-1] }} {{ r_pause1.keys() | sort | join(',') }}\\n"
`,
    });
    same(r);
    expect(r.ansible.files['node001/r_raw.json']).toContain('"stdout": "from stdin"');
    expect(r.ansible.files['node001/r_raw.json']).toContain('Shared connection to 127.0.1.1 closed.');
  }, 120_000);

  it('registered results in normal and check mode: copy, file, template, lineinfile, blockinfile, replace, stat, slurp, find, fetch, wait_for', async () => {
    const play = RESULTS_PLAY;
    const files = RESULTS_FILES;
    const normal = await runBoth(fleet(), { hosts: 2, playbook: play, files });
    same(normal);
    const check = await runBoth(fleet(), { hosts: 2, playbook: play, files, args: ['--check'] });
    same(check);
    // check mode: the copy action answers only changed (and its diff list)
    expect(check.ansible.files['node001/r_copy.json']).toBe(
      '0644 {"r_copy": {"changed": true, "failed": false}, "r_tpl": {"changed": true, "failed": false}}',
    );
  }, 180_000);

  it('copy remote_src (file, directory, preserve), validate and backup', async () => {
    const r = await runBoth(fleet(), {
      hosts: 2,
      playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}/tree/sub", state: directory }
    - copy: { dest: "{{ d }}/tree/a.txt", content: "A\\n", mode: "0600" }
    - copy: { dest: "{{ d }}/tree/sub/b.txt", content: "B\\n", mode: "0755" }
    - copy: { src: "{{ d }}/tree/a.txt", dest: "{{ d }}/a-copy.txt", remote_src: true }
      register: r_rs1
    - copy: { src: "{{ d }}/tree/a.txt", dest: "{{ d }}/a-copy.txt", remote_src: true, mode: "0640" }
      register: r_rs2
    - copy: { src: "{{ d }}/tree/a.txt", dest: "{{ d }}/a-copy.txt", remote_src: true, mode: "0640" }
      register: r_rs3
    - copy: { src: "{{ d }}/tree/a.txt", dest: "{{ d }}/a-pres.txt", remote_src: true, mode: preserve }
      register: r_rs4
    - copy: { src: "{{ d }}/tree", dest: "{{ d }}/t2", remote_src: true }
      register: r_rs5
    - copy: { src: "{{ d }}/tree", dest: "{{ d }}/t2", remote_src: true }
      register: r_rs6
    - copy: { src: "{{ d }}/tree/", dest: "{{ d }}/t3", remote_src: true }
      register: r_rs7
    - copy: { dest: "{{ d }}/v.txt", content: "good\\n", validate: "grep -q good %s" }
      register: r_v1
    - copy: { dest: "{{ d }}/v.txt", content: "bad\\n", validate: "grep -q good %s" }
      register: r_v2
      ignore_errors: true
    - copy: { dest: "{{ d }}/v.txt", content: "bad\\n", validate: "grep -q good" }
      register: r_v3
      ignore_errors: true
    - lineinfile: { path: "{{ d }}/v.txt", line: "bad", validate: "sh -c 'echo no >&2; exit 4' %s" }
      register: r_v4
      ignore_errors: true
    - replace: { path: "{{ d }}/v.txt", regexp: "good", replace: "x", validate: "false %s" }
      register: r_v5
      ignore_errors: true
    - blockinfile: { path: "{{ d }}/v.txt", block: "x", validate: "grep -q x %s" }
      register: r_v6
    - copy: { dest: "{{ d }}/v.txt", content: "new\\n", backup: true }
      register: r_bk
    - find: { paths: "{{ d }}", patterns: "v.txt.*" }
      register: r_bkfind
${dumpTasks(['r_rs1', 'r_rs2', 'r_rs3', 'r_rs4', 'r_rs5', 'r_rs6', 'r_rs7', 'r_v2', 'r_v3', 'r_v4', 'r_v5', 'r_v6'])}${dumpTasks(['r_v1', 'r_bk'], ['src'])}    - copy:
        dest: "{{ d }}/backup.txt"
        content: "{{ r_bk.backup_file is match(d ~ '/v\\\\.txt\\\\.[0-9]+\\\\.[0-9]{4}-[0-9]{2}-[0-9]{2}@[0-9]{2}:[0-9]{2}:[0-9]{2}~$') }} {{ r_bkfind.matched }}\\n"
    - file: { path: "{{ item.path }}", state: absent }
      loop: "{{ r_bkfind.files }}"
      loop_control: { label: x }
`,
    });
    same(r);
    expect(r.ansible.files['node001/backup.txt']).toBe('0644 True 1\n');
    // About 30 tasks on two hosts: ansible-playbook alone takes 60-110 s on a loaded 2-core VM.
  }, 240_000);

  it('copy of a local directory: results as Ansible (one file stands for its directory), no diff for many', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      args: ['--diff'],
      files: { 'files/tree/a.txt': 'a\n', 'files/tree/sub/b.txt': 'b\n', 'files/one/only.txt': '1\n' },
      playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
    - copy: { src: tree, dest: "{{ d }}/" }
      register: r_ld1
    - copy: { src: tree/, dest: "{{ d }}/flat" }
      register: r_ld2
    - copy: { src: one, dest: "{{ d }}/" }
      register: r_ld3
    - copy: { src: tree, dest: "{{ d }}/" }
      register: r_ld4
${dumpTasks(['r_ld1', 'r_ld2', 'r_ld3', 'r_ld4'], ['src'])}`,
    });
    same(r);
    expect(r.ansible.files['node001/r_ld1.json']).toContain('"dest": "<root>/node001/flat/"');
    // Only the one-file directory shows a content diff, not the many-file ones.
    const diffs = (out: string) =>
      out.match(/\+\+\+ after: \S*\/files\/\S+/g)?.map((l) => path.basename(l)) ?? [];
    expect(diffs(r.flotilla.stdout)).toEqual(diffs(r.ansible.stdout));
    expect(diffs(r.flotilla.stdout)).toContain('only.txt');
    expect(diffs(r.flotilla.stdout)).not.toContain('a.txt');
  }, 120_000);
});
