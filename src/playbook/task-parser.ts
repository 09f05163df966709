/**
 * Builds Task and Block nodes from YAML task lists, collecting every error: unknown
 * keywords and modules (with "did you mean"), conflicting or missing actions, types.
 */
import { isScalar, isSeq } from 'yaml';
import { actionNames, canonicalActionName, isFullyQualified } from '../actions/table.js';
import { moduleCatalog, type TaskModule } from '../bridge/catalog.js';
import { closestMatch, type FlotillaError } from '../errors/index.js';
import { mergeMarked } from '../python/unsafe.js';
import { normaliseKeyword } from './keyword-values.js';
import { BLOCK_KEYWORDS, COMMON_LOOP_KEYWORDS, HANDLER_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import { isLegacyInclude, legacyInclude } from './legacy-include.js';
import { INCLUDE_DEPRECATION, reportLoadDeprecation } from './load-notices.js';
import { type Entry, entriesOf, entryValue } from './map-entries.js';
import type { Block, Task, TaskKeywords, TaskNode } from './model.js';
import {
  checkRawParams,
  extraArgs,
  moduleArgs,
  type ResolvedAction,
  splitActionValue,
} from './task-action.js';
import { isTemplatedActionName } from './templated-action.js';
import { type FileContext, nodeOffset, resolveNode, toPlain, typeName } from './yaml-values.js';

export interface TaskListOptions {
  /** Prefix of the ids given to the nodes ("p0.t" -> "p0.t0", "p0.t1", …). */
  idPrefix: string;
  /** Handlers accept `listen`. */
  handler: boolean;
  /** Set on tasks that come from a role. */
  role?: string;
  /** The enclosing play's, role's or block's `collections:` list (module names are looked up in it). */
  collections?: readonly string[];
  /** The file was brought by a dynamic include: a bare `include:` in it is dynamic too. */
  dynamicParent?: boolean;
}

const BLOCK_SECTIONS = ['block', 'rescue', 'always'] as const;
const ACTION_KEYS = new Set(['action', 'local_action']);

/** Parses a list of tasks found under `key` (tasks, handlers, block, …). */
export function parseTaskList(
  ctx: FileContext,
  node: unknown,
  key: string,
  where: string,
  opts: TaskListOptions,
): TaskNode[] {
  const list = resolveNode(ctx, node);
  if (list === null || list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) {
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: "${key}" must be a list of tasks, got ${typeName(toPlain(ctx, list, where))}`,
      ctx.source,
      nodeOffset(list),
      `Write each task as a list item starting with "- " under "${key}:".`,
    );
    return [];
  }
  const items = list.items;
  const out: TaskNode[] = [];
  items.forEach((item, i) => {
    const parsed = parseTaskNode(ctx, item, i, opts);
    if (parsed) out.push(parsed);
  });
  return out;
}

function parseTaskNode(
  ctx: FileContext,
  node: unknown,
  index: number,
  opts: TaskListOptions,
): TaskNode | undefined {
  const entries = entriesOf(ctx, node);
  const id = `${opts.idPrefix}${index}`;
  if (!entries) {
    const value = toPlain(ctx, node, `task #${index + 1}`);
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `task #${index + 1}: a task must be a mapping, got ${typeName(value)}`,
      ctx.source,
      nodeOffset(resolveNode(ctx, node)),
      'Write a task as "- name: …" followed by a module, e.g. "  ansible.builtin.command: uptime".',
    );
    return undefined;
  }
  const location = ctx.source.locate(nodeOffset(resolveNode(ctx, node)));
  const nameEntry = entries.find((e) => e.key === 'name');
  const name = nameEntry ? String(entryValue(ctx, nameEntry, `task #${index + 1}`)) : undefined;
  if (entries.some((e) => (BLOCK_SECTIONS as readonly string[]).includes(e.key))) {
    return parseBlock(ctx, entries, { id, name, index, location, opts });
  }
  return parseTask(ctx, entries, { id, name, index, location, opts });
}

interface NodeInfo {
  id: string;
  name?: string;
  index: number;
  location: Task['location'];
  opts: TaskListOptions;
}

function isLoopKey(key: string): boolean {
  return /^with_[A-Za-z0-9_.]+$/.test(key);
}

