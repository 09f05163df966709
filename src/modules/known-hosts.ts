/**
 * known_hosts: a host's key present or absent in a known_hosts file, found with the host's
 * `ssh-keygen -F` as Ansible's module finds it (hashed entries included). One round trip
 * runs the sanity check, the search and reads the file; a change takes one more.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { quote } from '../connection/shell-quote.js';
import { pySplitLines } from '../python/splitlines.js';
import type { DiffEntry, ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { BIN_MISSING, binPathScript } from './util/bin-path.js';
import { pathInfo } from './util/path-info.js';
import { ModuleFailure, run } from './util/remote.js';
import { writeRemoteFile } from './util/remote-file.js';
import { parseStat, statLines } from './util/remote-stat.js';

/** hash_host_key: the host field replaced by `|1|salt|hmac`. */
export function hashHostKey(host: string, key: string, salt: Buffer = randomBytes(20)): string {
  const hashed = createHmac('sha1', salt).update(host, 'utf8').digest();
  const parts = key.trim().split(/\s+/);
  const i = parts[0].startsWith('@') ? 1 : 0;
  parts[i] = `|1|${salt.toString('base64')}|${hashed.toString('base64')}`;
  return parts.join(' ');
}

interface NormalKey {
  options?: string;
  host: string;
  type: string;
  key: string;
}

/** normalize_known_hosts_key. */
function normalize(line: string): NormalKey {
  const k = line.trim().split(/\s+/);
  if (k.length < 3 || (k[0].startsWith('@') && k.length < 4))
    throw new ModuleFailure('MODULE FAILURE: a known_hosts line has too few fields');
  if (k[0].startsWith('@')) return { options: k[0], host: k[1], type: k[2], key: k[3] };
  return { host: k[0], type: k[1], key: k[2] };
}

const sameKey = (a: NormalKey, b: NormalKey) =>
  a.options === b.options && a.host === b.host && a.type === b.type && a.key === b.key;

/** search_for_host_key's answer from `ssh-keygen -F`'s output. */
export function searchOutput(
  stdout: string,
  key: string | null,
): { found: boolean; replace: boolean; line: number | null } {
  if (!key) return { found: true, replace: false, line: null };
  const wanted = normalize(key);
  let line: number | null = null;
  for (const l of stdout.split('\n')) {
    if (l === '') continue;
    if (l.startsWith('#')) {
      const m = /found: line (\d+)/.exec(l);
      if (m) line = Number(m[1]);
      continue;
    }
    const found = normalize(l);
    if (wanted.host.startsWith('|1|') && found.host.startsWith('|1|')) wanted.host = found.host;
    if (sameKey(wanted, found)) return { found: true, replace: false, line };
    if (wanted.type === found.type) return { found: true, replace: true, line };
  }
  return { found: true, replace: true, line: null };
}

const b64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

interface Probe {
  /** The sanity check's `ssh-keygen -F` on the key alone found the host. */
  sane: boolean;
  /** The search on the file: null when the file does not exist. */
  search: { rc: number; stdout: string; stderr: string } | null;
  /** The file's text, null when opening it finds nothing (ENOENT). */
  content: string | null;
  pathInfo: Record<string, unknown>;
  /** The path, `~` expanded. */
  path: string;
}

async function probe(ctx: ModuleContext, host: string, key: string | null, path: string): Promise<Probe> {
  const script = [
    `h=${quote(host)}; p=${quote(path)}`,
    // the path type's expanduser, on the host
    `case $p in "~") p=$HOME;; "~/"*) p="$HOME/\${p#"~/"}";; esac; printf '%s\\n' "$p"`,
    binPathScript('ssh-keygen', 'kg'),
    't=$(mktemp) || exit 1',
    key !== null
      ? `printf %s ${quote(key)} > "$t"; "$kg" -F "$h" -f "$t" > "$t.o" 2>/dev/null; if [ -s "$t.o" ]; then echo S1; else echo S0; fi`
      : 'echo S1',
    `if [ -e "$p" ]; then "$kg" -F "$h" -f "$p" > "$t.o" 2> "$t.e"; echo "F:$?:$(base64 -w0 < "$t.o"):$(base64 -w0 < "$t.e")"; else echo F-; fi`,
    'rm -f -- "$t" "$t.o" "$t.e"',
    `if [ -f "$p" ] || [ -e "$p" ]; then echo "C:$(base64 -w0 < "$p" 2>/dev/null)"; else echo C-; fi`,
    statLines({ existsFollowing: true }),
  ].join('\n');
  const res = await run(ctx, script);
  if (res.rc === BIN_MISSING) throw new ModuleFailure(res.stderr.trim());
  const lines = res.stdout.split('\n');
  if (res.rc !== 0 || lines.length < 5) throw new ModuleFailure(`known_hosts: ${res.stderr.trim()}`);
  const [expanded, sane, search, content] = lines;
  const f = search.split(':');
  return {
    sane: sane === 'S1',
    search: search === 'F-' ? null : { rc: Number(f[1]), stdout: b64(f[2]), stderr: b64(f[3]) },
    content: content === 'C-' ? null : b64(content.slice(2)).replace(/\r\n?/g, '\n'),
    pathInfo: pathInfo(parseStat({ ...res, stdout: lines.slice(4).join('\n') }, expanded)),
    path: expanded,
  };
}

