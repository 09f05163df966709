/**
 * Parity with ansible-playbook 2.14, generated: set_fact's names and values in every form
 * (k=v free form, YAML mapping, templated names from a loop or a variable, cacheable, names
 * that are not identifiers, nothing to set), and malformed free-form arguments on actions that
 * take a fixed set of options or none (debug, fail, assert, ping, set_fact): at run time
 * ("Invalid options for debug: b") or at load (extra params, unbalanced quotes).
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** Some forty tasks: twice the sweep bound on a loaded machine. */
const LONG = 2 * SLOW;

/** Values that read as booleans to set_fact, and some that do not. */
const VALUES = ['false', 'False', 'yes', 'NO', 'true', 'on', '1', 'y', "{{ 'no' }}", '{{ 1 == 1 }}'];

/** One set_fact per value in each form: k=v, mapping (quoted and plain), and a templated name. */
function setFactPlay(): string {
  const tasks = VALUES.flatMap((v, i) => [
    `    - set_fact: kv${i}=${v.includes(' ') ? `"${v}"` : v}`,
    `    - set_fact:\n        map${i}: "${v}"`,
    `    - set_fact:\n        "tpl_{{ ${i} }}": "${v}"`,
  ]);
  return `- hosts: fleet
  gather_facts: false
  vars:
    idx: 7
  tasks:
${tasks.join('\n')}
    - name: a plain (unquoted) YAML boolean and a number stay as they are
      set_fact:
        plain_bool: no
        plain_int: 1
    - name: templated names in the k=v form, from a loop
      set_fact: "{{ item }}=set"
      loop: [a1, a2]
    - name: templated names in the mapping form
      set_fact:
        "k_{{ idx }}": v
        "{{ 'from_' ~ idx }}": "{{ idx }}"
    - name: cacheable is not a fact
      set_fact: cacheable=yes c1=1
    - name: show them
      debug: msg="{{ [a1, a2, k_7, from_7, c1, plain_bool, plain_int, kv0, map0, tpl_0, kv8, kv9] }}"
    - name: only cacheable
      set_fact: cacheable=yes
      ignore_errors: true
    - name: no pairs
      set_fact: {}
      ignore_errors: true
    - name: a name that starts with a digit
      set_fact: 1x=2
      ignore_errors: true
    - name: a templated name with a space
      set_fact:
        "{{ 'bad name' }}": 2
      ignore_errors: true
    - name: a Python keyword
      set_fact:
        class: 1
      ignore_errors: true
    - name: a non-ASCII name
      set_fact:
        "nämlich": 1
      ignore_errors: true
`;
}

/** Run-time failures: an option the action does not take (each case one task, ignored). */
const RUNTIME = [
  'debug: msg=a b=',
  'debug: msg=a b=c',
  'ansible.builtin.debug: msg=a b=',
  'debug: var=x msg=y',
  'debug: b=1',
  'fail: msg=a x=1',
  'assert: that=true x=1',
  'ping: x=',
  'ping: data=x data=y',
  'set_fact: a=1 b=',
];

/** Load failures: free-form text where the action takes none, unbalanced quotes or braces. */
const LOAD = [
  'debug: foo',
  'debug: msg=a =b',
  'ping: foo',
  'fail: oops',
  'set_fact: a',
  'set_fact: a=1 b',
  'debug: msg="unclosed',
  'debug: msg={{ x',
];

const onePlay = (task: string) => `- hosts: fleet
  gather_facts: false
  tasks:
    - ${task}
    - debug: msg=after
`;

describe('fidelity: set_fact names and values, malformed free-form arguments', () => {
  const fleet = ownFleet(1);

  it(
    'set_fact: every value form, templated names, cacheable, invalid names',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: setFactPlay(), hosts: 1, args: ['-v'] }));
    },
    LONG,
  );

  it(
    'an option the action does not take fails the task',
    async () => {
      const tasks = RUNTIME.map((t) => `    - ${t}\n      ignore_errors: true`).join('\n');
      const playbook = `- hosts: fleet\n  gather_facts: false\n  tasks:\n${tasks}\n`;
      expectSame(await runBoth(fleet(), { playbook, hosts: 1, args: ['-v'] }));
    },
    SLOW,
  );

  it(
    'free-form text an action does not take fails the load',
    async () => {
      const results = await Promise.all(
        LOAD.map((t) => runBoth(fleet(), { playbook: onePlay(t), hosts: 1 })),
      );
      for (const r of results) expectSame(r);
    },
    SLOW,
  );
});
