/**
 * find: one GNU `find -printf` listing per path, filtered on the controller by the
 * Ansible options (patterns/excludes as globs or regexes, hidden, file_type, age, size);
 * `contains` is checked on the host with `grep -P` over the survivors.
 */

import { quote } from '../connection/shell-quote.js';
import { pyFloat } from '../python/float.js';
import { fnmatchToRegExp } from '../text/fnmatch.js';
import type { ModuleDefinition } from './types.js';
import { expandedPathScript, needsExpansion } from './util/expand-args.js';
import { formatStatMode } from './util/mode.js';
import { checkPyPattern, pyRegex } from './util/python-regex.js';
import { run } from './util/remote.js';
import { permissionFlags, pythonTime } from './util/remote-stat.js';

const TYPES: Record<string, string> = {
  f: 'file',
  d: 'directory',
  l: 'link',
  b: 'block',
  c: 'char',
  p: 'fifo',
  s: 'socket',
};
/** Starts the marker records of the listing (a path find prints starts with the path given). */
const MARK = '\u0001flt-';
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const SIZES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

function parseAmount(text: string, units: Record<string, number>, defaultUnit: string): number {
  const m = /^([-+]?\d+)([a-z]?)$/i.exec(text.trim());
  if (!m) throw new Error(`failed to process ${text}`);
  return Number(m[1]) * (units[(m[2] || defaultUnit).toLowerCase()] ?? 1);
}

interface Entry {
  path: string;
  type: string;
  perm: number;
  size: number;
  uid: number;
  gid: number;
  user: string;
  group: string;
  mtime: number;
  atime: number;
  ctime: number;
  inode: number;
  nlink: number;
  dev: number;
  /** Levels below the searched path (find's %d). */
  depth: number;
}

