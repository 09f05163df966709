/**
 * Resolves a task's loop into its items: `loop:`, or a `with_<lookup>` form, which is the
 * lookup plugin's run(terms) as Ansible's TaskExecutor._get_loop_items calls it: the same
 * plugins lookup()/query() use (src/template/plugins/lookups/run.ts).
 */
import { FlotillaError } from '../errors/index.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { asUnsafe, copyMarks, markUnsafeSlot } from '../python/unsafe.js';
import { PyTuple } from '../python/values.js';
import { WITH_LOOP_LOOKUP, type WithLoopRequest } from '../template/index.js';

export { inventoryHostnames } from '../template/index.js';

/** Renders a value; `taint.unsafe` is set when a string result was made from unsafe data. */
export type Render = (value: unknown, taint?: { unsafe: boolean }) => unknown;

/** Runs the templating engine's lookup plugin `name` on one term (`query(name, term)`). */
export type QueryOne = (name: string, term: unknown) => unknown;

/**
 * The loop's items, or undefined for a task without a loop. A with_ loop runs through
 * `query` (the engine's query() with the render's variables and search path) as
 * query(WITH_LOOP_LOOKUP, request); the search path argument is no longer needed.
 */
export function loopItems(
  spec: TaskSpec,
  render: Render,
  query?: QueryOne,
  _searchPath: string[] = [],
): unknown[] | undefined {
  const { loop, withLookup } = spec.keywords;
  if (loop !== undefined) {
    const taint = { unsafe: false };
    const value = render(loop, taint);
    const items = untupleAll(asList(value, 'loop'));
    // A list made from unsafe data comes back marked; a lone string is marked here.
    if (typeof value === 'string' && taint.unsafe) markUnsafeSlot(items, 0);
    return items;
  }
  if (!withLookup) return undefined;
  if (!query) throw new FlotillaError('FLT_TASK_LOOP', `with_${withLookup.name} needs the lookup plugins`);
  const request: WithLoopRequest = {
    lookup: withLookup.name,
    terms: loopTerms(withLookup.name, withLookup.arg, render),
    subdir: subdirFor(spec.action),
  };
  // _get_loop_items wraps a lookup's items with wrap_var: they are data, never templated again
  // (with_url's page, with_file's text, with_items of a rendered "{{ '{{' }} … }}").
  return asUnsafe(untupleAll(query(WITH_LOOP_LOOKUP, request) as unknown[]));
}

/** The items with tuples as lists, keeping which items are unsafe (python/unsafe.ts). */
function untupleAll(items: unknown[]): unknown[] {
  const out = items.map(untuple);
  copyMarks(items, out);
  return out;
}

/**
 * A tuple item (indexed_items', subelements' pairs) is a list by the time the task reads
 * it: Ansible's Templar.template turns every sequence it meets into a list.
 */
function untuple(item: unknown): unknown {
  return item instanceof PyTuple ? [...item] : item;
}

/**
 * listify_lookup_plugin_terms on the with_ value: a string is stripped and templated; a
 * string or a non-iterable result becomes a one-item list. first_found alone drops the
 * terms that are undefined instead of failing.
 */
function loopTerms(name: string, arg: unknown, render: Render): unknown {
  let terms: unknown;
  if (name !== 'first_found') terms = render(typeof arg === 'string' ? arg.trim() : arg);
  else if (Array.isArray(arg)) terms = arg.flatMap((t) => definedOrNothing(t, render));
  else terms = definedOrNothing(typeof arg === 'string' ? arg.trim() : arg, render)[0] ?? [];
  const iterable = Array.isArray(terms) || (terms !== null && typeof terms === 'object');
  const listed = typeof terms === 'string' || !iterable ? [terms] : terms;
  return Array.isArray(listed) ? templatedAgain(name, listed, render) : listed;
}

/** The lookups whose _lookup_variables template their terms once more (listify_lookup_plugin_terms). */
const TERMS_TEMPLATED_AGAIN: Readonly<Record<string, 'each' | 'first'>> = {
  together: 'each',
  nested: 'each',
  cartesian: 'each',
  'community.general.cartesian': 'each',
  subelements: 'first',
};

/** A second pass over the terms, where the plugin makes one: a "{{ '{{' }} x }}" term renders there. */
function templatedAgain(name: string, terms: unknown[], render: Render): unknown[] {
  const which = TERMS_TEMPLATED_AGAIN[name.replace(/^ansible\.(builtin|legacy)\./, '')];
  if (which === undefined || terms.length === 0) return terms;
  const again = (t: unknown) => render(typeof t === 'string' ? t.trim() : t);
  return which === 'each' ? terms.map(again) : [again(terms[0]), ...terms.slice(1)];
}

function definedOrNothing(value: unknown, render: Render): unknown[] {
  try {
    return [render(value)];
  } catch (err) {
    if (err instanceof FlotillaError && err.code === 'FLT_TEMPLATE_UNDEFINED') return [];
    throw err;
  }
}

/** The lookup's _subdir (for first_found): from the action's name, as TaskExecutor picks it. */
function subdirFor(action: string): string {
  for (const subdir of ['template', 'var', 'file']) if (action.includes(subdir)) return `${subdir}s`;
  return 'files';
}

function asList(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  throw new FlotillaError(
    'FLT_TASK_LOOP',
    `Invalid data passed to '${what}', it requires a list, got this instead: ${JSON.stringify(value)}`,
    {
      hint: 'Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.',
    },
  );
}
