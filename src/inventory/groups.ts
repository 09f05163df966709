/**
 * Group relationships as Ansible computes them: a host's groups (with ancestors),
 * group depth, `sort_groups` order, `group.get_hosts()` order, and the magic
 * `group_names` / `groups` variables.
 */

import { appendAll } from '../collections/append-all.js';
import { closestMatch, FlotillaError } from '../errors/index.js';
import type { Inventory, InventoryGroup, InventoryHost } from './model.js';

export function requireHost(inv: Inventory, name: string): InventoryHost {
  const host = inv.hosts.get(name);
  if (!host) {
    const guess = closestMatch(name, inv.hosts.keys());
    throw new FlotillaError('FLT_INVENTORY_UNKNOWN_HOST', `host ${name} is not in the inventory`, {
      hint: guess ? `did you mean "${guess}"?` : undefined,
    });
  }
  return host;
}

/** Every group of a host, ancestors included (Ansible's `host.get_groups()`). */
export function hostGroups(inv: Inventory, name: string): string[] {
  const host = requireHost(inv, name);
  if (host.groups) return host.groups;
  // Hand-built inventories may lack the loader's precomputed list.
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const g of inv.groups.values()) if (g.hosts.includes(name)) stack.push(g.name);
  while (stack.length > 0) {
    const g = stack.pop()!;
    if (seen.has(g)) continue;
    seen.add(g);
    appendAll(stack, parentsOf(inv, g));
  }
  return [...seen];
}

function parentsOf(inv: Inventory, name: string): string[] {
  const group = inv.groups.get(name)!;
  if (group.parents) return group.parents;
  const parents: string[] = [];
  for (const g of inv.groups.values()) if (g.children.includes(name)) parents.push(g.name);
  return parents;
}

export function groupDepth(inv: Inventory, group: InventoryGroup): number {
  if (group.depth !== undefined) return group.depth;
  let d = 0;
  for (const p of parentsOf(inv, group.name)) d = Math.max(d, groupDepth(inv, inv.groups.get(p)!) + 1);
  return d;
}

/** sort_groups: by (depth, priority, name), so deeper (child) groups override parents. */
export function sortGroups(inv: Inventory, names: string[]): InventoryGroup[] {
  const keyed = names.map((n) => {
    const g = inv.groups.get(n)!;
    return { g, depth: groupDepth(inv, g), priority: g.priority ?? 1 };
  });
  keyed.sort((a, b) => a.depth - b.depth || a.priority - b.priority || compareNames(a.g.name, b.g.name));
  return keyed.map((k) => k.g);
}

/** Python's str ordering (code points), not locale ordering. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `group_names` magic variable: sorted, without `all` (Ansible keeps `ungrouped`). */
export function groupNames(inv: Inventory, host: string): string[] {
  return hostGroups(inv, host)
    .filter((g) => g !== 'all')
    .sort(compareNames);
}

/**
 * `group.get_hosts()`: the group's own hosts, then its children's, level by level
 * (breadth first, in child order), without duplicates.
 */
export function groupHosts(inv: Inventory, name: string): string[] {
  const group = inv.groups.get(name);
  if (!group) return [];
  const out: string[] = [];
  const seenHosts = new Set<string>();
  const seenGroups = new Set<string>([name]);
  let level: InventoryGroup[] = [group];
  while (level.length > 0) {
    const next: InventoryGroup[] = [];
    for (const g of level) {
      for (const h of g.hosts) {
        // The implicit localhost may be in a group (group_by), never in `all`.
        if (name === 'all' && !inv.hosts.has(h)) continue;
        if (!seenHosts.has(h)) {
          seenHosts.add(h);
          out.push(h);
        }
      }
      for (const c of g.children) {
        if (!seenGroups.has(c)) {
          seenGroups.add(c);
          next.push(inv.groups.get(c)!);
        }
      }
    }
    level = next;
  }
  return out;
}

/** The `groups` magic variable, including `all` and `ungrouped`. */
export function groupsMagic(inv: Inventory): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of inv.groups.keys()) out[name] = groupHosts(inv, name);
  return out;
}
