/**
 * Shared plumbing for the text-editing modules (lineinfile, blockinfile, replace):
 * read the host file, and after the edit write it back (with backup) and apply
 * mode/owner/group, building Ansible's message and diff list.
 */
import type { DiffEntry, ModuleContext, ModuleResult } from '../types.js';
import { applyAttributes } from './attributes.js';
import { ModeError, resolveMode } from './mode.js';
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
}

/** Writes the edit (unless check mode), then file attributes; returns the module result. */
export async function saveTextEdit(ctx: ModuleContext, o: SaveOptions): Promise<ModuleResult> {
  let backup = '';
  if (o.changed && !ctx.check) {
    if (o.backup && o.existed) backup = await backupRemoteFile(ctx, o.path);
    if (o.validate) await validateRemote(ctx, o.after, o.validate, 'edit');
    let newMode: number | undefined;
    if (o.attrs.mode !== undefined && o.attrs.mode !== null) {
      try {
        newMode = resolveMode(o.attrs.mode, { current: 0o644, isDir: false });
      } catch (err) {
        if (err instanceof ModeError) throw new ModuleFailure('mode must be in octal or symbolic form');
        throw err;
      }
    }
    await writeRemoteFile(ctx, o.path, o.after, { newFileMode: newMode });
  }
  const diffs: DiffEntry[] = [o.contentDiff];
  let { msg, changed } = o;
  const st = await remoteStat(ctx, o.path, { follow: true });
  if (st) {
    const a = await applyAttributes(ctx, o.path, st, o.attrs);
    diffs.push({
      before: a.before,
      after: a.after,
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
  if (ctx.diff) result.diff = diffs;
  return result;
}
