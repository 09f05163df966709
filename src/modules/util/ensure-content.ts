/**
 * Makes a host file hold exactly some bytes, with checksum idempotency: the sha1 of the
 * local bytes is compared with the host's before anything is transferred, and the bytes are
 * streamed (a ContentSource), never held whole. Shared by copy and template; returns copy's
 * result keys.
 */
import { createHash } from 'node:crypto';
import { quote } from '../../connection/shell-quote.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { applyAttributes } from './attributes.js';
import { contentDiff, MAX_DIFF_BYTES } from './content-diff.js';
import type { ContentSource } from './content-source.js';
import { ModeError, resolveMode } from './mode.js';
import { ModuleFailure, run } from './remote.js';
import { backupRemoteFile, dirname, readRemoteFile, writeRemoteFile } from './remote-file.js';
import { parseStat, type RemoteStat, statLines, toStatResult } from './remote-stat.js';
import { validateRemote } from './validate.js';

export interface EnsureContentOptions {
  dest: string;
  content: ContentSource;
  /**
   * The diff's after_header: the local source file, or the controller temp path where Ansible
   * names a local temp file of its own (copy content=, template's rendered output).
   */
  srcLabel: string;
  mode?: unknown;
  owner?: string;
  group?: string;
  backup?: boolean;
  force?: boolean;
  /** A command with `%s`, run on a temp copy of the new content before it replaces dest. */
  validate?: string;
  /**
   * When dest is a directory on the host: write the file into it under this name, or answer
   * this result (copy's content=). Without it, a directory dest fails the task.
   */
  ifDirectory?: { into: string } | { answer: ModuleResult };
  /** A directory created first, in the same round trip (copy's dest ending in '/'). */
  makeDir?: string;
}

/** What one round trip learns about the destination before anything is decided. */
interface DestProbe {
  dest: string;
  /** The dest was a directory and ifDirectory answers for it. */
  answered?: ModuleResult;
  /** Followed stat, with sha1. */
  before: RemoteStat | null;
  parentExists: boolean;
  /** The connection user's home on the host. */
  home: string;
}

async function probeDest(ctx: ModuleContext, o: EnsureContentOptions): Promise<DestProbe> {
  const into = o.ifDirectory && 'into' in o.ifDirectory ? `${o.dest}/${o.ifDirectory.into}` : undefined;
  const script = [
    o.makeDir ? `mkdir -p -- ${quote(o.makeDir)} || exit 2` : '',
    `d=${quote(o.dest)}; w=as`,
    o.ifDirectory ? `if [ -d "$d" ]; then w=dir${into ? `; d=${quote(into)}` : ''}; fi` : '',
    // the parent of a file put into a directory is that directory
    `if [ "$w" = dir ] || [ -d ${quote(dirname(o.dest))} ]; then echo "$w parent"; else echo "$w none"; fi`,
    // the connection user's home, where Ansible's remote tmp (~/.ansible/tmp) is, under sudo too
    'h=$HOME; [ -n "$SUDO_USER" ] && h=$(getent passwd "$SUDO_USER" | cut -d: -f6); printf \'%s\\n\' "$h"',
    'p="$d"',
    statLines({ follow: true, checksum: 'sha1' }),
  ].join('\n');
  const res = await run(ctx, script);
  if (o.makeDir && res.rc === 2)
    throw new ModuleFailure(res.stderr.trim() || `could not create ${o.makeDir}`, res);
  const [first, home, ...stat] = res.stdout.split('\n');
  const [where, parent] = first.split(' ');
  if (where === 'dir' && o.ifDirectory && 'answer' in o.ifDirectory)
    return { dest: o.dest, answered: o.ifDirectory.answer, before: null, parentExists: true, home };
  const dest = where === 'dir' && into ? into : o.dest;
  const before = parseStat({ ...res, stdout: stat.join('\n') }, dest);
  return { dest, before, parentExists: parent === 'parent', home };
}

/** ActionBase._make_tmp_path's ~/.ansible/tmp/ansible-tmp-<time>-<pid>-<random>, then `source`. */
function remoteSourcePath(home: string): string {
  const random = Math.floor(Math.random() * 2 ** 48);
  return `${home || '~'}/.ansible/tmp/ansible-tmp-${Date.now() / 1000}-${process.pid}-${random}/source`;
}

