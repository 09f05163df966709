/**
 * file: state file | directory | absent | touch | link | hard, plus mode/owner/group
 * (recurse for directories). Messages and result keys follow ansible/modules/file.py.
 */
import { quote } from '../connection/shell-quote.js';
import type { DiffEntry, ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { applyAttributes } from './util/attributes.js';
import { fileKeys } from './util/ensure-content.js';
import { ModuleFailure, runChecked } from './util/remote.js';
import { dirname } from './util/remote-file.js';
import { type RemoteStat, remoteStat, toStatResult } from './util/remote-stat.js';

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

async function finish(
  ctx: ModuleContext,
  path: string,
  result: ModuleResult,
  key: 'path' | 'dest' = 'path',
): Promise<ModuleResult> {
  // add_path_info: what the path is now (in check mode, what it still is)
  const st = await remoteStat(ctx, path);
  const out: ModuleResult = { [key]: path, ...result };
  if (st)
    Object.assign(out, fileKeys(toStatResult(st, path)), {
      state: prevStateOf(st) === 'other' ? 'file' : prevStateOf(st),
    });
  if (!ctx.diff) delete out.diff;
  return out;
}

export const fileModule: ModuleDefinition = {
  name: 'file',
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
    },
  },
  async run(args, ctx) {
    const path = (args.path as string).replace(/(.)\/+$/, '$1');
    const st = await remoteStat(ctx, path);
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
      return { failed: true, changed: false, path, msg: "recurse option requires state to be 'directory'" };
    const attrs = {
      mode: args.mode,
      owner: args.owner as string | undefined,
      group: args.group as string | undefined,
    };

    switch (state) {
      case 'absent': {
        if (prev === 'absent') return { path, changed: false, state: 'absent' };
        if (!ctx.check) await runChecked(ctx, `rm -rf -- ${quote(path)}`);
        const diff = stateDiff(path, { state: prev === 'hard' ? 'file' : prev }, { state: 'absent' });
        return { path, changed: true, state: 'absent', ...(ctx.diff ? { diff } : {}) };
      }
      case 'file': {
        if (prev === 'absent')
          return { path, changed: false, failed: true, msg: `file (${path}) is absent, cannot continue` };
        if (prev === 'directory')
          return { path, changed: false, failed: true, msg: `file (${path}) is directory, cannot continue` };
        const target = (
          prev === 'link' && args.follow ? await remoteStat(ctx, path, { follow: true }) : st
        ) as RemoteStat;
        const a = await applyAttributes(ctx, path, target, attrs);
        return finish(ctx, path, { changed: a.changed, diff: stateDiff(path, a.before, a.after) });
      }
      case 'directory': {
        if (prev !== 'absent' && prev !== 'directory') {
          if (!(prev === 'link' && (await remoteStat(ctx, path, { follow: true }))?.type === 'directory'))
            return { path, changed: false, failed: true, msg: `${path} already exists as a ${prev}` };
        }
        if (prev === 'absent') {
          if (ctx.check)
            return {
              path,
              changed: true,
              ...(ctx.diff ? { diff: stateDiff(path, { state: 'absent' }, { state: 'directory' }) } : {}),
            };
          // Ansible gives every directory it creates (not only the leaf) the mode/owner/group.
          const missing = await runChecked(
            ctx,
            `p=${quote(path)}; while [ ! -e "$p" ] && [ ! -L "$p" ]; do printf '%s\\n' "$p"; p=$(dirname -- "$p"); done; mkdir -p -- ${quote(path)}`,
          );
          // Each one's attribute changes land in the one diff (set_fs_attributes_if_different).
          const before: Record<string, unknown> = { state: 'absent' };
          const after: Record<string, unknown> = { state: 'directory' };
          for (const dir of missing.stdout
            .split('\n')
            .filter((d) => d !== '' && d !== path)
            .reverse()) {
            const a = await applyAttributes(ctx, dir, (await remoteStat(ctx, dir)) as RemoteStat, attrs);
            Object.assign(before, a.before);
            Object.assign(after, a.after);
          }
          const created = (await remoteStat(ctx, path)) as RemoteStat;
          const a = await applyAttributes(ctx, path, created, attrs, { recurse: args.recurse as boolean });
          Object.assign(before, a.before);
          Object.assign(after, a.after);
          return finish(ctx, path, { changed: true, diff: stateDiff(path, before, after) });
        }
        const current = (prev === 'link' ? await remoteStat(ctx, path, { follow: true }) : st) as RemoteStat;
        const a = await applyAttributes(ctx, path, current, attrs, { recurse: args.recurse as boolean });
        return finish(ctx, path, { changed: a.changed, diff: stateDiff(path, a.before, a.after) });
      }
      case 'touch': {
        // execute_touch answers with `dest`, not `path`
        if (ctx.check) {
          const diff = stateDiff(path, { state: prev }, { state: prev === 'absent' ? 'touch' : prev });
          if (prev === 'absent') return { dest: path, changed: true, ...(ctx.diff ? { diff } : {}) };
          return finish(ctx, path, { changed: true, diff }, 'dest');
        }
        const times = touchTimes(args);
        // Ansible: an existing path with both times preserved is only changed by its attributes.
        if (prev === 'absent' || times !== undefined) {
          await runChecked(ctx, ['touch', ...(times ?? []), '--', quote(path)].join(' '));
        }
        const now = (await remoteStat(ctx, path)) as RemoteStat;
        const a = await applyAttributes(ctx, path, now, attrs);
        return finish(
          ctx,
          path,
          {
            changed: prev === 'absent' || times !== undefined || a.changed,
            diff: stateDiff(
              path,
              { state: prev, ...a.before },
              { state: prev === 'absent' ? 'touch' : prev, ...a.after },
            ),
          },
          'dest',
        );
      }
      case 'link':
      case 'hard':
        return linkState(args, ctx, path, st, prev, state, attrs);
    }
    throw new ModuleFailure(`unexpected state ${state}`);
  },
};

