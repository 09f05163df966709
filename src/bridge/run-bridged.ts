/**
 * Runs a module flotilla does not implement from Ansible's own code, as ansible-core 2.14
 * does with pipelining: the module's AnsiballZ payload (built once per run), filled with
 * this host's arguments, goes on the stdin of the host's Python over the open connection,
 * with the task's become and environment (util/remote.ts `run`); its output is read as
 * Ansible reads it (returned-data.ts). Where that is exactly equivalent, the host's warm
 * Python runner (python-runner.ts) runs it in a forked child instead of a fresh interpreter.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleResult } from '../modules/types.js';
import { ModuleFailure, run } from '../modules/util/remote.js';
import { resultStr } from '../python/repr.js';
import { internalArgs } from './internal-args.js';
import { argsLiteral, asciiJson, fillPayload, type ModulePayload } from './module-payload.js';
import type { PayloadBuilder } from './payload-builder.js';
import { idleRunner, runnerCanRun } from './python-runner.js';
import { type ModuleOutput, parseReturnedData } from './returned-data.js';

/** A module resolved to Ansible's code: its name as the task wrote it, and its file. */
export interface BridgedModule {
  name: string;
  path: string;
  /** The playbook's and the roles' dirs (their module_utils/ are importable). */
  dirs?: readonly string[];
}

/** Ansible's default when nothing sets ansible_python_interpreter and discovery is off. */
const DEFAULT_INTERPRETER = '/usr/bin/python3';

export async function runBridged(
  module: BridgedModule,
  args: Record<string, unknown>,
  ctx: ModuleContext,
  builder: PayloadBuilder,
): Promise<ModuleResult> {
  const payload = await builder.payload(module.name, module.path, module.dirs);
  if (payload.style !== 'new') return runFromFiles(module, payload, args, ctx);
  const interpreter = ctx.pythonInterpreter ?? DEFAULT_INTERPRETER;
  const allArgs = { ...args, ...internalArgs(module.name, ctx) };
  const warm = await runOnWarmPython(ctx, interpreter, payload, allArgs);
  if (warm) return parseReturnedData(warm, interpreter);
  const res = await run(ctx, quote(interpreter), { stdin: fillPayload(payload, allArgs) });
  return parseReturnedData(res, interpreter);
}

/**
 * The module run by the host's warm Python runner (python-runner.ts) where that is exactly
 * equivalent; undefined when it runs as before (a fresh interpreter on its own session).
 */
async function runOnWarmPython(
  ctx: ModuleContext,
  interpreter: string,
  payload: ModulePayload,
  args: Record<string, unknown>,
): Promise<ModuleOutput | undefined> {
  if (!runnerCanRun(ctx, interpreter)) return undefined;
  const runner = await idleRunner(ctx, interpreter);
  if (!runner) return undefined;
  const reply = await runner.run(payload, argsLiteral(args), ctx.environment ?? {});
  return reply === 'cold' ? undefined : reply;
}

/**
 * Old-style (k=v arguments), WANT_JSON and binary modules, which Ansible cannot pipeline:
 * the module and an arguments file go to a private dir on the host, the module runs with
 * the file's path as its argument, and the dir is removed.
 */
async function runFromFiles(
  module: BridgedModule,
  payload: ModulePayload,
  args: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  const dir = `/tmp/.flotilla-module-${randomBytes(8).toString('hex')}`;
  const modulePath = `${dir}/${path.basename(module.path)}`;
  const argsPath = `${dir}/args`;
  const all = { ...args, ...internalArgs(module.name, ctx), _ansible_tmpdir: `${dir}/` };
  const argsText =
    payload.style === 'old'
      ? Object.entries(all)
          .map(([k, v]) => `${k}=${quote(resultStr(v))} `)
          .join('')
      : asciiJson(all);
  const interpreter = moduleInterpreter(payload, ctx);
  try {
    const made = await ctx.transport.exec(`mkdir -m 700 ${quote(dir)}`);
    if (made.rc !== 0)
      throw new ModuleFailure(`could not create a temp dir on the host: ${made.stderr.trim()}`, made);
    await ctx.transport.put(payload.data ?? Buffer.alloc(0), modulePath, 0o700);
    await ctx.transport.put(argsText, argsPath, 0o600);
    // Ansible's _fixup_perms2: an unprivileged become user must be able to read them.
    if (ctx.become && ctx.become.user !== 'root')
      await ctx.transport.exec(`chown -R ${quote(ctx.become.user)} ${quote(dir)}`);
    const command = [interpreter, quote(modulePath), quote(argsPath)].filter(Boolean).join(' ');
    const res = await run(ctx, command);
    return parseReturnedData(res, interpreter ?? modulePath);
  } finally {
    await ctx.transport.exec(`rm -rf ${quote(dir)}`).catch(() => undefined);
  }
}

/**
 * The command that runs the module file: the host's Python for a Python `#!` line, else the
 * line as written (`/usr/bin/env bash` included), as build_module_command joins it; none for
 * binaries.
 */
function moduleInterpreter(payload: ModulePayload, ctx: ModuleContext): string | undefined {
  if (payload.style === 'binary' || !payload.shebang) return undefined;
  const line = payload.shebang.replace(/^#!/, '').trim();
  const first = line.split(/\s+/)[0] ?? '';
  return /^python[\d.]*$/.test(path.basename(first))
    ? quote(ctx.pythonInterpreter ?? DEFAULT_INTERPRETER)
    : line;
}
