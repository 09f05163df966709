/**
 * Builds an Inventory the way Ansible's InventoryData does (add_group, add_host,
 * add_child, set_variable, reconcile_inventory), so parsers stay small and every
 * source type shares the same membership, `all`/`ungrouped` and depth rules.
 */
import { dirname } from 'node:path';
import { appendAll } from '../collections/append-all.js';
import { FlotillaError } from '../errors/index.js';
import { compareNames } from './groups.js';
import type { Inventory, InventoryGroup, InventoryHost } from './model.js';

interface GroupDraft {
  name: string;
  vars: Record<string, unknown>;
  hosts: string[];
  hostSet: Set<string>;
  children: string[];
  parents: string[];
  priority: number;
}

interface HostDraft {
  name: string;
  vars: Record<string, unknown>;
  /** Groups that list the host directly, in order. */
  direct: string[];
}

export class InventoryBuilder {
  private readonly groups = new Map<string, GroupDraft>();
  private readonly hosts = new Map<string, HostDraft>();
  /** The file being parsed; sets inventory_file / inventory_dir on hosts first seen there. */
  private source: string | undefined;
  private sourceDir: string | null = null;

  get currentSource(): string | undefined {
    return this.source;
  }

  set currentSource(file: string | undefined) {
    this.source = file;
    this.sourceDir = file ? dirname(file) : null;
  }

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  hasHost(name: string): boolean {
    return this.hosts.has(name);
  }

  addGroup(name: string): string {
    if (!name) throw new FlotillaError('FLT_INVENTORY_GROUP', `invalid empty group name`);
    if (!this.groups.has(name)) {
      this.groups.set(name, {
        name,
        vars: {},
        hosts: [],
        hostSet: new Set(),
        children: [],
        parents: [],
        priority: 1,
      });
    }
    return name;
  }

