/**
 * Differential tests of templating against ansible-playbook 2.14: the same debug tasks
 * (filters, tests, lookups, Jinja control structures, result typing, error texts) run by
 * both tools on fleet hosts, and the whole normalised stdout compared. Cases that still
 * differ are listed in the README's deliberate differences, not here.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { normaliseStdout, rootOf } from './stdout-normalise.js';

const fleet = ownFleet(2);

const VARS = `
  vars:
    who: world
    n: 5
    f: 2.5
    s: "  Hello World  "
    lst: [3, 1, 2, 3]
    words: ['b', 'A', 'c', 'a']
    users:
      - {name: bob, age: 30, groups: [a, b]}
      - {name: alice, age: 25, groups: [b]}
      - {name: Carl, age: 35, groups: []}
    d: {b: 2, a: 1}
    nested: {x: {y: 1, l: [1, 2]}, z: 3}
    nonev: null
    yes_s: 'yes'
    empty: ''
    long: "This is a rather long string that PyYAML folds when it runs past the default width of eighty characters"
    yaml_text: |
      a: 1
      b: [x, 2]
`;

/** A play of one debug task per message; JSON strings are YAML double-quoted scalars. */
function debugPlay(messages: string[], extraTasks = ''): string {
  const tasks = messages.map(
    (m) => `    - debug:\n        msg: ${JSON.stringify(m)}\n      ignore_errors: true`,
  );
  return `- hosts: all\n  gather_facts: false\n${VARS}\n  tasks:\n${tasks.join('\n')}\n${extraTasks}`;
}

async function expectSameStdout(playbook: string, files?: Record<string, string>): Promise<void> {
  const r = await runBoth(fleet(), { playbook, files, hosts: 2 });
  const ansible = normaliseStdout(r.ansible.stdout, rootOf(r.ansible.stdout, 'ansible'));
  const flotilla = normaliseStdout(r.flotilla.stdout, rootOf(r.flotilla.stdout, 'flotilla'));
  expect(flotilla).toBe(ansible);
  expect(r.flotilla.code).toBe(r.ansible.code);
}

