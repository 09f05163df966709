/**
 * Runs one module definition for one task over the transport that reaches its host: builds
 * the ModuleContext (check and diff mode, become, environment, the controller-side files and
 * templates of the task's role and playbook, the interpreter setup reports) and leaves the
 * choice of transport to the worker's connections.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BackendActionName, type BackendHost, runBackendAction } from '../actions/backend-action.js';
import { pathDwimCandidates } from '../actions/path-dwim.js';
import { reboot } from '../actions/reboot.js';
import { implementationName, traitsOf } from '../actions/table.js';
import { waitForConnection } from '../actions/wait-for-connection.js';
import { type ActionPluginHost, ActionPluginRunner } from '../bridge/action-plugins.js';
import { asyncStatusAction, runAsync } from '../bridge/async-task.js';
import type { TaskModule } from '../bridge/catalog.js';
import { CONTROLLER_FILE_ACTIONS, runWithControllerFiles } from '../bridge/controller-files.js';
import { PayloadBuilder } from '../bridge/payload-builder.js';
import { ModuleResolver } from '../bridge/resolve.js';
import { runBridged } from '../bridge/run-bridged.js';
import type { Transport } from '../connection/transport.js';
import { FlotillaError } from '../errors/index.js';
import { executeModule, withDefaults } from '../modules/execute.js';
import { BOTH_FORMS, type ModuleForm } from '../modules/module-form.js';
import { getModule } from '../modules/registry.js';
import type { ModuleContext, ModuleResult } from '../modules/types.js';
import { NativeUnsupported } from '../modules/util/remote.js';
import type { TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { PlayData } from '../protocol/messages.js';
import { expandUserVars } from '../python/expand-path.js';
import { withVars } from '../python/unsafe.js';
import { pythonVariables, type Templar } from '../template/index.js';
import { readControllerBytes } from '../vault/secrets.js';
import { CONTROLLER_NAMES } from './host-connections.js';
import type { HostState } from './host-state.js';
import {
  chooseInterpreter,
  type InterpreterInputs,
  reportDiscovery,
  type TaskDiscovery,
} from './python-interpreter.js';
import type { ModuleRunOptions } from './task-executor.js';

/** What the module runner needs of the worker's connections (host-connections.ts). */
export interface ModuleConnections {
  /** The user a module runs as before become. */
  loginUser(host: HostState, options: ModuleRunOptions): string;
  /** Runs `run` over the transport that reaches the task's host (or its delegate). */
  run<T>(host: HostState, options: ModuleRunOptions, run: (transport: Transport) => Promise<T>): Promise<T>;
}

export interface ModuleRunnerDeps {
  templar: Pick<Templar, 'renderValue' | 'renderFile'>;
  connections: ModuleConnections;
  /** -v count: Ansible's modules are told it (_ansible_verbosity). */
  verbosity?: number;
  /** `bridge`: the modules flotilla has in both forms run from Ansible's code. */
  form?: ModuleForm;
  /** The host's variables for a template file when the task passes none of its own. */
  templateVars(host: HostState, play: PlayData, spec: TaskSpec): Record<string, unknown>;
}

export class ModuleRunner {
  /** Builds Ansible's payloads for bridged modules; started on the first one, closed with the worker. */
  private payloads?: PayloadBuilder;
  /** Runs action_plugins/ plugins in ansible-core; started on the first one, closed with the worker. */
  private actionPlugins?: ActionPluginRunner;
  private resolver?: ModuleResolver;
  private readonly libraryResolvers = new Map<string, ModuleResolver>();

  constructor(private readonly deps: ModuleRunnerDeps) {}

  private payloadBuilder(): PayloadBuilder {
    this.payloads ??= new PayloadBuilder();
    return this.payloads;
  }

