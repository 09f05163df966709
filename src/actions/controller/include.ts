/**
 * include_tasks and include_role in the worker: they name what to include (templated with the
 * host's variables); the main thread loads it and runs it next (strategy/includes.ts).
 */
import type { ControllerAction } from './types.js';

export const includeTasks: ControllerAction = (ctx, _vars, render) => {
  const file = render(ctx.spec.args.file ?? ctx.spec.args._raw_params);
  return { changed: false, include: String(file), include_args: {} };
};

export const includeRole: ControllerAction = (ctx, _vars, render) => {
  const args = ctx.spec.args;
  const name = render(args.name ?? args.role ?? args._raw_params);
  // tasks_from & co. may be templates: rendered here, read by strategy/includes.ts.
  const from: Record<string, unknown> = {};
  for (const k of ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'])
    if (args[k] !== undefined && args[k] !== null) from[k] = render(args[k]);
  return { changed: false, include_role: String(name), include_role_from: from };
};
