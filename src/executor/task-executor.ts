/**
 * "Run one task on one host" (Ansible's TaskExecutor): conditions, loops, argument
 * templating, the module or controller action, retries, changed_when/failed_when, register.
 * Everything here runs on the host's owner worker.
 */

import { actionFail } from '../actions/action-fail.js';
import { traitsOf } from '../actions/table.js';
import { becomeContext, connectionVariables } from '../connection/play-context-vars.js';
import { roundTripsMade, sessionsOpened } from '../connection/session-count.js';
import type { Transport } from '../connection/transport.js';
import { FlotillaError, toErrorData } from '../errors/index.js';
import {
  conditionalErrorText,
  isUndefinedError,
  taskError,
  templateErrorText,
  templateSyntaxTraceback,
  undefinedFieldText,
  withPosition,
} from '../errors/task-errors.js';
import { DISPLAY_WARNINGS, type HostStatus, type TaskResult } from '../output/events.js';
import type { AsyncEvent, ItemOutcome, UnitOutcome } from '../protocol/messages.js';
import { boolean } from '../python/boolean.js';
import { pyStr, resultStr as pythonStr } from '../python/repr.js';
import { assignMarked, asUnsafe, isUnsafeAt, markUnsafe, mergeMarked, withVars } from '../python/unsafe.js';
import { isMapping } from '../python/values.js';
import { collectingWarnings, holdsTemplate } from '../template/index.js';
import { invalidRegisterText, isPythonIdentifier } from '../text/python-identifier.js';
import { runControllerAction } from './actions.js';
import { becomePassword } from './become-password.js';
import {
  type ExecutionContext,
  type ModuleRunOptions,
  type TemplateEngine,
  UnreachableError,
} from './execution-context.js';
import { loopItems, type Render } from './loop-items.js';
import { withModuleDefaults } from './module-defaults.js';

export type { ExecutionContext, ModuleRunOptions, TemplateEngine } from './execution-context.js';
export { UnreachableError };

const truthy = (v: unknown) => boolean(v, false);

