/**
 * The transports, keyed by connection name (ansible_connection, the `connection` keyword,
 * -c): the one place that knows which class reaches a host and how it is used. Adding a
 * transport is its class in this folder plus one line in TRANSPORTS.
 */
import os from 'node:os';
import { closestMatch, FlotillaError } from '../errors/index.js';
import { LocalTransport } from './local-transport.js';
import { SshTransport } from './ssh-transport.js';
import type { ConnectionParams, Transport } from './transport.js';

/** How one kind of connection is made and used. */
export interface TransportKind {
  /** The name the resolved ConnectionParams carry (aliases such as `paramiko` resolve to `ssh`). */
  readonly name: string;
  /** A transport for `params`, not connected yet (the caller connects and closes it). */
  create(params: ConnectionParams): Transport;
  /**
   * Kept open in the worker's connection pool between tasks and opened ahead at play start
   * (ssh). Otherwise each task opens its own transport and closes it (local).
   */
  readonly pooled: boolean;
  /** The user a command runs as before become (Ansible does not become that same user). */
  loginUser(params: ConnectionParams): string;
  /**
   * The run is interrupted: kill the commands this thread's unpooled transports of this kind
   * still run (pooled ones are interrupted through the pool).
   */
  interruptAll?(): void;
}

const ssh = {
  name: 'ssh',
  create: (params: ConnectionParams) => new SshTransport(params),
  pooled: true,
  loginUser: (params: ConnectionParams) => params.user,
} as const satisfies TransportKind;

const local = {
  name: 'local',
  // The controller itself: named `localhost` in its errors whatever the inventory calls it.
  create: () => new LocalTransport(),
  pooled: false,
  loginUser: () => os.userInfo().username,
  interruptAll: () => LocalTransport.killRunning(),
} as const satisfies TransportKind;

/**
 * Every connection name flotilla accepts (Ansible 2.14's `paramiko` and `smart` are served by
 * ssh), in the order the error hints try and list them.
 */
export const TRANSPORTS = {
  ssh,
  paramiko: ssh,
  smart: ssh,
  local,
} as const satisfies Record<string, TransportKind>;

export type TransportTable = Readonly<Record<string, TransportKind>>;

/** The canonical names ConnectionParams carry: one per distinct transport of the table. */
export type TransportName = (typeof TRANSPORTS)[keyof typeof TRANSPORTS]['name'];

/** Whether `name` is a connection of the table (own keys only: `toString` is not a transport). */
function lookup(table: TransportTable, name: string): TransportKind | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * The transport a connection name selects, for `host`. An unknown name is flotilla's
 * FLT_CONN_UNSUPPORTED error, with the nearest known name as a hint.
 */
export function transportNamed(
  host: string,
  name: string,
  table: TransportTable = TRANSPORTS,
): TransportKind {
  const kind = lookup(table, name);
  if (kind) return kind;
  const near = closestMatch(name, Object.keys(table));
  throw new FlotillaError('FLT_CONN_UNSUPPORTED', `host ${host}: unsupported ansible_connection "${name}"`, {
    host,
    hint: near ? `did you mean "${near}"?` : `flotilla supports ${listed(table)}`,
  });
}

/** The distinct transports of a table, as a sentence's list: `ssh and local`, `a, b and c`. */
function listed(table: TransportTable): string {
  const names = [...new Set(Object.values(table).map((k) => k.name))];
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The transport resolved params use (their `connection` is a canonical name of the table). */
export function transportOf(params: Pick<ConnectionParams, 'host' | 'connection'>, table?: TransportTable) {
  return transportNamed(params.host, params.connection, table);
}

/** A new, not yet connected transport for `params`. */
export function createTransport(params: ConnectionParams, table?: TransportTable): Transport {
  return transportOf(params, table).create(params);
}
