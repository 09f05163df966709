/**
 * lookup()/query()/q() and the with_<lookup> loops: one set of lookup plugins (Ansible
 * 2.14's builtin ones that work offline), called as Templar._lookup calls them from a
 * template, or as TaskExecutor._get_loop_items calls them for a with_ loop. They run on
 * the controller (in the worker thread).
 */
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import { asUnsafe } from '../../../python/unsafe.js';
import { pyTruthy } from '../../../python/values.js';
import { hasPythonPlugin, runPythonLookup } from '../../python-plugins/index.js';
import { isKeywords, type Kwargs } from '../../runtime/define.js';
import type { RenderContext } from '../../runtime/runtime.js';
import { LOOKUPS } from '../registry.js';
import { type LookupContext, LookupFailure, type LookupPlugin, type LookupServices } from './plugin.js';

export type { LookupServices } from './plugin.js';
export { resolveSearchPath } from './search-path.js';
export { inventoryHostnames } from './variables.js';

/** Collection prefixes a name may carry (community.general's are redirects Ansible also follows). */
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'community.general.'];

/** A lookup by name: flotilla's own, else one ansible-core has (a collection's, lookup_plugins/). */
function pluginNamed(name: string): LookupPlugin | undefined {
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  const short = prefix ? name.slice(prefix.length) : name;
  const native =
    prefix === 'community.general.' && short !== 'cartesian' && short !== 'flattened'
      ? undefined
      : Object.hasOwn(LOOKUPS, short)
        ? LOOKUPS[short]
        : undefined;
  if (native || !hasPythonPlugin('lookup', name)) return native;
  return (terms, kwargs, ctx) => runPythonLookup(name, terms, kwargs, ctx.state.scope.vars);
}

/** The name query() is called with to run a with_ loop (see withLoop below). */
export const WITH_LOOP_LOOKUP = '__flotilla_with_loop__';

/** What loop-items passes (as the one term) for a with_ loop. */
export interface WithLoopRequest {
  lookup: string;
  /** The templated loop value, listified: a list, or a dict as listify keeps it. */
  terms: unknown;
  /** first_found's subdir, from the task's action. */
  subdir: string;
}

/**
 * A with_<name> loop: the plugin's run(terms, wantlist=True) as TaskExecutor calls it; its
 * errors fail the task with their own text (Templar._lookup's wrapping does not apply).
 */
function withLoop(services: LookupServices, context: RenderContext, request: WithLoopRequest): unknown[] {
  const plugin = pluginNamed(request.lookup);
  if (!plugin)
    throw new FlotillaError(
      'FLT_TASK_LOOP',
      `Unexpected failure in finding the lookup named '${request.lookup}' in the available lookup plugins`,
    );
  const ctx: LookupContext = { state: context.state, services, subdir: request.subdir };
  try {
    return plugin(request.terms as unknown[], {}, ctx);
  } catch (err) {
    if (err instanceof LookupFailure) {
      const ansible = err.pyClass.startsWith('ansible.errors.');
      // TaskExecutor.run: AnsibleError is the task's msg; anything else an unexpected failure.
      throw new FlotillaError(
        'FLT_TASK_LOOP',
        ansible ? err.message : `Unexpected failure during module execution: ${err.message}`,
      );
    }
    throw err;
  }
}

/** Templar._lookup's text for an exception the plugin did not handle itself. */
function unhandled(name: string, pyClass: string, message: string): string {
  return `An unhandled exception occurred while running the lookup plugin '${name}'. Error was a <class '${pyClass}'>, original message: ${message}`;
}

interface Ran {
  value: unknown[] | null;
}

/** Templar._lookup: runs the plugin, applying `errors=` (strict, warn, ignore) to its failures. */
function runLookup(
  services: LookupServices,
  context: RenderContext,
  name: string,
  raw: unknown[],
  wantlist: boolean,
): Ran {
  const last = raw[raw.length - 1];
  const kwargs: Kwargs = isKeywords(last) ? { ...last } : {};
  delete kwargs.__keywords;
  delete kwargs.wantlist;
  const allowUnsafe = pyTruthy(kwargs.allow_unsafe ?? false);
  delete kwargs.allow_unsafe;
  const errors = kwargs.errors ?? 'strict';
  delete kwargs.errors;
  const terms = isKeywords(last) ? raw.slice(0, -1) : raw;
  for (const t of terms) if (t instanceof AnsibleUndefined) t.fail();
  // TaskExecutor wraps a with_ loop's items as unsafe, whatever the plugin.
  if (name === WITH_LOOP_LOOKUP)
    return { value: unsafeResult(context, withLoop(services, context, terms[0] as WithLoopRequest)) };
  const plugin = pluginNamed(name);
  if (!plugin) throw new FlotillaError('FLT_TEMPLATE_LOOKUP', `lookup plugin (${name}) not found`);
  try {
    const value = plugin(terms, kwargs, { state: context.state, services });
    return { value: allowUnsafe ? value : unsafeResult(context, value) };
  } catch (err) {
    let message: string;
    if (err instanceof LookupFailure) {
      if (err.pyClass === 'ansible.errors.AnsibleOptionsError')
        throw new FlotillaError('FLT_TEMPLATE_LOOKUP', err.message);
      message =
        err.pyClass === 'ansible.errors.AnsibleLookupError'
          ? err.message
          : unhandled(name, err.pyClass, err.message);
      if (errors !== 'warn' && errors !== 'ignore')
        throw new FlotillaError(
          'FLT_TEMPLATE_LOOKUP',
          // AnsibleError(msg, orig_exc=e) appends the original message once more.
          err.pyClass === 'ansible.errors.AnsibleLookupError' ? message : `${message}. ${err.message}`,
        );
    } else if (err instanceof FlotillaError) {
      if (err.code === 'FLT_TEMPLATE_UNDEFINED') throw err;
      // An AnsibleError from inside the plugin (a template it rendered, say): wrapped as well.
      message = unhandled(name, 'ansible.errors.AnsibleError', err.message);
      if (errors !== 'warn' && errors !== 'ignore')
        throw new FlotillaError('FLT_TEMPLATE_LOOKUP', `${message}. ${err.message}`, { cause: err });
    } else throw err;
    // errors=warn would also print "[WARNING]: <message>"; templates have no way to warn yet.
    return { value: wantlist ? [] : null };
  }
}

/**
 * Templar._lookup: what a lookup returns is unsafe (unless allow_unsafe=True), and so is
 * the template that called it: `set_fact: x="{{ lookup('pipe', 'cat f') }}"` stays text.
 */
function unsafeResult(context: RenderContext, value: unknown[]): unknown[] {
  if (value.length === 0) return value;
  context.state.unsafe = true;
  return asUnsafe(value);
}

/** The lookup/query/q globals; `this` is the render context (nunjucks calls them so). */
export function createLookupGlobals(services: LookupServices): Record<string, unknown> {
  function lookup(this: RenderContext, name: unknown, ...raw: unknown[]): unknown {
    const last = raw[raw.length - 1];
    const wantlist = isKeywords(last) && Boolean(last.wantlist);
    const ran = runLookup(services, this, pyStr(name), raw, wantlist).value;
    if (ran === null || wantlist || ran.length === 0) return ran;
    // Templar._lookup: ",".join(ran) when it can, else the one value or the list.
    if (ran.every((r) => typeof r === 'string')) return ran.join(',');
    return ran.length === 1 ? ran[0] : ran;
  }
  function query(this: RenderContext, name: unknown, ...raw: unknown[]): unknown[] {
    return runLookup(services, this, pyStr(name), raw, true).value ?? [];
  }
  return { lookup, query, q: query };
}
