/**
 * unarchive's module half, as ansible/modules/unarchive.py runs it for tar archives (TgzArchive,
 * TarArchive, TarBzipArchive, TarXzArchive, TarZstdArchive): the same GNU tar command lines
 * (--list, --diff, --extract, run from dest in the best parsable locale) and the same parsing of
 * their output. The action plugin's half (sending a controller src, creates, the dest check) is
 * src/bridge/controller-files.ts, which runs this.
 *
 * Round trips: one script checks src and dest, tries unzip then each tar flavour as
 * pick_handler does, runs `tar --diff` and stats dest (all that an unchanged archive costs);
 * a second extracts (and stats the archive's files when mode/owner/group are given); a third
 * changes those attributes when they differ.
 *
 * Handed to Ansible's own module: zip archives (ZipArchive reads them with Python's zipfile and
 * compares per-file CRCs: this throws NativeUnsupported once unzip can list the file), a src
 * URL with remote_src (fetch_file), SELinux contexts and chattr attributes.
 */
import { quote } from '../connection/shell-quote.js';
import { fnmatchToRegExp } from '../text/fnmatch.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { attributeArgs, FILE_COMMON_OPTIONS, planAttributes } from './util/attributes.js';
import { type Captured, runInitScript } from './util/init-script.js';
import { pathInfo } from './util/path-info.js';
import { ModuleFailure, NativeUnsupported, run } from './util/remote.js';
import { parseStat, statLines } from './util/remote-stat.js';

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Options the native form leaves to Ansible's module. */
const NOT_NATIVE: [string, (v: unknown, args: Record<string, unknown>) => boolean][] = [
  // remote_src with a URL: fetch_file downloads it first
  ['src', (v, args) => typeof v === 'string' && v.includes('://') && remoteSrc(args)],
  ['attributes', isSet],
  ['attr', isSet],
  ['seuser', isSet],
  ['serole', isSet],
  ['selevel', isSet],
  ['setype', isSet],
];

function remoteSrc(args: Record<string, unknown>): boolean {
  const truthy = (v: unknown) => v === true || /^(yes|on|1|true|y|t)$/i.test(String(v ?? ''));
  const falsy = (v: unknown) => v === false || /^(no|off|0|false|n|f)$/i.test(String(v ?? ''));
  return 'copy' in args ? falsy(args.copy) : truthy(args.remote_src);
}

/** pick_handler's tar handlers, in its order, with the flag each gives tar. */
const TAR_HANDLERS: [string, string][] = [
  ['TgzArchive', '-z'],
  ['TarArchive', ''],
  ['TarBzipArchive', '-j'],
  ['TarXzArchive', '-J'],
  ['TarZstdArchive', '--use-compress-program=zstd'],
];

const OWNER_DIFF_RE = /: Uid differs$/;
const GROUP_DIFF_RE = /: Gid differs$/;
const MODE_DIFF_RE = /: Mode differs$/;
const MOD_TIME_DIFF_RE = /: Mod time differs$/;
const EMPTY_FILE_RE = /: : Warning: Cannot stat: No such file or directory$/;
const MISSING_FILE_RE = /: Warning: Cannot stat: No such file or directory$/;
const INVALID_OWNER_RE = /: Invalid owner/;
const INVALID_GROUP_RE = /: Invalid group/;

const DEST_MARK = '__flotilla_dest__';
const FILE_MARK = '__flotilla_file__';

export const unarchiveModule: ModuleDefinition = {
  name: 'unarchive',
  bridgeFor: (args) => NOT_NATIVE.some(([name, asks]) => asks(args[name], args)),
  args: {
    options: {
      src: { type: 'path', required: true },
      dest: { type: 'path', required: true },
      remote_src: { type: 'bool', default: false },
      creates: { type: 'path' },
      list_files: { type: 'bool', default: false },
      keep_newer: { type: 'bool', default: false },
      exclude: { type: 'list', elements: 'str', default: [] },
      include: { type: 'list', elements: 'str', default: [] },
      extra_opts: { type: 'list', elements: 'str', default: [] },
      validate_certs: { type: 'bool', default: true },
      io_buffer_size: { type: 'int', default: 64 * 1024 },
      copy: { type: 'bool', default: true },
      decrypt: { type: 'bool', default: true },
      ...FILE_COMMON_OPTIONS,
    },
    mutuallyExclusive: [['include', 'exclude']],
  },
  run: runUnarchive,
};

interface Tar {
  path: string;
  flag: string;
  excludes: string[];
  includes: string[];
  opts: string[];
}

