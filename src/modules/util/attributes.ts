/**
 * mode / owner / group on a host path, Ansible's set_fs_attributes_if_different: compare
 * with the current stat, change only what differs (nothing in check mode), and record
 * the before/after values for `--diff`.
 */

import { appendAll } from '../../collections/append-all.js';
import { quote } from '../../connection/shell-quote.js';
import type { ArgOption } from '../args.js';
import type { ModuleContext } from '../types.js';
import { formatMode, ModeError, resolveMode } from './mode.js';
import { ModuleFailure, run } from './remote.js';
import { type RemoteStat, runThenStat } from './remote-stat.js';

export interface AttributeArgs {
  mode?: unknown;
  owner?: string;
  group?: string;
}

/** A module's mode/owner/group arguments (unset or null: leave that attribute as it is). */
export function attributeArgs(args: Record<string, unknown>): AttributeArgs {
  return {
    mode: args.mode,
    owner: (args.owner as string | null) ?? undefined,
    group: (args.group as string | null) ?? undefined,
  };
}

export interface AttributeChange {
  changed: boolean;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The path's (unfollowed) stat once the changes ran, taken in the same round trip. */
  stat?: RemoteStat | null;
}

function sameAccount(wanted: string, id: number, name: string): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === id : wanted === name;
}

/** What a path's stat must say for planAttributes to compare it. */
export type AttributeStat = Pick<RemoteStat, 'perm' | 'type' | 'uid' | 'gid' | 'pw_name' | 'gr_name'>;

