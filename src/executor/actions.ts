/**
 * Actions that run on the controller and need the engine's view of variables (Ansible's
 * action plugins): debug, set_fact, assert, fail, meta. Returns undefined for the others.
 */
import { isMetaAction, META_ACTIONS } from '../actions/meta.js';
import { traitsOf } from '../actions/table.js';
import { FlotillaError } from '../errors/index.js';
import { actionFail } from '../modules/util/remote.js';
import type { TaskResult } from '../output/events.js';
import { assignMarked, copyMarks, isUnsafeAt, markUnsafe, markUnsafeSlot } from '../template/unsafe.js';
import { invalidVariableNameText, isPythonIdentifier } from '../text/python-identifier.js';
import { includeVars } from './include-vars.js';
import type { Render } from './loop-items.js';
import { conditionalErrorText, taskError } from './task-errors.js';
import type { ExecutionContext } from './task-executor.js';

export async function runControllerAction(
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  render: Render,
): Promise<TaskResult | undefined> {
  const { spec } = ctx;
  const invalid = invalidOptionsText(spec.action, spec.actionAsWritten ?? spec.action, spec.args);
  if (invalid !== undefined) return invalid;
  switch (spec.action) {
    case 'debug':
      return debug(ctx, vars, render);
    case 'set_fact': {
      const facts = setFactFacts(render(withoutCacheable(spec.args)) as Record<string, unknown>, render);
      if (typeof facts === 'string') return { failed: true, changed: false, ...actionFail(facts) };
      assignMarked(ctx.host.hostVars, facts);
      return { changed: false, ansible_facts: facts };
    }
    case 'include_tasks':
    case 'include': {
      // The main thread loads the file and runs its tasks next (strategy/includes.ts).
      const file = render(spec.args.file ?? spec.args._raw_params);
      return { changed: false, include: String(file), include_args: {} };
    }
    case 'include_role': {
      // Like include_tasks: the main thread loads the role and runs it next (strategy/includes.ts).
      const name = render(spec.args.name ?? spec.args.role ?? spec.args._raw_params);
      // tasks_from & co. may be templates: rendered here, read by strategy/includes.ts.
      const from: Record<string, unknown> = {};
      for (const k of ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'])
        if (spec.args[k] !== undefined && spec.args[k] !== null) from[k] = render(spec.args[k]);
      return { changed: false, include_role: String(name), include_role_from: from };
    }
    case 'include_vars':
      return includeVars(ctx, render);
    case 'assert':
      return assert(ctx, vars, render);
    case 'fail':
      return {
        failed: true,
        changed: false,
        msg: String(renderArg(spec.args, 'msg', render) ?? 'Failed as requested from task'),
      };
    case 'meta': {
      const action = String(spec.args._raw_params ?? spec.args.action ?? '').trim();
      if (!isMetaAction(action)) {
        throw new FlotillaError('FLT_TASK_META', `invalid meta action requested: ${action}`, {
          hint: `valid actions: ${META_ACTIONS.join(', ')}`,
        });
      }
      if (action === 'clear_facts') ctx.host.facts = markUnsafe({});
      return { changed: false, _meta: action, skipped: false };
    }
    default:
      return undefined;
  }
}

/**
 * Ansible's set_fact action on its templated arguments: each name is templated too and must
 * be an identifier; a string value that reads true/false/yes/no (any case) becomes a boolean,
 * as it does whenever jinja2_native is off. Returns the failure text instead when it fails.
 */
function setFactFacts(args: Record<string, unknown>, render: Render): Record<string, unknown> | string {
  const entries = Object.entries(args);
  if (entries.length === 0)
    return 'No key/value pairs provided, at least one is required for this action to succeed';
  const facts: Record<string, unknown> = {};
  for (const [rawName, raw] of entries) {
    const name = render(rawName);
    if (!isPythonIdentifier(name)) return invalidVariableNameText(String(name));
    const lower = typeof raw === 'string' ? raw.toLowerCase() : undefined;
    facts[name] =
      lower === 'true' || lower === 'yes' ? true : lower === 'false' || lower === 'no' ? false : raw;
    if (typeof facts[name] === typeof raw && isUnsafeAt(args, rawName)) markUnsafeSlot(facts, name);
  }
  return facts;
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
  const bad = Object.keys(args).filter((k) => !valid.includes(k));
  if (bad.length === 0) return undefined;
  // A failure before the action's own result: shown on one line, even debug's.
  const msg = `Invalid options for ${written}: ${bad.join(',')}`;
  return { failed: true, changed: false, ...actionFail(msg), _ansible_verbose_always: false };
}

function withoutCacheable(args: Record<string, unknown>): Record<string, unknown> {
  const { cacheable: _c, ...rest } = args;
  copyMarks(args, rest, Object.keys(rest));
  return rest;
}

/** One argument rendered; an unsafe one (`msg: !unsafe "{{ x }}"`) is returned as written. */
function renderArg(args: Record<string, unknown>, key: string, render: Render): unknown {
  return isUnsafeAt(args, key) ? args[key] : render(args[key]);
}

function debug(ctx: ExecutionContext, vars: Record<string, unknown>, render: Render): TaskResult {
  const args = ctx.spec.args;
  const threshold = Number(render(args.verbosity ?? 0));
  if (threshold > Number(vars.ansible_verbosity ?? 0)) {
    return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' };
  }
  // Ansible's debug action always shows its result, whatever the verbosity.
  return { ...debugResult(ctx, vars, render), _ansible_verbose_always: true };
}

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

function assert(ctx: ExecutionContext, vars: Record<string, unknown>, render: Render): TaskResult {
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
}
