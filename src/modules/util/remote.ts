/**
 * Running shell text on the host through the transport: environment exports, become
 * wrapping (util/become.ts: Ansible's `sudo -H -S -n -u USER /bin/sh -c '…'` form) and the timeout.
 */

import type { Readable } from 'node:stream';
import { quote, withEnv } from '../../connection/shell-quote.js';
import type { ExecResult } from '../../connection/transport.js';
import type { ModuleContext } from '../types.js';
import { becomeCommand } from './become.js';

export interface RunOptions {
  stdin?: string | Buffer | Readable;
  timeoutMs?: number;
}

/**
 * Runs shell text on the host with the task's environment and become settings. Under become
 * the transport answers the password prompt and takes the success marker out of stdout;
 * when the marker never came, becoming failed (no sudo, a user without a shell) and the task
 * fails as Ansible's MODULE FAILURE, not as the module's own error.
 */
export async function run(
  ctx: ModuleContext,
  command: string,
  options: RunOptions = {},
): Promise<ExecResult> {
  // The environment's values go on stdin, ahead of the command's own input (shell-quote.ts).
  const { command: body, stdin } = withEnv(command, ctx.environment, options.stdin);
  const execOptions = { stdin, timeoutMs: options.timeoutMs ?? ctx.timeoutMs };
  if (!ctx.become) return ctx.transport.exec(body, execOptions);
  const become = becomeCommand(body, ctx.become);
  // Through /bin/sh as Ansible's connection runs it, so a missing sudo reads as Ansible's does.
  const res = await ctx.transport.exec(`/bin/sh -c ${quote(become.command)}`, {
    ...execOptions,
    escalation: become.escalation,
  });
  if (!res.escalated) {
    throw new ModuleFailure('MODULE FAILURE\nSee stdout/stderr for the exact error', {
      module_stderr: res.stderr,
      module_stdout: res.stdout,
      rc: res.rc,
    });
  }
  return plain(res);
}

/** The result without the transport's escalation flags. */
function plain({ escalated: _e, promptAnswered: _p, ...res }: ExecResult): ExecResult {
  return res;
}

/**
 * Runs shell text as Ansible's low-level execute does for raw and script (no module on the
 * host): a failure to become (without a password problem) is just the command's rc and
 * output; `shell` (script's /bin/sh) wraps it when given. Over ssh this is Ansible's `-tt`
 * tty: stderr joins stdout, lines end in \r\n, and ssh says on stderr that the shared
 * connection closed.
 */
export async function runOnTty(ctx: ModuleContext, command: string, shell?: string): Promise<ExecResult> {
  const { command: body, stdin } = withEnv(command, ctx.environment);
  const become = ctx.become && becomeCommand(body, ctx.become);
  const inner = become ? become.command : body;
  const full = shell ? `${shell} -c ${quote(inner)}` : inner;
  const options = { timeoutMs: ctx.timeoutMs, stdin, escalation: become ? become.escalation : undefined };
  if (ctx.transport.key === 'local') return plain(await ctx.transport.exec(full, options));
  const raw = await ctx.transport.exec(`{ ${full}\n} 2>&1`, options);
  const res = plain(raw);
  // On Ansible's tty the answered password prompt leaves the newline that ends the password.
  if (raw.promptAnswered) res.stdout = `\n${res.stdout}`;
  const address = /@(.*):\d+$/.exec(ctx.transport.key)?.[1]?.replace(/^\[(.*)\]$/, '$1');
  return {
    ...res,
    stdout: res.stdout.replace(/\r?\n/g, '\r\n'),
    stderr: `Shared connection to ${address} closed.\r\n`,
  };
}

/** Runs and throws a module failure (as a result-shaped error) when rc != 0. */
export async function runChecked(
  ctx: ModuleContext,
  command: string,
  options: RunOptions = {},
): Promise<ExecResult> {
  const res = await run(ctx, command, options);
  if (res.rc !== 0)
    throw new ModuleFailure(res.stderr.trim() || res.stdout.trim() || `command failed: ${command}`, res);
  return res;
}

/**
 * A native module's answer that this host needs a backend it does not implement (a service
 * manager other than SysV init scripts): the task then runs Ansible's own module through the
 * bridge, as `--modules bridge` would (module-runner.ts), instead of failing.
 */
export class NativeUnsupported extends Error {
  constructor(
    readonly module: string,
    readonly why: string,
  ) {
    super(`${module}: flotilla has no native form for this host (${why})`);
  }
}

/** A failure raised inside a module; `toResult()` turns it into a failed result. */
export class ModuleFailure extends Error {
  readonly extra: Record<string, unknown>;
  constructor(message: string, extra: Partial<ExecResult> | Record<string, unknown> = {}) {
    super(message);
    this.name = 'ModuleFailure';
    this.extra = { ...extra };
  }
}

/**
 * A native module's script that ended without its closing record (killed, or a shell error
 * before it): the task fails as Ansible's does when a module prints no JSON.
 */
export function scriptDied(res: { stdout: string; stderr: string; rc: number }) {
  return {
    changed: false,
    failed: true,
    msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error',
    module_stdout: res.stdout,
    module_stderr: res.stderr,
    rc: res.rc,
  };
}

/**
 * A module that died of an exception, as a Python module dies of its traceback: the task
 * fails with Ansible's MODULE FAILURE result (_parse_returned_data), the traceback in
 * `module_stderr` and `exception` (whose last line the callback prints), `module_stdout`
 * empty, `rc` 1, and no `invocation` (the module never returned one).
 */
export class ModuleCrash extends ModuleFailure {
  /** `exception`: the traceback's last line, `Type: message`. */
  constructor(exception: string) {
    const traceback = `Traceback (most recent call last):\n  File "<flotilla module>", in main\n${exception}\n`;
    super('MODULE FAILURE\nSee stdout/stderr for the exact error', {
      module_stderr: traceback,
      module_stdout: '',
      rc: 1,
      exception: traceback,
    });
    this.name = 'ModuleCrash';
  }
}

/** Python's str(datetime.now()): '2024-01-02 03:04:05.123456'. */
export function pythonTimestamp(at: Date | number): string {
  // a number is epoch milliseconds with a fraction (preciseNow()): microseconds, as Python has
  const ms = typeof at === 'number' ? at : at.getTime();
  const d = new Date(Math.floor(ms));
  const us = Math.min(999_999, Math.floor((ms - Math.floor(ms / 1000) * 1000) * 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(us, 6)}`;
}

/** Epoch milliseconds with a sub-millisecond fraction. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Python's str(timedelta): '0:00:00.002160'. */
export function pythonDelta(ms: number): string {
  const totalUs = Math.max(0, Math.round(ms * 1000));
  const us = totalUs % 1_000_000;
  const secs = Math.floor(totalUs / 1_000_000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const base = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return us === 0 ? base : `${base}.${String(us).padStart(6, '0')}`;
}

/** Splits text into lines like Python's str.splitlines(). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
