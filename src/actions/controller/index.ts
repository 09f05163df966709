/**
 * The controller actions by name: the implementation of each action whose line in
 * src/actions/table.ts says it runs in the worker without a connection (kind action, meta,
 * include). Adding one is its file here plus one line below and its line in the table.
 */

import { addHost } from './add-host.js';
import { assert } from './assert.js';
import { debug } from './debug.js';
import { fail } from './fail.js';
import { groupBy } from './group-by.js';
import { includeRole, includeTasks } from './include.js';
import { includeVars } from './include-vars.js';
import { meta } from './meta.js';
import { setFact } from './set-fact.js';
import { setStats } from './set-stats.js';
import type { ControllerAction } from './types.js';
import { validateArgumentSpecAction } from './validate-argument-spec.js';

const CONTROLLER_ACTIONS: Readonly<Record<string, ControllerAction>> = Object.freeze({
  debug,
  set_fact: setFact,
  include_vars: (ctx, _vars, render) => includeVars(ctx, render),
  assert,
  fail,
  meta,
  include_tasks: includeTasks,
  include_role: includeRole,
  group_by: groupBy,
  add_host: addHost,
  set_stats: setStats,
  validate_argument_spec: validateArgumentSpecAction,
});

/** The controller action for a task's (canonical) action, or undefined when it is a module. */
export function controllerAction(name: string): ControllerAction | undefined {
  return Object.hasOwn(CONTROLLER_ACTIONS, name) ? CONTROLLER_ACTIONS[name] : undefined;
}

/** The names with a controller action (for the table's consistency test). */
export function controllerActionNames(): string[] {
  return Object.keys(CONTROLLER_ACTIONS);
}
