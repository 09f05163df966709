/**
 * user: useradd / usermod / userdel after one round trip reading the account
 * (getent passwd, primary and supplementary groups, shadow hash).
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { NativeUnsupported, run } from './util/remote.js';

interface Account {
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
  primary: string;
  groups: string[];
  password: string;
  /** The home the task asks for (else the account's) exists. */
  homeExists: boolean;
}

async function readAccount(ctx: ModuleContext, name: string, home?: string): Promise<Account | null> {
  const n = quote(name);
  const h = home === undefined ? '"$(getent passwd ' + n + ' | cut -d: -f6)"' : quote(home);
  const res = await run(
    ctx,
    `getent passwd ${n} || exit 2; echo; id -gn ${n}; id -Gn ${n}; getent shadow ${n} | cut -d: -f2; if [ -e ${h} ]; then echo home; fi`,
  );
  if (res.rc === 2) return null;
  const [pw, , primary, all, shadow, homeLine] = res.stdout.split('\n');
  const f = pw.split(':');
  const groups = (all ?? '').split(' ').filter((g) => g && g !== primary);
  return {
    uid: Number(f[2]),
    gid: Number(f[3]),
    comment: f[4],
    home: f[5],
    shell: f[6],
    primary,
    groups,
    password: shadow ?? '',
    homeExists: homeLine === 'home',
  };
}

function sameGroup(wanted: string, acct: Account): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === acct.gid : wanted === acct.primary;
}

export const userModule: ModuleDefinition = {
  name: 'user',
  args: {
    options: {
      name: { type: 'str', required: true, aliases: ['user'] },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      uid: { type: 'int' },
      group: { type: 'str' },
      groups: { type: 'list', elements: 'str' },
      append: { type: 'bool', default: false },
      shell: { type: 'str' },
      home: { type: 'path' },
      create_home: { type: 'bool', default: true, aliases: ['createhome'] },
      system: { type: 'bool', default: false },
      password: { type: 'str' },
      update_password: { type: 'str', default: 'always', choices: ['always', 'on_create'] },
      comment: { type: 'str' },
      remove: { type: 'bool', default: false },
      force: { type: 'bool', default: false },
      non_unique: { type: 'bool', default: false },
      move_home: { type: 'bool', default: false },
    },
  },
  async run(args, ctx) {
    const name = args.name as string;
    const acct = await readAccount(ctx, name, (args.home as string | undefined) ?? undefined);
    if (args.state === 'absent') {
      // user.py reports force/remove only when there was an account to remove
      const result: ModuleResult = { name, state: 'absent', changed: acct !== null };
      if (acct) Object.assign(result, { force: args.force, remove: args.remove });
      if (acct && !ctx.check) {
        const res = await run(
          ctx,
          `userdel ${args.force ? '-f ' : ''}${args.remove ? '-r ' : ''}${quote(name)}`,
        );
        if (res.rc !== 0)
          return { ...result, changed: false, failed: true, msg: res.stderr.trim(), rc: res.rc };
      }
      return result;
    }
    // user.py: a new account in check mode is just changed
    if (!acct && ctx.check) return { changed: true };
    // user.py creates a missing home of an existing account too (skeleton, login.defs' UMASK)
    if (acct && args.create_home && !acct.homeExists) throw new NativeUnsupported('user', 'a home to create');
    const flags: string[] = [];
    const groups = (args.groups as string[] | undefined)?.map((g) => g.trim()).filter(Boolean);
    if (args.uid !== undefined && (!acct || acct.uid !== args.uid))
      flags.push(`-u ${args.uid}`, ...(args.non_unique ? ['-o'] : []));
    if (args.group && (!acct || !sameGroup(args.group as string, acct)))
      flags.push(`-g ${quote(args.group as string)}`);
    if (groups) {
      const current = acct?.groups ?? [];
      const missing = groups.filter((g) => !current.includes(g));
      const extra = args.append ? [] : current.filter((g) => !groups.includes(g));
      if (!acct || missing.length || extra.length) {
        const list = args.append && acct ? missing : groups;
        if (acct && args.append) flags.push('-a');
        flags.push(`-G ${quote(list.join(','))}`);
      }
    }
    if (args.shell && acct?.shell !== args.shell) flags.push(`-s ${quote(args.shell as string)}`);
    if (args.home && acct?.home !== args.home)
      flags.push(`-d ${quote(args.home as string)}`, ...(acct && args.move_home ? ['-m'] : []));
    if (args.comment !== undefined && acct?.comment !== args.comment)
      flags.push(`-c ${quote(args.comment as string)}`);
    if (args.password && (!acct || (args.update_password === 'always' && acct.password !== args.password)))
      flags.push(`-p ${quote(args.password as string)}`);
    let cmd: string | undefined;
    if (!acct) {
      const create = args.create_home ? '-m' : '-M';
      cmd = `useradd ${args.system ? '-r ' : ''}${create} ${flags.join(' ')} ${quote(name)}`;
    } else if (flags.length) {
      cmd = `usermod ${flags.join(' ')} ${quote(name)}`;
    }
    if (cmd && !ctx.check) {
      const res = await run(ctx, cmd);
      if (res.rc !== 0)
        return { name, changed: false, failed: true, msg: res.stderr.trim(), rc: res.rc, cmd };
    }
    const now = ctx.check ? acct : await readAccount(ctx, name);
    const result: ModuleResult = { name, state: 'present', changed: cmd !== undefined };
    // user.py: a new account reports system/create_home, an existing one append/move_home
    if (acct) Object.assign(result, { append: args.append, move_home: args.move_home });
    else Object.assign(result, { system: args.system, create_home: args.create_home });
    if (now)
      Object.assign(result, {
        uid: now.uid,
        group: now.gid,
        comment: now.comment,
        home: now.home,
        shell: now.shell,
      });
    if (groups) result.groups = groups.join(',');
    if (args.password) result.password = 'NOT_LOGGING_PASSWORD';
    return result;
  },
};
