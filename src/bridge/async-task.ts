/**
 * The `async:`/`poll:` keywords, as ansible-core 2.14 runs them (plugins/action/__init__.py
 * `_execute_module` with wrap_async, executor/task_executor.py `_poll_async_result`, the
 * async_status action): the module (an AnsiballZ file with its arguments in it) and Ansible's
 * async_wrapper go to a temp dir on the host; the wrapper daemonizes the module, which writes
 * its result to ~/.ansible_async/<jid>. With `poll: N` the status is read every N seconds
 * with Ansible's async_status module until it is finished or `async` seconds have passed;
 * with `poll: 0` the started result is the task's.
 */
import { randomInt } from 'node:crypto';
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleResult } from '../modules/types.js';
import { ModuleFailure, run } from '../modules/util/remote.js';
import { internalArgs } from './internal-args.js';
import { fillPayload } from './module-payload.js';
import type { PayloadBuilder } from './payload-builder.js';
import { readReturnedData } from './returned-data.js';
import { type BridgedModule, runBridged } from './run-bridged.js';

/** The async_dir shell option's default. */
export const ASYNC_DIR = '~/.ansible_async';

export interface AsyncOptions {
  /** `async:` seconds. */
  asyncSeconds: number;
  /** `poll:` seconds; 0 returns once started. */
  pollSeconds: number;
  /** Ansible's modules: async_wrapper and async_status (resolved by the caller). */
  wrapper: BridgedModule;
  status: BridgedModule;
  /** The async_dir shell option (ansible_async_dir, ANSIBLE_ASYNC_DIR), unexpanded; ~/.ansible_async by default. */
  asyncDir?: string;
  /** Each poll that found the job still running (Ansible's v2_runner_on_async_poll). */
  onPoll?(status: ModuleResult): void;
  /** The polled job's end (Ansible's v2_runner_on_async_ok / _failed). */
  onDone?(result: ModuleResult): void;
  sleep?(ms: number): Promise<void>;
}

export async function runAsync(
  module: BridgedModule,
  args: Record<string, unknown>,
  ctx: ModuleContext,
  builder: PayloadBuilder,
  options: AsyncOptions,
): Promise<ModuleResult> {
  // Everything the polls need is ready before the job starts, so the first poll comes
  // `poll` seconds after it, as in Ansible.
  const asyncDir = options.asyncDir ?? ASYNC_DIR;
  const [payload, wrapper, , remoteAsyncDir] = await Promise.all([
    builder.payload(module.name, module.path, module.dirs),
    builder.payload(options.wrapper.name, options.wrapper.path),
    builder.payload(options.status.name, options.status.path),
    remoteExpandUser(ctx, asyncDir),
  ]);
  if (payload.style !== 'new') {
    return {
      failed: true,
      changed: false,
      msg: `flotilla runs async only new-style Python modules; ${module.name} is a ${payload.style} module`,
    };
  }
  const interpreter = quote(ctx.pythonInterpreter ?? '/usr/bin/python3');
  const made = await ctx.transport.exec(
    'umask 77 && mkdir -p ~/.ansible/tmp && mktemp -d ~/.ansible/tmp/ansible-tmp-XXXXXXXXXX',
  );
  const dir = made.stdout.trim();
  if (made.rc !== 0 || !dir.startsWith('/'))
    throw new ModuleFailure(`could not create a temp dir on the host: ${made.stderr.trim()}`, made);
  const moduleFile = `${dir}/AnsiballZ_${module.name.split('.').pop()}.py`;
  const wrapperFile = `${dir}/AnsiballZ_async_wrapper.py`;
  await ctx.transport.put(
    fillPayload(payload, { ...args, ...internalArgs(module.name, ctx), _ansible_tmpdir: `${dir}/` }),
    moduleFile,
    0o700,
  );
  await ctx.transport.put(fillPayload(wrapper, {}), wrapperFile, 0o700);
  if (ctx.become && ctx.become.user !== 'root')
    await ctx.transport.exec(`chown -R ${quote(ctx.become.user)} ${quote(dir)}`);
  const jid = `j${randomInt(0, 999_999_999_999)}`;
  const command = `${interpreter} ${quote(wrapperFile)} ${jid} ${options.asyncSeconds} ${quote(moduleFile)} _`;
  // _execute_module hands the wrapper the option as it is; the wrapper expands it.
  const environment = { ...(ctx.environment ?? {}), ANSIBLE_ASYNC_DIR: asyncDir };
  const started = readReturnedData(await run({ ...ctx, environment }, command), interpreter).data;
  // The wrapper removes its dir when the job ends; a wrapper that failed to start leaves it.
  if (started.failed) await ctx.transport.exec(`rm -rf ${quote(dir)}`).catch(() => undefined);
  started.changed = true;
  if (started.failed || started.skipped || options.pollSeconds <= 0) return started;
  const done = await poll(String(started.ansible_job_id ?? ''), remoteAsyncDir, ctx, builder, options);
  options.onDone?.(done);
  return done;
}

