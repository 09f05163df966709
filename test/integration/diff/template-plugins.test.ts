/**
 * Filter, test and lookup plugins flotilla does not implement, run by ansible-core against
 * ansible-playbook 2.14: a playbook's filter_plugins/ and lookup_plugins/ (lookup, query,
 * with_), a role's filter_plugins/ and test_plugins/ (also by name through map/select), a
 * collection's filter by FQCN, floats, keywords and variables through the call, and the
 * plugins' AnsibleError and TypeError, on hosts spread over two workers. Whole normalised stdout, exit code and files must match.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FILES = {
  'filter_plugins/local.py': `from ansible.errors import AnsibleFilterError

def twice(value, times=2):
    return value * times

def halve(value):
    return value / 2

def refuse(value):
    raise AnsibleFilterError('refused: %s' % value)

def needs_int(value):
    return value + 1

class FilterModule(object):
    def filters(self):
        return {'twice': twice, 'halve': halve, 'refuse': refuse, 'needs_int': needs_int}
`,
  'lookup_plugins/greet.py': `from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if kwargs.get('fail'):
            raise AnsibleError('greet refused')
        return ['%s%s %s' % (kwargs.get('prefix', ''), t, variables['inventory_hostname']) for t in terms]
`,
  'roles/r/filter_plugins/rolef.py': `class FilterModule(object):
    def filters(self):
        return {'shout': lambda s, mark='!': s.upper() + mark, 'pairs': lambda d: sorted(d.items())}
`,
  'roles/r/test_plugins/rolet.py': `class TestModule(object):
    def tests(self):
        return {'even_length': lambda s: len(s) % 2 == 0}
`,
  'roles/r/tasks/main.yml': `- debug:
    msg: "{{ 'hi' | shout }} {{ 'a' | shout(mark='?') }} {{ {'b': 1, 'a': 2.0} | pairs }}"
- debug: msg="{{ ['ab', 'abc', 'abcd'] | select('even_length') | list }} {{ 'xy' is even_length }}"
`,
};

const PLAY = `- hosts: fleet
  gather_facts: false
  roles: [r]
  tasks:
    - debug: msg="{{ 3 | twice }} {{ 'ab' | twice(times=3) }} {{ 5 | halve }} {{ 4 | halve }} {{ [1, 2] | map('twice') | list }}"
    - debug:
        msg: "{{ 'v' | community.general.dict_kv('k') }}"
    - debug: msg="{{ lookup('greet', 'hello', 'bye', prefix='> ') }} {{ query('greet', 'x') }}"
    - debug: msg="{{ item }}"
      with_greet: [a, b]
    - debug: msg="{{ lookup('greet', 'x', fail=true) }}"
      ignore_errors: true
    - debug: msg="{{ inventory_hostname | refuse }}"
      ignore_errors: true
    - debug: msg="{{ 'text' | needs_int }}"
      ignore_errors: true
`;

describe('Python filter and test plugins', () => {
  const fleet = ownFleet(2);

  it(
    "a playbook's and a role's plugins, a collection's filter, their errors",
    async () => {
      expectSame(await runBoth(fleet(), { playbook: PLAY, hosts: 2, files: FILES }));
    },
    SLOW,
  );
});
