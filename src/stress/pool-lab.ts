/** Plumbing the connection-pool scenarios share: shared setup, the real pool, small stats. */
import { ConnectionPool } from '../connection/pool.js';
import type { PoolEvent } from '../connection/pool-types.js';
import type { ConnectionParams } from '../connection/transport.js';
import { ConnectionRegistry } from '../sync/index.js';
import { createAsyncBarrier } from './async-barrier.js';
import {
  createLedger,
  LocalOpenCount,
  labTransportFactory,
  readLedger,
  type TrackedTransport,
} from './lab-transport.js';
import { SIM_DEFAULTS, type SimLatencies } from './sim-transport.js';
import type { RunSettings, SharedData, WorkerContext } from './types.js';

/** Ledger, registry (`slots` host slots) and an end barrier, for every pool scenario. */
export function poolLabSetup(slots: number): SharedData {
  return {
    ledger: createLedger(),
    registry: ConnectionRegistry.create(Math.max(1, slots)).buffer,
    end: createAsyncBarrier(),
  };
}

export interface LabWorker {
  local: LocalOpenCount;
  factory: (params: ConnectionParams) => TrackedTransport;
  registry: ConnectionRegistry;
  /** flotilla's own ConnectionPool over the shared registry, owned by this worker. */
  pool(options: {
    maxConnections: number;
    idleCheckAfterMs?: number;
    idleExpiryMs?: number;
    onEvent?: (e: PoolEvent) => void;
  }): ConnectionPool;
}

export async function labWorker(
  ctx: WorkerContext,
  sim: (params: ConnectionParams) => SimLatencies = () => SIM_DEFAULTS,
): Promise<LabWorker> {
  const local = new LocalOpenCount();
  const factory = await labTransportFactory(
    ctx.settings,
    ctx.data.ledger as SharedArrayBuffer,
    local,
    ctx.random,
    sim,
  );
  const registry = ConnectionRegistry.attach(ctx.data.registry as SharedArrayBuffer);
  return {
    local,
    factory,
    registry,
    pool: (o) =>
      new ConnectionPool({
        registry,
        ownerId: ctx.index + 1,
        maxConnections: o.maxConnections,
        idleCheckAfterMs: o.idleCheckAfterMs ?? 60_000,
        transportFactory: factory,
        onEvent: o.onEvent,
        idleExpiryMs: o.idleExpiryMs,
      }),
  };
}

/** The ledger as report metrics (connectionsOpened = successful connects = real logins with ssh). */
export function ledgerMetrics(data: SharedData): Record<string, number> {
  const l = readLedger(data.ledger as SharedArrayBuffer);
  return {
    connectionsOpened: l.OPENED,
    connectFailures: l.FAILED,
    maxOpen: l.MAX_OPEN,
    commands: l.COMMANDS,
  };
}

export function ledgerOf(data: SharedData): ReturnType<typeof readLedger> {
  return readLedger(data.ledger as SharedArrayBuffer);
}

/** Hosts owned by worker `index` when hosts are sharded round-robin over the threads. */
export function shardOf(settings: RunSettings, index: number): number[] {
  return Array.from({ length: settings.hosts }, (_, h) => h).filter((h) => h % settings.threads === index);
}

/** A worker's private slot for host `h` when every worker plays a separate run over all hosts. */
export function privateSlot(settings: RunSettings, index: number, h: number): number {
  return index * settings.hosts + h;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** p-th percentile of raw samples (nearest rank); 0 when empty. */
export function percentileOf(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** FlotillaError code of an error that may have crossed a boundary as plain data. */
export function codeOf(err: unknown): string {
  return (err as { code?: string })?.code ?? 'UNKNOWN';
}

export function sumOf<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((n, item) => n + pick(item), 0);
}
