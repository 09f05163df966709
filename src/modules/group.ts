/** group: groupadd / groupmod / groupdel after a `getent group` check. */
import { quote } from '../connection/shell-quote.js';
import type { ModuleDefinition } from './types.js';
import { run } from './util/remote.js';

export const groupModule: ModuleDefinition = {
  name: 'group',
  args: {
    options: {
      name: { type: 'str', required: true },
      gid: { type: 'int' },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      system: { type: 'bool', default: false },
      local: { type: 'bool', default: false },
      non_unique: { type: 'bool', default: false },
    },
  },
  async run(args, ctx) {
    const name = args.name as string;
    const info = await run(ctx, `getent group ${quote(name)}`);
    const current = info.rc === 0 ? info.stdout.trim().split(':') : null;
    // group.py: name and state; system and gid only while the group exists; check mode
    // answers a change with `changed` alone
    const result = { name, state: args.state };
    if (args.state === 'absent') {
      if (!current) return { ...result, changed: false };
      if (ctx.check) return { changed: true };
      {
        const res = await run(ctx, `groupdel ${quote(name)}`);
        if (res.rc !== 0) return { name, changed: false, failed: true, msg: res.stderr };
      }
      return { ...result, changed: true };
    }
    const gid = args.gid as number | undefined;
    let cmd: string | undefined;
    if (!current)
      cmd = `groupadd ${args.system ? '-r ' : ''}${gid !== undefined ? `-g ${gid} ` : ''}${args.non_unique ? '-o ' : ''}${quote(name)}`;
    else if (gid !== undefined && Number(current[2]) !== gid)
      cmd = `groupmod -g ${gid} ${args.non_unique ? '-o ' : ''}${quote(name)}`;
    if (!current && ctx.check) return { changed: true };
    if (cmd && !ctx.check) {
      const res = await run(ctx, cmd);
      if (res.rc !== 0) return { name, changed: false, failed: true, msg: res.stderr };
    }
    const after = ctx.check ? null : await run(ctx, `getent group ${quote(name)}`);
    const finalGid =
      after?.rc === 0
        ? Number(after.stdout.split(':')[2])
        : (gid ?? (current ? Number(current[2]) : undefined));
    return { ...result, changed: cmd !== undefined, system: args.system, gid: finalGid };
  },
};