/** Reads keyword entries into `keywords`, reporting type problems. */
function readKeywords(ctx: FileContext, entries: Entry[], where: string): TaskKeywords {
  const keywords: TaskKeywords = {};
  for (const e of entries) {
    const value = entryValue(ctx, e, where);
    if (isLoopKey(e.key)) {
      if (keywords.withLookup || entries.some((x) => x.key === 'loop')) {
        ctx.diag.add(
          'FLT_PLAYBOOK_TYPE',
          `${where}: only one loop is allowed per task ("${e.key}" with another loop keyword)`,
          ctx.source,
          e.keyOffset,
          'Keep a single "loop:" (or "with_<lookup>:") per task.',
        );
      }
      keywords.withLookup = { name: e.key.slice('with_'.length), arg: value };
      continue;
    }
    const result = normaliseKeyword(e.key, value);
    if ('problem' in result) {
      ctx.diag.add(
        'FLT_PLAYBOOK_TYPE',
        `${where}: ${result.problem.message}`,
        ctx.source,
        e.valueOffset,
        result.problem.hint,
      );
    } else {
      keywords[e.key] = result.value;
    }
  }
  return keywords;
}

function label(kind: string, info: NodeInfo, action?: string): string {
  if (info.name !== undefined) return `${kind} "${info.name}"`;
  return action ? `${kind} #${info.index + 1} (${action})` : `${kind} #${info.index + 1}`;
}

/** "Did you mean" for a key; `ansible.builtin.copyy` is matched on its short name. */
function guessName(key: string, candidates: string[]): string | undefined {
  const prefix = /^ansible\.(builtin|legacy)\./.exec(key)?.[0];
  if (!prefix) return closestMatch(key, candidates);
  const short = closestMatch(key.slice(prefix.length), actionNames());
  return short ? `${prefix}${short}` : undefined;
}

function unknownModuleHint(key: string): string {
  if (isFullyQualified(key) && !key.startsWith('ansible.')) {
    const collection = key.split('.').slice(0, 2).join('.');
    return `Check the spelling, and that collection ${collection} is installed (ansible-galaxy collection install ${collection}).`;
  }
  return 'This often indicates a misspelling, missing collection, or incorrect module path.';
}

function parseTask(ctx: FileContext, entries: Entry[], info: NodeInfo): Task | undefined {
  const allowed = info.opts.handler ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  const collections = collectionsOf(ctx, entries, info.opts.collections);
  const names = new ModuleNames(ctx, collections);
  const moduleEntries = entries.filter((e) => !allowed.has(e.key) && !isLoopKey(e.key) && names.known(e));
  const unknown = entries.filter((e) => !allowed.has(e.key) && !isLoopKey(e.key) && !names.known(e));
  const actionEntries = entries.filter((e) => ACTION_KEYS.has(e.key));
  const first = actionEntries[0] ?? moduleEntries[0];
  const where = label(
    'task',
    info,
    first?.key === 'action' || first?.key === 'local_action' ? undefined : first?.key,
  );

  // Every action statement after the first conflicts with it (Ansible's wording).
  const statements = [...actionEntries, ...moduleEntries].sort((a, b) => a.keyOffset - b.keyOffset);
  for (const extra of statements.slice(1)) {
    ctx.diag.add(
      'FLT_PLAYBOOK_MULTIPLE_ACTIONS',
      `${where}: conflicting action statements: ${statements[0].key}, ${extra.key}`,
      ctx.source,
      extra.keyOffset,
      'A task runs exactly one module: split it into one task per module.',
    );
  }
  const candidates = [...allowed, ...actionNames(), ...COMMON_LOOP_KEYWORDS];
  for (const e of unknown) {
    const guess = guessName(e.key, candidates);
    const asModule = guess ? canonicalActionName(guess) !== undefined : statements.length === 0;
    const mean = guess ? ` (did you mean "${guess}"?)` : '';
    if (asModule) {
      ctx.diag.add(
        'FLT_PLAYBOOK_UNKNOWN_MODULE',
        `${where}: couldn't resolve module/action "${e.key}"${mean}`,
        ctx.source,
        e.keyOffset,
        unknownModuleHint(e.key),
      );
    } else {
      ctx.diag.add(
        'FLT_PLAYBOOK_UNKNOWN_KEY',
        `${where}: unknown key "${e.key}"${mean}`,
        ctx.source,
        e.keyOffset,
        `"${e.key}" is not a valid attribute for a ${info.opts.handler ? 'Handler' : 'Task'}: check its spelling and indentation.`,
      );
    }
  }
  if (!first) {
    if (unknown.length === 0) {
      ctx.diag.add(
        'FLT_PLAYBOOK_NO_ACTION',
        `${where}: no module/action detected in task`,
        ctx.source,
        entries[0]?.keyOffset ?? 0,
        'Add a module to the task, e.g. "ansible.builtin.debug: msg=hello", or nest tasks under "block:".',
      );
    }
    return undefined;
  }
  const resolved = resolveAction(ctx, entries, first, where, names);
  const keywordEntries = entries.filter(
    (e) =>
      (allowed.has(e.key) || isLoopKey(e.key)) && !['name', 'args', 'action', 'local_action'].includes(e.key),
  );
  let keywords = readKeywords(ctx, keywordEntries, where);
  if (first.key === 'local_action') keywords.delegate_to = 'localhost';
  if (!resolved) return undefined;
  let action = resolved;
  if (isLegacyInclude(resolved.actionAsWritten)) {
    reportLoadDeprecation(INCLUDE_DEPRECATION);
    const legacy = legacyInclude(resolved.args, keywords, {
      loops: keywordEntries.some((e) => e.key === 'loop' || isLoopKey(e.key)),
      dynamicParent: info.opts.dynamicParent === true,
    });
    action = { ...resolved, action: legacy.action, args: legacy.args };
    keywords = legacy.keywords;
  } else {
    refuseIncludeKeywords(ctx, resolved.action, keywordEntries, where);
  }
  return {
    kind: 'task',
    id: info.id,
    ...(info.name !== undefined ? { name: info.name } : {}),
    ...action,
    keywords,
    location: info.location,
    ...(info.opts.role ? { role: info.opts.role } : {}),
  };
}

