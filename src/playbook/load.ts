/**
 * Loads a playbook file into the typed model: YAML with positions, `import_playbook`
 * expanded relative to the importing file, and every validation error collected and
 * thrown together as FlotillaErrors.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isScalar, isSeq } from 'yaml';
import { moduleCatalog } from '../bridge/catalog.js';
import { closestMatch } from '../errors/index.js';
import { mergeMarked } from '../python/unsafe.js';
import { readControllerText } from '../vault/secrets.js';
import { TOO_DEEP_HINT, TOO_DEEP_MESSAGE } from '../yaml/nesting.js';
import { type ParsedYaml, parseYamlText } from '../yaml/source.js';
import { Diagnostics } from './diagnostics.js';
import { normaliseKeyword, normaliseTags } from './keyword-values.js';
import { IMPORT_PLAYBOOK_KEYWORDS } from './keywords.js';
import { type Entry, entriesOf, entryValue } from './map-entries.js';
import type { Play, Playbook, TaskNode } from './model.js';
import { parsePlay } from './play-parser.js';
import { parseTaskList } from './task-parser.js';
import { yamlSyntaxHint } from './yaml-hints.js';
import { type FileContext, nodeOffset, resolveNode, toPlain, typeName } from './yaml-values.js';

const IMPORT_KEYS = new Set([
  'import_playbook',
  'ansible.builtin.import_playbook',
  'ansible.legacy.import_playbook',
]);

/** Reads and validates `file`; throws FlotillaErrors listing every problem found. */
export function loadPlaybook(file: string): Playbook {
  const diag = new Diagnostics();
  const plays: Play[] = [];
  loadPlays(file, diag, plays, [resolve(file)]);
  diag.throwIfAny();
  const abs = resolve(file);
  return { file: abs, dir: dirname(abs), plays };
}

export interface TaskFileOptions {
  /** Prefix of the node ids (default "f"). */
  idPrefix?: string;
  /** The role the file belongs to (tasks are then shown as "role : name"). */
  role?: string;
  /** Parse as handlers (accepting `listen`). */
  handler?: boolean;
  /** Brought by a dynamic include (a bare `include:` in it is dynamic too). */
  dynamicParent?: boolean;
}

/** Loads a task file (include_tasks/import_tasks targets, roles' tasks/main.yml). */
export function loadTaskFile(file: string, opts: TaskFileOptions = {}): TaskNode[] {
  const diag = new Diagnostics();
  const parsed = parseYamlFile(file, diag);
  let nodes: TaskNode[] = [];
  if (parsed) {
    const ctx: FileContext = { ...parsed, diag };
    nodes = parseTaskList(ctx, parsed.doc.contents, 'tasks', `task file "${file}"`, {
      idPrefix: opts.idPrefix ?? 'f',
      handler: opts.handler ?? false,
      role: opts.role,
      ...(opts.dynamicParent ? { dynamicParent: true } : {}),
    });
  }
  diag.throwIfAny();
  return nodes;
}

function loadPlays(file: string, diag: Diagnostics, plays: Play[], stack: string[]): void {
  // Its library/ and module_utils/ (Ansible's add_all_plugin_dirs of each playbook's dir).
  moduleCatalog().addPluginDirs(dirname(resolve(file)));
  const parsed = parseYamlFile(file, diag);
  if (!parsed) return;
  const ctx: FileContext = { ...parsed, diag };
  const contents = resolveNode(ctx, parsed.doc.contents);
  if (contents === null || contents === undefined || (isScalar(contents) && contents.value === null)) {
    diag.add(
      'FLT_PLAYBOOK_TYPE',
      `empty playbook, nothing to do: ${file}`,
      ctx.source,
      0,
      'Add a play: "- hosts: all" followed by "tasks:".',
    );
    return;
  }
  if (!isSeq(contents)) {
    diag.add(
      'FLT_PLAYBOOK_TYPE',
      `a playbook must be a list of plays, got ${typeName(toPlain(ctx, contents, 'playbook'))}`,
      ctx.source,
      nodeOffset(contents),
      'Start each play with "- hosts: …" at the top level of the file.',
    );
    return;
  }
  for (const item of contents.items) {
    const offset = nodeOffset(resolveNode(ctx, item));
    const entries = entriesOf(ctx, item);
    if (!entries) {
      diag.add(
        'FLT_PLAYBOOK_TYPE',
        `play #${plays.length + 1}: a play must be a mapping, got ${typeName(toPlain(ctx, item, 'playbook'))}`,
        ctx.source,
        offset,
        'Write a play as "- hosts: all" with its keywords indented below.',
      );
      continue;
    }
    const importEntry = entries.find((e) => IMPORT_KEYS.has(e.key));
    if (importEntry) importPlaybook(ctx, file, entries, importEntry, plays, stack);
    else plays.push(parsePlay(ctx, entries, plays.length, offset));
  }
}

