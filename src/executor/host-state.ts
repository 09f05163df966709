/**
 * What a worker knows about one of its hosts. It lives on the owner worker for the whole
 * run: facts and registered results never leave it except as task results.
 */
import type { ConnectionParams } from '../connection/transport.js';
import type { ErrorData } from '../errors/index.js';
import { markUnsafe } from '../python/unsafe.js';

export interface HostState {
  name: string;
  slot: number;
  /** Inventory vars merged with playbook group_vars/host_vars. */
  vars: Record<string, unknown>;
  groupNames: string[];
  /** Host.address when it is not the name (the implicit localhost's 127.0.0.1). */
  address?: string;
  facts: Record<string, unknown>;
  /** Facts a module returned without the `ansible_` prefix (getent_passwd): variables as they are. */
  unprefixedFacts?: Set<string>;
  /** include_vars results: one precedence level below set_fact and register. */
  includedVars: Record<string, unknown>;
  /** set_fact and register results (the same precedence level). */
  hostVars: Record<string, unknown>;
  /** Handlers this host notified and that have not run yet. */
  notified: Set<string>;
  params?: ConnectionParams;
  /** The `connection` keyword `params` were resolved with ('' for none). */
  paramsConnection?: string;
  /** Pre-connection failed: with which login (login-key.ts loginKey), and the unreachable error. */
  preconnectFailed?: { login: string; error: ErrorData };
}

export function newHostState(init: {
  name: string;
  slot: number;
  vars: Record<string, unknown>;
  groupNames: string[];
  address?: string;
}): HostState {
  // Facts come from the host: never templated (python/unsafe.ts).
  return { ...init, facts: markUnsafe({}), includedVars: {}, hostVars: {}, notified: new Set() };
}