export async function executeTask(given: ExecutionContext): Promise<UnitOutcome> {
  const started = Date.now();
  // what the task's templates warn of (a lookup that finds no file) shows with its result
  const warnings: string[] = [];
  const ctx: ExecutionContext = { ...given, templates: collectingEngine(given.templates, warnings) };
  const { spec, vars, templates } = ctx;
  const render: Render = (value, taint) => templates.render(value, vars, taint);
  const base = { host: ctx.host.name, taskId: spec.id, notified: [] as string[], noLog: false };
  let noLog = false;
  let diff = ctx.diff;
  const roundTripsBefore = roundTripsMade(ctx.host.name);
  const roundTrips = () => roundTripsMade(ctx.host.name) - roundTripsBefore;
  try {
    noLog = truthy(render(spec.keywords.no_log ?? false));
    diff = diffMode(ctx, render);
    if (delegatesFacts(spec, render)) ctx.factsDelegated = true;
    // The term is already templated (listify_lookup_plugin_terms): passed as data, so a
    // rendered "{{ '{{' }} x }}" is not rendered again on its way to the plugin.
    const query = (name: string, term: unknown) =>
      templates.render(
        '{{ query(__flt_lookup, __flt_term) }}',
        withVars(vars, { __flt_lookup: name, __flt_term: term }, ['__flt_term']),
      ) as unknown[];
    const { items, loopError } = evaluateLoop(spec, render, query, templates.searchPath);
    let status: HostStatus;
    let result: TaskResult;
    let itemOutcomes: ItemOutcome[] | undefined;
    let retried: TaskResult[] | undefined;
    let asyncEvents: AsyncEvent[] | undefined;
    if (loopError) {
      // The loop's undefined variable waits for `when`: the task may still be skipped.
      result = skippedDespiteLoop(ctx, loopError);
      status = 'skipped';
    } else if (items === undefined) {
      ({ status, result, retried, asyncEvents } = await runOnce(ctx, vars));
    } else {
      itemOutcomes = await runItems(ctx, items, render);
      ({ status, result } = aggregateItems(itemOutcomes));
      // An empty loop, or one whose every item `when` skipped, leaves the task's fields
      // untemplated: TaskResult.clean_copy censors its result only for a no_log that is
      // already a boolean (not "{{ hide }}")
      const untemplated = itemOutcomes.every((i) => i.result.skip_reason === 'Conditional result was False');
      if (untemplated && spec.keywords.no_log !== true) {
        // each item's result still carries the rendered no_log (_ansible_no_log), as Ansible's do
        if (noLog) for (const i of itemOutcomes) i.result._ansible_no_log = true;
        noLog = false;
      }
    }
    // TaskExecutor refuses a name that is not an identifier once the action ran.
    if (spec.keywords.register !== undefined && !isPythonIdentifier(spec.keywords.register))
      throw new FlotillaError('FLT_TASK_REGISTER', invalidRegisterText(spec.keywords.register));
    // Ansible shows an ignored unreachable result as unreachable, then `...ignoring`; the host stays.
    const ignored =
      (status === 'failed' && truthy(render(spec.keywords.ignore_errors ?? false))) ||
      (status === 'unreachable' && truthy(render(spec.keywords.ignore_unreachable ?? false)));
    register(ctx, result);
    if (warnings.length) result = withDisplayWarnings(result, warnings);
    // A loop's summary is the executor's, not the action's: it never prints indented by force.
    if (itemOutcomes && !('_ansible_verbose_always' in result))
      result = { ...result, _ansible_verbose_always: false };
    const notified =
      result.changed && status !== 'failed' ? (spec.keywords.notify ?? []).map((n) => String(render(n))) : [];
    for (const n of notified) ctx.host.notified.add(n);
    return {
      ...base,
      status,
      result,
      ignored,
      items: itemOutcomes,
      notified,
      noLog,
      diff,
      durationMs: Date.now() - started,
      sessions: sessionsOpened(ctx.host.name),
      roundTrips: roundTrips(),
      meta: result._meta as UnitOutcome['meta'],
      ...(retried ? { retried } : {}),
      ...(asyncEvents ? { asyncEvents } : {}),
      ...(ctx.factsDelegated ? { delegateFacts: true } : {}),
      // A loop delegates per item (each item may name its own delegate): see ItemOutcome.
      delegatedTo:
        spec.keywords.delegate_to !== undefined && !itemOutcomes ? delegateOf(ctx, vars, result) : undefined,
    };
  } catch (err) {
    // Template and argument errors fail the task on this host, as in Ansible.
    const data = toErrorData(err);
    // Ansible's TaskExecutor.run: {failed, msg} and nothing else (not even `changed`); a
    // filter or test Jinja could not load at render time is its raw TemplateSyntaxError,
    // shown by its exception's last line only.
    const result: TaskResult =
      data.code === 'FLT_TEMPLATE_PLUGIN'
        ? { failed: true, exception: templateSyntaxTraceback(data.message) }
        : { failed: true, msg: data.message };
    register(ctx, result);
    // Such a failure is a task failure like any other: ignore_errors applies to it.
    const ignored = ignoresErrors(ctx, render);
    // The executor made this result, not the action: even debug's prints on one line.
    const shown = withDisplayWarnings({ ...result, _ansible_verbose_always: false }, warnings);
    return {
      ...base,
      status: 'failed',
      result: shown,
      ignored,
      noLog,
      durationMs: Date.now() - started,
      sessions: sessionsOpened(ctx.host.name),
      roundTrips: roundTrips(),
      // the callback's host_label names the task's delegate, whatever failed
      delegatedTo: spec.keywords.delegate_to !== undefined ? delegateName(ctx) : undefined,
    };
  }
}

/** `delegate_facts` (templated) on a delegated task: its facts go to the delegate. */
function delegatesFacts(spec: ExecutionContext['spec'], render: Render): boolean {
  const { delegate_to, delegate_facts } = spec.keywords;
  return delegate_to !== undefined && delegate_facts !== undefined && truthy(render(delegate_facts));
}

/** A traceback whose last line is the exception (`Type: message`), as Python formats one. */
function pythonTraceback(exception: string): string {
  return `Traceback (most recent call last):\n  File "<template>", line 1, in top-level template code\n${exception}\n`;
}

