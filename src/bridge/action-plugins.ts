/**
 * Python action plugins from `action_plugins/` dirs, run in ansible-core (action-plugin-script.ts)
 * while the worker keeps the host: the plugin's requests (run a module, a command, put or
 * fetch a file) come back here and are answered over the task's own connection. One helper per
 * worker, started on the first such task; the tasks that use it take turns (a plugin's run is
 * a conversation), which custom plugins, rare and mostly short, can afford.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { FlotillaError } from '../errors/index.js';
import type { TaskResult } from '../output/events.js';
import { pyJsonLoads } from '../python/json-loads.js';
import { fromPython, toPython } from '../template/index.js';
import { ACTION_PLUGIN_SCRIPT } from './action-plugin-script.js';

const PYTHON = '/usr/bin/python3';

/** What a plugin may ask of the task's host. */
export interface ActionPluginHost {
  /** Runs a module as the task runs its own (ActionBase._execute_module); async when asked. */
  runModule(name: string, args: Record<string, unknown>, async: boolean): Promise<TaskResult>;
  /** Runs shell text (become when `sudoable` and the task becomes). */
  exec(
    command: string,
    sudoable: boolean,
    stdin?: string,
  ): Promise<{ rc: number; stdout: string; stderr: string }>;
  /** Copies a controller file to the host, and back. */
  putFile(localPath: string, remotePath: string): Promise<void>;
  fetchFile(remotePath: string, localPath: string): Promise<void>;
}

/** What the plugin's Task and PlayContext are built from (the task as the worker rendered it). */
export interface ActionPluginTask {
  /** The action loader's name for it (`ansible.legacy.<name>`). */
  handler: string;
  /** The action as the task names it. */
  action: string;
  args: Record<string, unknown>;
  async: number;
  poll: number;
  check: boolean;
  diff: boolean;
  no_log: boolean;
  become: boolean;
  become_user?: string;
  delegate_to?: string;
  remote_addr?: string;
  remote_user?: string;
  connection: string;
  shell_type?: string;
}

export interface ActionPluginRun {
  task: ActionPluginTask;
  /** The task's variables, as Python plugins get them (template/index.ts pythonVariables). */
  vars: Record<string, unknown>;
  /** The playbook's and roles' dirs (their action_plugins/, module_utils/, …). */
  dirs: readonly string[];
  /** The loader's base dir: the playbook's. */
  basedir: string;
}

type Message = Record<string, unknown>;

export interface ActionPluginOutcome {
  result: TaskResult;
  /**
   * The plugin raised other than AnsibleActionFail/Skip: TaskExecutor.run's own result, which
   * gets no `changed`/`failed` defaults.
   */
  taskError: boolean;
}

export class ActionPluginRunner {
  private helper?: Promise<HelperProcess>;
  private turn: Promise<unknown> = Promise.resolve();

  /** Runs the plugin for one host; resolves with its result (failures included), as TaskExecutor returns it. */
  run(request: ActionPluginRun, host: ActionPluginHost): Promise<ActionPluginOutcome> {
    const mine = this.turn.then(() => this.converse(request, host));
    this.turn = mine.catch(() => {});
    return mine;
  }

  close(): void {
    const helper = this.helper;
    this.helper = undefined;
    void helper?.then((h) => h.close()).catch(() => {});
  }

  private async converse(request: ActionPluginRun, host: ActionPluginHost): Promise<ActionPluginOutcome> {
    const started = this.started();
    const helper = await started;
    try {
      return await this.exchange(helper, request, host);
    } catch (err) {
      // the helper died (or its pipe broke): the next plugin starts a new one
      if (this.helper === started) this.helper = undefined;
      helper.close();
      throw err;
    }
  }

