/**
 * Compiles roles into task blocks as Ansible 2.14 does: meta dependencies first, each role
 * (same name, same parameters) once per play unless it allows duplicates, role variables
 * and defaults scoped along the dependency chain, the `role_name` / `role_path` magic
 * variables, and the defaults and vars of the play's roles visible to every task.
 */

import { appendAll } from '../collections/append-all.js';
import type { SourceLocation } from '../errors/index.js';
import { boolean } from '../python/boolean.js';
import { assignMarked, mergeMarked } from '../python/unsafe.js';
import type { Block, Playbook, RoleRef, Task, TaskNode } from './model.js';
import { dependencyEntryLocation, type RoleOnStack, roleRecursionError } from './role-recursion.js';
import { defaultRolesPath, type LoadedRole, loadRole, type RoleFromFiles } from './roles.js';

type Vars = Record<string, unknown>;

export interface RoleCompileOptions {
  idPrefix: string;
  /** include_role/import_role `*_from` files. */
  from?: RoleFromFiles;
  /** Brought in by include_role/import_role (a different role instance than `roles:`). */
  fromInclude?: boolean;
  /** include_role/import_role `allow_duplicates` (default true there); else meta's. */
  allowDuplicates?: boolean;
  /** The include/import task's own vars: task vars, above the role's vars. */
  includeVars?: Vars;
  /** include_role inside a role: the including task's role chain (its dependency chain). */
  parents?: RoleChainEntry[];
  /** include_role/import_role `rolespec_validate` (default true): check the role's argument specs. */
  validate?: boolean;
}

/** One role of a task's dependency chain (outermost first): ansible_search_path, role_uuid. */
export interface RoleChainEntry {
  name: string;
  dir: string;
  /** The role instance (its block id prefix): Ansible's role _uuid is per instance. */
  instance: string;
}

export interface CompiledRole {
  name: string;
  dir: string;
  tasks: TaskNode[];
  handlers: TaskNode[];
  /** Defaults of the role and its dependencies (what `play.get_roles()` exposes). */
  defaults: Vars;
  /** Vars of the role and its dependencies, without parameters. */
  vars: Vars;
  /** Names of every role it depends on, directly or not (Role.get_all_dependencies). */
  dependencyNames: string[];
}

/** What a dependency inherits from the roles that depend on it. */
interface ChainLink {
  entry: RoleChainEntry;
  vars: Vars;
  params: Vars;
  defaults: Vars;
}

/** The `vars:` of a role entry (role-refs.ts keeps them apart from the role's parameters). */
export function roleEntryVars(ref: RoleRef): Vars {
  const v = ref.keywords?.vars;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Vars) : {};
}

/** The role parameters of an entry: ref.vars holds its `vars:` with the parameters over them. */
export function roleParams(ref: RoleRef): Vars {
  const vars = roleEntryVars(ref);
  return Object.fromEntries(Object.entries(ref.vars).filter(([k, v]) => !(k in vars) || vars[k] !== v));
}

function withoutVars(keywords: Record<string, unknown> | undefined): Record<string, unknown> {
  const { vars: _v, ...rest } = keywords ?? {};
  return rest;
}

/** A meta dependency entry as a role reference (`- name`, `- role: x` with params, vars, when, tags). */
export function dependencyRef(dep: unknown, location: SourceLocation): RoleRef | undefined {
  if (typeof dep === 'string') return { role: dep, vars: {}, tags: [], location };
  if (!dep || typeof dep !== 'object' || Array.isArray(dep)) return undefined;
  const { role, name, vars, tags, when, ...rest } = dep as Record<string, unknown>;
  const keywords: Record<string, unknown> = {};
  const params: Vars = {};
  for (const [k, v] of Object.entries(rest)) {
    if (ROLE_ENTRY_KEYWORDS.has(k)) keywords[k] = v;
    else params[k] = v;
  }
  if (vars && typeof vars === 'object') keywords.vars = vars;
  return {
    role: String(role ?? name),
    vars: mergeMarked(vars as Vars | undefined, params),
    tags: Array.isArray(tags)
      ? tags.map(String)
      : tags
        ? String(tags)
            .split(',')
            .map((t) => t.trim())
        : [],
    when: when === undefined ? undefined : Array.isArray(when) ? when : [when],
    keywords: Object.keys(keywords).length ? keywords : undefined,
    location,
  };
}

/** Keywords of a role entry that are not role parameters (Ansible's Role field attributes). */
const ROLE_ENTRY_KEYWORDS = new Set([
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'become_exe',
  'check_mode',
  'collections',
  'connection',
  'debugger',
  'delegate_to',
  'delegate_facts',
  'diff',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'module_defaults',
  'no_log',
  'port',
  'remote_user',
  'run_once',
  'throttle',
  'timeout',
  'any_errors_fatal',
]);

