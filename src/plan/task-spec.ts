/**
 * Turns a play's task tree into the program the host iterator walks: tasks carry their
 * effective keywords (inherited from play and blocks, as Ansible inherits them), tags are
 * filtered, and every task is a serialisable TaskSpec that workers look up by id.
 */

import { dirname } from 'node:path';
import { traitsOf } from '../actions/table.js';
import type { TaskModule } from '../bridge/catalog.js';
import type { SourceLocation } from '../errors/index.js';
import { enterImport, fileTarget, type ImportLink, roleTarget } from '../playbook/import-chain.js';
import { isLegacyInclude } from '../playbook/legacy-include.js';
import type { Block, Play, Task, TaskKeywords, TaskNode } from '../playbook/model.js';
import { groupsHolding } from '../playbook/module-defaults.js';
import { taskDisplayName } from '../playbook/roles.js';
import { mergeMarked } from '../python/unsafe.js';

export interface TaskSpec {
  id: string;
  name: string;
  action: string;
  /** The module name exactly as written (ansible.builtin.debug), when it differs from `action`. */
  actionAsWritten?: string;
  args: Record<string, unknown>;
  keywords: TaskKeywords;
  tags: string[];
  location?: SourceLocation;
  handler: boolean;
  /** Position in the play, for the linear strategy's "lowest task first". */
  order: number;
  /** Tasks added at run time by include_tasks: their position after `order` (compared as a path). */
  suborder?: number[];
  /** Created at run time (include_tasks): workers get the spec with the unit. */
  dynamic?: boolean;
  /** The role directory a role's task comes from (templates/, files/ are looked up there first). */
  roleDir?: string;
  /** The role the task belongs to: tasks it includes are shown as `role : name` too. */
  role?: string;
  /** The module file its name resolved to (the worker bridges it when it has no native one). */
  module?: TaskModule;
  /** The task has no `name:` (Ansible's ansible_failed_task.name is then empty). */
  unnamed?: boolean;
  /** Directory of the file the task was written in (include_tasks paths are relative to it). */
  fileDir?: string;
  /**
   * A dynamic include (include_tasks, include_role): what its enclosing blocks and play pass
   * down. Ansible's included tasks inherit from the include's parent, not from the include's
   * own keywords (TaskInclude.statically_loaded is false), except its vars.
   */
  passDown?: Inherited;
  /**
   * module_defaults' `group/…` names holding the task's resolved action, by action (the
   * gather_facts action also passes setup's): the worker applies those groups' defaults.
   */
  defaultGroups?: Record<string, string[]>;
  /**
   * The play's implicit Gathering Facts under `gathering = smart`: hosts whose facts the
   * gather_facts action already gathered in this run skip it (PlayIterator).
   */
  skipsGatheredHosts?: boolean;
}

/** Expands a static import (import_tasks, import_role) into the nodes it stands for. */
export type ImportExpander = (task: Task, roleDir: string | undefined) => TaskNode[] | undefined;

/** What an import brings in: the file its first task was read from, or the role. */
function importTarget(task: Task, nodes: TaskNode[]): string | undefined {
  if (task.action === 'import_role') {
    const name = task.args.name ?? task.args.role ?? task.args._raw_params;
    return typeof name === 'string' ? roleTarget(name, task.args.tasks_from) : undefined;
  }
  const file = nodes[0]?.location?.file;
  return file ? fileTarget(file) : undefined;
}

