/**
 * AnsibleModule.add_path_info: every module result that names a `path` (or `dest`) of an
 * existing file gets its uid, gid, owner, group, mode, state and size (state from lstat:
 * link, directory, hard when it has more than one link, else file).
 */
import type { ModuleContext, ModuleResult } from '../types.js';
import { formatMode } from './mode.js';
import { type RemoteStat, remoteStat } from './remote-stat.js';

export async function addPathInfo(ctx: ModuleContext, result: ModuleResult): Promise<ModuleResult> {
  const path = 'path' in result ? result.path : result.dest;
  if (typeof path !== 'string') return result;
  const st = await remoteStat(ctx, path).catch(() => null);
  return Object.assign(result, pathInfo(st));
}

/** The keys add_path_info adds for a path's unfollowed stat (none when it does not exist). */
export function pathInfo(st: RemoteStat | null): Record<string, unknown> {
  if (!st) return {};
  return {
    uid: st.uid,
    gid: st.gid,
    owner: st.pw_name,
    group: st.gr_name,
    mode: formatMode(st.perm),
    state:
      st.type === 'link' ? 'link' : st.type === 'directory' ? 'directory' : st.nlink > 1 ? 'hard' : 'file',
    size: st.size,
  };
}
