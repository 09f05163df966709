/**
 * Runs one module on one host: validates the arguments (FLT_MODULE_ARGS on bad ones),
 * calls the module and turns a ModuleFailure into Ansible's failed result.
 */
import { traitsOf } from '../actions/table.js';
import { closestMatch, FlotillaError } from '../errors/index.js';
import { ANSIBLE_PARAMS } from './ansible-params.js';
import { validateArgs } from './args.js';
import { moduleInvocation } from './invocation.js';
import { getModule, moduleNames } from './registry.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { expandPathParams } from './util/expand-path-args.js';
import { noLogValues, removeValues } from './util/no-log-values.js';
import { ModuleCrash, ModuleFailure, splitLines } from './util/remote.js';

export function requireModule(name: string): ModuleDefinition {
  const def = getModule(name);
  if (def) return def;
  const guess = closestMatch(name, moduleNames());
  throw new FlotillaError('FLT_MODULE_UNKNOWN', `couldn't resolve module/action '${name}'`, {
    hint: guess ? `did you mean "${guess}"?` : undefined,
  });
}

/**
 * Validates args and runs the module; argument errors throw, runtime failures return failed
 * results. `asWritten`: the action as the task wrote it, which AnsibleModule's messages name.
 */
export async function executeModule(
  name: string,
  rawArgs: Record<string, unknown>,
  ctx: ModuleContext,
  asWritten?: string,
): Promise<ModuleResult> {
  const def = requireModule(name);
  const traits = traitsOf(def.name);
  const actionFailure = def.actionCheck?.(rawArgs);
  if (actionFailure !== undefined) return withDefaults({ changed: false, failed: true, ...actionFailure });
  let args: Record<string, unknown>;
  try {
    args = validateArgs(def.name, def.args, rawArgs, asWritten);
  } catch (err) {
    // AnsibleModule fails the task with the validator's message, as a result like any other
    if (err instanceof FlotillaError && err.code === 'FLT_MODULE_ARGS')
      return { changed: false, failed: true, msg: err.message };
    throw err;
  }
  if (ctx.check && !traits.supportsCheckMode) {
    // A remote module's skip gets TaskExecutor's defaults; an action plugin's skip
    // (AnsibleActionSkip), as Ansible registers it, has no `failed` key.
    if (traits.checkModeSkipMsg) return { changed: false, skipped: true, msg: traits.checkModeSkipMsg };
    return withDefaults({
      changed: false,
      skipped: true,
      // as AnsibleModule names itself, unless an action plugin calls it (ansible.legacy.uri)
      msg: `remote module (${ANSIBLE_PARAMS[def.name]?.name ?? asWritten ?? def.name}) does not support check mode`,
    });
  }
  // exit_json and fail_json take the no_log parameters' values out of whatever they return.
  const secrets = noLogValues(def.name, args);
  // After the path options' expansion: the invocation shows the values the module used.
  const invoked = (result: ModuleResult) => {
    const invocation = moduleInvocation(def.name, rawArgs, args);
    return invocation && !('invocation' in result) ? { ...result, invocation } : result;
  };
  try {
    if (!def.expandsPaths) await expandPathParams(def.args, args, ctx, def.controllerPaths?.(args));
    return removeValues(withDefaults(invoked(await def.run(args, ctx)), traits.runs === 'host'), secrets);
  } catch (err) {
    if (err instanceof ModuleCrash) return { ...err.extra, changed: false, failed: true, msg: err.message };
    if (err instanceof ModuleFailure)
      return removeValues(
        withDefaults(invoked({ ...err.extra, changed: false, failed: true, msg: err.message })),
        secrets,
      );
    throw err;
  }
}

/**
 * TaskExecutor's defaults for every result: `failed` (true when a non-zero `rc` is all
 * that tells it) and `changed`, so a registered result has both keys, as in Ansible.
 */
export function withDefaults(result: ModuleResult, remote = true): ModuleResult {
  if (!('failed' in result)) result.failed = 'rc' in result && result.rc !== 0 && result.rc !== '0';
  if (!('changed' in result)) result.changed = false;
  // ActionBase._execute_module: every remote module's stdout/stderr comes with its lines
  if (remote)
    for (const key of ['stdout', 'stderr'] as const)
      if (typeof result[key] === 'string' && !(`${key}_lines` in result))
        result[`${key}_lines`] = splitLines(result[key] as string);
  return result;
}
