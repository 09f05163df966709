/**
 * uri, as ansible/modules/uri.py: the request runs on the host (curl, else wget;
 * util/http-client.ts). One script checks creates/removes and dest and makes the request;
 * without dest that is all. With dest, a second puts the body in place and stats it, and a
 * third runs only when mode/owner/group differ.
 */

import { quote } from '../connection/shell-quote.js';
import { pythonJsonDumpsDefault } from '../python/json-dumps.js';
import { pyJsonLoads } from '../python/json-loads.js';
import { pyRepr, pyStr } from '../python/repr.js';
import { HTTP_NOT_NATIVE, refuseNotNative } from './get_url.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { applyAttributes, attributeArgs, FILE_COMMON_OPTIONS, planAttributes } from './util/attributes.js';
import {
  curlConfig,
  HTTP_MARK,
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
import { atomicMoveLines } from './util/remote-file.js';
import { parseStat, type RemoteStat, statLines } from './util/remote-stat.js';

const JSON_CANDIDATES = new Set(['json', 'javascript']);
const TMP_MARK = '__flotilla_tmp__';
const STAT_MARK = '__flotilla_dest__';
/** A body saved to dest is also read back (for `json`, `content`) up to this size. */
const MAX_READ_BACK = 4 * 1024 * 1024;

const NOT_NATIVE: [string, (v: unknown) => boolean][] = [
  ...HTTP_NOT_NATIVE,
  // the action plugin's controller file (and remote_src's host file)
  ['src', (v) => v !== undefined && v !== null],
  ['unix_socket', (v) => v !== undefined && v !== null],
  ['ca_path', (v) => v !== undefined && v !== null],
  ['body_format', (v) => typeof v === 'string' && v.toLowerCase() === 'form-multipart'],
];

/** Python's urlencode(quote_plus) of one key or value. */
function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => (c === '~' ? c : `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .replace(/%20/g, '+');
}

/** form_urlencoded: a mapping or a list of pairs, list values repeated, None dropped. */
export function formUrlencoded(body: unknown): string {
  if (typeof body === 'string') return body;
  let pairs: [unknown, unknown][];
  if (Array.isArray(body)) pairs = body.map((p) => (Array.isArray(p) ? [p[0], p[1]] : [p, undefined]));
  else if (body && typeof body === 'object') pairs = Object.entries(body);
  else return String(body);
  const out: string[] = [];
  for (const [key, values] of pairs) {
    const list = Array.isArray(values) ? values : [values];
    for (const value of list) {
      if (value === null || value === undefined) continue;
      out.push(`${quotePlus(pyStr(key))}=${quotePlus(pyStr(value))}`);
    }
  }
  return out.join('&');
}

/** email's get_content_type / get_param('charset') on Content-Type. */
export function contentType(header: string | undefined): { type: string; sub: string; charset: string } {
  let type = 'text/plain';
  let charset = 'utf-8';
  if (header !== undefined) {
    const [first, ...params] = header.split(';');
    const t = first.trim().toLowerCase();
    if (t.split('/').length === 2) type = t;
    for (const p of params) {
      const m = /^\s*charset\s*=\s*"?([^";]*)"?\s*$/i.exec(p);
      if (m) charset = m[1].split(',')[0];
    }
  }
  type = type.split(',')[0];
  return { type, sub: type.split('/')[1] ?? '', charset };
}

/** get_response_filename: Content-Disposition's filename, else the url path's last part. */
export function responseFilename(url: string, headers: Record<string, string>): string | undefined {
  const cd = headers['content-disposition'];
  const m = cd === undefined ? null : /;\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/i.exec(cd);
  if (m) return (m[1] ?? m[2]).replace(/\\(.)/g, '$1');
  const path = /^[a-zA-Z][\w+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url)?.[1] ?? '';
  const trimmed = path.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return base ? decodeURIComponent(base) : undefined;
}

/** absolute_location. */
export function absoluteLocation(url: string, location: string): string {
  if (location.includes('://')) return location;
  if (location.startsWith('/')) {
    const path = /^[a-zA-Z][\w+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url)?.[1] ?? '';
    return `${path ? url.replace(path, '') : url}${location}`;
  }
  return `${url.slice(0, url.lastIndexOf('/'))}/${location}`;
}

export const uriModule: ModuleDefinition = {
  name: 'uri',
  bridgeFor: (args) => NOT_NATIVE.some(([name, asks]) => asks(args[name])),
  args: {
    options: {
      url: { type: 'str', required: true },
      dest: { type: 'path' },
      url_username: { type: 'str', aliases: ['user'] },
      url_password: { type: 'str', aliases: ['password'] },
      body: { type: 'raw' },
      body_format: {
        type: 'str',
        default: 'raw',
        choices: ['form-urlencoded', 'json', 'raw', 'form-multipart'],
      },
      src: { type: 'path' },
      method: { type: 'str', default: 'GET' },
      return_content: { type: 'bool', default: false },
      follow_redirects: {
        type: 'str',
        default: 'safe',
        choices: ['all', 'no', 'none', 'safe', 'urllib2', 'yes'],
      },
      creates: { type: 'path' },
      removes: { type: 'path' },
      status_code: { type: 'list', elements: 'int', default: [200] },
      timeout: { type: 'int', default: 30 },
      headers: { type: 'dict', default: {} },
      unix_socket: { type: 'path' },
      remote_src: { type: 'bool', default: false },
      ca_path: { type: 'path' },
      ...URL_OPTIONS,
      ...URL_AUTH_OPTIONS,
      ...FILE_COMMON_OPTIONS,
    },
    mutuallyExclusive: [['body', 'src']],
  },
  run: runUri,
};

async function runUri(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const refused = refuseNotNative('uri', args, NOT_NATIVE);
  if (refused) return refused;
  const url = args.url as string;
  let body = args.body;
  const bodyFormat = (args.body_format as string).toLowerCase();
  const method = (args.method as string).toUpperCase();
  let dest = (args.dest as string | null) ?? undefined;
  const returnContent = args.return_content as boolean;
  const statusCodes = args.status_code as number[];
  const headers = { ...((args.headers as Record<string, unknown> | null) ?? {}) };
  const fail = (msg: string, extra: Record<string, unknown> = {}): ModuleResult => ({
    ...extra,
    changed: false,
    failed: true,
    msg,
  });

  if (!/^[A-Z]+$/.test(method))
    return fail("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
  const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (bodyFormat === 'json') {
    if (typeof body !== 'string') body = pythonJsonDumpsDefault(body ?? null);
    if (!hasContentType) headers['Content-Type'] = 'application/json';
  } else if (bodyFormat === 'form-urlencoded') {
    if (typeof body !== 'string') body = formUrlencoded(body);
    if (!hasContentType) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (body !== undefined && body !== null && typeof body !== 'string') body = pyStr(body);

  const follow = args.follow_redirects as string;
  const follows =
    follow === 'all' || follow === 'yes'
      ? true
      : follow === 'safe'
        ? method === 'GET' || method === 'HEAD'
        : follow === 'urllib2'
          ? ['GET', 'HEAD', 'POST'].includes(method)
          : false;
  const creds = splitCredentials(url);
  const user = (args.url_username as string | undefined) ?? creds.user;
  const password = args.url_username ? (args.url_password as string | undefined) : creds.password;
  const built = requestHeaders({
    user,
    password,
    forceBasicAuth: args.force_basic_auth as boolean,
    force: false,
    headers,
  });
  const request = {
    url: creds.url,
    method,
    headers: built.headers,
    body: (body as string | null | undefined) ?? undefined,
    timeout: args.timeout as number,
    follow: follows,
    challengeAuth: built.challengeAuth,
    outFile: '"$t"',
    agent: args.http_agent as string,
    netrc: (args.use_netrc as boolean) && !user,
  };

  // Round trip 1: creates/removes, dest, the request, the body.
  const creates = (args.creates as string | null) ?? undefined;
  const removes = (args.removes as string | null) ?? undefined;
  const script = [
    creates !== undefined ? `if [ -e ${quote(creates)} ]; then echo __skip__creates; exit 0; fi` : '',
    removes !== undefined ? `if [ ! -e ${quote(removes)} ]; then echo __skip__removes; exit 0; fi` : '',
    '_xh=; k=none',
    dest !== undefined
      ? [
          `d=${quote(dest)}`,
          'if [ -d "$d" ]; then k=dir; fi',
          // uri asks If-Modified-Since a file at dest
          `if [ -f "$d" ]; then k=file; _xh="If-Modified-Since: $(LC_ALL=C date -u -r "$d" '+%a, %d %b %Y %H:%M:%S GMT')"; fi`,
        ].join('\n')
      : '',
    't=$(mktemp) || exit 1',
    httpScript(request),
    `echo ${TMP_MARK}; echo "$t $k"`,
    dest === undefined
      ? 'base64 < "$t" | tr -d \'\\n\'; echo; rm -f -- "$t"'
      : `if [ "$(wc -c < "$t")" -le ${MAX_READ_BACK} ]; then base64 < "$t" | tr -d '\\n'; fi; echo`,
  ]
    .filter((l) => l !== '')
    .join('\n');
  const start = Date.now();
  const res = await run(ctx, script, { stdin: curlConfig(request) });
  if (res.rc === NO_CLIENT) return fail(NO_CLIENT_MSG);
  if (res.stdout.startsWith('__skip__')) {
    const stdout = res.stdout.startsWith('__skip__creates')
      ? `skipped, since '${creates}' exists`
      : `skipped, since '${removes}' does not exist`;
    return { stdout, changed: false };
  }
  const at = res.stdout.indexOf(HTTP_MARK);
  const tmpAt = res.stdout.lastIndexOf(`${TMP_MARK}\n`);
  if (at < 0 || tmpAt < 0)
    throw new ModuleFailure(res.stderr.trim() || 'uri: the request script failed', res);
  const http = parseHttp(res.stdout.slice(at, tmpAt), creds.url, follows);
  const [tmpLine, bodyB64 = ''] = res.stdout.slice(tmpAt + TMP_MARK.length + 1).split('\n');
  const [tmp, kind] = tmpLine.split(' ');
  const elapsed = Math.floor((Date.now() - start) / 1000);
  const responded = http.status !== -1;

  if (responded && dest !== undefined && kind === 'dir') {
    dest = `${dest.replace(/\/+$/, '')}/${responseFilename(http.url, http.headers) ?? 'index.html'}`;
  }
  const ct = responded ? contentType(http.headers['content-type']) : undefined;
  const { type, sub, charset } = ct ?? {
    type: 'application/octet-stream',
    sub: 'octet-stream',
    charset: 'utf-8',
  };
  const suffix = sub.includes('+') ? sub.slice(sub.indexOf('+') + 1) : sub;
  const maybeJson = type !== '' && sub !== '' && JSON_CANDIDATES.has(suffix.toLowerCase());
  const maybeOutput = maybeJson || returnContent || !statusCodes.includes(http.status);
  const content = Buffer.from(bodyB64, 'base64');

  // fetch_url's info: the url as given until a response answers with its own
  const infoUrl = responded && !http.error ? http.url : url;
  const resp: Record<string, unknown> = { redirected: infoUrl !== url, url, status: -1 };
  Object.assign(resp, http.headers);
  if (responded && !http.error) {
    resp.cookies_string = http.cookies.map(([k, v]) => `${k}=${v}`).join('; ');
    resp.cookies = Object.fromEntries(http.cookies);
  }
  Object.assign(resp, { msg: http.msg, url: infoUrl, status: http.status });
  // an error's body stays in info unless read as the content
  if (http.error && !maybeOutput) resp.body = content.toString('utf8');
  resp.elapsed = elapsed;
  resp.changed = false;

  let st: RemoteStat | null = null;
  if (responded && dest !== undefined) {
    const write = statusCodes.includes(http.status) && http.status !== 304;
    const finish = [
      `d=${quote(dest)}; t=${quote(tmp)}`,
      write
        ? [
            `if [ ! -e "$d" ] || [ "$(sha1sum < "$d")" != "$(sha1sum < "$t")" ]; then`,
            atomicMoveLines('  '),
            'fi',
          ].join('\n')
        : '',
      'rm -f -- "$t"',
      `echo ${STAT_MARK}`,
      'p="$d"',
      statLines({}),
    ].join('\n');
    const done = await run(ctx, finish);
    if (done.rc !== 0 && !done.stdout.includes(STAT_MARK))
      return fail(`failed to copy ${tmp} to ${dest}: ${done.stderr.trim()}`, resp);
    st = parseStat(
      { ...done, stdout: done.stdout.slice(done.stdout.indexOf(STAT_MARK) + STAT_MARK.length + 1) },
      dest,
    );
    if (write) {
      resp.changed = true;
      if (st && planAttributes(dest, st, attributeArgs(args)).commands.length > 0) {
        const attrs = await applyAttributes(ctx, dest, st, attributeArgs(args));
        st = attrs.stat ?? st;
      }
    }
    resp.path = dest;
  }

  const uresp: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resp)) uresp[k.replace(/-/g, '_').toLowerCase()] = v;
  if (typeof uresp.location === 'string') uresp.location = absoluteLocation(url, uresp.location);
  let uContent: string | null = null;
  if (maybeOutput) {
    uContent = new TextDecoder(charsetLabel(charset)).decode(content);
    if (maybeJson) {
      try {
        uresp.json = pyJsonLoads(uContent);
      } catch {
        // not JSON after all
      }
    }
  }
  if (uresp.path !== undefined) Object.assign(uresp, pathInfo(st));
  if (!statusCodes.includes(http.status)) {
    uresp.msg = `Status code was ${http.status} and not ${pyRepr(statusCodes)}: ${uresp.msg ?? ''}`;
    return { ...(returnContent ? { content: uContent } : {}), ...uresp, failed: true };
  }
  if (returnContent) return { content: uContent, ...uresp };
  return uresp;
}

function charsetLabel(charset: string): string {
  try {
    new TextDecoder(charset);
    return charset;
  } catch {
    return 'utf-8';
  }
}
