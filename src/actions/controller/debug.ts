import { FlotillaError } from '../../errors/index.js';
import type { ExecutionContext } from '../../executor/execution-context.js';
import type { Render } from '../../executor/loop-items.js';
import type { TaskResult } from '../../output/events.js';
import { renderArg } from './render-arg.js';
import type { ControllerAction } from './types.js';

export const debug: ControllerAction = (ctx, vars, render) => {
  const args = ctx.spec.args;
  const threshold = Number(render(args.verbosity ?? 0));
  if (threshold > Number(vars.ansible_verbosity ?? 0)) {
    return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' };
  }
  // Ansible's debug action always shows its result, whatever the verbosity.
  return { ...debugResult(ctx, vars, render), _ansible_verbose_always: true };
};

/**
 * Ansible's debug action: `var` is templated like any argument first, then looked up as
 * a variable or expression; a list or dict `var` is keyed by its Python type, and an
 * undefined one (with its reason at -v) is VARIABLE IS NOT DEFINED!.
 */
function debugResult(ctx: ExecutionContext, vars: Record<string, unknown>, render: Render): TaskResult {
  const args = ctx.spec.args;
  if (args.var !== undefined) {
    const name = render(args.var);
    let value: unknown;
    try {
      if (typeof name !== 'string') throw new FlotillaError('FLT_TEMPLATE_UNDEFINED', '');
      value = ctx.templates.render(`{{${name}}}`, vars);
    } catch (err) {
      if ((err as { code?: string }).code !== 'FLT_TEMPLATE_UNDEFINED') throw err;
      value = 'VARIABLE IS NOT DEFINED!';
      // str() of Ansible's AnsibleUndefinedVariable repeats the message of the error it wraps.
      const why = (err as Error).message;
      if (Number(vars.ansible_verbosity ?? 0) > 0) value += why ? `: ${why}. ${why}` : ': ';
    }
    const key = Array.isArray(name)
      ? "<class 'list'>"
      : name !== null && typeof name === 'object'
        ? "<class 'dict'>"
        : String(name);
    return { changed: false, [key]: value };
  }
  const msg = args.msg === undefined ? 'Hello world!' : renderArg(args, 'msg', render);
  return { changed: false, msg };
}
