/**
 * What the main thread says about a task as Ansible's strategy says it: the TASK banner
 * event (with Ansible's `task path: file:line` for -vv) and the warnings Ansible gives
 * when it evaluates a task's conditionals.
 */
import type { TaskSpec } from '../plan/task-spec.js';
import type { PlayContext } from './play-context.js';

/** `file:line` of the task, as the default callback prints it under -vv. */
export function taskPath(spec: TaskSpec): string | undefined {
  return spec.location ? `${spec.location.file}:${spec.location.line}` : undefined;
}

/**
 * Emits a task banner event (lazy: printed with the task's first printed result), its name
 * rendered with `host`'s variables when it is a template.
 */
export async function emitTaskStart(
  play: PlayContext,
  spec: TaskSpec,
  hostsTotal: number,
  host: string | undefined,
  lazy = false,
): Promise<void> {
  const name = host === undefined ? spec.name : await play.renderTaskName(host, spec);
  play.run.emit({
    type: 'task_start',
    taskId: spec.id,
    name,
    action: spec.action,
    hostsTotal,
    handler: spec.handler,
    path: taskPath(spec),
    lazy: lazy || undefined,
  });
}

/**
 * Ansible warns (once per message: the display deduplicates) when a `when` condition is
 * itself a template, e.g. `when: "{{ x }}"`.
 */
export function warnTemplatedConditionals(play: PlayContext, spec: TaskSpec): void {
  for (const cond of spec.keywords.when ?? []) {
    if (typeof cond === 'string' && /\{\{|\{%|\{#/.test(cond)) {
      play.run.emit({
        type: 'warning',
        message: `conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${cond}`,
      });
    }
  }
}
