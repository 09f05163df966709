/**
 * file: state file | directory | absent | touch | link | hard, plus mode/owner/group
 * (recurse for directories). Messages and result keys follow ansible/modules/file.py.
 */
import { quote } from '../connection/shell-quote.js';
import type { DiffEntry, ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import {
  type AttributeChange,
  applyAttributes,
  asksFileExtras,
  attributeArgs,
  FILE_EXTRA_OPTIONS,
} from './util/attributes.js';
import { fileKeys } from './util/ensure-content.js';
import { ModuleFailure, run, runChecked } from './util/remote.js';
import { dirname } from './util/remote-file.js';
import { type RemoteStat, remoteStat, remoteStats, runThenStat, toStatResult } from './util/remote-stat.js';
import { WALK_LISTING_FORMAT, walkList } from './util/walk-list.js';

type PrevState = 'absent' | 'file' | 'directory' | 'link' | 'hard' | 'other';

function prevStateOf(st: RemoteStat | null): PrevState {
  if (!st) return 'absent';
  if (st.type === 'link') return 'link';
  if (st.type === 'directory') return 'directory';
  if (st.type === 'file') return st.nlink > 1 ? 'hard' : 'file';
  return 'other';
}

function stateDiff(path: string, before: Record<string, unknown>, after: Record<string, unknown>): DiffEntry {
  return { before: { path, ...before }, after: { path, ...after } };
}

/**
 * add_path_info (exit_json and fail_json alike): what the path is now (in check mode, what it still is). `known` is its
 * unfollowed stat when the caller already has it (nothing ran since, or the last command
 * stated it), which saves the round trip.
 */
async function finish(
  ctx: ModuleContext,
  path: string,
  result: ModuleResult,
  key: 'path' | 'dest' = 'path',
  known?: RemoteStat | null,
): Promise<ModuleResult> {
  const st = known !== undefined ? known : await remoteStat(ctx, path);
  const out: ModuleResult = { [key]: path, ...result };
  if (st)
    Object.assign(out, fileKeys(toStatResult(st, path)), {
      state: prevStateOf(st) === 'other' ? 'file' : prevStateOf(st),
    });
  return out;
}

/** finish after attributes were applied to a path that already was what the state asks. */
function finishAttributes(
  ctx: ModuleContext,
  path: string,
  a: AttributeChange,
  st: RemoteStat | null,
): Promise<ModuleResult> {
  return finish(
    ctx,
    path,
    { changed: a.changed, diff: stateDiff(path, a.before, a.after) },
    'path',
    a.stat ?? st,
  );
}

export const fileModule: ModuleDefinition = {
  name: 'file',
  // SELinux contexts and chattr attributes: Ansible's module sets them
  bridgeFor: asksFileExtras,
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'name'] },
      state: { type: 'str', choices: ['absent', 'directory', 'file', 'hard', 'link', 'touch'] },
      src: { type: 'path' },
      mode: { type: 'raw' },
      owner: { type: 'str' },
      group: { type: 'str' },
      recurse: { type: 'bool', default: false },
      force: { type: 'bool', default: false },
      follow: { type: 'bool', default: true },
      modification_time: { type: 'str' },
      access_time: { type: 'str' },
      unsafe_writes: { type: 'bool', default: false },
      ...FILE_EXTRA_OPTIONS,
    },
  },
  async run(args, ctx) {
    const warnings = ctx.check && args.state !== 'absent' ? await missingAccountWarnings(ctx, args) : [];
    const result = await ensureFileReporting(args, ctx);
    if (warnings.length)
      result.warnings = [...warnings, ...((result.warnings as string[] | undefined) ?? [])];
    return result;
  },
};

/**
 * file.py in check mode: a warning for an owner or group that does not exist yet (a task
 * before it would create it in a real run).
 */
async function missingAccountWarnings(ctx: ModuleContext, args: Record<string, unknown>): Promise<string[]> {
  const owner = args.owner as string | undefined;
  const group = args.group as string | undefined;
  if (!owner && !group) return [];
  const lookups = [
    owner ? `getent passwd ${quote(owner)} >/dev/null || echo owner` : '',
    group ? `getent group ${quote(group)} >/dev/null || echo group` : '',
  ];
  const res = await run(ctx, lookups.filter(Boolean).join('; '));
  const missing = res.stdout.split('\n');
  const warn = (kind: 'user' | 'group', name: string) =>
    /^\d+$/.test(name)
      ? `failed to look up ${kind} with ${kind === 'user' ? 'uid' : 'gid'} ${name}. Create ${kind} up to this point in real play`
      : `failed to look up ${kind} ${name}. Create ${kind} up to this point in real play`;
  return [
    ...(owner && missing.includes('owner') ? [warn('user', owner)] : []),
    ...(group && missing.includes('group') ? [warn('group', group)] : []),
  ];
}

