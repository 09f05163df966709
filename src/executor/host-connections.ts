/**
 * How one worker reaches hosts. Connection parameters come from one function
 * (resolveConnectionParams) fed one of three ways (a host's own variables, a task's
 * PlayContext variables, a delegate's); the transport table picks the transport for them;
 * pooled transports live in the worker's pool (over the shared registry); and connection
 * failures become an unreachable host in one place.
 */
import { loginKey } from '../connection/login-key.js';
import { type CliConnectionOptions, resolveConnectionParams } from '../connection/params.js';
import { ConnectionPool } from '../connection/pool.js';
import type { ConnectionParams, Transport } from '../connection/transport.js';
import {
  createTransport,
  TRANSPORTS,
  type TransportKind,
  type TransportTable,
  transportOf,
} from '../connection/transports.js';
import { type ErrorData, toErrorData, withHint } from '../errors/index.js';
import type { PreconnectOutcome, WorkerInit } from '../protocol/messages.js';
import { ConnectionBudget } from '../sync/connection-budget.js';
import { ConnectionRegistry } from '../sync/registry.js';
import type { HostState } from './host-state.js';
import { type ModuleRunOptions, UnreachableError } from './task-executor.js';

/** Connection failures that make a host unreachable rather than a task failed. */
const UNREACHABLE_CODES = /^FLT_CONN_(REFUSED|TIMEOUT|AUTH|HOST_KEY|CLOSED|PROTOCOL|UNREACHABLE|DNS|KEY)/;

export function isUnreachable(error: ErrorData): boolean {
  return UNREACHABLE_CODES.test(error.code);
}

/** Runs `run`; a connection failure it throws becomes an UnreachableError. */
async function reaching<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const data = toErrorData(err);
    if (isUnreachable(data)) throw new UnreachableError(data);
    throw err;
  }
}

/** delegate_to these runs on the controller, whatever the inventory says of them. */
export const CONTROLLER_NAMES = ['localhost', '127.0.0.1'];

export class HostConnections {
  private readonly pool: ConnectionPool;
  /** The current play's `connection` keyword (or -c): pre-connection follows it. */
  private playConnection?: string;
  private controller?: ConnectionParams;

  constructor(
    private readonly init: WorkerInit,
    private readonly hosts: ReadonlyMap<string, HostState>,
    private readonly transports: TransportTable = TRANSPORTS,
  ) {
    this.pool = new ConnectionPool({
      registry: new ConnectionRegistry(init.registry),
      ownerId: init.shard + 1,
      maxConnections: init.maxConnections,
      budget: init.connectionBudget ? new ConnectionBudget(init.connectionBudget) : undefined,
      // A connection idle for more than a moment gets a bounded round trip before reuse, so
      // a frozen session (its sshd stopped, its kernel still ACKing) is found dead, not hung on.
      idleCheckAfterMs: 1000,
      aliveTimeoutMs: 5000,
      // Hosts of finished serial batches stop holding sshd sessions after a while.
      idleExpiryMs: 300_000,
      // Plays walk their hosts in slot order, task after task (see the option).
      evictFirst: 'last-in-run-order',
      transportFactory: (params) => createTransport(params, transports),
    });
  }

  startPlay(connection: string | undefined): void {
    this.playConnection = connection;
  }

  /** Opens a pooled host's connection now; records an unreachable one for its first task. */
  async preconnect(host: HostState): Promise<PreconnectOutcome> {
    let params: ConnectionParams | undefined;
    try {
      params = this.params(host);
      host.preconnectFailed = undefined;
      if (this.kind(params).pooled) await this.pool.preconnect(host.slot, params);
      return { host: host.name, ok: true };
    } catch (err) {
      const error = toErrorData(err);
      if (params && isUnreachable(error))
        host.preconnectFailed = {
          login: loginKey(params),
          error: { ...error, message: withHint(error.message, error.hint) },
        };
      return { host: host.name, ok: false, error };
    }
  }

