/**
 * get_url, as ansible/modules/get_url.py: the download runs on the host (curl, else wget;
 * util/http-client.ts) into a temp file there. One script checks dest (a directory, or its
 * checksum when `checksum` can spare the download) and downloads; a second puts the temp
 * file in place (or removes it) and stats dest; a third only when mode/owner/group differ.
 */

import { quote } from '../connection/shell-quote.js';
import { booleanOf } from '../python/boolean.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { applyAttributes, attributeArgs, FILE_COMMON_OPTIONS, planAttributes } from './util/attributes.js';
import {
  curlConfig,
  HTTP_MARK,
  type HttpResponse,
  httpScript,
  NO_CLIENT,
  NO_CLIENT_MSG,
  parseHttp,
  requestHeaders,
  splitCredentials,
  URL_AUTH_OPTIONS,
  URL_OPTIONS,
} from './util/http-client.js';
import { pathInfo } from './util/path-info.js';
import { ModuleFailure, run } from './util/remote.js';
import { atomicMoveLines, backupName, dirname } from './util/remote-file.js';
import { parseStat, type RemoteStat, statLines } from './util/remote-stat.js';

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
const TMP_MARK = '__flotilla_tmp__';
const STAT_MARK = '__flotilla_dest__';

const isSet = (v: unknown) => v !== undefined && v !== null;
const isTrue = (v: unknown) => isSet(v) && booleanOf(typeof v === 'string' ? v.toLowerCase() : v) === true;
const isFalse = (v: unknown) => isSet(v) && booleanOf(typeof v === 'string' ? v.toLowerCase() : v) === false;
const nonEmpty = (v: unknown) => isSet(v) && !(Array.isArray(v) && v.length === 0) && v !== '';

/**
 * Arguments the native form does not implement (Ansible's module does), by name and the test
 * of a raw value that asks for them: such a task runs through the bridge (bridgeFor).
 */
export const HTTP_NOT_NATIVE: [string, (v: unknown) => boolean][] = [
  ['client_cert', isSet],
  ['client_key', isSet],
  ['ciphers', isSet],
  ['use_gssapi', isTrue],
  ['use_proxy', isFalse],
  ['unredirected_headers', nonEmpty],
  ['decompress', isFalse],
  ['attributes', isSet],
  ['attr', isSet],
  ['seuser', isSet],
  ['serole', isSet],
  ['setype', isSet],
  ['selevel', isSet],
];
const NOT_NATIVE: [string, (v: unknown) => boolean][] = [
  ...HTTP_NOT_NATIVE,
  // a checksum file fetched from a url
  ['checksum', (v) => typeof v === 'string' && /^\w+:(https?|ftp|file):/.test(v)],
];

/** The first argument of NOT_NATIVE the task sets, as the refusal's message. */
export function refuseNotNative(
  module: string,
  args: Record<string, unknown>,
  list: [string, (v: unknown) => boolean][],
): ModuleResult | undefined {
  const found = list.find(([name, isSet]) => isSet(args[name]));
  if (!found) return undefined;
  return {
    changed: false,
    failed: true,
    msg: `flotilla's native ${module} does not implement ${found[0]} (such a task runs Ansible's module through the bridge)`,
  };
}

/** url_filename: the url path's last part, else index.html. */
export function urlFilename(url: string): string {
  const path = /^[a-zA-Z][\w+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url)?.[1] ?? url.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === '' ? 'index.html' : base;
}

/** extract_filename_from_headers: re.match('attachment; ?filename="?([^"]+)'), basename. */
export function dispositionFilename(headers: Record<string, string>): string | undefined {
  const value = headers['content-disposition'];
  if (value === undefined) return undefined;
  const m = /^attachment; ?filename="?([^"]+)/.exec(value);
  if (!m) return undefined;
  return m[1].slice(m[1].lastIndexOf('/') + 1) || undefined;
}

const secondsSince = (start: number) => Math.floor((Date.now() - start) / 1000);