/** ensureFile, with fail_json's add_path_info on a failure. */
async function ensureFileReporting(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  // fail_json's add_path_info: a failure naming a path that exists carries its stat
  let result: ModuleResult;
  try {
    result = await ensureFile(args, ctx);
  } catch (err) {
    if (err instanceof ModuleFailure && typeof err.extra.path === 'string')
      Object.assign(err.extra, await finish(ctx, err.extra.path, {}));
    throw err;
  }
  const named = result.failed ? (result.path ?? result.dest) : undefined;
  if (typeof named !== 'string') return result;
  return finish(ctx, named, result, result.path !== undefined ? 'path' : 'dest');
}

async function ensureFile(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  // As given, a trailing slash included: Ansible's results and messages show it so.
  const path = args.path as string;
  // A link's source is stated in the same round trip as the path.
  const src = args.src as string | undefined;
  const [st, srcSt] = await remoteStats(ctx, src ? [path, linkSourceOnHost(path, src)] : [path]);
  const prev = prevStateOf(st);
  let state = args.state as string | undefined;
  if (!state)
    state = args.recurse
      ? 'directory'
      : args.src
        ? 'link'
        : prev === 'absent'
          ? 'file'
          : prev === 'directory'
            ? 'directory'
            : prev === 'link'
              ? 'link'
              : 'file';
  if (args.recurse && state !== 'directory')
    return finish(
      ctx,
      path,
      { failed: true, changed: false, msg: "recurse option requires state to be 'directory'" },
      'path',
      st,
    );
  const attrs = attributeArgs(args);

  switch (state) {
    case 'absent': {
      if (prev === 'absent') return { path, changed: false, state: 'absent' };
      const diff = stateDiff(path, { state: prev === 'hard' ? 'file' : prev }, { state: 'absent' });
      // A directory's diff lists what it held (initial_diff), read in the same round trip.
      const start = quote(path.startsWith('-') ? `./${path}` : path);
      const listing =
        prev === 'directory'
          ? `find ${start} -mindepth 1 -printf '${WALK_LISTING_FORMAT}' 2>/dev/null; `
          : '';
      if (listing || !ctx.check) {
        const res = await runChecked(ctx, `${listing}${ctx.check ? 'true' : `rm -rf -- ${quote(path)}`}`);
        if (listing)
          diff.before = {
            ...(diff.before as Record<string, unknown>),
            path_content: walkList(path, res.stdout),
          };
      }
      // exit_json's add_path_info: in check mode the path is still there.
      if (ctx.check) return finish(ctx, path, { changed: true, diff }, 'path', st);
      return { path, changed: true, state: 'absent', diff };
    }
    case 'file': {
      if (prev === 'absent')
        return finish(
          ctx,
          path,
          { changed: false, failed: true, msg: `file (${path}) is absent, cannot continue`, state: prev },
          'path',
          st,
        );
      if (prev === 'directory')
        return finish(
          ctx,
          path,
          {
            changed: false,
            failed: true,
            msg: `file (${path}) is directory, cannot continue`,
            state: prev,
          },
          'path',
          st,
        );
      const target = (
        prev === 'link' && args.follow ? await remoteStat(ctx, path, { follow: true }) : st
      ) as RemoteStat;
      return finishAttributes(ctx, path, await applyAttributes(ctx, path, target, attrs), st);
    }
    case 'directory': {
      if (prev !== 'absent' && prev !== 'directory') {
        if (!(prev === 'link' && (await remoteStat(ctx, path, { follow: true }))?.type === 'directory'))
          return finish(
            ctx,
            path,
            { changed: false, failed: true, msg: `${path} already exists as a ${prev}` },
            'path',
            st,
          );
      }
      if (prev === 'absent') {
        if (ctx.check)
          return {
            path,
            changed: true,
            diff: stateDiff(path, { state: 'absent' }, { state: 'directory' }),
          };
        // Ansible gives every directory it creates (not only the leaf) the mode/owner/group.
        const { res: missing, stat: created } = await runThenStat(
          ctx,
          `p=${quote(path)}; while [ ! -e "$p" ] && [ ! -L "$p" ]; do printf '%s\\n' "$p"; p=$(dirname -- "$p"); done; mkdir -p -- ${quote(path)}`,
          path,
        );
        if (missing.rc !== 0)
          throw new ModuleFailure(missing.stderr.trim() || missing.stdout.trim(), missing);
        // Each one's attribute changes land in the one diff (set_fs_attributes_if_different).
        const before: Record<string, unknown> = { state: 'absent' };
        const after: Record<string, unknown> = { state: 'directory' };
        const parents = hasAttributes(attrs) ? missing.stdout.split('\n') : [];
        for (const dir of parents.filter((d) => d !== '' && d !== path).reverse()) {
          const a = await applyAttributes(ctx, dir, (await remoteStat(ctx, dir)) as RemoteStat, attrs);
          Object.assign(before, a.before);
          Object.assign(after, a.after);
        }
        const a = await applyAttributes(ctx, path, created as RemoteStat, attrs, {
          recurse: args.recurse as boolean,
        });
        Object.assign(before, a.before);
        Object.assign(after, a.after);
        return finish(
          ctx,
          path,
          { changed: true, diff: stateDiff(path, before, after) },
          'path',
          a.stat ?? created,
        );
      }
      const current = (prev === 'link' ? await remoteStat(ctx, path, { follow: true }) : st) as RemoteStat;
      const a = await applyAttributes(ctx, path, current, attrs, { recurse: args.recurse as boolean });
      return finishAttributes(ctx, path, a, st);
    }
    case 'touch': {
      // execute_touch answers with `dest`, not `path`
      if (ctx.check) {
        const diff = stateDiff(path, { state: prev }, { state: 'touch' });
        // execute_touch answers a missing path in check mode before it makes a diff
        if (prev === 'absent') return { dest: path, changed: true };
        return finish(ctx, path, { changed: true, diff }, 'dest');
      }
      const times = touchTimes(args);
      // Ansible: an existing path with both times preserved is only changed by its attributes.
      let now = st as RemoteStat;
      if (prev === 'absent' || times !== undefined) {
        // touch takes one -t: two given times need one touch each
        const touches = times?.length ? times : [''];
        const touched = await runThenStat(
          ctx,
          touches.map((t) => `touch ${t ? `${t} ` : ''}-- ${quote(path)}`).join(' && '),
          path,
        );
        if (touched.res.rc !== 0) throw new ModuleFailure(touched.res.stderr.trim(), touched.res);
        now = touched.stat as RemoteStat;
      }
      const a = await applyAttributes(ctx, path, now, attrs);
      return finish(
        ctx,
        path,
        {
          changed: prev === 'absent' || times !== undefined || a.changed,
          diff: stateDiff(path, { state: prev, ...a.before }, { state: 'touch', ...a.after }),
        },
        'dest',
        a.stat ?? now,
      );
    }
    case 'link':
    case 'hard':
      return linkState(args, ctx, path, st, srcSt ?? null, prev, state, attrs);
  }
  throw new ModuleFailure(`unexpected state ${state}`);
}

