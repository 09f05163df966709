/**
 * One worker's world: its shard of hosts, their connections (a pool over the shared
 * registry), the global forks semaphore, and a template engine. The Piscina entry in
 * workers/ is a thin harness over this class.
 */

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { implementationName, traitsOf } from '../actions/table.js';
import { LocalTransport } from '../connection/local-transport.js';
import { type CliConnectionOptions, loginKey, resolveConnectionParams } from '../connection/params.js';
import { ConnectionPool } from '../connection/pool.js';
import { SshTransport } from '../connection/ssh-transport.js';
import type { ConnectionParams, Transport } from '../connection/transport.js';
import { FlotillaError, toErrorData, withHint } from '../errors/index.js';
import { executeModule } from '../modules/execute.js';
import type { ModuleContext } from '../modules/types.js';
import type { TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type {
  HostVarsUpdate,
  PlayData,
  PreconnectOutcome,
  UnitOutcome,
  UnitRequest,
  WorkerInit,
} from '../protocol/messages.js';
import { plainOutcome } from '../protocol/outcomes.js';
import { assignMarked, copyMarks, markUnsafe, withVars } from '../python/unsafe.js';
import { ConnectionBudget } from '../sync/connection-budget.js';
import { ConnectionRegistry } from '../sync/registry.js';
import { Semaphore } from '../sync/semaphore.js';
import { Templar } from '../template/index.js';
import { readControllerBytes } from '../vault/secrets.js';
import { type HostState, newHostState } from './host-state.js';
import { connectionVars } from './magic-vars.js';
import {
  executeTask,
  type ModuleRunOptions,
  type TemplateEngine,
  UnreachableError,
} from './task-executor.js';
import { buildTaskVars, type RemoteHostVars } from './vars.js';

/** Connection failures that make a host unreachable rather than a task failed. */
const UNREACHABLE_CODES = /^FLT_CONN_(REFUSED|TIMEOUT|AUTH|HOST_KEY|CLOSED|PROTOCOL|UNREACHABLE|DNS|KEY)/;

export class WorkerRuntime {
  private readonly hosts = new Map<string, HostState>();
  private readonly plays = new Map<string, PlayData>();
  /** Variables and facts of hosts other workers own, as the main thread reported them. */
  private readonly remote = new Map<string, RemoteHostVars>();
  private readonly forks: Semaphore;
  private readonly pool: ConnectionPool;
  private readonly templar = new Templar();

  constructor(private readonly init: WorkerInit) {
    for (const h of init.hosts) this.hosts.set(h.name, newHostState(h));
    this.forks = new Semaphore(init.forks, 0);
    const registry = new ConnectionRegistry(init.registry);
    this.pool = new ConnectionPool({
      registry,
      ownerId: init.shard + 1,
      maxConnections: init.maxConnections,
      budget: init.connectionBudget ? new ConnectionBudget(init.connectionBudget) : undefined,
      // A connection idle for more than a moment gets a bounded round trip before reuse, so
      // a frozen session (its sshd stopped, its kernel still ACKing) is found dead, not hung on.
      idleCheckAfterMs: 1000,
      aliveTimeoutMs: 5000,
      // Hosts of finished serial batches stop holding sshd sessions after a while.
      idleExpiryMs: 300_000,
      transportFactory: (params: ConnectionParams): Transport =>
        params.connection === 'local' ? new LocalTransport() : new SshTransport(params),
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
    this.playConnection = play.connection;
  }

  /** The current play's `connection` keyword (or -c): pre-connection follows it. */
  private playConnection?: string;

  /** Connects every listed host now, bounded by the forks limit; reports who is unreachable. */
  async preconnect(hostNames: string[]): Promise<PreconnectOutcome[]> {
    return Promise.all(
      hostNames.map(async (name) => {
        const host = this.requireHost(name);
        using _permit = await this.forks.acquire();
        let params: ConnectionParams | undefined;
        try {
          params = this.params(host);
          host.preconnectFailed = undefined;
          if (params.connection === 'ssh') await this.pool.preconnect(host.slot, params);
          return { host: name, ok: true };
        } catch (err) {
          const error = toErrorData(err);
          if (params && UNREACHABLE_CODES.test(error.code))
            host.preconnectFailed = {
              login: loginKey(params),
              error: { ...error, message: withHint(error.message, error.hint) },
            };
          return { host: name, ok: false, error };
        }
      }),
    );
  }

  private unitParts(unit: UnitRequest): { play: PlayData; host: HostState; spec: TaskSpec } {
    const play = this.plays.get(unit.playId);
    if (!play) throw new FlotillaError('FLT_WORKER_STATE', `worker has no play ${unit.playId}`);
    const host = this.requireHost(unit.host);
    const spec = play.specs[unit.taskId] ?? unit.spec;
    if (!spec) throw new FlotillaError('FLT_WORKER_STATE', `worker has no task ${unit.taskId}`);
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
        render: (value, vars) => this.templar.renderValue(value, vars, { searchPath: [play.playbookDir] }),
      },
      host,
      spec,
      unit,
    );
  }

  /**
   * The task's name for its banner, rendered as Ansible's strategies render it: with the
   * first host's variables, and left as written when anything in it is undefined.
   */
  renderTaskName(unit: UnitRequest): string {
    const { play, host, spec } = this.unitParts(unit);
    try {
      const vars = this.taskVars(play, host, spec, unit);
      return this.templar.renderString(spec.name, vars, { searchPath: [play.playbookDir] });
    } catch {
      return spec.name;
    }
  }

  async runUnit(unit: UnitRequest): Promise<UnitOutcome> {
    const { play, host, spec } = this.unitParts(unit);
    if (unit.copyResult) return this.copyRunOnce(host, spec, unit.copyResult);
    // Throttle first, then forks: every worker takes them in this order, so none deadlocks.
    using _throttle = unit.throttle ? await this.throttleOf(unit.throttle).acquire() : undefined;
    using _permit = await this.forks.acquire();
    const vars = this.taskVars(play, host, spec, unit);
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
    const outcome = await executeTask({
      host,
      spec,
      vars,
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
      runModule: (action, args, options) => this.runModule(host, play, spec, action, args, options),
    });
    const gathers = traitsOf(spec.action).gathersFacts;
    if (gathers) {
      const facts = outcome.result.ansible_facts as Record<string, unknown> | undefined;
      // The gather_facts action marks its facts (Ansible's `smart` gathering reads the mark).
      if (facts && gathers === 'action') facts._ansible_facts_gathered = true;
      if (facts) Object.assign(host.facts, markUnsafe(stripPrefix(facts)));
    }
    outcome.varsUpdate = varsUpdate(host, spec, outcome);
    return outcome;
  }

  private readonly throttles = new WeakMap<SharedArrayBuffer, Semaphore>();

  private throttleOf(sab: SharedArrayBuffer): Semaphore {
    let sem = this.throttles.get(sab);
    if (!sem) this.throttles.set(sab, (sem = new Semaphore(sab)));
    return sem;
  }

  private applyRemote(u: HostVarsUpdate): void {
    let entry = this.remote.get(u.host);
    if (!entry) this.remote.set(u.host, (entry = { vars: {}, included: {}, facts: markUnsafe({}) }));
    assignMarked(entry.vars, u.vars);
    assignMarked(entry.included, u.included);
    Object.assign(entry.facts, markUnsafe(u.facts));
  }

  /** run_once on another host: this host registers the same result and facts. */
  private copyRunOnce(host: HostState, spec: TaskSpec, result: TaskResult): UnitOutcome {
    if (spec.keywords.register) host.hostVars[spec.keywords.register] = markUnsafe(result);
    const facts = result.ansible_facts as Record<string, unknown> | undefined;
    const into = traitsOf(spec.action).factsInto;
    if (facts && into === 'hostVars') assignMarked(host.hostVars, facts);
    else if (facts && into === 'includedVars') assignMarked(host.includedVars, facts);
    else if (facts) Object.assign(host.facts, markUnsafe(stripPrefix(facts)));
    const copied = plainOutcome(host.name, spec.id, 'ok', result);
    copied.varsUpdate = varsUpdate(host, spec, copied);
    return copied;
  }

  /**
   * Disconnects every session. On an interrupted run (Ctrl-C, SIGTERM) the commands still
   * running are killed first, remote process group and all, as a task timeout kills them.
   */
  async shutdown(options: { interrupt?: boolean } = {}): Promise<void> {
    if (options.interrupt) {
      LocalTransport.killRunning();
      await this.pool.interruptAll(1500);
    }
    await this.pool.closeAll(options.interrupt ? 500 : 10_000);
  }

  private async runModule(
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    action: string,
    args: Record<string, unknown>,
    options: ModuleRunOptions,
  ): Promise<TaskResult> {
    const moduleAction = implementationName(action);
    // Ansible (become_allow_same_user false) does not become the user it already is.
    if (options.become && options.become.user === this.connectionUser(host, options))
      options = { ...options, become: undefined };
    const context = (transport: Transport): ModuleContext => ({
      transport,
      host: host.name,
      check: options.check,
      diff: options.diff,
      become: options.become,
      shellExecutable: shellExecutable(options.connectionVars),
      environment: options.environment,
      timeoutMs: options.timeoutMs,
      pythonInterpreter: moduleAction === 'setup' ? this.pythonInterpreter(options.vars) : undefined,
      readLocalFile: readControllerBytes,
      resolveLocalPath: (p, kind) => (path.isAbsolute(p) ? p : resolveLocal(play.playbookDir, spec, kind, p)),
      renderTemplateFile: async (p, syntax, names) =>
        String(
          this.templar.renderFile(
            p,
            templateSearchPath(options.vars, play.playbookDir, p) ??
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
            { ...syntax, templateSrc: names?.src, templateDest: names?.dest },
          ),
        ),
      writeLocalFile: async (p, content) => {
        await mkdir(path.dirname(p), { recursive: true });
        await writeFile(p, content);
      },
    });
    const delegatedLocal =
      options.delegateTo !== undefined && ['localhost', '127.0.0.1'].includes(options.delegateTo);
    if (delegatedLocal) return executeModule(moduleAction, args, context(new LocalTransport()));
    if (options.delegateTo !== undefined && options.delegateTo !== host.name)
      return this.runDelegated(options.delegateTo, (t) => executeModule(moduleAction, args, context(t)));
    const params = this.taskParams(host, options);
    if (params.connection === 'local')
      return executeModule(moduleAction, args, context(new LocalTransport()));
    if (host.preconnectFailed) {
      // The same login as the failed pre-connection: unreachable again, without a second wait.
      if (host.preconnectFailed.login === loginKey(params))
        throw new UnreachableError(host.preconnectFailed.error);
      host.preconnectFailed = undefined;
    }
    try {
      return await this.pool.withConnection(host.slot, params, (transport) =>
        executeModule(moduleAction, args, context(transport)),
      );
    } catch (err) {
      const data = toErrorData(err);
      if (UNREACHABLE_CODES.test(data.code)) throw new UnreachableError(data);
      throw err;
    }
  }

  /**
   * delegate_to another inventory host: its own host's worker may be another thread, and
   * connections never cross threads, so this worker opens a short-lived session of its own
   * with the delegate's connection variables, and closes it after the task.
   */
  private async runDelegated(
    name: string,
    run: (transport: Transport) => Promise<TaskResult>,
  ): Promise<TaskResult> {
    const vars = this.hosts.get(name)?.vars ?? this.init.allHostVars[name] ?? {};
    const params = resolveConnectionParams(name, { ...vars, ...this.init.extraVars }, this.cliConnection());
    const transport: Transport =
      params.connection === 'local' ? new LocalTransport() : new SshTransport(params);
    try {
      await transport.connect();
      return await run(transport);
    } catch (err) {
      const data = toErrorData(err);
      if (UNREACHABLE_CODES.test(data.code)) throw new UnreachableError(data);
      throw err;
    } finally {
      await transport.close();
    }
  }

  /** The command line's connection defaults (-u, --private-key, -T, -k, --ssh-*-args). */
  private cliConnection(): CliConnectionOptions {
    const { user, privateKeyFile, connectTimeoutMs, connectionPassword, sshCommonArgs, sshExtraArgs } =
      this.init;
    return {
      user,
      privateKeyFile,
      connectTimeoutMs,
      password: connectionPassword,
      sshCommonArgs,
      sshExtraArgs,
    };
  }

  /**
   * ansible_python_interpreter as the module would run with it (templated); Ansible's `auto*`
   * values mean discovery, which finds the first python3 on the host.
   */
  private pythonInterpreter(vars: Record<string, unknown> | undefined): string | undefined {
    if (vars?.ansible_python_interpreter === undefined || vars.ansible_python_interpreter === null)
      return undefined;
    const value = String(this.templar.renderValue(vars.ansible_python_interpreter, vars));
    return value === '' || value.startsWith('auto') ? undefined : value;
  }

  /** The user a module runs as before become: the connection's user (local: ours). */
  private connectionUser(host: HostState, options: ModuleRunOptions): string {
    const { delegateTo } = options;
    const local = (p: ConnectionParams) => (p.connection === 'local' ? os.userInfo().username : p.user);
    if (delegateTo === undefined || delegateTo === host.name) return local(this.taskParams(host, options));
    if (['localhost', '127.0.0.1'].includes(delegateTo)) return os.userInfo().username;
    const vars = this.hosts.get(delegateTo)?.vars ?? this.init.allHostVars[delegateTo] ?? {};
    return local(
      resolveConnectionParams(delegateTo, { ...vars, ...this.init.extraVars }, this.cliConnection()),
    );
  }

  /**
   * How a host is reached for one task: the PlayContext's connection variables of the task
   * (from every variable source, play-context-vars.ts) over its `connection` and
   * `remote_user` keywords. Without them (pre-connection), the host's own variables.
   */
  private taskParams(host: HostState, options: ModuleRunOptions): ConnectionParams {
    if (!options.connectionVars) return this.params(host);
    return resolveConnectionParams(host.name, options.connectionVars, {
      user: options.remoteUser ?? this.init.user,
      privateKeyFile: this.init.privateKeyFile,
      connectTimeoutMs: this.init.connectTimeoutMs,
    });
  }

  /**
   * How a host is reached: its variables (ansible_connection, ansible_host, …) win over the
   * `connection` keyword of the play or task (or -c), which applies to hosts that set none.
   */
  private params(host: HostState, connection = this.playConnection): ConnectionParams {
    const key = typeof connection === 'string' ? connection : '';
    if (host.params && host.paramsConnection === key) return host.params;
    const vars = { ...host.vars, ...host.includedVars, ...host.hostVars, ...this.init.extraVars };
    if (key && vars.ansible_connection === undefined) vars.ansible_connection = key;
    host.params = resolveConnectionParams(host.name, vars, this.cliConnection());
    host.paramsConnection = key;
    return host.params;
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

/** ansible_shell_executable, when the task's variables set it. */
function shellExecutable(vars: Record<string, unknown> | undefined): string | undefined {
  const exe = vars?.ansible_shell_executable;
  return exe === undefined || exe === null || exe === '' ? undefined : String(exe);
}

/** Ansible's search path for a task's `src`: the role's dir, the task file's dir, the playbook's. */
function resolveLocal(playbookDir: string, spec: TaskSpec, kind: 'files' | 'templates', p: string): string {
  const candidates = [
    spec.roleDir && path.join(spec.roleDir, kind, p),
    spec.roleDir && path.join(spec.roleDir, p),
    spec.fileDir && path.join(spec.fileDir, kind, p),
    spec.fileDir && path.join(spec.fileDir, p),
    path.join(playbookDir, kind, p),
    path.join(playbookDir, p),
  ].filter((c): c is string => typeof c === 'string');
  return candidates.find((c) => existsSync(c)) ?? path.join(playbookDir, kind, p);
}

/**
 * The template action extends the task's ansible_search_path list in place with the
 * playbook dir and the template's dir, and renders with it: the template sees them.
 */
function templateSearchPath(
  vars: Record<string, unknown> | undefined,
  playbookDir: string,
  file: string,
): Record<string, unknown> | undefined {
  if (!vars || !Array.isArray(vars.ansible_search_path)) return vars;
  return withVars(vars, {
    ansible_search_path: [...vars.ansible_search_path, playbookDir, path.dirname(file)],
  });
}

/** What a task changed in the host's variables (register, set_fact, include_vars, facts). */
function varsUpdate(host: HostState, spec: TaskSpec, outcome: UnitOutcome): HostVarsUpdate | undefined {
  const vars: Record<string, unknown> = {};
  const included: Record<string, unknown> = {};
  if (spec.keywords.register) vars[spec.keywords.register] = host.hostVars[spec.keywords.register];
  const { factsInto, gathersFacts } = traitsOf(spec.action);
  if (factsInto !== 'facts') {
    const [into, from] = factsInto === 'hostVars' ? [vars, host.hostVars] : [included, host.includedVars];
    const results = outcome.items ? outcome.items.map((i) => i.result) : [outcome.result];
    for (const r of results) {
      const facts = r.ansible_facts as Record<string, unknown> | undefined;
      for (const k of Object.keys(facts ?? {})) into[k] = from[k];
      copyMarks(from, into, Object.keys(facts ?? {}));
    }
  }
  const gathered = gathersFacts !== false;
  const hasIncluded = Object.keys(included).length > 0;
  if (Object.keys(vars).length === 0 && !hasIncluded && !gathered) return undefined;
  return {
    host: host.name,
    vars,
    included: hasIncluded ? included : undefined,
    facts: gathered ? host.facts : undefined,
  };
}

/** Facts are stored without the `ansible_` prefix, as `ansible_facts` holds them. */
/** Ansible's namespace_facts: `ansible_facts` keys lose their prefix, except ansible_local. */
function stripPrefix(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts))
    out[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return out;
}