/**
 * The loop's items. An undefined variable in the loop does not fail the task yet: as
 * Ansible's TaskExecutor.run keeps it as _loop_eval_error and runs the task once without
 * a loop, `when` decides first (see skippedDespiteLoop).
 */
function evaluateLoop(...args: Parameters<typeof loopItems>): {
  items?: unknown[];
  loopError?: FlotillaError;
} {
  try {
    return { items: loopItems(...args) };
  } catch (err) {
    if (isUndefinedError(err)) return { loopError: taskError(templateErrorText(err)) };
    throw err;
  }
}

/**
 * TaskExecutor._execute with a loop error: a false `when` skips the task (one result, no
 * items); a `when` that holds, or that fails (it may name the loop variable), raises the
 * loop's error, which takes precedence.
 */
function skippedDespiteLoop(ctx: ExecutionContext, loopError: FlotillaError): TaskResult {
  for (const condition of ctx.spec.keywords.when ?? []) {
    let holds: boolean;
    try {
      holds = ctx.templates.conditional(condition, ctx.vars);
    } catch {
      throw loopError;
    }
    if (!holds) return { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
  }
  throw loopError;
}

async function runItems(ctx: ExecutionContext, items: unknown[], render: Render): Promise<ItemOutcome[]> {
  // `label` (and `extended` values) mention the loop variable: render it per item, later.
  const { label: rawLabel, ...rest } = ctx.spec.keywords.loop_control ?? {};
  const control: Record<string, unknown> = {
    ...((render(rest) ?? {}) as Record<string, unknown>),
    label: rawLabel,
  };
  const loopVar = String(control.loop_var ?? 'item');
  const pauseMs = Number(control.pause ?? 0) * 1000;
  const outcomes: ItemOutcome[] = [];
  // Ansible's items share one set of task vars: facts an item set (set_fact, include_vars)
  // and the item's registered result are visible to the items after it.
  const loopVars: Record<string, unknown> = withVars(ctx.vars, {});
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // An item from host data (a registered list, a with_ lookup) stays unsafe as the loop variable.
    const itemVars = withVars(
      loopVars,
      { [loopVar]: item, ansible_loop_var: loopVar },
      isUnsafeAt(items, i) ? [loopVar] : [],
    );
    const indexVar = control.index_var !== undefined ? String(control.index_var) : undefined;
    if (indexVar) {
      itemVars[indexVar] = i;
      itemVars.ansible_index_var = indexVar;
    }
    if (truthy(control.extended)) itemVars.ansible_loop = extendedLoop(items, i, control.extended_allitems);
    const ran = await runOnce(ctx, itemVars, true);
    const { result, retried, asyncEvents } = ran;
    let status = ran.status;
    result[loopVar] = item;
    result.ansible_loop_var = loopVar;
    if (indexVar) {
      result[indexVar] = i;
      result.ansible_index_var = indexVar;
    }
    if (itemVars.ansible_loop) result.ansible_loop = itemVars.ansible_loop;
    // Ansible templates the label, `{{<loop_var>}}` by default, so a safe item holding a
    // template shows rendered; rendering any other item would only give it back.
    const labelTemplate =
      control.label ?? (!isUnsafeAt(items, i) && holdsTemplate(item) ? `{{${loopVar}}}` : undefined);
    if (labelTemplate !== undefined) {
      try {
        result._ansible_item_label = ctx.templates.render(labelTemplate, itemVars);
      } catch (err) {
        if (!isUndefinedError(err)) throw err;
        // Ansible fails this item (only) and shows the item itself.
        Object.assign(result, {
          failed: true,
          msg: `Failed to template loop_control.label: ${templateErrorText(err)}`,
        });
        status = 'failed';
      }
    }
    // Without a label (it failed to template) the callback shows the item, but for debug,
    // whose display keeps only `msg` (_clean_results), there is no item left: None.
    const labelFailed = labelTemplate !== undefined && !('_ansible_item_label' in result);
    const label =
      '_ansible_item_label' in result
        ? result._ansible_item_label
        : labelFailed && traitsOf(ctx.spec.action).showsOnlyMsg
          ? null
          : item;
    const delegatedTo =
      ctx.spec.keywords.delegate_to !== undefined ? delegateOf(ctx, itemVars, result) : undefined;
    outcomes.push({
      status,
      result,
      item,
      label: pythonStr(label),
      ...(retried ? { retried } : {}),
      ...(asyncEvents ? { asyncEvents } : {}),
      ...(delegatedTo !== undefined ? { delegatedTo } : {}),
    });
    if (keepsCleanFacts(ctx.spec.action) && result.ansible_facts && typeof result.ansible_facts === 'object')
      assignMarked(loopVars, result.ansible_facts as Record<string, unknown>);
    if (ctx.spec.keywords.register) loopVars[ctx.spec.keywords.register] = result;
    if (pauseMs > 0 && i < items.length - 1) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return outcomes;
}

/** The task's template engine, each call collecting what its templates warn of into `into`. */
function collectingEngine(engine: TemplateEngine, into: string[]): TemplateEngine {
  return {
    render: (value, vars, taint) => collectingWarnings(into, () => engine.render(value, vars, taint)),
    conditional: (condition, vars) => collectingWarnings(into, () => engine.conditional(condition, vars)),
    omitToken: engine.omitToken,
    searchPath: engine.searchPath,
  };
}

/** Display-only warnings (shown with the result, never registered) added to a result. */
function withDisplayWarnings(result: TaskResult, warnings: string[]): TaskResult {
  if (warnings.length === 0) return result;
  const shown = result[DISPLAY_WARNINGS];
  return { ...result, [DISPLAY_WARNINGS]: [...(Array.isArray(shown) ? shown : []), ...warnings] };
}

/** The task's delegate_to, rendered where it can be (else as written). */
function delegateName(ctx: ExecutionContext): string {
  try {
    return String(ctx.templates.render(ctx.spec.keywords.delegate_to, ctx.vars));
  } catch {
    return String(ctx.spec.keywords.delegate_to);
  }
}

/**
 * The delegate's name for this task (or item), recording on the result the delegate's
 * connection variables the callback shows (`h -> d(address)`), as Ansible's
 * _ansible_delegated_vars.
 */
function delegateOf(ctx: ExecutionContext, vars: Record<string, unknown>, result: TaskResult): string {
  const name = String(ctx.templates.render(ctx.spec.keywords.delegate_to, vars));
  const hostvars = vars.hostvars as Record<string, Record<string, unknown> | undefined> | undefined;
  const dv = hostvars?.[name];
  const delegated: Record<string, unknown> = { ansible_delegated_host: name, ansible_host: name };
  if (dv) {
    for (const key of ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_connection'])
      if (dv[key] !== undefined) delegated[key] = ctx.templates.render(dv[key], vars);
  }
  result._ansible_delegated_vars = delegated;
  return name;
}

/** Whether its ansible_facts become plain variables (Ansible's _ACTION_WITH_CLEAN_FACTS). */
const keepsCleanFacts = (action: string): boolean => traitsOf(action).factsInto !== 'facts';

/** `loop_control.extended`: Ansible's ansible_loop (allitems unless extended_allitems is false). */
function extendedLoop(items: unknown[], i: number, allitems: unknown): Record<string, unknown> {
  const loop: Record<string, unknown> = {
    index: i + 1,
    index0: i,
    first: i === 0,
    last: i + 1 === items.length,
    length: items.length,
    revindex: items.length - i,
    revindex0: items.length - i - 1,
  };
  if (allitems === undefined || truthy(allitems)) loop.allitems = items;
  if (i + 1 < items.length) loop.nextitem = items[i + 1];
  if (i > 0) loop.previtem = items[i - 1];
  return loop;
}

function aggregateItems(items: ItemOutcome[]): { status: HostStatus; result: TaskResult } {
  // Ansible's TaskExecutor.run for an empty loop: this result and nothing else.
  if (items.length === 0)
    return {
      status: 'skipped',
      result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] },
    };
  // copies: the items' own results are shown as they came (warnings included), the task's
  // `results` lose what moves up to it below
  const results = items.map((i) => ({ ...i.result }));
  const changed = results.some((r) => r.changed);
  // The result's `failed` comes from the items' own; whether the task shows as failed is
  // TaskResult.is_failed over the items (failed_when_result decides when an item has one).
  const failed = results.some((r) => r.failed) || items.some((i) => i.status === 'failed');
  const shownFailed = results.some((r) => 'failed_when_result' in r)
    ? results.some((r) => Boolean(r.failed_when_result))
    : failed;
  const unreachable = items.some((i) => i.status === 'unreachable');
  // From the items' `skipped` keys, as Ansible's: a skipped item whose label failed to
  // template is failed and still skipped ("All items skipped", yet the task failed).
  const allSkipped = items.every((i) => i.result.skipped === true);
  // Ansible's keys, in its order: results, skipped (always), changed when an item changed,
  // failed and msg, and changed=False last when nothing changed.
  const result: TaskResult = { results, skipped: allSkipped };
  if (changed) result.changed = true;
  if (failed) result.failed = true;
  // TaskExecutor.run moves each item's warnings and deprecations up to the task's result
  for (const key of ['warnings', 'deprecations'] as const) {
    const moved = results.flatMap((r) => {
      const value = r[key];
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return [];
      delete r[key];
      return Array.isArray(value) ? value : [value];
    });
    if (moved.length) result[key] = moved;
  }
  result.msg = allSkipped ? 'All items skipped' : failed ? 'One or more items failed' : 'All items completed';
  if (!changed) result.changed = false;
  const status: HostStatus = unreachable
    ? 'unreachable'
    : shownFailed
      ? 'failed'
      : allSkipped
        ? 'skipped'
        : changed
          ? 'changed'
          : 'ok';
  return { status, result };
}

