/**
 * Builds a Play from one YAML play mapping: hosts, vars, sections of tasks, roles and
 * every other play keyword Ansible accepts, reporting all problems found.
 */
import { dirname, resolve } from 'node:path';
import { canonicalActionName } from '../actions/table.js';
import { moduleCatalog } from '../bridge/catalog.js';
import { closestMatch } from '../errors/index.js';
import { booleanOf } from '../python/boolean.js';
import { pyStr } from '../python/repr.js';
import { mergeMarked } from '../python/unsafe.js';
import { invalidVarsName, normaliseKeyword, normaliseTags } from './keyword-values.js';
import { PLAY_KEYWORDS } from './keywords.js';
import { type Entry, entryValue } from './map-entries.js';
import type { Play } from './model.js';
import { defaultRolesPath, findRole } from './role-paths.js';
import { parseRoleRefs } from './role-refs.js';
import { parseTaskList } from './task-parser.js';
import type { FileContext } from './yaml-values.js';
import { typeName } from './yaml-values.js';

const SECTIONS = {
  pre_tasks: 'pre',
  tasks: 't',
  post_tasks: 'post',
  handlers: 'h',
} as const;

/** Keys stored in typed Play fields rather than in `keywords`. */
const TYPED_KEYS = new Set([
  'name',
  'hosts',
  'vars',
  'vars_files',
  'gather_facts',
  'roles',
  'strategy',
  'serial',
  'become',
  'become_user',
  'become_method',
  'any_errors_fatal',
  'max_fail_percentage',
  'tags',
  'environment',
  ...Object.keys(SECTIONS),
]);

type Problem = (entry: Entry, message: string, hint: string) => void;

function hostsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string' && value.trim() !== '') return [value];
  if (typeof value === 'number') return [String(value)];
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((h) => typeof h === 'string' || typeof h === 'number')
  ) {
    return value.map(String);
  }
  return undefined;
}

function isSerialItem(v: unknown): boolean {
  return typeof v === 'number' || (typeof v === 'string' && /^\s*(\d+(\.\d+)?%?|\{\{.*\}\})\s*$/.test(v));
}

function varsOf(value: unknown): Record<string, unknown> | undefined {
  if (value === null) return {};
  if (Array.isArray(value)) {
    if (!value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) return undefined;
    return mergeMarked(...value);
  }
  if (typeof value === 'object') return value as Record<string, unknown>;
  return undefined;
}

