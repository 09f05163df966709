/**
 * Resolves ConnectionParams for one host from its Ansible variables, the command line
 * and the environment, with Ansible's precedence: host variables beat `-u`/`--timeout`;
 * ANSIBLE_HOST_KEY_CHECKING=False beats `StrictHostKeyChecking` in the ssh args (Ansible
 * puts its own `-o StrictHostKeyChecking=no` first and ssh keeps the first value).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { booleanOf } from '../python/boolean.js';
import { CONNECTION_FIELDS, type ContextField, fieldVariable } from './play-context-vars.js';
import { parseSshOptions } from './ssh-options.js';
import type { ConnectionParams, HostKeyChecking } from './transport.js';
import { TRANSPORTS, type TransportTable, transportNamed } from './transports.js';

export interface CliConnectionOptions {
  /** The `remote_user` keyword, else -u: the ansible_user variables beat it. */
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

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

/** A PlayContext field's value from the variables (play-context-vars.ts: which variable wins). */
function field(vars: Record<string, unknown>, f: ContextField): string | undefined {
  const name = fieldVariable(f, vars);
  return name === undefined ? undefined : str(vars[name]);
}

/** The connection a host gets when nothing names one: local for the implicit localhost names. */
export function implicitConnection(host: string, vars: Record<string, unknown>): 'local' | 'ssh' {
  return LOCAL_NAMES.has(host) && field(vars, CONNECTION_FIELDS.remote_addr) === undefined ? 'local' : 'ssh';
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
  transports: TransportTable = TRANSPORTS,
): ConnectionParams {
  const env = cli.env ?? process.env;
  const home = env.HOME ?? os.homedir();
  const connectionVar = field(vars, CONNECTION_FIELDS.connection);
  const connection =
    connectionVar === undefined
      ? implicitConnection(host, vars)
      : transportNamed(host, connectionVar, transports).name;

  let sshOptions: Map<string, string>;
  try {
    sshOptions = parseSshOptions(
      [
        // The ssh plugin's ssh_args (ansible.cfg's [ssh_connection] ssh_args) come first on
        // Ansible's ssh command line, so their -o options win (ssh keeps the first value).
        str(vars.ansible_ssh_args) ?? str(env.ANSIBLE_SSH_ARGS),
        field(vars, CONNECTION_FIELDS.ssh_common_args) ?? cli.sshCommonArgs,
        field(vars, CONNECTION_FIELDS.ssh_extra_args) ?? cli.sshExtraArgs,
      ].filter((a): a is string => a !== undefined),
    );
  } catch (err) {
    throw new FlotillaError(
      'FLT_CONN_PARAM',
      `host ${host}: cannot parse ansible_ssh_args/common_args/extra_args`,
      {
        host,
        cause: err,
        hint: (err as Error).message,
      },
    );
  }

  const portText = field(vars, CONNECTION_FIELDS.port) ?? sshOptions.get('port');
  const port = portText === undefined ? CONNECTION_DEFAULTS.port : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new FlotillaError(
      'FLT_CONN_PARAM',
      `host ${host}: ansible_port must be 1-65535, got "${portText}"`,
      { host },
    );
  }

  const user =
    field(vars, CONNECTION_FIELDS.remote_user) ??
    cli.user ??
    sshOptions.get('user') ??
    env.USER ??
    os.userInfo().username;

  const keyVar = field(vars, CONNECTION_FIELDS.private_key_file) ?? cli.privateKeyFile;
  let privateKeyFile = keyVar === undefined ? undefined : expandHome(keyVar, home);
  const agent = str(env.SSH_AUTH_SOCK);
  const password = field(vars, CONNECTION_FIELDS.password) ?? cli.password;
  if (privateKeyFile === undefined && connection === 'ssh') {
    // ssh's default identities; we use the first that exists.
    privateKeyFile = DEFAULT_IDENTITIES.map((n) => path.join(home, '.ssh', n)).find((p) => existsSync(p));
  }

  const timeoutVar = field(vars, CONNECTION_FIELDS.timeout);
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
    booleanOf(field(vars, CONNECTION_FIELDS.host_key_checking)) === false ||
    booleanOf(env.ANSIBLE_HOST_KEY_CHECKING) === false ||
    booleanOf(env.ANSIBLE_SSH_HOST_KEY_CHECKING) === false ||
    booleanOf(env.FLOTILLA_HOST_KEY_CHECKING) === false;
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
    address: field(vars, CONNECTION_FIELDS.remote_addr) ?? sshOptions.get('hostname') ?? host,
    port,
    user,
    privateKeyFile,
    passphrase: field(vars, CONNECTION_FIELDS.private_key_passphrase) ?? str(env.FLOTILLA_KEY_PASSPHRASE),
    password,
    agent,
    connectTimeoutMs,
    hostKeyChecking,
    knownHostsFiles,
    keepaliveIntervalMs,
    keepaliveCountMax,
  };
}
