/**
 * The in-memory inventory changes of group_by and add_host, as Ansible's
 * InventoryManager.add_dynamic_group / add_dynamic_host make them (then reconcile_inventory):
 * the main thread applies each to the run's inventory, and every worker to its copy.
 */
import { isDeepStrictEqual } from 'node:util';
import type { InventoryChange } from '../protocol/messages.js';
import type { Inventory, InventoryGroup, VarsDirLayer } from './model.js';
import { LOCALHOST_NAMES } from './patterns.js';
import { loadVarsDirLayer } from './vars-files.js';

export interface AppliedChange {
  /** Ansible's `changed` for the task's result. */
  changed: boolean;
  /** Hosts whose groups or own variables changed (their variables need recomputing). */
  hosts: string[];
  /** Groups this change created. */
  newGroups: string[];
  /** The host add_host created. */
  newHost?: string;
}

/**
 * group_vars/<group> and host_vars/<host> files of groups and hosts that appeared at run time,
 * read into each vars layer (beside the inventory, beside the playbook) as Ansible's
 * host_group_vars plugin reads them when it first meets the name.
 */
export function loadNewEntityVars(layers: VarsDirLayer[], groups: string[], hosts: string[]): void {
  if (groups.length === 0 && hosts.length === 0) return;
  for (const layer of layers) {
    const found = loadVarsDirLayer(layer.dir, groups, hosts, []);
    for (const [k, v] of found.groups) layer.groups.set(k, v);
    for (const [k, v] of found.hosts) layer.hosts.set(k, v);
  }
}

/** Applies one group_by/add_host change to `inv` (an `assign` changes nothing here). */
export function applyInventoryChange(inv: Inventory, change: InventoryChange): AppliedChange {
  if (change.kind === 'group_by') return addDynamicGroup(inv, change.host, change.group, change.parents);
  if (change.kind === 'add_host') return addDynamicHost(inv, change.name, change.groups, change.vars);
  return { changed: false, hosts: [], newGroups: [] };
}

/**
 * Ansible's to_safe_group_name with TRANSFORM_INVALID_GROUP_CHARS=never: a name that is not
 * a Python identifier is kept, and warned about.
 */
export function isInvalidGroupName(name: string): boolean {
  return /^[\d\W]|[^\w]/u.test(name);
}

export const INVALID_GROUP_CHARS_WARNING =
  'Invalid characters were found in group names but not replaced, use -vvvv to see details';

function addDynamicGroup(
  inv: Inventory,
  hostName: string,
  groupName: string,
  parents: string[],
): AppliedChange {
  // Ansible's implicit localhost joins the group without joining the inventory's hosts.
  if (!inv.hosts.has(hostName) && !LOCALHOST_NAMES.includes(hostName))
    throw new Error(`${hostName} cannot be matched in inventory`);
  const newGroups: string[] = [];
  let changed = false;
  const group = ensureGroup(inv, groupName, newGroups);
  for (const p of parents) {
    if (!inv.groups.has(p)) {
      ensureGroup(inv, p, newGroups);
      changed = true;
    }
  }
  let linked = false;
  for (const p of parents) if (addChild(inv.groups.get(p)!, group)) linked = changed = true;
  // add_dynamic_group: membership decides `changed` when the host was not in the group yet.
  if (!group.hosts.includes(hostName)) changed = addHostTo(group, hostName);
  reconcile(inv, newGroups, [hostName]);
  // A new parent gives every host of the group new ancestors; otherwise only this host changed.
  const hosts = linked ? [...new Set([hostName, ...groupHostsDeep(inv, group)])] : [hostName];
  refreshHostGroups(inv, hosts);
  return { changed, hosts, newGroups };
}

