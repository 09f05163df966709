/**
 * ping: proves the connection and a shell work. `data=crash` makes Ansible's module raise,
 * which Ansible reports as a MODULE FAILURE with the module's traceback: that task runs
 * Ansible's own module through the bridge (bridgeFor), so the result is the same.
 */
import type { ModuleDefinition } from './types.js';
import { run } from './util/remote.js';

export const pingModule: ModuleDefinition = {
  name: 'ping',
  args: { options: { data: { type: 'str', default: 'pong' } } },
  bridgeFor: (args) => args.data === 'crash',
  async run(args, ctx) {
    const res = await run(ctx, 'true');
    if (res.rc !== 0)
      return { changed: false, failed: true, msg: `ping failed: ${res.stderr.trim()}`, rc: res.rc };
    return { changed: false, ping: args.data };
  },
};