/** The argv TgzArchive builds for `op` (--list, --diff, --extract). */
function tarCommand(tar: Tar, op: string, dest: string, src: string, extra: string[] = []): string[] {
  const cmd = [tar.path, op, '-C', dest];
  if (tar.flag) cmd.push(tar.flag);
  if (tar.opts.length > 0) cmd.push('--show-transformed-names', ...tar.opts);
  cmd.push(...extra);
  for (const f of tar.excludes) cmd.push(`--exclude=${f}`);
  cmd.push('-f', src, ...tar.includes);
  return cmd;
}

/** run_command(cmd, cwd=dest, environ_update=locale) as a `cap` line of the script. */
function capLine(name: string, cmd: string[], dest: string): string {
  return `(cd ${quote(dest)} 2>/dev/null; cap ${name} lg ${cmd.map(quote).join(' ')})`;
}

const HELPERS = `lg() { env LANG="$L" LC_ALL="$L" LC_MESSAGES="$L" LANGUAGE="$L" "$@"; }
gbp() { ps=$PATH; for x in /sbin /usr/sbin /usr/local/sbin; do case ":$PATH:" in *":$x:"*) ;; *) [ -e "$x" ] && ps="$ps:$x";; esac; done; IFS=:; for d in $ps; do [ -n "$d" ] && [ -e "$d/$1" ] && [ ! -d "$d/$1" ] && [ -x "$d/$1" ] && { unset IFS; printf %s "$d/$1"; return 0; }; done; unset IFS; return 1; }
`;

