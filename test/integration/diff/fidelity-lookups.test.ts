/**
 * Fidelity sweep (issue 14, item 9) against ansible-playbook 2.14: every option of the ini,
 * csvfile, template and config lookups, each in keyword and inline form where the plugin
 * has both, with bad values; Jinja's `*args`/`**kwargs` in global, filter, test and lookup
 * calls; find's `contains` with and without read_whole_file over `^`, `$`, `\Z` and
 * newlines; facts.d with a dangling and a looping symlink. Whole normalised stdout, exit
 * code and files must match (see sweep-compare.ts).
 *
 * The earlier lookup sweep called each plugin with its documented happy path; these tables
 * are generated from the plugins' option lists (ansible/plugins/lookup/*.py) instead.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const LATIN1_INI = Buffer.from(
  '[global]\nuser = caf\xe9\nKey = Upper\nnoval\n\n[db]\nname = prod\nname_2 = x\n',
  'latin1',
);
const UTF16_INI = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[global]\r\nk = v\r\n', 'utf16le')]);

/** Files that are not UTF-8 text, written by the case's setup. */
const BINARY_FILES: Record<string, Buffer> = {
  'files/latin.ini': LATIN1_INI,
  'files/u16.ini': UTF16_INI,
  'files/latin.csv': Buffer.from('caf\xe9,1,2\nx,3,4\n', 'latin1'),
};

const FILES: Record<string, string> = {
  'files/p.properties': 'a=1\nb: café\n',
  'templates/list.j2': '[1, 2]\n',
  'templates/dict.j2': '{{ {"a": who} }}',
  'templates/delim.j2': '{{ who }} [% who %] {# c #} [# c2 #] {% if true %}yes{% endif %}\n',
  'find/t1': 'foo\nbar\n',
  'find/t2': 'foo\nbar',
  'find/t3': 'xfoobar\n',
  'find/t4': 'a$b\n',
  'facts.d/ok.fact': '{"a": 1}\n',
};

/** ini options: keyword and inline `k=v` forms (typed differently by Ansible); `!`: Ansible fails. */
const INI = [
  "'user', file='latin.ini', encoding='latin1', allow_no_value=True",
  "!'user file=latin.ini encoding=iso-8859-1 allow_no_value=True'",
  "'k', file='u16.ini', encoding='utf-16'",
  "'k', file='u16.ini', encoding='UTF16'",
  "'k', file='u16.ini', encoding='utf_16'",
  "'user', file='latin.ini', encoding='cp1252', allow_none=True",
  "!'user', file='latin.ini', encoding='nope', allow_none=True",
  "!'user', file='latin.ini'",
  "'b', type='properties', file='p.properties'",
  "'b type=properties file=p.properties'",
  "!'k', type='xml', file='u16.ini', encoding='utf-16'",
  "'Key', file='latin.ini', encoding='latin1', allow_no_value=True, case_sensitive=True",
  "'key', file='latin.ini', encoding='latin1', allow_no_value=True, case_sensitive=True",
  "'key', file='latin.ini', encoding='latin1', allow_no_value=True, case_sensitive='no'",
  "'noval', file='latin.ini', encoding='latin1', allow_no_value=True",
  "'noval', file='latin.ini', encoding='latin1', allow_no_value='yes', default='d'",
  "'nokey', file='latin.ini', encoding='latin1', allow_no_value=True, default='d'",
  "'name.*', section='db', file='latin.ini', encoding='latin1', allow_no_value=True, re=True",
  "!'name.* section=db file=latin.ini encoding=latin1 re=1'",
  "'k', file='u16.ini', encoding='utf-16', re='maybe'",
  "!'x', section='nosuch', file='latin.ini', encoding='latin1', allow_no_value=True",
  "!'x', file='missing.ini'",
  "!'x allow_none=1 file=latin.ini'",
];

const CSV = [
  "'café', file='latin.csv', delimiter=',', encoding='latin1'",
  "'café file=latin.csv delimiter=, encoding=latin-1 col=2'",
  "!'x', file='latin.csv', delimiter=',', encoding='nope'",
];

