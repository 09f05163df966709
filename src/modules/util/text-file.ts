/**
 * Shared plumbing for the text-editing modules (lineinfile, blockinfile, replace):
 * read the host file, and after the edit write it back (with backup) and apply
 * mode/owner/group, building Ansible's message and diff list.
 */
import type { DiffEntry, ModuleContext, ModuleResult } from '../types.js';
import { applyAttributes } from './attributes.js';
import { ModuleFailure } from './remote.js';
import { backupRemoteFile, readRemoteFile, writeRemoteFile } from './remote-file.js';
import { remoteStat } from './remote-stat.js';
import { validateRemote } from './validate.js';

/** Python's readlines(): lines keep their terminators. */
export function readLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export interface TextFile {
  exists: boolean;
  text: string;
}

/** Reads `path`; fails like Ansible when it is a directory. */
export async function loadTextFile(ctx: ModuleContext, path: string): Promise<TextFile> {
  const st = await remoteStat(ctx, path, { follow: true });
  if (st?.type === 'directory') throw new ModuleFailure(`Path ${path} is a directory !`, { rc: 256 });
  if (!st) return { exists: false, text: '' };
  const buf = await readRemoteFile(ctx, path);
  return { exists: true, text: buf?.toString('utf8') ?? '' };
}

export interface FileArgs {
  mode?: unknown;
  owner?: string;
  group?: string;
}

export interface SaveOptions {
  path: string;
  existed: boolean;
  changed: boolean;
  after: string;
  backup: boolean;
  msg: string;
  contentDiff: DiffEntry;
  attrs: FileArgs;
  /** `validate` command with `%s`, run on the new content before it replaces the file. */
  validate?: string;
  /** lineinfile and blockinfile return `diff` even without --diff (texts empty then). */
  alwaysDiff?: boolean;
}

/** Writes the edit (unless check mode), then file attributes; returns the module result. */
export async function saveTextEdit(ctx: ModuleContext, o: SaveOptions): Promise<ModuleResult> {
  let backup = '';
  if (o.changed && !ctx.check) {
    if (o.backup && o.existed) backup = await backupRemoteFile(ctx, o.path);
    if (o.validate) await validateRemote(ctx, o.after, o.validate, 'edit');
    // A new file gets the default mode and `mode` is applied after, as Ansible's
    // check_file_attrs does: the result then says "ownership, perms ... changed" as there.
    await writeRemoteFile(ctx, o.path, o.after);
  }
  const diffs: DiffEntry[] = [o.contentDiff];
  let { msg, changed } = o;
  const st = await remoteStat(ctx, o.path, { follow: true });
  if (st) {
    const a = await applyAttributes(ctx, o.path, st, o.attrs);
    // set_fs_attributes_if_different only adds before/after for what it changed.
    diffs.push({
      ...(a.changed ? { before: a.before, after: a.after } : {}),
      before_header: `${o.path} (file attributes)`,
      after_header: `${o.path} (file attributes)`,
    });
    if (a.changed) {
      if (changed) msg += ' and ';
      changed = true;
      msg += 'ownership, perms or SE linux context changed';
    }
  }
  const result: ModuleResult = { changed, msg, backup };
  if (ctx.diff || o.alwaysDiff) result.diff = diffs;
  return result;
}
