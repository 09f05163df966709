import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  getHostVars,
  groupNames,
  groupsMagic,
  loadInventory,
  loadPlaybookVarsDirs,
  loadPlaybookVarsLayer,
} from '../../../src/inventory/index.js';
import { FIXTURES, tempTree } from './helpers.js';

describe('variable precedence', () => {
  const nested = loadInventory([join(FIXTURES, 'nested')]);

  it('ranks inline group vars < group_vars/all < group_vars/<group> < inline host < host_vars', () => {
    // Values checked against ansible-inventory 2.14 --host.
    expect(getHostVars(nested, 'web02.example.com')).toMatchObject({
      level: 'web-file-yml',
      inline: 'host',
      region: 'eu',
      planet: 'earth',
      enabled: true,
    });
    expect(getHostVars(nested, 'web01.example.com')).toMatchObject({
      level: 'host-file',
      inline: 'from-host-file',
    });
  });

  it('reads a group_vars directory recursively in sorted order, skipping hidden files', () => {
    const vars = getHostVars(nested, 'db01');
    expect(vars).toMatchObject({ level: 'db-dir', db_engine: 'mariadb', backup: true, ansible_port: 6543 });
    expect(vars).not.toHaveProperty('ignored');
  });

  it('orders groups by depth, then ansible_group_priority, then name', () => {
    const inv = loadInventory([join(FIXTURES, 'priority.ini')]);
    // alpha and beta are children of parent (depth 2); gamma is depth 1.
    expect(getHostVars(inv, 'h1').who).toBe('alpha');
    expect(getHostVars(inv, 'h3').who).toBe('beta');
    expect(getHostVars(inv, 'h2').only_parent).toBe(1);
  });

  it('replaces dicts instead of merging them', () => {
    const dir = tempTree({ h: '[g]\nh d="{\'b\': 2}"\n[all:vars]\nd={"a": 1}\n' });
    expect(getHostVars(loadInventory([join(dir, 'h')]), 'h').d).toEqual({ b: 2 });
  });

  it('gives the implicit localhost all vars, a local connection and the controller python', () => {
    const dir = tempTree({ h: '[all:vars]\nx=1\n[g]\nh\n' });
    expect(getHostVars(loadInventory([join(dir, 'h')]), 'localhost')).toEqual({
      x: 1,
      ansible_connection: 'local',
      ansible_python_interpreter: '/usr/bin/python3',
    });
  });
});

describe('playbook-adjacent vars', () => {
  const inv = loadInventory([join(FIXTURES, 'nested/hosts')]);
  const play = tempTree({
    'group_vars/all.yml': 'p_all: 1\nlevel: play-all\n',
    'group_vars/eu.yml': 'p_eu: 1\nlevel: play-eu\n',
    'host_vars/db01.yml': 'level: play-host\n',
  });

  it('returns a merged per-host layer', () => {
    const layer = loadPlaybookVarsDirs(play, inv);
    expect(layer.get('web02.example.com')).toEqual({ p_all: 1, p_eu: 1, level: 'play-eu' });
    expect(layer.get('db01')).toEqual({ p_all: 1, p_eu: 1, level: 'play-host' });
  });

  it('interleaves with inventory vars as Ansible does when passed as playbookLayers', () => {
    const layers = [loadPlaybookVarsLayer(play, inv)];
    // Playbook group_vars/eu beats inventory group_vars/web, but inline host vars beat both.
    expect(getHostVars(inv, 'web01.example.com', { playbookLayers: layers }).level).toBe('host-file');
    expect(getHostVars(inv, 'web02.example.com', { playbookLayers: layers }).level).toBe('play-eu');
    expect(getHostVars(inv, 'db01', { playbookLayers: layers }).level).toBe('play-host');
  });
});

describe('magic variables', () => {
  const inv = loadInventory([join(FIXTURES, 'ranges.ini')]);

  it('group_names is sorted, without all, with ungrouped for ungrouped hosts', () => {
    expect(groupNames(inv, 'db-a')).toEqual(['app', 'db']);
    expect(groupNames(inv, 'loose.example.com')).toEqual(['ungrouped']);
  });

  it('groups lists every group, all and ungrouped included, in Ansible order', () => {
    const groups = groupsMagic(inv);
    expect(groups.ungrouped).toEqual(['loose.example.com', '10.0.0.5']);
    expect(groups.app.slice(0, 2)).toEqual(['web01.example.com', 'web02.example.com']);
    expect(groups.all[0]).toBe('loose.example.com');
    expect(groups.all).toHaveLength(21);
    expect(Object.keys(groups)).toEqual(['all', 'ungrouped', 'web', 'db', 'lb', 'app']);
  });
});