async function runOnce(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  looped = false,
): Promise<{ status: HostStatus; result: TaskResult; retried?: TaskResult[]; asyncEvents?: AsyncEvent[] }> {
  const { spec, templates } = ctx;
  const render: Render = (value) => templates.render(value, vars);
  for (const condition of spec.keywords.when ?? []) {
    if (!whenHolds(ctx, condition, vars)) {
      return {
        status: 'skipped',
        result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' },
      };
    }
  }
  // Ansible: `until` runs the task up to retries + 1 times (retries <= 0: once, unchecked).
  const retries =
    spec.keywords.until !== undefined ? Math.max(0, Number(render(spec.keywords.retries ?? 3))) : 0;
  const delayMs = Math.max(0, Number(render(spec.keywords.delay ?? 5))) * 1000;
  const retried: TaskResult[] = [];
  const asyncEvents: AsyncEvent[] = [];
  let attempt = 0;
  for (;;) {
    attempt++;
    let result: TaskResult;
    try {
      result = await runAction(ctx, vars, render, asyncEvents, looped);
    } catch (err) {
      if (err instanceof UnreachableError) {
        return {
          status: 'unreachable',
          result: { unreachable: true, changed: false, msg: err.data.message },
        };
      }
      // A Python exception (not an AnsibleError) while templating the task's fields is
      // _execute's result (per item in a loop): {changed, failed, exception}, no msg; the
      // callback prints the traceback's last line.
      const data = toErrorData(err);
      if (data.code === 'FLT_TEMPLATE_EXCEPTION')
        return {
          status: 'failed',
          // The executor made it, not the action: even debug's prints on one line.
          result: {
            changed: false,
            failed: true,
            exception: pythonTraceback(data.message),
            _ansible_verbose_always: false,
          },
        };
      throw err;
    }
    if (spec.keywords.until !== undefined) result.attempts = attempt;
    applyResultConditions(ctx, vars, result);
    if (retries > 0) {
      const done = untilHolds(ctx, withRegistered(ctx, vars, result));
      if (!done && attempt <= retries) {
        // what Ansible's v2_runner_retry shows: "(retries - attempts) retries left"
        retried.push({ ...result, _ansible_retry: true, retries: retries + 1 });
        await new Promise((r) => setTimeout(r, delayMs));
        continue;
      }
      if (!done) {
        // Ansible reports one attempt fewer than it made when every attempt failed.
        result.attempts = retries;
        result.failed = true;
      }
    }
    const status: HostStatus = isFailed(result)
      ? 'failed'
      : result.skipped
        ? 'skipped'
        : result.changed
          ? 'changed'
          : 'ok';
    return {
      status,
      result,
      ...(retried.length ? { retried } : {}),
      ...(asyncEvents.length ? { asyncEvents } : {}),
    };
  }
}