async function runUnarchive(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const src = args.src as string;
  const dest = args.dest as string;
  const attrs = attributeArgs(args);
  const wantsAttrs = attrs.owner !== undefined || attrs.group !== undefined || isSet(attrs.mode);
  const excludes = (args.exclude as string[]).map((p) => p.replace(/\/+$/, ''));
  const includes = args.include as string[];
  const opts = args.extra_opts as string[];
  const tarOptions: string[] = [];
  if (attrs.owner) tarOptions.push(`--owner=${quote(attrs.owner)}`);
  if (attrs.group) tarOptions.push(`--group=${quote(attrs.group)}`);
  if (args.keep_newer) tarOptions.push('--keep-newer-files');

  // One script: main()'s checks, pick_handler, is_unarchived, and dest's stat.
  const lines = [
    HELPERS,
    `s=${quote(src)}; D=${quote(dest)}`,
    `fact uid "$(id -u)"`,
    `[ -e "$s" ] || { fact pre missing; exit 0; }`,
    `[ -r "$s" ] || { fact pre unreadable; exit 0; }`,
    `[ -s "$s" ] || { fact pre empty; exit 0; }`,
    `[ -d "$D" ] || { fact pre notdir; exit 0; }`,
    `u=$(gbp unzip); z=$(gbp zipinfo); fact unzip "$u"; fact zipinfo "$z"`,
    `if [ -n "$u" ]; then cap unzip "$u" -l "$s" && { fact zip 1; exit 0; }; fi`,
    ctx.check ? 'exit 0' : '',
    `T=$(gbp gtar || gbp tar); fact tar "$T"; [ -n "$T" ] || exit 0`,
    `cap version "$T" --version`,
    `o=$(cat "$t/o"); case "$o" in tar*) case "$o" in *GNU*) ;; *) exit 0;; esac;; *) exit 0;; esac`,
    'h=',
  ];
  const tarFor = (flag: string): Tar => ({ path: '$T', flag, excludes, includes, opts });
  TAR_HANDLERS.forEach(([, flag], i) => {
    lines.push(
      `if [ -z "$h" ]; then ${capLine(`list${i}`, tarCommand(tarFor(flag), '--list', dest, src), dest)}; [ $? -eq 0 ] && [ -s "$t/o" ] && h=${i}; fi`,
    );
  });
  lines.push('case "$h" in');
  TAR_HANDLERS.forEach(([, flag], i) => {
    lines.push(`${i}) ${capLine('diff', tarCommand(tarFor(flag), '--diff', dest, src, tarOptions), dest)};;`);
  });
  lines.push('esac', `echo ${DEST_MARK}`, 'p="$D"', statLines({ existsFollowing: true }));
  // `$T` stands for the tar path in the argv: the script expands it, the results name it.
  const script = lines.join('\n').replaceAll(`'$T'`, '"$T"');
  const res = await runInitScript(ctx, script);
  const { facts, caps } = res;
  const at = res.stdout.indexOf(`\n${DEST_MARK}\n`);
  const destStat = () =>
    at < 0 ? null : parseStat({ ...res, rc: 0, stdout: res.stdout.slice(at + DEST_MARK.length + 2) }, dest);

  const pre = facts.get('pre');
  if (pre === 'missing')
    throw new ModuleFailure(
      args.remote_src ? `Source '${src}' does not exist` : `Source '${src}' failed to transfer`,
    );
  if (pre === 'unreadable') throw new ModuleFailure(`Source '${src}' not readable`);
  if (pre === 'empty') throw new ModuleFailure(`Invalid archive '${src}', the file is 0 bytes`);
  if (pre === 'notdir') throw new ModuleFailure(`Destination '${dest}' is not a directory`);
  if (facts.get('zip')) throw new NativeUnsupported('unarchive', 'a zip archive');
  if (facts.get('uid') === undefined)
    throw new ModuleFailure(res.stderr.trim() || 'unarchive: the host script failed');

  const reasons = zipReasons(facts, caps.get('unzip'));
  if (ctx.check)
    return {
      skipped: true,
      msg: 'remote module (ansible.legacy.unarchive) does not support check mode when using gtar',
    };
  const tarPath = facts.get('tar') ?? '';
  const version = caps.get('version');
  let handler: number | undefined;
  let files: string[] = [];
  if (!tarPath) reasons.push("Unable to find required 'gtar' or 'tar' binary in the path");
  else if (!version?.stdout.startsWith('tar') || !version.stdout.includes('GNU')) {
    const type = version?.stdout.startsWith('bsdtar') ? 'bsd' : 'None';
    reasons.push(`Command "${tarPath}" detected as tar type ${type}. GNU tar required.`);
  } else
    for (let i = 0; i < TAR_HANDLERS.length && handler === undefined; i++) {
      const list = caps.get(`list${i}`);
      if (!list) break;
      if (list.rc !== 0) {
        reasons.push(
          `Command "${tarPath}" could not handle archive: Unable to list files in the archive: ${list.stderr}`,
        );
        continue;
      }
      files = filesInArchive(list.stdout, excludes);
      if (files.length > 0) handler = i;
      // names that exclude all dropped: the script stopped listing where Python goes on
      else if (list.stdout !== '') throw new NativeUnsupported('unarchive', 'every listed name is excluded');
      else
        reasons.push(
          `Command "${tarPath}" found no files in archive. Empty archive files are not supported.`,
        );
    }
  if (handler === undefined)
    throw new ModuleFailure(
      `Failed to find handler for "${src}". Make sure the required command to extract the file is installed.\n${[...new Set(reasons)].join('\n')}`,
    );

  const result: ModuleResult = { handler: TAR_HANDLERS[handler][0], dest, src };
  const diff = caps.get('diff') ?? { rc: 1, stdout: '', stderr: '' };
  const unarchived = isUnarchived(diff, Number(facts.get('uid')), attrs, isSet(attrs.mode));
  const tar: Tar = { path: tarPath, flag: TAR_HANDLERS[handler][1], excludes, includes, opts };
  let changed = false;
  let finalStat = destStat();
  // Paths set_fs_attributes_if_different visits: each listed name, then each top folder.
  const attributePaths = wantsAttrs ? attributeTargets(dest, files) : [];
  if (!unarchived || attributePaths.length > 0) {
    const extract = unarchived ? undefined : tarCommand(tar, '--extract', dest, src, tarOptions);
    const script = [HELPERS];
    if (extract) script.push(capLine('extract', extract, dest));
    for (const p of attributePaths) script.push(`echo ${FILE_MARK}`, `p=${quote(p)}`, `(${statLines()})`);
    script.push(`echo ${DEST_MARK}`, `p=${quote(dest)}`, statLines({ existsFollowing: true }));
    const second = await runInitScript(ctx, script.join('\n'));
    const tail = second.stdout.indexOf(`\n${DEST_MARK}\n`);
    finalStat =
      tail < 0
        ? null
        : parseStat({ ...second, rc: 0, stdout: second.stdout.slice(tail + DEST_MARK.length + 2) }, dest);
    if (extract) {
      const ran = second.caps.get('extract') ?? { rc: 1, stdout: '', stderr: second.stderr };
      result.extract_results = { cmd: extract, rc: ran.rc, out: ran.stdout, err: ran.stderr };
      if (ran.rc !== 0)
        throw new ModuleFailure(`failed to unpack ${src} to ${dest}`, { ...result, ...pathInfo(finalStat) });
      changed = true;
    }
    if (attributePaths.length > 0) {
      const body = tail < 0 ? second.stdout : second.stdout.slice(0, tail + 1);
      const stats = body.split(`${FILE_MARK}\n`).slice(1);
      const commands: string[] = [];
      attributePaths.forEach((p, i) => {
        const st = parseStat({ ...second, rc: 0, stdout: stats[i] ?? '' }, p);
        if (!st)
          throw new ModuleFailure(
            `Unexpected error when accessing exploded file: [Errno 2] No such file or directory: b'${p}'`,
            { ...result, changed, ...pathInfo(finalStat) },
          );
        commands.push(...planAttributes(p, st, attrs).commands);
      });
      if (commands.length > 0) {
        const third = await run(
          ctx,
          `{ ${commands.join(' && ')}\n} || exit $?\np=${quote(dest)}\n${statLines({ existsFollowing: true })}`,
        );
        if (third.rc !== 0)
          throw new ModuleFailure(third.stderr.trim() || `could not change attributes under ${dest}`, {
            ...result,
            changed,
          });
        finalStat = parseStat(third, dest);
        changed = true;
      }
    }
  }
  result.changed = changed;
  if (args.list_files) result.files = files;
  return Object.assign(result, pathInfo(finalStat));
}