async function linkState(
  args: Record<string, unknown>,
  ctx: ModuleContext,
  path: string,
  st: RemoteStat | null,
  srcSt: RemoteStat | null,
  prev: PrevState,
  state: 'link' | 'hard',
  attrs: { mode?: unknown; owner?: string; group?: string },
): Promise<ModuleResult> {
  const src = args.src as string | undefined;
  if (!src)
    return {
      path,
      changed: false,
      failed: true,
      msg: `src is required for creating new ${state === 'link' ? 'symlinks' : 'hardlinks'}`,
    };
  const srcOnHost = linkSourceOnHost(path, src);
  if (!srcSt && state === 'hard')
    return { dest: path, src, changed: false, failed: true, msg: 'src does not exist' };
  if (!srcSt && !args.force) {
    return {
      path,
      src,
      changed: false,
      failed: true,
      msg: `src file does not exist, use "force=yes" if you really want to create the link: ${srcOnHost}`,
    };
  }
  let needed: boolean;
  if (state === 'link') needed = !(prev === 'link' && st?.lnk_target === src);
  else needed = !(st && srcSt && st.inode === srcSt.inode && st.dev === srcSt.dev);
  if (
    state === 'hard' &&
    needed &&
    !args.force &&
    (prev === 'file' || prev === 'hard' || prev === 'directory')
  ) {
    // ensure_hardlink's own refusals
    const msg =
      prev === 'file'
        ? 'Cannot link, file exists at destination'
        : prev === 'hard'
          ? 'Cannot link, different hard link exists at destination'
          : 'Cannot link: different hard link exists at destination';
    return { dest: path, src, changed: false, failed: true, msg };
  }
  if (
    needed &&
    prev !== 'absent' &&
    prev !== 'link' &&
    !(state === 'hard' && prev === 'hard') &&
    !args.force
  ) {
    if (prev === 'directory')
      return {
        path,
        changed: false,
        failed: true,
        msg: `refusing to convert from directory to ${state === 'link' ? 'symlink' : 'hardlink'} for ${path}`,
      };
    return {
      path,
      changed: false,
      failed: true,
      msg: `refusing to convert from ${prev} to ${state === 'link' ? 'symlink' : 'hardlink'} for ${path}`,
    };
  }
  const diff = stateDiff(path, { state: prev }, { state });
  let now = st;
  if (needed && !ctx.check) {
    const link =
      state === 'link'
        ? `ln -sfn -- ${quote(src)} ${quote(path)}`
        : `ln -f -- ${quote(srcOnHost)} ${quote(path)}`;
    const made = await runThenStat(
      ctx,
      prev === 'directory' ? `rmdir -- ${quote(path)} && ${link}` : link,
      path,
    );
    if (made.res.rc !== 0)
      throw new ModuleFailure(
        made.res.stderr.trim() || made.res.stdout.trim() || `command failed: ${link}`,
        made.res,
      );
    now = made.stat ?? null;
  }
  let attrChanged = false;
  if (!ctx.check && now && (attrs.owner || attrs.group || (state === 'hard' && attrs.mode !== undefined))) {
    const a = await applyAttributes(ctx, path, now, attrs);
    attrChanged = a.changed;
    now = a.stat ?? now;
  }
  const result: ModuleResult = { src, changed: needed || attrChanged, diff };
  // ensure_symlink/ensure_hardlink in check mode: a path that does not exist yet has no stat to add
  if (ctx.check && prev === 'absent') return { dest: path, ...result };
  return finish(ctx, path, result, 'dest', now);
}