/** Expands `- import_playbook: other.yml` (with optional vars/tags/when) in place. */
function importPlaybook(
  ctx: FileContext,
  file: string,
  entries: Entry[],
  importEntry: Entry,
  plays: Play[],
  stack: string[],
): void {
  const where = `import_playbook`;
  const target = entryValue(ctx, importEntry, where);
  let vars: Record<string, unknown> = {};
  let tags: string[] = [];
  let when: unknown[] | undefined;
  for (const e of entries) {
    if (e === importEntry) continue;
    const value = entryValue(ctx, e, where);
    if (!IMPORT_PLAYBOOK_KEYWORDS.has(e.key)) {
      const guess = closestMatch(e.key, IMPORT_PLAYBOOK_KEYWORDS);
      ctx.diag.add(
        'FLT_PLAYBOOK_UNKNOWN_KEY',
        `${where}: unknown key "${e.key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        ctx.source,
        e.keyOffset,
        'import_playbook accepts only name, vars, tags and when.',
      );
    } else if (e.key === 'vars' && value && typeof value === 'object' && !Array.isArray(value)) {
      vars = value as Record<string, unknown>;
    } else if (e.key === 'tags') {
      tags = normaliseTags(value) ?? [];
    } else if (e.key === 'when') {
      const w = normaliseKeyword('when', value);
      if ('value' in w) when = w.value as unknown[];
    }
  }
  if (typeof target !== 'string' || target.trim() === '' || /\{\{|\{%/.test(target)) {
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: expected a playbook file name, got ${typeof target === 'string' ? JSON.stringify(target) : typeName(target)}`,
      ctx.source,
      importEntry.valueOffset,
      'import_playbook is static: give a plain relative file name, e.g. "import_playbook: webservers.yml".',
    );
    return;
  }
  const path = join(dirname(file), target.trim());
  if (!existsSync(path)) {
    ctx.diag.add(
      'FLT_PLAYBOOK_NOT_FOUND',
      `${where}: playbook file "${target}" not found (looked for ${path})`,
      ctx.source,
      importEntry.valueOffset,
      'The path is relative to the directory of the importing playbook.',
    );
    return;
  }
  if (stack.includes(resolve(path))) {
    ctx.diag.add(
      'FLT_PLAYBOOK_IMPORT_CYCLE',
      `${where}: "${target}" imports itself (${[...stack, resolve(path)].join(' -> ')})`,
      ctx.source,
      importEntry.valueOffset,
      'Remove the import that closes the cycle.',
    );
    return;
  }
  const first = plays.length;
  loadPlays(path, ctx.diag, plays, [...stack, resolve(path)]);
  for (const play of plays.slice(first)) {
    play.vars = mergeMarked(play.vars, vars);
    play.tags = [...play.tags, ...tags.filter((t) => !play.tags.includes(t))];
    if (when) play.keywords.when = [...when, ...((play.keywords.when as unknown[] | undefined) ?? [])];
  }
}

/**
 * Reads and parses `file`. Syntax errors are added to `diag` (with Ansible-like hints)
 * and the result is undefined when the document cannot be trusted.
 */
function parseYamlFile(file: string, diag: Diagnostics): ParsedYaml | undefined {
  let text: string;
  try {
    text = readControllerText(file);
  } catch (err) {
    diag.addAt('FLT_PLAYBOOK_NOT_FOUND', `could not read "${file}": ${(err as Error).message}`, undefined);
    return undefined;
  }
  const parsed = parseYamlText(file, text);
  const { source } = parsed;
  if (parsed.tooDeepAt !== undefined) {
    diag.add(
      'FLT_PLAYBOOK_YAML',
      `Syntax Error while loading YAML: ${TOO_DEEP_MESSAGE}`,
      source,
      parsed.tooDeepAt,
      TOO_DEEP_HINT,
    );
    return undefined;
  }
  // PyYAML stops at a file's first error; the ones after it mostly follow from it
  for (const err of parsed.doc.errors.slice(0, 1)) {
    const offset = err.pos[0];
    const location = source.locate(offset);
    const line = source.lineText(location.line);
    const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    diag.add(
      'FLT_PLAYBOOK_YAML',
      `Syntax Error while loading YAML: ${what}`,
      source,
      offset,
      yamlSyntaxHint(line, location.col - 1),
    );
  }
  return parsed.doc.errors.length > 0 ? undefined : parsed;
}