/** One `when` condition; its errors read as Ansible's, with the task's position. */
function whenHolds(ctx: ExecutionContext, condition: unknown, vars: Record<string, unknown>): boolean {
  try {
    return ctx.templates.conditional(condition, vars);
  } catch (err) {
    throw taskError(withPosition(conditionalErrorText(condition, err), ctx.spec.location));
  }
}

function untilHolds(ctx: ExecutionContext, vars: Record<string, unknown>): boolean {
  const until = ctx.spec.keywords.until;
  try {
    return ctx.templates.conditional(until, vars);
  } catch (err) {
    throw taskError(conditionalErrorText(until, err));
  }
}

/** The task's diff mode: its `diff` keyword, rendered, else the run's --diff. */
function diffMode(ctx: ExecutionContext, render: Render): boolean {
  return ctx.spec.keywords.diff !== undefined ? truthy(render(ctx.spec.keywords.diff)) : ctx.diff;
}

/**
 * Renders one task field as Ansible's post_validate does: an undefined variable fails the
 * task with "The task includes an option…" (args) or "The field 'x' has an invalid value…".
 */
function renderField<T>(ctx: ExecutionContext, field: string, produce: () => T): T {
  try {
    return produce();
  } catch (err) {
    throw fieldError(ctx, field, err);
  }
}