const TEMPLATE = [
  "'list.j2'",
  "'list.j2', convert_data=False",
  "'dict.j2'",
  "'dict.j2', convert_data=False",
  "'delim.j2', variable_start_string='[%', variable_end_string='%]'",
  "'delim.j2', comment_start_string='[#', comment_end_string='#]'",
  "'delim.j2', variable_start_string='[%', variable_end_string='%]', template_vars={'who': 'you'}",
  "'delim.j2', jinja2_native=True",
  "!'delim.j2', template_vars='x'",
  "'delim.j2', convert_data='maybe'",
];

/** Global settings of every type, and the options of builtin plugins of every kind. */
const CONFIG = [
  "'remote_user', plugin_type='connection', plugin_name='ssh'",
  "'port', plugin_type='connection', plugin_name='ansible.builtin.ssh'",
  "'timeout', plugin_type='connection', plugin_name='ssh'",
  "'ssh_args', plugin_type='connection', plugin_name='ssh'",
  "'executable', plugin_type='connection', plugin_name='local'",
  "'private_key_file', plugin_type='connection', plugin_name='ssh'",
  "'become_user', plugin_type='become', plugin_name='sudo'",
  "'become_flags', plugin_type='become', plugin_name='sudo'",
  "'become_exe', plugin_type='become', plugin_name='su'",
  "'remote_tmp', plugin_type='shell', plugin_name='sh'",
  "'system_tmpdirs', plugin_type='shell', plugin_name='sh'",
  "!'nope', plugin_type='connection', plugin_name='ssh'",
  "!'ConfigManager', on_missing='skip'",
  "'nope', plugin_type='connection', plugin_name='ssh', on_missing='skip'",
  "!'port', plugin_type='connection', plugin_name='nope'",
  "!'port', plugin_type='nope', plugin_name='ssh'",
  "!'port', plugin_name='ssh'",
  "'DEFAULT_ROLES_PATH'",
  "'COLOR_VERBOSE', 'DEFAULT_FORKS', 'CONNECTION_FACTS_MODULES'",
  "'DEFAULT_BECOME_EXE', 'DEFAULT_TIMEOUT', 'ANSIBLE_HOME', 'DEFAULT_MODULE_PATH'",
  "'DEFAULT_VAULT_ID_MATCH', 'NOPE_X', on_missing='skip'",
  "!'NOPE_X'",
  "!'DEFAULT_BECOME', on_missing='bogus'",
];

/** Calls spelled with `*args` / `**kwargs`, valid and not. */
const STAR_CALLS = [
  'range(*args) | list',
  'range(0, *args) | list',
  'items | sort(**kw)',
  'items | sort(*[true], **kw)',
  "items | map(**{'attribute': 'x'}) | list",
  "'%s-%s' | format(*args)",
  '!dict(**kw, y=1)',
  'dict(y=1, **kw)',
  "dict(*[[['a', 1]]], **kw)",
  '!range(*args, 2) | list',
  '!range(*5) | list',
  '!dict(**[1])',
  "!range(*'ab') | list",
  '!range(*undefined_x) | list',
  "lookup('list', *args)",
  "query('items', *[[1, 2], [3]], **{'wantlist': true})",
  "lookup(*['list', 1, 2])",
  "'a' is in(*['abc'])",
  "!dict(y=1, **{'y': 2})",
  "[1, 2] | join(*['-'])",
  "[1, 2] | join(**{'d': '-'})",
  'range(3, )| list',
];

/** urlencode: Python's quote (safe "/") for text, quote_plus-like pairs for dicts and pair lists. */
const URLENCODE = [
  `"a'b(c)*!~ /é&=?#%+" | urlencode`,
  "{'a b': \"'()/\", 'c': [1, 2], 'd': none} | urlencode",
  "[['x', 'y z'], ('k', 'v&w')] | urlencode",
  '3 | urlencode',
  'none | urlencode',
  'true | urlencode',
  "'' | urlencode",
  "'~_.-' | urlencode",
  '() | urlencode',
  "[('a', 1),] | urlencode",
];

