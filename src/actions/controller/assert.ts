import { conditionalErrorText, taskError } from '../../errors/task-errors.js';
import { renderArg } from './render-arg.js';
import type { ControllerAction } from './types.js';

/** Ansible's assert action: the first condition that does not hold fails the task. */
export const assert: ControllerAction = (ctx, vars, render) => {
  const args = ctx.spec.args;
  const that = Array.isArray(args.that) ? args.that : [args.that];
  for (const condition of that) {
    let holds: boolean;
    try {
      holds = ctx.templates.conditional(condition, vars);
    } catch (err) {
      throw taskError(conditionalErrorText(condition, err));
    }
    if (!holds) {
      const msgKey = args.fail_msg !== undefined ? 'fail_msg' : 'msg';
      const msg = args[msgKey] === undefined ? undefined : renderArg(args, msgKey, render);
      return {
        failed: true,
        changed: false,
        assertion: condition,
        evaluated_to: false,
        msg: msg === undefined ? 'Assertion failed' : msg,
      };
    }
  }
  const quiet = args.quiet === true || args.quiet === 1 || /^(y|yes|on|1|true|t)$/i.test(String(args.quiet));
  // Ansible keeps success_msg when quiet; quiet only leaves out _ansible_verbose_always
  // (the reporter adds it to an assert result that does not say false).
  return {
    changed: false,
    msg: args.success_msg !== undefined ? renderArg(args, 'success_msg', render) : 'All assertions passed',
    ...(quiet ? { _ansible_verbose_always: false } : {}),
  };
};
