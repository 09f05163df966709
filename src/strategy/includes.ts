/**
 * include_tasks and include_role at run time. The include task itself runs on the host's worker like any
 * other (so `when`, loops and a file name built from host variables all work); its result
 * names the file. The main thread then loads and builds the file's tasks and splices them
 * into that host's iterator. Hosts that include the same file with the same variables at
 * the same point share the same specs, so the linear strategy runs them in lockstep.
 */
import path from 'node:path';
import { appendAll } from '../collections/append-all.js';
import { FlotillaError } from '../errors/index.js';
import type { TaskResult } from '../output/events.js';
import type { Inherited, ProgramBuilder, ProgramNode, TaskSpec } from '../plan/task-spec.js';
import { loadTaskFile } from '../playbook/index.js';
import { normaliseKeyword } from '../playbook/keyword-values.js';
import type { TaskKeywords, TaskNode } from '../playbook/model.js';
import {
  allowDuplicatesArg,
  fromFiles,
  includeRoleRef,
  plannerOf,
  type RoleChainEntry,
  RolePlanner,
  rolespecValidateArg,
} from '../playbook/role-tree.js';
import type { RoleFromFiles } from '../playbook/roles.js';
import type { UnitOutcome } from '../protocol/messages.js';
import { boolean } from '../python/boolean.js';
import { resultStr as pythonStr } from '../python/repr.js';
import { mergeMarked } from '../python/unsafe.js';
import { flattenTasks, resolveTaskFile } from './program.js';

/**
 * How deep includes may nest. A recursive include_tasks is fine while a `when:` ends it;
 * without one Ansible stops when Python's recursion limit is hit, about 240 levels down
 * (72 with sys.setrecursionlimit(300)), with "Exceeded maximum object depth".
 */
export const MAX_INCLUDE_DEPTH = 240;

/** Role context an include passes to the tasks it brings (not keywords: where they were written). */
const ROLE_CONTEXT = ['role_dir', 'role_chain', 'role_defaults'];

export interface IncludedFile {
  file: string;
  /** The loop item's label when the include loops. */
  label?: string;
}

interface Built {
  nodes: ProgramNode[];
  handlers: TaskSpec[];
  /** A `public: true` include_role: the role's defaults and vars, for the rest of the play. */
  exposed?: { vars: Record<string, unknown>; defaults: Record<string, unknown> };
}

/** Handlers an include brings, with what identifies that include (its hosts share it). */
export interface IncludedHandlers {
  key: string;
  specs: TaskSpec[];
}

export class IncludeExpander {
  private readonly cache = new Map<string, Built>();
  private counter = 0;
  /** The play's role planner (shared with `roles:` and import_role when the program registered one). */
  private readonly roles: RolePlanner;

  constructor(
    private readonly builder: ProgramBuilder,
    private readonly playbookDir: string,
  ) {
    this.roles = plannerOf(builder) ?? new RolePlanner(playbookDir);
  }

