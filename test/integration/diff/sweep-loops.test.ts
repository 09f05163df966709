/**
 * Parity sweep against ansible-playbook 2.14: every loop form (with_* lookups, loop_control, registered loops). Whole normalised stdout, exit code
 * and files written must match (see sweep-compare.ts for what is normalised).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const LOOP_INDEX_TASKS = `- debug: msg="{{ item }} {{ my_idx }} {{ ansible_loop.index }}"
`;

const LOOPS = `- name: loops of every kind
  hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    users:
      alice: { uid: 1001, shell: /bin/bash }
      bob: { uid: 1002, shell: /bin/sh }
    groups_list:
      - name: admins
        members: [alice, bob]
      - name: devs
        members: [carol]
  tasks:
    - name: make dir
      file: path={{ d }} state=directory mode=0755
    - name: with_dict
      debug: msg="{{ item.key }} has uid {{ item.value.uid }}"
      with_dict: "{{ users }}"
    - name: dict2items
      copy:
        dest: "{{ d }}/{{ item.key }}.user"
        content: "{{ item.value.shell }}\\n"
      loop: "{{ users | dict2items }}"
      loop_control:
        label: "{{ item.key }}"
    - name: with_together
      debug: msg="{{ item.0 }}-{{ item.1 }}"
      with_together:
        - [a, b, c]
        - [1, 2]
    - name: with_sequence
      debug: msg="seq {{ item }}"
      with_sequence: start=1 end=3 format=host%02d
    - name: with_sequence count
      debug: var=item
      with_sequence: count=2
    - name: with_nested
      debug: msg="{{ item[0] }}/{{ item[1] }}"
      with_nested:
        - [x, y]
        - [1, 2]
    - name: with_subelements
      debug: msg="{{ item.0.name }} <- {{ item.1 }}"
      with_subelements:
        - "{{ groups_list }}"
        - members
    - name: with_items flattens
      debug: msg="{{ item }}"
      with_items:
        - [1, 2]
        - 3
    - name: index_var and extended
      debug: msg="{{ idx }} {{ ansible_loop.first }} {{ ansible_loop.last }} {{ ansible_loop.length }} {{ ansible_loop.revindex }}"
      loop: [p, q, r]
      loop_control:
        index_var: idx
        extended: true
    - name: included tasks see the index var and the extended loop
      include_tasks: loop-index.yml
      loop: [s, t]
      loop_control:
        index_var: my_idx
        extended: true
    - name: loop_var
      debug: msg="{{ outer }}"
      loop: [m, n]
      loop_control:
        loop_var: outer
        pause: 0
    - name: register over a loop
      command: echo {{ item }}
      loop: [one, two]
      register: echoes
      changed_when: false
    - name: show registered loop
      debug: msg="{{ echoes.results | map(attribute='stdout') | list }}"
    - name: loop over inventory_hostnames
      debug: msg="{{ item }} is {{ hostvars[item].ansible_host }}"
      with_inventory_hostnames: all:!node002
      run_once: true
    - name: loop over a group
      debug: msg="{{ hostvars[item].inventory_hostname }}"
      loop: "{{ groups['fleet'] }}"
      when: item != inventory_hostname
    - name: groups and play_hosts
      debug: msg="{{ groups['fleet'] | length }} {{ play_hosts | length }} {{ ansible_play_batch | length }} {{ ansible_play_hosts_all | length }}"
    - name: with_items of dicts with no_log
      debug: msg="{{ item.n }}"
      loop: [{ n: 1 }, { n: 2 }]
      no_log: true
    - name: loop with when on item
      debug: msg="{{ item }}"
      loop: [1, 2, 3, 4]
      when: item is even
    - name: lookup items
      debug: msg="{{ item }}"
      loop: "{{ lookup('items', [5, 6], wantlist=True) }}"
    - name: range loop
      debug: msg="r{{ item }}"
      loop: "{{ range(0, 3) | list }}"
    - name: with_indexed_items
      debug: msg="{{ item.0 }}={{ item.1 }}"
      with_indexed_items: [a, b]
    - name: empty loop
      debug: msg=never
      loop: []
`;

// The aggregate a loop registers: its keys and their order (skipped always present, changed
// last when nothing changed), for all-skipped, empty, changed and partly failed loops.
const AGGREGATES = `- hosts: fleet
  gather_facts: false
  tasks:
    - command: echo {{ item }}
      loop: [1, 2]
      when: false
      register: a
    - command: echo {{ item }}
      loop: []
      register: b
    - command: echo {{ item }}
      loop: [1, 2]
      when: item == 2
      register: c
    - shell: exit {{ item }}
      loop: [0, 1]
      register: e
      ignore_errors: true
    - debug: msg="{{ a }}"
    - debug: msg="{{ b }}"
    - debug: msg="{{ c | dict2items | rejectattr('key', 'eq', 'results') | items2dict }} {{ c.skipped }}"
    - debug: msg="{{ e | dict2items | rejectattr('key', 'eq', 'results') | items2dict }}"
`;

/**
 * A with_ loop's items are data (wrap_var): a rendered "{{ '{{' }} … }}" or a value read from
 * a file is never templated again, in the item, its label or what uses it. A loop: item is
 * not: it renders where it is used, and its default label is templated too.
 */
const ITEMS_AS_DATA = `- hosts: fleet
  gather_facts: false
  vars:
    v: '1.0'
    held: ["x{{ '{{' }} v }}"]
  tasks:
    - copy: { dest: "{{ root }}/{{ inventory_hostname }}.j2", content: "{{ '{{' }} lookup('env', 'HOME') }}" }
      delegate_to: localhost
    - debug: msg="{{ item }}"
      with_items: ["{{ '{{' }} 1 + 1 }}", "{{ '{{' }} v }}"]
    - debug: msg="{{ item }}"
      with_list: "{{ held }}"
    - debug: msg="{{ item }}"
      with_file: ["{{ root }}/{{ inventory_hostname }}.j2"]
    - debug: msg="{{ item }}"
      loop: ["{{ '{{' }} 1 + 1 }}"]
    - set_fact: { from_item: "{{ item }} {{ v }}" }
      with_items: ["{{ '{{' }} v }}"]
    - debug: msg="{{ from_item }}"
    - debug: msg="{{ item.0 }} {{ item.1 }}"
      with_together: [["{{ '{{' }} v }}"], [2]]
`;

describe('sweep: loops', () => {
  const fleet = ownFleet(3);

  // At -v only: its output holds every line the plain run prints, plus each result.
  for (const args of [['-v']]) {
    it(
      `with_dict/together/sequence/nested/subelements/items/indexed_items/inventory_hostnames, loop_control, register ${args.join(' ')}`,
      async () => {
        expectSame(
          await runBoth(fleet(), { playbook: LOOPS, args, files: { 'loop-index.yml': LOOP_INDEX_TASKS } }),
        );
      },
      SLOW,
    );
  }

  it(
    'with_ loop items are data, never templated again; loop items and their labels are',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: ITEMS_AS_DATA }));
    },
    SLOW,
  );

  it(
    'registered loop aggregates: keys and order',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: AGGREGATES }));
    },
    SLOW,
  );
});
