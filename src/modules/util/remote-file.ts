/**
 * Reading and writing whole files on the host. Writes stream into a temp file beside the
 * destination that takes the old file's mode and owner, then `mv` over it (atomic, like
 * Ansible's atomic_move); the temp file never outlives a failed or interrupted write.
 */
import { randomBytes } from 'node:crypto';
import { quote } from '../../connection/shell-quote.js';
import type { ExecResult } from '../../connection/transport.js';
import type { ModuleContext } from '../types.js';
import { type ContentSource, toSource } from './content-source.js';
import { ModuleFailure, run, runChecked } from './remote.js';
import { parseStat, type RemoteStat, type StatOptions, statLines } from './remote-stat.js';

function tempName(dir: string): string {
  return `${dir.replace(/\/+$/, '') || ''}/.flotilla-tmp-${randomBytes(6).toString('hex')}`;
}

export function dirname(path: string): string {
  const i = path.replace(/\/+$/, '').lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The whole file, or null when it does not exist. */
export async function readRemoteFile(ctx: ModuleContext, path: string): Promise<Buffer | null> {
  const res = await run(
    ctx,
    `p=${quote(path)}; if [ -f "$p" ]; then base64 < "$p" | tr -d '\\n'; else echo __absent__; exit 3; fi`,
  );
  if (res.rc === 3) return null;
  if (res.rc !== 0) throw new ModuleFailure(`Unable to read ${path}: ${res.stderr.trim()}`);
  return Buffer.from(res.stdout.trim(), 'base64');
}

/** sha1 of a regular file on the host, or null. */
export async function remoteSha1(ctx: ModuleContext, path: string): Promise<string | null> {
  const res = await run(ctx, `p=${quote(path)}; [ -f "$p" ] && sha1sum < "$p" | cut -d' ' -f1`);
  return res.rc === 0 ? res.stdout.trim() : null;
}

export interface WriteOptions {
  /** Permission bits for a new file (existing files keep theirs). */
  newFileMode?: number;
  /** The source named by a failure's message (Ansible names the file it moved). */
  srcLabel?: string;
  /** Create the parent directories first (lineinfile's create=yes). */
  makeParent?: boolean;
  /**
   * Shell text run first, in the same round trip (authorized_key's directory and file set-up);
   * it ends the script with exit 2 and its message on stderr to fail the write.
   */
  beforeWrite?: string;
  /** Commands run once the file is in place (planned attribute changes), in the same round trip. */
  thenRun?: string[];
  /** Stat the written file in the same round trip; writeRemoteFile then returns it. */
  statAfter?: StatOptions;
  /** The path statAfter stats instead of the written one (a link to it, say). */
  statPath?: string;
}

/** The mode a new file gets when the caller names none. */
export const NEW_FILE_MODE = 0o644;

/** Exit status of the write script when making the parent directory failed. */
const MKDIR_FAILED = 2;

/** strerror texts a failed write reports (LC_ALL=C), with Python's errno for Ansible's message. */
const ERRNO: Readonly<Record<string, number>> = {
  'Operation not permitted': 1,
  'Input/output error': 5,
  'Permission denied': 13,
  'File too large': 27,
  'No space left on device': 28,
  'Read-only file system': 30,
  'Disk quota exceeded': 122,
};

/**
 * The shell that receives `size` bytes on stdin into `tmp`, then runs `finish`. Every way
 * it can end early removes its temp file: a failed write (a full disk), stdin ending short
 * of `size` bytes (the controller interrupted, killed, or its connection lost: sshd closes
 * the command's stdin), or a signal (HUP, INT, PIPE, TERM). Only a SIGKILL of this shell
 * escapes it, and then the controller removes the file (a command timeout).
 */
function receiveScript(tmp: string, size: number, finish: string[]): string {
  return [
    `t=${quote(tmp)}; n=${size}; umask 077`,
    // exclusive create (noclobber), so the EXIT trap only ever removes our own file
    `(set -C; : > "$t") || exit 1`,
    `trap 'rm -f -- "$t"' EXIT`,
    `trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM`,
    `LC_ALL=C cat > "$t" || exit 1`,
    `got=$(wc -c < "$t")`,
    `[ "$got" -eq "$n" ] || { echo "flotilla: the transfer ended after $got of $n bytes" >&2; exit 1; }`,
    ...finish,
    `trap - EXIT`,
  ].join('\n');
}

/**
 * atomic_move of the temp file `$t` (already on the host) onto `$d`, as shell lines: an
 * existing file's mode and owner kept, a new one 0666 less the umask; `$t` is removed if
 * anything fails. `indent` prefixes each line.
 */
export function atomicMoveLines(indent = ''): string {
  return [
    'if [ -e "$d" ]; then chmod --reference="$d" "$t" && { chown --reference="$d" "$t" 2>/dev/null || true; }',
    'else chmod "$(printf %o $((0666 & ~0$(umask))))" "$t"; fi || { rm -f -- "$t"; exit 1; }',
    'mv -f -- "$t" "$d" || { rm -f -- "$t"; exit 1; }',
  ]
    .map((line) => indent + line)
    .join('\n');
}

/** Streams `source` into `tmp` on the host (mode 0600); throws as writeRemoteFile does. */
export async function uploadRemoteTemp(
  ctx: ModuleContext,
  tmp: string,
  source: ContentSource,
): Promise<void> {
  await receive(ctx, tmp, receiveScript(tmp, source.size, []), source, tmp, 'dynamically generated');
}

/**
 * Atomically replaces `path` with `content`, streamed (a file of any size costs a bounded
 * buffer). The temp file is written beside `path` by the user the module runs as (under
 * become, the become user), so the final `mv` is a rename.
 */
export async function writeRemoteFile(
  ctx: ModuleContext,
  path: string,
  content: string | Buffer | ContentSource,
  options: WriteOptions = {},
): Promise<RemoteStat | null | undefined> {
  const source = toSource(content);
  const tmp = tempName(dirname(path));
  const mode = (options.newFileMode ?? NEW_FILE_MODE).toString(8);
  const parent = dirname(path);
  const mkdir =
    (options.beforeWrite ? `${options.beforeWrite}\n` : '') +
    (options.makeParent && parent !== '.' ? `mkdir -p -- ${quote(parent)} || exit ${MKDIR_FAILED}\n` : '');
  const receiving = receiveScript(tmp, source.size, [
    `d=${quote(path)}`,
    // Keep the old file's attributes; a new one gets the requested mode and the running user.
    `if [ -e "$d" ]; then chmod --reference="$d" "$t" && { chown --reference="$d" "$t" 2>/dev/null || true; }`,
    `else chmod ${mode} "$t" && { chown "$(id -u):$(id -g)" "$t" 2>/dev/null || true; }; fi || exit 1`,
    `mv -f -- "$t" "$d" || exit 1`,
    ...(options.thenRun ?? []).map((command) => `${command} || exit 1`),
  ]);
  const statPath = options.statPath ?? path;
  const stat = options.statAfter ? `\np=${quote(statPath)}\n${statLines(options.statAfter)}` : '';
  const res = await receive(
    ctx,
    path,
    mkdir + receiving + stat,
    source,
    tmp,
    options.srcLabel ?? 'dynamically generated',
  );
  return options.statAfter ? parseStat(res, statPath) : undefined;
}

async function receive(
  ctx: ModuleContext,
  dest: string,
  script: string,
  source: ContentSource,
  tmp: string,
  srcLabel: string,
): Promise<ExecResult> {
  let res: ExecResult;
  try {
    res = await run(ctx, script, { stdin: source.stream() });
  } catch (err) {
    // A timeout's kill or a lost channel: the shell may not have cleaned up after itself.
    await run(ctx, `rm -f -- ${quote(tmp)}`).catch(() => undefined);
    throw err;
  }
  if (res.rc === MKDIR_FAILED) throw new ModuleFailure(res.stderr.trim(), res);
  if (res.rc !== 0) throw writeFailure(dest, tmp, res.stderr, srcLabel);
  return res;
}

/** Ansible's atomic_move failure text when the error is an OS error it would name. */
function writeFailure(dest: string, tmp: string, stderr: string, src: string): ModuleFailure {
  const reason = Object.keys(ERRNO).find((text) => stderr.includes(text));
  if (reason === undefined) return new ModuleFailure(`Could not write ${dest}: ${stderr.trim()}`);
  const oserror = `[Errno ${ERRNO[reason]}] ${reason}: b'${src}' -> b'${tmp}'`;
  return new ModuleFailure(`Failed to replace file: b'${src}' to ${dest}: ${oserror}`, {
    exception: `Traceback (most recent call last):\n  (the write on the host)\nOSError: ${oserror}\n`,
  });
}

/** Ansible's backup_local name: `path.<pid>.<YYYY-mm-dd@HH:MM:SS~>` (local time). */
export function backupName(path: string): string {
  const now = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}@${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}~`;
  return `${path}.${process.pid}.${stamp}`;
}

/** backup_local: copies the file with its attributes to backupName(path). */
export async function backupRemoteFile(ctx: ModuleContext, path: string): Promise<string> {
  const backup = backupName(path);
  await runChecked(ctx, `cp -p -- ${quote(path)} ${quote(backup)}`);
  return backup;
}
