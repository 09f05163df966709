/**
 * An HTTP request made ON THE HOST, as Ansible's fetch_url makes it there: with curl when the
 * host has it, else wget. httpScript is shell text for a module's script (the response body
 * goes to a file on the host); parseHttp turns its output into fetch_url's `info` (status,
 * msg, url, lowercased response headers, cookies), with urllib's wording.
 */
import { quote } from '../../connection/shell-quote.js';
import type { ArgOption } from '../args.js';

export interface HttpRequest {
  url: string;
  method: string;
  /** Request headers, in order (later ones win, as urllib's add_header). */
  headers: [string, string][];
  /** Request body text (absent: none). */
  body?: string;
  /** Seconds (Ansible's socket timeout). */
  timeout: number;
  /** Follow 3xx responses (the redirect handler's decision for this method). */
  follow: boolean;
  /**
   * urllib's own redirect handler (get_url's): a HEAD that is redirected goes on as a GET
   * (Python 3.11's redirect_request builds a plain Request).
   */
  headRedirectsToGet?: boolean;
  /** Username/password for a 401 challenge (urllib's HTTPBasicAuthHandler). */
  challengeAuth?: { user: string; password: string };
  /** Shell word naming the file that receives the body. */
  outFile: string;
  agent: string;
  /** Credentials from ~/.netrc when it has the host (use_netrc without a username). */
  netrc?: boolean;
}

/** Begins the header dump in the script's output; the client's rc and the url follow it. */
export const HTTP_MARK = '__flotilla_http__';
/** Exit status of a script whose host has neither curl nor wget. */
export const NO_CLIENT = 97;
export const NO_CLIENT_MSG =
  'Neither curl nor wget was found on the host: install one of them to use this module';

/** A curl config string ("…" with curl's escapes). */
function curlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** Headers urllib's http.client always sends (curl's Accept is dropped). */
function baseHeaders(req: HttpRequest): [string, string][] {
  return [
    ['Accept-Encoding', 'identity'],
    ['Connection', 'close'],
    ['User-Agent', req.agent],
    ...req.headers,
  ];
}

