/**
 * Resolves ConnectionParams for one host from its Ansible variables, the command line
 * and the environment, with Ansible's precedence: host variables beat `-u`/`--timeout`;
 * ANSIBLE_HOST_KEY_CHECKING=False beats `StrictHostKeyChecking` in the ssh args (Ansible
 * puts its own `-o StrictHostKeyChecking=no` first and ssh keeps the first value).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closestMatch, FlotillaError } from '../errors/index.js';
import { parseSshOptions } from './ssh-options.js';
import type { ConnectionParams, HostKeyChecking } from './transport.js';

export interface CliConnectionOptions {
  user?: string;
  privateKeyFile?: string;
  connectTimeoutMs?: number;
  /** -k / --connection-password-file: the password when the host sets no ansible_password. */
  password?: string;
  /** --ssh-common-args / --ssh-extra-args: when the host sets no ansible_ssh_*_args. */
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  env?: NodeJS.ProcessEnv;
}

export const CONNECTION_DEFAULTS = {
  port: 22,
  connectTimeoutMs: 10_000,
  /** Keepalive: TCP's between tasks, an SSH round trip while a command runs. */
  keepaliveIntervalMs: 30_000,
  /** Unanswered keepalives before the connection is given up (OpenSSH ServerAliveCountMax). */
  keepaliveCountMax: 3,
} as const;

const SSH_CONNECTIONS = ['ssh', 'paramiko', 'smart'];
const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

function first(vars: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = str(vars[n]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Ansible's boolean reading of a variable or environment value. */
export function parseBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = str(v)?.toLowerCase();
  if (s === undefined) return undefined;
  if (['yes', 'on', '1', 'true', 'y', 't'].includes(s)) return true;
  if (['no', 'off', '0', 'false', 'n', 'f'].includes(s)) return false;
  return undefined;
}

function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

function seconds(host: string, name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new FlotillaError(
      'FLT_CONN_PARAM',
      `host ${host}: ${name} must be a number of seconds, got "${v}"`,
      {
        host,
      },
    );
  }
  return n * 1000;
}

function strictModeFromSsh(host: string, value: string): HostKeyChecking {
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'ask') return 'strict';
  if (v === 'no' || v === 'off') return 'off';
  if (v === 'accept-new') return 'accept-new';
  throw new FlotillaError('FLT_CONN_PARAM', `host ${host}: unsupported StrictHostKeyChecking=${value}`, {
    host,
    hint: 'use yes, accept-new or no',
  });
}

