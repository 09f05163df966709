/**
 * One `stat -c` round trip describing a path on the host, shaped like the keys of
 * Ansible's stat module (and reused by file/copy for their result keys).
 */

import { quote } from '../../connection/shell-quote.js';
import type { ExecResult } from '../../connection/transport.js';
import { pyFloat } from '../../python/float.js';
import type { ModuleContext } from '../types.js';
import { formatStatMode } from './mode.js';
import { run } from './remote.js';

export interface RemoteStat {
  exists: true;
  path: string;
  /** Permission bits as a number (also available as `mode` text in toStatResult). */
  perm: number;
  type: 'file' | 'directory' | 'link' | 'block' | 'char' | 'fifo' | 'socket';
  uid: number;
  gid: number;
  pw_name: string;
  gr_name: string;
  size: number;
  mtime: number;
  atime: number;
  ctime: number;
  inode: number;
  nlink: number;
  dev: number;
  blocks: number;
  block_size: number;
  /** st_rdev as Python reports it (0 for anything but devices). */
  device_type: number;
  readable: boolean;
  writeable: boolean;
  executable: boolean;
  /** readlink of the path when it is a symlink. */
  lnk_target?: string;
  /** realpath of the symlink's destination. */
  lnk_source?: string;
  checksum?: string;
}

const ABSENT = '__flotilla_absent__';
/** Ends one stat in a script's output (remoteStats, runThenStat). */
const STAT_MARK = '__flotilla_stat__';
// A Map, not an object literal: numeric keys in literals get rewritten by the formatter.
const TYPE_BY_FORMAT = new Map<number, RemoteStat['type']>([
  [0o100000, 'file'],
  [0o040000, 'directory'],
  [0o120000, 'link'],
  [0o060000, 'block'],
  [0o020000, 'char'],
  [0o010000, 'fifo'],
  [0o140000, 'socket'],
]);

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface StatOptions {
  follow?: boolean;
  /**
   * The path counts only when following it finds something (os.path.exists: add_path_info),
   * though what is stat'ed is the link itself.
   */
  existsFollowing?: boolean;
  checksum?: ChecksumAlgorithm;
}

/** Stats `path` on the host; null when it does not exist. */
export async function remoteStat(
  ctx: ModuleContext,
  path: string,
  options: StatOptions = {},
): Promise<RemoteStat | null> {
  const res = await run(ctx, `p=${quote(path)}\n${statLines(options)}`);
  return parseStat(res, path);
}

/** Stats several paths in one round trip, in order (null for each one that does not exist). */
export async function remoteStats(
  ctx: ModuleContext,
  paths: string[],
  options: StatOptions = {},
): Promise<(RemoteStat | null)[]> {
  const script = paths.map((path) => `p=${quote(path)}\n${statLines(options)}\necho ${STAT_MARK}`);
  const res = await run(ctx, script.join('\n'));
  const parts = res.stdout.split(`${STAT_MARK}\n`);
  return paths.map((path, i) => parseStat({ ...res, stdout: parts[i] ?? '' }, path));
}

/**
 * The shell text that prints the stat of the path in `$p` (or the absent marker), for a
 * script to end with: a module's action and the stat it reports after it then cost one
 * round trip. It exits 1 when stat itself fails.
 */
export function statLines(options: StatOptions = {}): string {
  const flag = options.follow ? '-L ' : '';
  const sum = options.checksum
    ? `if [ -f "$p" ]; then ${options.checksum}sum < "$p" | cut -d' ' -f1; else echo; fi`
    : 'echo';
  return [
    // Following a dangling link finds nothing, as os.stat would.
    options.follow || options.existsFollowing
      ? `if [ -e "$p" ]; then`
      : `if [ -e "$p" ] || [ -L "$p" ]; then`,
    `stat ${flag}--printf '%f\t%u\t%g\t%U\t%G\t%s\t%.9Y\t%.9X\t%.9Z\t%i\t%h\t%d\t%b\t%o\t%t\t%T\n' -- "$p" || exit 1`,
    `a=; [ -r "$p" ] && a=r; [ -w "$p" ] && a="\${a}w"; [ -x "$p" ] && a="\${a}x"; echo "$a"`,
    `if [ -L "$p" ]; then readlink -- "$p"; readlink -f -- "$p" || echo; else echo; echo; fi`,
    sum,
    `else echo ${ABSENT}; fi`,
  ].join('\n');
}