/** Filters given an undefined value (one task each: a loop would stop at it in flotilla). */
const UNDEFINED = [
  'nothing_here | urlencode',
  'nothing_here | unique(case_sensitive=False)',
  'nothing_here | length',
  "nothing_here | default('d')",
  'nothing_here | last',
];

/** unique on unhashable items: Jinja's, Ansible's fallback, or Ansible's refusal. */
const UNIQUE = [
  "[{'a': 1}, {'a': 1}, {'a': 'A'}] | unique",
  "[{'a': 1}, {'a': 1}] | unique(case_sensitive=True)",
  '!' + "[{'a': 1}, {'a': 1}] | unique(case_sensitive=False)",
  "[[1], [1]] | unique(attribute='0')",
  '!' + "[[[1]], [[1]]] | unique(attribute='0')",
  '!' + 'none | unique(case_sensitive=False)',
  "['a', 'A', 'b'] | unique(case_sensitive=False)",
  "['a', 'A', 'b'] | unique",
];

/** find's contains: (pattern, read_whole_file). */
const FIND: [string, boolean][] = [
  ['foo$', true],
  ['bar$', true],
  ['^bar', true],
  ['bar\\Z', true],
  ['foo\\nbar', true],
  ['[$]', true],
  ['a\\$b', true],
  ['foo$', false],
  ['bar', false],
  ['bar', true],
  ['.*bar$', false],
  ['foo\nbar', true],
  ['foo\nbar', false],
];

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * A table's calls as debug tasks: those marked `!` fail in Ansible and get a task each; the
 * others share one task (a list of results), so the play stays short on a loaded machine.
 */
function debugTasks(entries: string[], call: (entry: string) => string): string {
  const failing = entries.filter((e) => e.startsWith('!')).map((e) => call(e.slice(1)));
  const passing = entries.filter((e) => !e.startsWith('!')).map(call);
  const task = (expression: string) => `        - debug:\n            msg: ${quoted(`{{ ${expression} }}`)}`;
  const shared = passing.length ? [task(`[${passing.join(', ')}]`)] : [];
  return [...shared, ...failing.map(task)].join('\n');
}

const PLAYBOOK = `- name: lookups and calls
  hosts: fleet
  gather_facts: false
  vars:
    who: world
    args: [1, 5]
    kw: {attribute: x}
    items: [{x: 3}, {x: 1}]
  tasks:
    - ignore_errors: true
      block:
${debugTasks(INI, (a) => `lookup('ini', ${a})`)}
${debugTasks(CSV, (a) => `lookup('csvfile', ${a})`)}
${debugTasks(TEMPLATE, (a) => `lookup('template', ${a})`)}
${debugTasks(CONFIG, (a) => `lookup('config', ${a})`)}
${debugTasks(STAR_CALLS, (a) => a)}
${debugTasks(URLENCODE, (a) => a)}
${debugTasks(UNIQUE, (a) => a)}
${debugTasks(
  UNDEFINED.map((e) => `!${e}`),
  (a) => a,
)}
        - find:
            paths: "{{ playbook_dir }}/find"
            contains: "{{ item.0 }}"
            read_whole_file: "{{ item.1 }}"
          loop: ${JSON.stringify(FIND)}
          register: found
        - debug:
            msg: "{{ found.results | map(attribute='files') | map('map', attribute='path') | map('map', 'basename') | map('sort') | list }}"
        - setup:
            fact_path: "{{ playbook_dir }}/facts.d"
            filter: ansible_local
        - debug:
            var: ansible_local
`;

describe('fidelity: lookup options, star calls, find contains, facts.d', () => {
  const fleet = ownFleet(1);

  it(
    'every option form of ini, csvfile, template and config, *args/**kwargs, find and facts.d as in Ansible',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: PLAYBOOK,
          hosts: 1,
          files: FILES,
          setup: (dir) => {
            for (const [name, bytes] of Object.entries(BINARY_FILES))
              writeFileSync(path.join(dir, name), bytes);
            symlinkSync(path.join(dir, 'nonexistent'), path.join(dir, 'facts.d/dead.fact'));
            symlinkSync('loop.fact', path.join(dir, 'facts.d/loop.fact'));
          },
        }),
      );
    },
    SLOW,
  );
});
