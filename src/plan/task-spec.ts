/**
 * Turns a play's task tree into the program the host iterator walks: tasks carry their
 * effective keywords (inherited from play and blocks, as Ansible inherits them), tags are
 * filtered, and every task is a serialisable TaskSpec that workers look up by id.
 */
import type { SourceLocation } from '../errors/index.js';
import type { Block, Play, Task, TaskKeywords, TaskNode } from '../playbook/model.js';

export interface TaskSpec {
  id: string;
  name: string;
  action: string;
  args: Record<string, unknown>;
  keywords: TaskKeywords;
  tags: string[];
  location?: SourceLocation;
  handler: boolean;
  /** Position in the play, for the linear strategy's "lowest task first". */
  order: number;
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
  'ignore_errors',
  'ignore_unreachable',
  'delegate_to',
  'run_once',
  'any_errors_fatal',
  'check_mode',
  'diff',
  'throttle',
  'timeout',
  'remote_user',
  'connection',
  'port',
] as const;

interface Inherited {
  keywords: TaskKeywords;
  tags: string[];
}

export class ProgramBuilder {
  readonly specs = new Map<string, TaskSpec>();
  private order = 0;

  constructor(
    private readonly tags: TagFilter,
    private readonly matchesTags: (taskTags: string[], only: string[], skip: string[]) => boolean,
  ) {}

  /** The inheritable part of a play's keywords, the root of every task's inheritance. */
  static playRoot(play: Play): Inherited {
    const keywords: TaskKeywords = { ...play.keywords };
    if (play.become !== undefined) keywords.become = play.become;
    if (play.becomeUser !== undefined) keywords.become_user = play.becomeUser;
    if (play.becomeMethod !== undefined) keywords.become_method = play.becomeMethod;
    if (play.environment !== undefined) keywords.environment = play.environment;
    if (play.anyErrorsFatal) keywords.any_errors_fatal = true;
    const root: TaskKeywords = {};
    for (const k of INHERITED) if (keywords[k] !== undefined) root[k] = keywords[k];
    return { keywords: root, tags: play.tags };
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

  /** Adds a synthetic task (e.g. Gathering Facts) that is not in the YAML. */
  synthetic(spec: Omit<TaskSpec, 'order'>): ProgramNode {
    const full = { ...spec, order: this.order++ };
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

  private buildTask(task: Task, parent: Inherited, handler: boolean): ProgramNode | undefined {
    const { keywords, tags } = inherit(parent, task.keywords);
    if (!handler && !this.matchesTags(tags, this.tags.only, this.tags.skip)) return undefined;
    return this.synthetic({
      id: task.id,
      name: task.name ?? defaultTaskName(task),
      action: task.action,
      args: task.args,
      keywords,
      tags,
      location: task.location,
      handler,
    });
  }
}

function inherit(parent: Inherited, own: TaskKeywords): Inherited {
  const keywords: TaskKeywords = { ...own };
  for (const k of INHERITED)
    if (keywords[k] === undefined && parent.keywords[k] !== undefined) keywords[k] = parent.keywords[k];
  // Conditions of enclosing blocks apply first; vars merge with the child winning.
  const when = [...(parent.keywords.when ?? []), ...(own.when ?? [])];
  if (when.length) keywords.when = when;
  if (parent.keywords.vars || own.vars)
    keywords.vars = { ...(parent.keywords.vars ?? {}), ...(own.vars ?? {}) };
  const tags = [...new Set([...parent.tags, ...(own.tags ?? [])])];
  return { keywords, tags };
}

/** Ansible names an unnamed task after its action (`TASK [command]`). */
function defaultTaskName(task: Task): string {
  return task.actionAsWritten || task.action;
}