  addHost(name: string, group?: string, port?: number): void {
    if (!name) throw new FlotillaError('FLT_INVENTORY_HOST', 'invalid empty host name');
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, vars: {}, direct: [] };
      if (port !== undefined) host.vars.ansible_port = port;
      host.vars.inventory_file = this.source ?? null;
      host.vars.inventory_dir = this.sourceDir;
      this.hosts.set(name, host);
    }
    if (group !== undefined) this.addHostToGroup(this.requireGroup(group), host);
  }

  /** Ansible's set_variable: a group of that name wins over a host of that name. */
  setVariable(entity: string, key: string, value: unknown): void {
    const group = this.groups.get(entity);
    if (group) {
      if (key === 'ansible_group_priority') group.priority = toPriority(value, entity);
      else group.vars[key] = value;
      return;
    }
    const host = this.hosts.get(entity);
    if (!host)
      throw new FlotillaError('FLT_INVENTORY_ENTITY', `could not identify group or host named ${entity}`);
    host.vars[key] = value;
  }

  /** Adds a child group, or a host, to a group. */
  addChild(groupName: string, child: string): void {
    const group = this.requireGroup(groupName);
    const childGroup = this.groups.get(child);
    if (childGroup) {
      if (childGroup === group) throw loopError(child, groupName);
      if (group.children.includes(child)) return;
      if (this.ancestorsOf(groupName).has(child)) throw loopError(child, groupName);
      group.children.push(child);
      if (!childGroup.parents.includes(groupName)) childGroup.parents.push(groupName);
      return;
    }
    const host = this.hosts.get(child);
    if (!host) throw new FlotillaError('FLT_INVENTORY_ENTITY', `${child} is not a known host nor group`);
    this.addHostToGroup(group, host);
  }

  /** The hosts read so far, in the order first seen. */
  hostNames(): string[] {
    return [...this.hosts.keys()];
  }

  /**
   * A host's inventory variables as they stand mid-parse (an inventory plugin such as
   * constructed sees them so): its groups' and their ancestors' vars, by depth, priority and
   * name, then its own. Groups not yet tied to `all` have no `all` above them, as in Ansible.
   */
  inventoryVars(host: string): Record<string, unknown> {
    const draft = this.hosts.get(host);
    if (!draft) return {};
    const names = new Set<string>();
    for (const g of draft.direct) for (const a of [g, ...this.ancestorsOf(g)]) names.add(a);
    const depths = new Map<string, number>();
    const depthOf = (name: string) => this.depthOf(name, depths);
    const groups = [...names]
      .map((n) => this.groups.get(n)!)
      .sort(
        (a, b) =>
          depthOf(a.name) - depthOf(b.name) || a.priority - b.priority || compareNames(a.name, b.name),
      );
    const out: Record<string, unknown> = {};
    for (const g of groups) Object.assign(out, g.vars);
    return Object.assign(out, draft.vars);
  }

  /** reconcile_inventory: tie orphan groups to `all`, fix `ungrouped`, then freeze. */
  build(sources: string[]): Inventory {
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && group.parents.length === 0) this.addChild('all', group.name);
    }
    const ancestorCache = new Map<string, string[]>();
    const ancestors = (g: string): string[] => {
      let hit = ancestorCache.get(g);
      if (!hit) ancestorCache.set(g, (hit = [...this.ancestorsOf(g)]));
      return hit;
    };
    const ungrouped = this.groups.get('ungrouped')!;
    const leaveUngrouped = new Set<string>();
    const hosts = new Map<string, InventoryHost>();
    for (const host of this.hosts.values()) {
      const groups: string[] = [];
      const seen = new Set<string>();
      for (const g of host.direct) {
        for (const a of [...ancestors(g), g]) {
          if (!seen.has(a)) {
            seen.add(a);
            groups.push(a);
          }
        }
      }
      const others = groups.some((g) => g !== 'all' && g !== 'ungrouped');
      if (seen.has('ungrouped') && others) {
        leaveUngrouped.add(host.name);
        groups.splice(groups.indexOf('ungrouped'), 1);
      } else if (!seen.has('ungrouped') && !others) {
        this.addHostToGroup(ungrouped, host);
        if (!seen.has('all')) groups.push('all');
        groups.push('ungrouped');
      }
      hosts.set(host.name, { name: host.name, vars: host.vars, groups });
    }
    if (leaveUngrouped.size > 0) {
      ungrouped.hosts = ungrouped.hosts.filter((h) => !leaveUngrouped.has(h));
    }
    return { hosts, groups: this.freezeGroups(), sources };
  }

  private freezeGroups(): Map<string, InventoryGroup> {
    const depths = new Map<string, number>();
    const depthOf = (name: string) => this.depthOf(name, depths);
    const out = new Map<string, InventoryGroup>();
    for (const g of this.groups.values()) {
      out.set(g.name, {
        name: g.name,
        vars: g.vars,
        hosts: g.hosts,
        children: g.children,
        parents: g.parents,
        depth: depthOf(g.name),
        priority: g.priority,
      });
    }
    return out;
  }

  /** Ansible's group.depth: the longest path from a group with no parent (memoised in `memo`). */
  private depthOf(name: string, memo: Map<string, number>): number {
    const known = memo.get(name);
    if (known !== undefined) return known;
    let d = 0;
    for (const p of this.groups.get(name)!.parents) d = Math.max(d, this.depthOf(p, memo) + 1);
    memo.set(name, d);
    return d;
  }

  private ancestorsOf(name: string): Set<string> {
    const seen = new Set<string>();
    const stack = [...this.groups.get(name)!.parents];
    while (stack.length > 0) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      appendAll(stack, this.groups.get(g)!.parents);
    }
    return seen;
  }

  private requireGroup(name: string): GroupDraft {
    const group = this.groups.get(name);
    if (!group) throw new FlotillaError('FLT_INVENTORY_GROUP', `could not find group ${name} in inventory`);
    return group;
  }

  private addHostToGroup(group: GroupDraft, host: HostDraft): void {
    if (group.hostSet.has(host.name)) return;
    group.hostSet.add(host.name);
    group.hosts.push(host.name);
    host.direct.push(group.name);
  }
}

function loopError(child: string, parent: string): FlotillaError {
  return new FlotillaError(
    'FLT_INVENTORY_LOOP',
    `adding group '${child}' as child to '${parent}' creates a recursive dependency loop`,
  );
}

function toPriority(value: unknown, group: string): number {
  const n = typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value).trim(), 10);
  if (!Number.isFinite(n) || (typeof value === 'string' && !/^\s*[-+]?\d+\s*$/.test(value))) {
    throw new FlotillaError(
      'FLT_INVENTORY_PRIORITY',
      `ansible_group_priority of group ${group} must be an integer, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}
