/**
 * The module cases the differential suite runs against Ansible (modules.test.ts), shared
 * with the test that runs them through both of flotilla's module forms (module-forms.test.ts).
 *
 * Each playbook runs its task file twice in one run (two plays, `pass` 1 and 2): the second
 * pass records which of its tasks reported `changed` in `changed-2.txt`.
 */
import { dumpTasks, PRELUDE } from './modules-compare.js';

export const TWO_PASSES = (file: string) => `- hosts: fleet
  gather_facts: false
  vars: { d: "{{ root }}/{{ inventory_hostname }}", pass_no: 1 }
  tasks:
    - import_tasks: ${file}
- hosts: fleet
  gather_facts: false
  vars: { d: "{{ root }}/{{ inventory_hostname }}", pass_no: 2 }
  tasks:
    - import_tasks: ${file}
`;

/** Writes `changed-<pass>.txt`: the names of the registered results that changed. */
export const CHANGED_REPORT = (names: string[]) => `- copy:
    dest: "{{ d }}/changed-{{ pass_no }}.txt"
    content: "{% for k, v in {${names.map((n) => `'${n}': ${n}`).join(', ')}}.items() | sort %}{% if v.changed %}{{ k }} {% endif %}{% endfor %}\\n"
`;

export const FILE_TASKS = `- file: { path: "{{ d }}/sub", state: directory, mode: "0750" }
  register: r_dir
- lineinfile: { path: "{{ d }}/li.txt", line: "first", create: true, mode: "0644" }
  register: r_li1
- lineinfile: { path: "{{ d }}/li.txt", regexp: "^b=", line: "b=2" }
  register: r_li2
- lineinfile: { path: "{{ d }}/li.txt", regexp: "^a=", line: "a=10", insertbefore: BOF }
  register: r_li3
- lineinfile: { path: "{{ d }}/li.txt", line: "# head", insertbefore: BOF }
  register: r_li4
- lineinfile: { path: "{{ d }}/li.txt", regexp: "^nothere", state: absent }
  register: r_li5
- blockinfile:
    path: "{{ d }}/bl.txt"
    create: true
    marker: "# {mark} MANAGED"
    block: |
      x=1
      y=2
  register: r_bl1
- blockinfile:
    path: "{{ d }}/bl.txt"
    marker: "<!-- {mark} two -->"
    insertbefore: BOF
    block: "first"
  register: r_bl2
- copy: { dest: "{{ d }}/rep.txt", content: "foo bar foo\\nkeep\\n", mode: "0600", force: false }
  register: r_cp
- replace: { path: "{{ d }}/rep.txt", regexp: "\\\\bfoo\\\\b", replace: "baz" }
  register: r_rep
- replace: { path: "{{ d }}/rep.txt", regexp: "^(k)eep$", replace: "\\\\1ept" }
  register: r_rep2
- copy: { dest: "{{ d }}/secret.txt", content: "s3cret\\n", mode: "0400" }
  register: r_secret
- copy: { src: tree, dest: "{{ d }}/copied" }
  register: r_tree
- copy: { src: tree/, dest: "{{ d }}/flat/", mode: "0640" }
  register: r_tree2
- template: { src: t.j2, dest: "{{ d }}/t-{{ item }}.txt", mode: "0640" }
  loop: [one, two]
  register: r_tpl
- file: { path: "{{ d }}/touched", state: touch, mode: "0600", modification_time: preserve, access_time: preserve }
  register: r_touch
- file: { path: "{{ d }}/plain-touch", state: touch }
- file: { src: "{{ d }}/li.txt", dest: "{{ d }}/link", state: link }
  register: r_link
- copy: { dest: "{{ d }}/gone", content: "x" }
  when: pass_no == 1
- file: { path: "{{ d }}/gone", state: absent }
  register: r_absent
- file: { path: "{{ d }}/sub/deep/er", state: directory }
- file: { path: "{{ d }}/sub/deep", mode: "0700" }
  register: r_mode
- stat: { path: "{{ d }}/li.txt" }
  register: st
- stat: { path: "{{ d }}/nope" }
  register: st2
- stat: { path: "{{ d }}/link" }
  register: st3
- slurp: { src: "{{ d }}/bl.txt" }
  register: sl
- fetch: { src: "{{ d }}/li.txt", dest: "{{ root }}/fetched-{{ inventory_hostname }}.txt", flat: true }
  register: r_fetch
- fetch: { src: "{{ d }}/nope", dest: "{{ root }}/nope-{{ inventory_hostname }}", flat: true, fail_on_missing: false }
- find: { paths: "{{ d }}", patterns: "*.txt" }
  register: fd
- find: { paths: "{{ d }}", file_type: directory, recurse: true }
  register: fd2
- find: { paths: "{{ d }}", contains: "^x=", patterns: "*.txt" }
  register: fd3
- copy:
    dest: "{{ d }}/facts-{{ pass_no }}.txt"
    content: |
      stat {{ st.stat.exists }} {{ st.stat.isdir }} {{ st.stat.isreg }} {{ st.stat.mode }} {{ st.stat.size }} {{ st.stat.path | basename }}
      stat2 {{ st2.stat.exists }}
      link {{ st3.stat.islnk }} {{ st3.stat.lnk_source | basename }}
      slurp {{ sl.encoding }} {{ sl.content | b64decode | trim }}
      find {{ fd.matched }} {{ fd.files | map(attribute='path') | map('basename') | sort | join(',') }}
      find2 {{ fd2.matched }} {{ fd2.files | map(attribute='path') | map('basename') | sort | join(',') }}
      find3 {{ fd3.files | map(attribute='path') | map('basename') | join(',') }}
      tpl {{ r_tpl.results | map(attribute='changed') | list }}
${CHANGED_REPORT(['r_dir', 'r_li1', 'r_li2', 'r_li3', 'r_li4', 'r_li5', 'r_bl1', 'r_bl2', 'r_cp', 'r_rep', 'r_rep2', 'r_secret', 'r_tree', 'r_tree2', 'r_tpl', 'r_touch', 'r_link', 'r_absent', 'r_mode', 'r_fetch'])}`;

