/**
 * Reading and writing whole files on the host. Writes go to a temp file that takes the
 * old file's mode and owner, then `mv` over the destination (atomic, like Ansible's
 * atomic_move). Under become the temp file is uploaded to /tmp and moved by the become user.
 */
import { randomBytes } from 'node:crypto';
import { quote } from '../../connection/shell-quote.js';
import type { ModuleContext } from '../types.js';
import { ModuleFailure, run, runChecked } from './remote.js';

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
}

/** Atomically replaces `path` with `content`. */
export async function writeRemoteFile(
  ctx: ModuleContext,
  path: string,
  content: string | Buffer,
  options: WriteOptions = {},
): Promise<void> {
  const tmp = tempName(ctx.become ? '/tmp' : dirname(path));
  try {
    await ctx.transport.put(content, tmp, 0o600);
  } catch (err) {
    throw new ModuleFailure(`Could not write ${path}: ${(err as Error).message}`);
  }
  const mode = (options.newFileMode ?? 0o644).toString(8);
  const script = [
    `t=${quote(tmp)}; d=${quote(path)}`,
    // Keep the old file's attributes; a new one gets the requested mode and the running user.
    `if [ -e "$d" ]; then chmod --reference="$d" "$t" && { chown --reference="$d" "$t" 2>/dev/null || true; }`,
    `else chmod ${mode} "$t" && { chown "$(id -u):$(id -g)" "$t" 2>/dev/null || true; }; fi`,
    `mv -f "$t" "$d" || { rm -f "$t"; exit 1; }`,
  ].join('\n');
  const res = await run(ctx, script);
  if (res.rc !== 0) {
    await ctx.transport.exec(`rm -f ${quote(tmp)}`).catch(() => undefined);
    throw new ModuleFailure(`Could not replace ${path}: ${res.stderr.trim()}`);
  }
}

/** Ansible's backup_local name: `path.<pid>.<YYYY-mm-dd@HH:MM:SS~>`; copies with attributes. */
export async function backupRemoteFile(ctx: ModuleContext, path: string): Promise<string> {
  const now = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}@${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}~`;
  const backup = `${path}.${process.pid}.${stamp}`;
  await runChecked(ctx, `cp -p -- ${quote(path)} ${quote(backup)}`);
  return backup;
}
