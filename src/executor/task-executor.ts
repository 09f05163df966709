/**
 * "Run one task on one host" (Ansible's TaskExecutor): conditions, loops, argument
 * templating, the module or controller action, retries, changed_when/failed_when, register.
 * Everything here runs on the host's owner worker.
 */
import type { Transport } from '../connection/transport.js';
import { type ErrorData, FlotillaError, toErrorData } from '../errors/index.js';
import type { HostStatus, TaskResult } from '../output/events.js';
import { pythonStr } from '../output/python-format.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { runControllerAction } from './actions.js';
import type { HostState } from './host-state.js';
import { loopItems, type Render } from './loop-items.js';
import type { ItemOutcome, UnitOutcome } from './messages.js';

export interface TemplateEngine {
  render(value: unknown, vars: Record<string, unknown>): unknown;
  conditional(condition: unknown, vars: Record<string, unknown>): boolean;
  omitToken: string;
}

export interface ExecutionContext {
  host: HostState;
  spec: TaskSpec;
  vars: Record<string, unknown>;
  templates: TemplateEngine;
  check: boolean;
  diff: boolean;
  playbookDir?: string;
  /** Runs a module on the host (forks permit and pooled connection are the caller's job). */
  runModule(action: string, args: Record<string, unknown>, options: ModuleRunOptions): Promise<TaskResult>;
}

export interface ModuleRunOptions {
  check: boolean;
  diff: boolean;
  become?: { user: string; method: 'sudo' | 'su'; flags?: string };
  environment?: Record<string, string>;
  timeoutMs?: number;
  delegateTo?: string;
  /** The task's variables (with the loop item), for the template module. */
  vars?: Record<string, unknown>;
}

/** Thrown by runModule when the host cannot be reached: the host is unreachable, not failed. */
export class UnreachableError extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}

const truthy = (v: unknown) =>
  v === true || (typeof v === 'string' && /^(yes|true|on|1|y)$/i.test(v)) || v === 1;

export async function executeTask(ctx: ExecutionContext): Promise<UnitOutcome> {
  const started = Date.now();
  const { spec, vars, templates } = ctx;
  const render: Render = (value) => templates.render(value, vars);
  const base = { host: ctx.host.name, taskId: spec.id, notified: [] as string[], noLog: false };
  let noLog = false;
  try {
    noLog = truthy(render(spec.keywords.no_log ?? false));
    const items = loopItems(spec, render);
    let status: HostStatus;
    let result: TaskResult;
    let itemOutcomes: ItemOutcome[] | undefined;
    if (items === undefined) {
      ({ status, result } = await runOnce(ctx, vars));
    } else {
      itemOutcomes = await runItems(ctx, items, render);
      ({ status, result } = aggregateItems(itemOutcomes));
    }
    const ignored = status === 'failed' && truthy(render(spec.keywords.ignore_errors ?? false));
    if (status === 'unreachable' && truthy(render(spec.keywords.ignore_unreachable ?? false))) status = 'ok';
    register(ctx, result);
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
      durationMs: Date.now() - started,
      meta: result._meta as UnitOutcome['meta'],
      delegatedTo:
        spec.keywords.delegate_to !== undefined ? String(render(spec.keywords.delegate_to)) : undefined,
    };
  } catch (err) {
    // Template and argument errors fail the task on this host, as in Ansible.
    const data = toErrorData(err);
    const result: TaskResult = { failed: true, changed: false, msg: data.message };
    register(ctx, result);
    // Such a failure is a task failure like any other: ignore_errors applies to it.
    const ignored = ignoresErrors(ctx, render);
    return { ...base, status: 'failed', result, ignored, noLog, durationMs: Date.now() - started };
  }
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
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const itemVars: Record<string, unknown> = { ...ctx.vars, [loopVar]: item, ansible_loop_var: loopVar };
    if (control.index_var) itemVars[String(control.index_var)] = i;
    if (control.extended) {
      itemVars.ansible_loop = {
        index: i + 1,
        index0: i,
        first: i === 0,
        last: i === items.length - 1,
        length: items.length,
        allitems: items,
      };
    }
    const { status, result } = await runOnce(ctx, itemVars);
    result[loopVar] = item;
    result.ansible_loop_var = loopVar;
    if (control.label !== undefined)
      result._ansible_item_label = ctx.templates.render(control.label, itemVars);
    const label = control.label !== undefined ? result._ansible_item_label : item;
    outcomes.push({ status, result, item, label: pythonStr(label) });
    if (pauseMs > 0 && i < items.length - 1) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return outcomes;
}