export const OTHER_TASKS = `- file: { path: "{{ d }}", state: directory }
- script: "s.sh {{ d }} {{ inventory_hostname }}"
  args: { creates: "{{ d }}/script.txt" }
  register: r_script
- wait_for: { path: "{{ d }}/script.txt", timeout: 5 }
  register: r_wait
- wait_for: { path: "{{ d }}/script.txt", search_regex: "from node", timeout: 5 }
- assert:
    that: ["r_wait is not failed", "1 == 1"]
    success_msg: fine
- assert:
    that: ["1 == 2"]
    fail_msg: "not equal"
  ignore_errors: true
  register: r_assert
- fail: { msg: "boom {{ inventory_hostname }}" }
  ignore_errors: true
  register: r_fail
- set_fact: { n: "{{ (n | default(0) | int) + 1 }}" }
  until: n is defined and n | int >= 1
  retries: 2
  delay: 0
  register: r_sf
  ignore_errors: true
- shell: "echo -n x >> {{ d }}/until-{{ pass_no }}.txt; cat {{ d }}/until-{{ pass_no }}.txt"
  register: u
  until: u.stdout | length >= 2
  retries: 4
  delay: 0
  changed_when: false
- copy:
    dest: "{{ d }}/results-{{ pass_no }}.txt"
    content: |
      script {{ r_script.changed }} {{ r_script.rc | default('-') }} {{ r_script.stdout | default('') | trim }}
      assert {{ r_assert.failed }} {{ r_assert.msg }}
      fail {{ r_fail.failed }} {{ r_fail.msg }}
      n {{ n | default('-') }} {{ r_sf is failed }} {{ r_sf.attempts | default('-') }}
      until {{ u.attempts }} {{ u.stdout }}
${CHANGED_REPORT(['r_script', 'r_wait'])}`;

/** The file and text modules, twice. */
export const FILE_CASE = {
  hosts: 2,
  playbook: TWO_PASSES('files.yml'),
  files: {
    'files.yml': FILE_TASKS,
    'tree/a.txt': 'A\n',
    'tree/sub/b.txt': 'B\n',
    'templates/t.j2': '{{ item }} on {{ inventory_hostname }}\n',
  },
};

/** script, wait_for, assert/fail, set_fact and shell with until, twice. */
export const OTHER_CASE = {
  hosts: 2,
  playbook: TWO_PASSES('other.yml'),
  files: {
    'other.yml': OTHER_TASKS,
    's.sh': '#!/bin/sh\necho "from $2" > "$1/script.txt"\necho ran\n',
  },
};

/**
 * Registered results of the file and text modules (modules-more.test.ts), written to files
 * with volatile keys dropped: run normally and with --check.
 */
export const RESULT_TASKS = `    - file: { path: "{{ d }}", state: directory }
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
const RESULT_NAMES = ['r_copysame', 'r_dir', 'r_mode', 'r_touch', 'r_li', 'r_bl', 'r_rep'];
// copy content= and template: Ansible's `src` is its per-run upload path on the host
export const RESULTS_PLAY = `${PRELUDE}  tasks:
${RESULT_TASKS}${dumpTasks(RESULT_NAMES)}${dumpTasks(['r_copy', 'r_tpl'], ['src'])}    - copy:
        dest: "{{ d }}/more.json"
        content: "{{ {'stat': r_stat.stat | dict2items | rejectattr('key', 'in', volatile) | items2dict, 'slurp': r_slurp, 'fetch': r_fetch | dict2items | rejectattr('key', 'in', volatile) | items2dict, 'wait': r_wait | dict2items | rejectattr('key', 'in', volatile + ['elapsed']) | items2dict, 'find': r_find.files | map('dict2items') | map('rejectattr', 'key', 'in', volatile) | map('items2dict') | sort(attribute='path') | list, 'find_keys': r_find.keys() | sort | list } | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`;
export const RESULTS_FILES = { 'templates/t.j2': 'hello {{ inventory_hostname }}\n' };
