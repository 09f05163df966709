/**
 * Recap accounting exactly as Ansible's strategy counts (plugins/strategy/__init__.py):
 * - ok / changed result: ok+1, and changed+1 when it changed (a change is also an ok);
 * - failed with ignore_errors: ok+1 and ignored+1 (changed+1 if it changed), not failed;
 * - failed inside a block whose rescue runs: rescued+1, not failed;
 * - unreachable: unreachable+1, or ok+1 and ignored+1 with ignore_unreachable;
 * - skipped: skipped+1.
 * Per-item loop events are not counted: the loop's aggregate result is.
 */
import { emptyStats, type HostStats, type RunEvent } from './events.js';

export type HostResultEvent = Extract<RunEvent, { type: 'host_result' }>;

export class StatsCollector {
  /** Insertion-ordered; a host appears once anything was counted for it ("processed"). */
  private readonly byHost = new Map<string, HostStats>();

  /** Feeds any event; only aggregate host results count. */
  record(event: RunEvent): void {
    if (event.type !== 'host_result' || isItemResult(event)) return;
    applyResult(this.statsFor(event.host), event);
  }

  /** Stats per host, keys sorted as the recap prints them. */
  snapshot(): Record<string, HostStats> {
    const out: Record<string, HostStats> = {};
    for (const host of [...this.byHost.keys()].sort()) out[host] = { ...this.byHost.get(host)! };
    return out;
  }

  private statsFor(host: string): HostStats {
    let stats = this.byHost.get(host);
    if (!stats) {
      stats = emptyStats();
      this.byHost.set(host, stats);
    }
    return stats;
  }
}

/** A per-item result of a loop (as opposed to a task's aggregate result). */
export function isItemResult(event: HostResultEvent): boolean {
  return event.item !== undefined || event.label !== undefined;
}

function applyResult(stats: HostStats, event: HostResultEvent): void {
  const changed = event.status === 'changed' || event.result.changed === true;
  switch (event.status) {
    case 'ok':
    case 'changed':
      stats.ok++;
      if (changed) stats.changed++;
      return;
    case 'failed':
      if (event.ignored) {
        stats.ok++;
        stats.ignored++;
        if (changed) stats.changed++;
      } else if (event.rescued) {
        stats.rescued++;
      } else {
        stats.failed++;
      }
      return;
    case 'unreachable':
      if (event.ignored) {
        stats.ok++;
        stats.ignored++;
      } else {
        stats.unreachable++;
      }
      return;
    case 'skipped':
      stats.skipped++;
      return;
  }
}

/** Convenience: stats for a whole list of events. */
export function computeStats(events: Iterable<RunEvent>): Record<string, HostStats> {
  const collector = new StatsCollector();
  for (const event of events) collector.record(event);
  return collector.snapshot();
}