  /**
   * The files an include outcome names, the program nodes to run next on that host, and
   * the handlers an included role brings.
   */
  expand(
    spec: TaskSpec,
    outcome: UnitOutcome,
  ): {
    files: IncludedFile[];
    nodes: ProgramNode[];
    handlers: IncludedHandlers[];
    exposed: NonNullable<Built['exposed']>[];
  } {
    const results: TaskResult[] = outcome.items
      ? outcome.items.filter((i) => i.status === 'ok' || i.status === 'changed').map((i) => i.result)
      : outcome.status === 'ok' || outcome.status === 'changed'
        ? [outcome.result]
        : [];
    const files: IncludedFile[] = [];
    const nodes: ProgramNode[] = [];
    const handlers: IncludedHandlers[] = [];
    const exposed: NonNullable<Built['exposed']>[] = [];
    let position = 0;
    // Each include level adds one place to the suborder of the tasks it brings.
    const depth = (spec.suborder?.length ?? 0) + 1;
    if (results.length > 0 && depth > MAX_INCLUDE_DEPTH) throw includeTooDeep(spec);
    for (const result of results) {
      const role = typeof result.include_role === 'string' ? result.include_role : undefined;
      if (typeof result.include !== 'string' && role === undefined) continue;
      const file = role ?? resolveTaskFile(result.include as string, spec, spec.roleDir, this.playbookDir);
      const loopVar = result.ansible_loop_var as string | undefined;
      const vars: Record<string, unknown> = mergeMarked(spec.keywords.vars);
      if (loopVar) vars[loopVar] = result[loopVar];
      // IncludedFile.process_include_results: the index var and the extended loop come too
      const indexVar = result.ansible_index_var as string | undefined;
      if (indexVar && indexVar in result) vars[indexVar] = result[indexVar];
      if ('ansible_loop' in result) vars.ansible_loop = result.ansible_loop;
      const label = loopVar ? pythonStr(result._ansible_item_label ?? result[loopVar]) : undefined;
      // Ansible prints no "included:" line for a role, and counts it as no extra ok.
      if (role === undefined) files.push({ file, label });
      // *_from as the worker rendered them (include_role_from), else as written.
      const from = fromFiles((result.include_role_from as Record<string, unknown> | undefined) ?? spec.args);
      const kind = role === undefined ? 'file' : `role${JSON.stringify(from ?? {})}`;
      const key = `${spec.id}|${position}|${kind}:${file}|${JSON.stringify(vars)}`;
      let built = this.cache.get(key);
      if (!built) {
        built =
          role === undefined
            ? this.build(spec, withApply(spec, this.loadFile(spec, file)), [], vars, position)
            : this.buildRole(spec, role, from, vars, position);
        this.cache.set(key, built);
      }
      appendAll(nodes, built.nodes);
      handlers.push({ key, specs: built.handlers });
      if (built.exposed) exposed.push(built.exposed);
      position += countTasks(built.nodes) + 1;
    }
    return { files, nodes, handlers, exposed };
  }

  private loadFile(spec: TaskSpec, file: string): TaskNode[] {
    // Tasks included from a role's task belong to that role (Ansible's Block._role).
    return loadTaskFile(file, {
      idPrefix: `${spec.id}.x${this.counter++}.`,
      role: spec.role,
      dynamicParent: true,
    });
  }

  /**
   * include_role: the role (its dependencies first) with `tasks_from` & co., `apply`'s
   * keywords over its tasks, and its handlers. The include's vars rank above the role's.
   */
  private buildRole(
    spec: TaskSpec,
    name: string,
    from: RoleFromFiles | undefined,
    vars: Record<string, unknown>,
    position: number,
  ): Built {
    const location = spec.location ?? { file: path.join(this.playbookDir, 'play.yml'), line: 1, col: 1 };
    const parents = spec.keywords.role_chain as RoleChainEntry[] | undefined;
    const role = this.roles.compile(includeRoleRef({ args: spec.args, location }, name), {
      parents,
      idPrefix: `${spec.id}.x${this.counter++}.`,
      from,
      fromInclude: true,
      allowDuplicates: allowDuplicatesArg(spec.args),
      includeVars: withoutParentRoles(this.roles.ownVars(vars)),
      validate: rolespecValidateArg(spec.args),
    });
    const parent = parents?.[parents.length - 1];
    if (parent) {
      // IncludeRole.get_include_params: the including role goes first in the parents' lists
      // (include params: not part of the role instance's identity).
      const inherited = (spec.keywords.include_params ?? {}) as Record<string, unknown>;
      const list = (k: string) => (Array.isArray(inherited[k]) ? (inherited[k] as unknown[]) : []);
      vars = {
        ...vars,
        ansible_parent_role_names: [parent.name, ...list('ansible_parent_role_names')],
        ansible_parent_role_paths: [parent.dir, ...list('ansible_parent_role_paths')],
      };
    }
    const built = this.build(spec, withApply(spec, role.tasks), role.handlers, vars, position);
    if (isTrue(spec.args.public)) built.exposed = { vars: role.vars, defaults: role.defaults };
    return built;
  }

