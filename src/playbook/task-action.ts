/**
 * Finds a task's module and its arguments, after Ansible's ModuleArgsParser: the
 * `module: args` form (free-form string, k=v string or mapping), `action:` and
 * `local_action:`, with `args:` merged underneath.
 */

import { actionNames, canonicalActionName, traitsOf } from '../actions/table.js';
import { copyMarks, mergeMarked } from '../python/unsafe.js';
import { parseKv, SplitArgsError, splitArgs } from '../text/split-args.js';
import { type Entry, entryValue } from './map-entries.js';
import { type FileContext, typeName } from './yaml-values.js';

export interface ResolvedAction {
  action: string;
  actionAsWritten: string;
  args: Record<string, unknown>;
}

const KV_HINT =
  'Write module options as key=value pairs (copy: src=a dest=b) or as a mapping under the module.';

function isTemplate(text: string): boolean {
  return /\{\{|\{%/.test(text);
}

function stringArgs(
  ctx: FileContext,
  text: string,
  action: string,
  at: number,
  where: string,
): Record<string, unknown> | undefined {
  try {
    return parseKv(text, traitsOf(action).freeForm);
  } catch (err) {
    if (!(err instanceof SplitArgsError)) throw err;
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: error parsing the arguments of "${action}": unbalanced quotes or jinja2 block`,
      ctx.source,
      at,
      'Try quoting the entire value, or use the mapping form of the module arguments.',
    );
    return undefined;
  }
}

/** Arguments written under the module key (`copy: src=a` or a mapping). */
export function moduleArgs(
  ctx: FileContext,
  action: string,
  value: unknown,
  at: number,
  where: string,
): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string') return stringArgs(ctx, value, action, at, where);
  if (typeof value === 'object' && !Array.isArray(value))
    return mergeMarked(value as Record<string, unknown>);
  if (traitsOf(action).freeForm && (typeof value === 'number' || typeof value === 'boolean')) {
    return { _raw_params: String(value) };
  }
  ctx.diag.add(
    'FLT_PLAYBOOK_TYPE',
    `${where}: unexpected parameter type in action "${action}": got ${typeName(value)}`,
    ctx.source,
    at,
    KV_HINT,
  );
  return undefined;
}

/** The `args:` keyword: a mapping, or a template string that yields one. */
export function extraArgs(
  ctx: FileContext,
  entry: Entry | undefined,
  where: string,
): Record<string, unknown> {
  if (!entry) return {};
  const value = entryValue(ctx, entry, where);
  if (value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value))
    return mergeMarked(value as Record<string, unknown>);
  if (typeof value === 'string' && isTemplate(value)) return { _variable_params: value };
  ctx.diag.add(
    'FLT_PLAYBOOK_TYPE',
    `${where}: "args" must be a mapping or a variable string ("{{ var }}"), got ${typeName(value)}`,
    ctx.source,
    entry.valueOffset,
    'Indent the module options under "args:" as key: value pairs.',
  );
  return {};
}

/** `action: copy src=a` / `action: {module: copy, src: a}` -> module name and args. */
export function splitActionValue(
  ctx: FileContext,
  entry: Entry,
  where: string,
): { name: string; args: Record<string, unknown> } | undefined {
  const value = entryValue(ctx, entry, where);
  let text: string | undefined;
  let rest: Record<string, unknown> = {};
  if (typeof value === 'string') text = value;
  else if (value && typeof value === 'object' && !Array.isArray(value) && 'module' in value) {
    const { module, ...others } = value as Record<string, unknown>;
    text = String(module);
    rest = others;
  }
  if (text === undefined || text.trim() === '') {
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: "${entry.key}" must name a module, e.g. "${entry.key}: copy src=a dest=b", got ${typeName(value)}`,
      ctx.source,
      entry.valueOffset,
      `Write "${entry.key}: <module> <key=value ...>" or a mapping with a "module" key.`,
    );
    return undefined;
  }
  let words: string[];
  try {
    words = splitArgs(text.trim());
  } catch {
    words = text.trim().split(/\s+/);
  }
  const name = words[0].trim();
  const canonical = canonicalActionName(name) ?? name;
  const parsed = stringArgs(ctx, words.slice(1).join(' '), canonical, entry.valueOffset, where) ?? {};
  return { name, args: { ...rest, ...parsed } };
}

/**
 * Checks leftover free-form words on modules that take none (Ansible: "this task has
 * extra params"); template words become `_variable_params`, as Ansible does.
 */
export function checkRawParams(
  ctx: FileContext,
  resolved: ResolvedAction,
  at: number,
  where: string,
): ResolvedAction {
  const raw = resolved.args._raw_params;
  if (raw === undefined || raw === '' || traitsOf(resolved.action).rawParams) return resolved;
  const { _raw_params, ...args } = resolved.args;
  copyMarks(resolved.args, args, Object.keys(args));
  if (typeof raw === 'string' && isTemplate(raw))
    return { ...resolved, args: mergeMarked(args, { _variable_params: raw }) };
  ctx.diag.add(
    'FLT_PLAYBOOK_TYPE',
    `${where}: this task "${resolved.actionAsWritten}" has extra params (${JSON.stringify(raw)}), which is only allowed in the following modules: ${actionNames()
      .filter((n) => traitsOf(n).rawParams)
      .join(', ')}`,
    ctx.source,
    at,
    KV_HINT,
  );
  return { ...resolved, args };
}