export class RolePlanner {
  /** Role instances already compiled in this play (name/dir + parameters + how included). */
  private readonly seen = new Set<string>();
  private readonly handlerBlocks = new Map<string, Block>();
  /** The variables of every role scope compiled (to tell an include's own vars from inherited ones). */
  private readonly scopes: Vars[] = [];
  private counter = 0;
  /** Defaults of the play's roles (`roles:`, import_role): the lowest variables of every task. */
  readonly playDefaults: Vars = {};
  /** Vars of the play's roles: above play vars for every task of the play. */
  readonly playVars: Vars = {};
  /** Handlers brought by import_role, in the order met (Ansible puts them after the play's). */
  readonly importedHandlers: TaskNode[] = [];
  /** The play's roles (`roles:`, import_role), for ansible_play_role_names. */
  readonly playRoleNames: string[] = [];
  /** Their dependencies, direct or not, for ansible_dependent_role_names. */
  readonly dependencyRoleNames = new Set<string>();

  constructor(
    readonly playbookDir: string,
    readonly rolesPath: string[] = defaultRolesPath(),
  ) {}

  /** A role as blocks (its dependencies first), with its handlers. */
  compile(ref: RoleRef, opts: RoleCompileOptions): CompiledRole {
    return this.compileRole(ref, opts, [], undefined);
  }

  /**
   * The variables an include task set itself (vars:, loop variable), without those it has
   * from the play's roles or from the role it sits in: those rank below the included role's.
   */
  ownVars(vars: Vars): Vars {
    const inherited = (k: string, v: unknown) =>
      (k in this.playVars && this.playVars[k] === v) || this.scopes.some((s) => k in s && s[k] === v);
    return Object.fromEntries(Object.entries(vars).filter(([k, v]) => !inherited(k, v)));
  }

  /** Makes the role's defaults and vars visible play-wide (a `roles:` entry or import_role). */
  expose(role: CompiledRole): void {
    this.playRoleNames.push(role.name);
    for (const d of role.dependencyNames) this.dependencyRoleNames.add(d);
    assignMarked(this.playDefaults, role.defaults);
    assignMarked(this.playVars, role.vars);
  }

  /** import_role: the role compiled from the task's arguments, its handlers kept for the play. */
  importRole(task: Task, idPrefix: string): TaskNode[] {
    const ref = includeRoleRef(task);
    const role = this.compile(ref, {
      idPrefix,
      from: fromFiles(task.args),
      fromInclude: true,
      allowDuplicates: allowDuplicatesArg(task.args),
      includeVars: task.keywords.vars,
      validate: rolespecValidateArg(task.args),
    });
    appendAll(this.importedHandlers, role.handlers);
    return role.tasks;
  }

