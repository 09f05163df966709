import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyLimit,
  checkLimitLeavesHosts,
  loadInventory,
  selectHosts,
  splitHostPattern,
} from '../../../src/inventory/index.js';
import { FIXTURES, tempTree, thrown } from './helpers.js';

// Expected lists were taken from `ansible -i ranges.ini PATTERN --list-hosts` (2.14).
const inv = loadInventory([join(FIXTURES, 'ranges.ini')]);
const WEB = [
  'web01.example.com',
  'web02.example.com',
  'web03.example.com',
  'web04.example.com',
  'web05.example.com',
];
const DB = ['db-a', 'db-b', 'db-c', 'db-d', 'db-e', 'db-f', 'odd1', 'odd3', 'odd5', 'odd7', 'odd9'];

describe('splitHostPattern', () => {
  it('splits on commas and colons, but not inside ranges or host addresses', () => {
    expect(splitHostPattern('a,b[1], c[2:3] , d')).toEqual(['a', 'b[1]', 'c[2:3]', 'd']);
    expect(splitHostPattern('web:&db:!x')).toEqual(['web', '&db', '!x']);
    expect(splitHostPattern('web[1:3]')).toEqual(['web[1:3]']);
    expect(splitHostPattern('10.0.0.5:22')).toEqual(['10.0.0.5:22']);
    expect(splitHostPattern(['a:b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

describe('selectHosts', () => {
  it.each<[string, string[]]>([
    ['web', [...WEB, 'web-extra']],
    ['web:db', [...WEB, 'web-extra', ...DB]],
    ['app:&db', DB],
    ['app:!odd*', [...WEB, 'web-extra', 'db-a', 'db-b', 'db-c', 'db-d', 'db-e', 'db-f']],
    ['web[0]', ['web01.example.com']],
    ['web[1:3]', ['web02.example.com', 'web03.example.com', 'web04.example.com']],
    ['web[-1]', ['web-extra']],
    ['web[4:]', ['web05.example.com', 'web-extra']],
    ['app[0:0]', ['web01.example.com']],
    ['~web0[13].*', ['web01.example.com', 'web03.example.com']],
    ['db-?', ['db-a', 'db-b', 'db-c', 'db-d', 'db-e', 'db-f']],
    ['lb1,web01.example.com', ['lb1', 'web01.example.com']],
    ['!web', ['loose.example.com', '10.0.0.5', 'lb1', 'lb2', ...DB]],
    // With a comma, only commas split: 'lb:&web*:!web05*' is one pattern that matches nothing.
    ['app,lb:&web*:!web05*', [...WEB, 'web-extra', ...DB]],
    [
      'app:lb:&web*:!web05*',
      ['web01.example.com', 'web02.example.com', 'web03.example.com', 'web04.example.com', 'web-extra'],
    ],
    ['ungr*', ['loose.example.com', '10.0.0.5']],
    ['nothing', []],
    ['localhost', ['localhost']],
  ])('%s', (pattern, expected) => {
    expect(selectHosts(inv, pattern)).toEqual(expected);
  });

  it('returns all hosts for all and *, in group order', () => {
    const all = selectHosts(inv, 'all');
    expect(all).toHaveLength(21);
    expect(selectHosts(inv, '*')).toEqual(all);
    // all's children are ungrouped and the top-level groups (lb, app); web and db sit under app.
    expect(all.slice(0, 5)).toEqual(['loose.example.com', '10.0.0.5', 'lb1', 'lb2', 'web01.example.com']);
  });

  it('fails on an out-of-range index and a bad regex', () => {
    expect(thrown(() => selectHosts(inv, 'web[9]')).code).toBe('FLT_INVENTORY_PATTERN');
    expect(thrown(() => selectHosts(inv, '~web(')).code).toBe('FLT_INVENTORY_PATTERN');
  });
});

describe('applyLimit', () => {
  it('keeps the selected order and accepts @file limits', () => {
    const hosts = selectHosts(inv, 'app');
    expect(applyLimit(inv, hosts, 'db:!odd*')).toEqual(['db-a', 'db-b', 'db-c', 'db-d', 'db-e', 'db-f']);
    const dir = tempTree({ limit: 'lb2\nweb02.example.com\n\n' });
    expect(applyLimit(inv, selectHosts(inv, 'all'), `@${join(dir, 'limit')}`)).toEqual([
      'lb2',
      'web02.example.com',
    ]);
    expect(applyLimit(inv, hosts, '@limit', { cwd: dir })).toEqual(['web02.example.com']);
    expect(thrown(() => applyLimit(inv, hosts, '@missing', { cwd: dir })).code).toBe(
      'FLT_INVENTORY_LIMIT_FILE',
    );
  });
});

// Checked with ansible-playbook --list-hosts / ansible-inventory --host (2.14).
describe('patterns: edge cases Ansible resolves quietly', () => {
  const small = loadInventory(['web1,web2,db1,']);

  it('drops a reversed bracket range as fnmatch does, so web[0:-1] matches nothing', () => {
    const unmatched: string[] = [];
    expect(selectHosts(small, 'web[0:-1]', { onUnmatched: (p) => unmatched.push(p) })).toEqual([]);
    expect(unmatched).toEqual(['web[0:-1]']);
  });

  it('reports each sub-pattern that matched nothing', () => {
    const unmatched: string[] = [];
    expect(selectHosts(small, 'web1:nope:db*', { onUnmatched: (p) => unmatched.push(p) })).toEqual([
      'web1',
      'db1',
    ]);
    expect(unmatched).toEqual(['nope']);
  });

  it('names the implicit localhost after the first alias selected', () => {
    const fresh = loadInventory(['web1,']);
    expect(selectHosts(fresh, 'localhost')).toEqual(['localhost']);
    expect(selectHosts(fresh, '127.0.0.1')).toEqual(['localhost']);
  });

  it('lets an inventory host named localhost stand for the other aliases', () => {
    const local = loadInventory(['localhost,web1,']);
    expect(selectHosts(local, '127.0.0.1')).toEqual(['localhost']);
  });

  it('fails, as ansible-playbook does, when --limit leaves no host', () => {
    expect(thrown(() => checkLimitLeavesHosts(small, 'nope')).message).toBe(
      'Specified inventory, host pattern and/or --limit leaves us with no hosts to target.',
    );
    expect(() => checkLimitLeavesHosts(small, 'web*')).not.toThrow();
    expect(() =>
      checkLimitLeavesHosts(loadInventory(['nothing-here.ini'], { cwd: '/tmp' }), 'x'),
    ).not.toThrow();
  });
});
