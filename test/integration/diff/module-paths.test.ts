/**
 * Differential tests against ansible-playbook 2.14 for what AnsibleModule and the file
 * module do to paths and results whatever the module: `type='path'` options expanded on the
 * host (~, ~user, $VAR from the task's environment), find's own expansion and its skipped
 * paths, a trailing slash kept as written, and the file module's `diff` (path_content of a
 * removed directory included) in every registered result, --diff or not.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { KEYS_PRELUDE } from './keys-cases.js';
import { dumpTasks, same } from './modules-compare.js';

const RESULTS = [
  'p_touch',
  'p_copy',
  'p_line',
  'p_home',
  'p_nouser',
  'p_find',
  'p_unset',
  'p_check',
  'p_absent',
  'p_retouch',
  'p_dir',
  'p_onfile',
];

// Every touch preserves both times: a touch's diff would carry them otherwise. The tree is
// made for real in --check runs too.
const KEEP = 'modification_time: preserve, access_time: preserve';

const PLAY = `${KEYS_PRELUDE}  environment:
    FLT_DIR: "{{ d }}"
  tasks:
    - file: { path: "{{ d }}/tree/sub/deeper", state: directory }
      check_mode: false
    - file: { path: "{{ d }}/tree/sub/f1", state: touch, ${KEEP} }
      check_mode: false
    - file: { path: "{{ d }}/tree/a", state: touch, ${KEEP} }
      check_mode: false
    - file: { path: "{{ d }}/tree/ldir", state: link, src: sub }
      check_mode: false
    - file: { path: "$FLT_DIR/tree/zz/in", state: directory }
      check_mode: false
    - file: { path: "$FLT_DIR/a", state: touch, ${KEEP} }
      register: p_touch
    - copy: { dest: "\${FLT_DIR}/b.txt", content: "hi\\n" }
      register: p_copy
      check_mode: false
    - lineinfile: { path: "$FLT_DIR/b.txt", line: "more" }
      register: p_line
    - stat: { path: "~root", get_checksum: false }
      register: p_home
    - stat: { path: "~nosuchuser-flt/x" }
      register: p_nouser
    - find: { paths: ["$FLT_DIR", "$FLT_DIR/missing", "~nosuchuser-flt"], patterns: ["b.txt"] }
      register: p_find_all
    - set_fact:
        p_find: "{{ p_find_all | dict2items | rejectattr('key', 'eq', 'files') | items2dict | combine({'paths': p_find_all.files | map(attribute='path') | list}) }}"
    - file: { path: "$FLT_DIR/$NOPE_FLT", state: touch, ${KEEP} }
      register: p_unset
    - file: { path: "{{ d }}/tree/", state: absent }
      check_mode: true
      register: p_check
    - file: { path: "{{ d }}/tree/", state: absent }
      register: p_absent
    - file: { path: "{{ d }}/a", state: touch, ${KEEP} }
      register: p_retouch
    - file: { path: "{{ d }}/dir2/", state: directory }
      register: p_dir
    - file: { path: "{{ d }}/dir2/", state: file }
      register: p_onfile
      ignore_errors: true
${dumpTasks(RESULTS, ['src'])}`;

describe('same as ansible-playbook: paths and file results', () => {
  const fleet = ownFleet(1);

  it.each([
    ['normal', []],
    ['--check', ['--check']],
  ])(
    'path options expanded on the host, find skipping, trailing slashes, file diffs: %s',
    async (_name, args) => {
      const r = await runBoth(fleet(), { hosts: 1, playbook: PLAY, args });
      same(r);
      if (args.length === 0) {
        const dump = r.ansible.files['node001/p_touch.json'] ?? '';
        expect(dump).toContain('"path": "<root>/node001/a"');
        expect(dump).toContain('"path_content"');
        expect(dump).toContain('is not a directory');
      }
    },
    180_000,
  );
});
