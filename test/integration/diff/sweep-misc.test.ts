/**
 * Parity sweep against ansible-playbook 2.14: free-form arguments (chdir/creates, quoted
 * content), argv, loops with failing items, set_fact accumulating across items, until per
 * item, failed_when false, handlers notified from loops, no_log, include_tasks with when,
 * meta end_host, check_mode per task, registered skipped loops, debug var forms; at default
 * verbosity and -v.
 * Whole normalised stdout, exit code and files written must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const INC = `- name: included task
  debug: msg="included on {{ inventory_hostname }}"
`;

const MISC = `- name: misc keywords
  hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    pkgs: [nginx, curl, git]
  tasks:
    - name: mkdir with free-form
      file: path={{ d }} state=directory mode=0755
    - name: shell with chdir and creates
      shell: echo made > made.txt chdir={{ d }} creates={{ d }}/made.txt
    - name: again is skipped by creates
      shell: echo made > made.txt chdir={{ d }} creates={{ d }}/made.txt
    - name: command with argv
      command:
        argv: [echo, "a b", c]
      register: argv_out
      changed_when: false
    - name: copy with quoted content
      copy: content="line one\\nline 'two'\\n" dest={{ d }}/quoted.txt mode=0600
    - name: loop failing item ignored and registered
      command: "test {{ item }} -gt 1"
      loop: [1, 2, 3]
      register: cmp
      ignore_errors: true
    - name: which items failed
      debug: msg="{{ cmp.results | selectattr('failed') | map(attribute='item') | list }} {{ cmp is failed }}"
    - name: set_fact in a loop accumulates
      set_fact:
        acc: "{{ (acc | default([])) + [item | upper] }}"
      loop: "{{ pkgs }}"
    - name: show acc
      debug: var=acc
    - name: debug var is templated first, then looked up
      debug: var="{{ 'acc' }}"
    - name: debug var with a filter, an attribute, an undefined name
      debug: var={{ item }}
      loop: ["pkgs | length", "pkgs.0", "nosuch", "nosuch.x"]
    - name: debug var that templates to a list is keyed by its type
      debug:
        var: "{{ pkgs }}"
    - name: loop with until per item
      shell: "echo {{ item }}"
      loop: [x, y]
      register: per
      until: per.rc == 0
      retries: 2
      delay: 0
      changed_when: false
    - name: failed_when false never fails
      command: /bin/false
      failed_when: false
    - name: notify from loop
      command: echo {{ item }}
      loop: [1, 2]
      notify: loop handler
    - name: no_log on failing task
      command: /bin/false
      no_log: true
      ignore_errors: true
    - name: no_log loop with a failure
      command: "{{ item }}"
      loop: [/bin/true, /bin/false]
      no_log: true
      ignore_errors: true
    - name: include with when
      include_tasks: inc.yml
      when: inventory_hostname != groups.fleet[0]
    - name: end one host
      meta: end_host
      when: inventory_hostname == groups.fleet[2]
    - name: after end_host
      debug: msg="still here"
    - name: check_mode yes per task
      copy: content=x dest={{ d }}/checked.txt
      check_mode: yes
      register: cm
    - name: check result
      debug: msg="{{ cm.changed }} {{ ansible_check_mode }}"
    - name: register skipped loop items
      debug: msg="{{ item }}"
      loop: [1, 2]
      when: item > 5
      register: sk
    - name: skipped loop registration
      debug: msg="{{ sk.skipped }} {{ sk.results | length }} {{ sk.results[0].skip_reason | default('') }}"
  handlers:
    - name: loop handler
      debug: msg="handler ran once"
`;

const HOSTVARS = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: each host sets a fact
      set_fact:
        my_id: "id-{{ inventory_hostname }}"
    - name: read all facts via hostvars
      debug: msg="{{ groups['fleet'] | map('extract', hostvars, 'my_id') | list }}"
    - name: run_once loop
      command: echo {{ item }}
      loop: "{{ groups['fleet'] }}"
      run_once: true
      changed_when: false
    - name: register on one host read by others
      command: hostname
      register: hn
      changed_when: false
      when: inventory_hostname == groups.fleet[0]
    - name: others read it
      debug: msg="{{ hostvars[groups.fleet[0]].hn.rc }} {{ hostvars[inventory_hostname].hn.skipped | default(false) }}"
    - name: string conditions
      debug: msg=x
      when: "'yes'"
    - name: literal true string
      debug: msg=y
      when: "True"
    - name: int condition
      debug: msg=z
      when: 0
    - name: delegated to another inventory host
      command: echo hi
      delegate_to: "{{ groups.fleet[1] }}"
      register: dres
      changed_when: false
      when: inventory_hostname == groups.fleet[0]
    - name: registered delegated result
      debug: var=dres
      when: inventory_hostname == groups.fleet[0]
`;

const INCLUDE_VARS = `- hosts: fleet
  gather_facts: false
  tasks:
    - include_vars: dir=vars
      ignore_errors: true
    - include_vars: dir=vars ignore_unknown_extensions=true
      register: r2
    - debug: msg="{{ a }} {{ b }} {{ c }} {{ r2.ansible_included_var_files | map('basename') | list }}"
    - include_vars:
        dir: vars
        ignore_files: [notes.txt]
        depth: 1
        name: scoped
    - debug: var=scoped
    - include_vars: dir=vars files_matching="^a" ignore_unknown_extensions=yes
      register: r3
    - debug: msg="{{ r3.ansible_facts }}"
    - include_vars: dir=nosuch
      ignore_errors: true
    - include_vars: file=bad/list.yml
      ignore_errors: true
    - include_vars: file=missing.yml
      ignore_errors: true
    - include_vars: dir=vars file=x.yml
      ignore_errors: true
    - include_vars: dir=vars bogus=1
      ignore_errors: true
    - set_fact:
        cfg: {a: 1, nested: {x: 1}}
    - include_vars: { file: cfg.yml, hash_behaviour: merge }
    - name: set_fact outranks include_vars, here and through hostvars on another worker
      debug: msg="{{ cfg }} {{ hostvars[groups.fleet[1]].cfg }} {{ hostvars[groups.fleet[2]].scoped }}"
`;

const INCLUDE_VARS_FILES = {
  'vars/a.yml': 'a: 1\n',
  'vars/b.json': 'b: 2\na: 0\n',
  'vars/notes.txt': 'junk\n',
  'vars/sub/c.yaml': 'c: 3\n',
  'bad/list.yml': '- 1\n',
  'cfg.yml': 'cfg:\n  b: 2\n  nested: {y: 2}\n',
};

const FATAL_SERIAL = `- hosts: fleet
  gather_facts: false
  tasks:
    - fail: msg=x
      when: inventory_hostname == 'node002'
- hosts: fleet
  gather_facts: false
  serial: 2
  any_errors_fatal: true
  tasks:
    - command: /bin/false
      when: inventory_hostname == 'node001'
    - debug: msg=y
- hosts: all
  gather_facts: false
  tasks:
    - debug: msg=third
`;

describe('sweep: task keywords', () => {
  const fleet = ownFleet(3);

  // At -v only: its output holds every line the plain run prints, plus each result.
  for (const args of [['-v']]) {
    it(
      `free-form args, loops with failures, set_fact in loops, no_log, end_host ${args.join(' ')}`,
      async () => {
        expectSame(await runBoth(fleet(), { playbook: MISC, files: { 'inc.yml': INC }, args }));
      },
      SLOW,
    );
  }

  it(
    'include_vars: dir (depth, files_matching, ignore_files, extensions), name, hash_behaviour, and its failures',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: INCLUDE_VARS, files: INCLUDE_VARS_FILES }));
    },
    SLOW,
  );

  it(
    'hostvars across hosts (extract, registered skips), run_once loops, delegate_to an inventory host, literal conditions',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: HOSTVARS }));
    },
    SLOW,
  );

  // PlaybookExecutor stops the serial batches only when every host of a batch failed in it:
  // a host that failed in an earlier play keeps any_errors_fatal from ending the batches, so
  // the next batch still runs, and the playbook stops after the play.
  it(
    'any_errors_fatal with serial when a batch holds a host that failed earlier',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: FATAL_SERIAL }));
    },
    SLOW,
  );
});
