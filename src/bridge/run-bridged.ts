/**
 * Runs a module flotilla does not implement from Ansible's own code, as ansible-core 2.14
 * does with pipelining: the module's AnsiballZ payload (built once per run), filled with
 * this host's arguments, goes on the stdin of the host's Python over the open connection,
 * with the task's become and environment (util/remote.ts `run`); its output is read as
 * Ansible reads it (returned-data.ts).
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleResult } from '../modules/types.js';
import { run } from '../modules/util/remote.js';
import { internalArgs } from './internal-args.js';
import { fillPayload } from './module-payload.js';
import type { PayloadBuilder } from './payload-builder.js';
import { parseReturnedData } from './returned-data.js';

/** A module resolved to Ansible's code: its name as the task wrote it, and its file. */
export interface BridgedModule {
  name: string;
  path: string;
}

/** Ansible's default when nothing sets ansible_python_interpreter and discovery is off. */
const DEFAULT_INTERPRETER = '/usr/bin/python3';

export async function runBridged(
  module: BridgedModule,
  args: Record<string, unknown>,
  ctx: ModuleContext,
  builder: PayloadBuilder,
): Promise<ModuleResult> {
  const payload = await builder.payload(module.name, module.path);
  if (payload.style !== 'new') {
    return {
      failed: true,
      changed: false,
      msg: `flotilla runs only new-style (AnsiballZ) Python modules through Ansible's code; ${module.name} is a ${payload.style} module`,
    };
  }
  const interpreter = ctx.pythonInterpreter ?? DEFAULT_INTERPRETER;
  const stdin = fillPayload(payload, { ...args, ...internalArgs(module.name, ctx) });
  const res = await run(ctx, quote(interpreter), { stdin });
  return parseReturnedData(res, interpreter);
}
