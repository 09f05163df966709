/**
 * `invocation.module_args`, which AnsibleModule adds to every result of a module that runs on
 * the host: each parameter of its argument spec, with the value given (aliases given keep
 * their own key too), else its default, else None; no_log parameters masked. A registered
 * result drops the top-level copy, but a loop's items keep theirs, and -vvv prints it.
 */
import type { SpecEntry } from '../actions/ansible-argument-specs.js';
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
  const mask = (value: unknown, noLog: boolean) =>
    noLog && value !== null && value !== undefined ? NO_LOG_VALUE : (value ?? null);
  const entries = Object.entries(spec);
  const canonical = new Map<string, string>();
  for (const [key, [, aliases]] of entries) for (const name of [key, ...aliases]) canonical.set(name, key);
  const isGiven = (k: string) => given[k] !== null && given[k] !== undefined;
  // The value a spec key holds: the validated one (our spec may name it by an alias, apt's
  // `name`) when given under any of its names, else its default.
  const heldValue = (key: string, fallback: unknown, aliases: readonly string[]) => {
    const names = [key, ...aliases];
    const ours = names.find((k) => params[k] !== undefined);
    return names.some(isGiven) && ours !== undefined ? params[ours] : structuredClone(fallback);
  };
  // AnsibleModule's params, in its order: the keys as given (an alias keeps the value as it
  // was given, before type conversion), then the keys aliases stood for, then the defaults
  // that are not None, then the rest (ArgumentSpecValidator.validate's two _set_defaults passes).
  const args: Record<string, unknown> = {};
  for (const k of Object.keys(given)) {
    const key = canonical.get(k);
    if (key === undefined || !isGiven(k)) continue;
    const [fallback, aliases, noLog] = spec[key] as SpecEntry;
    args[k] = mask(k === key ? heldValue(key, fallback, aliases) : given[k], noLog);
  }
  for (const [key, [fallback, aliases, noLog]] of entries)
    if (!(key in args) && aliases.some(isGiven)) args[key] = mask(heldValue(key, fallback, aliases), noLog);
  for (const pass of ['set', 'unset'] as const)
    for (const [key, [fallback, aliases, noLog]] of entries) {
      if (key in args || (pass === 'set') === (fallback === null)) continue;
      args[key] = mask(heldValue(key, fallback, aliases), noLog);
    }
  Object.assign(args, target.fixed);
  // apt's main(): upgrade=no is stored as None.
  if (target.name === 'apt' && args.upgrade === 'no') args.upgrade = null;
  return { module_args: args };
}