/** Keywords a dynamic include takes (TaskInclude.VALID_INCLUDE_KEYWORDS); its task does not pass them down. */
const INCLUDE_KEYWORDS = new Set([
  'collections',
  'debugger',
  'ignore_errors',
  'loop',
  'loop_control',
  'name',
  'no_log',
  'register',
  'run_once',
  'tags',
  'timeout',
  'vars',
  'when',
]);

/**
 * Ansible refuses any other keyword on include_tasks / include_role (INVALID_TASK_ATTRIBUTE_FAILED):
 * they would apply to the include alone; `apply:` is how to pass them to the included tasks.
 */
function refuseIncludeKeywords(ctx: FileContext, action: string, entries: Entry[], where: string): void {
  if (action !== 'include_tasks' && action !== 'include_role') return;
  const owner = action === 'include_tasks' ? 'TaskInclude' : 'IncludeRole';
  for (const e of entries) {
    if (INCLUDE_KEYWORDS.has(e.key) || isLoopKey(e.key)) continue;
    ctx.diag.add(
      'FLT_PLAYBOOK_UNKNOWN_KEY',
      `${where}: '${e.key}' is not a valid attribute for a ${owner}`,
      ctx.source,
      e.keyOffset,
      `Keywords for the included tasks go under the include's "apply:" (${action}: {apply: {${e.key}: …}}).`,
    );
  }
}