export interface AttributePlan {
  /** The chown/chgrp/chmod commands that make `path` match (none when it does). */
  commands: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * What differs between a path's stat and the wanted attributes, as commands to run: a
 * module can put them in the script that creates the path (one round trip), when it knows
 * what the new path's stat will be.
 */
export function planAttributes(
  path: string,
  st: AttributeStat,
  attrs: AttributeArgs,
  options: { recurse?: boolean } = {},
): AttributePlan {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const commands: string[] = [];
  const recurse = options.recurse ? '-R ' : '';
  const target = quote(path);
  if (attrs.owner !== undefined && attrs.owner !== null && !sameAccount(attrs.owner, st.uid, st.pw_name)) {
    before.owner = st.uid;
    after.owner = attrs.owner;
    commands.push(`chown ${recurse}-h -- ${quote(attrs.owner)} ${target}`);
  }
  if (attrs.group !== undefined && attrs.group !== null && !sameAccount(attrs.group, st.gid, st.gr_name)) {
    before.group = st.gid;
    after.group = attrs.group;
    commands.push(`chgrp ${recurse}-h -- ${quote(attrs.group)} ${target}`);
  }
  if (attrs.mode !== undefined && attrs.mode !== null && st.type !== 'link') {
    let wanted: number;
    try {
      wanted = resolveMode(attrs.mode, { current: st.perm, isDir: st.type === 'directory' });
    } catch (err) {
      if (err instanceof ModeError)
        throw new ModuleFailure(`mode must be in octal or symbolic form`, { path, details: err.message });
      throw err;
    }
    if (wanted !== st.perm) {
      before.mode = formatMode(st.perm);
      after.mode = formatMode(wanted);
      // chmod understands the symbolic form itself, which matters for -R over mixed files.
      const arg =
        options.recurse && typeof attrs.mode === 'string' && !/^[0-7]+$/.test(attrs.mode)
          ? attrs.mode
          : wanted.toString(8);
      commands.push(`chmod ${recurse}-- ${quote(arg)} ${target}`);
    }
  }
  return { commands, before, after };
}

/** Applies attributes to an existing path; `st` is its current stat. */
export async function applyAttributes(
  ctx: ModuleContext,
  path: string,
  st: RemoteStat,
  attrs: AttributeArgs,
  options: { recurse?: boolean } = {},
): Promise<AttributeChange> {
  const { commands, before, after } = planAttributes(path, st, attrs, options);
  if (options.recurse && !ctx.check) {
    const changedBelow = await recurseDiffers(ctx, path, attrs, st);
    if (changedBelow && commands.length === 0) appendAll(commands, recurseCommands(path, attrs));
  }
  if (commands.length > 0 && !ctx.check) {
    const { res, stat } = await runThenStat(ctx, commands.join(' && '), path);
    if (res.rc !== 0)
      throw new ModuleFailure(res.stderr.trim() || `could not change attributes of ${path}`, { path });
    return { changed: true, before, after, stat };
  }
  return { changed: commands.length > 0, before, after };
}

function recurseCommands(path: string, attrs: AttributeArgs): string[] {
  const out: string[] = [];
  if (attrs.owner) out.push(`chown -R -h -- ${quote(attrs.owner)} ${quote(path)}`);
  if (attrs.group) out.push(`chgrp -R -h -- ${quote(attrs.group)} ${quote(path)}`);
  if (attrs.mode !== undefined && attrs.mode !== null)
    out.push(
      `chmod -R -- ${quote(String(typeof attrs.mode === 'number' ? attrs.mode.toString(8) : attrs.mode))} ${quote(path)}`,
    );
  return out;
}

/** Whether anything below a directory differs in owner/group (mode: octal only). */
async function recurseDiffers(
  ctx: ModuleContext,
  path: string,
  attrs: AttributeArgs,
  st: RemoteStat,
): Promise<boolean> {
  if (st.type !== 'directory') return false;
  const tests: string[] = [];
  const acct = (flag: string, v: string) =>
    /^\d+$/.test(v) ? `! -${flag === 'user' ? 'uid' : 'gid'} ${v}` : `! -${flag} ${quote(v)}`;
  if (attrs.owner) tests.push(acct('user', attrs.owner));
  if (attrs.group) tests.push(acct('group', attrs.group));
  if (attrs.mode !== undefined && attrs.mode !== null) {
    const m = typeof attrs.mode === 'number' ? attrs.mode.toString(8) : String(attrs.mode);
    tests.push(/^[0-7]+$/.test(m) ? `! -perm ${m}` : '-true');
  }
  if (tests.length === 0) return false;
  const res = await run(
    ctx,
    `find ${quote(path)} -mindepth 1 ! -type l \\( ${tests.join(' -o ')} \\) -print -quit`,
  );
  return res.stdout.trim() !== '';
}

/**
 * The file options the native modules leave to Ansible's (SELinux contexts and chattr
 * attributes): a task that sets one runs Ansible's module through the bridge (asksFileExtras).
 */
export const FILE_EXTRA_OPTIONS: Record<string, ArgOption> = {
  seuser: { type: 'str' },
  serole: { type: 'str' },
  selevel: { type: 'str' },
  setype: { type: 'str' },
  attributes: { type: 'str', aliases: ['attr'] },
};

/** True when the task's raw arguments set one of FILE_EXTRA_OPTIONS (or `attr`). */
export const asksFileExtras = (raw: Record<string, unknown>): boolean =>
  [...Object.keys(FILE_EXTRA_OPTIONS), 'attr'].some((k) => raw[k] !== undefined && raw[k] !== null);

/**
 * copy and template, whose controller half is native, cannot hand those options to the bridge:
 * an SELinux context is Ansible's no-op where SELinux is off (selinux_enabled() false, as on
 * Debian hosts) and fails the task where it is on; chattr attributes always fail it. The
 * failure says how to set them instead.
 */
export async function refuseFileExtras(
  ctx: ModuleContext,
  args: Record<string, unknown>,
  module: string,
): Promise<void> {
  const given = (k: string) => args[k] !== undefined && args[k] !== null;
  if (given('attributes'))
    throw new ModuleFailure(
      `flotilla's ${module} does not set chattr attributes (attributes: ${String(args.attributes)}): set them with a file task after it`,
    );
  const contexts = ['seuser', 'serole', 'selevel', 'setype'].filter(given);
  if (contexts.length === 0) return;
  const res = await run(ctx, 'command -v selinuxenabled >/dev/null 2>&1 && selinuxenabled');
  if (res.rc === 0)
    throw new ModuleFailure(
      `flotilla's ${module} does not set SELinux contexts and SELinux is enabled on this host (${contexts.join(', ')}): set them with a file task after it`,
    );
}

/** add_file_common_args: what a module that writes a file takes for its attributes. */
export const FILE_COMMON_OPTIONS: Record<string, ArgOption> = {
  mode: { type: 'raw' },
  owner: { type: 'str' },
  group: { type: 'str' },
  unsafe_writes: { type: 'bool', default: false },
  ...FILE_EXTRA_OPTIONS,
};
