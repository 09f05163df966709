/**
 * The text of `ansible-playbook --list-hosts` / `--list-tasks` (ansible-core 2.14,
 * cli/playbook.py): only the main path of blocks is listed (not rescue/always),
 * handlers are not listed, and static imports (import_tasks, import_role, roles:)
 * are expanded as Ansible does at parse time.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { enterImport, fileTarget, type ImportLink, roleTarget } from './import-chain.js';
import { isLegacyInclude } from './legacy-include.js';
import { loadTaskFile } from './load.js';
import type { Play, Playbook, RoleRef, Task, TaskNode } from './model.js';
import { fromFiles, rolespecValidateArg } from './role-tree.js';
import { loadRole, type RoleFromFiles } from './roles.js';
import { taskMatchesTags } from './tags.js';

export interface ListOptions {
  /** The playbook path as the user gave it (shown after "playbook:"); default: the absolute path. */
  playbookPath?: string;
  tags?: string[];
  skipTags?: string[];
  /** Host selection for `--list-hosts`; omit to leave the hosts out. */
  selectHosts?: (pattern: string, play: Play) => string[];
  /** Include the task lines (`--list-tasks`). */
  listTasks?: boolean;
  /** Include each play's `TASK TAGS:` line (`--list-tags`). */
  listTags?: boolean;
}

/** Python's repr() of a string, as Ansible prints patterns. */
function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
  return `${quote}${body}${quote}`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

interface ListContext {
  play: Play;
  baseDir: string;
  only: string[];
  skip: string[];
  /** The imports being listed, outermost first. */
  imports: ImportLink[];
  lines: string[];
  /** Tags of every listed task (with what it inherits), for `--list-tags`. */
  allTags: Set<string>;
}