export function resolveConnectionParams(
  host: string,
  vars: Record<string, unknown>,
  cli: CliConnectionOptions = {},
): ConnectionParams {
  const env = cli.env ?? process.env;
  const home = env.HOME ?? os.homedir();
  const connectionVar = first(vars, 'ansible_connection');
  let connection: ConnectionParams['connection'];
  if (connectionVar === undefined) connection = LOCAL_NAMES.has(host) && !vars.ansible_host ? 'local' : 'ssh';
  else if (connectionVar === 'local') connection = 'local';
  else if (SSH_CONNECTIONS.includes(connectionVar)) connection = 'ssh';
  else {
    const near = closestMatch(connectionVar, ['local', ...SSH_CONNECTIONS]);
    throw new FlotillaError(
      'FLT_CONN_UNSUPPORTED',
      `host ${host}: unsupported ansible_connection "${connectionVar}"`,
      {
        host,
        hint: near ? `did you mean "${near}"?` : 'flotilla supports ssh and local',
      },
    );
  }

  let sshOptions: Map<string, string>;
  try {
    sshOptions = parseSshOptions(
      [
        first(vars, 'ansible_ssh_common_args') ?? cli.sshCommonArgs,
        first(vars, 'ansible_ssh_extra_args') ?? cli.sshExtraArgs,
      ].filter((a): a is string => a !== undefined),
    );
  } catch (err) {
    throw new FlotillaError(
      'FLT_CONN_PARAM',
      `host ${host}: cannot parse ansible_ssh_common_args/extra_args`,
      {
        host,
        cause: err,
        hint: (err as Error).message,
      },
    );
  }

  const portText = first(vars, 'ansible_port', 'ansible_ssh_port') ?? sshOptions.get('port');
  const port = portText === undefined ? CONNECTION_DEFAULTS.port : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new FlotillaError(
      'FLT_CONN_PARAM',
      `host ${host}: ansible_port must be 1-65535, got "${portText}"`,
      { host },
    );
  }

  const user =
    first(vars, 'ansible_user', 'ansible_ssh_user') ??
    cli.user ??
    first(vars, 'remote_user') ??
    sshOptions.get('user') ??
    env.USER ??
    os.userInfo().username;

  const keyVar =
    first(vars, 'ansible_ssh_private_key_file', 'ansible_private_key_file') ?? cli.privateKeyFile;
  let privateKeyFile = keyVar === undefined ? undefined : expandHome(keyVar, home);
  const agent = str(env.SSH_AUTH_SOCK);
  const password =
    first(vars, 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password') ?? cli.password;
  if (privateKeyFile === undefined && connection === 'ssh') {
    // ssh's default identities; we use the first that exists.
    privateKeyFile = DEFAULT_IDENTITIES.map((n) => path.join(home, '.ssh', n)).find((p) => existsSync(p));
  }

  const timeoutVar = first(vars, 'ansible_ssh_timeout', 'ansible_timeout');
  const connectTimeoutMs =
    timeoutVar !== undefined
      ? seconds(host, 'ansible_ssh_timeout', timeoutVar)
      : (cli.connectTimeoutMs ??
        (sshOptions.has('connecttimeout')
          ? seconds(host, 'ConnectTimeout', sshOptions.get('connecttimeout')!)
          : CONNECTION_DEFAULTS.connectTimeoutMs));
  const aliveText = sshOptions.get('serveraliveinterval');
  const keepaliveIntervalMs =
    aliveText === undefined
      ? CONNECTION_DEFAULTS.keepaliveIntervalMs
      : seconds(host, 'ServerAliveInterval', aliveText);
  const countText = sshOptions.get('serveralivecountmax');
  const countMax = countText === undefined ? Number.NaN : Number(countText);
  const keepaliveCountMax =
    Number.isInteger(countMax) && countMax > 0 ? countMax : CONNECTION_DEFAULTS.keepaliveCountMax;

  const checkingDisabled =
    parseBoolean(vars.ansible_host_key_checking ?? vars.ansible_ssh_host_key_checking) === false ||
    parseBoolean(env.ANSIBLE_HOST_KEY_CHECKING) === false ||
    parseBoolean(env.FLOTILLA_HOST_KEY_CHECKING) === false;
  const strictOpt = sshOptions.get('stricthostkeychecking');
  const hostKeyChecking: HostKeyChecking = checkingDisabled
    ? 'off'
    : strictOpt === undefined
      ? 'strict'
      : strictModeFromSsh(host, strictOpt);

  const userFiles = sshOptions.get('userknownhostsfile');
  const globalFiles = sshOptions.get('globalknownhostsfile');
  const knownHostsFiles = [
    ...(userFiles ? userFiles.split(/\s+/) : ['~/.ssh/known_hosts']),
    ...(globalFiles ? globalFiles.split(/\s+/) : ['/etc/ssh/ssh_known_hosts']),
  ].map((f) => expandHome(f, home));

  return {
    host,
    connection,
    address: first(vars, 'ansible_host', 'ansible_ssh_host') ?? sshOptions.get('hostname') ?? host,
    port,
    user,
    privateKeyFile,
    passphrase: first(vars, 'ansible_private_key_passphrase') ?? str(env.FLOTILLA_KEY_PASSPHRASE),
    password,
    agent,
    connectTimeoutMs,
    hostKeyChecking,
    knownHostsFiles,
    keepaliveIntervalMs,
    keepaliveCountMax,
  };
}

/** The connection pool key. */
export function connectionKey(p: Pick<ConnectionParams, 'connection' | 'user' | 'address' | 'port'>): string {
  return p.connection === 'local' ? 'local' : `${p.user}@${p.address}:${p.port}`;
}