/** The async_status action a task names: `jid`, `mode` (status or cleanup). */
export async function asyncStatusAction(
  args: Record<string, unknown>,
  ctx: ModuleContext,
  builder: PayloadBuilder,
  statusModule: BridgedModule,
  asyncDir: string = ASYNC_DIR,
): Promise<ModuleResult> {
  const jid = String(args.jid ?? '');
  const mode = args.mode === 'cleanup' ? 'cleanup' : 'status';
  const dir = await remoteExpandUser(ctx, asyncDir);
  return (await asyncStatus(jid, mode, dir, ctx, builder, statusModule)).data;
}

/** `_poll_async_result`: the job's status every `poll` seconds, then its cleanup. */
async function poll(
  jid: string,
  asyncDir: string,
  ctx: ModuleContext,
  builder: PayloadBuilder,
  options: AsyncOptions,
): Promise<ModuleResult> {
  if (!jid) return { failed: true, msg: 'No job id was returned by the async task' };
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let status: ModuleResult = {};
  let parsed = false;
  for (let left = options.asyncSeconds; left > 0; left -= options.pollSeconds) {
    await sleep(options.pollSeconds * 1000);
    ({ data: status, parsed } = await asyncStatus(jid, 'status', asyncDir, ctx, builder, options.status));
    if (Number(status.finished ?? 0) === 1 || ('failed' in status && parsed) || 'skipped' in status) break;
    options.onPoll?.(status);
  }
  if (Number(status.finished ?? 0) !== 1) {
    return parsed
      ? {
          failed: true,
          msg: `async task did not complete within the requested time - ${options.asyncSeconds}s`,
          async_result: status,
        }
      : { failed: true, msg: 'async task produced unparseable results', async_result: status };
  }
  await asyncStatus(jid, 'cleanup', asyncDir, ctx, builder, options.status);
  return status;
}

/** The async_status action: its own fields, merged with the module's answer (asyncDir expanded). */
export async function asyncStatus(
  jid: string,
  mode: 'status' | 'cleanup',
  asyncDir: string,
  ctx: ModuleContext,
  builder: PayloadBuilder,
  statusModule: BridgedModule,
): Promise<{ data: ModuleResult; parsed: boolean }> {
  const logPath = `${asyncDir.replace(/\/+$/, '')}/${jid}`;
  const own: ModuleResult = {
    started: mode === 'status' ? 1 : 0,
    finished: 0,
    stdout: '',
    stderr: '',
    stdout_lines: [],
    stderr_lines: [],
    ansible_job_id: jid,
    ...(mode === 'cleanup' ? { erased: logPath } : { results_file: logPath }),
  };
  const answer = await runBridged(statusModule, { jid, mode, _async_dir: asyncDir }, ctx, builder);
  const parsed = !(answer.failed && 'module_stdout' in answer);
  return { data: { ...own, ...answer }, parsed };
}

/**
 * `_remote_expand_user(path)`: a path that starts with `~` or `~user` gets that home (a bare
 * `~` is the become user's under become, else the login user's); others stay as they are.
 */
export async function remoteExpandUser(ctx: ModuleContext, path: string): Promise<string> {
  if (!path.startsWith('~')) return path;
  const slash = path.indexOf('/');
  const head = slash < 0 ? path : path.slice(0, slash);
  const who = head === '~' && ctx.become ? `~${ctx.become.user}` : head;
  // the sh shell plugin's expand_user: a ~user that is not a plain name is quoted
  const res = await ctx.transport.exec(
    `echo ${/^~[_.A-Za-z0-9][-_.A-Za-z0-9]*$|^~$/.test(who) ? who : quote(who)}`,
  );
  const home = res.stdout.trim().split('\n').pop() || who;
  return slash < 0 ? home : `${home}/${path.slice(slash + 1)}`;
}