/** The curl config (read from stdin: no secret reaches a command line). */
export function curlConfig(req: HttpRequest): string {
  // urllib's timeout is the socket's (connect, then each read), not the transfer's: a slow
  // download that keeps receiving goes on
  const lines = [
    'silent',
    'show-error',
    'header = "Accept:"',
    `connect-timeout = ${req.timeout}`,
    'speed-limit = 1',
    `speed-time = ${req.timeout}`,
  ];
  for (const [k, v] of baseHeaders(req)) lines.push(`header = ${curlString(`${k}: ${v}`)}`);
  if (req.method !== 'HEAD') {
    if (req.body !== undefined) lines.push(`data-raw = ${curlString(req.body)}`);
    const implied = req.body !== undefined ? 'POST' : 'GET';
    if (req.method !== implied) lines.push(`request = ${curlString(req.method)}`);
  }
  if (req.netrc) lines.push('netrc-optional');
  if (req.challengeAuth) {
    lines.push('anyauth', `user = ${curlString(`${req.challengeAuth.user}:${req.challengeAuth.password}`)}`);
  }
  // For wget, in lines curl reads as comments: its wgetrc (credentials) and the body, base64.
  if (req.challengeAuth)
    lines.push(`#W user = ${req.challengeAuth.user}`, `#W password = ${req.challengeAuth.password}`);
  if (req.body !== undefined) lines.push(`#B ${Buffer.from(req.body).toString('base64')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Shell text that makes the request: the body into `outFile`, then on stdout HTTP_MARK, the
 * client (curl|wget), its exit status, and the header blocks of every response. The curl
 * config comes on the script's stdin (pass `curlConfig(req)` as stdin; wget's credentials and
 * body ride in it as curl comments, read into files of its own); a header the
 * script decides itself goes in the shell variable `_xh` ("Name: value", or empty). Exits
 * NO_CLIENT when the host has neither client.
 */
export function httpScript(req: HttpRequest): string {
  const wget = [
    'wget',
    // -nv, not -q: a failure to connect is said on stderr, among the -S headers
    '-nv',
    '-S',
    '-O',
    req.outFile,
    `--timeout=${req.timeout}`,
    '--tries=1',
    '--content-on-error',
    '--no-check-certificate',
    `--max-redirect=${req.follow ? 10 : 0}`,
    `-U ${quote(req.agent)}`,
    ...baseHeaders(req)
      .filter(([k]) => k.toLowerCase() !== 'user-agent')
      .map(([k, v]) => `--header=${quote(`${k}: ${v}`)}`),
    ...(req.method !== 'GET' ? [`--method=${quote(req.method)}`] : []),
    // credentials and body from files made of the config on stdin: never on a command line
    '--config="$_wf"',
    ...(req.body !== undefined ? ['--body-file="$_wb"'] : []),
    quote(req.url),
  ].join(' ');
  const follow = req.follow ? ' -L --max-redirs 10' : '';
  const curl = `LC_ALL=C curl -K "$_cf" \${_xh:+-H "$_xh"}`;
  const curlRun =
    req.method === 'HEAD'
      ? req.headRedirectsToGet && req.follow
        ? [
            // HEAD without following; a redirect is then followed as a GET
            `  ${curl} -I -o /dev/null -D "$_hd" -w '%{http_code} %{redirect_url}' ${quote(req.url)} > "$_hd.w" 2>"$_hd.e"; _rc=$?`,
            `  : > ${req.outFile}; read -r _code _next < "$_hd.w"; printf %s ${quote(req.url)} > "$_hd.u"`,
            '  case "$_code" in 301|302|303|307|308) if [ -n "$_next" ]; then',
            `    ${curl} -L --max-redirs 9 -o ${req.outFile} -D "$_hd.2" -w '%{url_effective}' "$_next" > "$_hd.u" 2>"$_hd.e"; _rc=$?; cat "$_hd.2" >> "$_hd"; rm -f -- "$_hd.2"`,
            '  fi;; esac; rm -f -- "$_hd.w"',
          ]
        : [
            `  ${curl} -I${follow} -o /dev/null -D "$_hd" -w '%{url_effective}' ${quote(req.url)} > "$_hd.u" 2>"$_hd.e"; _rc=$?`,
            `  : > ${req.outFile}`,
          ]
      : [
          `  ${curl}${follow} -o ${req.outFile} -D "$_hd" -w '%{url_effective}' ${quote(req.url)} > "$_hd.u" 2>"$_hd.e"; _rc=$?`,
        ];
  return [
    '_hd=$(mktemp) || exit 1',
    'if command -v curl >/dev/null 2>&1; then',
    '  _cl=curl; _cf=$(mktemp) || exit 1; cat > "$_cf"',
    ...curlRun,
    '  rm -f -- "$_cf"',
    'elif command -v wget >/dev/null 2>&1; then',
    // mktemp's files are 0600 before anything is written to them
    `  _wf=$(mktemp) && _wi=$(mktemp) && _wb=$(mktemp) || exit 1; cat > "$_wi"; sed -n 's/^#W //p' "$_wi" > "$_wf"; sed -n 's/^#B //p' "$_wi" | base64 -d > "$_wb"; rm -f -- "$_wi"`,
    `  LC_ALL=C ${wget} \${_xh:+--header="$_xh"} 2> "$_hd"; _rc=$?; _cl=wget; : > "$_hd.u"; : > "$_hd.e"; rm -f -- "$_wf" "$_wb"`,
    `else rm -f -- "$_hd"; echo ${quote(NO_CLIENT_MSG)} >&2; exit ${NO_CLIENT}; fi`,
    `echo ${HTTP_MARK}; echo "$_cl $_rc"; cat "$_hd.u"; echo; tr '\\n' ' ' < "$_hd.e"; echo; cat "$_hd"`,
    'rm -f -- "$_hd" "$_hd.u" "$_hd.e"',
  ].join('\n');
}

export interface HttpResponse {
  /** fetch_url's info['status']: the HTTP code, or -1 when no response came. */
  status: number;
  /** fetch_url's info['msg']. */
  msg: string;
  /** The final url (redirects followed), or the requested one after an error status. */
  url: string;
  /** The final response's headers, lowercased names (duplicates joined with ', ' on success). */
  headers: Record<string, string>;
  /** name=value of every Set-Cookie seen, in order. */
  cookies: [string, string][];
  /** urllib raised HTTPError (status outside 2xx): no cookies keys, a `body` key. */
  error: boolean;
}

interface Block {
  code: number;
  reason: string;
  headers: [string, string][];
}

/** The response header blocks of a curl -D dump or wget -S output. */
export function headerBlocks(text: string, client: 'curl' | 'wget'): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = client === 'wget' ? raw.replace(/^ {2}/, '') : raw;
    const status = /^HTTP\/[\d.]+ (\d{3})(?: (.*))?$/.exec(line);
    if (status) {
      current = { code: Number(status[1]), reason: (status[2] ?? '').trim(), headers: [] };
      blocks.push(current);
      continue;
    }
    if (!current || line.trim() === '') continue;
    if (client === 'wget' && !raw.startsWith('  ')) continue;
    if (/^[ \t]/.test(line) && current.headers.length > 0) {
      const last = current.headers[current.headers.length - 1];
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const at = line.indexOf(':');
    if (at <= 0) continue;
    current.headers.push([line.slice(0, at), line.slice(at + 1).trim()]);
  }
  return blocks;
}

/** RFC 3986 resolution of a Location against the url it came from (urljoin). */
function resolveUrl(base: string, location: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

/** The client's exit status as urllib's failure text (no response at all). */
function transportFailure(client: 'curl' | 'wget', rc: number, stderr: string): string {
  if (client === 'curl') {
    if (rc === 7) return 'Request failed: <urlopen error [Errno 111] Connection refused>';
    if (rc === 6) return 'Request failed: <urlopen error [Errno -2] Name or service not known>';
    // 28: the connect or speed-time timeout
    if (rc === 28) return 'Connection failure: timed out';
    if (rc === 52) {
      return 'Connection failure: connection was closed before a valid response was received: ';
    }
  } else if (rc === 4) {
    if (/refused/i.test(stderr)) return 'Request failed: <urlopen error [Errno 111] Connection refused>';
    return 'Connection failure: timed out';
  }
  return `Request failed: ${stderr.trim() || `${client} exited with ${rc}`}`;
}

/** fetch_url's info from httpScript's output (everything from HTTP_MARK on). */
export function parseHttp(output: string, requestedUrl: string, follow: boolean): HttpResponse {
  const at = output.indexOf(`${HTTP_MARK}\n`);
  const rest = at < 0 ? '' : output.slice(at + HTTP_MARK.length + 1);
  const lines = rest.split('\n');
  const [client, rcText] = (lines[0] ?? 'curl 1').split(' ') as ['curl' | 'wget', string];
  const rc = Number(rcText);
  const effective = lines[1] ?? '';
  const stderr = lines[2] ?? '';
  const dump = lines.slice(3).join('\n');
  const blocks = headerBlocks(dump, client);
  // curl's `-D` also holds the 100-continue and 401 challenge blocks: the last one answered.
  const final = blocks[blocks.length - 1];
  if (!final) {
    return {
      status: -1,
      msg: transportFailure(client, rc, client === 'wget' ? dump : stderr),
      url: requestedUrl,
      headers: {},
      cookies: [],
      error: false,
    };
  }
  const cookies: [string, string][] = [];
  for (const block of blocks) {
    for (const [k, v] of block.headers) {
      if (k.toLowerCase() !== 'set-cookie') continue;
      const pair = v.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
    }
  }
  const error = final.code < 200 || final.code >= 300;
  const headers: Record<string, string> = {};
  for (const [k, v] of final.headers) {
    const key = k.toLowerCase();
    // HTTPError's info() is a dict of the headers (the last value wins); a success joins them
    headers[key] = !error && key in headers ? `${headers[key]}, ${v}` : v;
  }
  let url = requestedUrl;
  const redirected = blocks
    .slice(0, -1)
    .some((b) => b.code >= 300 && b.code < 400 && b.headers.some(([k]) => k.toLowerCase() === 'location'));
  if (!error && redirected) {
    if (client === 'curl' && effective) url = effective;
    else if (follow) {
      for (const block of blocks.slice(0, -1)) {
        const loc = block.headers.find(([k]) => k.toLowerCase() === 'location');
        if (block.code >= 300 && block.code < 400 && loc) url = resolveUrl(url, loc[1]);
      }
    }
  }
  const length = final.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1];
  const msg = error ? `HTTP Error ${final.code}: ${final.reason}` : `OK (${length ?? 'unknown'} bytes)`;
  return { status: final.code, msg, url, headers, cookies, error };
}

/** urllib's Request: the url without its user:password@, and those credentials. */
export function splitCredentials(url: string): { url: string; user?: string; password?: string } {
  const m = /^([a-zA-Z][\w+.-]*:\/\/)([^/?#@]*)@(.*)$/.exec(url);
  if (!m) return { url };
  const [user, password = ''] = m[2].includes(':')
    ? [m[2].slice(0, m[2].indexOf(':')), m[2].slice(m[2].indexOf(':') + 1)]
    : [m[2], ''];
  return { url: m[1] + m[3], user, password };
}

/** basic_auth_header. */
export function basicAuth(user: string, password: string | null | undefined): string {
  return `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`;
}

/** rfc2822_date_string(utc mtime, 'GMT'): If-Modified-Since. */
export function httpDate(epochSeconds: number): string {
  const d = new Date(Math.floor(epochSeconds) * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

/** The request headers open_url builds: auth, cache control, then the user's (which override). */
export function requestHeaders(o: {
  user?: string | null;
  password?: string | null;
  forceBasicAuth: boolean;
  force: boolean;
  lastModified?: number;
  headers?: Record<string, unknown> | null;
}): { headers: [string, string][]; challengeAuth?: { user: string; password: string } } {
  const out: [string, string][] = [];
  let challengeAuth: { user: string; password: string } | undefined;
  if (o.user && o.forceBasicAuth) out.push(['Authorization', basicAuth(o.user, o.password)]);
  else if (o.user) challengeAuth = { user: o.user, password: o.password ?? '' };
  if (o.force) out.push(['Cache-Control', 'no-cache']);
  else if (o.lastModified !== undefined) out.push(['If-Modified-Since', httpDate(o.lastModified)]);
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    const i = out.findIndex(([name]) => name.toLowerCase() === k.toLowerCase());
    if (i >= 0) out.splice(i, 1);
    out.push([k, String(v)]);
  }
  return { headers: out, challengeAuth };
}

/** url_argument_spec (module_utils/urls.py): the request options get_url and uri share. */
export const URL_OPTIONS: Record<string, ArgOption> = {
  unredirected_headers: { type: 'list', elements: 'str', default: [] },
  decompress: { type: 'bool', default: true },
  ciphers: { type: 'list', elements: 'str' },
  use_netrc: { type: 'bool', default: true },
  force: { type: 'bool', default: false },
  http_agent: { type: 'str', default: 'ansible-httpget' },
  use_proxy: { type: 'bool', default: true },
  validate_certs: { type: 'bool', default: true },
};

/** The rest of url_argument_spec, after the module's own url_username / url_password. */
export const URL_AUTH_OPTIONS: Record<string, ArgOption> = {
  force_basic_auth: { type: 'bool', default: false },
  client_cert: { type: 'path' },
  client_key: { type: 'path' },
  use_gssapi: { type: 'bool', default: false },
};