/** compute_diff. */
function computeDiff(
  path: string,
  before: string | null,
  line: number | null,
  replace: boolean,
  state: string,
  key: string | null,
): DiffEntry {
  const lines = pySplitLines(before ?? '', true);
  if ((replace || state === 'absent') && line !== null && line >= 1 && line <= lines.length)
    lines.splice(line - 1, 1);
  if (state === 'present' && (replace || line === null)) lines.push(key ?? '');
  return {
    before_header: before === null ? '/dev/null' : path,
    after_header: path,
    before: before ?? '',
    after: lines.join(''),
  };
}

export const knownHostsModule: ModuleDefinition = {
  name: 'known_hosts',
  args: {
    options: {
      name: { type: 'str', required: true, aliases: ['host'] },
      key: { type: 'str' },
      path: { type: 'path', default: '~/.ssh/known_hosts' },
      hash_host: { type: 'bool', default: false },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    },
  },
  async run(args, ctx) {
    const host = (args.name as string).toLowerCase();
    const state = args.state as string;
    const params: ModuleResult = {
      name: args.name,
      key: args.key ?? null,
      path: args.path,
      hash_host: args.hash_host,
      state,
    };
    let key = (args.key as string | undefined) || null;
    if (!key && state !== 'absent') throw new ModuleFailure('No key specified when adding a host');
    if (key && args.hash_host) key = hashHostKey(host, key);
    if (key && !key.endsWith('\n')) key += '\n';
    if (key && /\S+(\s+)?,(\s+)?/.test(host))
      throw new ModuleFailure(
        'Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.',
      );
    const found = await probe(ctx, host, key, args.path as string);
    const path = found.path;
    params.path = path;
    if (!found.sane)
      throw new ModuleFailure('Host parameter does not match hashed host field in supplied key');
    let search = { found: false, replace: false, line: null as number | null };
    const s = found.search;
    if (s && !(s.stdout === '' && s.stderr === '' && (s.rc === 0 || s.rc === 1))) {
      if (s.rc !== 0)
        throw new ModuleFailure(`ssh-keygen failed (rc=${s.rc}, stdout='${s.stdout}',stderr='${s.stderr}')`);
      search = searchOutput(s.stdout, key);
    }
    const diff = computeDiff(path, found.content, search.line, search.replace, state, key);
    params.diff = diff;
    if (state === 'absent' && search.line === null && key)
      return { ...params, changed: false, ...found.pathInfo };
    const changing = search.replace || (state === 'present') !== search.found;
    if (ctx.check) return { changed: changing, diff };
    if (search.found && !key && state === 'absent') {
      // ssh-keygen -R removes every entry of the host (and keeps the old file as path.old);
      // the module's rewrite after it changes nothing
      const res = await run(
        ctx,
        [
          binPathScript('ssh-keygen', 'kg'),
          `o=$("$kg" -R ${quote(host)} -f ${quote(path)} 2>&1) || { printf '%s\\n' "$o" >&2; exit 1; }`,
          `p=${quote(path)}`,
          statLines({ existsFollowing: true }),
        ].join('\n'),
      );
      if (res.rc !== 0) throw new ModuleFailure(res.stderr.trimEnd(), { rc: res.rc });
      return { ...params, changed: true, ...pathInfo(parseStat(res, path)) };
    }
    if (!changing) return { ...params, ...found.pathInfo, changed: false };
    // the file as Python iterates it, the found line dropped when replaced or removed
    const lines = (found.content ?? '').match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const kept = lines.filter((_, i) => !(search.line === i + 1 && (search.replace || state === 'absent')));
    if (state === 'present') kept.push(key ?? '');
    const st = await writeRemoteFile(ctx, path, kept.join(''), { statAfter: { existsFollowing: true } });
    return { ...params, changed: true, ...pathInfo(st ?? null) };
  },
};