function fieldError(ctx: ExecutionContext, field: string, err: unknown): unknown {
  if (!isUndefinedError(err)) return err;
  return taskError(undefinedFieldText(field, err, ctx.spec.location));
}

async function runAction(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  render: Render,
  asyncEvents: AsyncEvent[] = [],
  looped = false,
): Promise<TaskResult> {
  const { spec } = ctx;
  if (ctx.actionError !== undefined) throw taskError(ctx.actionError);
  const field = <T>(name: string, produce: () => T) => renderField(ctx, name, produce);
  const kw = spec.keywords;
  const asyncSeconds = kw.async !== undefined ? Number(field('async', () => render(kw.async))) : 0;
  // ActionBase.run, before anything else the plugin does: most action plugins refuse async.
  if (asyncSeconds > 0 && !traitsOf(spec.action).supportsAsync)
    // TaskExecutor returns the exception's result as it is (run() adds changed outside loops).
    return {
      failed: true,
      ...(looped ? {} : { changed: false }),
      ...actionFail('async is not supported for this task.'),
      // raised before debug and assert mark their result to be shown in full
      _ansible_verbose_always: false,
    };
  const actionVars = ctx.actionView?.(vars) ?? vars;
  const controller = await runControllerAction(controllerView(ctx, render), actionVars, render).catch(
    (err) => {
      throw fieldError(ctx, 'args', err);
    },
  );
  // TaskExecutor wraps every result but set_fact's and include_vars' (their facts keep
  // their own marks) as unsafe.
  if (controller) {
    // TaskExecutor._execute sets `failed` when missing (include_* and meta return before it).
    if (traitsOf(spec.action).defaultsFailed && !('failed' in controller)) controller.failed = false;
    return keepsCleanFacts(spec.action) ? controller : asUnsafe(controller);
  }
  const args = withModuleDefaults(
    spec,
    field('args', () => render(spec.args) as Record<string, unknown>),
    (v) => field('args', () => render(v)),
  );
  dropOmitted(args, ctx.templates.omitToken);
  const check =
    kw.check_mode !== undefined ? truthy(field('check_mode', () => render(kw.check_mode))) : ctx.check;
  const diff = diffMode(ctx, (v) => field('diff', () => render(v)));
  const options: ModuleRunOptions = { check, diff, vars: actionVars };
  if (kw.no_log !== undefined) options.noLog = truthy(field('no_log', () => render(kw.no_log)));
  if (asyncSeconds > 0) {
    if (check)
      return {
        failed: true,
        ...(looped ? {} : { changed: false }),
        ...actionFail('check mode and async cannot be used on same task.'),
      };
    // DEFAULT_POLL_INTERVAL
    const poll = kw.poll !== undefined ? Number(field('poll', () => render(kw.poll))) : 15;
    options.async = { seconds: asyncSeconds, poll, onEvent: (e) => asyncEvents.push(e) };
  }
  const asyncDir = shellAsyncDir(vars, (v) => render(v));
  if (asyncDir !== undefined) options.asyncDir = asyncDir;
  const become = becomeContext(kw, vars, (v, name) => field(name, () => render(v)), truthy);
  if (become.enabled) {
    const { method } = become;
    if (method !== 'sudo' && method !== 'su') {
      throw new FlotillaError('FLT_TASK_BECOME', `become_method ${method} is not supported`, {
        hint: 'use sudo or su',
      });
    }
    options.become = { user: become.user, method };
    if (become.flags !== undefined) options.become.flags = become.flags;
    if (become.exe !== undefined) options.become.exe = become.exe;
    const password = becomePassword(method, vars, render, ctx.becomePassword);
    if (password !== undefined) options.become.password = password;
  }
  options.connectionVars = connectionVariables(ctx.playContextView?.(vars) ?? vars, (v) => render(v));
  if (kw.remote_user !== undefined)
    options.remoteUser = String(field('remote_user', () => render(kw.remote_user)));
  if (kw.environment !== undefined)
    options.environment = field('environment', () => taskEnvironment(kw.environment, render));
  if (kw.timeout !== undefined) options.timeoutMs = Number(field('timeout', () => render(kw.timeout))) * 1000;
  if (kw.delegate_to !== undefined) options.delegateTo = String(render(kw.delegate_to));
  const result = await ctx.runModule(spec.action, args, options).catch((err) => {
    if (options.timeoutMs === undefined || toErrorData(err).code !== 'FLT_CONN_COMMAND_TIMEOUT') throw err;
    return timeoutResult(spec.action, options.timeoutMs);
  });
  // What a module returns comes from the host: unsafe, never templated.
  return markUnsafe(result);
}