async function linkState(
  args: Record<string, unknown>,
  ctx: ModuleContext,
  path: string,
  st: RemoteStat | null,
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
  // A relative symlink source is relative to the link's directory, as ln -s resolves it.
  const srcOnHost = src.startsWith('/') ? src : `${dirname(path)}/${src}`;
  const srcSt = await remoteStat(ctx, srcOnHost);
  if (!srcSt && (state === 'hard' || !args.force)) {
    return {
      path,
      changed: false,
      failed: true,
      msg: `src file does not exist, use "force=yes" if you really want to create the link: ${srcOnHost}`,
    };
  }
  let needed: boolean;
  if (state === 'link') needed = !(prev === 'link' && st?.lnk_target === src);
  else needed = !(st && srcSt && st.inode === srcSt.inode && st.dev === srcSt.dev);
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
  if (needed && !ctx.check) {
    if (prev === 'directory') await runChecked(ctx, `rmdir -- ${quote(path)}`);
    await runChecked(
      ctx,
      state === 'link'
        ? `ln -sfn -- ${quote(src)} ${quote(path)}`
        : `ln -f -- ${quote(srcOnHost)} ${quote(path)}`,
    );
  }
  let attrChanged = false;
  if (!ctx.check && (attrs.owner || attrs.group || (state === 'hard' && attrs.mode !== undefined))) {
    const now = await remoteStat(ctx, path);
    if (now) attrChanged = (await applyAttributes(ctx, path, now, attrs)).changed;
  }
  const result: ModuleResult = { src, changed: needed || attrChanged, ...(ctx.diff ? { diff } : {}) };
  if (ctx.check) return { dest: path, ...result, state };
  return finish(ctx, path, result, 'dest');
}

/**
 * touch(1) options for state=touch: `now` (the default) or a `%Y%m%d%H%M.%S` stamp per
 * time, none for `preserve`; undefined when both times are preserved (nothing to touch).
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
    out.push(v === 'now' ? flag : `${flag} -t ${quote(v)}`);
  }
  return out;
}
