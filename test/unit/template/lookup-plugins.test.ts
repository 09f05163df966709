/**
 * The offline builtin lookup plugins from templates. Expected values and error texts were
 * checked against ansible-playbook 2.14 (debug of the same lookups).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { tempDir } from '../../support/temp-dirs.js';
import { errorOf } from './helpers.js';

const templar = new Templar();
const dir = tempDir('flt-lookup-plugins-');
mkdirSync(path.join(dir, 'files'));
writeFileSync(path.join(dir, 'files', 'a.txt'), 'one\n');
writeFileSync(
  path.join(dir, 'files', 'data.ini'),
  '[global]\nuser = alice\nport: 22\n\n[db]\nname = prod\nName2 = x\nurl = %(name)s.example\nmulti = line1\n  line2\n',
);
writeFileSync(path.join(dir, 'files', 'app.properties'), 'key=value\nother: thing\n');
writeFileSync(path.join(dir, 'files', 'data.tsv'), 'host\tip\tport\nweb\t10.0.0.1\t80\ndb\t10.0.0.2\t5432\n');
writeFileSync(path.join(dir, 'files', 'data.csv'), 'a,b,c\n"x y",2,"q,r"\n');
const opts = { searchPath: [dir] };
const render = (t: string, vars: Record<string, unknown> = {}) => templar.render(t, vars, opts);
const value = (e: string, vars: Record<string, unknown> = {}) => templar.evaluate(e, vars, opts);
const unhandled = (plugin: string, m: string) =>
  `An unhandled exception occurred while running the lookup plugin '${plugin}'. Error was a <class 'ansible.errors.AnsibleError'>, original message: ${m}. ${m}`;

describe('sequence', () => {
  it('short and key=value forms, hex, count, format; lookup joins with commas', () => {
    expect(render("{{ lookup('sequence', 'start=1 end=5') }}")).toBe('1,2,3,4,5');
    expect(value("query('sequence', '4:host%02d', '0x0a-0x0c/1')")).toEqual([
      'host01',
      'host02',
      'host03',
      'host04',
      '10',
      '11',
      '12',
    ]);
    expect(value("lookup('sequence', 'count=3 start=10 stride=5 format=n%d', wantlist=True)")).toEqual([
      'n10',
      'n15',
      'n20',
    ]);
    expect(value("lookup('ansible.builtin.sequence', '2')")).toBe('1,2');
  });

  it("fails with Ansible's texts, wrapped as an unhandled lookup exception", () => {
    expect(errorOf(() => render("{{ lookup('sequence', 'start=5 end=1') }}")).message).toBe(
      unhandled('sequence', 'to count backwards make stride negative'),
    );
    expect(errorOf(() => render("{{ lookup('sequence', 'start=1 end=2 foo=3') }}")).message).toBe(
      unhandled('sequence', "unrecognized arguments to with_sequence: ['foo']"),
    );
    expect(errorOf(() => render("{{ lookup('sequence', 'start=1 end=x') }}")).message).toBe(
      unhandled('sequence', "can't parse end=x as integer"),
    );
  });
});

describe('lookups that reshape their terms', () => {
  const users = [
    { name: 'alice', keys: ['k1', 'k2'] },
    { name: 'bob', keys: ['k3'] },
  ];
  it('dict, subelements, together, nested, indexed_items, list, items', () => {
    expect(value("query('dict', {'b': 2, 'a': 1})")).toEqual([
      { key: 'b', value: 2 },
      { key: 'a', value: 1 },
    ]);
    expect(value("lookup('subelements', users, 'keys')", { users })).toEqual([
      [{ name: 'alice' }, 'k1'],
      [{ name: 'alice' }, 'k2'],
      [{ name: 'bob' }, 'k3'],
    ]);
    // The parent's list is popped from a copy: the variable keeps it.
    expect(users[0].keys).toEqual(['k1', 'k2']);
    expect(value("q('together', [1, 2, 3], ['a', 'b'])")).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, null],
    ]);
    expect(value("lookup('nested', ['x', 'y'], [1, 2])")).toEqual([
      ['x', 1],
      ['x', 2],
      ['y', 1],
      ['y', 2],
    ]);
    expect(value("query('indexed_items', ['a', 'b'])")).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    // A tuple prints as one in a string, as Python's str() of it.
    expect(render("{{ lookup('indexed_items', 'ab') }}")).toBe("(0, 'ab')");
    expect(value("lookup('list', ['a', 'b'])")).toEqual(['a', 'b']);
    expect(value("lookup('items', ['a', ['b', 'c']])")).toEqual(['a', ['b', 'c']]);
    expect(value("lookup('community.general.flattened', [1, [2, [3]]])")).toEqual([1, 2, 3]);
    expect(value("lookup('random_choice', 'only')")).toBe('only');
  });

  it('errors: a non-dict to dict, a missing subkey, nested items that are not iterable', () => {
    expect(errorOf(() => render("{{ lookup('dict', [1]) }}")).message).toBe(
      unhandled('dict', 'with_dict expects a dict'),
    );
    expect(errorOf(() => render("{{ lookup('subelements', [dict(a=1)], 'b') }}")).message).toBe(
      unhandled('subelements', "could not find 'b' key in iterated item '{'a': 1}'"),
    );
    expect(errorOf(() => render("{{ lookup('nested', [1, 2]) }}")).message).toBe(
      "An unhandled exception occurred while running the lookup plugin 'nested'. Error was a <class 'TypeError'>, original message: 'int' object is not iterable. 'int' object is not iterable",
    );
  });
});

describe('lookups over variables', () => {
  const vars = { lk_first: 1, lk_second: '{{ lk_first + 1 }}', who: 'world' };
  it('varnames (regex search over the names), vars (templated, default)', () => {
    expect(render("{{ lookup('varnames', '^lk_') }}", vars)).toBe('lk_first,lk_second');
    expect(value("query('varnames', '^lk_s', '^who$')", vars)).toEqual(['lk_second', 'who']);
    expect(
      render("{{ lookup('vars', 'lk_second') }} {{ lookup('vars', 'nope', default='dflt') }}", vars),
    ).toBe('2 dflt');
    expect(errorOf(() => render("{{ lookup('varnames', 3) }}", vars)).message).toBe(
      unhandled('varnames', `Invalid setting identifier, "3" is not a string, it is a <class 'int'>`),
    );
    // Python's re: its error text, and its syntax (named groups)
    expect(errorOf(() => render("{{ lookup('varnames', '*') }}", vars)).message).toBe(
      unhandled('varnames', 'Unable to use "*" as a search parameter: nothing to repeat at position 0'),
    );
    expect(value("query('varnames', '^(?P<x>lk)_f')", vars)).toEqual(['lk_first']);
  });

  it('inventory_hostnames evaluates host patterns over groups', () => {
    const groups = { all: ['a', 'web1', 'b', 'c'], ungrouped: ['a'], web: ['web1', 'b'], db: ['c'] };
    expect(value("query('inventory_hostnames', 'all:!db')", { groups })).toEqual(['a', 'web1', 'b']);
    expect(value("query('inventory_hostnames', 'web[0]')", { groups })).toEqual(['web1']);
    expect(value("query('inventory_hostnames', 'nope')", { groups })).toEqual([]);
  });
});

describe('lookups over controller files', () => {
  it('ini: sections, ":" and "=", interpolation, continuation lines, re, default, properties', () => {
    expect(
      render("{{ lookup('ini', 'user', file='data.ini') }} {{ lookup('ini', 'port', file='data.ini') }}"),
    ).toBe('alice 22');
    expect(render("{{ lookup('ini', 'url', section='db', file='data.ini') }}")).toBe('prod.example');
    expect(render("{{ lookup('ini', 'NAME2', section='db', file='data.ini') }}")).toBe('x');
    expect(value("lookup('ini', 'multi', section='db', file='data.ini')")).toBe('line1\nline2');
    expect(value("query('ini', 'n.*', section='db', file='data.ini', re=True)")).toEqual(['prod', 'x']);
    expect(render("{{ lookup('ini', 'missing', section='db', file='data.ini', default='dd') }}")).toBe('dd');
    expect(render("{{ lookup('ini', 'key', type='properties', file='app.properties') }}")).toBe('value');
    // An AnsibleLookupError is raised as it is.
    expect(errorOf(() => render("{{ lookup('ini', 'x', section='nosuch', file='data.ini') }}")).message).toBe(
      "No section 'nosuch' in data.ini",
    );
  });

  it('csvfile: tab default, delimiter, quoted fields, col, default', () => {
    expect(
      render(
        "{{ lookup('csvfile', 'web', file='data.tsv') }} {{ lookup('csvfile', 'db', file='data.tsv', col=2) }}",
      ),
    ).toBe('10.0.0.1 5432');
    expect(render("{{ lookup('csvfile', 'x y', file='data.csv', delimiter=',', col=2) }}")).toBe('q,r');
    expect(render("{{ lookup('csvfile', 'zz', file='data.csv', delimiter=',', default='none') }}")).toBe(
      'none',
    );
  });

  it('fileglob finds files in files/ and gives paths', () => {
    expect(value("query('fileglob', '*.txt')")).toEqual([path.join(dir, 'files', 'a.txt')]);
    expect(value("query('fileglob', '*.nope')")).toEqual([]);
  });

  it('password: /dev/null is never written; a path is created (0600) and read back', () => {
    expect(value("lookup('password', '/dev/null length=8')")).toMatch(/^[A-Za-z0-9.,:_-]{8}$/);
    expect(value("lookup('password', '/dev/null chars=digits length=4')")).toMatch(/^[0-9]{4}$/);
    expect(value("lookup('password', '/dev/null chars=,, length=3')")).toBe(',,,');
    const first = value("lookup('password', 'pw/secret length=6 chars=ascii_lowercase')");
    expect(first).toMatch(/^[a-z]{6}$/);
    const file = path.join(dir, 'pw', 'secret');
    expect(readFileSync(file, 'utf8')).toBe(`${first}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(value("lookup('password', 'pw/secret')")).toBe(first);
    expect(existsSync('/dev/null')).toBe(true);
    expect(errorOf(() => render("{{ lookup('password', 'pw/x bogus=1') }}")).message).toBe(
      unhandled('password', 'Unrecognized parameter(s) given to password lookup: bogus'),
    );
  });

  it('first_found: errors=ignore gives None from lookup, [] from query; strict raises the lookup error as it is', () => {
    expect(render("{{ lookup('first_found', 'nope.txt', errors='ignore') }}")).toBe('');
    expect(value("query('first_found', 'nope.txt', errors='warn')")).toEqual([]);
    expect(errorOf(() => render("{{ lookup('first_found', 'nope.txt') }}")).message).toBe(
      'No file was found when using first_found.',
    );
    expect(value("lookup('first_found', ['nope.txt', 'a.txt'])")).toBe(path.join(dir, 'files', 'a.txt'));
  });

  it('config: defaults, on_missing', () => {
    const saved = process.env.ANSIBLE_TIMEOUT;
    delete process.env.ANSIBLE_TIMEOUT;
    try {
      expect(value("q('config', 'DEFAULT_TIMEOUT', 'DEFAULT_BECOME_USER', 'DEFAULT_REMOTE_PORT')")).toEqual([
        10,
        'root',
        null,
      ]);
    } finally {
      if (saved !== undefined) process.env.ANSIBLE_TIMEOUT = saved;
    }
    expect(value("q('config', 'NOPE', on_missing='skip')")).toEqual([]);
    expect(errorOf(() => render("{{ lookup('config', 'NOPE') }}")).message).toBe(
      "Unable to find setting NOPE. module 'ansible.constants' has no attribute 'NOPE'. module 'ansible.constants' has no attribute 'NOPE'",
    );
    // a callable of ansible.constants is refused, even with on_missing=skip
    expect(errorOf(() => render("{{ lookup('config', 'ConfigManager', on_missing='skip') }}")).message).toBe(
      'Invalid setting "ConfigManager" attempted',
    );
  });
});
