/**
 * group_by and add_host on the in-memory inventory, as Ansible 2.14's add_dynamic_group /
 * add_dynamic_host and reconcile_inventory leave it (membership, `changed`, `all` and
 * `ungrouped`, depth, host vars), and the vars files of groups that appear at run time.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyInventoryChange,
  getHostVars,
  groupNames,
  groupsMagic,
  type Inventory,
  isInvalidGroupName,
  loadInventory,
  loadNewEntityVars,
  loadPlaybookVarsLayer,
} from '../../../src/inventory/index.js';
import type { InventoryChange } from '../../../src/protocol/messages.js';
import { tempTree } from './helpers.js';

function fleet(): Inventory {
  const dir = tempTree({
    'hosts.ini': '[fleet]\nh1\nh2 color=blue\nh3\n\n[other]\nlone\n',
  });
  const inv = loadInventory([join(dir, 'hosts.ini')]);
  // A host in no group is in `ungrouped`.
  applyInventoryChange(inv, { kind: 'add_host', name: 'solo', groups: [], vars: {} });
  return inv;
}

describe('group_by', () => {
  it('puts the host in a new group under all, changed the first time only', () => {
    const inv = fleet();
    const first = applyInventoryChange(inv, { kind: 'group_by', host: 'h1', group: 'g', parents: ['all'] });
    expect(first).toMatchObject({ changed: true, newGroups: ['g'] });
    expect(
      applyInventoryChange(inv, { kind: 'group_by', host: 'h1', group: 'g', parents: ['all'] }).changed,
    ).toBe(false);
    expect(
      applyInventoryChange(inv, { kind: 'group_by', host: 'h3', group: 'g', parents: ['all'] }).changed,
    ).toBe(true);
    expect(groupsMagic(inv).g).toEqual(['h1', 'h3']);
    expect(inv.groups.get('all')?.children).toContain('g');
    expect(groupNames(inv, 'h1')).toEqual(['fleet', 'g']);
  });

  it('creates missing parents under all, with the group one level deeper', () => {
    const inv = fleet();
    applyInventoryChange(inv, { kind: 'group_by', host: 'h2', group: 'kind-a', parents: ['tops', 'fleet'] });
    expect(inv.groups.get('tops')?.children).toEqual(['kind-a']);
    expect(inv.groups.get('all')?.children).toContain('tops');
    expect(inv.groups.get('all')?.children).not.toContain('kind-a');
    expect(inv.groups.get('kind-a')?.depth).toBe(2);
    expect(groupNames(inv, 'h2')).toEqual(['fleet', 'kind-a', 'tops']);
    expect(groupsMagic(inv).tops).toEqual(['h2']);
  });

  it('takes a host out of ungrouped once it is in a group', () => {
    const inv = fleet();
    expect(groupsMagic(inv).ungrouped).toEqual(['solo']);
    applyInventoryChange(inv, { kind: 'group_by', host: 'solo', group: 'g', parents: ['all'] });
    expect(groupsMagic(inv).ungrouped).toEqual([]);
    expect(groupNames(inv, 'solo')).toEqual(['g']);
  });

  it('lets the implicit localhost join a group without joining all', () => {
    const inv = fleet();
    applyInventoryChange(inv, { kind: 'group_by', host: 'localhost', group: 'ctl', parents: ['all'] });
    expect(groupsMagic(inv).ctl).toEqual(['localhost']);
    expect(groupsMagic(inv).all).not.toContain('localhost');
    expect(() =>
      applyInventoryChange(inv, { kind: 'group_by', host: 'nope', group: 'g', parents: [] }),
    ).toThrow('nope cannot be matched in inventory');
  });

  it('warns of group names that are not identifiers, as Ansible does', () => {
    expect(isInvalidGroupName('kind-a')).toBe(true);
    expect(isInvalidGroupName('1st')).toBe(true);
    expect(isInvalidGroupName('color_blue')).toBe(false);
  });
});

describe('add_host', () => {
  it('adds a new host directly under all (first in groups.all), with no inventory file', () => {
    const inv = fleet();
    const r = applyInventoryChange(inv, {
      kind: 'add_host',
      name: 'new1',
      groups: ['added'],
      vars: { ansible_host: '127.0.0.2', ansible_ssh_port: 2222 },
    });
    expect(r).toMatchObject({ changed: true, newGroups: ['added'], newHost: 'new1' });
    expect(groupsMagic(inv).all.slice(0, 2)).toEqual(['solo', 'new1']);
    expect(groupsMagic(inv).added).toEqual(['new1']);
    expect(groupsMagic(inv).ungrouped).toEqual(['solo']);
    expect(groupNames(inv, 'new1')).toEqual(['added']);
    expect(getHostVars(inv, 'new1')).toEqual({
      ansible_host: '127.0.0.2',
      ansible_ssh_port: 2222,
      inventory_file: null,
      inventory_dir: null,
    });
  });

  it('is unchanged when nothing is new, changed when a var or a group is', () => {
    const inv = fleet();
    const change: InventoryChange = { kind: 'add_host', name: 'n', groups: ['a'], vars: { x: 1 } };
    expect(applyInventoryChange(inv, change).changed).toBe(true);
    expect(applyInventoryChange(inv, change).changed).toBe(false);
    expect(applyInventoryChange(inv, { ...change, vars: { x: 2 } }).changed).toBe(true);
    expect(applyInventoryChange(inv, { ...change, vars: { x: 2 }, groups: ['b'] }).changed).toBe(true);
    expect(groupNames(inv, 'n')).toEqual(['a', 'b']);
    expect(getHostVars(inv, 'n').x).toBe(2);
  });

  it('adds an inventory host to a group, keeping its variables', () => {
    const inv = fleet();
    expect(
      applyInventoryChange(inv, { kind: 'add_host', name: 'h2', groups: ['added'], vars: {} }).changed,
    ).toBe(true);
    expect(groupNames(inv, 'h2')).toEqual(['added', 'fleet']);
    expect(getHostVars(inv, 'h2').color).toBe('blue');
  });
});

describe('vars files of groups and hosts made at run time', () => {
  it('reads group_vars/<new group> and host_vars/<new host> beside the playbook', () => {
    const dir = tempTree({
      'hosts.ini': '[fleet]\nh1\n',
      'group_vars/dyn.yml': 'from_group: yes\n',
      'host_vars/new1.yml': 'from_host: 1\n',
    });
    const inv = loadInventory([join(dir, 'hosts.ini')]);
    const layer = loadPlaybookVarsLayer(dir, inv);
    const a = applyInventoryChange(inv, { kind: 'group_by', host: 'h1', group: 'dyn', parents: ['all'] });
    const b = applyInventoryChange(inv, { kind: 'add_host', name: 'new1', groups: ['dyn'], vars: {} });
    loadNewEntityVars([layer], [...a.newGroups, ...b.newGroups], [b.newHost!]);
    expect(getHostVars(inv, 'h1', { playbookLayers: [layer] }).from_group).toBe(true);
    expect(getHostVars(inv, 'new1', { playbookLayers: [layer] })).toMatchObject({
      from_group: true,
      from_host: 1,
    });
  });
});
