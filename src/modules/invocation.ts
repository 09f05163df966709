/**
 * `invocation.module_args`, which AnsibleModule adds to every result of a module that runs on
 * the host: each parameter of its argument spec, with the value given (aliases given keep
 * their own key too), else its default, else None; no_log parameters masked. A registered
 * result drops the top-level copy, but a loop's items keep theirs, and -vvv prints it.
 */
import { ansibleArgumentSpec, traitsOf } from '../actions/table.js';

const NO_LOG_VALUE = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';

/**
 * The invocation for `name`, or undefined for actions that run no module on the host.
 * `given` are the task's arguments as written (which keys were given); `params` the
 * validated values.
 */
export function moduleInvocation(
  name: string,
  given: Record<string, unknown>,
  params: Record<string, unknown>,
): { module_args: Record<string, unknown> } | undefined {
  // The module Ansible runs for it (shell: command), and what the action plugin adds.
  const target = traitsOf(name).ansibleModule ?? { name };
  const spec = ansibleArgumentSpec(name);
  if (!spec) return undefined;
  if (target.name === 'command' && params.cmd !== undefined && params.cmd !== null) {
    // The task parser turns command's `cmd` into the free-form `_raw_params`.
    given = { ...given, _raw_params: params.cmd };
    params = { ...params, _raw_params: params.cmd };
  }
  const args: Record<string, unknown> = {};
  const mask = (value: unknown, noLog: boolean) =>
    noLog && value !== null && value !== undefined ? NO_LOG_VALUE : (value ?? null);
  for (const [key, [fallback, aliases, noLog]] of Object.entries(spec)) {
    const names = [key, ...aliases];
    const used = names.filter((k) => given[k] !== null && given[k] !== undefined);
    // Our spec may name the parameter by one of Ansible's aliases (apt's `name`).
    const ours = names.find((k) => params[k] !== undefined);
    const value = used.length > 0 && ours !== undefined ? params[ours] : structuredClone(fallback);
    args[key] = mask(value, noLog);
    // An alias keeps the value as it was given, before type conversion.
    for (const alias of used) if (alias !== key) args[alias] = mask(given[alias], noLog);
  }
  Object.assign(args, target.fixed);
  // apt's main(): upgrade=no is stored as None.
  if (target.name === 'apt' && args.upgrade === 'no') args.upgrade = null;
  return { module_args: args };
}