/**
 * The context a controller action (debug, set_fact, assert, …) runs with: its module_defaults
 * under its own arguments, as TaskExecutor applies them to every action it runs (includes
 * and meta return before that).
 */
function controllerView(ctx: ExecutionContext, render: Render): ExecutionContext {
  const { spec } = ctx;
  if (!spec.keywords.module_defaults?.length || traitsOf(spec.action).kind !== 'action') return ctx;
  const args = withModuleDefaults(spec, spec.args, (v) => renderField(ctx, 'args', () => render(v)));
  return args === spec.args ? ctx : { ...ctx, spec: { ...spec, args } };
}

/**
 * The sh shell plugin's async_dir option: the ansible_async_dir variable, else the
 * ANSIBLE_ASYNC_DIR environment variable (undefined: the default, ~/.ansible_async).
 */
function shellAsyncDir(vars: Record<string, unknown>, render: Render): string | undefined {
  const value = vars.ansible_async_dir;
  if (value !== undefined && value !== null) return String(render(value));
  return process.env.ANSIBLE_ASYNC_DIR;
}

/** TaskExecutor's result for a task that outlived its `timeout` (the command is not quoted). */
function timeoutResult(action: string, timeoutMs: number): TaskResult {
  const seconds = Math.trunc(timeoutMs / 1000);
  return {
    failed: true,
    changed: false,
    msg: `The ${action} action failed to execute in the expected time frame (${seconds}) and was terminated`,
  };
}

/**
 * Task._post_validate_environment: the keys of each mapping rendered one by one, a key whose
 * value is undefined for want of ansible_env (facts not gathered yet, as at Gathering Facts
 * under a play's `PATH: "…{{ ansible_env.PATH }}"`) left out; a templated item that renders
 * to a mapping merged in. Values become text as the shell plugin's env_prefix makes them (str()).
 */
