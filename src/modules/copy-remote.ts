/**
 * copy with remote_src: both src and dest are on the host (copy.py run remotely). A file is
 * copied when its sha1 differs from dest's (new files get 0644 unless `mode`, `preserve`
 * takes src's); a directory is synced file by file (`dir/` copies its contents into dest,
 * `dir` the directory itself into dest), keeping each file's mode.
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleResult } from './types.js';
import { applyAttributes } from './util/attributes.js';
import { formatMode } from './util/mode.js';
import { addPathInfo } from './util/path-info.js';
import { ModuleFailure, run, runChecked } from './util/remote.js';
import { backupRemoteFile, basename, dirname } from './util/remote-file.js';
import { remoteStat } from './util/remote-stat.js';
import { validateRemoteFile } from './util/validate.js';

export async function copyRemoteSrc(
  args: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  const src = args.src as string;
  let dest = args.dest as string;
  const sst = await remoteStat(ctx, src, { follow: true, checksum: 'sha1' });
  if (!sst) throw new ModuleFailure(`Source ${src} not found`);
  if (!sst.readable) throw new ModuleFailure(`Source ${src} not readable`);
  const mode = args.mode === 'preserve' ? formatMode(sst.perm) : args.mode;
  const attrs = { mode, owner: args.owner as string | undefined, group: args.group as string | undefined };
  if (sst.type === 'directory') return copyRemoteTree(ctx, src, dest, attrs);

  if (dest.endsWith('/') || (await run(ctx, `[ -d ${quote(dest)} ]`)).rc === 0)
    dest = `${dest.replace(/\/+$/, '')}/${basename(src)}`;
  const before = await remoteStat(ctx, dest, { follow: true, checksum: 'sha1' });
  if (before && !args.force) return addPathInfo(ctx, { changed: false, dest, src });
  const result: ModuleResult = {
    changed: false,
    dest,
    src,
    md5sum: (await run(ctx, `md5sum < ${quote(src)} | cut -d' ' -f1`)).stdout.trim() || null,
    checksum: sst.checksum ?? null,
  };
  if (before?.checksum !== sst.checksum) {
    if ((await run(ctx, `[ -d ${quote(dirname(dest))} ]`)).rc !== 0)
      throw new ModuleFailure(`Destination directory ${dirname(dest)} does not exist`);
    result.changed = true;
    if (!ctx.check) {
      if (before && args.backup) result.backup_file = await backupRemoteFile(ctx, dest);
      if (args.validate) await validateRemoteFile(ctx, src, args.validate as string);
      // atomic_move: a temp copy beside dest takes dest's attributes (a new file: 0644)
      await runChecked(
        ctx,
        [
          `s=${quote(src)}; d=${quote(dest)}`,
          `t=$(mktemp "$(dirname -- "$d")/.flotilla-tmp-XXXXXX") || exit 1`,
          `cp -- "$s" "$t" || { rm -f -- "$t"; exit 1; }`,
          `if [ -e "$d" ]; then chmod --reference="$d" "$t"; chown --reference="$d" "$t" 2>/dev/null; else chmod 0644 "$t"; fi`,
          `mv -f -- "$t" "$d"`,
        ].join('\n'),
      );
    }
  }
  const now = await remoteStat(ctx, dest, { follow: true });
  if (now) result.changed = (await applyAttributes(ctx, dest, now, attrs)).changed || result.changed;
  return addPathInfo(ctx, result);
}

async function copyRemoteTree(
  ctx: ModuleContext,
  src: string,
  dest: string,
  attrs: { mode?: unknown; owner?: string; group?: string },
): Promise<ModuleResult> {
  const target = src.endsWith('/') ? dest : `${dest.replace(/\/+$/, '')}/${basename(src)}`;
  const dry = ctx.check ? 1 : 0;
  const script = [
    `s=${quote(src)}; t=${quote(target)}; dry=${dry}`,
    `if [ ! -d "$t" ]; then echo "+."; [ $dry = 1 ] && exit 0; mkdir -p -- "$t" || exit 1; fi`,
    `cd -- "$s" || exit 1`,
    `find . -mindepth 1 -type d | while IFS= read -r p; do [ -d "$t/$p" ] || { echo "+$p"; [ $dry = 1 ] || mkdir -p -- "$t/$p"; }; done`,
    `find . ! -type d | while IFS= read -r p; do if ! cmp -s -- "$p" "$t/$p"; then echo "+$p"; [ $dry = 1 ] || cp -P --preserve=mode -- "$p" "$t/$p"; fi; done`,
  ].join('\n');
  // copy.py first turns an existing directory dest into os.path.join(dest, basename(src))
  const existed = (await run(ctx, `[ -d ${quote(dest)} ]`)).rc === 0;
  const shownDest = existed ? `${dest.replace(/\/+$/, '')}/${src.endsWith('/') ? '' : basename(src)}` : dest;
  const res = await runChecked(ctx, script);
  let changed = res.stdout.includes('+');
  if (!ctx.check && (attrs.owner || attrs.group)) {
    // chown_recursive: changed when anything under dest had another owner or group
    const who = [attrs.owner ?? '', attrs.group ? `:${attrs.group}` : ''].join('');
    const diff = await run(
      ctx,
      `find ${quote(target)} \\( ${[attrs.owner && `! -user ${quote(attrs.owner)}`, attrs.group && `! -group ${quote(attrs.group)}`].filter(Boolean).join(' -o ')} \\) | head -1; chown -R -- ${quote(who)} ${quote(target)}`,
    );
    if (diff.stdout.trim()) changed = true;
  }
  const now = ctx.check ? null : await remoteStat(ctx, dest);
  if (now && attrs.mode !== undefined && attrs.mode !== null)
    changed = (await applyAttributes(ctx, dest, now, { mode: attrs.mode })).changed || changed;
  return addPathInfo(ctx, { changed, dest: shownDest, src, md5sum: null, checksum: null });
}
