/**
 * copy: content= or a controller file/directory src= to dest on the host.
 * A src directory ending in '/' copies its contents; without it, the directory itself.
 * A dest ending in '/' (or an existing directory) receives the file under its basename.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { appendAll } from '../collections/append-all.js';
import { quote } from '../connection/shell-quote.js';
import { pythonJsonDumps } from '../python/json-dumps.js';
import { copyRemoteSrc } from './copy-remote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { FILE_EXTRA_OPTIONS, refuseFileExtras } from './util/attributes.js';
import { fileSource, textSource } from './util/content-source.js';
import { requireControllerFile } from './util/controller-file.js';
import { ensureContent } from './util/ensure-content.js';
import { contentTempPath } from './util/local-temp.js';
import { runChecked } from './util/remote.js';

const spec = {
  options: {
    src: { type: 'path' },
    content: { type: 'raw' },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    force: { type: 'bool', default: true, aliases: ['thirsty'] },
    mode: { type: 'raw' },
    owner: { type: 'str' },
    group: { type: 'str' },
    directory_mode: { type: 'raw' },
    remote_src: { type: 'bool', default: false },
    follow: { type: 'bool', default: false },
    local_follow: { type: 'bool', default: true },
    checksum: { type: 'str' },
    validate: { type: 'str' },
    decrypt: { type: 'bool', default: true },
    unsafe_writes: { type: 'bool', default: false },
    ...FILE_EXTRA_OPTIONS,
  },
  mutuallyExclusive: [['src', 'content']],
  requiredOneOf: [['src', 'content']],
} as const;

/** Every regular file under a local directory, relative paths. */
async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) appendAll(out, await walk(root, child));
    else out.push(child);
  }
  return out.sort();
}

async function copyDirectory(
  args: Record<string, unknown>,
  ctx: ModuleContext,
  localDir: string,
  srcArg: string,
): Promise<ModuleResult> {
  const dest = args.dest as string;
  // 'dir/' copies the contents; 'dir' copies the directory itself into dest.
  const base = srcArg.endsWith('/') ? dest : path.posix.join(dest, path.basename(localDir));
  const files = await walk(localDir);
  let changed = false;
  let last: ModuleResult | undefined;
  const dirs = [
    ...new Set(files.map((f) => path.posix.dirname(path.posix.join(base, f.split(path.sep).join('/'))))),
  ];
  if (!ctx.check && dirs.length) await runChecked(ctx, `mkdir -p -- ${dirs.map(quote).join(' ')}`);
  for (const rel of files) {
    const target = path.posix.join(base, rel.split(path.sep).join('/'));
    const source = path.join(localDir, rel);
    last = await ensureContent(ctx, {
      ...fileOpts(args),
      dest: target,
      content: await fileSource(source, ctx.readLocalFile),
      srcLabel: source,
    });
    changed ||= last.changed === true;
  }
  // As Ansible's copy action: one file's result (and diff) stands for a directory holding
  // only that file; otherwise the result is just dest, src (the local path found) and changed.
  if (files.length === 1 && last) return last;
  const local = localDir.replace(/\/+$/, '');
  return {
    changed,
    dest: dest.endsWith('/') ? dest : `${dest}/`,
    src: srcArg.endsWith('/') ? `${local}/` : local,
  };
}

function fileOpts(args: Record<string, unknown>) {
  return {
    mode: args.mode,
    owner: args.owner as string | undefined,
    group: args.group as string | undefined,
    backup: args.backup as boolean,
    force: args.force as boolean,
    validate: args.validate as string | undefined,
  };
}

export const copyModule: ModuleDefinition = {
  name: 'copy',
  args: spec,
  // A local src is found on the controller (path_dwim expands it there); remote_src's is the host's.
  controllerPaths: (args) => (args.remote_src ? [] : ['src']),
  actionCheck(raw) {
    const given = (v: unknown) => v !== undefined && v !== null && v !== '';
    const content = raw.content !== undefined && raw.content !== null;
    if (!given(raw.src) && !content) return { msg: 'src (or content) is required' };
    if (!given(raw.dest)) return { msg: 'dest is required' };
    if (given(raw.src) && content) return { msg: 'src and content are mutually exclusive' };
    return undefined;
  },
  async run(args, ctx) {
    await refuseFileExtras(ctx, args, 'copy');
    const dest = args.dest as string;
    if (args.remote_src) {
      if (args.src === undefined || args.src === null)
        return { changed: false, failed: true, msg: 'src (or content) is required' };
      return copyRemoteSrc(args, ctx);
    }
    if (args.content !== undefined && args.content !== null) {
      if (dest.endsWith('/'))
        return { changed: false, failed: true, msg: 'can not use content with a dir as dest' };
      // the copy action writes a list or dict content as Python's json.dumps does
      const text = typeof args.content === 'string' ? args.content : pythonJsonDumps(args.content);
      return ensureContent(ctx, {
        ...fileOpts(args),
        dest,
        content: textSource(text),
        srcLabel: contentTempPath(),
        ifDirectory: {
          answer: { changed: false, failed: true, msg: 'can not use content with a dir as dest' },
        },
      });
    }
    const srcArg = args.src as string;
    const local = requireControllerFile(ctx, srcArg, 'files');
    const info = await stat(local).catch(() => null);
    if (!info) return { changed: false, failed: true, msg: `could not find src=${local}` };
    if (info.isDirectory()) return copyDirectory(args, ctx, local, srcArg);
    const into = dest.endsWith('/');
    return ensureContent(ctx, {
      ...fileOpts(args),
      dest: into ? `${dest}${path.basename(local)}` : dest,
      content: await fileSource(local, ctx.readLocalFile),
      srcLabel: local,
      ifDirectory: into ? undefined : { into: path.basename(local) },
      makeDir: into && !ctx.check ? dest : undefined,
    });
  },
};
