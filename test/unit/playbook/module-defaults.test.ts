/**
 * module_defaults as Ansible loads it, over a fixture tree standing in for ansible-core and a
 * collection (no Ansible needed): keys resolved (short names count as ansible.legacy and
 * ansible.builtin, routing redirects followed, library modules as ansible.legacy.x), group
 * names made fully qualified, action groups with extend_group, and Ansible's load errors.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModuleCatalog } from '../../../src/bridge/catalog.js';
import { ModuleResolver } from '../../../src/bridge/resolve.js';
import {
  groupsHolding,
  loadModuleDefaults,
  MODULE_DEFAULTS_TYPE_TEXT,
} from '../../../src/playbook/module-defaults.js';
import { tempDir } from '../../support/temp-dirs.js';

const root = tempDir('flotilla-h16def-unit-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text = '#!/usr/bin/python3\n'): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

for (const m of ['ping', 'file', 'copy', 'setup']) write(`site/ansible/modules/${m}.py`);
write(
  'site/ansible/config/ansible_builtin_runtime.yml',
  [
    'plugin_routing:',
    '  modules:',
    '    ini_file: {redirect: ns.coll.ini_file}',
    'action_groups:',
    '  testgroup:',
    '    - metadata: {extend_group: [ns.coll.tools, ns.missing.group]}',
    '    - ping',
    '    - nosuchmodule',
    '',
  ].join('\n'),
);
write('colls/ansible_collections/ns/coll/plugins/modules/ini_file.py');
write('colls/ansible_collections/ns/coll/plugins/modules/echo.py');
write(
  'colls/ansible_collections/ns/coll/meta/runtime.yml',
  'action_groups:\n  tools: [echo, ns.coll.ini_file]\n',
);
write('lib/mine.py');

function catalog(): ModuleCatalog {
  return new ModuleCatalog(
    new ModuleResolver({
      sitePackages: path.join(root, 'site'),
      collectionRoots: [path.join(root, 'colls')],
      libraryDirs: [path.join(root, 'lib')],
      modulePaths: [],
    }),
  );
}

describe('loadModuleDefaults', () => {
  it('resolves keys as Ansible stores them', () => {
    const loaded = loadModuleDefaults(
      {
        ping: { data: 1 },
        'ansible.builtin.file': { mode: '0600' },
        ini_file: { section: 's' },
        'ns.coll.echo': { word: '{{ w }}' },
        mine: { x: 1 },
      },
      catalog(),
    );
    expect(loaded).toEqual({
      value: [
        {
          'ansible.builtin.ping': { data: 1 },
          'ansible.builtin.file': { mode: '0600' },
          'ns.coll.ini_file': { section: 's' },
          'ns.coll.echo': { word: '{{ w }}' },
          'ansible.legacy.mine': { x: 1 },
        },
      ],
    });
  });

  it('keeps a list of dicts in order, and makes group names fully qualified', () => {
    const loaded = loadModuleDefaults(
      [{ 'group/testgroup': { a: 1 } }, { 'group/ns.coll.tools': { b: 2 } }, { ping: {} }],
      catalog(),
    );
    expect(loaded).toEqual({
      value: [
        { 'group/ansible.builtin.testgroup': { a: 1 } },
        { 'group/ns.coll.tools': { b: 2 } },
        { 'ansible.builtin.ping': {} },
      ],
    });
  });

  it("fails as Ansible's loader does", () => {
    const c = catalog();
    expect(loadModuleDefaults('{{ x }}', c)).toEqual({ problem: MODULE_DEFAULTS_TYPE_TEXT });
    expect(loadModuleDefaults([{ ping: {} }, 1], c)).toEqual({ problem: MODULE_DEFAULTS_TYPE_TEXT });
    expect(loadModuleDefaults({ nosuch: {} }, c)).toEqual({
      problem: 'Could not resolve action ansible.legacy.nosuch in module_defaults',
    });
    expect(loadModuleDefaults({ 'group/nosuch': {} }, c)).toEqual({
      problem:
        'Error loading module_defaults: could not resolve the module_defaults group ansible.builtin.nosuch',
    });
    expect(loadModuleDefaults({ 'group/ns.gone.g': {} }, c)).toEqual({
      problem: 'Error loading module_defaults: could not resolve the module_defaults group ns.gone.g',
    });
    expect(loadModuleDefaults(null, c)).toEqual({ value: undefined });
  });
});

describe('action groups', () => {
  it('hold their resolved actions and those of the groups they extend', () => {
    const c = catalog();
    expect(c.actionGroups.resolve('testgroup')).toEqual({
      name: 'ansible.builtin.testgroup',
      actions: ['ansible.builtin.ping', 'ns.coll.echo', 'ns.coll.ini_file'],
    });
    const defaults = [{ 'group/ansible.builtin.testgroup': {}, 'group/ns.coll.tools': {} }];
    expect(groupsHolding('ns.coll.echo', defaults, c)).toEqual([
      'ansible.builtin.testgroup',
      'ns.coll.tools',
    ]);
    expect(groupsHolding('ansible.builtin.ping', defaults, c)).toEqual(['ansible.builtin.testgroup']);
    expect(groupsHolding('ansible.builtin.file', defaults, c)).toEqual([]);
  });
});