interface Probe {
  kind: 'dir' | 'file' | 'none';
  stat: RemoteStat | null;
  /** The wanted algorithm's digest of dest (when a checksum was given). */
  digest?: string;
  /** The checksum matched: nothing was downloaded. */
  skipped: boolean;
  http?: HttpResponse;
  tmp?: string;
  tmpSha1?: string;
  tmpMd5?: string;
  tmpDigest?: string;
}

function section(out: string, mark: string): string | undefined {
  const at = out.indexOf(`${mark}\n`);
  return at < 0 ? undefined : out.slice(at + mark.length + 1);
}

export const getUrlModule: ModuleDefinition = {
  name: 'get_url',
  bridgeFor: (args) => NOT_NATIVE.some(([name, asks]) => asks(args[name])),
  args: {
    options: {
      url: { type: 'str', required: true },
      dest: { type: 'path', required: true },
      backup: { type: 'bool', default: false },
      checksum: { type: 'str', default: '' },
      timeout: { type: 'int', default: 10 },
      headers: { type: 'dict' },
      tmp_dest: { type: 'path' },
      ...URL_OPTIONS,
      url_username: { type: 'str', aliases: ['username'] },
      url_password: { type: 'str', aliases: ['password'] },
      ...URL_AUTH_OPTIONS,
      ...FILE_COMMON_OPTIONS,
    },
  },
  run: runGetUrl,
};