/** Linear order of two tasks: `order`, then the include path. */
export function compareOrder(a: TaskSpec, b: TaskSpec): number {
  if (a.order !== b.order) return a.order - b.order;
  const x = a.suborder ?? [];
  const y = b.suborder ?? [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return 0;
}

export type ProgramNode =
  | { kind: 'task'; spec: TaskSpec }
  | { kind: 'block'; id: string; block: ProgramNode[]; rescue: ProgramNode[]; always: ProgramNode[] };

export interface TagFilter {
  only: string[];
  skip: string[];
}

/** Keywords a child inherits from its play and enclosing blocks when it does not set them. */
const INHERITED = [
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'environment',
  'no_log',
  'notify',
  'ignore_errors',
  'ignore_unreachable',
  'delegate_to',
  'delegate_facts',
  'run_once',
  'any_errors_fatal',
  'check_mode',
  'diff',
  'throttle',
  'timeout',
  'remote_user',
  'connection',
  'port',
  'include_params',
] as const;

export interface Inherited {
  keywords: TaskKeywords;
  tags: string[];
}

export class ProgramBuilder {
  readonly specs = new Map<string, TaskSpec>();
  private order = 0;

  /** The static imports being expanded, outermost first (a file importing itself is an error). */
  private imports: ImportLink[] = [];

  /** Set while building run-time includes: new specs get these fields. */
  dynamic?: { order: number; suborder: number[] };

  constructor(
    private readonly tags: TagFilter,
    private readonly matchesTags: (taskTags: string[], only: string[], skip: string[]) => boolean,
    private readonly expandImport?: ImportExpander,
  ) {}

  /** The inheritable part of a play's keywords, the root of every task's inheritance. */
  static playRoot(play: Play): Inherited {
    const keywords: TaskKeywords = { ...play.keywords };
    if (play.become !== undefined) keywords.become = play.become;
    if (play.becomeUser !== undefined) keywords.become_user = play.becomeUser;
    if (play.becomeMethod !== undefined) keywords.become_method = play.becomeMethod;
    if (play.environment !== undefined) keywords.environment = play.environment;
    if (play.anyErrorsFatal) keywords.any_errors_fatal = true;
    const root: Record<string, unknown> = {};
    for (const k of INHERITED) if (keywords[k] !== undefined) root[k] = keywords[k];
    if (play.keywords.module_defaults !== undefined) root.module_defaults = play.keywords.module_defaults;
    return { keywords: root, tags: play.tags };
  }

  /**
   * The implicit fact gathering's keywords: PlayIterator makes it a task of a block of the
   * play, so it inherits the play's keywords (environment, become, …), never run_once.
   */
  static gatherKeywords(root: Inherited): TaskKeywords {
    const { run_once: _r, ...keywords } = inherit(root, {}).keywords;
    return keywords;
  }

  build(nodes: TaskNode[], parent: Inherited, handler = false): ProgramNode[] {
    const out: ProgramNode[] = [];
    for (const node of nodes) {
      const built =
        node.kind === 'block'
          ? this.buildBlock(node, parent, handler)
          : this.buildTask(node, parent, handler);
      if (built) out.push(built);
    }
    return out;
  }

  /** Whether --tags/--skip-tags select a task with these tags. */
  selects(tags: string[]): boolean {
    return this.matchesTags(tags, this.tags.only, this.tags.skip);
  }

  /** Adds a synthetic task (e.g. Gathering Facts) that is not in the YAML. */
  synthetic(spec: Omit<TaskSpec, 'order'>): ProgramNode {
    const d = this.dynamic;
    const full: TaskSpec = d
      ? {
          ...spec,
          order: d.order,
          suborder: [...d.suborder.slice(0, -1), d.suborder.at(-1)! + 1],
          dynamic: true,
        }
      : { ...spec, order: this.order++ };
    if (d) d.suborder = full.suborder!;
    this.specs.set(full.id, full);
    return { kind: 'task', spec: full };
  }

  private buildBlock(block: Block, parent: Inherited, handler: boolean): ProgramNode | undefined {
    const inherited = inherit(parent, block.keywords);
    const node: ProgramNode = {
      kind: 'block',
      id: block.id,
      block: this.build(block.block, inherited, handler),
      rescue: this.build(block.rescue, inherited, handler),
      always: this.build(block.always, inherited, handler),
    };
    return node.block.length + node.rescue.length + node.always.length > 0 ? node : undefined;
  }

  /** An import is a block around the imported tasks: its keywords (when, tags, vars) apply to each. */
  private buildImport(
    task: Task,
    nodes: TaskNode[],
    parent: Inherited,
    handler: boolean,
  ): ProgramNode | undefined {
    const block: Block = {
      kind: 'block',
      id: `${task.id}.import`,
      block: nodes,
      rescue: [],
      always: [],
      keywords: task.keywords,
      location: task.location,
    };
    return this.buildBlock(block, parent, handler);
  }

  private buildTask(task: Task, parent: Inherited, handler: boolean): ProgramNode | undefined {
    if (task.action === 'import_tasks' || task.action === 'import_role') {
      if (task.action === 'import_role') task = withParentRole(task, parent);
      const roleDir = parent.keywords.role_dir as string | undefined;
      const nodes = this.expandImport?.(task, roleDir);
      const target = nodes && importTarget(task, nodes);
      if (nodes && target) {
        const outer = this.imports;
        this.imports = enterImport(outer, { target, action: task.actionAsWritten, location: task.location });
        try {
          return this.buildImport(task, nodes, parent, handler);
        } finally {
          this.imports = outer;
        }
      }
      if (nodes) return this.buildImport(task, nodes, parent, handler);
    }
    const { keywords, tags } = inherit(parent, task.keywords);
    // A dynamic bare include is kept whatever --tags says, only --skip-tags drops it
    // (Block.filter_tagged_tasks); its tasks are filtered as they come in.
    const only = isLegacyInclude(task.actionAsWritten) ? [] : this.tags.only;
    if (!handler && !this.matchesTags(tags, only, this.tags.skip)) return undefined;
    return this.synthetic({
      id: task.id,
      name: taskDisplayName(task),
      action: task.action,
      ...(task.actionAsWritten !== task.action ? { actionAsWritten: task.actionAsWritten } : {}),
      args: task.args,
      keywords,
      tags,
      location: task.location,
      handler,
      roleDir: keywords.role_dir as string | undefined,
      ...(task.role ? { role: task.role } : {}),
      ...(task.module ? { module: task.module } : {}),
      unnamed: task.name === undefined ? true : undefined,
      fileDir: task.location?.file ? dirname(task.location.file) : undefined,
      // An include's tasks are loaded at run time, under its parent.
      ...(traitsOf(task.action).include ? { passDown: parent } : {}),
      ...defaultGroupsOf(task.module?.fqcn, task.module?.collection, keywords.module_defaults),
    });
  }
}

/** The `defaultGroups` of a task whose action resolved to `fqcn` (a library module's: ansible.legacy.x). */
export function defaultGroupsOf(
  fqcn: string | undefined,
  collection: string | undefined,
  defaults: Record<string, unknown>[] | undefined,
): { defaultGroups?: Record<string, string[]> } {
  if (!defaults?.length || fqcn === undefined) return {};
  const actions = [collection === '' ? `ansible.legacy.${fqcn}` : fqcn];
  // The gather_facts action applies setup's defaults to the setup module it runs.
  if (fqcn === 'ansible.builtin.gather_facts') actions.push('ansible.builtin.setup');
  const out: Record<string, string[]> = {};
  for (const action of actions) {
    const groups = groupsHolding(action, defaults);
    if (groups.length) out[action] = groups;
  }
  return Object.keys(out).length ? { defaultGroups: out } : {};
}

/**
 * IncludeRole.get_include_params for an import_role written in a role (its _parent_role):
 * the enclosing include params, with that role first in ansible_parent_role_names/_paths.
 */
function withParentRole(task: Task, parent: Inherited): Task {
  const chain = parent.keywords.role_chain as readonly { name: string; dir: string }[] | undefined;
  const role = chain?.at(-1);
  if (!role) return task;
  const inherited = (parent.keywords.include_params ?? {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(inherited[k]) ? (inherited[k] as unknown[]) : []);
  const params = mergeMarked(task.keywords.include_params as object | undefined, {
    ansible_parent_role_names: [role.name, ...list('ansible_parent_role_names')],
    ansible_parent_role_paths: [role.dir, ...list('ansible_parent_role_paths')],
  });
  return { ...task, keywords: { ...task.keywords, include_params: params } };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function inherit(parent: Inherited, own: TaskKeywords): Inherited {
  const keywords: TaskKeywords = { ...own };
  const mutable: Record<string, unknown> = keywords;
  for (const k of INHERITED)
    if (keywords[k] === undefined && parent.keywords[k] !== undefined) mutable[k] = parent.keywords[k];
  // Conditions of enclosing blocks apply first; vars merge with the child winning.
  const when = [...(parent.keywords.when ?? []), ...(own.when ?? [])];
  if (when.length) keywords.when = when;
  // environment extends like Ansible's list attribute: the enclosing ones first, the task's last (wins).
  if (parent.keywords.environment !== undefined && own.environment !== undefined)
    keywords.environment = [...asList(parent.keywords.environment), ...asList(own.environment)];
  // module_defaults extends too (Ansible's extend/prepend list): the enclosing ones first, so the inner win.
  if (parent.keywords.module_defaults !== undefined && own.module_defaults !== undefined)
    keywords.module_defaults = [...parent.keywords.module_defaults, ...own.module_defaults];
  else if (own.module_defaults === undefined && parent.keywords.module_defaults !== undefined)
    keywords.module_defaults = parent.keywords.module_defaults;
  if (parent.keywords.vars || own.vars) keywords.vars = mergeMarked(parent.keywords.vars, own.vars);
  // Task.get_include_params: the enclosing includes' params, the inner ones winning.
  if (parent.keywords.include_params !== undefined && own.include_params !== undefined)
    keywords.include_params = mergeMarked(
      parent.keywords.include_params as object,
      own.include_params as object,
    );
  // Role context travels down to every task of the role (and of roles it depends on).
  if (own.role_dir === undefined && parent.keywords.role_dir !== undefined)
    keywords.role_dir = parent.keywords.role_dir;
  if (own.role_chain === undefined && parent.keywords.role_chain !== undefined)
    keywords.role_chain = parent.keywords.role_chain;
  if (parent.keywords.role_defaults || own.role_defaults)
    keywords.role_defaults = {
      ...((parent.keywords.role_defaults as object) ?? {}),
      ...((own.role_defaults as object) ?? {}),
    };
  const tags = [...new Set([...parent.tags, ...(own.tags ?? [])])];
  return { keywords, tags };
}
