/**
 * ansible.posix.authorized_key: keys present or absent in a user's authorized_keys, parsed,
 * compared and written back as the collection's module does (ranks, options, the comment
 * after a trailing space, exclusive). One round trip reads the user and the file; a change
 * takes one more that sets up the directory and file and writes it.
 */
import { quote } from '../connection/shell-quote.js';
import { pyRepr } from '../python/repr.js';
import { pySplitLines } from '../python/splitlines.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { pathInfo } from './util/path-info.js';
import { ModuleCrash, ModuleFailure, run } from './util/remote.js';
import { writeRemoteFile } from './util/remote-file.js';
import { parseStat, type RemoteStat, statLines } from './util/remote-stat.js';

/** authorized_key.py's VALID_SSH2_KEY_TYPES. */
const KEY_TYPES: ReadonlySet<string> = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521',
  'ecdsa-sha2-nistp521-cert-v01@openssh.com',
  'sk-ssh-ed25519@openssh.com',
  'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519',
  'ssh-ed25519-cert-v01@openssh.com',
  'ssh-dss',
  'ssh-rsa',
  'ssh-xmss@openssh.com',
  'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256',
  'rsa-sha2-512',
  'ssh-rsa-cert-v01@openssh.com',
  'rsa-sha2-256-cert-v01@openssh.com',
  'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
]);

/** The module's keydict: options in order, a name may repeat. */
export type KeyOptions = [string, string | null][];

/** parsekey's tuple: key (or the whole line when skipped), type, options, comment, rank. */
export interface ParsedKey {
  key: string;
  type: string;
  options: KeyOptions | null;
  comment: string | null;
  rank: number;
}

