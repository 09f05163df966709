/**
 * Builds a play's program on the main thread: sections (pre_tasks, roles + tasks,
 * post_tasks), handlers, static imports (import_tasks, import_role) expanded in place, and
 * roles with their defaults, vars, directories and meta dependencies.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { appendAll } from '../collections/append-all.js';
import { FlotillaError } from '../errors/index.js';
import type { RunOptions } from '../plan/options.js';
import {
  defaultGroupsOf,
  type ImportExpander,
  ProgramBuilder,
  type ProgramNode,
  type TaskSpec,
} from '../plan/task-spec.js';
import { loadTaskFile, taskMatchesTags } from '../playbook/index.js';
import type { Play, Playbook, Task, TaskNode } from '../playbook/model.js';
import { RolePlanner, registerPlanner } from '../playbook/role-tree.js';
import { mergeMarked } from '../python/unsafe.js';

export interface Program {
  sections: ProgramNode[][];
  handlers: TaskSpec[];
  specs: Map<string, TaskSpec>;
  builder: ProgramBuilder;
  /** The play's roles and their dependencies, for the role-name magic variables. */
  roleNames: { play: string[]; dependencies: string[] };
}

export function buildProgram(play: Play, playbook: Playbook, options: RunOptions): Program {
  const roles = new RolePlanner(playbook.dir);
  const expand = importExpander(playbook.dir, play.id, roles);
  const builder = new ProgramBuilder({ only: options.tags, skip: options.skipTags }, taskMatchesTags, expand);
  registerPlanner(builder, roles);
  const roleTasks: TaskNode[] = [];
  const roleHandlers: TaskNode[] = [];
  play.roles.forEach((ref, i) => {
    const role = roles.compile(ref, { idPrefix: `${play.id}.r${i}.` });
    roles.expose(role);
    appendAll(roleTasks, role.tasks);
    appendAll(roleHandlers, role.handlers);
  });
  // import_role's roles are the play's from the start: every task sees their defaults and vars.
  roles.exposeImports([...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers]);
  const root = ProgramBuilder.playRoot(play);
  for (const [key, value] of Object.entries(options.keywordDefaults ?? {})) root.keywords[key] ??= value;
  root.keywords.vars = mergeMarked(roles.playVars);
  root.keywords.role_defaults = mergeMarked(roles.playDefaults);
  const pre = builder.build(play.preTasks, root);
  // DEFAULT_GATHERING: implicit (gather unless the play says no), explicit (only when it says
  // yes), smart (as implicit, but once per host in a run).
  const gathering = process.env.ANSIBLE_GATHERING;
  const gather = play.gatherFacts ?? gathering !== 'explicit';
  // Gathering runs whatever --tags say unless the play itself is tagged (then it has its tags).
  const gatherTags = play.tags.length > 0 ? [...play.tags] : ['always'];
  if (gather && builder.selects(gatherTags)) {
    const gatherKeywords = ProgramBuilder.gatherKeywords(root);
    pre.unshift(
      builder.synthetic({
        id: `${play.id}.facts`,
        name: 'Gathering Facts',
        action: 'gather_facts',
        // Ansible's PlayIterator passes the play's fact options to the task.
        args: Object.fromEntries(
          ['gather_subset', 'gather_timeout', 'fact_path']
            .filter((k) => play.keywords[k] !== undefined && play.keywords[k] !== null)
            .map((k) => [k, play.keywords[k]]),
        ),
        keywords: gatherKeywords,
        ...defaultGroupsOf('ansible.builtin.gather_facts', 'ansible.builtin', gatherKeywords.module_defaults),
        tags: gatherTags,
        handler: false,
        ...(gathering === 'smart' ? { skipsGatheredHosts: true } : {}),
      }),
    );
  }
  const main = builder.build([...roleTasks, ...play.tasks], root);
  const post = builder.build(play.postTasks, root);
  const handlerNodes = builder.build(
    [...roleHandlers, ...play.handlers, ...roles.importedHandlers],
    root,
    true,
  );
  return {
    sections: [pre, main, post],
    handlers: flattenTasks(handlerNodes),
    specs: builder.specs,
    builder,
    roleNames: { play: roles.playRoleNames, dependencies: [...roles.dependencyRoleNames] },
  };
}

/** import_tasks: the file, relative to the importing file; import_role: the role as a block. */
function importExpander(playbookDir: string, playId: string, roles: RolePlanner): ImportExpander {
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
    const name = task.args.name ?? task.args.role ?? task.args._raw_params;
    if (typeof name !== 'string') return undefined;
    return roles.importRole(task, `${playId}.${prefix}`);
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

export function flattenTasks(nodes: ProgramNode[]): TaskSpec[] {
  return nodes.flatMap((n) =>
    n.kind === 'task' ? [n.spec] : flattenTasks([...n.block, ...n.rescue, ...n.always]),
  );
}