function resolveAction(
  ctx: FileContext,
  entries: Entry[],
  first: Entry,
  where: string,
  names: ModuleNames,
): (ResolvedAction & { module?: TaskModule }) | undefined {
  const extra = extraArgs(
    ctx,
    entries.find((e) => e.key === 'args'),
    where,
  );
  let written: string;
  let args: Record<string, unknown> | undefined;
  if (ACTION_KEYS.has(first.key)) {
    const split = splitActionValue(ctx, first, where);
    if (!split) return undefined;
    written = split.name;
    // A templated name (`action: "{{ pkg_mgr }} name=x"`) is resolved per host at run time.
    if (!isTemplatedActionName(written) && !names.known({ key: written, keyOffset: first.valueOffset })) {
      const guess = guessName(written, actionNames());
      ctx.diag.add(
        'FLT_PLAYBOOK_UNKNOWN_MODULE',
        `${where}: couldn't resolve module/action "${written}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        ctx.source,
        first.valueOffset,
        unknownModuleHint(written),
      );
      return undefined;
    }
    args = split.args;
  } else {
    written = first.key;
    args = moduleArgs(ctx, parsedAs(written), entryValue(ctx, first, where), first.valueOffset, where);
  }
  if (!args) return undefined;
  const module =
    isLegacyInclude(written) || isTemplatedActionName(written) ? undefined : names.module(written);
  if (module?.actionPlugin && module.collection !== 'ansible.builtin') {
    ctx.diag.add(
      'FLT_MODULE_ACTION_PLUGIN',
      `${where}: ${module.fqcn} needs its collection's action plugin (${module.actionPlugin}), which flotilla does not run`,
      ctx.source,
      first.keyOffset,
      'flotilla runs collection modules whose action plugin is the generic one; run this play with ansible-playbook, or use a module without a controller-side action.',
    );
    return undefined;
  }
  const resolved = {
    action: parsedAs(written),
    actionAsWritten: written,
    args: mergeMarked(extra, args),
  };
  const checked = checkRawParams(ctx, resolved, first.valueOffset, where);
  // runtime.yml deprecations of the name, printed as the loader resolves it (as Ansible's does).
  for (const d of module?.deprecations ?? []) {
    reportLoadDeprecation({
      msg: d.msg,
      ...(d.version !== undefined ? { version: d.version } : {}),
      ...(d.date !== undefined ? { date: d.date } : {}),
      ...(d.collection_name !== undefined ? { collection: d.collection_name } : {}),
    });
  }
  return checked && module ? { ...checked, module } : checked;
}

/** The action whose argument rules a name follows (a bare include: include_tasks'). */
function parsedAs(written: string): string {
  return isLegacyInclude(written) ? 'include_tasks' : (canonicalActionName(written) ?? written);
}

/**
 * Which keys of a task name modules: the action table's names, and any name Ansible's module
 * loader would find (library/ dirs, installed collections, ansible.builtin's routing), looked
 * up once per key. A removed (tombstoned) module is reported with Ansible's text.
 */
class ModuleNames {
  private readonly found = new Map<string, TaskModule | undefined>();
  /** Names already reported as removed: a module name still, never reported twice. */
  private readonly removed = new Set<string>();

  constructor(
    private readonly ctx: FileContext,
    private readonly collections: readonly string[],
  ) {}

  known(e: { key: string; keyOffset: number }): boolean {
    if (canonicalActionName(e.key) !== undefined || this.removed.has(e.key) || isLegacyInclude(e.key))
      return true;
    try {
      return this.module(e.key) !== undefined;
    } catch (err) {
      const error = err as FlotillaError;
      this.ctx.diag.add(error.code ?? 'FLT_MODULE_REMOVED', error.message, this.ctx.source, e.keyOffset);
      this.removed.add(e.key);
      this.found.set(e.key, undefined);
      return true;
    }
  }

  /** The module file the name resolves to, when there is one. */
  module(name: string): TaskModule | undefined {
    if (!this.found.has(name)) this.found.set(name, moduleCatalog().lookup(name, this.collections));
    return this.found.get(name);
  }
}

/** The task's own `collections:` list, else the one it inherits. */
function collectionsOf(
  ctx: FileContext,
  entries: Entry[],
  inherited: readonly string[] | undefined,
): readonly string[] {
  const own = entries.find((e) => e.key === 'collections');
  if (!own) return inherited ?? [];
  const value = entryValue(ctx, own, 'collections');
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : (inherited ?? []);
}

function parseBlock(ctx: FileContext, entries: Entry[], info: NodeInfo): Block {
  const where = label('block', info);
  const collections = collectionsOf(ctx, entries, info.opts.collections);
  const sections: Record<(typeof BLOCK_SECTIONS)[number], TaskNode[]> = { block: [], rescue: [], always: [] };
  const keywordEntries: Entry[] = [];
  for (const e of entries) {
    if ((BLOCK_SECTIONS as readonly string[]).includes(e.key)) {
      const section = e.key as (typeof BLOCK_SECTIONS)[number];
      sections[section] = parseTaskList(ctx, e.valueNode, section, where, {
        ...info.opts,
        idPrefix: `${info.id}.${section[0]}`,
        collections,
      });
    } else if (BLOCK_KEYWORDS.has(e.key)) {
      if (e.key !== 'name') keywordEntries.push(e);
    } else {
      const isModule = canonicalActionName(e.key) !== undefined;
      const guess = isModule ? undefined : closestMatch(e.key, BLOCK_KEYWORDS);
      ctx.diag.add(
        'FLT_PLAYBOOK_UNKNOWN_KEY',
        isModule
          ? `${where}: a block cannot run a module ("${e.key}")`
          : `${where}: unknown key "${e.key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        ctx.source,
        e.keyOffset,
        isModule
          ? `Move "${e.key}" into a task listed under "block:".`
          : `"${e.key}" is not a valid attribute for a Block: check its spelling and indentation.`,
      );
    }
  }
  return {
    kind: 'block',
    id: info.id,
    ...(info.name !== undefined ? { name: info.name } : {}),
    ...sections,
    keywords: readKeywords(ctx, keywordEntries, where),
    location: info.location,
    ...(info.opts.role ? { role: info.opts.role } : {}),
  };
}