function aggregateItems(items: ItemOutcome[]): { status: HostStatus; result: TaskResult } {
  const results = items.map((i) => i.result);
  const changed = results.some((r) => r.changed);
  const failed = items.some((i) => i.status === 'failed');
  const unreachable = items.some((i) => i.status === 'unreachable');
  const allSkipped = items.length === 0 || items.every((i) => i.status === 'skipped');
  const result: TaskResult = {
    results,
    changed,
    msg: failed
      ? 'One or more items failed'
      : allSkipped && items.length > 0
        ? 'All items skipped'
        : 'All items completed',
  };
  if (failed) result.failed = true;
  if (allSkipped) {
    result.skipped = true;
    if (items.length === 0) result.skipped_reason = 'No items in the list';
  }
  const status: HostStatus = unreachable
    ? 'unreachable'
    : failed
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
): Promise<{ status: HostStatus; result: TaskResult }> {
  const { spec, templates } = ctx;
  const render: Render = (value) => templates.render(value, vars);
  for (const condition of spec.keywords.when ?? []) {
    if (!templates.conditional(condition, vars)) {
      return {
        status: 'skipped',
        result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' },
      };
    }
  }
  const retries = spec.keywords.until !== undefined ? Number(render(spec.keywords.retries ?? 3)) : 0;
  const delayMs = Number(render(spec.keywords.delay ?? 5)) * 1000;
  let attempt = 0;
  for (;;) {
    attempt++;
    let result: TaskResult;
    try {
      result = await runAction(ctx, vars, render);
    } catch (err) {
      if (err instanceof UnreachableError) {
        return {
          status: 'unreachable',
          result: { unreachable: true, changed: false, msg: err.data.message },
        };
      }
      throw err;
    }
    applyResultConditions(ctx, vars, result);
    if (spec.keywords.until !== undefined) {
      const done = templates.conditional(spec.keywords.until, withRegistered(ctx, vars, result));
      result.attempts = attempt;
      if (!done && attempt <= retries) {
        await new Promise((r) => setTimeout(r, delayMs));
        continue;
      }
      if (!done) result.failed = true;
    }
    const status: HostStatus = result.failed
      ? 'failed'
      : result.skipped
        ? 'skipped'
        : result.changed
          ? 'changed'
          : 'ok';
    return { status, result };
  }
}

async function runAction(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  render: Render,
): Promise<TaskResult> {
  const { spec } = ctx;
  const controller = await runControllerAction(ctx, vars, render);
  if (controller) return controller;
  const args = render(spec.args) as Record<string, unknown>;
  dropOmitted(args, ctx.templates.omitToken);
  const check = spec.keywords.check_mode !== undefined ? truthy(render(spec.keywords.check_mode)) : ctx.check;
  const diff = spec.keywords.diff !== undefined ? truthy(render(spec.keywords.diff)) : ctx.diff;
  const options: ModuleRunOptions = { check, diff, vars };
  if (truthy(render(spec.keywords.become ?? false))) {
    const method = String(render(spec.keywords.become_method ?? 'sudo'));
    if (method !== 'sudo' && method !== 'su') {
      throw new FlotillaError('FLT_TASK_BECOME', `become_method ${method} is not supported`, {
        hint: 'use sudo or su',
      });
    }
    options.become = { user: String(render(spec.keywords.become_user ?? 'root')), method };
    if (spec.keywords.become_flags !== undefined)
      options.become.flags = String(render(spec.keywords.become_flags));
  }
  if (spec.keywords.environment !== undefined)
    options.environment = environment(render(spec.keywords.environment));
  if (spec.keywords.timeout !== undefined) options.timeoutMs = Number(render(spec.keywords.timeout)) * 1000;
  if (spec.keywords.delegate_to !== undefined) options.delegateTo = String(render(spec.keywords.delegate_to));
  return ctx.runModule(spec.action, args, options);
}

function environment(value: unknown): Record<string, string> {
  const list = Array.isArray(value) ? value : [value];
  const env: Record<string, string> = {};
  for (const part of list)
    if (part && typeof part === 'object') for (const [k, v] of Object.entries(part)) env[k] = String(v);
  return env;
}

function dropOmitted(args: Record<string, unknown>, omitToken: string): void {
  for (const [k, v] of Object.entries(args)) if (v === omitToken) delete args[k];
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
  const facts =
    ctx.spec.action === 'set_fact'
      ? (result.ansible_facts as Record<string, unknown> | undefined)
      : undefined;
  if (!name && !facts) return vars;
  return { ...vars, ...facts, ...(name ? { [name]: result } : {}) };
}

/** changed_when / failed_when, evaluated with the registered name bound to this result. */
function applyResultConditions(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  result: TaskResult,
): void {
  const { changed_when, failed_when } = ctx.spec.keywords;
  if (!changed_when && !failed_when) return;
  const scope = withRegistered(ctx, vars, result);
  if (changed_when) result.changed = changed_when.every((c) => ctx.templates.conditional(c, scope));
  if (failed_when) {
    const failed = failed_when.every((c) => ctx.templates.conditional(c, scope));
    result.failed_when_result = failed;
    result.failed = failed;
  }
}

function register(ctx: ExecutionContext, result: TaskResult): void {
  const name = ctx.spec.keywords.register;
  if (name) ctx.host.hostVars[name] = result;
}

export type { Transport };