function addDynamicHost(
  inv: Inventory,
  name: string,
  groups: string[],
  vars: Record<string, unknown>,
): AppliedChange {
  const newGroups: string[] = [];
  let changed = false;
  let host = inv.hosts.get(name);
  const isNew = !host;
  if (!host) {
    // InventoryData.add_host(name, 'all') outside any source: no inventory file.
    host = { name, vars: { inventory_file: null, inventory_dir: null }, groups: [] };
    inv.hosts.set(name, host);
    addHostTo(inv.groups.get('all')!, name);
    changed = true;
  }
  const combined = { ...host.vars, ...vars };
  if (!isDeepStrictEqual(host.vars, combined)) {
    host.vars = combined;
    changed = true;
  }
  for (const g of groups) {
    if (!inv.groups.has(g)) changed = true;
    if (addHostTo(ensureGroup(inv, g, newGroups), name)) changed = true;
  }
  if (changed) reconcile(inv, newGroups, [name]);
  refreshHostGroups(inv, [name]);
  return { changed, hosts: [name], newGroups, ...(isNew ? { newHost: name } : {}) };
}

function ensureGroup(inv: Inventory, name: string, created: string[]): InventoryGroup {
  let group = inv.groups.get(name);
  if (!group) {
    group = { name, vars: {}, hosts: [], children: [], parents: [], depth: 0 };
    inv.groups.set(name, group);
    created.push(name);
  }
  return group;
}

function addChild(parent: InventoryGroup, child: InventoryGroup): boolean {
  if (parent.children.includes(child.name)) return false;
  parent.children.push(child.name);
  child.parents = [...(child.parents ?? []), parent.name];
  return true;
}

function addHostTo(group: InventoryGroup, host: string): boolean {
  if (group.hosts.includes(host)) return false;
  group.hosts.push(host);
  return true;
}

/**
 * reconcile_inventory for what one change touched: orphan groups under `all`, `ungrouped`
 * right for the changed hosts (no other host's groups changed), depths recomputed.
 */
function reconcile(inv: Inventory, newGroups: string[], changedHosts: string[]): void {
  const all = inv.groups.get('all')!;
  for (const name of newGroups) {
    const g = inv.groups.get(name)!;
    if ((g.parents ?? []).length === 0) addChild(all, g);
  }
  const ungrouped = inv.groups.get('ungrouped');
  if (ungrouped) {
    for (const name of changedHosts) {
      if (!inv.hosts.has(name)) continue;
      const direct = directGroups(inv, name);
      const others = direct.some((g) => g !== 'all' && g !== 'ungrouped');
      if (others && direct.includes('ungrouped')) ungrouped.hosts = ungrouped.hosts.filter((h) => h !== name);
      else if (!others && !direct.includes('ungrouped')) addHostTo(ungrouped, name);
    }
  }
  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    depth.set(name, 0);
    let d = 0;
    for (const p of inv.groups.get(name)?.parents ?? []) d = Math.max(d, depthOf(p) + 1);
    depth.set(name, d);
    return d;
  };
  for (const g of inv.groups.values()) g.depth = depthOf(g.name);
}

/** Every host in the group or its descendants. */
function groupHostsDeep(inv: Inventory, group: InventoryGroup): string[] {
  const out = new Set<string>();
  const stack = [group.name];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const g = inv.groups.get(stack.pop()!)!;
    if (seen.has(g.name)) continue;
    seen.add(g.name);
    for (const h of g.hosts) out.add(h);
    stack.push(...g.children);
  }
  return [...out];
}

/** host.groups: every group of the host with its ancestors, `all` included. */
function refreshHostGroups(inv: Inventory, hosts: string[]): void {
  for (const name of hosts) {
    const host = inv.hosts.get(name);
    if (!host) continue;
    const seen = new Set<string>();
    const stack = directGroups(inv, name);
    while (stack.length > 0) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...(inv.groups.get(g)?.parents ?? []));
    }
    seen.add('all');
    host.groups = [...seen];
  }
}

/** The groups that list the host itself. */
function directGroups(inv: Inventory, host: string): string[] {
  const out: string[] = [];
  for (const g of inv.groups.values()) if (g.hosts.includes(host)) out.push(g.name);
  return out;
}
