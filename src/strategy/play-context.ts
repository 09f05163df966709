/**
 * The state of one play on the main thread, and "run one task on one host" from the main
 * thread's side: route the unit to the host's owner worker, emit its events, count it, and
 * move the host's iterator on.
 */
import { traitsOf } from '../actions/table.js';
import { FlotillaError } from '../errors/index.js';
import type { RunEvent, TaskResult } from '../output/events.js';
import type { ShardMap } from '../plan/shard.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { isLegacyInclude } from '../playbook/legacy-include.js';
import { INCLUDE_RUN_DEPRECATION } from '../playbook/load-notices.js';
import type { HostPool } from '../pool/host-pool.js';
import type { AsyncEvent, UnitOutcome, UnitRequest } from '../protocol/messages.js';
import { failedOutcome, plainOutcome } from '../protocol/outcomes.js';
import { assignMarked, mergeMarked } from '../python/unsafe.js';
import { Semaphore } from '../sync/semaphore.js';
import { invalidRegisterText, isPythonIdentifier } from '../text/python-identifier.js';
import { HandlerRegistry } from './handler-registry.js';
import type { FailureOutcome, HostIterator } from './host-iterator.js';
import { HostvarsLog } from './hostvars-log.js';
import type { IncludeExpander } from './includes.js';
import type { InventoryLog } from './inventory-log.js';
import type { RecapStats } from './recap-stats.js';

/** Worker errors that are the play's own, not one host's: they end the run. */
const ENDS_THE_RUN: ReadonlySet<string> = new Set(['FLT_PLAY_VARS_FILE']);

export interface RunState {
  pool: HostPool;
  shards: ShardMap;
  stats: RecapStats;
  emit(event: RunEvent): void;
  /** Hosts out of the run for good (unreachable, failed): later plays skip them. */
  failedHosts: Set<string>;
  unreachableHosts: Set<string>;
  interrupted: boolean;
  /** Variable updates per host, shipped to the other workers for `hostvars`. */
  hostvars?: HostvarsLog;
  /** group_by/add_host changes to the run's inventory, shipped to every worker. */
  inventoryLog?: InventoryLog;
  /** --start-at-task while no play has matched it yet. */
  startAtTask?: string;
  /** Playbook files whose remaining plays do not run (a whole batch failed, or a fatal error). */
  stoppedPlaybooks?: Set<string>;
  /** The last batch that ran was broken by any_errors_fatal or max_fail_percentage (exit 2). */
  lastBatchBroken?: boolean;
  /** --forks: host-tasks in flight across the run (host_pinned also bounds the hosts in flight). */
  forks: number;
  /** Hosts whose facts the gather_facts action gathered (`gathering = smart` gathers them once). */
  factsGathered?: Set<string>;
}

/** Why a host's pre-establishment failed: unreachable, or its worker died. */
export interface ConnectFailure {
  status: 'unreachable' | 'failed';
  result: TaskResult;
}

export class PlayContext {
  /**
   * Pre-establishment in flight, per host: resolves to undefined once connected, or to the
   * unreachable result, which the host's first remote task reports.
   */
  readonly connecting = new Map<string, Promise<ConnectFailure | undefined>>();
  readonly iterators = new Map<string, HostIterator>();
  /** Handler names (and listen topics) each host has notified. */
  readonly notified = new Map<string, Set<string>>();
  private readonly announced = new Set<string>();
  /** `throttle: n` semaphores, one per task, shared by every worker. */
  private readonly throttles = new Map<string, SharedArrayBuffer>();
  /** Hosts failed in this batch (for max_fail_percentage). */
  readonly batchFailed = new Set<string>();
  stopped = false;
  breakPlay = false;
  /** Highest task position dispatched so far (to tell whether work was left undone). */
  lastOrderRun = -1;
  /** Hosts in the serial batch, counting those that failed in earlier plays (Ansible's batch_size). */
  batchSize: number;
  /** Hosts that run their remaining tasks of the section after the others (meta clear_host_errors). */
  readonly laggingHosts = new Set<string>();
  /** Task banners printed (or being printed) by strategies that announce a task with its first host. */
  readonly lazyBanners = new Map<string, Promise<void>>();
  private failedTask?: { name: string; id: string };
  private readonly failedResults = new Map<string, TaskResult>();
  /** Defaults and vars of roles that `public: true` include_roles made the play's. */
  private readonly publicRoles = { version: 0, vars: {} as Record<string, unknown>, defaults: {} };
  /** The play's handlers (its own, its roles', and those include_role adds as the play runs). */
  readonly handlers: HandlerRegistry;