/** The static file an import_tasks task names, if it is plain text. */
function importTarget(task: Task): string | undefined {
  const file = task.args._raw_params ?? task.args.file;
  return typeof file === 'string' && !/\{\{|\{%/.test(file) ? file : undefined;
}

function taskLine(task: Task): string {
  if (task.name === undefined) return task.actionAsWritten;
  return task.role ? `${task.role} : ${task.name}` : task.name;
}

function walk(ctx: ListContext, nodes: TaskNode[], inherited: string[], baseDir: string): void {
  for (const node of nodes) {
    const tags = unique([...inherited, ...(node.keywords.tags ?? [])]);
    if (node.kind === 'block') {
      walk(ctx, node.block, tags, baseDir);
    } else if (node.action === 'import_tasks' && importTarget(node)) {
      const target = importTarget(node)!;
      const file = isAbsolute(target) ? target : join(baseDir, target);
      const outer = ctx.imports;
      ctx.imports = enterImport(outer, {
        target: fileTarget(file),
        action: node.actionAsWritten,
        location: node.location,
      });
      walk(ctx, loadTaskFile(file, { idPrefix: `${node.id}.i`, role: node.role }), tags, dirname(file));
      ctx.imports = outer;
    } else if (node.action === 'import_role' && typeof node.args.name === 'string') {
      const ref: RoleRef = { role: node.args.name, vars: {}, tags: [], location: node.location };
      const outer = ctx.imports;
      ctx.imports = enterImport(outer, {
        target: roleTarget(node.args.name, node.args.tasks_from),
        action: node.actionAsWritten,
        location: node.location,
      });
      walkRole(ctx, ref, tags, `${node.id}.r`, {
        from: fromFiles(node.args),
        validate: rolespecValidateArg(node.args),
      });
      ctx.imports = outer;
    } else if (taskMatchesTags(tags, isLegacyInclude(node.actionAsWritten) ? [] : ctx.only, ctx.skip)) {
      // A dynamic bare include is kept whatever --tags says (Block.filter_tagged_tasks).
      for (const t of tags) ctx.allTags.add(t);
      const shown = unique([...ctx.play.tags, ...tags]).sort();
      ctx.lines.push(`      ${taskLine(node)}\tTAGS: [${shown.join(', ')}]`);
    }
  }
}

function walkRole(
  ctx: ListContext,
  ref: RoleRef,
  inherited: string[],
  idPrefix: string,
  opts: { from?: RoleFromFiles; validate?: boolean } = {},
): void {
  const validate = opts.validate === false ? undefined : { params: {} };
  const role = loadRole(ref, ctx.baseDir, idPrefix, undefined, { from: opts.from, validate });
  walk(ctx, role.tasks, unique([...inherited, ...ref.tags]), join(role.dir, 'tasks'));
}

function renderPlay(play: Play, index: number, opts: ListOptions, baseDir: string): string {
  const patterns = play.hostPatterns ?? [play.hosts];
  let text = `\n  play #${index + 1} (${patterns.join(',')}): ${play.name}\tTAGS: [${unique(play.tags).join(',')}]`;
  if (opts.selectHosts) {
    const hosts = unique(opts.selectHosts(play.hosts, play));
    text += `\n    pattern: [${patterns.map(pyRepr).join(', ')}]\n    hosts (${hosts.length}):`;
    for (const host of hosts) text += `\n      ${host}`;
  }
  text += '\n';
  if (opts.listTasks || opts.listTags) {
    const ctx: ListContext = {
      play,
      baseDir,
      only: opts.tags ?? [],
      skip: opts.skipTags ?? [],
      lines: [],
      allTags: new Set(),
      imports: [],
    };
    walk(ctx, play.preTasks, play.tags, baseDir);
    play.roles.forEach((ref, i) => {
      walkRole(ctx, ref, play.tags, `${play.id}.role${i}.`);
    });
    walk(ctx, play.tasks, play.tags, baseDir);
    walk(ctx, play.postTasks, play.tags, baseDir);
    if (opts.listTasks) text += `    tasks:\n${ctx.lines.map((l) => `${l}\n`).join('')}`;
    if (opts.listTags) {
      const all = unique([...play.tags, ...ctx.allTags]).sort();
      text += `      TASK TAGS: [${all.join(', ')}]\n`;
    }
  }
  return text;
}

/** The whole listing for one playbook, as ansible-playbook prints it. */
export function renderListing(playbook: Playbook, opts: ListOptions): string {
  let text = `\nplaybook: ${opts.playbookPath ?? playbook.file}\n`;
  playbook.plays.forEach((play, i) => {
    text += renderPlay(play, i, opts, playbook.dir);
  });
  return text;
}

/** `--list-hosts`: each play's pattern and the hosts it selects. */
export function renderListHosts(
  playbook: Playbook,
  selectHosts: (pattern: string, play: Play) => string[],
  opts: Pick<ListOptions, 'playbookPath'> = {},
): string {
  return renderListing(playbook, { ...opts, selectHosts });
}

/** `--list-tasks`: each play's tasks that the tag selection keeps, with their tags. */
export function renderListTasks(
  playbook: Playbook,
  tags: string[] = [],
  skipTags: string[] = [],
  opts: Pick<ListOptions, 'playbookPath'> = {},
): string {
  return renderListing(playbook, { ...opts, tags, skipTags, listTasks: true });
}

/** `--list-tags` (with `listTasks`, `--list-tasks --list-tags`): each play's tags. */
export function renderListTags(
  playbook: Playbook,
  opts: { tags?: string[]; skipTags?: string[]; playbookPath?: string; listTasks?: boolean } = {},
): string {
  return renderListing(playbook, { ...opts, listTags: true });
}

/** Same as renderListTasks, with the tag selection as an options object. */
export function listTasks(
  playbook: Playbook,
  opts: { tags?: string[]; skipTags?: string[]; playbookPath?: string } = {},
): string {
  return renderListTasks(playbook, opts.tags, opts.skipTags, { playbookPath: opts.playbookPath });
}
