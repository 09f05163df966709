import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryHostnames } from '../../../src/executor/loop-items.js';
import { hasHostVarsFiles, hostVarsFiles } from '../../../src/executor/vars-files.js';
import { tempDir } from '../../support/temp-dirs.js';

function playbookDir(): string {
  const dir = tempDir('flt-varsfiles-');
  mkdirSync(path.join(dir, 'vars'));
  writeFileSync(path.join(dir, 'vars', 'Debian.yml'), 'flavor: debian\n');
  writeFileSync(path.join(dir, 'vars', 'default.yml'), 'flavor: generic\nport: 1\n');
  writeFileSync(path.join(dir, 'common.yml'), 'port: 2\n');
  return dir;
}

const render = (vars: Record<string, string>) => (name: string) =>
  name.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => {
    if (!(k in vars))
      throw Object.assign(new Error(`'${k}' is undefined`), { code: 'FLT_TEMPLATE_UNDEFINED' });
    return vars[k];
  });

describe('vars_files per host', () => {
  it('needs per-host resolution only for templated names and lists of alternatives', () => {
    expect(hasHostVarsFiles(['vars/a.yml'])).toBe(false);
    expect(hasHostVarsFiles(['vars/{{ x }}.yml'])).toBe(true);
    expect(hasHostVarsFiles([['a.yml', 'b.yml']])).toBe(true);
  });

  it('loads the first alternative found (vars/ first), later entries overriding', () => {
    const dir = playbookDir();
    const entries = ['default.yml', ['{{ os }}.yml', 'default.yml'], 'common.yml'];
    expect(hostVarsFiles(entries, dir, render({ os: 'Debian' }), true)).toEqual({
      flavor: 'debian',
      port: 2,
    });
    expect(hostVarsFiles(entries, dir, render({ os: 'RedHat' }), true)).toEqual({
      flavor: 'generic',
      port: 2,
    });
  });

  it('skips an entry naming a fact before facts are gathered, fails after', () => {
    const dir = playbookDir();
    expect(hostVarsFiles([['{{ os }}.yml']], dir, render({}), false)).toEqual({});
    expect(() => hostVarsFiles([['{{ os }}.yml']], dir, render({}), true)).toThrow(/undefined variable/);
    expect(() => hostVarsFiles(['missing.yml'], dir, render({}), true)).toThrow(
      'vars file missing.yml was not found',
    );
  });
});

describe('with_inventory_hostnames patterns', () => {
  const groups = { all: ['a', 'b', 'c', 'web1'], web: ['web1', 'b'], db: ['c'], ungrouped: ['a'] };
  it('unions, exclusions, intersections and wildcards in inventory order', () => {
    expect(inventoryHostnames(['all:!db'], groups)).toEqual(['a', 'b', 'web1']);
    expect(inventoryHostnames(['web:&all'], groups)).toEqual(['web1', 'b']);
    expect(inventoryHostnames(['db,a'], groups)).toEqual(['c', 'a']);
    // A matching group's hosts come in the group's order, then matching host names (checked with Ansible).
    expect(inventoryHostnames(['w*'], groups)).toEqual(['web1', 'b']);
    expect(inventoryHostnames(['web[0]', 'localhost'], groups)).toEqual(['web1', 'localhost']);
  });
});