  /** The user a module runs as before become: the connection's user (local: ours). */
  loginUser(host: HostState, options: ModuleRunOptions): string {
    const { delegateTo } = options;
    const params =
      delegateTo === undefined || delegateTo === host.name
        ? this.taskParams(host, options)
        : CONTROLLER_NAMES.includes(delegateTo)
          ? this.controllerParams()
          : this.delegateParams(delegateTo);
    return this.kind(params).loginUser(params);
  }

  /**
   * Runs `run` over the transport that reaches the task's target. delegate_to another
   * inventory host: its own host's worker may be another thread, and connections never cross
   * threads, so this worker opens a short-lived session of its own with the delegate's
   * connection variables. (delegate_to localhost is checked first, so a host named localhost
   * delegating to itself runs on the controller, while loginUser reads its own variables.)
   */
  async run<T>(
    host: HostState,
    options: ModuleRunOptions,
    run: (transport: Transport) => Promise<T>,
  ): Promise<T> {
    const { delegateTo } = options;
    if (delegateTo !== undefined && CONTROLLER_NAMES.includes(delegateTo))
      return this.session(this.controllerParams(), run);
    if (delegateTo !== undefined && delegateTo !== host.name)
      return this.session(this.delegateParams(delegateTo), run);
    const params = this.taskParams(host, options);
    if (!this.kind(params).pooled) return this.session(params, run);
    if (host.preconnectFailed) {
      // The same login as the failed pre-connection: unreachable again, without a second wait.
      if (host.preconnectFailed.login === loginKey(params))
        throw new UnreachableError(host.preconnectFailed.error);
      host.preconnectFailed = undefined;
    }
    return reaching(() => this.pool.withConnection(host.slot, params, run));
  }

  /**
   * Disconnects every session. On an interrupted run (Ctrl-C, SIGTERM) the commands still
   * running are killed first, remote process group and all, as a task timeout kills them.
   */
  async shutdown(options: { interrupt?: boolean } = {}): Promise<void> {
    if (options.interrupt) {
      for (const kind of new Set(Object.values(this.transports))) kind.interruptAll?.();
      await this.pool.interruptAll(1500);
    }
    await this.pool.closeAll(options.interrupt ? 500 : 10_000);
  }

  private kind(params: ConnectionParams): TransportKind {
    return transportOf(params, this.transports);
  }

  /** A transport of its own for one task, connected, and closed after it. */
  private session<T>(params: ConnectionParams, run: (transport: Transport) => Promise<T>): Promise<T> {
    const transport = createTransport(params, this.transports);
    return reaching(async () => {
      try {
        await transport.connect();
        return await run(transport);
      } finally {
        await transport.close();
      }
    });
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

  /** The controller itself (delegate_to localhost). */
  private controllerParams(): ConnectionParams {
    this.controller ??= resolveConnectionParams(
      'localhost',
      { ansible_connection: 'local' },
      {},
      this.transports,
    );
    return this.controller;
  }

  /** Another inventory host, by its own variables (and the extra vars). */
  private delegateParams(name: string): ConnectionParams {
    const vars = this.hosts.get(name)?.vars ?? this.init.allHostVars[name] ?? {};
    return resolveConnectionParams(
      name,
      { ...vars, ...this.init.extraVars },
      this.cliConnection(),
      this.transports,
    );
  }

  /**
   * How a host is reached for one task: the PlayContext's connection variables of the task
   * (from every variable source, play-context-vars.ts) over its `connection` and
   * `remote_user` keywords. Without them (pre-connection), the host's own variables.
   */
  private taskParams(host: HostState, options: ModuleRunOptions): ConnectionParams {
    if (!options.connectionVars) return this.params(host);
    return resolveConnectionParams(
      host.name,
      options.connectionVars,
      {
        user: options.remoteUser ?? this.init.user,
        privateKeyFile: this.init.privateKeyFile,
        connectTimeoutMs: this.init.connectTimeoutMs,
      },
      this.transports,
    );
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
    host.params = resolveConnectionParams(host.name, vars, this.cliConnection(), this.transports);
    host.paramsConnection = key;
    return host.params;
  }
}