/** A relative symlink source is relative to the link's directory, as ln -s resolves it. */
function linkSourceOnHost(path: string, src: string): string {
  return src.startsWith('/') ? src : `${dirname(path)}/${src}`;
}

function hasAttributes(attrs: { mode?: unknown; owner?: string; group?: string }): boolean {
  return [attrs.mode, attrs.owner, attrs.group].some((v) => v !== undefined && v !== null);
}

/**
 * touch(1) options for state=touch, one touch each: `now` (the default) or a `%Y%m%d%H%M.%S`
 * stamp per time, none for `preserve`; [] when both are now (one plain touch); undefined when
 * both times are preserved (nothing to touch).
 */
function touchTimes(args: Record<string, unknown>): string[] | undefined {
  const m = (args.modification_time as string | undefined) ?? 'now';
  const a = (args.access_time as string | undefined) ?? 'now';
  if (m === 'preserve' && a === 'preserve') return undefined;
  if (m === 'now' && a === 'now') return [];
  const out: string[] = [];
  for (const [flag, v] of [
    ['-m', m],
    ['-a', a],
  ] as const) {
    if (v === 'preserve') continue;
    out.push(v === 'now' ? flag : `${flag} -t ${quote(touchStamp(v))}`);
  }
  return out;
}

/**
 * A `%Y%m%d%H%M.%S` time as touch -t takes it (two digits per field). Python's strptime,
 * which the module uses, also takes one-digit fields (`202001011200.0`); its patterns are
 * these, tried in the same order. Anything else is left for touch to judge.
 */
const STRPTIME_DEFAULT =
  /^(\d{4})(1[0-2]|0[1-9]|[1-9])(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])(2[0-3]|[01]\d|\d)([0-5]\d|\d)\.(6[01]|[0-5]\d|\d)$/;

function touchStamp(value: string): string {
  const m = STRPTIME_DEFAULT.exec(value);
  if (!m) return value;
  const two = (f: string) => f.trim().padStart(2, '0');
  return `${m[1]}${two(m[2])}${two(m[3])}${two(m[4])}${two(m[5])}.${two(m[6])}`;
}
