/**
 * Differential tests against ansible-playbook 2.14 for the modules modules.test.ts does
 * not cover: raw, ping, pause, command/shell options, user/group, copy of a local directory,
 * copy remote_src,
 * validate and backup, check-mode results, and argument errors. Registered results are
 * written to files (volatile keys dropped) so every key and value is compared.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DiffResult, explain, ownFleet, runBoth } from './harness.js';
import { expectSame } from './sweep-compare.js';

/** Keys whose values differ run to run (times, inodes, temp paths, lsattr generation). */
const VOLATILE = [
  'start',
  'end',
  'stop',
  'delta',
  'atime',
  'mtime',
  'ctime',
  'inode',
  'version',
  'invocation',
  'diff',
  'backup_file',
];

/** The play header every case shares; `volatile` lists the keys each dump drops. */
const PRELUDE = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(VOLATILE)}
`;

/**
 * Tasks writing each registered result to `<d>/<name>.json`, volatile keys (and `drop`)
 * removed. Content that renders as JSON becomes a dict again in both tools, which copy
 * then writes with Python's json.dumps: a faithful check of that path as well.
 */
function dumpTasks(names: string[], drop: string[] = []): string {
  return names
    .map(
      (n) => `    - copy:
        dest: "{{ d }}/${n}.json"
        content: "{{ ${n} | dict2items | rejectattr('key', 'in', volatile + ${JSON.stringify(drop).replace(/"/g, "'")}) | items2dict | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`,
    )
    .join('');
}

function same(r: DiffResult): void {
  // every case runs to its end in Ansible: a playbook error on both sides proves nothing
  expect(r.ansible.code, r.ansible.stderr + r.ansible.stdout).toBe(0);
  expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
  expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
  expect(r.flotilla.code).toBe(r.ansible.code);
}

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
    expect(r.ansible.files['node001/r_argv.json']).toContain('"stdout": "from stdin"');
    expect(r.ansible.files['node001/r_raw.json']).toContain('Shared connection to 127.0.1.1 closed.');
  }, 120_000);

  it('registered results in normal and check mode: copy, file, template, lineinfile, blockinfile, replace, stat, slurp, find, fetch, wait_for', async () => {
    const tasks = `    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - copy: { dest: "{{ d }}/pre.txt", content: "a=1\\nb=2\\n" }
      check_mode: false
    - copy: { dest: "{{ d }}/c.txt", content: "hi\\n", mode: "0640" }
      register: r_copy
    - copy: { dest: "{{ d }}/pre.txt", content: "a=1\\nb=2\\n" }
      register: r_copysame
    - file: { path: "{{ d }}/dir", state: directory, mode: "0700" }
      register: r_dir
    - file: { path: "{{ d }}/pre.txt", mode: "0600" }
      register: r_mode
    - file: { path: "{{ d }}/touch", state: touch }
      register: r_touch
    - template: { src: t.j2, dest: "{{ d }}/t.txt" }
      register: r_tpl
    - lineinfile: { path: "{{ d }}/pre.txt", line: "c=3" }
      register: r_li
    - blockinfile: { path: "{{ d }}/pre.txt", block: "x" }
      register: r_bl
    - replace: { path: "{{ d }}/pre.txt", regexp: "b", replace: "B" }
      register: r_rep
    - stat: { path: "{{ d }}/pre.txt" }
      register: r_stat
    - slurp: { src: "{{ d }}/pre.txt" }
      register: r_slurp
    - find: { paths: "{{ d }}" }
      register: r_find
    - fetch: { src: "{{ d }}/pre.txt", dest: "{{ root }}/f-{{ inventory_hostname }}", flat: true }
      register: r_fetch
    - wait_for: { path: "{{ d }}/pre.txt", timeout: 2 }
      register: r_wait
`;
    const names = ['r_copysame', 'r_dir', 'r_mode', 'r_touch', 'r_li', 'r_bl', 'r_rep'];
    // copy content= and template: Ansible's `src` is its per-run upload path on the host
    const play = `${PRELUDE}  tasks:
${tasks}${dumpTasks(names)}${dumpTasks(['r_copy', 'r_tpl'], ['src'])}    - copy:
        dest: "{{ d }}/more.json"
        content: "{{ {'stat': r_stat.stat | dict2items | rejectattr('key', 'in', volatile) | items2dict, 'slurp': r_slurp, 'fetch': r_fetch | dict2items | rejectattr('key', 'in', volatile) | items2dict, 'wait': r_wait | dict2items | rejectattr('key', 'in', volatile + ['elapsed']) | items2dict, 'find': r_find.files | map('dict2items') | map('rejectattr', 'key', 'in', volatile) | map('items2dict') | sort(attribute='path') | list, 'find_keys': r_find.keys() | sort | list } | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`;
    const files = { 'templates/t.j2': 'hello {{ inventory_hostname }}\n' };
    const normal = await runBoth(fleet(), { hosts: 2, playbook: play, files });
    same(normal);
    const check = await runBoth(fleet(), { hosts: 2, playbook: play, files, args: ['--check'] });
    same(check);
    // check mode: the copy action answers only changed (and its diff list)
    expect(check.ansible.files['node001/r_copy.json']).toBe('0644 {"changed": true, "failed": false}');
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
  }, 120_000);

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
    expect(r.ansible.files['node001/r_ld2.json']).toContain('"dest": "<root>/node001/flat/"');
    // Only the one-file directory shows a content diff, not the many-file ones.
    const diffs = (out: string) =>
      out.match(/\+\+\+ after: \S*\/files\/\S+/g)?.map((l) => path.basename(l)) ?? [];
    expect(diffs(r.flotilla.stdout)).toEqual(diffs(r.ansible.stdout));
    expect(diffs(r.flotilla.stdout)).toContain('only.txt');
    expect(diffs(r.flotilla.stdout)).not.toContain('a.txt');
  }, 120_000);

  it('user and group: create, unchanged, remove (names unique per tool and run)', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: `${PRELUDE}    u: "flt{{ (root | hash('md5'))[:8] }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - group: { name: "{{ u }}g" }
      register: r_g1
    - group: { name: "{{ u }}g" }
      register: r_g2
    - user: { name: "{{ u }}", group: "{{ u }}g", create_home: false, shell: /bin/sh, comment: "test user" }
      register: r_u1
    - user: { name: "{{ u }}", group: "{{ u }}g", create_home: false, shell: /bin/sh, comment: "test user" }
      register: r_u2
    - user: { name: "{{ u }}", state: absent }
      register: r_u3
    - user: { name: "{{ u }}", state: absent }
      register: r_u4
    - group: { name: "{{ u }}g", state: absent }
      register: r_g3
    - group: { name: "{{ u }}g", state: absent }
      register: r_g4
${dumpTasks(['r_g1', 'r_g2', 'r_u1', 'r_u2', 'r_u3', 'r_u4', 'r_g3', 'r_g4'], ['uid', 'gid', 'group', 'name', 'home'])}`,
    });
    same(r);
  }, 120_000);

  it('apt and package: an installed package is ok, offline (no cache update)', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
    - apt: { name: openssh-server, state: present, update_cache: no }
      register: r_apt
    - package: { name: openssh-server, state: present }
      register: r_pkg
    - apt: { name: [openssh-server, coreutils], state: present }
      register: r_apt2
      check_mode: true
${dumpTasks(['r_apt', 'r_pkg', 'r_apt2'])}`,
    });
    same(r);
    expect(r.ansible.files['node001/r_apt.json']).toMatch(/"changed": false/);
  }, 120_000);

  it('raw, ping, command, shell and script results printed at -v (whole stdout, times normalised)', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      args: ['-v'],
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - raw: echo out; echo err >&2
    - ping:
    - command: { argv: [cat], stdin: "in" }
    - shell: echo $0 | tr a-z A-Z
      args: { executable: /bin/bash }
    - command: /bin/false
      ignore_errors: true
    - command: touch /nonexistent-dir/x
      args: { creates: /etc/passwd }
    - raw: echo skipped
      check_mode: true
    - script: fail.sh
      ignore_errors: true
    - name: raw and script become through the low-level execute (no MODULE FAILURE)
      raw: id -un
      become: true
      become_user: nobody
      ignore_errors: true
    - script: fail.sh
      become: true
      become_user: nobody
      ignore_errors: true
`,
      files: { 'files/fail.sh': '#!/bin/sh\necho out; echo err >&2; exit 3\n' },
    });
    const body = (s: string) =>
      s
        .slice(s.indexOf('PLAY ['))
        .replace(/"(start|end)": "[^"]*"/g, '"$1": "<time>"')
        .replace(/"delta": "[^"]*"/g, '"delta": "<delta>"');
    expect(body(r.flotilla.stdout)).toBe(body(r.ansible.stdout));
    expect(r.flotilla.code).toBe(r.ansible.code);
  }, 120_000);

  it("bad arguments fail with Ansible messages, the action plugins' own checks first (whole stdout)", async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - file: { state: directory }
      ignore_errors: true
    - file: { path: /tmp/x, state: bogus }
      ignore_errors: true
    - lineinfile: { path: /tmp/x, line: x, state: nope, bar: 2 }
      ignore_errors: true
    - stat: { path: /tmp, zz: 1 }
      ignore_errors: true
    - command: echo
      args: { chdir: /tmp, wat: 1 }
      ignore_errors: true
    - find: { paths: /tmp, file_type: nope }
      ignore_errors: true
    - wait_for: { path: /tmp, port: 22 }
      ignore_errors: true
    - user: { name: x, state: maybe }
      ignore_errors: true
    - copy: content=x
      ignore_errors: true
    - copy: dest=/tmp/x
      ignore_errors: true
    - copy: src=a content=b dest=/tmp/x
      ignore_errors: true
    - template: src=a
      ignore_errors: true
    - template: src=a dest=/tmp/x state=file
      ignore_errors: true
    - fetch: src=a
      ignore_errors: true
`,
    });
    const body = (s: string) => s.slice(s.indexOf('PLAY ['));
    expect(body(r.flotilla.stdout)).toBe(body(r.ansible.stdout));
    expect(r.flotilla.code).toBe(r.ansible.code);
  }, 120_000);

  // lineinfile and blockinfile return `diff` (empty texts, attribute headers) even without
  // --diff, which shows when the result is printed; a new file's `mode` is applied after it is
  // written, so the message says so; and the diff is printed only in diff mode.
  it('lineinfile/blockinfile: diff key without --diff, mode on a created file, diffs only with --diff', async () => {
    const play = `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
    - copy: { dest: "{{ d }}/conf", content: "port=80\\nhost=a\\n" }
    - lineinfile: { path: "{{ d }}/conf", regexp: '^port=(\\d+)', line: 'port=\\1\\1', backrefs: true }
      register: r1
    - lineinfile: { path: "{{ d }}/conf", regexp: '^host', state: absent }
      register: r2
    - lineinfile: { path: "{{ d }}/new", line: created, create: true, mode: "0600" }
      register: r3
    - blockinfile: { path: "{{ d }}/blk", block: x, create: true, mode: "0640" }
      register: r4
    - blockinfile: { path: "{{ d }}/blk", block: x }
      register: r5
    - debug: { msg: "{{ [r1, r2, r3, r4, r5] | to_json | replace(root, '<root>') }}" }
`;
    for (const args of [[], ['--diff']]) {
      const r = await runBoth(fleet(), { hosts: 2, playbook: play, args });
      same(r);
      expectSame(r);
      expect(r.ansible.stdout).toContain(
        '"msg": "line added and ownership, perms or SE linux context changed"',
      );
    }
  }, 120_000);

  // invocation.module_args (spec defaults, aliases kept, `cmd` as _raw_params) as a loop's
  // items keep it; stat/find write a sticky mode as 1777 where file results write 01777.
  it('module invocations kept in loop results; modes with special bits', async () => {
    const play = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: path={{ d }} state=directory
    - file: dest={{ d }}/f-{{ item }} state=touch mode=0644
      loop: [a]
      register: r_file
    - file: { path: "{{ d }}/dir", state: directory, mode: 0755, recurse: true }
      loop: [a]
      register: r_file2
    - shell: echo hi
      args: { chdir: /tmp }
      loop: [a]
      register: r_shell
    - command:
        cmd: echo {{ item }}
        creates: /nonexistent
      loop: [a]
      register: r_cmd
    - command:
        argv: [echo, x]
      loop: [a]
      register: r_argv
    - stat: path=/tmp get_checksum=no
      loop: [a]
      register: r_stat
    - lineinfile: { path: "{{ d }}/li", line: x, create: yes }
      loop: [a]
      register: r_li
    - blockinfile: { dest: "{{ d }}/bi", block: x, create: yes }
      loop: [a]
      register: r_bi
    - replace: { path: "{{ d }}/li", regexp: x, replace: y }
      loop: [a]
      register: r_rep
    - slurp: src={{ d }}/li
      loop: [a]
      register: r_slurp
    - find: paths={{ d }} patterns=*.x recurse=yes
      loop: [a]
      register: r_find
    - wait_for: path={{ d }}/li timeout=2
      loop: [a]
      register: r_wait
    - ping:
      loop: [a]
      register: r_ping
    - group: name=flotilla-no-such-group state=absent
      loop: [a]
      register: r_group
    - apt: name=bash state=present
      loop: [a]
      register: r_apt
    - command: /bin/false
      loop: [a]
      register: r_fail
      ignore_errors: true
    - debug: msg="{{ item.results[0].invocation | default('NONE') }}"
      loop: "{{ [r_file, r_file2, r_shell, r_cmd, r_argv, r_stat, r_li, r_bi, r_rep, r_slurp, r_find, r_wait, r_ping, r_apt, r_fail] }}"
      loop_control: { label: x }
      when: inventory_hostname == 'node001'
    - debug: msg="{{ r_group.results[0].invocation }}"
      when: inventory_hostname == 'node001'
    - file: { path: "{{ d }}/sticky", state: directory, mode: "01777" }
      register: r_sticky
    - stat: { path: "{{ d }}/sticky" }
      register: r_sstat
    - find: { paths: "{{ d }}", file_type: directory, patterns: sticky }
      register: r_sfind
    - debug: msg="{{ r_sticky.mode }} {{ r_sstat.stat.mode }} {{ r_sfind.files[0].mode }}"
`;
    const r = await runBoth(fleet(), { hosts: 1, playbook: play });
    same(r);
    expectSame(r);
    expect(r.ansible.stdout).toContain('"_uses_shell": true');
  }, 120_000);
});