  /**
   * Exposes the roles that import_role brings (in these nodes, blocks included) play-wide:
   * Ansible adds them to the play's roles when it parses the play, before any task runs.
   */
  exposeImports(nodes: TaskNode[]): void {
    for (const node of nodes) {
      if (node.kind === 'block') {
        this.exposeImports([...node.block, ...node.rescue, ...node.always]);
        continue;
      }
      if (node.action !== 'import_role') continue;
      const ref = includeRoleRef(node);
      if (typeof ref.role !== 'string' || /\{\{|\{%/.test(ref.role)) continue;
      const found = this.variablesOf(ref, fromFiles(node.args), undefined);
      this.playRoleNames.push(found.name);
      for (const d of found.dependencyNames) this.dependencyRoleNames.add(d);
      assignMarked(this.playDefaults, found.defaults);
      assignMarked(this.playVars, found.vars);
    }
  }

  /** A role's defaults and vars with its dependencies' (Role.get_default_vars / get_vars). */
  private variablesOf(
    ref: RoleRef,
    from: RoleFromFiles | undefined,
    basedir: string | undefined,
    stack: RoleOnStack[] = [],
    site?: () => SourceLocation,
  ): { name: string; defaults: Vars; vars: Vars; dependencyNames: string[] } {
    const role = loadRole(ref, this.playbookDir, 'expose.', this.rolesPath, { from, basedir });
    const onStack = enterRole(stack, role, site);
    const out = { name: role.name, defaults: {} as Vars, vars: {} as Vars, dependencyNames: [] as string[] };
    for (const [i, d] of role.meta.dependencies.entries()) {
      const dep = dependencyRef(d, ref.location);
      if (!dep) continue;
      const sub = this.variablesOf(dep, undefined, role.dir, onStack, dependencySite(role, i));
      out.dependencyNames.push(sub.name, ...sub.dependencyNames);
      assignMarked(out.defaults, sub.defaults);
      assignMarked(out.vars, sub.vars);
    }
    assignMarked(out.defaults, role.defaults);
    assignMarked(out.vars, roleEntryVars(ref));
    assignMarked(out.vars, role.vars);
    return out;
  }

  private compileRole(
    ref: RoleRef,
    opts: RoleCompileOptions,
    chain: ChainLink[],
    basedir: string | undefined,
    stack: RoleOnStack[] = [],
    site?: () => SourceLocation,
  ): CompiledRole {
    const prefix = `${opts.idPrefix}${this.counter++}.`;
    const role = loadRole(ref, this.playbookDir, prefix, this.rolesPath, {
      from: opts.from,
      basedir,
      validate: opts.validate === false ? undefined : { params: roleParams(ref) },
    });
    const onStack = enterRole(stack, role, site);
    const entryVars = roleEntryVars(ref);
    const link: ChainLink = {
      entry: { name: role.name, dir: role.dir, instance: prefix },
      vars: mergeMarked(entryVars, role.vars),
      params: roleParams(ref),
      defaults: role.defaults,
    };
    // Dependencies come first; each sees the variables of the roles above it.
    const deps = role.meta.dependencies
      .map((d) => dependencyRef(d, ref.location))
      .map((d, i) => ({ d, site: dependencySite(role, i) }))
      .filter((x): x is { d: RoleRef; site: () => SourceLocation } => x.d !== undefined)
      .map(({ d, site }, i) =>
        this.compileRole(
          d,
          { idPrefix: `${prefix}d${i}.`, parents: opts.parents },
          [...chain, link],
          role.dir,
          onStack,
          site,
        ),
      );
    const depDefaults = mergeMarked(...deps.map((d) => d.defaults)) as Vars;
    const depVars = mergeMarked(...deps.map((d) => d.vars)) as Vars;
    const compiled: CompiledRole = {
      name: role.name,
      dir: role.dir,
      tasks: deps.flatMap((d) => d.tasks),
      handlers: deps.flatMap((d) => d.handlers),
      defaults: { ...depDefaults, ...role.defaults },
      vars: mergeMarked(depVars, link.vars),
      dependencyNames: [...new Set(deps.flatMap((d) => [d.name, ...d.dependencyNames]))],
    };
    const key = instanceKey(role, ref, opts);
    const allowDuplicates = opts.allowDuplicates ?? role.meta.allowDuplicates;
    const duplicate = this.seen.has(key);
    this.seen.add(key);
    const scope = roleScope(role, ref, chain, { depDefaults, depVars }, opts.includeVars);
    scope.chain = [...(opts.parents ?? []), ...chain.map((c) => c.entry), link.entry];
    this.scopes.push(scope.vars);
    // One role instance has one set of handlers (Ansible caches them per role): a later
    // occurrence lists the same handlers again, so a notification reaches the same ones.
    let handlers = this.handlerBlocks.get(key);
    if (!handlers) {
      handlers = roleBlock(`${prefix}rolehandlers`, role.handlers, scope, ref);
      this.handlerBlocks.set(key, handlers);
    }
    compiled.handlers.push(handlers);
    if (!duplicate || allowDuplicates)
      compiled.tasks.push(roleBlock(`${prefix}roleblock`, role.tasks, scope, ref));
    // The entry's module_defaults reach its handlers too (Ansible's handler blocks extend
    // them from their role and its dependency chain).
    const entryDefaults = ref.keywords?.module_defaults;
    if (entryDefaults !== undefined)
      compiled.handlers = [
        {
          kind: 'block',
          id: `${prefix}rolehandlerdefaults`,
          block: compiled.handlers,
          rescue: [],
          always: [],
          keywords: { module_defaults: entryDefaults as Record<string, unknown>[] },
          location: ref.location,
        },
      ];
    // when/tags/keywords of the entry apply to the role and to its dependencies.
    const keywords = { ...withoutVars(ref.keywords), when: ref.when, tags: ref.tags };
    compiled.tasks = [
      {
        kind: 'block',
        id: `${prefix}role`,
        block: compiled.tasks,
        rescue: [],
        always: [],
        keywords,
        location: ref.location,
      },
    ];
    return compiled;
  }
}

/** The roles being compiled with `role` on top; throws when `role` is already among them. */
function enterRole(
  stack: RoleOnStack[],
  role: LoadedRole,
  site: (() => SourceLocation) | undefined,
): RoleOnStack[] {
  const entry = { name: role.name, dir: role.dir };
  if (stack.some((r) => r.dir === role.dir)) throw roleRecursionError(stack, entry, site?.());
  return [...stack, entry];
}

/** Where dependency `index` of `role` is written (looked up only for an error). */
function dependencySite(role: LoadedRole, index: number): () => SourceLocation {
  // A role with dependencies has a meta file.
  return () => dependencyEntryLocation(role.meta.file ?? role.dir, index);
}

/** Variables a role's tasks and handlers see, in Ansible's order (later wins). */
function roleScope(
  role: LoadedRole,
  ref: RoleRef,
  chain: ChainLink[],
  deps: { depDefaults: Vars; depVars: Vars },
  includeVars: Vars | undefined,
): RoleScope {
  const vars: Vars = {};
  for (const parent of chain) assignMarked(vars, parent.vars);
  for (const layer of [deps.depVars, roleEntryVars(ref), role.vars]) assignMarked(vars, layer);
  // Parameters (the dependency chain's, the role's, the include's) rank above set_fact in
  // Ansible: `include_params` carries them there; they are also vars for older workers.
  const params: Vars = {};
  for (const parent of chain) assignMarked(params, parent.params);
  assignMarked(params, roleParams(ref));
  assignMarked(params, includeVars);
  assignMarked(vars, params);
  Object.assign(vars, {
    role_name: role.name,
    role_path: role.dir,
    ansible_role_name: role.name,
  });
  const defaults: Vars = mergeMarked(deps.depDefaults);
  for (const parent of chain) assignMarked(defaults, parent.defaults);
  assignMarked(defaults, role.defaults);
  return { vars, params, defaults, dir: role.dir };
}

interface RoleScope {
  vars: Vars;
  params: Vars;
  defaults: Vars;
  dir: string;
  /** The task's dependency chain, this role last. */
  chain?: RoleChainEntry[];
}

function roleBlock(id: string, nodes: TaskNode[], scope: RoleScope, ref: RoleRef): Block {
  return {
    kind: 'block',
    id,
    block: nodes,
    rescue: [],
    always: [],
    keywords: {
      vars: scope.vars,
      role_defaults: scope.defaults,
      role_dir: scope.dir,
      role_chain: scope.chain,
      ...(Object.keys(scope.params).length ? { include_params: scope.params } : {}),
    },
    location: ref.location,
  };
}

/** Ansible's ROLE_CACHE key: the role and every parameter of how it was brought in. */
function instanceKey(role: LoadedRole, ref: RoleRef, opts: RoleCompileOptions): string {
  return JSON.stringify([
    role.name,
    role.dir,
    ref.vars,
    ref.when ?? null,
    ref.tags,
    ref.keywords ?? {},
    opts.from ?? {},
    opts.fromInclude ?? false,
    opts.includeVars ?? {},
  ]);
}

/** include_role/import_role arguments as a role reference (name, location; vars go in as task vars). */
export function includeRoleRef(task: Pick<Task, 'args' | 'location'>, name?: string): RoleRef {
  const role = name ?? task.args.name ?? task.args.role ?? task.args._raw_params;
  return { role: String(role), vars: {}, tags: [], location: task.location };
}

/** `tasks_from` & co. of include_role/import_role. */
export function fromFiles(args: Record<string, unknown>): RoleFromFiles | undefined {
  const out: RoleFromFiles = {};
  for (const k of ['tasks', 'vars', 'defaults', 'handlers'] as const) {
    const v = args[`${k}_from`];
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return Object.keys(out).length ? out : undefined;
}

/** include_role/import_role `allow_duplicates` (Ansible's default there: true). */
export function allowDuplicatesArg(args: Record<string, unknown>): boolean {
  const v = args.allow_duplicates;
  if (v === undefined || v === null) return true;
  return typeof v === 'string' ? boolean(v, false) : Boolean(v);
}

/** include_role/import_role `rolespec_validate` (default true). */
export function rolespecValidateArg(args: Record<string, unknown>): boolean {
  const v = args.rolespec_validate;
  return v === undefined || v === null ? true : boolean(v, false);
}

/** The role planner of each play's program, so run-time include_role shares its role instances. */
const planners = new WeakMap<object, RolePlanner>();

export function registerPlanner(owner: object, planner: RolePlanner): void {
  planners.set(owner, planner);
}

export function plannerOf(owner: object): RolePlanner | undefined {
  return planners.get(owner);
}

/**
 * Loads every role a playbook names statically (`roles:` entries, their dependencies,
 * import_role in the plays' task lists) and throws the first problem, as Ansible does when
 * it parses the playbook, before any play runs.
 */
export function checkPlaybookRoles(playbook: Playbook): void {
  for (const play of playbook.plays) {
    const planner = new RolePlanner(playbook.dir);
    for (const [i, ref] of play.roles.entries()) planner.compile(ref, { idPrefix: `${play.id}.check${i}.` });
    const walk = (nodes: TaskNode[]): void => {
      for (const node of nodes) {
        if (node.kind === 'block') walk([...node.block, ...node.rescue, ...node.always]);
        else if (node.action === 'import_role') {
          const name = node.args.name ?? node.args.role;
          if (typeof name === 'string' && !/\{\{|\{%/.test(name))
            planner.importRole(node, `${node.id}.check.`);
        }
      }
    };
    walk([...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers]);
  }
}