/** ZipArchive's and ZipZArchive's reasons for passing (set order aside). */
function zipReasons(facts: Map<string, string>, unzipList: Captured | undefined): string[] {
  const unzip = facts.get('unzip') ?? '';
  const zipinfo = facts.get('zipinfo') ?? '';
  const couldNot = `Command "${unzip}" could not handle archive: ${unzipList?.stderr ?? ''}`;
  const missing = [unzip ? '' : 'unzip', zipinfo ? '' : 'zipinfo'].filter(Boolean);
  return [
    missing.length > 0 ? `Unable to find required '${missing.join("' or '")}' binary in the path.` : couldNot,
    unzip ? couldNot : "Unable to find required 'unzip' or 'unzip' binary in the path.",
  ];
}

/** files_in_archive: each listed name escape-decoded, its leading `/` dropped, unless excluded. */
export function filesInArchive(out: string, excludes: readonly string[]): string[] {
  const patterns = excludes.map(fnmatchToRegExp);
  const files: string[] = [];
  for (const line of splitPyLines(out)) {
    let name = escapeDecode(line);
    if (name.startsWith('/')) name = name.slice(1);
    if (!patterns.some((re) => re.test(name))) files.push(name);
  }
  return files;
}

/** codecs.escape_decode of a line of tar's listing (its escape quoting), as UTF-8 text. */
export function escapeDecode(text: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
    '\\': 92,
    "'": 39,
    '"': 34,
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== 0x5c || i + 1 >= raw.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(raw[i + 1]);
    if (/[0-7]/.test(next)) {
      let j = i + 1;
      let digits = '';
      while (j < raw.length && digits.length < 3 && /[0-7]/.test(String.fromCharCode(raw[j])))
        digits += String.fromCharCode(raw[j++]);
      bytes.push(Number.parseInt(digits, 8) & 0xff);
      i = j - 1;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.subarray(i + 2, i + 4).toString('latin1'))) {
      bytes.push(Number.parseInt(raw.subarray(i + 2, i + 4).toString('latin1'), 16));
      i += 3;
    } else if (next === '\n') {
      i += 1;
    } else if (next in simple) {
      bytes.push(simple[next]);
      i += 1;
    } else bytes.push(c);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** str.splitlines without keepends. */
function splitPyLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** TgzArchive.is_unarchived's reading of `tar --diff`: only differences it does not set itself count. */
export function isUnarchived(
  diff: Captured,
  uid: number,
  attrs: { owner?: string; group?: string },
  modeGiven: boolean,
): boolean {
  for (const line of [...splitPyLines(diff.stdout), ...splitPyLines(diff.stderr)]) {
    if (EMPTY_FILE_RE.test(line)) continue;
    if (uid === 0 && !attrs.owner && OWNER_DIFF_RE.test(line)) return false;
    if (uid === 0 && !attrs.group && GROUP_DIFF_RE.test(line)) return false;
    if (!modeGiven && MODE_DIFF_RE.test(line)) return false;
    if (MOD_TIME_DIFF_RE.test(line) || MISSING_FILE_RE.test(line)) return false;
    if (INVALID_OWNER_RE.test(line) || INVALID_GROUP_RE.test(line)) return false;
  }
  return true;
}

/** os.path.join(dest, name) for each name, then "dest/top" for each top folder of a name with a `/`. */
function attributeTargets(dest: string, files: readonly string[]): string[] {
  const join = (name: string) =>
    name.startsWith('/') ? name : dest === '' || dest.endsWith('/') ? `${dest}${name}` : `${dest}/${name}`;
  const tops: string[] = [];
  for (const f of files)
    if (f.includes('/')) {
      const top = f.split('/')[0];
      if (!tops.includes(top)) tops.push(top);
    }
  return [...files.map(join), ...tops.map((t) => `${dest}/${t}`)];
}