describe('templating vs ansible-playbook 2.14', () => {
  it('string, number and regex filters', async () => {
    await expectSameStdout(
      debugPlay([
        "{{ undefined_thing | default('dflt') }} {{ empty | default('dflt', true) }} {{ empty | d('x', boolean=true) }}",
        "{{ yes_s | bool }} {{ 'on' | bool }} {{ 1 | bool }} {{ 'no' | bool }} {{ 0 | bool }}",
        "{{ '0x1F' | int(base=16) }} {{ '0x1F' | int(0, 0) }} {{ '3.7' | int }} {{ '3.7' | float }} {{ 'abc' | int }} {{ '1e3' | float }}",
        "{{ n | string }} {{ s | length }} {{ s | lower }} {{ s | upper }} {{ 'hello world' | capitalize }} {{ 'hello world' | title }} [{{ s | trim }}]",
        "{{ 'abcabc' | replace('b', 'X') }} {{ 'abcabc' | replace('b', 'X', 1) }}",
        "{{ 'foo-123-bar' | regex_replace('(\\w+)-(\\d+)', '\\2:\\1') }}",
        "{{ 'foo-123' | regex_replace('(?P<w>\\w+)-(?P<d>\\d+)', '\\g<d>/\\g<w>') }}",
        "{{ 'ab12cd34' | regex_search('\\d+') }} {{ 'ab' | regex_search('\\d+') }}",
        "{{ 'ab12cd34' | regex_findall('\\d') }} {{ 'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)') }}",
        "{{ 'a,b,c' | split(',') }} {{ ['a','b'] | join('-') }} {{ 'a b  c'.split() }}",
        "{{ 3.14159 | round(2) }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(1, 'floor') }} {{ 7 | round }} {{ -3 | abs }} {{ -3.5 | abs }}",
        "{{ 'Hello' | regex_replace('^h', 'J', ignorecase=true) }} {{ 'a.b' | regex_escape }}",
        "{{ 'abc' | center(9) }}|{{ 'a b c' | wordcount }}|{{ 'abcdef' | truncate(5, true, '') }}",
        "{{ \"it's a b\" | quote }} {{ 'plain' | quote }} {{ true | ternary('y', 'n') }} {{ nonev | ternary('y', 'n', 'none') }}",
        "{{ 'hello' | b64encode }} {{ 'aGVsbG8=' | b64decode }} {{ 'x' | hash('sha256') }} {{ 'x' | md5 }} {{ 'x' | sha1 }} {{ 'x' | checksum }}",
        "{{ 'secret' | password_hash('sha512', 'saltsalt') }}",
        "{{ '/a/b/c.txt' | basename }} {{ '/a/b/c.txt' | dirname }} {{ '/tmp/../tmp/./x' | realpath }}",
        "{{ 100 | random(seed='abc') }} {{ [1,2,3,4,5] | shuffle(seed='x') }} {{ ['a','b','c'] | random(seed=7) }}",
        "{{ '%(a)s=%(b)d' % {'a': 'k', 'b': 3} }} {{ 'x=%r' % 'q' }} {{ '%s-%05d' % ('x', 42) }} {{ '%.2f' % 3.14159 }} {{ '%d%%' % 5 }} {{ '%5s|%-5s|' % ('a', 'b') }}",
      ]),
    );
  });

  it('list and dict filters', async () => {
    await expectSameStdout(
      debugPlay([
        '{{ lst | first }} {{ lst | last }} {{ lst | min }} {{ lst | max }} {{ lst | sum }}',
        "{{ users | map(attribute='age') | sum }} {{ users | min(attribute='age') }} {{ users | sum(attribute='age') }}",
        '{{ lst | sort }} {{ lst | sort(reverse=true) }} {{ words | sort }} {{ words | sort(case_sensitive=true) }}',
        "{{ users | sort(attribute='name') | map(attribute='name') | list }}",
        '{{ lst | unique }} {{ [1,2] | union([2,3]) }} {{ [1,2] | intersect([2,3]) }} {{ [1,2] | difference([2,3]) }} {{ [1,2] | symmetric_difference([2,3]) }}',
        '{{ [1,[2,[3,[4]]]] | flatten }} {{ [1,[2,[3,[4]]]] | flatten(levels=1) }}',
        "{{ lst | map('string') | list }} {{ lst | select('odd') | list }} {{ lst | reject('equalto', 3) | list }}",
        "{{ users | selectattr('age', '>', 26) | map(attribute='name') | list }} {{ users | rejectattr('name', 'equalto', 'bob') | list | length }}",
        "{{ d | dict2items }} {{ d | dict2items(key_name='k', value_name='v') }}",
        "{{ [{'key': 'a', 'value': 1}] | items2dict }} {{ [{'n': 'a', 'v': 1}] | items2dict(key_name='n', value_name='v') }}",
        "{{ {'a': {'x': 1, 'l': [1]}} | combine({'a': {'y': 2, 'l': [2]}}, recursive=true) }}",
        "{{ {'a': {'x': 1, 'l': [1]}} | combine({'a': {'l': [2]}}, recursive=true, list_merge='append') }} {{ {'a': 1} | combine({'b': 2}, {'a': 3}) }}",
        "{{ [1,2,3] | zip(['a','b']) | list }} {{ [1,2,3] | zip_longest(['a'], fillvalue='-') | list }}",
        '{{ nested | to_json }} | {{ nested | to_nice_json }} | {{ nested | to_nice_json(indent=2) }} | {{ d | to_json(sort_keys=true) }}',
        '{{ nested | to_yaml }}',
        '{{ nested | to_nice_yaml }}',
        '{{ nested | to_yaml(default_flow_style=false) }}',
        "{{ {'k': long, 'l': [long], 'm': 'two\\nlines', 'q': \"it's: quoted\"} | to_yaml }}",
        "{{ {'k': long, 'n': {'deep': [long, 'x']}} | to_nice_yaml }}",
        "{{ {'k': long} | to_nice_yaml(width=50) }} {{ users | to_nice_yaml(indent=2) }}",
        '{{ yaml_text | from_yaml }}',
        "{{ dict(a=1, b=2) }} {{ dict([['x', 1]]) }}",
        "{{ lst | batch(3) | list }} {{ lst | slice(2) | list }} {{ users | map(attribute='groups') | flatten | unique | sort }}",
        "{{ [1, 2] is subset([1,2,3]) }} {{ [1,2,3] is superset([2]) }} {{ 5 is divisibleby 5 }} {{ 'abc' is match('a') }} {{ 'abc' is search('c') }}",
        "{{ '1.2.10' is version('1.2.9', '>') }} {{ '1.2.10' is version('1.2.9', 'lt') }} {{ '1.0' is version('1.0.0', '==') }} {{ '1.0.0-rc1' is version('1.0.0', '<', version_type='semver') }} {{ '2.0' is version('1.9', 'ge', strict=true) }}",
        "{{ '/etc' is directory }} {{ '/etc/passwd' is file }} {{ '/nope' is exists }} {{ '/etc' is abs }}",
      ]),
    );
  });

  it('Python types, floats and Ansible result typing', async () => {
    await expectSameStdout(
      debugPlay(
        [
          '{{ 1 | type_debug }} {{ 1.5 | type_debug }} {{ [] | type_debug }} {{ {} | type_debug }} {{ nonev | type_debug }} {{ true | type_debug }} {{ (4/2) | type_debug }}',
          '{{ 4 / 2 }}',
          '{{ 2.0 }}',
          "{{ 7 / 7 * 3 }} {{ 10 | float }} {{ '3' | float }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 0.1 + 0.2 }} {{ 1e-5 | float }} {{ 10 / 4 }}",
          '{{ [4/2, 1.5] | to_json }}',
          '{{ [1, 2] }}',
          "{{ {'b': 1, 'a': [true, none]} }}",
          '{{ nonev }}',
          '{{ true }}',
          '{{ n }}',
          '{{ n + 1 }}',
          "{{ 'True' }}",
          "{{ '[1, 2]' }}",
          ' {{ lst }}',
          '[{{ n }}, {{ n }}]',
          "{{ 'a' ~ 1 ~ none ~ true }} {{ 'b' in 'abc' }} {{ 2 in lst }} {{ 'a' in d }}",
          "{{ lst[1:3] }} {{ lst[::-1] }} {{ 'hello'[1:] }} {{ lst[-1] }} {{ (1, 'a') }}",
          "{{ d.items() | list }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('zz', 'dflt') }} {{ d.get('zz') }}",
          "{{ '{} and {}'.format('a', 1) }} {{ 'abc'.startswith('a') }} {{ 'abc'.endswith('x') }} {{ 'abc'.upper() }} {{ 'a-b'.split('-') }} [{{ '  x '.strip() }}]",
        ],
        `    - set_fact:
        t_sum: "{{ 1 + 1 }}"
        t_int: "{{ n | int }}"
        t_list: "{{ [1, 2] }}"
        t_none: "{{ nonev }}"
        t_true: "{{ 'True' }}"
        t_space: "{{ ' [1, 2]' }}"
        t_name: "{{ n }}"
        t_div: "{{ 4 / 2 }}"
    - debug:
        msg: "{{ t_sum | type_debug }} {{ t_list | type_debug }} {{ t_none | type_debug }} {{ t_true | type_debug }} {{ t_name | type_debug }} {{ t_div }} {{ t_space }}"
    - debug:
        var: t_div
`,
      ),
    );
  });

  it('Jinja control structures, whitespace and lookups', async () => {
    await expectSameStdout(
      debugPlay([
        '{% for x in lst %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }}/{{ loop.revindex }}:{{ x }} {% endfor %}',
        '{% set v = 1 %}{% for x in lst %}{% set v = x %}{% endfor %}{{ v }}',
        '{% set ns = namespace(total=0) %}{% for x in lst %}{% set ns.total = ns.total + x %}{% endfor %}{{ ns.total }}',
        'a {%- if true -%} b {%- endif -%} c',
        '{% if true %}\nline{% endif %}\nend',
        '{% for i in [1,2] %}\n{{ i }}\n{% endfor %}',
        "{% macro m(a, b='z') %}[{{ a }}{{ b }}]{% endmacro %}{{ m(1) }}{{ m(2, 'y') }}",
        '{% if missing is defined %}def{% else %}undef{% endif %} {{ missing is undefined }}',
        '{{ range(3) | list }} {{ range(1, 10, 3) | list }}',
        '{% for x in lst if x > 1 %}{{ x }}{% else %}none{% endfor %} {% for x in [] %}{% else %}empty{% endfor %}',
        "{{ 3 is in [1,3] }} {{ [1,3] is contains 3 }} {{ 2.675 | round(2) }} {{ '%+d|% d' % (5, 5) }} {{ [1,2,3] | combinations(2) | list }}",
        "{{ lookup('file', 'files/f.txt') }} {{ lookup('template', 'templates/t.j2') }} {{ lookup('pipe', 'echo hi') }}",
        "{{ lookup('items', [1, 2]) }} {{ query('items', [1, 2]) }} {{ lookup('vars', 'who') }} {{ lookup('items', [1,2], wantlist=true) }} {{ q('vars', 'n', 'who') }}",
      ]),
      { 'files/f.txt': 'file body\n\n', 'templates/t.j2': 'hello {{ who }}\n' },
    );
  });

  it('template module: comments, includes, trim_blocks/lstrip_blocks options and #jinja2: headers', async () => {
    const files = {
      'templates/world.txt': 'world\n',
      'templates/inc.j2': 'Hello {% include "world.txt" %}!\n',
      'templates/hdr.j2':
        '#jinja2: trim_blocks: False, lstrip_blocks: True\n{% if true %}\n  x\n  {% endif %}\n{# c #}\nend\n',
      'templates/ls.j2':
        '{# head #}\n{% for i in [1,2] %}\n    {% if i > 1 %}\n  v{{ i }}  {# c #}\n    {% endif %}\n{% endfor %}\n',
    };
    const tasks = [
      'inc.j2 dest={{ d }}/inc.txt',
      'hdr.j2 dest={{ d }}/hdr.txt',
      'ls.j2 dest={{ d }}/ls.txt lstrip_blocks=yes',
      'ls.j2 dest={{ d }}/ls2.txt trim_blocks=no',
      'ls.j2 dest={{ d }}/ls3.txt',
    ].map((t) => `    - template: src=${t}\n`);
    await expectSameStdout(
      `- hosts: all
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: path={{ d }} state=directory
${tasks.join('')}    - command: cat inc.txt hdr.txt ls.txt ls2.txt ls3.txt chdir={{ d }}
      register: c
    - debug: var=c.stdout
`,
      files,
    );
  });

  it('debug var= output and error texts', async () => {
    await expectSameStdout(
      debugPlay(
        [
          '{{ nope }}',
          '{{ d.nope }}',
          '{{ d.b.c }}',
          '{{ nonev.x }}',
          '{{ nope | mandatory }}',
          "{{ nope | mandatory('custom message') }}",
          "{{ 1 + 'a' }}",
          '{{ d | nofilter }}',
          "{{ 'x' is notatest }}",
          "{{ lookup('file', 'files/nonexistent.txt') }}",
          'prefix {{ nope }} suffix',
          "{{ d['nope'] }}",
        ],
        [
          'lst',
          'd',
          'nonev',
          'f',
          'nested.x',
          'nested.x.y',
          'users[0].name',
          'undefined_thing',
          'nope.x',
          'lst | length',
        ]
          .map((v) => `    - debug:\n        var: ${v}\n`)
          .join(''),
      ),
    );
  });
});
