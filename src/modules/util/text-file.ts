/**
 * Shared plumbing for the text-editing modules (lineinfile, blockinfile, replace):
 * read the host file, and after the edit write it back (with backup) and apply
 * mode/owner/group, building Ansible's message and diff list.
 */
import { quote } from '../../connection/shell-quote.js';
import type { DiffEntry, ModuleContext, ModuleResult } from '../types.js';
import { applyAttributes, planAttributes } from './attributes.js';
import { ModuleFailure, run } from './remote.js';
import { backupRemoteFile, NEW_FILE_MODE, writeRemoteFile } from './remote-file.js';
import { parseStat, type RemoteStat, statLines } from './remote-stat.js';
import { validateRemote } from './validate.js';

/** Python's readlines(): lines keep their terminators. */
export function readLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export interface TextFile {
  exists: boolean;
  text: string;
  /** The followed stat it was read with (saveTextEdit reports it when nothing changes). */
  stat: RemoteStat | null;
}

const TEXT_MARK = '__flotilla_text__';

/** Reads `path` with its stat in one round trip; fails like Ansible when it is a directory. */
export async function loadTextFile(ctx: ModuleContext, path: string): Promise<TextFile> {
  const res = await run(
    ctx,
    [
      `p=${quote(path)}`,
      `if [ -f "$p" ]; then base64 < "$p" | tr -d '\\n' || exit 1; fi`,
      `echo; echo ${TEXT_MARK}`,
      statLines({ follow: true }),
    ].join('\n'),
  );
  const at = res.stdout.indexOf(`\n${TEXT_MARK}\n`);
  if (at < 0) throw new ModuleFailure(`Unable to read ${path}: ${res.stderr.trim()}`);
  const st = parseStat({ ...res, stdout: res.stdout.slice(at + TEXT_MARK.length + 2) }, path);
  if (st?.type === 'directory') throw new ModuleFailure(`Path ${path} is a directory !`, { rc: 256 });
  if (!st) return { exists: false, text: '', stat: null };
  return { exists: true, text: Buffer.from(res.stdout.slice(0, at), 'base64').toString('utf8'), stat: st };
}

export interface FileArgs {
  mode?: unknown;
  owner?: string;
  group?: string;
}

export interface SaveOptions {
  path: string;
  /** The file as loadTextFile found it. */
  file: TextFile;
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
  /** A new file's parent directories are created (create=yes). */
  makeParent?: boolean;
}

/** Writes the edit (unless check mode), then file attributes; returns the module result. */
export async function saveTextEdit(ctx: ModuleContext, o: SaveOptions): Promise<ModuleResult> {
  let backup = '';
  let st = o.file.stat;
  // A new file gets the default mode and `mode` is applied after, as Ansible's
  // check_file_attrs does: the result then says "ownership, perms ... changed" as there.
  // Without owner/group to compare, that change is known ahead and runs in the write's script.
  const writing = o.changed && !ctx.check;
  const planned =
    writing && !o.file.exists && o.attrs.owner == null && o.attrs.group == null
      ? planAttributes(
          o.path,
          { perm: NEW_FILE_MODE, type: 'file', uid: -1, gid: -1, pw_name: '', gr_name: '' },
          o.attrs,
        )
      : undefined;
  if (writing) {
    if (o.backup && o.file.exists) backup = await backupRemoteFile(ctx, o.path);
    if (o.validate) await validateRemote(ctx, o.after, o.validate, 'edit');
    st =
      (await writeRemoteFile(ctx, o.path, o.after, {
        makeParent: o.makeParent,
        thenRun: planned?.commands,
        statAfter: { follow: true },
      })) ?? null;
  }
  const diffs: DiffEntry[] = [o.contentDiff];
  let { msg, changed } = o;
  if (st) {
    const a = planned
      ? { ...planned, changed: planned.commands.length > 0 }
      : await applyAttributes(ctx, o.path, st, o.attrs);
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