function taskEnvironment(value: unknown, render: Render): Record<string, string> {
  const env: Record<string, string> = {};
  const parse = (key: string, raw: unknown) => {
    try {
      env[key] = pyStr(render(raw));
    } catch (err) {
      if (isUndefinedError(err) && toErrorData(err).message.includes('ansible_env')) return;
      throw err;
    }
  };
  for (const item of Array.isArray(value) ? value : [value]) {
    if (isMapping(item)) for (const [k, v] of Object.entries(item)) parse(k, v);
    else {
      const rendered = render(item);
      if (isMapping(rendered)) for (const [k, v] of Object.entries(rendered)) env[k] = pyStr(v);
    }
  }
  return env;
}

function dropOmitted(args: Record<string, unknown>, omitToken: string): void {
  for (const [k, v] of Object.entries(args)) if (v === omitToken) delete args[k];
}

/**
 * TaskResult.is_failed: a result with failed_when_result is failed by it, not by `failed`
 * (an until loop that ran out of attempts sets failed, yet a false failed_when keeps it ok).
 */
function isFailed(result: TaskResult): boolean {
  return 'failed_when_result' in result ? Boolean(result.failed_when_result) : Boolean(result.failed);
}

/** ignore_errors, rendered; a broken ignore_errors template counts as not ignoring. */
function ignoresErrors(ctx: ExecutionContext, render: Render): boolean {
  try {
    return truthy(render(ctx.spec.keywords.ignore_errors ?? false));
  } catch {
    return false;
  }
}

/**
 * The variables after this result, for until / changed_when / failed_when: the registered
 * name bound to it, and facts a set_fact just set (Ansible checks `until` with them).
 */
function withRegistered(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  result: TaskResult,
): Record<string, unknown> {
  const name = ctx.spec.keywords.register;
  // Facts that become host variables (set_fact's; include_vars' go to a lower level, not here).
  const facts =
    traitsOf(ctx.spec.action).factsInto === 'hostVars'
      ? (result.ansible_facts as Record<string, unknown> | undefined)
      : undefined;
  if (!name && !facts) return vars;
  return mergeMarked(vars, facts, name ? { [name]: result } : undefined);
}

/** changed_when / failed_when, evaluated with the registered name bound to this result. */
function applyResultConditions(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  result: TaskResult,
): void {
  const { changed_when, failed_when } = ctx.spec.keywords;
  // TaskExecutor evaluates them only when the result has no `skipped` key (check mode's skips)
  if ((!changed_when && !failed_when) || 'skipped' in result) return;
  const scope = withRegistered(ctx, vars, result);
  // Ansible: an error in either marks the result failed and records its text as the result.
  let cond: 'changed' | 'failed' = 'changed';
  let condition: unknown;
  try {
    if (changed_when) {
      result.changed = changed_when.every((c) => {
        condition = c;
        return ctx.templates.conditional(c, scope);
      });
    }
    cond = 'failed';
    if (failed_when) {
      const failed = failed_when.every((c) => {
        condition = c;
        return ctx.templates.conditional(c, scope);
      });
      result.failed_when_result = failed;
      result.failed = failed;
    }
  } catch (err) {
    result.failed = true;
    result[`${cond}_when_result`] = conditionalErrorText(condition, err);
  }
}

/** Registers a copy without internal keys and `invocation`, as Ansible's strategy does. */
function register(ctx: ExecutionContext, result: TaskResult): void {
  const name = ctx.spec.keywords.register;
  if (!name || !isPythonIdentifier(name)) return;
  const clean = stripInternal(structuredClone(result)) as TaskResult;
  delete clean.invocation;
  // Ansible's strategy registers wrap_var(result): nothing in it is ever templated.
  ctx.host.hostVars[name] = markUnsafe(clean);
}

/** Ansible's strip_internal_keys: drops `_ansible_*` keys at every depth (mutates). */
function stripInternal(value: unknown): unknown {
  if (Array.isArray(value)) for (const el of value) stripInternal(el);
  else if (value !== null && typeof value === 'object' && !(value instanceof Number)) {
    const rec = value as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      if (key.startsWith('_ansible_')) delete rec[key];
      else stripInternal(rec[key]);
    }
  }
  return value;
}

export type { Transport };
