/**
 * A worker's copy of the run's in-memory inventory. group_by and add_host change it at once
 * (so the task's `changed`, its later loop items and the host's later tasks see the change);
 * changes made elsewhere arrive from the main thread's inventory log with the next unit or
 * play. Either way the derived views are refreshed: `groups`, the changed hosts' inventory
 * variables (hostvars), and the worker's own hosts' vars and group_names.
 */
import {
  type AppliedChange,
  applyInventoryChange,
  getHostVars,
  groupNames,
  groupsMagic,
  type Inventory,
  loadNewEntityVars,
  type VarsDirLayer,
} from '../inventory/index.js';
import type { InventoryChange, InventoryLogEntry, PlayData, WorkerInit } from '../protocol/messages.js';
import { type HostState, newHostState } from './host-state.js';

export class WorkerInventory {
  /** The highest log entry applied. */
  private seq = 0;

  constructor(
    private readonly init: WorkerInit,
    private readonly inventory: Inventory,
    private readonly layers: VarsDirLayer[],
    private readonly hosts: Map<string, HostState>,
    private readonly plays: Map<string, PlayData>,
  ) {}

  /** Applies a change this worker's task made; returns Ansible's `changed`. */
  applyLocal(change: InventoryChange): boolean {
    const applied = applyInventoryChange(this.inventory, change);
    this.loadVars([applied]);
    this.refresh(applied.hosts);
    return applied.changed;
  }

  /** Vars files of the groups and hosts the changes created. */
  private loadVars(applied: AppliedChange[]): void {
    loadNewEntityVars(
      [...(this.inventory.varsLayers ?? []), ...this.layers],
      applied.flatMap((a) => a.newGroups),
      applied.flatMap((a) => (a.newHost ? [a.newHost] : [])),
    );
  }

  /** Applies the log entries not applied yet (this worker's own were applied when made). */
  applyLog(entries: InventoryLogEntry[] | undefined): void {
    const touched = new Set<string>();
    const applied: AppliedChange[] = [];
    let any = false;
    for (const { seq, origin, change } of entries ?? []) {
      if (seq <= this.seq) continue;
      this.seq = seq;
      if (origin === this.init.shard) continue;
      any = true;
      if (change.kind === 'assign') {
        if (change.shard === this.init.shard && !this.hosts.has(change.host))
          this.adopt(change.host, change.slot);
        continue;
      }
      try {
        const one = applyInventoryChange(this.inventory, change);
        applied.push(one);
        for (const h of one.hosts) touched.add(h);
      } catch {
        // The main thread applied it first and reported what it could not apply.
      }
    }
    if (!any) return;
    this.loadVars(applied);
    this.refresh([...touched]);
  }

  /** A host the main thread gave this worker for a play (a new add_host host, for one). */
  private adopt(name: string, slot: number): void {
    const known = this.inventory.hosts.has(name);
    const vars =
      this.init.allHostVars[name] ?? getHostVars(this.inventory, name, { playbookLayers: this.layers });
    this.hosts.set(
      name,
      newHostState({
        name,
        slot,
        vars,
        groupNames: known ? groupNames(this.inventory, name) : [],
        // InventoryData._create_implicit_localhost: its address is 127.0.0.1
        ...(known ? {} : { address: '127.0.0.1' }),
      }),
    );
  }

  private refresh(changedHosts: string[]): void {
    const groups = groupsMagic(this.inventory);
    for (const play of this.plays.values()) play.groups = groups;
    for (const name of changedHosts) {
      const known = this.inventory.hosts.has(name);
      const vars = getHostVars(this.inventory, name, { playbookLayers: this.layers });
      if (known) this.init.allHostVars[name] = vars;
      const own = this.hosts.get(name);
      if (!own) continue;
      own.vars = vars;
      own.groupNames = known
        ? groupNames(this.inventory, name)
        : Object.keys(groups)
            .filter((g) => g !== 'all' && groups[g].includes(name))
            .sort();
    }
  }
}
