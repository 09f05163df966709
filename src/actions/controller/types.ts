/**
 * The contract of a controller action (Ansible's action plugins that need no connection): it
 * runs in the host's worker with the task's variables and a renderer bound to them, and
 * returns the task's result. Register it in ./index.ts under the name its line in
 * src/actions/table.ts declares.
 */
import type { ExecutionContext } from '../../executor/execution-context.js';
import type { Render } from '../../executor/loop-items.js';
import type { TaskResult } from '../../output/events.js';

export type ControllerAction = (
  ctx: ExecutionContext,
  vars: Record<string, unknown>,
  render: Render,
) => TaskResult | Promise<TaskResult>;
