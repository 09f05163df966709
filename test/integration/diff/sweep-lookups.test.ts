/**
 * Parity sweep against ansible-playbook 2.14: lookup plugins from templates (lookup(),
 * query()/q(), wantlist, errors=, error texts) and the with_<lookup> loops that run the
 * same plugins. Whole normalised stdout, exit code and files written must match (see
 * sweep-compare.ts for what is normalised).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FILES: Record<string, string> = {
  'files/a.txt': 'one\n',
  'files/b.txt': 'two\n\n',
  'files/data.ini':
    '[global]\nuser = alice\nport: 22\n\n[db]\nname = prod\nName2 = x\nurl = %(name)s.example\nmulti = line1\n  line2\n',
  'files/app.properties': 'key=value\nother: thing\n',
  'files/data.tsv': 'host\tip\tport\nweb\t10.0.0.1\t80\ndb\t10.0.0.2\t5432\n',
  'files/data.csv': 'a,b,c\n"x y",2,"q,r"\n',
  'templates/t.j2': 'hi {{ who }}\n',
  'templates/managed.j2':
    '{{ who }} {{ template_path }} {{ ansible_managed }} {{ template_fullpath | basename }}\n',
};

const LOOKUPS = `- name: lookups from templates
  hosts: fleet[0]
  gather_facts: false
  vars:
    lk_first: 1
    lk_second: "{{ lk_first + 1 }}"
    who: world
    mydict: {b: 2, a: 1}
    users:
      - name: alice
        keys: [k1, k2]
      - name: bob
        keys: [k3]
  tasks:
    - debug: msg="{{ lookup('sequence', 'start=1 end=5') }}"
    - debug: msg="{{ query('sequence', '4:host%02d', '0x0a-0x0c/1') }}"
    - debug: msg="{{ lookup('sequence', 'count=3 start=10 stride=5 format=n%d', wantlist=True) }}"
    - debug: msg="{{ lookup('sequence', 'start=5 end=1') }}"
      ignore_errors: true
    - debug: msg="{{ lookup('sequence', 'start=1 end=2 foo=3') }}"
      ignore_errors: true
    - debug: msg="{{ query('dict', mydict) }} {{ lookup('dict', dict(k='v')) }}"
    - debug: msg="{{ lookup('dict', [1]) }}"
      ignore_errors: true
    - debug: msg="{{ lookup('subelements', users, 'keys') }}"
    - debug: msg="{{ lookup('subelements', [dict(a=1)], 'b') }}"
      ignore_errors: true
    - debug: msg="{{ q('together', [1, 2, 3], ['a', 'b']) }}"
    - debug: msg="{{ lookup('nested', ['x', 'y'], [1, 2]) }}"
    - debug: msg="{{ lookup('nested', [1, 2]) }}"
      ignore_errors: true
    - debug: msg="{{ query('indexed_items', ['a', 'b']) }} {{ lookup('indexed_items', 'ab') }}"
    - debug: msg="{{ lookup('list', ['a', 'b']) }} {{ lookup('items', ['a', ['b', 'c']]) }}"
    - debug: msg="{{ lookup('fileglob', '*.txt') }} {{ query('fileglob', 'files/b.txt') }} {{ q('fileglob', '*.nope') }}"
    - debug: msg="{{ lookup('random_choice', 'only') }} {{ query('random_choice') }}"
    - debug: msg="{{ lookup('varnames', '^lk_') }} {{ query('varnames', '^lk_s', '^who$') }}"
    - debug: msg="{{ lookup('varnames', 3) }}"
      ignore_errors: true
    - debug: msg="{{ lookup('vars', 'lk_second') }} {{ lookup('vars', 'nope', default='dflt') }}"
    - debug: msg="{{ lookup('ini', 'user', file='data.ini') }} {{ lookup('ini', 'port', file='data.ini') }}"
    - debug: msg="{{ lookup('ini', 'url', section='db', file='data.ini') }} {{ lookup('ini', 'NAME2', section='db', file='data.ini') }}"
    - debug: msg="{{ lookup('ini', 'multi', section='db', file='data.ini') }}"
    - debug: msg="{{ query('ini', 'n.*', section='db', file='data.ini', re=True) }}"
    - debug: msg="{{ lookup('ini', 'missing', section='db', file='data.ini', default='dd') }}"
    - debug: msg="{{ lookup('ini', 'x', section='nosuch', file='data.ini') }}"
      ignore_errors: true
    - debug: msg="{{ lookup('ini', 'key', type='properties', file='app.properties') }}"
    - debug: msg="{{ lookup('csvfile', 'web', file='data.tsv') }} {{ lookup('csvfile', 'db', file='data.tsv', col=2) }}"
    - debug: msg="{{ lookup('csvfile', 'x y', file='data.csv', delimiter=',', col=2) }} {{ lookup('csvfile', 'zz', file='data.csv', delimiter=',', default='none') }}"
    - debug: msg="{{ lookup('password', '/dev/null length=8') | length }} {{ lookup('password', '/dev/null chars=digits length=4') is match('^[0-9]{4}$') }}"
    - debug: msg="{{ lookup('template', 't.j2') }}"
    - debug: msg="{{ lookup('template', 'managed.j2', template_vars=dict(who='tv')) }}"
    - debug: msg="{{ lookup('file', 'a.txt') }} {{ lookup('file', 'b.txt', rstrip=False) }} {{ lookup('first_found', ['nope.txt', 'b.txt']) | basename }}"
    - debug: msg="{{ lookup('first_found', 'nope.txt', errors='ignore') }} {{ query('first_found', 'nope.txt', errors='ignore') }}"
    - debug: msg="{{ lookup('first_found', 'nope.txt') }}"
      ignore_errors: true
    - debug: msg="{{ lookup('env', 'FLT_SURELY_UNSET', default='d') }} {{ lookup('pipe', 'echo hi; basename $(pwd)') == 'hi\\n' ~ (playbook_dir | basename) }}"
    - debug: msg="{{ lookup('pipe', 'exit 3') }}"
      ignore_errors: true
    - debug: msg="{{ lookup('ansible.builtin.sequence', '2') }} {{ lookup('community.general.flattened', [1, [2, [3]]]) }}"
    - debug: msg="{{ lookup('config', 'DEFAULT_TIMEOUT', 'DEFAULT_BECOME_USER') }} {{ q('config', 'NOPE', on_missing='skip') }}"
    - debug: msg="{{ lookup('config', 'NOPE') }}"
      ignore_errors: true

- name: with_ loops run the same plugins
  hosts: fleet
  gather_facts: false
  vars:
    mydict: {b: 2, a: 1}
    users:
      - name: alice
        keys: [k1, k2]
  tasks:
    - debug: msg="{{ item }}"
      with_sequence: start=0 end=4 stride=2 format=s%d
    - debug: msg="{{ item.0.name }} {{ item.1 }} {{ item.0 }}"
      with_subelements:
        - "{{ users }}"
        - keys
    - debug: msg="{{ item }}"
      with_items: "{{ mydict }}"
    - debug: msg="x {{ item }}"
      with_indexed_items: [a, b]
    - debug: msg="{{ item }}"
      with_nested: [[a, b]]
    - debug: msg="{{ item }}"
      with_list: "{{ mydict }}"
      ignore_errors: true
    - debug: msg="{{ item | basename }}"
      with_fileglob: ["*.txt"]
    - debug: msg="{{ item }}"
      with_sequence: start=1 end=x
      ignore_errors: true
    - debug: msg="{{ item | basename }}"
      with_first_found:
        - "{{ undefined_thing }}.txt"
        - nope.txt
        - b.txt
    - debug: msg="{{ item }}"
      with_inventory_hostnames: "fleet[0]"
    - debug: msg="{{ item }}"
      with_lines: printf 'l1\\nl2\\n'
    - debug: msg="{{ item }}"
      with_ini: user file=data.ini
      run_once: true
`;

describe('sweep: lookups', () => {
  const fleet = ownFleet(2);

  it(
    'lookup()/query() of every offline builtin lookup, errors=, and with_<lookup> loops',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: LOOKUPS, files: FILES, hosts: 2 }));
    },
    SLOW,
  );
});
