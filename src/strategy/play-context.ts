/**
 * The state of one play on the main thread, and "run one task on one host" from the main
 * thread's side: route the unit to the host's owner worker, emit its events, count it, and
 * move the host's iterator on.
 */
import type { UnitOutcome, UnitRequest } from '../executor/messages.js';
import type { RunEvent, TaskResult } from '../output/events.js';
import type { ShardMap } from '../plan/shard.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { HostPool } from '../pool/host-pool.js';
import type { FailureOutcome, HostIterator } from './host-iterator.js';
import type { RecapStats } from './recap-stats.js';

export interface RunState {
  pool: HostPool;
  shards: ShardMap;
  stats: RecapStats;
  emit(event: RunEvent): void;
  /** Hosts out of the run for good (unreachable, failed): later plays skip them. */
  failedHosts: Set<string>;
  unreachableHosts: Set<string>;
  interrupted: boolean;
}

export class PlayContext {
  /** Hosts whose connection failed at pre-establishment, reported at the first task. */
  readonly pendingUnreachable = new Map<string, TaskResult>();
  readonly iterators = new Map<string, HostIterator>();
  /** Handler names (and listen topics) each host has notified. */
  readonly notified = new Map<string, Set<string>>();
  private readonly announced = new Set<string>();
  /** Hosts failed in this batch (for max_fail_percentage). */
  readonly batchFailed = new Set<string>();
  stopped = false;
  breakPlay = false;
  /** Highest task position dispatched so far (to tell whether work was left undone). */
  lastOrderRun = -1;
  private failedTask?: { name: string; id: string };
  private readonly failedResults = new Map<string, TaskResult>();

  constructor(
    readonly run: RunState,
    readonly playId: string,
    readonly batch: string[],
    readonly maxFailPercentage?: number,
  ) {}

  /** Emits the TASK banner once per task (free strategy: when the first host starts it). */
  announce(spec: TaskSpec, hostsTotal: number): void {
    if (this.announced.has(spec.id)) return;
    this.announced.add(spec.id);
    this.run.emit({
      type: 'task_start',
      taskId: spec.id,
      name: spec.name,
      action: spec.action,
      hostsTotal,
      handler: spec.handler,
    });
    for (const [host, result] of this.pendingUnreachable) {
      this.run.emit({
        type: 'host_result',
        host,
        task: spec.name,
        action: spec.action,
        status: 'unreachable',
        result,
      });
      this.run.stats.record({
        host,
        taskId: spec.id,
        status: 'unreachable',
        result,
        ignored: false,
        notified: [],
        durationMs: 0,
        noLog: false,
      });
    }
    this.pendingUnreachable.clear();
  }

  /** Runs one task on one host and applies the outcome. Never throws. */
  async dispatch(host: string, spec: TaskSpec, iterator = this.iterators.get(host)): Promise<UnitOutcome> {
    const shard = this.run.shards.owner.get(host)!;
    if (!spec.handler) this.lastOrderRun = Math.max(this.lastOrderRun, spec.order);
    const unit: UnitRequest = { playId: this.playId, host, taskId: spec.id, batch: this.batch };
    const failed = this.failedResults.get(host);
    if (failed && this.failedTask) {
      unit.failedTask = this.failedTask;
      unit.failedResult = failed;
    }
    let outcome: UnitOutcome;
    try {
      outcome = await this.run.pool.runUnit(shard, unit);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      outcome = {
        host,
        taskId: spec.id,
        status: 'failed',
        result: { failed: true, changed: false, msg },
        ignored: false,
        notified: [],
        durationMs: 0,
        noLog: false,
      };
    }
    this.apply(spec, outcome, iterator);
    return outcome;
  }

  private apply(spec: TaskSpec, outcome: UnitOutcome, iterator: HostIterator | undefined): void {
    const { host } = outcome;
    let failure: FailureOutcome | undefined;
    if (outcome.status === 'unreachable') {
      this.run.unreachableHosts.add(host);
      iterator?.stop();
    } else {
      failure = iterator?.complete(outcome.status === 'failed' && !outcome.ignored);
      if (failure) {
        this.failedTask = { name: spec.name, id: spec.id };
        this.failedResults.set(host, outcome.result);
      }
      if (failure === 'failed') {
        // A failed handler ends the host's play; a failed task lets its iterator run pending always sections.
        if (iterator !== this.iterators.get(host)) this.iterators.get(host)?.stop();
        this.run.failedHosts.add(host);
        this.batchFailed.add(host);
      }
    }
    const common = { host, task: spec.name, taskId: spec.id, action: spec.action, noLog: outcome.noLog };
    for (const item of outcome.items ?? []) {
      this.run.emit({
        type: 'host_result',
        ...common,
        status: item.status,
        result: item.result,
        item: item.item,
        label: item.label,
      });
    }
    this.run.emit({
      type: 'host_result',
      ...common,
      status: outcome.status,
      result: outcome.result,
      ignored: outcome.ignored,
      durationMs: outcome.durationMs,
      delegatedTo: outcome.delegatedTo,
      loop: outcome.items !== undefined,
      rescued: failure === 'rescued',
    });
    this.run.stats.record(outcome, failure);
    if (outcome.notified.length) {
      let set = this.notified.get(host);
      if (!set) this.notified.set(host, (set = new Set()));
      for (const n of outcome.notified) set.add(n);
    }
    if (outcome.meta === 'end_host') this.iterators.get(host)?.stop();
    if (outcome.meta === 'end_play') this.stopped = true;
    if (
      outcome.status === 'failed' &&
      !outcome.ignored &&
      failure === 'failed' &&
      spec.keywords.any_errors_fatal
    ) {
      this.breakPlay = true;
    }
  }

  /** Hosts still running this play. */
  activeHosts(): string[] {
    return this.batch.filter((h) => !this.run.unreachableHosts.has(h) && !this.iterators.get(h)?.stopped);
  }
}
