/**
 * Runs one module definition for one task over the transport that reaches its host: builds
 * the ModuleContext (check and diff mode, become, environment, the controller-side files and
 * templates of the task's role and playbook, the interpreter setup reports) and leaves the
 * choice of transport to the worker's connections.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { implementationName, traitsOf } from '../actions/table.js';
import { asyncStatusAction, runAsync } from '../bridge/async-task.js';
import type { TaskModule } from '../bridge/catalog.js';
import { PayloadBuilder } from '../bridge/payload-builder.js';
import { ModuleResolver } from '../bridge/resolve.js';
import { runBridged } from '../bridge/run-bridged.js';
import type { Transport } from '../connection/transport.js';
import { FlotillaError } from '../errors/index.js';
import { executeModule, withDefaults } from '../modules/execute.js';
import { getModule } from '../modules/registry.js';
import type { ModuleContext } from '../modules/types.js';
import type { TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { PlayData } from '../protocol/messages.js';
import { withVars } from '../python/unsafe.js';
import type { Templar } from '../template/index.js';
import { readControllerBytes } from '../vault/secrets.js';
import type { HostState } from './host-state.js';
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
  /** The host's variables for a template file when the task passes none of its own. */
  templateVars(host: HostState, play: PlayData, spec: TaskSpec): Record<string, unknown>;
}

export class ModuleRunner {
  /** Builds Ansible's payloads for bridged modules; started on the first one, closed with the worker. */
  private payloads?: PayloadBuilder;
  private resolver?: ModuleResolver;

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

  /** Ends the payload builder (its Python helper and scratch dir), if one was started. */
  close(): void {
    this.payloads?.close();
    this.payloads = undefined;
  }

  async run(
    host: HostState,
    play: PlayData,
    spec: TaskSpec,
    action: string,
    args: Record<string, unknown>,
    options: ModuleRunOptions,
  ): Promise<TaskResult> {
    const { connections } = this.deps;
    const moduleAction = implementationName(action);
    // Ansible (become_allow_same_user false) does not become the user it already is.
    if (options.become && options.become.user === connections.loginUser(host, options))
      options = { ...options, become: undefined };
    const bridged = bridgeTarget(spec, moduleAction);
    const context = (transport: Transport): ModuleContext => ({
      transport,
      host: host.name,
      check: options.check,
      diff: options.diff,
      become: options.become,
      shellExecutable: shellExecutable(options.connectionVars),
      environment: options.environment,
      timeoutMs: options.timeoutMs,
      pythonInterpreter:
        moduleAction === 'setup' || bridged ? this.pythonInterpreter(options.vars) : undefined,
      noLog: options.noLog,
      verbosity: this.deps.verbosity,
      readLocalFile: readControllerBytes,
      resolveLocalPath: (p, kind) => (path.isAbsolute(p) ? p : resolveLocal(play.playbookDir, spec, kind, p)),
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
    // async_status is Ansible's action plugin around its module (unless a library module shadows it).
    if (moduleAction === 'async_status' && (!spec.module || spec.module.collection === 'ansible.builtin')) {
      const status = this.ansibleModule('async_status');
      const payloads = this.payloadBuilder();
      return connections.run(host, options, async (transport) =>
        withDefaults(await asyncStatusAction(args, context(transport), payloads, status)),
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
      return connections.run(host, options, async (transport) =>
        withDefaults(
          await runAsync(module, args, context(transport), payloads, {
            asyncSeconds: async.seconds,
            pollSeconds: async.poll,
            wrapper,
            status,
            onPoll: (result) => async.onEvent({ kind: 'poll', result }),
            onDone: (result) => async.onEvent({ kind: result.failed ? 'failed' : 'ok', result }),
          }),
        ),
      );
    }
    if (bridged) {
      const unsupported = actionPluginOnly(bridged);
      if (unsupported) return unsupported;
      const payloads = this.payloadBuilder();
      const module = { name: spec.actionAsWritten ?? spec.action, path: bridged.path, dirs: bridged.dirs };
      return connections.run(host, options, async (transport) =>
        withDefaults(await runBridged(module, args, context(transport), payloads)),
      );
    }
    // Only a templated action name reaches here unresolved (the loader refuses the others).
    if (!getModule(moduleAction))
      return { failed: true, msg: `The module ${action} was not found in configured module paths` };
    return connections.run(host, options, (transport) =>
      executeModule(moduleAction, args, context(transport)),
    );
  }

  /**
   * ansible_python_interpreter as the module would run with it (templated); Ansible's `auto*`
   * values mean discovery, which finds the first python3 on the host.
   */
  private pythonInterpreter(vars: Record<string, unknown> | undefined): string | undefined {
    if (vars?.ansible_python_interpreter === undefined || vars.ansible_python_interpreter === null)
      return undefined;
    const value = String(this.deps.templar.renderValue(vars.ansible_python_interpreter, vars));
    return value === '' || value.startsWith('auto') ? undefined : value;
  }
}

/**
 * The module file to run through the bridge: one flotilla has no native implementation of,
 * or a library/ or collection module that a native name resolves to instead of the builtin.
 */
function bridgeTarget(spec: TaskSpec, implementation: string): TaskModule | undefined {
  if (!spec.module) return undefined;
  if (getModule(implementation) && spec.module.collection === 'ansible.builtin') return undefined;
  return spec.module;
}

/**
 * ansible.builtin names whose module file is only documentation: Ansible's action plugin does
 * the work on the controller, and flotilla does not implement it yet. Running the stub would
 * report success and do nothing, so the task fails and says so.
 */
const ACTION_PLUGIN_ONLY = new Set([
  'add_host',
  'group_by',
  'reboot',
  'wait_for_connection',
  'set_stats',
  'validate_argument_spec',
]);

function actionPluginOnly(module: TaskModule): TaskResult | undefined {
  if (module.collection !== 'ansible.builtin') return undefined;
  const name = module.fqcn.replace(/^ansible\.builtin\./, '');
  if (!ACTION_PLUGIN_ONLY.has(name)) return undefined;
  return {
    failed: true,
    changed: false,
    msg: `flotilla does not implement the action plugin of ${module.fqcn} yet (its module file alone does nothing)`,
  };
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
