/**
 * Calling a filter or test from compiled code. Each definition gets one invoker, built
 * once per engine, that compiled call sites reach by name: positional arguments arrive as
 * the call site's own fresh array (no rest/spread copies), and keyword binding is only
 * paid for by calls that pass keywords. Hot templates call these thousands of times.
 */

import { AnsibleUndefined } from '../../python/undefined.js';
import { bindArguments, type FunctionDef, isKeywords, type Kwargs } from './define.js';
import type { RenderContext } from './runtime.js';

/** `args` holds positionals, then optionally nunjucks' keyword object (`__keywords`). */
export type Invoker<R = unknown> = (ctx: RenderContext, value: unknown, args: unknown[]) => R;

/** Shared by calls without keywords; frozen so no filter can leak state between calls. */
const NO_KWARGS: Kwargs = Object.freeze({});

export function makeInvoker<R>(kind: string, name: string, d: FunctionDef<R>): Invoker<R> {
  const fn = d.fn;
  const strict = !d.allowUndefined;
  return (ctx, value, args) => {
    let positional = args;
    let kwargs = NO_KWARGS;
    if (args.length > 0 && isKeywords(args[args.length - 1])) {
      const bound = bindArguments(kind, name, d as FunctionDef<unknown>, args);
      positional = bound.args;
      kwargs = bound.kwargs;
    }
    if (strict) {
      if (value instanceof AnsibleUndefined) value.fail();
      for (let i = 0; i < positional.length; i++) {
        const arg = positional[i];
        if (arg instanceof AnsibleUndefined) arg.fail();
      }
    }
    return fn(value, positional, kwargs, ctx);
  };
}

/** One invoker per name; a null-prototype table so a name like `constructor` is no hit. */
export function makeInvokers<R>(
  kind: string,
  defs: Record<string, FunctionDef<R>>,
): Record<string, Invoker<R>> {
  const table: Record<string, Invoker<R>> = Object.create(null);
  for (const [name, d] of Object.entries(defs)) table[name] = makeInvoker(kind, name, d);
  return table;
}
