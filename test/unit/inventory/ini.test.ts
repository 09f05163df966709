import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getHostVars, loadInventory } from '../../../src/inventory/index.js';
import { parseIniValue } from '../../../src/inventory/ini.js';
import { FIXTURES, tempTree, thrown } from './helpers.js';

function ini(text: string) {
  const dir = tempTree({ 'hosts.ini': text });
  return { inv: loadInventory([join(dir, 'hosts.ini')]), file: join(dir, 'hosts.ini') };
}

describe('INI value typing (ast.literal_eval)', () => {
  it.each([
    ['1', 1],
    ['-3', -3],
    ['0x10', 16],
    ['1_000', 1000],
    ['1.5', 1.5],
    // A whole float stays a float (boxed), so it prints as 1000.0 as in Python.
    ['1e3', new Number(1000)],
    ['True', true],
    ['true', 'true'],
    ['None', null],
    ['010', '010'],
    ['"5"', '5'],
    ["'a' 'b'", 'ab'],
    ['"u\\"q"', 'u"q'],
    ['[1, "a"]', [1, 'a']],
    ['(1,)', [1]],
    ['1, 2', [1, 2]],
    ['{\'a\': 1, "b": [1, 2]}', { a: 1, b: [1, 2] }],
    ['{k:1}', '{k:1}'],
    ['5 # comment', 5],
    ['hello world', 'hello world'],
    ['--1', '--1'],
    ['f"x"', 'f"x"'],
  ])('%s', (raw, expected) => {
    expect(parseIniValue(raw)).toEqual(expected);
  });
});