/** The stat statLines printed (the whole of `res.stdout`); throws when stat failed. */
export function parseStat(res: ExecResult, path: string): RemoteStat | null {
  if (res.stdout.startsWith(ABSENT)) return null;
  if (res.rc !== 0) throw new Error(`stat failed on ${path}: ${res.stderr.trim()}`);
  const [statLine, access, target, source, checksum] = res.stdout.split('\n');
  const f = statLine.split('\t');
  const raw = Number.parseInt(f[0], 16);
  const st: RemoteStat = {
    exists: true,
    path,
    perm: raw & 0o7777,
    type: TYPE_BY_FORMAT.get(raw & 0o170000) ?? 'file',
    uid: Number(f[1]),
    gid: Number(f[2]),
    pw_name: f[3],
    gr_name: f[4],
    size: Number(f[5]),
    mtime: pythonTime(f[6]),
    atime: pythonTime(f[7]),
    ctime: pythonTime(f[8]),
    inode: Number(f[9]),
    nlink: Number(f[10]),
    dev: Number(f[11]),
    blocks: Number(f[12]),
    block_size: Number(f[13]),
    device_type: makedev(Number.parseInt(f[14], 16), Number.parseInt(f[15], 16)),
    readable: access.includes('r'),
    writeable: access.includes('w'),
    executable: access.includes('x'),
  };
  if (target) st.lnk_target = target;
  if (source) st.lnk_source = source;
  if (checksum) st.checksum = checksum;
  return st;
}

/**
 * Runs `command`, then (when it succeeded) stats `path`, in one round trip. `res` is the
 * command's own rc and output; `stat` is undefined when the command failed.
 */
export async function runThenStat(
  ctx: ModuleContext,
  command: string,
  path: string,
  options: StatOptions = {},
): Promise<{ res: ExecResult; stat?: RemoteStat | null }> {
  const script = [
    `{ ${command}`,
    '}',
    'rc=$?; [ $rc -eq 0 ] || exit $rc',
    `printf '\\n%s\\n' ${STAT_MARK}`,
    `p=${quote(path)}`,
    statLines(options),
  ].join('\n');
  const res = await run(ctx, script);
  const at = res.stdout.lastIndexOf(`\n${STAT_MARK}\n`);
  if (at < 0) return { res };
  const own = { ...res, stdout: res.stdout.slice(0, at) };
  const tail = { ...res, stdout: res.stdout.slice(at + STAT_MARK.length + 2) };
  return { res: { ...own, rc: 0 }, stat: parseStat(tail, path) };
}

/** `sec.nanoseconds` as Python's float st_mtime: sec + nsec * 1e-9 (the same double). */
export function pythonTime(text: string): number {
  const [sec, ns = '0'] = text.split('.');
  return Number(sec) + Number(ns.slice(0, 9).padEnd(9, '0')) * 1e-9;
}

/** glibc's makedev(major, minor), the st_rdev number Python reports. */
function makedev(major: number, minor: number): number {
  return (
    (minor & 0xff) + (major & 0xfff) * 0x100 + (minor & ~0xff) * 0x1000 + Math.floor(major / 0x1000) * 2 ** 32
  );
}

/** The permission booleans Ansible's stat and find report (wusr, rgrp, isuid, …). */
export function permissionFlags(p: number): Record<string, boolean> {
  return {
    wusr: !!(p & 0o200),
    rusr: !!(p & 0o400),
    xusr: !!(p & 0o100),
    wgrp: !!(p & 0o020),
    rgrp: !!(p & 0o040),
    xgrp: !!(p & 0o010),
    woth: !!(p & 0o002),
    roth: !!(p & 0o004),
    xoth: !!(p & 0o001),
    isuid: !!(p & 0o4000),
    isgid: !!(p & 0o2000),
  };
}

export function toStatResult(st: RemoteStat | null, path: string): Record<string, unknown> {
  if (!st) return { exists: false };
  const p = st.perm;
  const out: Record<string, unknown> = {
    exists: true,
    path,
    mode: formatStatMode(p),
    isdir: st.type === 'directory',
    ischr: st.type === 'char',
    isblk: st.type === 'block',
    isreg: st.type === 'file',
    isfifo: st.type === 'fifo',
    islnk: st.type === 'link',
    issock: st.type === 'socket',
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: pyFloat(st.atime),
    mtime: pyFloat(st.mtime),
    ctime: pyFloat(st.ctime),
    ...permissionFlags(p),
    blocks: st.blocks,
    block_size: st.block_size,
    device_type: st.device_type,
    readable: st.readable,
    writeable: st.writeable,
    executable: st.executable,
  };
  // stat.py's order after format_output: the access checks, the link, the names, the sums
  if (st.type === 'link') {
    out.lnk_source = st.lnk_source;
    out.lnk_target = st.lnk_target;
  }
  out.pw_name = st.pw_name;
  out.gr_name = st.gr_name;
  if (st.checksum) out.checksum = st.checksum;
  return out;
}
