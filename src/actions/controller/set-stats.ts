import { boolean } from '../../python/boolean.js';
import { invalidVariableNameText, isPythonIdentifier } from '../../text/python-identifier.js';
import type { ControllerAction } from './types.js';

/**
 * Ansible's set_stats: returns `ansible_stats` ({data, per_host, aggregate}); the strategy
 * adds the data to the run's custom stats (src/strategy/custom-stats.ts).
 */
export const setStats: ControllerAction = (ctx, _vars, render) => {
  const stats: { data: Record<string, unknown>; per_host: boolean; aggregate: boolean } = {
    data: {},
    per_host: false,
    aggregate: true,
  };
  const args = render(ctx.spec.args) as Record<string, unknown>;
  if (Object.keys(args).length > 0) {
    const data = args.data ?? {};
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      return { failed: true, changed: false, msg: "The 'data' option needs to be a dictionary/hash" };
    for (const option of ['per_host', 'aggregate'] as const) {
      const value = args[option];
      if (value !== undefined && value !== null) stats[option] = boolean(value, false);
    }
    for (const [rawName, value] of Object.entries(data)) {
      const name = render(rawName);
      if (!isPythonIdentifier(name))
        return { failed: true, changed: false, msg: invalidVariableNameText(String(name)) };
      stats.data[name] = value;
    }
  }
  return { changed: false, ansible_stats: stats };
};
