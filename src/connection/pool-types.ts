/** Options, events and statistics of the per-worker ConnectionPool. */
import type { ConnectionBudget } from '../sync/connection-budget.js';
import type { ConnectionRegistry } from '../sync/registry.js';
import type { ConnectionParams, Transport } from './transport.js';

/** The registry calls the pool makes (the real ConnectionRegistry, or a lab double). */
export type SlotRegistry = Pick<
  ConnectionRegistry,
  | 'claim'
  | 'waitWhileConnecting'
  | 'publishReady'
  | 'markDead'
  | 'pin'
  | 'unpin'
  | 'closeIfIdle'
  | 'markClosed'
  | 'state'
  | 'refcount'
  | 'generation'
  | 'touch'
  | 'lruIdle'
>;

export type PoolEvent =
  | { type: 'connected'; slot: number; key: string; ms: number }
  | { type: 'connect-failed'; slot: number; key: string; code: string }
  | { type: 'reused'; slot: number; key: string }
  | { type: 'found-dead'; slot: number; key: string }
  | { type: 'evicted'; slot: number; key: string }
  | { type: 'expired'; slot: number; key: string }
  | { type: 'closed'; slot: number; key: string };

export interface ConnectionPoolOptions {
  registry: SlotRegistry;
  /** This worker's id in the registry (non-zero). */
  ownerId: number;
  /**
   * Soft cap on open connections in this pool. When every connection is pinned the pool
   * goes over the cap rather than wait: waiting could deadlock a caller that needs a
   * second host, and the excess is closed as soon as it is idle and a new one is needed.
   */
  maxConnections: number;
  /** Reuse without a liveness round trip if the connection was used this recently. */
  idleCheckAfterMs: number;
  transportFactory: (params: ConnectionParams) => Transport;
  onEvent?: (event: PoolEvent) => void;
  /** Liveness check budget (default 5 s). */
  aliveTimeoutMs?: number;
  /** Close connections idle for longer than this (off when absent). */
  idleExpiryMs?: number;
  /** The run's open-connection budget, shared by all workers (none: unbounded but for maxConnections). */
  budget?: ConnectionBudget;
  /**
   * Which idle connection to close first when the pool or the budget is full:
   * - `least-recently-used` (the default);
   * - `last-in-run-order`: the one with the highest registry slot, i.e. the host that
   *   comes last in the run's host order. A play walks its hosts in that order on every
   *   task, so a host done with this task is next needed at its place in the next one, and
   *   the furthest such use is the last host's. Under LRU, a fleet larger than the budget
   *   loses every connection between two tasks; this keeps the first hosts' connections.
   */
  evictFirst?: 'least-recently-used' | 'last-in-run-order';
}

export interface PoolStats {
  opened: number;
  reused: number;
  reconnects: number;
  evictions: number;
  expired: number;
  open: number;
}

/** Optional capability: a transport that knows, for free, that its socket is gone. */
export interface OpenStateAware {
  readonly isOpen: boolean;
}

export function knownClosed(t: Transport): boolean {
  return 'isOpen' in t && (t as unknown as OpenStateAware).isOpen === false;
}
