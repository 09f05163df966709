import type { TaskResult } from '../../output/events.js';
import type { ControllerAction } from './types.js';

/**
 * Ansible's group_by action: the host joins the group `key` (spaces become dashes), under
 * `parents` (default `all`). The worker's inventory copy tells whether that changed anything.
 */
export const groupBy: ControllerAction = (ctx, _vars, render) => {
  const args = render(ctx.spec.args) as Record<string, unknown>;
  if (!('key' in args))
    return { failed: true, changed: false, msg: "the 'key' param is required when using group_by" };
  const group = String(args.key).replaceAll(' ', '-');
  const raw = args.parents ?? ['all'];
  const parents = (Array.isArray(raw) ? raw : [raw]).map((p) => String(p).replaceAll(' ', '-'));
  const result: TaskResult = { changed: false, add_group: group, parent_groups: parents };
  const changed = ctx.changeInventory?.({ kind: 'group_by', host: ctx.host.name, group, parents });
  result.changed = changed === true;
  return result;
};
