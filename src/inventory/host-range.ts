/**
 * Host addresses and ranges as Ansible parses them (parsing/utils/addresses.py and
 * plugins/inventory/__init__.py): `host:port`, `[v6]:port`, `web[01:50].x`,
 * `db-[a:f]`, `[1:10:2]`. Range errors are thrown as plain messages; the caller adds
 * the file and line.
 */

const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const NUM_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const WORD = String.raw`[\p{L}\p{N}\p{Mn}\p{Pc}]`;
const LABEL = `(?:${WORD}|${ALNUM_RANGE})(?:${WORD}|[_-]|${ALNUM_RANGE})*(?<![_-])`;
const V4 = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUM_RANGE})`;
const V6 = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/s;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/s;
const IPV4 = new RegExp(String.raw`^(?:${V4}\.){3}${V4}$`, 'i');
// As in Ansible's verbose regex, only the last alternative is anchored at the end.
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${V6}:){7}${V6}`,
      `(?:${V6}:){1,6}:`,
      `(?:${V6}:)(?::${V6}){1,6}`,
      `(?:${V6}:){2}(?::${V6}){1,5}`,
      `(?:${V6}:){3}(?::${V6}){1,4}`,
      `(?:${V6}:){4}(?::${V6}){1,3}`,
      `(?:${V6}:){5}(?::${V6}){1,2}`,
      `(?:${V6}:){6}(?::${V6})`,
      `:(?::${V6}){1,6}`,
      `${V6}?::`,
      String.raw`(?:0:){6}(?:${V6}\.){3}${V6}`,
      String.raw`::(?:ffff:)?(?:${V6}\.){3}${V6}`,
      String.raw`(?:0:){5}ffff:(?:${V6}\.){3}${V6}$`,
    ].join('|') +
    ')',
  'i',
);
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu');

const SIMPLE_LABEL = '[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?';
const SIMPLE_HOSTNAME = new RegExp(`^${SIMPLE_LABEL}(?:\\.${SIMPLE_LABEL})*$`);

export class HostRangeError extends Error {
  constructor(
    message: string,
    /** How to fix it, when there is more to say than the message. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface ParsedAddress {
  host: string;
  port: number | undefined;
}

/** parse_address: undefined where Ansible raises (not a valid host, or a range when not allowed). */
export function parseAddress(address: string, allowRanges: boolean): ParsedAddress | undefined {
  // Fast path for the common plain DNS name or IPv4 address (no port, no range).
  if (SIMPLE_HOSTNAME.test(address)) return { host: address, port: undefined };
  let port: number | undefined;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address);
    if (m) {
      address = m[1];
      port = Number.parseInt(m[2], 10);
    }
  }
  if (!IPV4.test(address) && !IPV6.test(address) && !HOSTNAME.test(address)) return undefined;
  if (!allowRanges && address.includes('[')) return undefined;
  return { host: address, port };
}

export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || IPV6.test(name);
}

/** _expand_hostpattern: a host pattern with optional port, expanded into host names. */
export function expandHostPattern(pattern: string): { hosts: string[]; port: number | undefined } {
  const parsed = parseAddress(pattern, true);
  const host = parsed ? parsed.host : pattern;
  const port = parsed ? parsed.port : undefined;
  return { hosts: host.includes('[') ? expandHostnameRange(host) : [host], port };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Most hosts one pattern may expand to. Ansible has no limit and expands `web[0:9999999999]`
 * until memory runs out; a million hosts is 2.5x the largest inventory we test (400k).
 */
export const MAX_RANGE_HOSTS = 1_000_000;

/** expand_hostname_range: expands the first [beg:end(:step)] and recurses for the rest. */
export function expandHostnameRange(line: string, limit = MAX_RANGE_HOSTS): string[] {
  // Counted before any name is made, so `r[0:99999]-n[0:99999]` fails at once too.
  if (rangeProduct(line) > limit) throw tooManyHosts(line, limit);
  const out: string[] = [];
  expandInto(line, out, limit);
  return out;
}

function expandInto(line: string, out: string[], limit: number): void {
  const open = line.indexOf('[');
  const close = line.indexOf(']');
  const replaced = line.replace('[', '|').replace(']', '|');
  const parts = replaced.split('|');
  if (open < 0 || close < 0 || parts.length !== 3) {
    throw new HostRangeError(
      `host range in '${line}' must be one [begin:end] or [begin:end:step] per bracket pair`,
    );
  }
  const [head, nrange, tail] = parts;
  const bounds = nrange.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostRangeError('host range must be begin:end or begin:end:step');
  }
  const beg = bounds[0] || '0';
  const end = bounds[1];
  const step = bounds.length === 3 ? pyInt(bounds[2]) : 1;
  if (!end) throw new HostRangeError('host range must specify end value');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) {
      throw new HostRangeError('host range must specify equal-length begin and end formats');
    }
    fill = (x) => String(x).padStart(beg.length, '0');
  }
  if (step <= 0) throw new HostRangeError(`host range step must be a positive number, got ${step}`);
  const seq: (string | number)[] = [];
  const iBeg = LETTERS.indexOf(beg);
  const iEnd = LETTERS.indexOf(end);
  if (iBeg >= 0 && iEnd >= 0) {
    if (iBeg > iEnd) throw new HostRangeError('host range must have begin <= end');
    for (let i = iBeg; i <= iEnd; i += step) seq.push(LETTERS[i]);
  } else {
    const b = pyInt(beg);
    const e = pyInt(end);
    // Counted before any name is made, so a huge range fails at once, in constant memory.
    if (e >= b && out.length + Math.floor((e - b) / step) + 1 > limit) throw tooManyHosts(line, limit);
    for (let i = b; i <= e; i += step) seq.push(i);
  }
  for (const r of seq) {
    const name = head + fill(r) + tail;
    if (name.includes('[')) expandInto(name, out, limit);
    else if (out.push(name) > limit) throw tooManyHosts(line, limit);
  }
}

/**
 * How many names the well-formed `[begin:end(:step)]` groups of `line` multiply out to (each
 * group repeats for every value of the ones before it). Malformed groups count as one: the
 * expansion reports them with Ansible's message.
 */
function rangeProduct(line: string): number {
  let product = 1;
  for (const m of line.matchAll(/\[([^\]:[]*):([^\]:[]+)(?::([0-9]+))?\]/g)) {
    const [, beg, end, stepText] = m;
    const step = stepText ? Number(stepText) : 1;
    const b = /^[0-9]*$/.test(beg) ? Number(beg || '0') : LETTERS.indexOf(beg);
    const e = /^[0-9]+$/.test(end) ? Number(end) : LETTERS.indexOf(end);
    if (b < 0 || e < 0 || step <= 0 || e < b) continue;
    product *= Math.floor((e - b) / step) + 1;
  }
  return product;
}

function tooManyHosts(line: string, limit: number): HostRangeError {
  return new HostRangeError(
    `the range expands to more than ${limit.toLocaleString('en-US')} hosts`,
    `split '${line}' into smaller ranges, or list the hosts in several groups; one pattern may name at most ${limit.toLocaleString('en-US')} hosts`,
  );
}

function pyInt(text: string): number {
  const t = text.trim();
  if (!/^[-+]?[0-9](?:_?[0-9])*$/.test(t)) {
    throw new HostRangeError(`invalid literal for int() with base 10: '${text}'`);
  }
  return Number.parseInt(t.replaceAll('_', ''), 10);
}
