/**
 * Module results against ansible-playbook 2.14, continued from modules-more.test.ts (split so
 * the two run in parallel): user/group, apt/package, results printed at -v, argument errors,
 * lineinfile/blockinfile diffs and modes, and the invocation loop items keep.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { dumpTasks, PRELUDE, same } from './modules-compare.js';
import { expectSame } from './sweep-compare.js';

describe('same as ansible-playbook: module results', () => {
  const fleet = ownFleet(2);

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
    - name: command warns that it does not use executable
      command: ls /dev/null
      args: { executable: /bogus }
    - name: shell with a missing executable fails as Popen does
      shell: echo $0
      args: { executable: ~/../bin/no-such-sh }
      ignore_errors: true
    - name: warn is no longer a command parameter in 2.14
      command: echo hi
      args: { warn: false }
      ignore_errors: true
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

  it('command warns about executable and ignores it; chdir through a symlink is the physical dir', async () => {
    const r = await runBoth(fleet(), {
      hosts: 1,
      playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}/real", state: directory }
    - file: { path: "{{ d }}/link", src: "{{ d }}/real", state: link }
    - command: echo hi
      args: { executable: /bogus }
      register: exe
    - shell: basename "$PWD"; pwd -L | xargs basename
      args: { chdir: "{{ d }}/link" }
      register: sym
    - command: pwd
      args: { chdir: "{{ d }}/link" }
      register: cmd
    - debug: msg="{{ exe.warnings }} {{ exe.stdout }} {{ sym.stdout_lines }} {{ cmd.stdout | basename }}"
`,
    });
    expectSame(r);
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
  // written, so the message says so; and the diff is printed only in diff mode. An empty
  // regexp or search_string matches every line, with the module's warning (failed or not).
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
    - lineinfile: { path: "{{ d }}/conf", regexp: '', line: 'last=1' }
      register: r6
    - lineinfile: { path: "{{ d }}/conf", search_string: '', line: 'last=2' }
      register: r7
    - lineinfile: { path: "{{ d }}/missing", regexp: '', line: x }
      register: r8
      ignore_errors: true
    - debug: { msg: "{{ [r1, r2, r3, r4, r5, r6, r7, r8] | to_json | replace(root, '<root>') }}" }
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

  // find's depth: os.walk counts the entries of every directory it enters (examined), one
  // level deeper than the entries that can match.
  it('find: matched and examined with depth, recurse and file types', async () => {
    const play = `${PRELUDE}  tasks:
    - file: { path: "{{ d }}/{{ item }}", state: directory }
      loop: [s1/s2/s3, x/y]
    - copy: { dest: "{{ d }}/{{ item }}", content: "z" }
      loop: [a, s1/b, s1/s2/c, s1/s2/s3/e, x/y/f]
    - find: { paths: "{{ d }}", recurse: true, file_type: any, depth: "{{ item }}" }
      loop: [1, 2, 3, 0]
      register: by_depth
    - find: { paths: "{{ d }}", recurse: false, file_type: any, depth: 2 }
      register: flat
    - find: { paths: "{{ d }}", recurse: true, file_type: directory, depth: 2 }
      register: dirs
    - debug: { msg: "{{ (by_depth.results + [flat, dirs]) | map(attribute='matched') | list }} {{ (by_depth.results + [flat, dirs]) | map(attribute='examined') | list }}" }
`;
    const r = await runBoth(fleet(), { hosts: 1, playbook: play });
    expectSame(r);
    expect(r.ansible.stdout).toContain('"msg": "[3, 6, 9, 10, 3, 4] [6, 9, 10, 10, 3, 9]"');
  }, 120_000);

  // get_checksum: module.sha1 of each regular file matched; directories (file_type any) get none.
  it('find: get_checksum for regular files only, with odd names', async () => {
    const play = `${PRELUDE}  tasks:
    - file: { path: "{{ d }}/sub dir", state: directory }
    - copy: { dest: "{{ d }}/{{ item.n }}", content: "{{ item.c }}" }
      loop: [{ n: "a b.txt", c: "hello world\\n" }, { n: 'back\\slash', c: "" }, { n: "sub dir/in", c: "x" }]
    - find: { paths: "{{ d }}", file_type: any, get_checksum: true, recurse: true }
      register: any
    - find: { paths: "{{ d }}", get_checksum: true, size: 1 }
      register: big
    - debug: { msg: "{{ (any.files + big.files) | map(attribute='path') | map('basename') | zip((any.files + big.files) | map(attribute='checksum', default='-')) | sort | list }}" }
`;
    const r = await runBoth(fleet(), { hosts: 1, playbook: play });
    expectSame(r);
    expect(r.ansible.stdout).toContain('"22596363b3de40b06f981fb85d82312e8c0ed511"');
  }, 120_000);

  // file's times go through strptime('%Y%m%d%H%M.%S'), which takes one-digit fields.
  it('file state=touch with modification_time and access_time stamps', async () => {
    const play = `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
    - file: { path: "{{ d }}/t", state: touch, modification_time: "202001011200.0", access_time: "201912312359.59" }
      register: r1
    - stat: { path: "{{ d }}/t" }
      register: st
    - debug: { msg: "{{ r1.changed }} {{ st.stat.mtime | int }} {{ st.stat.atime | int }}" }
    # A whole-second time is still Python's float (1577880000.0), in stat and find alike.
    - find: { paths: "{{ d }}", patterns: t }
      register: found
    - debug: { msg: "{{ st.stat.mtime }} {{ st.stat.mtime is float }} {{ found.files[0].mtime }} {{ found.files[0].atime is float }}" }
`;
    const r = await runBoth(fleet(), { hosts: 1, playbook: play });
    expectSame(r);
    expect(r.flotilla.code).toBe(0);
    expect(r.flotilla.stdout).toMatch(/"msg": "\d+\.0 True \d+\.0 True"/);
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