export const findModule: ModuleDefinition = {
  name: 'find',
  args: {
    options: {
      paths: { type: 'list', required: true, elements: 'str', aliases: ['name', 'path'] },
      patterns: { type: 'list', default: [], elements: 'str', aliases: ['pattern'] },
      excludes: { type: 'list', elements: 'str', aliases: ['exclude'] },
      contains: { type: 'str' },
      read_whole_file: { type: 'bool', default: false },
      file_type: { type: 'str', default: 'file', choices: ['any', 'directory', 'file', 'link'] },
      age: { type: 'str' },
      age_stamp: { type: 'str', default: 'mtime', choices: ['atime', 'ctime', 'mtime'] },
      size: { type: 'str' },
      recurse: { type: 'bool', default: false },
      hidden: { type: 'bool', default: false },
      follow: { type: 'bool', default: false },
      get_checksum: { type: 'bool', default: false },
      use_regex: { type: 'bool', default: false },
      depth: { type: 'int' },
    },
  },
  async run(args, ctx) {
    const paths = args.paths as string[];
    const depth = args.recurse ? (args.depth as number | undefined) || undefined : 1;
    // os.walk counts (examined) the entries of every directory it enters, and it enters those
    // up to `depth`: so one level more is listed than can match.
    const listDepth = depth && args.recurse ? depth + 1 : depth;
    const fmt = '%p\\t%y\\t%m\\t%s\\t%U\\t%G\\t%u\\t%g\\t%T@\\t%A@\\t%C@\\t%i\\t%n\\t%D\\t%d\\0';
    // Each path as the module walks it: expanded (~, $VAR) on the host, then a marker record
    // (MARK, then D or S, then the path) saying whether it is a directory, then its listing.
    const cmd = paths
      .map((p) => {
        const set = needsExpansion(p) ? expandedPathScript(p, '__flt_p') : `__flt_p=${quote(p)}; `;
        const list = `find ${args.follow ? '-L ' : ''}"$__flt_p" -mindepth 1 ${listDepth ? `-maxdepth ${listDepth} ` : ''}-printf '${fmt}' 2>/dev/null`;
        return `${set}if [ -d "$__flt_p" ]; then printf '\\001flt-D%s\\0' "$__flt_p"; ${list}; else printf '\\001flt-S%s\\0' "$__flt_p"; fi`;
      })
      .join('; ');
    const res = await run(ctx, cmd);
    const records = res.stdout.split('\0').filter(Boolean);
    const skipped: Record<string, string> = {};
    const warnings: string[] = [];
    for (const rec of records) {
      if (!rec.startsWith(`${MARK}S`)) continue;
      const npath = rec.slice(MARK.length + 1);
      skipped[npath] = `'${npath}' is not a directory`;
      warnings.push(`Skipped '${npath}' path due to this access issue: ${skipped[npath]}\n`);
    }
    const entries: Entry[] = records
      .filter((rec) => !rec.startsWith(MARK))
      .map((rec) => {
        const f = rec.split('\t');
        return {
          path: f[0],
          type: TYPES[f[1]] ?? 'other',
          perm: Number.parseInt(f[2], 8),
          size: Number(f[3]),
          uid: Number(f[4]),
          gid: Number(f[5]),
          user: f[6],
          group: f[7],
          mtime: pythonTime(f[8]),
          atime: pythonTime(f[9]),
          ctime: pythonTime(f[10]),
          inode: Number(f[11]),
          nlink: Number(f[12]),
          dev: Number(f[13]),
          depth: Number(f[14]),
        };
      });
    // Python's errors name positions in the pattern as given, before it is anchored here.
    const toRe = (p: string) => {
      if (!args.use_regex) return fnmatchToRegExp(p);
      checkPyPattern(p);
      return pyRegex(`^(?:${p})$`);
    };
    const patterns = (args.patterns as string[]).map(toRe);
    const excludes = ((args.excludes as string[] | undefined) ?? []).map(toRe);
    const now = Date.now() / 1000;
    let age: number | undefined;
    let size: number | undefined;
    try {
      if (args.age) age = parseAmount(args.age as string, UNITS, 's');
      if (args.size) size = parseAmount(args.size as string, SIZES, 'b');
    } catch (err) {
      return { changed: false, failed: true, msg: (err as Error).message };
    }
    const stamp = args.age_stamp as 'mtime' | 'atime' | 'ctime';
    let matched = entries.filter((e) => {
      if (depth && e.depth > depth) return false;
      const base = e.path.slice(e.path.lastIndexOf('/') + 1);
      if (!args.hidden && base.startsWith('.')) return false;
      if (args.file_type !== 'any' && e.type !== args.file_type) return false;
      if (patterns.length && !patterns.some((r) => r.test(base))) return false;
      if (excludes.some((r) => r.test(base))) return false;
      if (age !== undefined && !(age >= 0 ? now - e[stamp] >= age : now - e[stamp] <= -age)) return false;
      if (size !== undefined && e.type === 'file' && !(size >= 0 ? e.size >= size : e.size <= -size))
        return false;
      return true;
    });
    // Ansible's contentfilter applies only when looking for files (file_type=file).
    if (args.contains && args.file_type === 'file' && matched.length) {
      const hits = new Set(
        await containing(ctx, matched, args.contains as string, args.read_whole_file === true),
      );
      matched = matched.filter((e) => hits.has(e.path));
    }
    // module.sha1 of each regular file matched (file_type any: the others get none).
    const checksums = args.get_checksum
      ? await sha1s(
          ctx,
          matched.filter((e) => e.type === 'file'),
        )
      : new Map<string, string>();
    return {
      changed: false,
      files: matched.map((e) => {
        const r = toFileResult(e);
        const sum = checksums.get(e.path);
        return sum === undefined ? r : { ...r, checksum: sum };
      }),
      matched: matched.length,
      examined: entries.length,
      skipped_paths: skipped,
      msg: warnings.length > 0 ? 'Not all paths examined, check warnings for details' : 'All paths examined',
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  },
};

/**
 * The files whose content matches as Ansible's contentfilter does, with grep -P on the host:
 * line by line, re.match (anchored at the line's start); with read_whole_file, re.search over
 * the whole text (grep -z reads it as one record) where, without re.MULTILINE, `$` matches only
 * at the end or before a final newline and `^` only at the start.
 */
async function containing(
  ctx: Parameters<typeof run>[0],
  files: Entry[],
  pattern: string,
  wholeFile: boolean,
): Promise<string[]> {
  // grep reads a newline in its pattern as the start of another pattern (and -P refuses
  // several): a literal newline goes to PCRE as `\n`, which means the same there.
  const pcre = pattern.replaceAll('\n', '\\n');
  const grepArgs = wholeFile ? `-lzP -- ${quote(wholeTextPattern(pcre))}` : `-lP -- ${quote(`^(?:${pcre})`)}`;
  const grep = await run(
    ctx,
    `grep ${grepArgs} ${files.map((e) => quote(e.path)).join(' ')} 2>/dev/null; true`,
  );
  return grep.stdout.split('\n').filter(Boolean);
}

/** path -> SHA-1 of its content, read on the host with one sha1sum (-z: names as they are). */
async function sha1s(ctx: Parameters<typeof run>[0], files: Entry[]): Promise<Map<string, string>> {
  const sums = new Map<string, string>();
  if (files.length === 0) return sums;
  const res = await run(ctx, `sha1sum -z -- ${files.map((e) => quote(e.path)).join(' ')} 2>/dev/null; true`);
  for (const line of res.stdout.split('\0')) {
    const m = /^([0-9a-f]{40}) [ *](.*)$/s.exec(line);
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

/** Python's `$` and `\Z` over a whole text, in PCRE as grep runs it (which ends `$` at the end only). */
export function wholeTextPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      out += !inClass && n === 'Z' ? '\\z' : c + n;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // A `]` (or `^]`) right after `[` is a literal, not the end of the class.
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i];
    } else out += c === '$' ? '(?=\\n?\\z)' : c;
  }
  return out;
}

/** find.py's `{'path': …}` updated with statinfo(st): its keys in its order (a loop label shows them). */
function toFileResult(e: Entry): Record<string, unknown> {
  const p = e.perm;
  return {
    path: e.path,
    mode: formatStatMode(p),
    isdir: e.type === 'directory',
    ischr: e.type === 'char',
    isblk: e.type === 'block',
    isreg: e.type === 'file',
    isfifo: e.type === 'fifo',
    islnk: e.type === 'link',
    issock: e.type === 'socket',
    uid: e.uid,
    gid: e.gid,
    size: e.size,
    inode: e.inode,
    dev: e.dev,
    nlink: e.nlink,
    atime: pyFloat(e.atime),
    mtime: pyFloat(e.mtime),
    ctime: pyFloat(e.ctime),
    gr_name: e.group,
    pw_name: e.user,
    ...permissionFlags(p),
  };
}