describe('INI inventory', () => {
  it('types host-line vars after shlex removes quotes, and keeps [g:vars] quotes as strings', () => {
    const { inv } = ini('[g]\nh a=1 b="2" c=True d=true e="[1,2]" s=\'x y\'\n[g:vars]\nv=5\nq="5"\n');
    expect(getHostVars(inv, 'h')).toMatchObject({
      a: 1,
      b: 2,
      c: true,
      d: 'true',
      e: [1, 2],
      s: 'x y',
      v: 5,
      q: '5',
    });
  });

  it('expands numeric, zero-padded, alphabetic and stepped ranges', () => {
    const { inv } = ini('[w]\nweb[01:03].x\ndb-[a:c]\nodd[1:7:3]\nn[8:10]\n');
    expect(inv.groups.get('w')!.hosts).toEqual([
      'web01.x',
      'web02.x',
      'web03.x',
      'db-a',
      'db-b',
      'db-c',
      'odd1',
      'odd4',
      'odd7',
      'n8',
      'n9',
      'n10',
    ]);
  });

  it('takes the port from host:port and [v6]:port', () => {
    const { inv } = ini('a.example:2222\n[g]\n[2001:db8::1]:22\n');
    expect(inv.hosts.get('a.example')!.vars.ansible_port).toBe(2222);
    expect(inv.hosts.get('2001:db8::1')!.vars.ansible_port).toBe(22);
  });

  it('puts section-less hosts in ungrouped and removes them once they join a group', () => {
    const { inv } = ini('solo\nlater\n[g]\nlater\n');
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['solo']);
    expect(inv.groups.get('all')!.children).toEqual(['ungrouped', 'g']);
  });

  it('resolves [g:children] naming groups declared later, and computes depth', () => {
    const { inv } = ini('[top:children]\nmid\n[mid:children]\nleaf\n[leaf]\nh\n');
    expect(inv.groups.get('top')!.children).toEqual(['mid']);
    expect(inv.groups.get('mid')!.children).toEqual(['leaf']);
    expect(inv.groups.get('leaf')!.depth).toBe(3);
    expect(inv.hosts.get('h')!.groups!.sort()).toEqual(['all', 'leaf', 'mid', 'top']);
  });

  it('sets inventory_file and inventory_dir on hosts', () => {
    const { inv, file } = ini('h\n');
    expect(inv.hosts.get('h')!.vars).toMatchObject({ inventory_file: file });
  });

  it('reports an unknown section type with file:line and a suggestion', () => {
    const dir = tempTree({ inv: '[g]\nh\n[g:child]\nx\n' });
    const err = thrown(() => loadInventory([join(dir, 'inv')], { strict: true }));
    expect(err.code).toBe('FLT_INVENTORY_SECTION');
    expect(err.location).toEqual({ file: join(dir, 'inv'), line: 3, col: 1 });
    expect(err.hint).toContain('[g:children]');
  });

  it('reports a bad range with its line', () => {
    const dir = tempTree({ 'h.ini': '[g]\n\nweb[01:5]\n' });
    const err = thrown(() => loadInventory([join(dir, 'h.ini')], { strict: true }));
    expect(err.code).toBe('FLT_INVENTORY_RANGE');
    expect((err.location as { line: number }).line).toBe(3);
    expect(err.message).toContain('equal-length');
  });

  it('reports children naming an undefined group, with a did-you-mean hint', () => {
    const dir = tempTree({ 'h.ini': '[webservers]\nh\n[app:children]\nwebserver\n' });
    const err = thrown(() => loadInventory([join(dir, 'h.ini')], { strict: true }));
    expect(err.code).toBe('FLT_INVENTORY_UNDEFINED_GROUP');
    expect(err.message).toBe('Section [app:children] includes undefined group: webserver');
    expect(err.hint).toContain('webservers');
  });

  it('rejects [g:vars] for a group never declared, a trailing colon and bare words in vars', () => {
    const dir = tempTree({ a: '[g:vars]\nx=1\n', b: '[g]\nhost:\n', c: '[g]\nh novalue\n' });
    expect(thrown(() => loadInventory([join(dir, 'a')], { strict: true })).code).toBe(
      'FLT_INVENTORY_UNDEFINED_GROUP',
    );
    expect(thrown(() => loadInventory([join(dir, 'b')], { strict: true })).code).toBe(
      'FLT_INVENTORY_HOST_PATTERN',
    );
    expect(thrown(() => loadInventory([join(dir, 'c')], { strict: true })).code).toBe('FLT_INVENTORY_SYNTAX');
  });

  it('by default, as Ansible, warns about a source it cannot parse and keeps the other sources', () => {
    const dir = tempTree({ bad: '[g]\nh1\nh2 novalue\n', ok: '[o]\no1\n' });
    const inv = loadInventory([join(dir, 'bad'), join(dir, 'ok')]);
    // Like ansible-inventory, what the failed parse added before the bad line stays.
    expect([...inv.hosts.keys()]).toEqual(['h1', 'o1']);
    expect(inv.warnings).toContain(
      `\n* Failed to parse ${join(dir, 'bad')} with ini plugin: ${join(dir, 'bad')}:3: Expected key=value host variable assignment, got: novalue`,
    );
    expect(inv.warnings).toContain(`Unable to parse ${join(dir, 'bad')} as an inventory source`);
    const alone = loadInventory([join(dir, 'bad'), join(dir, 'missing')]);
    expect([...alone.hosts.keys()]).toEqual([]);
    expect(alone.warnings).toContain(`Unable to parse ${join(dir, 'missing')} as an inventory source`);
    expect(alone.warnings?.at(-1)).toBe('No inventory was parsed, only implicit localhost is available');
  });

  it('rejects group loops', () => {
    const dir = tempTree({ h: '[a:children]\nb\n[b:children]\na\n' });
    expect(thrown(() => loadInventory([join(dir, 'h')], { strict: true })).code).toBe('FLT_INVENTORY_LOOP');
  });

  it('reads the ranges fixture with typed [all:vars]', () => {
    const inv = loadInventory([join(FIXTURES, 'ranges.ini')]);
    expect(inv.hosts.size).toBe(21);
    expect(getHostVars(inv, 'db-c')).toMatchObject({
      role: 'db',
      tier: 'app',
      zip: '010',
      retries: 3,
      flag: false,
    });
  });
});

describe('host lists', () => {
  it('reads "h1,h2:2222," into ungrouped without expanding ranges', () => {
    const inv = loadInventory(['h1,h2:2222,web[1:2],']);
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['h1', 'h2', 'web[1:2]']);
    expect(inv.hosts.get('h2')!.vars.ansible_port).toBe(2222);
    expect(inv.hosts.get('h1')!.vars.inventory_file).toBeNull();
  });
});

describe('deeply nested INI values (issue 13, defect 9)', () => {
  it('types up to 200 nested brackets, as Python tokenizes them', () => {
    expect(parseIniValue(`${'['.repeat(200)}${']'.repeat(200)}`)).toBeInstanceOf(Array);
  });

  it.each([201, 100_000])('keeps a value %i brackets deep as text, as Ansible does', (depth) => {
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseIniValue(text)).toBe(text);
    const { inv } = ini(`[all]\nweb1\n[all:vars]\ndeep=${text}\n`);
    expect(getHostVars(inv, 'web1').deep).toBe(text);
  });
});