/** parseoptions: split on commas outside quotes; `name=value` or a bare flag. */
export function parseOptions(options: string | null): KeyOptions {
  const parsed: KeyOptions = [];
  if (!options) return parsed;
  const parts = options.split(/((?:[^,"']|"[^"]*"|'[^']*')+)/).slice(1, -1);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq >= 0) parsed.push([part.slice(0, eq), part.slice(eq + 1)]);
    else if (part !== ',') parsed.push([part, null]);
  }
  return parsed;
}

/** keydict equality: a dict of name -> list of values, whatever the order of names. */
function sameOptions(a: KeyOptions | null, b: KeyOptions | null): boolean {
  if (a === null || b === null) return a === b;
  const group = (o: KeyOptions) => {
    const m = new Map<string, (string | null)[]>();
    for (const [k, v] of o) m.set(k, [...(m.get(k) ?? []), v]);
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  if (ga.size !== gb.size) return false;
  for (const [k, v] of ga) {
    const w = gb.get(k);
    if (!w || w.length !== v.length || v.some((x, i) => x !== w[i])) return false;
  }
  return true;
}

/**
 * parsekey: undefined for a line with no key type (invalid). shlex without quotes or
 * comments splits on ' \t\r\n' only.
 */
export function parseKey(rawLine: string, rank: number): ParsedKey | undefined {
  const raw = rawLine.replaceAll('\\#', '#');
  const parts = raw.split(/[ \t\r\n]+/).filter((p) => p !== '');
  if (parts[0] === '#') return { key: raw, type: 'skipped', options: null, comment: null, rank };
  const at = parts.findIndex((p) => KEY_TYPES.has(p));
  if (at < 0) return undefined;
  const options = parseOptions(at > 0 ? parts.slice(0, at).join(' ') : null);
  if (at + 1 >= parts.length) throw new ModuleCrash('IndexError: list index out of range');
  return { key: parts[at + 1], type: parts[at], options, comment: parts.slice(at + 2).join(' '), rank };
}

/** parsekeys: the file's lines by key (an invalid line by itself), later lines winning. */
export function parseKeys(text: string): Map<string, ParsedKey> {
  const keys = new Map<string, ParsedKey>();
  pySplitLines(text, true).forEach((line, rank) => {
    const parsed = parseKey(line, rank);
    if (parsed) keys.set(parsed.key, parsed);
    else keys.set(line, { key: line, type: 'skipped', options: null, comment: null, rank });
  });
  return keys;
}

/** serialize: by rank (stable), key lines rebuilt, skipped lines as they were. */
export function serializeKeys(keys: Map<string, ParsedKey>): string {
  return [...keys.values()]
    .sort((a, b) => a.rank - b.rank)
    .map((k) => {
      if (k.type === 'skipped') return k.key;
      const opts =
        k.options && k.options.length > 0
          ? `${k.options.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(',')} `
          : '';
      return `${opts}${k.type} ${k.key} ${k.comment}\n`;
    })
    .join('');
}

export interface KeyRequest {
  keys: string[];
  state: 'present' | 'absent';
  keyOptions: string | null;
  comment: string | null;
  exclusive: boolean;
}

/** enforce_state's loop: edits `existing` in place, true when the file must be written. */
export function enforceKeys(existing: Map<string, ParsedKey>, req: KeyRequest): boolean {
  let write = false;
  const toExist: string[] = [];
  const maxRank = existing.size;
  req.keys.forEach((line, rank) => {
    let parsed = parseKey(line, rank);
    if (!parsed) throw new ModuleFailure(`invalid key specified: ${line}`);
    if (req.keyOptions !== null) parsed = { ...parsed, options: parseOptions(req.keyOptions) };
    if (req.comment !== null) parsed = { ...parsed, comment: req.comment };
    const old = existing.get(parsed.key);
    let matched = false;
    let nonMatching: ParsedKey | undefined;
    if (old) {
      const same =
        old.type === parsed.type &&
        old.comment === parsed.comment &&
        sameOptions(old.options, parsed.options);
      if (!same && req.state === 'present') nonMatching = old;
      else matched = true;
    }
    if (req.state === 'present') {
      toExist.push(parsed.key);
      if (nonMatching && existing.has(nonMatching.key)) {
        existing.delete(nonMatching.key);
        write = true;
      }
      if (!matched) {
        existing.set(parsed.key, { ...parsed, rank: maxRank + parsed.rank });
        write = true;
      }
    } else if (matched) {
      existing.delete(parsed.key);
      write = true;
    }
  });
  if (req.state === 'present' && req.exclusive) {
    for (const key of [...existing.keys()])
      if (!toExist.includes(key)) {
        existing.delete(key);
        write = true;
      }
  }
  return write;
}

/** os.path.dirname. */
function pyDirname(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

interface Probe {
  /** The passwd entry's fields, or null for an unknown user. */
  user: string[] | null;
  keyfile: string;
  realpath: string;
  /** The file as Python reads it in text mode (universal newlines). */
  content: string;
  /** add_path_info's keys for `path` as it is. */
  pathInfo: Record<string, unknown>;
}

async function probe(ctx: ModuleContext, user: string, path: string | null): Promise<Probe> {
  const script = [
    `u=${quote(user)}`,
    `if e=$(getent passwd -- "$u"); then printf 'U%s\\n' "$e"; else echo U; fi`,
    path !== null
      ? `k=${quote(path)}`
      : `h=$(printf %s "$e" | cut -d: -f6); case $h in */) k="$h.ssh/authorized_keys";; *) k="$h/.ssh/authorized_keys";; esac`,
    `printf '%s\\n' "$k"`,
    `realpath -m -- "$k"`,
    `if [ -f "$k" ]; then base64 < "$k" | tr -d '\\n' || exit 1; fi`,
    'echo',
    // add_path_info's keys for a given path
    path !== null ? `p=${quote(path)}\n${statLines(PATH_INFO)}` : '',
  ].join('\n');
  const res = await run(ctx, script);
  const lines = res.stdout.split('\n');
  if (res.rc !== 0 || lines.length < 5)
    throw new ModuleFailure(`Unable to read the keys: ${res.stderr.trim()}`, { rc: res.rc });
  const entry = lines[0].slice(1);
  const content = Buffer.from(lines[3], 'base64').toString('utf8').replace(/\r\n?/g, '\n');
  const stat = path !== null ? parseStat({ ...res, stdout: lines.slice(4).join('\n') }, path) : null;
  return {
    user: entry === '' ? null : entry.split(':'),
    keyfile: lines[1],
    realpath: lines[2],
    content,
    pathInfo: pathInfo(stat),
  };
}

/** add_path_info looks at the path unfollowed, when following it finds something. */
const PATH_INFO = { existsFollowing: true };

/** A key given as a URL: fetched on the host (fetch_url there), any failure as the module's. */
async function fetchKey(ctx: ModuleContext, url: string, validateCerts: boolean): Promise<string> {
  const k = validateCerts ? '' : ' -k';
  const res = await run(
    ctx,
    `if command -v curl >/dev/null 2>&1; then curl -fsSL${k} -- ${quote(url)}; else exit 127; fi`,
  );
  if (res.rc !== 0) throw new ModuleFailure(`Error getting key from: ${url}`);
  return res.stdout;
}

export const authorizedKeyModule: ModuleDefinition = {
  name: 'authorized_key',
  args: {
    options: {
      user: { type: 'str', required: true },
      key: { type: 'str', required: true },
      path: { type: 'path' },
      manage_dir: { type: 'bool', default: true },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      key_options: { type: 'str' },
      exclusive: { type: 'bool', default: false },
      comment: { type: 'str' },
      validate_certs: { type: 'bool', default: true },
      follow: { type: 'bool', default: false },
    },
  },
  async run(args, ctx) {
    const user = args.user as string;
    const path = (args.path as string | undefined) ?? null;
    const params: ModuleResult = {
      user,
      key: args.key,
      path,
      manage_dir: args.manage_dir,
      state: args.state,
      key_options: args.key_options ?? null,
      exclusive: args.exclusive,
      comment: args.comment ?? null,
      validate_certs: args.validate_certs,
      follow: args.follow,
    };
    let key = args.key as string;
    if (key.startsWith('http')) key = await fetchKey(ctx, key, args.validate_certs as boolean);
    const newKeys = pySplitLines(key).filter((s) => s !== '' && !s.startsWith('#'));
    const found = await probe(ctx, user, path);
    // keyfile(): in check mode a given path needs no user; otherwise the user must exist
    if (!(ctx.check && path !== null) && found.user === null) {
      if (ctx.check)
        throw new ModuleFailure(
          'Either user must exist or you must provide full path to key file in check mode',
        );
      throw new ModuleFailure(
        `Failed to lookup user ${user}: ${pyRepr(`getpwnam(): name not found: ${pyRepr(user)}`)}`,
      );
    }
    params.keyfile = found.keyfile;
    const keys = parseKeys(found.content);
    const write = enforceKeys(keys, {
      keys: newKeys,
      state: args.state as 'present' | 'absent',
      keyOptions: (args.key_options as string | undefined) ?? null,
      comment: (args.comment as string | undefined) ?? null,
      exclusive: args.exclusive as boolean,
    });
    if (!write) return { ...params, ...found.pathInfo };
    const filename = args.follow ? found.realpath : found.keyfile;
    const after = serializeKeys(keys);
    if (ctx.diff)
      params.diff = { before_header: found.keyfile, after_header: filename, before: found.content, after };
    params.changed = true;
    if (ctx.check) return { ...params, ...found.pathInfo };
    const st = await writeKeys(ctx, found, filename, after, path, args.manage_dir as boolean);
    return { ...params, ...pathInfo(st) };
  },
};

/** keyfile(write=True), then writefile: directory and file set up, then the atomic write. */
async function writeKeys(
  ctx: ModuleContext,
  found: Probe,
  filename: string,
  content: string,
  path: string | null,
  manageDir: boolean,
): Promise<RemoteStat | null> {
  const [, , uid, gid] = found.user ?? [];
  const sshdir = path !== null ? pyDirname(path) : pyDirname(found.keyfile);
  const owner = `${uid}:${gid}`;
  const setup = [
    `k=${quote(filename)}`,
    manageDir
      ? [
          `s=${quote(sshdir)}`,
          `if [ ! -e "$s" ] && ! mkdir -m 700 -- "$s" 2>/dev/null; then`,
          `  if [ -d "$(dirname -- "$s")" ]; then e='[Errno 13] Permission denied'; else e='[Errno 2] No such file or directory'; fi`,
          `  printf '%s%s: %s\\n' ${quote(`Failed to create directory ${sshdir} : `)} "$e" ${quote(pyRepr(sshdir))} >&2; exit 2`,
          'fi',
          `chown ${owner} -- "$s" && chmod 700 -- "$s" || exit 2`,
        ].join('\n')
      : '',
    `if [ ! -e "$k" ]; then b=$(dirname -- "$k"); [ -e "$b" ] || mkdir -p -- "$b" || exit 2; : > "$k" || exit 2; fi`,
    `chown ${owner} -- "$k" 2>/dev/null; chmod 600 -- "$k" 2>/dev/null`,
  ].join('\n');
  try {
    const st = await writeRemoteFile(ctx, filename, content, {
      beforeWrite: setup,
      ...(path !== null ? { statAfter: PATH_INFO, statPath: path } : {}),
    });
    return st ?? null;
  } catch (err) {
    if (err instanceof ModuleFailure && !(err instanceof ModuleCrash)) throw new ModuleFailure(err.message);
    throw err;
  }
}
