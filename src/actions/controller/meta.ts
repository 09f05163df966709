/**
 * meta in the worker: checks the action's name and does the host's part (clear_facts); the
 * main thread applies the rest (strategy/meta-tasks.ts) from the result's `_meta`.
 */
import { FlotillaError } from '../../errors/index.js';
import { markUnsafe } from '../../python/unsafe.js';
import { isMetaAction, META_ACTIONS } from '../meta.js';
import type { ControllerAction } from './types.js';

export const meta: ControllerAction = (ctx) => {
  const action = String(ctx.spec.args._raw_params ?? ctx.spec.args.action ?? '').trim();
  if (!isMetaAction(action)) {
    throw new FlotillaError('FLT_TASK_META', `invalid meta action requested: ${action}`, {
      hint: `valid actions: ${META_ACTIONS.join(', ')}`,
    });
  }
  if (action === 'clear_facts') ctx.host.facts = markUnsafe({});
  return { changed: false, _meta: action, skipped: false };
};
