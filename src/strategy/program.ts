/**
 * Builds a play's program on the main thread: sections (pre_tasks, roles + tasks,
 * post_tasks), handlers, static imports (import_tasks, import_role) expanded in place, and
 * roles with their defaults, vars, directories and meta dependencies.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import type { RunOptions } from '../plan/options.js';
import { type ImportExpander, ProgramBuilder, type ProgramNode, type TaskSpec } from '../plan/task-spec.js';
import { loadRole, loadTaskFile, taskMatchesTags } from '../playbook/index.js';
import type { Play, Playbook, RoleRef, Task, TaskNode } from '../playbook/model.js';
import { parseAnsibleYaml } from '../yaml/pyyaml.js';

export interface Program {
  sections: ProgramNode[][];
  handlers: TaskSpec[];
  specs: Map<string, TaskSpec>;
  builder: ProgramBuilder;
}

export function buildProgram(play: Play, playbook: Playbook, options: RunOptions): Program {
  const expand = importExpander(playbook.dir, play.id);
  const builder = new ProgramBuilder({ only: options.tags, skip: options.skipTags }, taskMatchesTags, expand);
  const root = ProgramBuilder.playRoot(play);
  const roleTasks: TaskNode[] = [];
  const roleHandlers: TaskNode[] = [];
  const seen = new Set<string>();
  play.roles.forEach((ref, i) => {
    const role = loadRoleTree(ref, playbook.dir, `${play.id}.r${i}.`, seen);
    roleTasks.push(...role.tasks);
    roleHandlers.push(...role.handlers);
  });
  const pre = builder.build(play.preTasks, root);
  const gather = play.gatherFacts ?? process.env.ANSIBLE_GATHERING !== 'explicit';
  if (gather) {
    pre.unshift(
      builder.synthetic({
        id: `${play.id}.facts`,
        name: 'Gathering Facts',
        action: 'gather_facts',
        args: {},
        keywords: {},
        tags: ['always'],
        handler: false,
      }),
    );
  }
  const main = builder.build([...roleTasks, ...play.tasks], root);
  const post = builder.build(play.postTasks, root);
  const handlerNodes = builder.build([...roleHandlers, ...play.handlers], root, true);
  return { sections: [pre, main, post], handlers: flattenTasks(handlerNodes), specs: builder.specs, builder };
}

/** import_tasks: the file, relative to the importing file; import_role: the role as a block. */
function importExpander(playbookDir: string, playId: string): ImportExpander {
  let n = 0;
  return (task: Task, roleDir: string | undefined) => {
    const prefix = `${task.id}.i${n++}.`;
    if (task.action === 'import_tasks') {
      const file = task.args._raw_params ?? task.args.file;
      if (typeof file !== 'string' || /\{\{|\{%/.test(file)) {
        throw new FlotillaError('FLT_PLAY_IMPORT', 'import_tasks needs a file name without variables', {
          location: task.location,
          hint: 'use include_tasks for a file name that depends on variables',
        });
      }
      return loadTaskFile(resolveTaskFile(file, task, roleDir, playbookDir), {
        idPrefix: prefix,
        role: task.role,
      });
    }
    const name = task.args.name ?? task.args._raw_params;
    if (typeof name !== 'string') return undefined;
    const ref: RoleRef = { role: name, vars: {}, tags: [], location: task.location };
    return loadRoleTree(ref, playbookDir, `${playId}.${prefix}`, new Set()).tasks;
  };
}

/** Where Ansible finds a task file: next to the including file, in the role's tasks/, or the playbook dir. */
export function resolveTaskFile(
  file: string,
  task: { location?: { file: string } },
  roleDir: string | undefined,
  playbookDir: string,
): string {
  if (path.isAbsolute(file)) return file;
  const candidates = [
    task.location?.file ? path.join(path.dirname(task.location.file), file) : undefined,
    roleDir ? path.join(roleDir, 'tasks', file) : undefined,
    path.join(playbookDir, file),
  ].filter((c): c is string => c !== undefined);
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

/**
 * A role and its meta dependencies (each run once per play unless it allows duplicates),
 * as blocks carrying the role's directory, defaults and vars.
 */
export function loadRoleTree(
  ref: RoleRef,
  playbookDir: string,
  idPrefix: string,
  seen: Set<string>,
): { tasks: TaskNode[]; handlers: TaskNode[] } {
  const role = loadRole(ref, playbookDir, idPrefix);
  const tasks: TaskNode[] = [];
  const handlers: TaskNode[] = [];
  const meta = readYaml(path.join(role.dir, 'meta', 'main.yml')) as { dependencies?: unknown[] } | undefined;
  (meta?.dependencies ?? []).forEach((dep, i) => {
    const depRef: RoleRef =
      typeof dep === 'string'
        ? { role: dep, vars: {}, tags: [], location: ref.location }
        : roleRefOf(dep as Record<string, unknown>, ref);
    const sub = loadRoleTree(depRef, playbookDir, `${idPrefix}d${i}.`, seen);
    tasks.push(...sub.tasks);
    handlers.push(...sub.handlers);
  });
  const key = `${role.dir}|${JSON.stringify(ref.vars)}`;
  if (seen.has(key)) return { tasks, handlers };
  seen.add(key);
  const defaults = readYaml(path.join(role.dir, 'defaults', 'main.yml')) ?? {};
  const vars = readYaml(path.join(role.dir, 'vars', 'main.yml')) ?? {};
  tasks.push({
    kind: 'block',
    id: `${idPrefix}roleblock`,
    block: role.tasks,
    rescue: [],
    always: [],
    keywords: {
      ...(ref.keywords ?? {}),
      when: ref.when,
      tags: ref.tags,
      // Role vars sit above play vars and below block/task vars; role params above both.
      vars: { ...(vars as object), ...ref.vars },
      role_defaults: defaults,
      role_dir: role.dir,
    },
    location: ref.location,
  });
  handlers.push({
    kind: 'block',
    id: `${idPrefix}rolehandlers`,
    block: role.handlers,
    rescue: [],
    always: [],
    keywords: { vars: { ...(vars as object), ...ref.vars }, role_defaults: defaults, role_dir: role.dir },
    location: ref.location,
  });
  return { tasks, handlers };
}

function roleRefOf(dep: Record<string, unknown>, parent: RoleRef): RoleRef {
  const { role, name, vars, tags, when, ...params } = dep;
  return {
    role: String(role ?? name),
    vars: { ...((vars as object) ?? {}), ...params },
    tags: Array.isArray(tags) ? tags.map(String) : tags ? [String(tags)] : [],
    when: when === undefined ? undefined : Array.isArray(when) ? when : [when],
    location: parent.location,
  };
}

function readYaml(file: string): Record<string, unknown> | undefined {
  for (const f of [file, file.replace(/\.yml$/, '.yaml')]) {
    if (existsSync(f)) return (parseAnsibleYaml(readFileSync(f, 'utf8')) as Record<string, unknown>) ?? {};
  }
  return undefined;
}

export function flattenTasks(nodes: ProgramNode[]): TaskSpec[] {
  return nodes.flatMap((n) =>
    n.kind === 'task' ? [n.spec] : flattenTasks([...n.block, ...n.rescue, ...n.always]),
  );
}
