/**
 * One worker's world: its shard of hosts and their state, their connections
 * (host-connections.ts), the global forks semaphore, a template engine, and the task loop
 * (module-runner.ts runs a task's module). The Piscina entry in workers/ is a thin harness
 * over this class.
 */

import { threadId } from 'node:worker_threads';
import { traitsOf } from '../actions/table.js';
import type { TransportTable } from '../connection/transports.js';
import { FlotillaError } from '../errors/index.js';
import { isUndefinedError, templateErrorText, undefinedFieldText } from '../errors/task-errors.js';
import type { TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { isTemplatedActionName } from '../playbook/templated-action.js';
import type {
  HostVarsUpdate,
  InventoryChange,
  PlayData,
  PreconnectOutcome,
  UnitOutcome,
  UnitRequest,
  WorkerInit,
} from '../protocol/messages.js';
import { plainOutcome } from '../protocol/outcomes.js';
import { boolean } from '../python/boolean.js';
import { assignMarked, copyMarks, markUnsafe, withVars } from '../python/unsafe.js';
import { Semaphore } from '../sync/semaphore.js';
import { addTemplatePluginDirs, Templar } from '../template/index.js';
import { factLandings } from './fact-landing.js';
import { HostConnections } from './host-connections.js';
import { type HostState, newHostState } from './host-state.js';
import { connectionVars } from './magic-vars.js';
import { ModuleRunner } from './module-runner.js';
import type { TaskDiscovery } from './python-interpreter.js';
import { executeTask, type TemplateEngine } from './task-executor.js';
import { hasTemplatedAction, TemplatedActions } from './templated-action.js';
import { buildTaskVars, type RemoteHostVars } from './vars.js';
import { WorkerInventory } from './worker-inventory.js';

export class WorkerRuntime {
  private readonly hosts = new Map<string, HostState>();
  private readonly plays = new Map<string, PlayData>();
  /** Variables and facts of hosts other workers own, as the main thread reported them. */
  private readonly remote = new Map<string, RemoteHostVars>();
  private readonly forks: Semaphore;
  private readonly templar = new Templar();
  private readonly connections: HostConnections;
  private readonly modules: ModuleRunner;
  /** The run's inventory as group_by/add_host change it (absent when the init carries none). */
  private readonly inventory?: WorkerInventory;

  /** `transports`: the transport table (transports.ts); unit tests pass one of fakes. */
  constructor(
    private readonly init: WorkerInit,
    transports?: TransportTable,
  ) {
    for (const h of init.hosts) this.hosts.set(h.name, newHostState(h));
    if (init.inventory)
      this.inventory = new WorkerInventory(
        init,
        init.inventory,
        init.playbookLayers ?? [],
        this.hosts,
        this.plays,
      );
    this.forks = new Semaphore(init.forks, 0);
    this.connections = new HostConnections(init, this.hosts, transports);
    this.modules = new ModuleRunner({
      templar: this.templar,
      verbosity: init.verbosity,
      form: init.moduleForm,
      connections: this.connections,
      templateVars: (host, play, spec) =>
        buildTaskVars(
          {
            init: this.init,
            play,
            hosts: this.hosts,
            remote: this.remote,
            omitToken: this.templar.omitToken,
          },
          host,
          spec,
        ),
    });
  }

  /** The template engine for one task: relative lookups search its role, its file's dir, the playbook dir. */
  private templatesFor(spec: TaskSpec, play: PlayData): TemplateEngine {
    const templar = this.templar;
    const searchPath = [spec.roleDir, spec.fileDir, play.playbookDir].filter(
      (d): d is string => typeof d === 'string',
    );
    return {
      render: (value, vars, taint) => templar.renderValue(value, vars, { searchPath, taint }),
      conditional: (condition, vars) =>
        templar.evaluateConditional(condition as string | boolean, vars, { searchPath }),
      omitToken: templar.omitToken,
      searchPath,
    };
  }

  get threadId(): number {
    return threadId;
  }

  startPlay(play: PlayData): void {
    this.plays.set(play.playId, play);
    addTemplatePluginDirs(play.pluginDirs ?? []);
    this.inventory?.applyLog(play.inventoryUpdates);
    this.connections.startPlay(play.connection);
  }

  /** Connects every listed host now, bounded by the forks limit; reports who is unreachable. */
  async preconnect(hostNames: string[]): Promise<PreconnectOutcome[]> {
    return Promise.all(
      hostNames.map(async (name) => {
        const host = this.requireHost(name);
        using _permit = await this.forks.acquire();
        // Awaited here, so the permit is held until the host is connected.
        return await this.connections.preconnect(host);
      }),
    );
  }

  private unitParts(unit: UnitRequest): { play: PlayData; host: HostState; spec: TaskSpec } {
    const play = this.plays.get(unit.playId);
    if (!play) throw new FlotillaError('FLT_WORKER_STATE', `worker has no play ${unit.playId}`);
    const host = this.requireHost(unit.host);
    const spec = play.specs[unit.taskId] ?? unit.spec;
    if (!spec) throw new FlotillaError('FLT_WORKER_STATE', `worker has no task ${unit.taskId}`);
    this.inventory?.applyLog(unit.inventoryUpdates);
    for (const u of unit.hostvarUpdates ?? []) this.applyRemote(u);
    return { play, host, spec };
  }

  private taskVars(play: PlayData, host: HostState, spec: TaskSpec, unit: UnitRequest) {
    return buildTaskVars(
      {
        init: this.init,
        play,
        hosts: this.hosts,
        remote: this.remote,
        omitToken: this.templar.omitToken,
        render: (value, vars, taint) =>
          this.templar.renderValue(value, vars, { searchPath: [play.playbookDir], taint }),
      },
      host,
      spec,
      unit,
    );
  }

  private templatedActions?: TemplatedActions;

  /**
   * The spec of the module a templated action name names for this host (once per host, not
   * per loop item). The free strategy gets here with an undefined name (the linear one
   * stopped the run first): TaskExecutor's post_validate error.
   */
  private templatedAction(
    playbookDir: string,
    spec: TaskSpec,
    vars: Record<string, unknown>,
  ): TaskSpec | { msg: string } {
    let name: string;
    try {
      name = this.renderActionName(playbookDir, spec, vars);
    } catch (err) {
      if (!isUndefinedError(err)) return { msg: (err as Error).message };
      return { msg: undefinedFieldText('action', err, spec.location) };
    }
    this.templatedActions ??= new TemplatedActions();
    return this.templatedActions.resolve(spec, name, [playbookDir, ...(spec.roleDir ? [spec.roleDir] : [])]);
  }

  private renderActionName(playbookDir: string, spec: TaskSpec, vars: Record<string, unknown>): string {
    return String(this.templar.renderString(spec.action, vars, { searchPath: [playbookDir] })).trim();
  }

  /** The linear strategy's `templar.template(task.action)` for this unit's host: its error, if any. */
  templatedActionError(unit: UnitRequest): string | undefined {
    const { play, host, spec } = this.unitParts(unit);
    try {
      this.renderActionName(play.playbookDir, spec, this.taskVars(play, host, spec, unit));
      return undefined;
    } catch (err) {
      return templateErrorText(err);
    }
  }

  /**
   * The task's name for its banner, rendered as Ansible's strategies render it: with the
   * first host's variables, and left as written when anything in it is undefined.
   */
  renderTaskName(unit: UnitRequest): string {
    const { play, host, spec } = this.unitParts(unit);
    // An unnamed task shows its action as written (Task.get_name), a templated one too.
    if (spec.unnamed && isTemplatedActionName(spec.actionAsWritten ?? spec.action)) return spec.name;
    try {
      const vars = this.taskVars(play, host, spec, unit);
      return this.templar.renderString(spec.name, vars, { searchPath: [play.playbookDir] });
    } catch {
      return spec.name;
    }
  }

  async runUnit(unit: UnitRequest): Promise<UnitOutcome> {
    const parts = this.unitParts(unit);
    const { play, host } = parts;
    let { spec } = parts;
    const inventoryChanges: InventoryChange[] = [];
    if (unit.copyResult) return this.copyRunOnce(host, spec, unit.copyResult);
    // Throttle first, then forks: every worker takes them in this order, so none deadlocks.
    using _throttle = unit.throttle ? await this.throttleOf(unit.throttle).acquire() : undefined;
    using _permit = await this.forks.acquire();
    const vars = this.taskVars(play, host, spec, unit);
    let actionError: string | undefined;
    if (hasTemplatedAction(spec)) {
      const resolved = this.templatedAction(play.playbookDir, spec, vars);
      if ('msg' in resolved) actionError = resolved.msg;
      else spec = resolved;
    }
    // PlayContext.update_vars: the connection variables the task's arguments see; the action
    // itself sees the connection plugin's (actionView).
    const conn = connectionVars(vars, {
      connection: String(vars.ansible_connection),
      address: host.address ?? host.name,
      user: this.init.user,
      privateKeyFile: this.init.privateKeyFile,
      timeoutSeconds: this.init.connectTimeoutMs / 1000,
    });
    Object.assign(vars, conn.args);
    const discovery: TaskDiscovery = {};
    const outcome = await executeTask({
      host,
      spec,
      vars,
      actionError,
      actionView: (v) => {
        const out = withVars(v, conn.action);
        for (const k of Object.keys(conn.args)) if (!(k in conn.action)) delete out[k];
        return out;
      },
      playContextView: (v) => {
        const out = withVars(v, {});
        for (const k of Object.keys(conn.args)) delete out[k];
        return out;
      },
      templates: this.templatesFor(spec, play),
      check: this.init.check,
      diff: this.init.diff,
      playbookDir: play.playbookDir,
      becomePassword: this.init.becomePassword,
      // one discovery per task on a host, shared by its loop items
      runModule: (action, args, options) =>
        this.modules.run(host, play, spec, action, args, options, discovery),
      changeInventory: this.inventory
        ? (change) => {
            inventoryChanges.push(change);
            return this.inventory!.applyLocal(change);
          }
        : undefined,
    });
    if (inventoryChanges.length > 0) outcome.inventoryChanges = inventoryChanges;
    const { gathersFacts: gathers, factsInto } = traitsOf(spec.action);
    let factsChanged = false;
    for (const { host: target, facts } of factLandings(outcome)) {
      // set_fact and include_vars put their variables in place themselves (the loop's later
      // items see them), unless delegate_facts sends them elsewhere.
      if (factsInto !== 'facts') {
        if (!outcome.delegateFacts) continue;
        const update = factsInto === 'hostVars' ? { vars: facts } : { included: facts };
        (outcome.delegatedUpdates ??= []).push({ host: target, ...update, toOwner: true });
        continue;
      }
      // The gather_facts action marks its facts (Ansible's `smart` gathering reads the mark).
      if (gathers === 'action') facts._ansible_facts_gathered = true;
      if (target === host.name) {
        storeFacts(host, facts);
        factsChanged = true;
      } else {
        // delegate_facts: the delegated host's owner applies them (hostvars-log.ts), every worker sees them.
        (outcome.delegatedUpdates ??= []).push({
          host: target,
          vars: {},
          facts: markUnsafe(stripPrefix(facts)),
          unprefixed: unprefixedKeys(facts),
          toOwner: true,
        });
      }
    }
    outcome.varsUpdate = varsUpdate(host, spec, outcome, factsChanged);
    if (spec !== parts.spec) {
      outcome.action = spec.action;
      if (spec.module?.deprecations) outcome.moduleDeprecations = spec.module.deprecations;
    }
    return outcome;
  }

  private readonly throttles = new WeakMap<SharedArrayBuffer, Semaphore>();

  private throttleOf(sab: SharedArrayBuffer): Semaphore {
    let sem = this.throttles.get(sab);
    if (!sem) this.throttles.set(sab, (sem = new Semaphore(sab)));
    return sem;
  }

  private applyRemote(u: HostVarsUpdate): void {
    const own = this.hosts.get(u.host);
    if (own) {
      // Facts another worker's task delegated to a host of ours (delegate_facts).
      assignMarked(own.hostVars, u.vars);
      assignMarked(own.includedVars, u.included);
      Object.assign(own.facts, markUnsafe(u.facts));
      for (const k of u.unprefixed ?? []) (own.unprefixedFacts ??= new Set()).add(k);
      return;
    }
    let entry = this.remote.get(u.host);
    if (!entry) this.remote.set(u.host, (entry = { vars: {}, included: {}, facts: markUnsafe({}) }));
    assignMarked(entry.vars, u.vars);
    assignMarked(entry.included, u.included);
    Object.assign(entry.facts, markUnsafe(u.facts));
    for (const k of u.unprefixed ?? []) (entry.unprefixed ??= new Set()).add(k);
  }

  /** run_once on another host: this host registers the same result and facts. */
  private copyRunOnce(host: HostState, spec: TaskSpec, result: TaskResult): UnitOutcome {
    if (spec.keywords.register) host.hostVars[spec.keywords.register] = markUnsafe(result);
    const facts = result.ansible_facts as Record<string, unknown> | undefined;
    const into = traitsOf(spec.action).factsInto;
    const delegated = delegatesFactsRaw(spec);
    if (facts && delegated) {
      // delegate_facts: they went to the delegate(s) with the first host's result.
    } else if (facts && into === 'hostVars') assignMarked(host.hostVars, facts);
    else if (facts && into === 'includedVars') assignMarked(host.includedVars, facts);
    else if (facts) storeFacts(host, facts);
    const copied = plainOutcome(host.name, spec.id, 'ok', result);
    if (delegated) copied.delegateFacts = true;
    copied.varsUpdate = varsUpdate(host, spec, copied, into === 'facts' && facts !== undefined && !delegated);
    return copied;
  }

  /**
   * Disconnects every session. On an interrupted run (Ctrl-C, SIGTERM) the commands still
   * running are killed first, remote process group and all, as a task timeout kills them.
   */
  async shutdown(options: { interrupt?: boolean } = {}): Promise<void> {
    this.modules.close();
    await this.connections.shutdown(options);
  }

  private requireHost(name: string): HostState {
    const host = this.hosts.get(name);
    if (!host)
      throw new FlotillaError(
        'FLT_WORKER_AFFINITY',
        `host ${name} is not owned by worker ${this.init.shard}`,
      );
    return host;
  }
}

/** What a task changed in the host's variables (register, set_fact, include_vars, facts). */
function varsUpdate(
  host: HostState,
  spec: TaskSpec,
  outcome: UnitOutcome,
  factsChanged: boolean,
): HostVarsUpdate | undefined {
  const vars: Record<string, unknown> = {};
  const included: Record<string, unknown> = {};
  if (spec.keywords.register) vars[spec.keywords.register] = host.hostVars[spec.keywords.register];
  const { factsInto, gathersFacts } = traitsOf(spec.action);
  if (factsInto !== 'facts' && !outcome.delegateFacts) {
    const [into, from] = factsInto === 'hostVars' ? [vars, host.hostVars] : [included, host.includedVars];
    const results = outcome.items ? outcome.items.map((i) => i.result) : [outcome.result];
    for (const r of results) {
      const facts = r.ansible_facts as Record<string, unknown> | undefined;
      for (const k of Object.keys(facts ?? {})) into[k] = from[k];
      copyMarks(from, into, Object.keys(facts ?? {}));
    }
  }
  const gathered = gathersFacts !== false || factsChanged;
  const hasIncluded = Object.keys(included).length > 0;
  if (Object.keys(vars).length === 0 && !hasIncluded && !gathered) return undefined;
  return {
    host: host.name,
    vars,
    included: hasIncluded ? included : undefined,
    facts: gathered ? host.facts : undefined,
    ...(gathered && host.unprefixedFacts?.size ? { unprefixed: [...host.unprefixedFacts] } : {}),
  };
}

/**
 * run_once with delegate_facts: the facts went to the delegate(s) with the first host's
 * result, not to every host of the batch (a templated delegate_facts counts as set, as
 * Python reads a non-empty string).
 */
function delegatesFactsRaw(spec: TaskSpec): boolean {
  const { delegate_to, delegate_facts } = spec.keywords;
  if (delegate_to === undefined || delegate_facts === undefined) return false;
  return typeof delegate_facts === 'string' && /\{\{|\{%/.test(delegate_facts)
    ? true
    : boolean(delegate_facts, false);
}

/** A module's facts on the host: as `ansible_facts` holds them, remembering which had no prefix. */
function storeFacts(host: HostState, facts: Record<string, unknown>): void {
  Object.assign(host.facts, markUnsafe(stripPrefix(facts)));
  for (const k of unprefixedKeys(facts)) (host.unprefixedFacts ??= new Set()).add(k);
}

function unprefixedKeys(facts: Record<string, unknown>): string[] {
  return Object.keys(facts).filter((k) => !k.startsWith('ansible_') && !k.startsWith('_ansible_'));
}

/** Facts are stored without the `ansible_` prefix, as `ansible_facts` holds them. */
/** Ansible's namespace_facts: `ansible_facts` keys lose their prefix, except ansible_local. */
function stripPrefix(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts))
    out[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return out;
}