async function runGetUrl(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const refused = refuseNotNative('get_url', args, NOT_NATIVE);
  if (refused) return refused;
  const url = args.url as string;
  let dest = args.dest as string;
  const force = args.force as boolean;
  const result: ModuleResult = {
    changed: false,
    checksum_dest: null,
    checksum_src: null,
    dest,
    elapsed: 0,
    url,
  };
  const fail = (msg: string, extra: Record<string, unknown> = {}) => ({
    ...result,
    ...extra,
    failed: true,
    msg,
  });

  let algorithm = '';
  let checksum = args.checksum as string;
  if (checksum) {
    const colon = checksum.indexOf(':');
    if (colon < 0) return fail('The checksum parameter has to be in format <algorithm>:<checksum>');
    algorithm = checksum.slice(0, colon);
    checksum = checksum.slice(colon + 1);
    checksum = checksum.replace(/[^\p{L}\p{N}_]+/gu, '').toLowerCase();
    if (!/^[0-9a-f]+$/.test(checksum)) return fail('The checksum format is invalid');
    if (!ALGORITHMS.includes(algorithm))
      return fail(
        `Could not hash file '${dest}' with algorithm '${algorithm}'. Available algorithms: ${ALGORITHMS.join(', ')}`,
      );
  }

  // urllib takes user:password@ out of the url; url_username wins over it
  const creds = splitCredentials(url);
  const user = (args.url_username as string | undefined) ?? creds.user;
  const password = args.url_username ? (args.url_password as string | undefined) : creds.password;
  const { headers, challengeAuth } = requestHeaders({
    user,
    password,
    forceBasicAuth: args.force_basic_auth as boolean,
    force: false,
    headers: args.headers as Record<string, unknown> | null,
  });
  const method = ctx.check ? 'HEAD' : 'GET';
  const request = {
    url: creds.url,
    method,
    headers,
    timeout: args.timeout as number,
    follow: true,
    headRedirectsToGet: true,
    challengeAuth,
    outFile: '"$t"',
    agent: args.http_agent as string,
    netrc: (args.use_netrc as boolean) && !user,
  };

  // Round trip 1: what dest is, whether its checksum spares the download, the download.
  const digestCmd = algorithm ? `${algorithm}sum < "$d" | cut -d' ' -f1` : 'echo';
  const script = [
    `d=${quote(dest)}; _xh=`,
    'if [ -d "$d" ]; then echo dir; echo',
    `elif [ -e "$d" ]; then echo file; ${digestCmd}`,
    'else echo none; echo; fi',
    `echo ${STAT_MARK}`,
    'p="$d"',
    `(${statLines({ follow: true })})`,
    `echo ${STAT_MARK}`,
    // a matching checksum (without force) keeps the file: no download
    algorithm && !force
      ? `if [ -f "$d" ] && [ ! -d "$d" ] && [ "$(${digestCmd})" = ${quote(checksum)} ]; then echo skip; exit 0; fi`
      : '',
    // force asks for a fresh copy; a file there is fetched If-Modified-Since, or fresh when
    // its checksum failed
    force
      ? `_xh='Cache-Control: no-cache'`
      : algorithm
        ? `if [ -e "$d" ] && [ ! -d "$d" ]; then _xh='Cache-Control: no-cache'; fi`
        : `if [ -e "$d" ] && [ ! -d "$d" ]; then _xh="If-Modified-Since: $(LC_ALL=C date -u -r "$d" '+%a, %d %b %Y %H:%M:%S GMT')"; fi`,
    't=$(mktemp) || exit 1',
    httpScript(request),
    `echo ${TMP_MARK}; echo "$t"`,
    `sha1sum < "$t" | cut -d' ' -f1`,
    `md5sum < "$t" | cut -d' ' -f1`,
    algorithm ? `${algorithm}sum < "$t" | cut -d' ' -f1` : 'echo',
  ]
    .filter((line) => line !== '')
    .join('\n');
  const start = Date.now();
  const res = await run(ctx, script, { stdin: curlConfig(request) });
  if (res.rc === NO_CLIENT) return fail(NO_CLIENT_MSG);
  const probe = readProbe(res.stdout, creds.url, dest);
  if (!probe) throw new ModuleFailure(res.stderr.trim() || 'get_url: the download script failed', res);
  const elapsed = secondsSince(start);

  const finishWith = (r: ModuleResult, st: RemoteStat | null) => Object.assign(r, pathInfo(st));

  if (probe.skipped) {
    // the checksum matched: only the file attributes
    const attrs = await applyAttributes(ctx, dest, probe.stat as RemoteStat, attributeArgs(args));
    result.changed = attrs.changed;
    const st = attrs.stat ?? probe.stat;
    const msg = attrs.changed ? 'file already exists but file attributes changed' : 'file already exists';
    return finishWith({ ...result, msg }, st);
  }
  const http = probe.http as HttpResponse;
  const tmp = probe.tmp as string;
  const cleanup = async (r: ModuleResult, st: RemoteStat | null) => {
    await run(ctx, `rm -f -- ${quote(tmp)}`);
    return finishWith(r, st);
  };
  if (http.status === 304)
    return cleanup(
      { url, dest, changed: false, msg: http.msg, status_code: http.status, elapsed },
      probe.stat,
    );
  if (http.status === -1) return cleanup({ msg: http.msg, url, dest, elapsed, failed: true }, probe.stat);
  if (http.status !== 200)
    return cleanup(
      {
        msg: 'Request failed',
        status_code: http.status,
        response: http.msg,
        url,
        dest,
        elapsed,
        failed: true,
      },
      probe.stat,
    );
  result.elapsed = elapsed;
  result.src = tmp;
  if (probe.kind === 'dir') {
    const filename = dispositionFilename(http.headers) ?? urlFilename(http.url);
    dest = `${dest.replace(/\/+$/, '')}/${filename}`;
    result.dest = dest;
  }
  result.checksum_src = probe.tmpSha1;
  const mismatch = algorithm !== '' && probe.tmpDigest !== checksum;

  // Round trip 2: put the file in place (or not) and stat dest.
  const backup = args.backup ? backupName(dest) : '';
  const finish = [
    `d=${quote(dest)}; t=${quote(tmp)}; cs=`,
    'if [ -e "$d" ]; then',
    '  [ -w "$d" ] || { rm -f -- "$t"; echo unwritable; exit 3; }',
    '  [ -r "$d" ] || { rm -f -- "$t"; echo unreadable; exit 3; }',
    `  cs=$(sha1sum < "$d" | cut -d' ' -f1)`,
    'else',
    `  [ -e ${quote(dirname(dest))} ] || { rm -f -- "$t"; echo noparent; exit 3; }`,
    `  [ -w ${quote(dirname(dest))} ] || { rm -f -- "$t"; echo parentunwritable; exit 3; }`,
    'fi',
    'echo "sum $cs"',
    ctx.check
      ? 'rm -f -- "$t"'
      : [
          `if [ "$cs" != ${quote(probe.tmpSha1 ?? '')} ]; then`,
          backup ? `  if [ -e "$d" ]; then cp -p -- "$d" ${quote(backup)} || exit 1; echo backup; fi` : '',
          atomicMoveLines('  '),
          '  echo moved',
          'else rm -f -- "$t"; fi',
          mismatch ? 'rm -f -- "$d"' : '',
        ]
          .filter((l) => l !== '')
          .join('\n'),
    `echo ${STAT_MARK}`,
    'p="$d"',
    statLines({}),
  ].join('\n');
  const done = await run(ctx, finish);
  const [head, statText = ''] = done.stdout.split(`${STAT_MARK}\n`);
  const words = head.split('\n');
  const refusal = { unwritable: 'is not writable', unreadable: 'is not readable' } as const;
  if (done.rc === 3) {
    const what = words[0];
    if (what === 'unwritable' || what === 'unreadable')
      return finishWith(fail(`Destination ${dest} ${refusal[what]}`), probe.stat);
    const parent = dirname(dest);
    return fail(`Destination ${parent} ${what === 'noparent' ? 'does not exist' : 'is not writable'}`);
  }
  if (done.rc !== 0 || statText === '') {
    return fail(`failed to copy ${tmp} to ${dest}: ${done.stderr.trim()}`);
  }
  const sumLine = words.find((w) => w.startsWith('sum ')) ?? 'sum ';
  result.checksum_dest = sumLine.slice(4) || null;
  let st = parseStat({ ...done, stdout: statText }, dest);
  if (ctx.check) {
    result.changed = result.checksum_src !== result.checksum_dest;
    return finishWith({ ...result, msg: http.msg }, st);
  }
  result.changed = words.includes('moved');
  if (mismatch) return fail(`The checksum for ${dest} did not match ${checksum}; it was ${probe.tmpDigest}.`);
  if (st) {
    // Round trip 3, only when mode/owner/group differ.
    const plan = planAttributes(dest, st, attributeArgs(args));
    if (plan.commands.length > 0) {
      const attrs = await applyAttributes(ctx, dest, st, attributeArgs(args));
      result.changed = result.changed || attrs.changed;
      st = attrs.stat ?? st;
    }
  }
  // the file at dest holds the downloaded bytes
  result.md5sum = st ? (probe.tmpMd5 ?? null) : null;
  if (words.includes('backup')) result.backup_file = backup;
  return finishWith({ ...result, msg: http.msg, status_code: http.status }, st);
}

function readProbe(out: string, url: string, dest: string): Probe | undefined {
  const [head, statText, rest] = out.split(`${STAT_MARK}\n`);
  if (rest === undefined) return undefined;
  const [kind, digest] = head.split('\n');
  const stat = parseStat({ stdout: statText, stderr: '', rc: 0 }, dest);
  const probe: Probe = {
    kind: kind as Probe['kind'],
    stat,
    digest: digest || undefined,
    skipped: rest.startsWith('skip\n'),
  };
  if (probe.skipped) return probe;
  if (!rest.includes(HTTP_MARK)) return undefined;
  probe.http = parseHttp(rest, url, true);
  const tail = section(rest, TMP_MARK);
  if (tail !== undefined) {
    const [tmp, sha, md5, dig] = tail.split('\n');
    probe.tmp = tmp;
    probe.tmpSha1 = sha;
    probe.tmpMd5 = md5;
    probe.tmpDigest = dig || undefined;
  }
  return probe;
}
