/**
 * --start-at-task as Ansible's PlayIterator applies it: each host's iterator is advanced,
 * in the order tasks run when nothing fails (a block's tasks, then its always; rescue is not
 * on that path), until a task whose name or `role : name` equals the pattern or matches it
 * as an fnmatch glob. Everything before that task is dropped; facts are still gathered. A
 * play with no such task runs nothing. Only static imports are seen (as in Ansible).
 */
import { fnmatchToRegExp } from '../text/fnmatch.js';
import type { ProgramNode, TaskSpec } from './task-spec.js';

/** Ansible's task.name and task.get_name(): a role task's display name carries `role : `. */
function matches(spec: TaskSpec, pattern: string, glob: RegExp): boolean {
  const names = [spec.name];
  const prefix = spec.role ? `${spec.role} : ` : undefined;
  if (prefix && spec.name.startsWith(prefix)) names.push(spec.name.slice(prefix.length));
  return names.some((n) => n === pattern || glob.test(n));
}

/** The sections from the first matching task on, or undefined when no task matches. */
export function startAtTask(sections: ProgramNode[][], pattern: string): ProgramNode[][] | undefined {
  const glob = fnmatchToRegExp(pattern);
  let found = false;
  const prune = (nodes: ProgramNode[]): ProgramNode[] => {
    const out: ProgramNode[] = [];
    for (const node of nodes) {
      if (found) {
        out.push(node);
        continue;
      }
      if (node.kind === 'task') {
        // Gathering Facts runs anyway once a task matched (the iterator is reset to SETUP).
        if (node.spec.action === 'gather_facts' && node.spec.id.endsWith('.facts')) out.push(node);
        else if (matches(node.spec, pattern, glob)) {
          found = true;
          out.push(node);
        }
        continue;
      }
      const block = prune(node.block);
      const foundInBlock = found;
      const always = prune(node.always);
      if (found) out.push({ ...node, block, rescue: foundInBlock ? node.rescue : [], always });
    }
    return out;
  };
  const pruned = sections.map(prune);
  return found ? pruned : undefined;
}
