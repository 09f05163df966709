/**
 * Runs a task's controller action (Ansible's action plugins that need no connection): the
 * action plugin's check of its options, then the action src/actions/controller/ registers
 * under the task's action. Returns undefined for an action that is a module.
 */

import { invalidOptions } from '../actions/action-fail.js';
import { controllerAction } from '../actions/controller/index.js';
import { traitsOf } from '../actions/table.js';
import type { TaskResult } from '../output/events.js';
import type { ExecutionContext } from './execution-context.js';
import type { Render } from './loop-items.js';

export async function runControllerAction(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  render: Render,
): Promise<TaskResult | undefined> {
  const { spec } = ctx;
  const invalid = invalidOptionsText(spec.action, spec.actionAsWritten ?? spec.action, spec.args);
  if (invalid !== undefined) return invalid;
  return controllerAction(spec.action)?.(ctx, vars, render);
}

/**
 * ActionBase.run's check of _VALID_ARGS ("Invalid options for debug: b", named as the task
 * writes the action), after debug's own msg/var check, as Ansible orders them.
 */
function invalidOptionsText(
  action: string,
  written: string,
  args: Record<string, unknown>,
): TaskResult | undefined {
  const valid = traitsOf(action).validArgs;
  if (!valid) return undefined;
  if (action === 'debug' && 'msg' in args && 'var' in args)
    return { failed: true, msg: "'msg' and 'var' are incompatible options", _ansible_verbose_always: false };
  const invalid = invalidOptions(written, args, valid);
  // A failure before the action's own result: shown on one line, even debug's.
  return invalid && { ...invalid, _ansible_verbose_always: false };
}