  /** One of ansible-core's own modules (async_wrapper, async_status), by file. */
  private ansibleModule(name: string): { name: string; path: string } {
    this.resolver ??= new ModuleResolver();
    const found = this.resolver.resolve(`ansible.builtin.${name}`);
    if (!found)
      throw new FlotillaError(
        'FLT_BRIDGE_NO_ANSIBLE',
        `${name} runs from ansible-core's own module, and ansible-core is not installed on the controller`,
        { hint: 'install ansible-core (apt-get install ansible-core)' },
      );
    return { name: `ansible.legacy.${name}`, path: found.path };
  }

  /**
   * Under `--modules bridge`, the builtin a native module stands for, from Ansible's code (with
   * the arguments its action plugin fixes: shell is command with _uses_shell).
   */
  private forcedBridge(
    spec: TaskSpec,
    moduleAction: string,
    args: Record<string, unknown>,
    form = this.deps.form,
  ): { module: TaskModule; fixed?: Record<string, unknown> } | undefined {
    if (!BOTH_FORMS.has(moduleAction) || bridgeTarget(spec, moduleAction)) return undefined;
    // a native module sends the arguments it does not implement (uri's src) to the bridge
    if (form !== 'bridge' && !getModule(moduleAction)?.bridgeFor?.(args)) return undefined;
    const traits = traitsOf(moduleAction);
    if (traits.fqcn !== undefined) {
      // a collection module (community.general.ini_file): its own file, under its own name
      this.resolver ??= new ModuleResolver();
      const found = this.resolver.resolve(traits.fqcn);
      if (!found)
        throw new FlotillaError(
          'FLT_BRIDGE_NO_ANSIBLE',
          `${traits.fqcn} is not installed on the controller`,
          {
            hint: `install the collection that has ${traits.fqcn}, or run it natively (--modules native)`,
          },
        );
      return { module: { fqcn: found.fqcn, collection: found.collection, path: found.path, dirs: [] } };
    }
    const ansible = traits.ansibleModule ?? { name: moduleAction };
    const { path: file } = this.ansibleModule(ansible.name);
    const fqcn = `ansible.builtin.${ansible.name}`;
    return { module: { fqcn, collection: 'ansible.builtin', path: file, dirs: [] }, fixed: ansible.fixed };
  }

  /** Ends the payload builder (its Python helper and scratch dir), if one was started. */
  close(): void {
    this.payloads?.close();
    this.payloads = undefined;
    this.actionPlugins?.close();
    this.actionPlugins = undefined;
  }

