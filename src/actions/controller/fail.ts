import { renderArg } from './render-arg.js';
import type { ControllerAction } from './types.js';

/** Ansible's fail action. */
export const fail: ControllerAction = (ctx, _vars, render) => ({
  failed: true,
  changed: false,
  msg: String(renderArg(ctx.spec.args, 'msg', render) ?? 'Failed as requested from task'),
});
