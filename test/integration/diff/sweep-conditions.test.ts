/**
 * Parity sweep against ansible-playbook 2.14: conditionals, result conditions, until, registered results and the error texts of failing conditions and undefined variables. Whole normalised stdout, exit code
 * and files written must match (see sweep-compare.ts for what is normalised).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const CONDITIONS = `- name: conditionals and results
  hosts: fleet
  gather_facts: true
  vars:
    enabled: yes
    disabled: no
    empty: ''
    word_yes: 'yes'
    word_no: 'no'
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - name: facts-driven
      debug: msg="linux {{ ansible_facts['system'] }}"
      when: ansible_system == 'Linux' and ansible_facts.os_family is defined
    - name: list when (AND)
      debug: msg=both
      when:
        - enabled
        - inventory_hostname != 'nope'
    - name: bare false var
      debug: msg=never
      when: disabled
    - name: string yes
      debug: msg=yes-string
      when: word_yes | bool
    - name: string no
      debug: msg=no-string
      when: word_no | bool
    - name: not empty
      debug: msg=empty-skipped
      when: empty
    - name: is defined
      debug: msg=defined
      when: missing_var is defined
    - name: is undefined with default
      debug: msg="{{ missing_var | default('dflt') }}"
      when: missing_var is undefined
    - name: a skipped task registers
      command: echo hi
      register: skipped_reg
      when: false
    - name: show the skipped registration
      debug: var=skipped_reg
    - name: is skipped
      debug: msg="was skipped"
      when: skipped_reg is skipped
    - name: changed_when false
      command: echo hello
      register: hello
      changed_when: false
    - name: changed_when on output
      command: echo CHANGED
      register: c2
      changed_when: "'CHANGED' in c2.stdout"
    - name: failed_when list (AND)
      command: echo some error here
      register: fw
      failed_when:
        - "'error' in fw.stdout"
        - fw.rc != 0
    - name: failed_when true ignored
      shell: exit 3
      register: fw2
      failed_when: fw2.rc == 3
      ignore_errors: true
    - name: after ignore
      debug: msg="failed={{ fw2 is failed }} rc={{ fw2.rc }} succeeded={{ fw2 is succeeded }}"
    - name: ignore_errors + register + is failed
      command: /bin/false
      register: bad
      ignore_errors: yes
    - name: react to failure
      debug: msg="bad failed={{ bad is failed }} changed={{ bad is changed }}"
      when: bad is failed
    - name: make dir
      file: path={{ d }} state=directory
    - name: until met at once
      shell: "echo x >> {{ d }}/count; wc -l < {{ d }}/count"
      register: cnt
      until: cnt.stdout | int >= 1
      retries: 5
      delay: 0
    - name: show attempts
      debug: msg="attempts {{ cnt.attempts }} stdout {{ cnt.stdout }}"
    - name: retries zero runs once unchecked
      command: echo no
      register: never
      until: never.stdout == 'yes'
      retries: 0
    - name: result of unchecked until
      debug: msg="{{ never.attempts | default('none') }} {{ never is failed }}"
    - name: until runs out, but a false failed_when shows it ok (TaskResult.is_failed)
      command: echo out
      register: out
      until: 1 == 0
      retries: 1
      delay: 0
      failed_when: out.attempts > 6
      run_once: true
    - name: the same in a loop
      command: echo out
      register: outs
      until: 1 == 0
      retries: 1
      delay: 0
      failed_when: outs.attempts > 6
      loop: [1]
      run_once: true
    - debug: msg="{{ out is failed }} {{ outs is failed }} {{ out.attempts }}"
    - name: set_fact cacheable
      set_fact:
        fact_one: "{{ inventory_hostname | upper }}"
        cacheable: yes
    - name: set_fact plain
      set_fact: fact_two={{ fact_one }}-x  n=5
    - name: typed set_fact
      debug: msg="{{ n | int + 1 }} {{ fact_two }} {{ n }}"
    - name: var in when with jinja delimiters
      debug: msg=templated-when
      when: "{{ enabled }}"
    - name: undefined in when
      debug: msg=x
      when: totally_undefined_var == 3
      ignore_errors: true
    - name: undefined bare
      debug: msg=y
      when: totally_undefined_var
      ignore_errors: true
    - name: int and string compare
      debug: msg="{{ '5' == 5 }} {{ 5 > 3 }}"
    - name: check_mode no per task
      command: echo real
      check_mode: no
      changed_when: false
    - name: diff no per task
      copy: dest={{ d }}/nodiff.txt content="x"
      diff: no
`;

const ERRORS = `- hosts: fleet
  gather_facts: false
  vars:
    lst: [1, 2]
  tasks:
    - name: undefined in debug msg
      debug: msg="{{ nope }}"
      ignore_errors: true
    - name: undefined in command
      command: echo {{ nope2 }}
      ignore_errors: true
    - name: undefined attribute
      debug:
        msg: "{{ lst.foo }}"
      ignore_errors: true
    - name: undefined in loop
      debug: msg={{ item }}
      loop: "{{ nope3 }}"
      ignore_errors: true
    - name: undefined dict key
      debug:
        msg: "{{ {'a': 1}['nokey'] }}"
      ignore_errors: true
    - name: undefined in failed_when
      command: echo x
      failed_when: nope4 == 1
      ignore_errors: true
    - name: undefined in changed_when
      command: echo x
      changed_when: nope5
      ignore_errors: true
    - name: loop items skip when undefined
      debug: msg={{ item }}
      loop: [1]
      when: item.x == 1
      ignore_errors: true
    - name: undefined defined test
      debug: msg=ok
      when: nope6 is not defined and nope7 is undefined
    - name: undefined var debug
      debug: var=nope8
    - name: label undefined
      command: echo x
      loop: [1]
      loop_control:
        label: "{{ nope9 }}"
      ignore_errors: true
    - name: undefined in until
      command: echo x
      until: nope10
      retries: 1
      delay: 0
      ignore_errors: true
`;

describe('sweep: conditions and task errors', () => {
  const fleet = ownFleet(3);

  it(
    'when (lists, bare vars, yes/no strings, defined tests), changed_when/failed_when, until, set_fact, check_mode/diff per task',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: CONDITIONS }));
    },
    SLOW,
  );

  it(
    'undefined variables in args, loop, when, failed_when, changed_when, until, loop_control.label',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: ERRORS }));
    },
    SLOW,
  );
});