  async run(
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    action: string,
    args: Record<string, unknown>,
    options: ModuleRunOptions,
    discovery: TaskDiscovery = {},
  ): Promise<TaskResult> {
    const { connections } = this.deps;
    const moduleAction = implementationName(action);
    // Ansible (become_allow_same_user false) does not become the user it already is.
    if (options.become && options.become.user === connections.loginUser(host, options))
      options = { ...options, become: undefined };
    const plugin = spec.module?.localAction;
    if (plugin) return this.runActionPlugin(plugin, host, play, spec, args, options, discovery);
    if (isBackendAction(moduleAction) && runsBuiltinPlugin(spec)) {
      const facts = { vars: options.vars ?? {}, delegateTo: options.delegateTo };
      return runBackendAction(
        moduleAction,
        args,
        facts,
        this.backendHost(host, play, spec, options, discovery),
      );
    }
    if (moduleAction === 'wait_for_connection' && runsBuiltinPlugin(spec)) {
      const onHost = this.retryingOnHost(host, play, spec, options, {});
      return waitForConnection(args, options.check, { ping: () => onHost('ping', {}), ...CLOCK });
    }
    if (moduleAction === 'reboot' && runsBuiltinPlugin(spec)) {
      const onHost = this.retryingOnHost(host, play, spec, options, discovery);
      const connection = options.connectionVars?.ansible_connection ?? options.vars?.ansible_connection;
      return reboot(args, options.check, {
        local: connection === 'local',
        runModule: onHost,
        exec: async (command) => {
          const r = await onHost('raw', { _raw_params: command });
          return { rc: Number(r.rc ?? 1), stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
        },
        ...CLOCK,
      });
    }
    return this.runModule(host, play, spec, moduleAction, args, options, discovery);
  }

  /**
   * Runs ansible.legacy modules for an action plugin that retries until the host answers
   * (wait_for_connection, reboot): each try connects anew, since a failed pre-connection of a
   * host that was down is not the answer.
   */
  private retryingOnHost(
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    options: ModuleRunOptions,
    discovery: TaskDiscovery,
  ): (name: string, args: Record<string, unknown>) => Promise<TaskResult> {
    return (name, args) => {
      host.preconnectFailed = undefined;
      const sub = { ...spec, action: name, actionAsWritten: `ansible.legacy.${name}`, module: undefined };
      return this.runModule(host, play, sub, name, args, { ...options, async: undefined }, discovery);
    };
  }

  /** What service/package/yum need to pick and run their backend module on the task's host. */
  private backendHost(
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    options: ModuleRunOptions,
    discovery: TaskDiscovery,
  ): BackendHost {
    const byName = this.moduleByName(host, play, spec, discovery);
    return {
      // The plugin's own fact gathering: never async, its facts are not kept.
      gather: (args) =>
        this.runModule(
          host,
          play,
          { ...spec, action: 'setup', actionAsWritten: 'ansible.legacy.setup', module: undefined },
          'setup',
          args,
          { ...options, async: undefined },
          discovery,
        ),
      hasModule: (name) => byName.resolve(name) !== undefined,
      runModule: (name, args) => byName.run(name, args, options),
    };
  }

  /**
   * Modules by the name an action plugin gives (`ansible.legacy.command`), resolved as the
   * module loader does with the task's library/ dirs, and run with the task's settings.
   */
  private moduleByName(host: HostState, play: PlayData, spec: TaskSpec, discovery: TaskDiscovery) {
    const resolver = this.libraryResolver(spec.module?.dirs ?? []);
    const resolve = (name: string) => {
      try {
        return resolver.resolve(name);
      } catch {
        return undefined;
      }
    };
    const run = async (
      name: string,
      args: Record<string, unknown>,
      runOptions: ModuleRunOptions,
    ): Promise<TaskResult> => {
      const found = resolve(name);
      if (!found) return { failed: true, changed: false, msg: `The module ${name} was not found` };
      const builtin = found.collection === 'ansible.builtin';
      let action = builtin ? found.fqcn.slice('ansible.builtin.'.length) : found.fqcn;
      if (action === 'command' && args._uses_shell === true) {
        // Ansible's shell action runs command with _uses_shell: the native shell module
        const { _uses_shell, ...rest } = args;
        action = 'shell';
        args = rest;
      }
      const module: TaskModule = {
        fqcn: found.fqcn,
        collection: found.collection,
        path: found.path,
        dirs: spec.module?.dirs ?? [],
      };
      const backend = { ...spec, action, actionAsWritten: name, module };
      return this.runModule(host, play, backend, builtin ? action : name, args, runOptions, discovery);
    };
    return { resolve, run };
  }

  /**
   * A Python action plugin from an action_plugins/ dir: its run() in ansible-core, what it asks
   * of the host done here, over the task's connection.
   */
  private async runActionPlugin(
    file: string,
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    args: Record<string, unknown>,
    options: ModuleRunOptions,
    discovery: TaskDiscovery,
  ): Promise<TaskResult> {
    const byName = this.moduleByName(host, play, spec, discovery);
    const sync = { ...options, async: undefined };
    const onHost: ActionPluginHost = {
      runModule: (name, moduleArgs, async) => byName.run(name, moduleArgs, async ? options : sync),
      exec: async (command, sudoable, stdin) => {
        if (stdin !== undefined)
          throw new Error("flotilla does not send stdin to an action plugin's command");
        const raw = { ...spec, action: 'raw', actionAsWritten: 'ansible.legacy.raw', module: undefined };
        const r = await this.runModule(
          host,
          play,
          raw,
          'raw',
          { _raw_params: command },
          {
            ...sync,
            ...(sudoable ? {} : { become: undefined }),
          },
        );
        return { rc: Number(r.rc ?? 1), stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
      },
      putFile: async (local, remote) => {
        const content = await readFile(local);
        await this.deps.connections.run(host, options, (t) => t.put(content, remote));
      },
      fetchFile: async (remote, local) => {
        const content = await this.deps.connections.run(host, options, (t) => t.get(remote));
        await writeFile(local, content);
      },
    };
    const vars = options.vars ?? {};
    const connection = options.connectionVars?.ansible_connection ?? vars.ansible_connection;
    const shell = vars.ansible_shell_type;
    this.actionPlugins ??= new ActionPluginRunner();
    const { result, taskError } = await this.actionPlugins.run(
      {
        task: {
          handler: `ansible.legacy.${path.basename(file, '.py')}`,
          action: spec.actionAsWritten ?? spec.action,
          args,
          async: options.async?.seconds ?? 0,
          poll: options.async?.poll ?? 15,
          check: options.check,
          diff: options.diff,
          no_log: options.noLog === true,
          become: options.become !== undefined,
          ...(options.become ? { become_user: options.become.user } : {}),
          ...(options.delegateTo !== undefined ? { delegate_to: options.delegateTo } : {}),
          remote_addr: String(options.connectionVars?.ansible_host ?? vars.ansible_host ?? host.name),
          remote_user: this.deps.connections.loginUser(host, options),
          connection: connection === undefined ? 'ssh' : String(connection),
          ...(shell !== undefined ? { shell_type: String(shell) } : {}),
        },
        vars: pythonVariables(vars),
        dirs: spec.module?.dirs ?? [],
        basedir: play.playbookDir,
      },
      onHost,
    );
    return taskError ? result : withDefaults(result as ModuleResult, false);
  }

  /** A resolver that also searches the task's playbook and role library/ dirs (as has_plugin does). */
  private libraryResolver(dirs: readonly string[]): ModuleResolver {
    const key = dirs.join('\0');
    let resolver = this.libraryResolvers.get(key);
    if (!resolver) {
      resolver = new ModuleResolver({ libraryDirs: dirs.map((d) => path.join(d, 'library')) });
      this.libraryResolvers.set(key, resolver);
    }
    return resolver;
  }

  /** Runs the module a task names (natively, through the bridge, or async), without action plugins. */
  private async runModule(
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    moduleAction: string,
    args: Record<string, unknown>,
    options: ModuleRunOptions,
    discovery: TaskDiscovery = {},
    form = this.deps.form,
  ): Promise<TaskResult> {
    const { connections } = this.deps;
    const forced = this.forcedBridge(spec, moduleAction, args, form);
    if (forced) args = { ...args, ...forced.fixed };
    const bridged = forced?.module ?? bridgeTarget(spec, moduleAction);
    const python = bridged !== undefined || !!options.async || !PYTHON_LESS.has(moduleAction);
    const context = (transport: Transport, pythonInterpreter?: string): ModuleContext => ({
      transport,
      host: host.name,
      check: options.check,
      diff: options.diff,
      become: options.become,
      shellExecutable: shellExecutable(options.connectionVars),
      environment: options.environment,
      timeoutMs: options.timeoutMs,
      pythonInterpreter,
      noLog: options.noLog,
      verbosity: this.deps.verbosity,
      readLocalFile: readControllerBytes,
      resolveLocalPath: (p, kind) => {
        // path_dwim: a path from `~` is the controller user's (unfrackpath expands it here).
        const given = p.startsWith('~') ? expandUserVars(p) : p;
        return path.isAbsolute(given) ? given : resolveLocal(play.playbookDir, spec, kind, given);
      },
      localSearchPaths: (p, kind) => {
        const given = p.startsWith('~') ? expandUserVars(p) : p;
        return path.isAbsolute(given) ? [] : pathDwimCandidates(spec, play.playbookDir, kind, given);
      },
      renderTemplateFile: async (p, syntax, names) =>
        String(
          this.deps.templar.renderFile(
            p,
            templateSearchPath(options.vars, play.playbookDir, p) ?? this.deps.templateVars(host, play, spec),
            { ...syntax, templateSrc: names?.src, templateDest: names?.dest },
          ),
        ),
      writeLocalFile: async (p, content) => {
        await mkdir(path.dirname(p), { recursive: true });
        await writeFile(p, content);
      },
    });
    // Every Python module finds its interpreter first (discovering it once per task if asked).
    const runOn = (fn: (ctx: ModuleContext) => Promise<TaskResult>): Promise<TaskResult> =>
      connections.run(host, options, async (transport) => {
        if (!python) return fn(context(transport));
        const choice = await chooseInterpreter(this.interpreterInputs(host, options), transport, discovery);
        return reportDiscovery(await fn(context(transport, choice.interpreter)), choice);
      });
    // async_status is Ansible's action plugin around its module (unless a library module shadows it).
    if (moduleAction === 'async_status' && (!spec.module || spec.module.collection === 'ansible.builtin')) {
      const status = this.ansibleModule('async_status');
      const payloads = this.payloadBuilder();
      return runOn(async (ctx) =>
        withDefaults(await asyncStatusAction(args, ctx, payloads, status, options.asyncDir)),
      );
    }
    const async = options.async;
    if (async) {
      // Ansible's async_wrapper runs Ansible's module for the action, native here or not
      // (shell is command with _uses_shell).
      const ansible = traitsOf(moduleAction).ansibleModule;
      const target = ansible ? this.ansibleModule(ansible.name) : spec.module;
      if (!target)
        return {
          failed: true,
          changed: false,
          msg: `async needs Ansible's own ${moduleAction} module: install ansible-core`,
        };
      if (ansible?.fixed) args = { ...args, ...ansible.fixed };
      const module = {
        name: spec.actionAsWritten ?? spec.action,
        path: target.path,
        dirs: spec.module?.dirs,
      };
      const wrapper = this.ansibleModule('async_wrapper');
      const status = this.ansibleModule('async_status');
      const payloads = this.payloadBuilder();
      return runOn(async (ctx) =>
        withDefaults(
          await runAsync(module, args, ctx, payloads, {
            asyncSeconds: async.seconds,
            pollSeconds: async.poll,
            ...(options.asyncDir !== undefined ? { asyncDir: options.asyncDir } : {}),
            wrapper,
            status,
            onPoll: (result) => async.onEvent({ kind: 'poll', result }),
            onDone: (result) => async.onEvent({ kind: result.failed ? 'failed' : 'ok', result }),
          }),
        ),
      );
    }
    if (bridged) {
      const payloads = this.payloadBuilder();
      const module = { name: spec.actionAsWritten ?? spec.action, path: bridged.path, dirs: bridged.dirs };
      const builtin = bridged.collection === 'ansible.builtin' ? moduleAction : '';
      if (CONTROLLER_FILE_ACTIONS.has(builtin))
        return runOn(async (ctx) =>
          withDefaults(
            // the action plugin runs its module as ansible.legacy.<name>, which AnsibleModule names
            await runWithControllerFiles(builtin, args, ctx, (moduleArgs, ansible) =>
              runBridged(
                ansible ? this.ansibleModule(ansible) : { ...module, name: `ansible.legacy.${builtin}` },
                moduleArgs,
                ctx,
                payloads,
              ),
            ),
          ),
        );
      return runOn(async (ctx) => withDefaults(await runBridged(module, args, ctx, payloads)));
    }
    // Only a templated action name reaches here unresolved (the loader refuses the others).
    if (!getModule(moduleAction))
      return { failed: true, msg: `The module ${moduleAction} was not found in configured module paths` };
    // AnsibleModule names itself as the task wrote the module (a templated name: as resolved).
    const written =
      spec.actionAsWritten && implementationName(spec.actionAsWritten) === moduleAction
        ? spec.actionAsWritten
        : moduleAction;
    try {
      if (NATIVE_MODULE_HALF.has(moduleAction))
        return await runOn(async (ctx) =>
          withDefaults(
            await runWithControllerFiles(moduleAction, args, ctx, async (moduleArgs) => {
              try {
                return await executeModule(moduleAction, moduleArgs, ctx, written);
              } catch (err) {
                // an archive the native form leaves to Ansible's module (zip): the file already sent
                if (!(err instanceof NativeUnsupported) || form === 'bridge') throw err;
                const ansible = this.ansibleModule(moduleAction);
                return runBridged({ ...ansible, dirs: [] }, moduleArgs, ctx, this.payloadBuilder());
              }
            }),
          ),
        );
      return await runOn((ctx) => executeModule(moduleAction, args, ctx, written));
    } catch (err) {
      // A host the native form does not cover (a service manager it does not drive): Ansible's own.
      if (err instanceof NativeUnsupported && BOTH_FORMS.has(moduleAction) && form !== 'bridge')
        return this.runModule(host, play, spec, moduleAction, args, options, discovery, 'bridge');
      throw err;
    }
  }

  /** The interpreter's inputs: the delegate's variables when delegated (Ansible's delegated vars). */
  private interpreterInputs(host: HostState, options: ModuleRunOptions): InterpreterInputs {
    const { delegateTo } = options;
    const delegated = delegateTo !== undefined && delegateTo !== host.name;
    const hostvars = options.vars?.hostvars as
      | Record<string, Record<string, unknown> | undefined>
      | undefined;
    const vars = delegated ? (hostvars?.[delegateTo] ?? {}) : options.vars;
    return {
      vars,
      render: (value) => this.deps.templar.renderValue(value, options.vars ?? {}),
      hostName: delegated ? delegateTo : host.name,
      implicitController: delegated && CONTROLLER_NAMES.includes(delegateTo) && !hostvars?.[delegateTo],
      delegated,
    };
  }
}

/** The wall clock the retrying action plugins wait on. */
const CLOCK = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
};

/**
 * The controller-file actions whose module half is native (unarchive): their action plugin's
 * half (controller-files.ts) runs first, as for the bridged module.
 */
const NATIVE_MODULE_HALF: ReadonlySet<string> = new Set(['unarchive']);

/** Actions that run no Python module on the host, so need no interpreter (fetch reports none). */
const PYTHON_LESS = new Set(['raw', 'script', 'pause', 'fetch']);

/**
 * The module file to run through the bridge: one flotilla has no native implementation of,
 * or a library/ or collection module that a native name resolves to instead of the builtin.
 */
function bridgeTarget(spec: TaskSpec, implementation: string): TaskModule | undefined {
  if (!spec.module) return undefined;
  if (getModule(implementation)) {
    // the builtin, or the collection module a native one stands for (community.general.ini_file)
    const fqcn = traitsOf(implementation).fqcn;
    if (spec.module.collection === 'ansible.builtin' || spec.module.fqcn === fqcn) return undefined;
  }
  return spec.module;
}

const BACKEND_ACTIONS: ReadonlySet<string> = new Set<BackendActionName>(['service', 'package', 'yum']);

function isBackendAction(name: string): name is BackendActionName {
  return BACKEND_ACTIONS.has(name);
}

/**
 * Ansible's own action plugin runs for the task: it names the builtin, or a library/ module
 * that shadows it (the plugin is found by the short name all the same).
 */
function runsBuiltinPlugin(spec: TaskSpec): boolean {
  return !spec.module || spec.module.collection === 'ansible.builtin' || spec.module.collection === '';
}

/** ansible_shell_executable, when the task's variables set it. */
function shellExecutable(vars: Record<string, unknown> | undefined): string | undefined {
  const exe = vars?.ansible_shell_executable;
  return exe === undefined || exe === null || exe === '' ? undefined : String(exe);
}

/** Ansible's search path for a task's `src`: the role's dir, the task file's dir, the playbook's. */
function resolveLocal(playbookDir: string, spec: TaskSpec, kind: 'files' | 'templates', p: string): string {
  return (
    pathDwimCandidates(spec, playbookDir, kind, p).find((c) => existsSync(c)) ??
    path.join(playbookDir, kind, p)
  );
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
