/**
 * Host variables merged as Ansible's VariableManager merges them (hash_behaviour=replace,
 * default precedence): `all` inline < other groups inline (by depth, priority, name)
 * < group_vars/all beside inventory < beside playbook < group_vars/<group> beside
 * inventory < beside playbook < host inline < host_vars beside inventory < beside playbook.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { assignMarked, mergeMarked } from '../python/unsafe.js';
import { groupHosts, hostGroups, requireHost, sortGroups } from './groups.js';
import type { Inventory, InventoryGroup, VarsDirLayer } from './model.js';
import { LOCALHOST_NAMES, varsFileHosts } from './patterns.js';
import { PLAYBOOK_PYTHON } from './playbook-python.js';
import { loadVarsDirLayer } from './vars-files.js';

export interface HostVarsOptions {
  /** group_vars/host_vars layers beside the playbook(s), from loadPlaybookVarsLayer. */
  playbookLayers?: VarsDirLayer[];
}

/**
 * The inventory-level variables of a host: a new object (nested values are shared with
 * the inventory, do not mutate them). Magic variables (inventory_hostname, group_names,
 * groups) are not included; `inventory_file`/`inventory_dir` are, as in Ansible.
 */
export function getHostVars(
  inv: Inventory,
  host: string,
  options: HostVarsOptions = {},
): Record<string, unknown> {
  const inventoryLayers = inv.varsLayers ?? [];
  const playLayers = options.playbookLayers ?? [];
  if (!inv.hosts.has(host) && LOCALHOST_NAMES.includes(host)) {
    return implicitLocalhostVars(inv, host, [...inventoryLayers, ...playLayers]);
  }
  const h = requireHost(inv, host);
  const groups = sortGroups(
    inv,
    hostGroups(inv, host).filter((g) => g !== 'all'),
  );
  const out: Record<string, unknown> = mergeMarked(inv.groups.get('all')?.vars);
  for (const g of groups) assignMarked(out, g.vars);
  for (const layer of inventoryLayers) assignMarked(out, layer.groups.get('all'));
  for (const layer of playLayers) assignMarked(out, layer.groups.get('all'));
  assignGroupFiles(out, inventoryLayers, groups);
  assignGroupFiles(out, playLayers, groups);
  assignMarked(out, h.vars);
  for (const layer of inventoryLayers) assignMarked(out, layer.hosts.get(host));
  for (const layer of playLayers) assignMarked(out, layer.hosts.get(host));
  return out;
}

/**
 * Ansible's implicit localhost (a `localhost` not in the inventory): in no group, its own
 * vars are `all`'s plus a local connection and the controller's Python.
 */
function implicitLocalhostVars(
  inv: Inventory,
  host: string,
  layers: VarsDirLayer[],
): Record<string, unknown> {
  const allVars = inv.groups.get('all')?.vars ?? {};
  const out: Record<string, unknown> = mergeMarked(allVars);
  for (const layer of layers) assignMarked(out, layer.groups.get('all'));
  // Its own host vars (a local connection, the controller's Python) rank above every group
  // var, group_vars/all included (InventoryData._create_implicit_localhost).
  out.ansible_python_interpreter = PLAYBOOK_PYTHON;
  out.ansible_connection = 'local';
  for (const layer of layers) assignMarked(out, layer.hosts.get(host));
  return out;
}

/** Source by source, then group by group: this is how get_vars_from_inventory_sources loops. */
function assignGroupFiles(
  out: Record<string, unknown>,
  layers: VarsDirLayer[],
  groups: InventoryGroup[],
): void {
  for (const layer of layers) {
    if (layer.groups.size === 0) continue;
    for (const g of groups) assignMarked(out, layer.groups.get(g.name));
  }
}

/** group_vars/ and host_vars/ beside a playbook, for the inventory's groups and hosts. */
export function loadPlaybookVarsLayer(dir: string, inv: Inventory, warnings: string[] = []): VarsDirLayer {
  return loadVarsDirLayer(resolve(dir), inv.groups.keys(), varsFileHosts(inv), warnings);
}

/**
 * Playbook-adjacent vars as one merged layer per host (group_vars/all < groups by
 * (depth, priority, name) < host_vars). Hosts with nothing there are absent.
 * For Ansible's exact interleaving with inventory vars (playbook group_vars rank below
 * inline host vars), prefer getHostVars(inv, host, { playbookLayers: [loadPlaybookVarsLayer(dir, inv)] }).
 */
export function loadPlaybookVarsDirs(dir: string, inv: Inventory): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!existsSync(dir)) return out;
  const layer = loadPlaybookVarsLayer(dir, inv);
  if (layer.groups.size === 0 && layer.hosts.size === 0) return out;
  for (const host of inv.hosts.keys()) {
    const merged: Record<string, unknown> = { ...layer.groups.get('all') };
    const groups = sortGroups(
      inv,
      hostGroups(inv, host).filter((g) => g !== 'all'),
    );
    for (const g of groups) assignMarked(merged, layer.groups.get(g.name));
    assignMarked(merged, layer.hosts.get(host));
    if (Object.keys(merged).length > 0) out.set(host, merged);
  }
  return out;
}

/** Hosts of a group in Ansible's order (re-exported for callers that need `groups[x]`). */
export { groupHosts };
