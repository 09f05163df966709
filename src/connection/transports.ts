/**
 * The transports, keyed by connection name (ansible_connection, the `connection` keyword,
 * -c): the one place that chooses the transport that reaches a host. Adding a transport is
 * its file in this folder (the class and its TransportKind) plus one line in TRANSPORTS.
 */
import { closestMatch, FlotillaError } from '../errors/index.js';
import { local } from './local-transport.js';
import { ssh } from './ssh-transport.js';
import type { ConnectionParams, Transport, TransportKind } from './transport.js';

export type { TransportKind } from './transport.js';

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
