/**
 * wait_for: one exec that polls on the host (a small shell loop) until a port opens or
 * closes, or a file appears (optionally containing search_regex) or disappears.
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { addPathInfo } from './util/path-info.js';
import { pyRegex } from './util/python-regex.js';
import { run } from './util/remote.js';
import { readRemoteFile } from './util/remote-file.js';

/** The module compiles its patterns as bytes. */
const BYTES = { bytes: true };

/** Succeeds when host:port accepts a TCP connection (bash /dev/tcp, else nc, else python3). */
function portOpen(host: string, port: number, connectTimeout: number): string {
  const h = quote(host);
  return `{ if command -v bash >/dev/null 2>&1; then timeout ${connectTimeout} bash -c 'exec 3<>/dev/tcp/$0/$1' ${h} ${port} 2>/dev/null; elif command -v nc >/dev/null 2>&1; then nc -z -w ${connectTimeout} ${h} ${port} 2>/dev/null; else python3 -c 'import socket,sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), ${connectTimeout})' ${h} ${port} 2>/dev/null; fi; }`;
}

export const waitForModule: ModuleDefinition = {
  name: 'wait_for',
  args: {
    options: {
      host: { type: 'str', default: '127.0.0.1' },
      port: { type: 'int' },
      path: { type: 'path' },
      state: {
        type: 'str',
        default: 'started',
        choices: ['absent', 'drained', 'present', 'started', 'stopped'],
      },
      timeout: { type: 'int', default: 300 },
      delay: { type: 'int', default: 0 },
      sleep: { type: 'int', default: 1 },
      connect_timeout: { type: 'int', default: 5 },
      search_regex: { type: 'str' },
      exclude_hosts: { type: 'list', elements: 'str' },
      active_connection_states: { type: 'list', elements: 'str' },
      msg: { type: 'str' },
    },
  },
  async run(args, ctx) {
    const {
      host,
      port,
      path,
      timeout,
      delay,
      search_regex: regex,
    } = args as {
      host: string;
      port?: number;
      path?: string;
      timeout: number;
      delay: number;
      search_regex?: string;
    };
    const given = args.state as string;
    // wait_for.py's own argument checks, with its messages
    const refuse = (msg: string) => ({ changed: false, failed: true, elapsed: 0, msg });
    if (port !== undefined && path !== undefined)
      return refuse('port and path parameter can not both be passed to wait_for');
    if (path !== undefined && given === 'stopped')
      return refuse('state=stopped should only be used for checking a port in the wait_for module');
    if (path !== undefined && given === 'drained')
      return refuse('state=drained should only be used for checking a port in the wait_for module');
    if (args.exclude_hosts !== undefined && given !== 'drained')
      return refuse('exclude_hosts should only be with state=drained');
    let state = given;
    if (path && state === 'started') state = 'present';
    if (state === 'drained')
      return { changed: false, failed: true, msg: 'wait_for state=drained is not supported by flotilla' };
    let check: string;
    let failure: string;
    if (path !== undefined) {
      const p = quote(path);
      if (state === 'present') {
        check = regex ? `[ -f ${p} ] && grep -qP -- ${quote(regex)} ${p}` : `[ -e ${p} ]`;
        failure = regex
          ? `Timeout when waiting for search string ${regex} in ${path}`
          : `Timeout when waiting for file ${path}`;
      } else {
        check = `[ ! -e ${p} ]`;
        failure = `Timeout when waiting for ${path} to be absent.`;
      }
    } else if (port !== undefined) {
      const open = portOpen(host, port, args.connect_timeout as number);
      check = state === 'stopped' ? `! ${open}` : open;
      failure =
        state === 'stopped'
          ? `Timeout when waiting for ${host}:${port} to stop.`
          : `Timeout when waiting for ${host}:${port}`;
    } else {
      // Neither port nor path: Ansible just sleeps for `timeout` seconds.
      check = 'false';
      failure = '';
    }
    const script = [
      delay > 0 ? `sleep ${delay}` : ':',
      `end=$(( $(date +%s) + ${timeout} ))`,
      `while :; do if ${check}; then exit 0; fi; [ "$(date +%s)" -ge "$end" ] && exit 3; sleep ${args.sleep}; done`,
    ].join('\n');
    const started = Date.now();
    const res = await run(ctx, script, { timeoutMs: (timeout + delay + 30) * 1000 });
    const elapsed = Math.floor((Date.now() - started) / 1000);
    if (res.rc !== 0 && (port !== undefined || path !== undefined))
      return { changed: false, failed: true, elapsed, msg: (args.msg as string | undefined) ?? failure };
    // exit_json(state, port, search_regex, match_groups, match_groupdict, path, elapsed)
    const result: ModuleResult = {
      changed: false,
      elapsed,
      state: given,
      port: port ?? null,
      path: path ?? null,
      search_regex: regex ?? null,
      match_groups: [],
      match_groupdict: {},
    };
    if (regex && path !== undefined) {
      const text = await readRemoteFile(ctx, path).catch(() => null);
      const m = text ? pyRegex(regex, 'm', BYTES).exec(text.toString('utf8')) : null;
      if (m) {
        if (m.length > 1) result.match_groups = m.slice(1).map((g) => g ?? null);
        if (m.groups && Object.keys(m.groups).length) result.match_groupdict = { ...m.groups };
      }
    }
    return path !== undefined ? addPathInfo(ctx, result) : result;
  },
};
