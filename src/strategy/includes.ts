/**
 * include_tasks and include_role at run time. The include task itself runs on the host's worker like any
 * other (so `when`, loops and a file name built from host variables all work); its result
 * names the file. The main thread then loads and builds the file's tasks and splices them
 * into that host's iterator. Hosts that include the same file with the same variables at
 * the same point share the same specs, so the linear strategy runs them in lockstep.
 */
import path from 'node:path';
import type { UnitOutcome } from '../executor/messages.js';
import type { TaskResult } from '../output/events.js';
import { pythonStr } from '../output/python-format.js';
import type { Inherited, ProgramBuilder, ProgramNode, TaskSpec } from '../plan/task-spec.js';
import { loadTaskFile } from '../playbook/index.js';
import type { TaskNode } from '../playbook/model.js';
import { loadRoleTree, resolveTaskFile } from './program.js';

export const INCLUDE_TASKS = new Set(['include_tasks', 'include', 'include_role']);

/** Keywords an included task takes from its include (not `when` or `tags`: those are the include's own). */
const PASSED_DOWN = [
  'become',
  'become_user',
  'become_method',
  'environment',
  'no_log',
  'ignore_errors',
  'delegate_to',
  'any_errors_fatal',
  'check_mode',
  'diff',
  'role_dir',
  'role_defaults',
];

export interface IncludedFile {
  file: string;
  /** The loop item's label when the include loops. */
  label?: string;
}

export class IncludeExpander {
  private readonly cache = new Map<string, ProgramNode[]>();
  private counter = 0;

  constructor(
    private readonly builder: ProgramBuilder,
    private readonly playbookDir: string,
  ) {}

  /** The files an include outcome names and the program nodes to run next on that host. */
  expand(spec: TaskSpec, outcome: UnitOutcome): { files: IncludedFile[]; nodes: ProgramNode[] } {
    const results: TaskResult[] = outcome.items
      ? outcome.items.filter((i) => i.status === 'ok' || i.status === 'changed').map((i) => i.result)
      : outcome.status === 'ok' || outcome.status === 'changed'
        ? [outcome.result]
        : [];
    const files: IncludedFile[] = [];
    const nodes: ProgramNode[] = [];
    let position = 0;
    for (const result of results) {
      const role = typeof result.include_role === 'string' ? result.include_role : undefined;
      if (typeof result.include !== 'string' && role === undefined) continue;
      const file = role ?? resolveTaskFile(result.include as string, spec, spec.roleDir, this.playbookDir);
      const loopVar = result.ansible_loop_var as string | undefined;
      const vars: Record<string, unknown> = { ...(spec.keywords.vars ?? {}) };
      if (loopVar) vars[loopVar] = result[loopVar];
      const label = loopVar ? pythonStr(result._ansible_item_label ?? result[loopVar]) : undefined;
      // Ansible prints no "included:" line for a role, and counts it as no extra ok.
      if (role === undefined) files.push({ file, label });
      const key = `${spec.id}|${position}|${role === undefined ? 'file' : 'role'}:${file}|${JSON.stringify(vars)}`;
      let built = this.cache.get(key);
      if (!built) {
        built = this.build(spec, this.load(spec, file, role !== undefined, vars), vars, position);
        this.cache.set(key, built);
      }
      nodes.push(...built);
      position += countTasks(built) + 1;
    }
    return { files, nodes };
  }

  /** The included file's tasks, or the role (with its dependencies) as blocks. */
  private load(spec: TaskSpec, name: string, isRole: boolean, vars: Record<string, unknown>): TaskNode[] {
    const idPrefix = `${spec.id}.x${this.counter++}.`;
    if (!isRole) return loadTaskFile(name, { idPrefix });
    const location = spec.location ?? { file: path.join(this.playbookDir, 'play.yml'), line: 1, col: 1 };
    const ref = { role: name, vars, tags: [], location };
    return loadRoleTree(ref, this.playbookDir, idPrefix, new Set()).tasks;
  }

  private build(
    spec: TaskSpec,
    tasks: TaskNode[],
    vars: Record<string, unknown>,
    position: number,
  ): ProgramNode[] {
    const keywords: Inherited['keywords'] = { vars };
    for (const k of PASSED_DOWN) if (spec.keywords[k] !== undefined) keywords[k] = spec.keywords[k];
    this.builder.dynamic = { order: spec.order, suborder: [...(spec.suborder ?? []), position] };
    try {
      return this.builder.build(tasks, { keywords, tags: [] }, spec.handler);
    } finally {
      this.builder.dynamic = undefined;
    }
  }
}

function countTasks(nodes: ProgramNode[]): number {
  return nodes.reduce(
    (n, node) => n + (node.kind === 'task' ? 1 : countTasks([...node.block, ...node.rescue, ...node.always])),
    0,
  );
}