/** A value Ansible templates before it checks its type (e.g. `serial: "{{ n }}"`). */
const isTemplated = (v: unknown) => typeof v === 'string' && /\{\{|\{%/.test(v);

/**
 * Play keywords whose templated values are checked once rendered, at play start, as
 * Play.post_validate does (strategy/play-keywords.ts); they stay raw in `keywords` until then.
 */
const TEMPLATED_AT_PLAY_START = new Set(['gather_facts', 'serial', 'max_fail_percentage', 'strategy']);

/** Fills the typed play fields from one entry; unknown types are reported via `problem`. */
function readTypedKey(play: Play, e: Entry, value: unknown, problem: Problem): void {
  const templated = isTemplated(value) || (Array.isArray(value) && value.some(isTemplated));
  if (TEMPLATED_AT_PLAY_START.has(e.key) && templated) {
    play.keywords[e.key] = value;
    return;
  }
  // Inherited by every task, which templates it (a task's any_errors_fatal is read raw by
  // the linear strategy, as Ansible's: a template string counts as true).
  if (e.key === 'any_errors_fatal' && isTemplated(value)) {
    play.keywords[e.key] = value;
    return;
  }
  switch (e.key) {
    case 'vars': {
      const vars = varsOf(value);
      const bad = vars && invalidVarsName(vars);
      if (bad) problem(e, bad.message, bad.hint);
      else if (vars) play.vars = mergeMarked(play.vars, vars);
      else
        problem(
          e,
          `"vars" must be a mapping or a list of mappings, got ${typeName(value)}`,
          'Indent the variables under "vars:" as key: value pairs.',
        );
      return;
    }
    case 'vars_files': {
      const files = typeof value === 'string' ? [value] : value === null ? [] : value;
      const entry = (f: unknown) =>
        typeof f === 'string' || (Array.isArray(f) && f.every((alt) => typeof alt === 'string'));
      if (Array.isArray(files) && files.every(entry)) {
        play.varsFileEntries = files as (string | string[])[];
        // Plain names load once per play; templated names and alternatives per host.
        play.varsFiles = files.filter((f): f is string => typeof f === 'string' && !/\{\{|\{%/.test(f));
      } else
        problem(
          e,
          `"vars_files" must be a list of file names (or of lists of alternatives), got ${typeName(value)}`,
          'List each file as "- vars/main.yml".',
        );
      return;
    }
    case 'gather_facts':
    case 'any_errors_fatal': {
      const flag = booleanOf(value);
      if (flag === undefined)
        problem(
          e,
          `"${e.key}" must be a boolean, got ${JSON.stringify(value)}`,
          `Write "${e.key}: true" or "${e.key}: false".`,
        );
      else if (e.key === 'gather_facts') play.gatherFacts = flag;
      else play.anyErrorsFatal = flag;
      return;
    }
    case 'serial':
      if (isSerialItem(value) || (Array.isArray(value) && value.length > 0 && value.every(isSerialItem)))
        play.serial = value;
      else
        problem(
          e,
          `"serial" must be a number, a percentage ("30%") or a list of them, got ${JSON.stringify(value)}`,
          'For example: serial: 5, serial: "30%", or serial: [1, 5, "20%"].',
        );
      return;
    case 'max_fail_percentage': {
      const n = typeof value === 'string' ? Number(value.replace(/%$/, '')) : value;
      if (typeof n === 'number' && Number.isFinite(n)) play.maxFailPercentage = n;
      else
        problem(
          e,
          `"max_fail_percentage" must be a number, got ${JSON.stringify(value)}`,
          'For example: max_fail_percentage: 25',
        );
      return;
    }
    case 'tags': {
      const tags = normaliseTags(value);
      if (tags) play.tags = tags;
      else
        problem(
          e,
          `"tags" must be a string or a list of strings, got ${typeName(value)}`,
          'Write tags as a list (tags: [web, db]) or a comma-separated string.',
        );
      return;
    }
    case 'strategy':
      if (typeof value === 'string') play.strategy = value;
      else
        problem(
          e,
          `"strategy" must be a string, got ${typeName(value)}`,
          'Use "strategy: linear", "strategy: free" or "strategy: host_pinned".',
        );
      return;
    case 'become':
      play.become = value;
      return;
    case 'become_user':
      play.becomeUser = value;
      return;
    case 'become_method':
      play.becomeMethod = value;
      return;
    case 'environment':
      play.environment = value;
      return;
  }
}

/** Parses one play; `index` is its position in the whole (import-expanded) playbook. */
export function parsePlay(ctx: FileContext, entries: Entry[], index: number, offset: number): Play {
  const nameEntry = entries.find((e) => e.key === 'name');
  const hostsEntry = entries.find((e) => e.key === 'hosts');
  const rawName = nameEntry ? entryValue(ctx, nameEntry, `play #${index + 1}`) : undefined;
  const hostsValue = hostsEntry ? entryValue(ctx, hostsEntry, `play #${index + 1}`) : undefined;
  const patterns = hostsOf(hostsValue);
  const hosts = patterns ? patterns.join(',') : '';
  const name = rawName !== undefined && rawName !== null ? String(rawName) : hosts;
  const where = name ? `play "${name}"` : `play #${index + 1}`;
  const problem: Problem = (e, message, hint) =>
    ctx.diag.add('FLT_PLAYBOOK_TYPE', `${where}: ${message}`, ctx.source, e.valueOffset, hint);
  const play: Play = {
    kind: 'play',
    id: `p${index}`,
    name,
    hosts,
    hostPatterns: patterns ?? [],
    vars: {},
    varsFiles: [],
    varsFileEntries: [],
    gatherFacts: undefined,
    preTasks: [],
    roles: [],
    tasks: [],
    postTasks: [],
    handlers: [],
    anyErrorsFatal: false,
    tags: [],
    keywords: {},
    location: ctx.source.locate(offset),
  };
  const hostsTypo = entries.some(
    (e) => !PLAY_KEYWORDS.has(e.key) && closestMatch(e.key, PLAY_KEYWORDS) === 'hosts',
  );
  if (!hostsEntry && !hostsTypo) {
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: the field "hosts" is required but was not set`,
      ctx.source,
      offset,
      'Add "hosts: all" (or a group or host pattern) to the play.',
    );
  } else if (hostsEntry && !patterns) {
    problem(
      hostsEntry,
      `"hosts" must be a host pattern string or a list of patterns, got ${typeName(hostsValue)}`,
      'For example: hosts: webservers, or hosts: [web, db].',
    );
  }
  // Ansible loads a play's roles before its tasks: their library/ dirs name modules the
  // play's own tasks may use.
  const rolesEntry = entries.find((e) => e.key === 'roles');
  if (rolesEntry) {
    play.roles = parseRoleRefs(ctx, rolesEntry.valueNode, where);
    const playbookDir = dirname(resolve(ctx.source.file));
    for (const ref of play.roles) {
      const found = findRole(ref.role, playbookDir, { rolesPath: defaultRolesPath() });
      if (found) moduleCatalog().addPluginDirs(found.dir);
    }
  }
  const collectionsEntry = entries.find((e) => e.key === 'collections');
  const collectionsValue = collectionsEntry && entryValue(ctx, collectionsEntry, where);
  const playCollections = Array.isArray(collectionsValue) ? collectionsValue.map(String) : undefined;
  for (const e of entries) {
    if (e.key === 'name' || e.key === 'hosts') continue;
    if (!PLAY_KEYWORDS.has(e.key)) {
      reportUnknownPlayKey(ctx, e, where);
      continue;
    }
    if (e.key in SECTIONS) {
      const key = e.key as keyof typeof SECTIONS;
      const nodes = parseTaskList(ctx, e.valueNode, key, where, {
        idPrefix: `${play.id}.${SECTIONS[key]}`,
        handler: key === 'handlers',
        collections: playCollections,
      });
      if (key === 'pre_tasks') play.preTasks = nodes;
      else if (key === 'tasks') play.tasks = nodes;
      else if (key === 'post_tasks') play.postTasks = nodes;
      else play.handlers = nodes;
    } else if (e.key === 'roles') {
      // parsed above, before the task sections
    } else if (TYPED_KEYS.has(e.key)) {
      readTypedKey(play, e, entryValue(ctx, e, where), problem);
    } else if (e.key === 'module_defaults') {
      const loaded = normaliseKeyword(e.key, entryValue(ctx, e, where));
      if ('problem' in loaded) problem(e, loaded.problem.message, loaded.problem.hint);
      else play.keywords[e.key] = loaded.value;
    } else {
      play.keywords[e.key] = entryValue(ctx, e, where);
    }
  }
  applyVarsPrompt(play, (message) =>
    ctx.diag.add('FLT_PLAYBOOK_VARS_PROMPT', `${where}: ${message}`, ctx.source, offset),
  );
  return play;
}

/**
 * vars_prompt without a terminal, as Ansible runs it: no prompt, the `default` (as text),
 * or the text "None" when there is none; it overrides `vars:`. Extra vars still win.
 */
function applyVarsPrompt(play: Play, problem: (message: string) => void): void {
  const prompts = play.keywords.vars_prompt;
  if (prompts === undefined || prompts === null) return;
  if (!Array.isArray(prompts)) {
    problem(`"vars_prompt" must be a list of prompts, got ${typeName(prompts)}`);
    return;
  }
  play.varsPrompt = [];
  for (const p of prompts) {
    if (
      !p ||
      typeof p !== 'object' ||
      Array.isArray(p) ||
      typeof (p as { name?: unknown }).name !== 'string'
    ) {
      problem('each "vars_prompt" entry must be a mapping with a "name"');
      continue;
    }
    const { name, default: dflt } = p as { name: string; default?: unknown };
    play.varsPrompt.push(name);
    play.vars[name] = dflt === undefined || dflt === null ? 'None' : pyStr(dflt);
  }
}

function reportUnknownPlayKey(ctx: FileContext, e: Entry, where: string): void {
  const isModule = canonicalActionName(e.key) !== undefined;
  const guess = isModule ? undefined : closestMatch(e.key, PLAY_KEYWORDS);
  ctx.diag.add(
    'FLT_PLAYBOOK_UNKNOWN_KEY',
    `${where}: unknown key "${e.key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
    ctx.source,
    e.keyOffset,
    isModule
      ? `"${e.key}" is a module, not a play keyword: put the task in a list under "tasks:".`
      : `"${e.key}" is not a valid attribute for a Play: check its spelling and indentation.`,
  );
}