  constructor(
    readonly run: RunState,
    readonly playId: string,
    readonly batch: string[],
    readonly maxFailPercentage?: number,
    private readonly includes?: IncludeExpander,
    handlers?: TaskSpec[],
  ) {
    this.handlers = new HandlerRegistry(handlers ?? []);
    this.handlersKnown = handlers !== undefined;
    this.batchSize = batch.length;
  }

  /** Whether the play's handlers were given (only then is a notification of none an error). */
  private readonly handlersKnown: boolean;

  /** `included: file for h1, h2` lines, grouped per file (and item) as Ansible prints them. */
  private readonly pendingIncluded = new Map<
    string,
    { file: string; label?: string; hosts: string[]; noLog: boolean }
  >();

  flushIncluded(): void {
    // Ansible lists hosts as their results arrive, which with its in-order workers is the
    // inventory order in practice; ours finish in any order, so use the batch order.
    const order = (h: string) => this.batch.indexOf(h);
    for (const inc of this.pendingIncluded.values()) {
      const hosts = [...inc.hosts].sort((a, b) => order(a) - order(b));
      this.run.emit({ type: 'included', file: inc.file, hosts, item: inc.label, noLog: inc.noLog });
    }
    this.pendingIncluded.clear();
  }

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
  }

  /** Runs one task on one host and applies the outcome. Never throws. */
  async dispatch(host: string, spec: TaskSpec, iterator = this.iterators.get(host)): Promise<UnitOutcome> {
    if (!spec.handler) this.lastOrderRun = Math.max(this.lastOrderRun, spec.order);
    const failure = await this.connected(host, spec);
    if (failure) {
      const outcome = plainOutcome(host, spec.id, failure.status, failure.result);
      this.apply(spec, outcome, iterator);
      return outcome;
    }
    const unit = this.unitFor(host, spec);
    unit.throttle = this.throttleOf(spec);
    const failed = this.failedResults.get(host);
    if (failed && this.failedTask) {
      unit.failedTask = this.failedTask;
      unit.failedResult = failed;
    }
    const outcome = await this.send(unit, spec.keywords.changed_when);
    this.apply(spec, outcome, iterator);
    return outcome;
  }

  /**
   * Sends a unit to the worker that owns its host, with the hostvars updates that worker has
   * not seen, and logs the vars it changed and the inventory changes it made (whose `changed`
   * the run's inventory settles, unless the task's `changed_when` says). A worker error
   * becomes a failed outcome.
   */
  async send(unit: UnitRequest, changedWhen?: unknown): Promise<UnitOutcome> {
    const shard = this.run.shards.owner.get(unit.host)!;
    this.run.hostvars ??= new HostvarsLog();
    unit.hostvarUpdates = this.run.hostvars.takeFor(shard, this.run.shards.owner);
    unit.inventoryUpdates = this.run.inventoryLog?.takeFor(shard);
    let outcome: UnitOutcome;
    try {
      outcome = await this.run.pool.runUnit(shard, unit);
    } catch (err) {
      // an AnsibleError of the play itself (a vars_files name undefined) ends the run, as the
      // strategy's get_vars raising it does in Ansible
      if (err instanceof FlotillaError && ENDS_THE_RUN.has(err.code)) throw err;
      outcome = failedOutcome(unit.host, unit.taskId, err instanceof Error ? err.message : String(err));
    }
    if (outcome.varsUpdate) this.run.hostvars.add(outcome.varsUpdate);
    if (outcome.inventoryChanges)
      this.run.inventoryLog?.settle(outcome, shard, changedWhen !== undefined, this.run.emit);
    for (const u of outcome.delegatedUpdates ?? []) this.run.hostvars.add(u);
    for (const u of [outcome.varsUpdate, ...(outcome.delegatedUpdates ?? [])])
      if (u?.facts?._ansible_facts_gathered === true) (this.run.factsGathered ??= new Set()).add(u.host);
    return outcome;
  }

  /** The banner name of `spec` as `host` renders it (Ansible templates it with the first host's vars). */
  async renderTaskName(host: string, spec: TaskSpec): Promise<string> {
    if (!/\{\{|\{%/.test(spec.name)) return spec.name;
    const shard = this.run.shards.owner.get(host);
    if (shard === undefined) return spec.name;
    try {
      return await this.run.pool.renderTaskName(shard, this.unitFor(host, spec));
    } catch {
      return spec.name;
    }
  }

  /**
   * The linear strategy templates a templated action name with each host's variables, in
   * order, before it queues the task anywhere: the first host (index) whose variables make
   * it fail, and the error; undefined when every host renders it.
   */
  async templatedActionError(
    hosts: string[],
    spec: TaskSpec,
  ): Promise<{ index: number; error: string } | undefined> {
    const errors = await Promise.all(
      hosts.map((host) => {
        const shard = this.run.shards.owner.get(host);
        return shard === undefined
          ? undefined
          : this.run.pool.templatedActionError(shard, this.unitFor(host, spec));
      }),
    );
    const index = errors.findIndex((e) => e !== undefined);
    return index < 0 ? undefined : { index, error: errors[index] as string };
  }

  /**
   * The unit for one host-task. Once a `public: true` include_role has run, its role's
   * defaults and vars are the play's (Ansible appends the role to play.roles): every task
   * from then on, on every host, sees them; the spec goes with the unit under its own id.
   */
  private unitFor(host: string, spec: TaskSpec): UnitRequest {
    const unit: UnitRequest = { playId: this.playId, host, taskId: spec.id, batch: this.batch };
    if (spec.dynamic) unit.spec = spec;
    const late = this.publicRoles;
    if (late.version > 0) {
      unit.taskId = `${spec.id}@public${late.version}`;
      unit.spec = {
        ...spec,
        id: unit.taskId,
        dynamic: true,
        keywords: {
          ...spec.keywords,
          vars: mergeMarked(late.vars, spec.keywords.vars),
          role_defaults: { ...late.defaults, ...(spec.keywords.role_defaults as object | undefined) },
        },
      };
    }
    return unit;
  }

  /** Waits for the host's pre-establishment before its first task that needs the host. */
  private async connected(host: string, spec: TaskSpec): Promise<ConnectFailure | undefined> {
    const pending = this.connecting.get(host);
    if (!pending || (!traitsOf(spec.action).waitsForConnection && spec.keywords.delegate_to === undefined))
      return undefined;
    this.connecting.delete(host);
    const failure = await pending;
    // An unreachable pre-connection is for the task to report: its own connection variables
    // (play, role, block, task vars, set_fact) may reach the host where the host's did not,
    // and ignore_unreachable is the task's. The worker answers at once when they are the same.
    return failure?.status === 'unreachable' ? undefined : failure;
  }

  private apply(spec: TaskSpec, outcome: UnitOutcome, iterator: HostIterator | undefined): void {
    const { host } = outcome;
    let failure: FailureOutcome | undefined;
    if (outcome.status === 'unreachable' && !outcome.ignored) {
      this.run.unreachableHosts.add(host);
      iterator?.stop();
    } else {
      failure = iterator?.complete(outcome.status === 'failed' && !outcome.ignored);
      if (failure) {
        this.failedTask = { name: spec.unnamed ? '' : ownName(spec), id: spec.id };
        this.failedResults.set(host, outcome.result);
      }
      if (failure === 'failed') {
        // A failed handler ends the host's play; a failed task lets its iterator run pending always sections.
        if (iterator !== this.iterators.get(host)) this.iterators.get(host)?.stop();
        this.run.failedHosts.add(host);
        this.batchFailed.add(host);
      }
    }
    if (this.handlersKnown) this.checkNotified(outcome);
    // Ansible neither shows nor counts a meta or include_role task that ran (a skipped one is shown).
    const quiet = traitsOf(spec.action).quietWhenOk && outcome.status === 'ok';
    const common = {
      host,
      task: spec.name,
      taskId: spec.id,
      action: outcome.action ?? spec.action,
      noLog: outcome.noLog,
    };
    // Resolved in Ansible's forked worker, a templated name's deprecation shows once per host-task.
    for (const d of outcome.moduleDeprecations ?? [])
      this.run.emit({
        type: 'deprecation',
        msg: d.msg,
        version: d.version,
        date: d.date,
        collection: d.collection_name,
        everyTime: true,
      });
    for (const item of outcome.items ?? []) {
      this.emitRetries(common, item.retried, item.delegatedTo);
      this.emitAsync(common, item.asyncEvents, item.delegatedTo);
      this.run.emit({
        type: 'host_result',
        ...common,
        diff: outcome.diff,
        status: item.status,
        result: item.result,
        item: item.item,
        label: item.label,
        delegatedTo: item.delegatedTo,
      });
    }
    this.emitRetries(common, outcome.retried, outcome.delegatedTo);
    this.emitAsync(common, outcome.asyncEvents, outcome.delegatedTo);
    // Ansible records notifications (and prints -vv's NOTIFIED HANDLER) before the task's result.
    if (outcome.notified.length) this.recordNotified(host, outcome.notified);
    if (!quiet)
      this.run.emit({
        type: 'host_result',
        ...common,
        diff: outcome.diff,
        status: outcome.status,
        result: outcome.result,
        ignored: outcome.ignored,
        durationMs: outcome.durationMs,
        ...(outcome.sessions ? { sessions: outcome.sessions } : {}),
        ...(outcome.roundTrips !== undefined ? { roundTrips: outcome.roundTrips } : {}),
        delegatedTo: outcome.delegatedTo,
        loop: outcome.items !== undefined,
        rescued: failure === 'rescued',
      });
    if (!quiet) this.run.stats.record(outcome, failure);
    // Ansible's strategy checks the registered name once the result is shown, and stops the run.
    const register = spec.keywords.register;
    if (register !== undefined && !isPythonIdentifier(register))
      throw new FlotillaError('FLT_TASK_REGISTER', invalidRegisterText(register));
    if (traitsOf(spec.action).include && this.includes && iterator && !failure)
      this.include(spec, outcome, iterator);
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

  /** The attempts `until` retried, as Ansible's v2_runner_retry reports them (before the result). */
  private emitRetries(
    common: { host: string; task: string; taskId: string; action: string; noLog: boolean },
    retried: TaskResult[] | undefined,
    delegatedTo: string | undefined,
  ): void {
    for (const result of retried ?? []) this.run.emit({ type: 'host_retry', ...common, result, delegatedTo });
  }

  /** An async job's polls and end, as Ansible's v2_runner_on_async_* report them (before the result). */
  private emitAsync(
    common: { host: string; task: string; taskId: string; action: string; noLog: boolean },
    events: AsyncEvent[] | undefined,
    delegatedTo: string | undefined,
  ): void {
    for (const { kind, result } of events ?? [])
      this.run.emit({ type: 'host_async', kind, ...common, result, delegatedTo });
  }

  /** Ansible (ERROR_ON_MISSING_HANDLER) stops the run, before printing the result, when a notify reaches no handler. */
  private checkNotified(outcome: UnitOutcome): void {
    const missing = outcome.notified.find((n) => this.handlers.resolve(n).length === 0);
    if (missing === undefined) return;
    throw new FlotillaError(
      'FLT_HANDLER_NOT_FOUND',
      `The requested handler '${missing}' was not found in either the main handlers list nor in the listening handlers list`,
      { host: outcome.host, hint: "Check the notify name against the handlers' names and listen topics." },
    );
  }

  private recordNotified(host: string, names: string[]): void {
    let set = this.notified.get(host);
    if (!set) this.notified.set(host, (set = new Set()));
    for (const n of names) set.add(n);
    for (const handler of this.handlers.notify(host, names))
      this.run.emit({ type: 'verbose', level: 2, message: `NOTIFIED HANDLER ${handler.name} for ${host}` });
  }

  /** The task's throttle semaphore (a literal positive `throttle`), created on first use. */
  private throttleOf(spec: TaskSpec): SharedArrayBuffer | undefined {
    const n = Number(spec.keywords.throttle);
    if (!Number.isInteger(n) || n < 1) return undefined;
    let sab = this.throttles.get(spec.id);
    if (!sab) this.throttles.set(spec.id, (sab = Semaphore.create(n).buffer));
    return sab;
  }

  private include(spec: TaskSpec, outcome: UnitOutcome, iterator: HostIterator): void {
    // A dynamic bare `include:` warns again as its file comes in (IncludedFile.process_include_results).
    if (isLegacyInclude(spec.actionAsWritten))
      this.run.emit({ type: 'deprecation', ...INCLUDE_RUN_DEPRECATION });
    const { files, nodes, handlers, exposed } = this.includes!.expand(spec, outcome);
    for (const role of exposed) {
      assignMarked(this.publicRoles.vars, role.vars);
      assignMarked(this.publicRoles.defaults, role.defaults);
      this.publicRoles.version++;
    }
    iterator.include(nodes);
    // include_role adds its role's handlers to the play's, once per include (not per host).
    for (const h of handlers) this.handlers.add(h.specs, h.key);
    // Ansible counts each included file as one ok for the host.
    if (files.length > 1) this.run.stats.of(outcome.host).ok += files.length - 1;
    for (const [i, f] of files.entries()) {
      const key = `${spec.id}|${i}|${f.file}|${f.label ?? ''}`;
      let entry = this.pendingIncluded.get(key);
      if (!entry)
        this.pendingIncluded.set(
          key,
          (entry = { file: f.file, label: f.label, hosts: [], noLog: outcome.noLog }),
        );
      entry.hosts.push(outcome.host);
    }
  }

  /** run_once: what the first host got also lands on the others (registered var, facts, notify). */
  async copyRunOnce(spec: TaskSpec, outcome: UnitOutcome, hosts: string[]): Promise<void> {
    await Promise.all(
      hosts.map(async (host) => {
        const shard = this.run.shards.owner.get(host)!;
        const unit = this.unitFor(host, spec);
        unit.copyResult = outcome.result;
        const copied = await this.run.pool.runUnit(shard, unit);
        if (copied.varsUpdate) this.run.hostvars?.add(copied.varsUpdate);
        this.iterators.get(host)?.complete(false);
        if (outcome.notified.length) this.recordNotified(host, outcome.notified);
      }),
    );
  }

  /** Hosts still running this play. */
  activeHosts(): string[] {
    return this.batch.filter((h) => !this.run.unreachableHosts.has(h) && !this.iterators.get(h)?.stopped);
  }
}

/** A task's own name, without the `role : ` its display name carries (ansible_failed_task.name). */
function ownName(spec: TaskSpec): string {
  const prefix = spec.role ? `${spec.role} : ` : '';
  return prefix && spec.name.startsWith(prefix) ? spec.name.slice(prefix.length) : spec.name;
}