  private async exchange(
    helper: HelperProcess,
    request: ActionPluginRun,
    host: ActionPluginHost,
  ): Promise<ActionPluginOutcome> {
    helper.send({
      task: { ...request.task, args: toPython(request.task.args) },
      vars: request.vars,
      dirs: request.dirs,
      basedir: request.basedir,
    });
    for (;;) {
      const message = await helper.next();
      if ('done' in message)
        return { result: fromPython(message.done) as TaskResult, taskError: message.task_error === true };
      try {
        helper.send({ ok: await answer(message, host) });
      } catch (err) {
        helper.send({ error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private started(): Promise<HelperProcess> {
    this.helper ??= HelperProcess.start().catch((err) => {
      this.helper = undefined;
      throw err;
    });
    return this.helper;
  }
}

/** One request of the plugin's, done on the host. */
async function answer(message: Message, host: ActionPluginHost): Promise<unknown> {
  switch (message.do) {
    case 'module': {
      const args = fromPython(message.args) as Record<string, unknown>;
      // the module's result is host data: it goes over marked, and arrives wrap_var'd
      return toPython(await host.runModule(String(message.name), args, message.async === true), true);
    }
    case 'exec':
      return host.exec(
        String(message.cmd),
        message.sudoable !== false,
        typeof message.stdin === 'string' ? message.stdin : undefined,
      );
    case 'put':
      await host.putFile(String(message.src), String(message.dest));
      return null;
    case 'fetch':
      await host.fetchFile(String(message.src), String(message.dest));
      return null;
    default:
      throw new Error(`unknown request ${JSON.stringify(message.do)}`);
  }
}

/** The helper process and its two pipes, framed as length-prefixed JSON. */
class HelperProcess {
  private buffered = Buffer.alloc(0);
  private readonly waiting: { resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
  private readonly queued: Message[] = [];
  private ended?: Error;

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
  ) {
    const output = child.stdio[4] as Readable;
    output.on('data', (chunk: Buffer) => this.take(chunk));
    const end = (why: string) => this.fail(new FlotillaError('FLT_ACTION_PLUGIN', why));
    output.on('close', () => end('the action plugin helper ended'));
    child.on('error', (err) => end(`the action plugin helper cannot run: ${err.message}`));
    input.on('error', () => {});
  }

  static async start(): Promise<HelperProcess> {
    if (!existsSync(PYTHON))
      throw new FlotillaError(
        'FLT_BRIDGE_NO_ANSIBLE',
        `action plugins run in ansible-core, and ${PYTHON} is missing`,
        {
          hint: 'install ansible-core (apt-get install ansible-core)',
        },
      );
    // stdout to stderr: what a plugin prints must not mix with the run's output
    const child = spawn(PYTHON, ['-c', ACTION_PLUGIN_SCRIPT], { stdio: ['ignore', 2, 2, 'pipe', 'pipe'] });
    child.unref();
    for (const stream of [child.stdio[3], child.stdio[4]])
      (stream as unknown as { unref?: () => void }).unref?.();
    const helper = new HelperProcess(child, child.stdio[3] as Writable);
    const ready = await helper.next();
    if (ready.ready !== true) {
      helper.close();
      throw new FlotillaError(
        'FLT_BRIDGE_NO_ANSIBLE',
        `action plugins run in ansible-core, which cannot be loaded: ${String(ready.error)}`,
        { hint: 'install ansible-core (apt-get install ansible-core)' },
      );
    }
    return helper;
  }

  send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    this.input.write(Buffer.concat([head, body]));
  }

  next(): Promise<Message> {
    const message = this.queued.shift();
    if (message) return Promise.resolve(message);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  close(): void {
    this.child.kill('SIGKILL');
    this.fail(new FlotillaError('FLT_ACTION_PLUGIN', 'the action plugin helper was closed'));
  }

  private take(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readUInt32BE(0);
      if (this.buffered.length < 4 + size) break;
      const message = pyJsonLoads(this.buffered.subarray(4, 4 + size).toString('utf8')) as Message;
      this.buffered = this.buffered.subarray(4 + size);
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.queued.push(message);
    }
  }

  private fail(err: Error): void {
    this.ended ??= err;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.ended);
  }
}
