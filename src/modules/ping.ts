/** ping: proves the connection and a shell work; `data=crash` fails like Ansible's. */
import type { ModuleDefinition } from './types.js';
import { run } from './util/remote.js';

export const pingModule: ModuleDefinition = {
  name: 'ping',
  args: { options: { data: { type: 'str', default: 'pong' } } },
  async run(args, ctx) {
    if (args.data === 'crash')
      return { changed: false, failed: true, msg: 'boom', exception: 'Exception: boom' };
    const res = await run(ctx, 'true');
    if (res.rc !== 0)
      return { changed: false, failed: true, msg: `ping failed: ${res.stderr.trim()}`, rc: res.rc };
    return { changed: false, ping: args.data };
  },
};