export const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/**
 * One round trip when nothing changes (the probe); when the content changes, one more that
 * writes it and stats the result, and one more only if mode/owner/group still differ.
 */
export async function ensureContent(
  ctx: ModuleContext,
  options: EnsureContentOptions,
): Promise<ModuleResult> {
  const sums = await options.content.checksums();
  const checksum = sums.sha1;
  const probe = await probeDest(ctx, options);
  if (probe.answered) return probe.answered;
  const o = { ...options, dest: probe.dest };
  let before = probe.before;
  if (before?.type === 'directory')
    throw new ModuleFailure(`Destination ${o.dest} is a directory`, { dest: o.dest });
  const result: ModuleResult = {
    changed: false,
    dest: o.dest,
    // Ansible answers with the remote temp file it transferred: flotilla streams the content
    // instead, and names a path of that shape (never created)
    src: remoteSourcePath(probe.home),
    checksum,
    md5sum: sums.md5,
  };
  if (before && o.force === false)
    return { ...result, ...fileKeys(toStatResult(before, o.dest)), state: 'file' };

  const contentChanged = before?.checksum !== checksum;
  if (contentChanged) {
    // the copy action's `diff` is a list, empty unless --diff
    const diffs = [];
    if (ctx.diff) {
      const old = before && before.size <= 104448 ? await readRemoteFile(ctx, o.dest) : null;
      const after = o.content.size > MAX_DIFF_BYTES ? o.content.size : await o.content.bytes();
      diffs.push(contentDiff(old, after, o.dest, o.srcLabel));
    }
    result.diff = diffs;
    // In check mode the copy action stops here: only `changed` (and the diff list).
    if (ctx.check) return { changed: true, diff: diffs };
    // Only the module, which check mode never reaches, looks at the destination directory.
    if (!probe.parentExists)
      throw new ModuleFailure(`Destination directory ${dirname(o.dest)} does not exist`, { checksum });
    // copy.py: the backup is taken first, then the new content is validated
    if (before && o.backup) result.backup_file = await backupRemoteFile(ctx, o.dest);
    if (o.validate)
      await validateRemote(ctx, o.content, o.validate, 'copy').catch((err: unknown) => {
        // the copy action adds the local checksum to whatever the module answered
        if (err instanceof ModuleFailure) Object.assign(err.extra, { checksum });
        throw err;
      });
    before =
      (await writeRemoteFile(ctx, o.dest, o.content, {
        newFileMode: octalModeOrDefault(o.mode),
        srcLabel: o.srcLabel,
        statAfter: {},
      }).catch((err: unknown) => {
        if (err instanceof ModuleFailure) Object.assign(err.extra, { checksum });
        throw err;
      })) ?? null;
  }
  let attrsChanged = false;
  if (before) {
    const attrs = await applyAttributes(ctx, o.dest, before, o);
    attrsChanged = attrs.changed;
    if (attrs.stat) before = attrs.stat;
  }
  result.changed = contentChanged || attrsChanged;
  if (before) Object.assign(result, fileKeys(toStatResult(before, o.dest)));
  else result.size = o.content.size;
  result.state = 'file';
  if (!contentChanged) {
    // Without a transfer Ansible's file module answers: no src/md5sum, and a `path`.
    delete result.src;
    delete result.md5sum;
    result.path = o.dest;
  }
  return result;
}

function octalModeOrDefault(mode: unknown): number | undefined {
  if (mode === undefined || mode === null) return undefined;
  try {
    return resolveMode(mode, { current: 0o644, isDir: false });
  } catch (err) {
    if (err instanceof ModeError)
      throw new ModuleFailure('mode must be in octal or symbolic form', { details: err.message });
    throw err;
  }
}

/** The owner/group/mode/uid/gid/size keys copy and file report. */
export function fileKeys(st: Record<string, unknown>): Record<string, unknown> {
  if (!st.exists) return {};
  // add_path_info writes '0%03o' where stat writes '%04o' (01777 against 1777).
  const mode = typeof st.mode === 'string' && !st.mode.startsWith('0') ? `0${st.mode}` : st.mode;
  return { mode, owner: st.pw_name, group: st.gr_name, uid: st.uid, gid: st.gid, size: st.size };
}