  private build(
    spec: TaskSpec,
    tasks: TaskNode[],
    handlerNodes: TaskNode[],
    vars: Record<string, unknown>,
    position: number,
  ): Built {
    // What the include's parent passes down (not the include's own keywords), and its vars.
    const parent = spec.passDown ?? { keywords: {}, tags: [] };
    const keywords: Inherited['keywords'] = { ...parent.keywords, vars };
    // The include's own vars (and loop variable) rank above set_fact, as Ansible's include params.
    const params = mergeMarked(spec.keywords.include_params as object | undefined, this.roles.ownVars(vars));
    if (Object.keys(params).length) keywords.include_params = params;
    for (const k of ROLE_CONTEXT) if (spec.keywords[k] !== undefined) keywords[k] = spec.keywords[k];
    this.builder.dynamic = { order: spec.order, suborder: [...(spec.suborder ?? []), position] };
    try {
      const nodes = this.builder.build(tasks, { keywords, tags: parent.tags }, spec.handler);
      // Handlers are built the same way (workers get them with the unit, as dynamic specs).
      const handlers = handlerNodes.length
        ? flattenTasks(this.builder.build(handlerNodes, { keywords: { vars }, tags: [] }, true))
        : [];
      return { nodes, handlers };
    } finally {
      this.builder.dynamic = undefined;
    }
  }
}

function includeTooDeep(spec: TaskSpec): FlotillaError {
  const what = spec.action.replace(/^ansible\.(?:builtin|legacy)\./, '');
  return new FlotillaError(
    'FLT_INCLUDE_RECURSION',
    `Exceeded maximum object depth. This may have been caused by excessive role recursion: ${what} "${spec.name}" is nested ${MAX_INCLUDE_DEPTH} includes deep`,
    {
      location: spec.location,
      hint: `a file that includes itself needs a "when:" that ends the recursion; check the ${what} chain for a file that includes itself`,
    },
  );
}

const isTrue = (v: unknown): boolean => boolean(v, false);

/**
 * The included tasks under a block holding the include's `apply:` keywords, as Ansible's
 * TaskInclude.build_parent_block (include_tasks and include_role alike).
 */
function withApply(spec: TaskSpec, tasks: TaskNode[]): TaskNode[] {
  const apply = applyKeywords(spec.args.apply);
  if (!apply) return tasks;
  const location = spec.location ?? { file: 'play.yml', line: 1, col: 1 };
  return [
    {
      kind: 'block',
      id: `${spec.id}.apply`,
      block: tasks,
      rescue: [],
      always: [],
      keywords: apply,
      location,
    },
  ];
}

/** `apply:` as block keywords, each normalised as a block's (when, tags, notify as lists). */
function applyKeywords(apply: unknown): TaskKeywords | undefined {
  if (!apply || typeof apply !== 'object' || Array.isArray(apply)) return undefined;
  const keywords: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(apply as Record<string, unknown>)) {
    const normalised = normaliseKeyword(key, value);
    keywords[key] = 'value' in normalised ? normalised.value : value;
  }
  return keywords as TaskKeywords;
}

function countTasks(nodes: ProgramNode[]): number {
  return nodes.reduce(
    (n, node) => n + (node.kind === 'task' ? 1 : countTasks([...node.block, ...node.rescue, ...node.always])),
    0,
  );
}

/**
 * An include's variables without the parent-role lists an enclosing include_role set: the
 * role's params must not carry them over the lists this include makes (its own role first).
 */
function withoutParentRoles(vars: Record<string, unknown>): Record<string, unknown> {
  const { ansible_parent_role_names: _n, ansible_parent_role_paths: _p, ...rest } = vars;
  return rest;
}
