/** Per-host counters for PLAY RECAP, incremented as Ansible's AggregateStats does. */

import { compareNames } from '../inventory/groups.js';
import { emptyStats, type HostStats } from '../output/events.js';
import type { UnitOutcome } from '../protocol/messages.js';
import { CustomStats } from './custom-stats.js';
import type { FailureOutcome } from './host-iterator.js';

export class RecapStats {
  private readonly stats = new Map<string, HostStats>();
  /** What set_stats reported (only an ok result's counts, as Ansible's strategy reads it). */
  readonly custom = new CustomStats();

  of(host: string): HostStats {
    let s = this.stats.get(host);
    if (!s) this.stats.set(host, (s = emptyStats()));
    return s;
  }

  /** Counts one task result; `failure` says how the iterator handled a failure. */
  record(outcome: UnitOutcome, failure?: FailureOutcome): void {
    const s = this.of(outcome.host);
    switch (outcome.status) {
      case 'unreachable':
        // ignore_unreachable: Ansible counts ok and ignored.
        if (outcome.ignored) {
          s.ok++;
          s.ignored++;
        } else s.unreachable++;
        break;
      case 'skipped':
        s.skipped++;
        break;
      case 'failed':
        if (outcome.ignored) {
          // Ansible counts an ignored failure as ok, ignored, and changed if it changed.
          s.ok++;
          s.ignored++;
          if (outcome.result.changed) s.changed++;
        } else if (failure === 'rescued') s.rescued++;
        else s.failed++;
        break;
      case 'changed':
        s.ok++;
        s.changed++;
        this.custom.record(outcome.host, outcome.result.ansible_stats);
        break;
      default:
        s.ok++;
        this.custom.record(outcome.host, outcome.result.ansible_stats);
    }
  }

  /** By host name as Python's sorted() orders them (code points: `B` before `a`), as the recap lists them. */
  snapshot(): Record<string, HostStats> {
    return Object.fromEntries([...this.stats.entries()].sort(([a], [b]) => compareNames(a, b)));
  }
}
