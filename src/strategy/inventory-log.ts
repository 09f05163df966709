/**
 * group_by / add_host across workers. A unit's outcome reports the inventory changes its task
 * made (its worker applied them already); the main thread applies them to the run's
 * inventory (later plays' host patterns, `groups`, new hosts' shards) and appends them to this
 * log, numbered. Each worker gets, with its next unit, the entries it has not been sent; a
 * play's start carries the entries some worker lacks, and each worker skips those it has.
 */
import {
  type AppliedChange,
  applyInventoryChange,
  INVALID_GROUP_CHARS_WARNING,
  type Inventory,
  isInvalidGroupName,
} from '../inventory/index.js';
import type { HostStatus, RunEvent, TaskResult } from '../output/events.js';
import { assignShard, type ShardMap } from '../plan/shard.js';
import type { InventoryChange, InventoryLogEntry, UnitOutcome } from '../protocol/messages.js';

export class InventoryLog {
  private readonly entries: InventoryLogEntry[] = [];
  /** How many entries each shard has been sent. */
  private readonly sent = new Map<number, number>();
  private warnedInvalidGroup = false;

  constructor(
    private readonly inventory: Inventory,
    private readonly shards: ShardMap,
    /** Registry slots the run has: a new host takes the next one. */
    private readonly slotCapacity: number,
  ) {}

  /**
   * Applies the changes a unit's task made to the run's inventory, in the order results
   * arrive (as Ansible's strategy does), logs them for the other workers, and settles the
   * task's `changed` from the run's inventory: its worker only knew its own view.
   * `changedWhen`: the task's changed_when, which has the last word (post_process_whens).
   */
  settle(outcome: UnitOutcome, origin: number, changedWhen: boolean, emit: (event: RunEvent) => void): void {
    const changes = outcome.inventoryChanges ?? [];
    const changed = changes.map((change) => this.apply(change, origin, emit));
    if (changedWhen || outcome.status === 'failed' || outcome.status === 'unreachable') return;
    if (!outcome.items) {
      if (changed.length === 1) settleStatus(outcome, changed[0]);
      return;
    }
    // A loop: its items that made a change, in order; the task changed when one of them did.
    let next = 0;
    for (const item of outcome.items) {
      if (next >= changed.length) break;
      if (!('add_host' in item.result || 'add_group' in item.result) || item.status === 'failed') continue;
      if (item.status === 'ok' || item.status === 'changed') settleStatus(item, changed[next]);
      next++;
    }
    if (outcome.items.some((i) => i.status === 'changed')) settleStatus(outcome, true);
  }

  /** Applies one change; returns Ansible's `changed` for it. */
  private apply(change: InventoryChange, origin: number, emit: (event: RunEvent) => void): boolean {
    let applied: AppliedChange;
    try {
      applied = applyInventoryChange(this.inventory, change);
    } catch (err) {
      emit({ type: 'warning', message: err instanceof Error ? err.message : String(err) });
      return false;
    }
    if (!this.warnedInvalidGroup && applied.newGroups.some(isInvalidGroupName)) {
      this.warnedInvalidGroup = true;
      emit({ type: 'warning', message: INVALID_GROUP_CHARS_WARNING });
    }
    this.entries.push({ seq: this.entries.length + 1, origin, change });
    return applied.changed;
  }

  /** Gives each of `hosts` without a worker one (a host add_host made, for one), and logs it. */
  assignHosts(hosts: string[]): void {
    for (const host of hosts) {
      if (this.shards.owner.has(host)) continue;
      const { shard, slot } = assignShard(this.shards, host, this.slotCapacity);
      this.entries.push({ seq: this.entries.length + 1, change: { kind: 'assign', host, shard, slot } });
    }
  }

  /** The entries `shard` has not been sent (its own changes left out); marks them sent. */
  takeFor(shard: number): InventoryLogEntry[] | undefined {
    const from = this.sent.get(shard) ?? 0;
    if (from === this.entries.length) return undefined;
    this.sent.set(shard, this.entries.length);
    const out = this.entries.slice(from).filter((e) => e.origin !== shard);
    return out.length ? out : undefined;
  }

  /** For a play's start, sent to every worker: the entries some worker has not been sent. */
  takeForAll(): InventoryLogEntry[] | undefined {
    let from = this.entries.length;
    for (let shard = 0; shard < this.shards.workerCount; shard++)
      from = Math.min(from, this.sent.get(shard) ?? 0);
    for (let shard = 0; shard < this.shards.workerCount; shard++) this.sent.set(shard, this.entries.length);
    return from === this.entries.length ? undefined : this.entries.slice(from);
  }
}

/** A result's `changed` and the status it shows. */
function settleStatus(o: { status: HostStatus; result: TaskResult }, changed: boolean): void {
  o.result.changed = changed;
  o.status = changed ? 'changed' : 'ok';
}
