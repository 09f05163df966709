/**
 * The seed's CommandContext pool, made real across threads: a table of per-host connection
 * ids in a SharedArrayBuffer (the `HashMap`) behind our RwLock (the `RwLock`), with the
 * two-phase get_connection of seed-analysis §2:
 *   read lock → look up → (is_alive, awaited INSIDE the read lock) → unlock
 *   miss: connect (no lock) → write lock → insert, overwriting → unlock
 * Connections cannot cross threads, so an id found from another thread counts as a reuse
 * ("foreign") and is not used. This module is deliberately wrong; it is the lab's baseline.
 */
import type { ConnectionParams } from '../connection/transport.js';
import { RwLock } from '../sync/index.js';
import type { TrackedTransport } from './lab-transport.js';

export interface NaiveTable {
  table: SharedArrayBuffer;
  lock: SharedArrayBuffer;
}

export function createNaiveTable(hosts: number): NaiveTable {
  return { table: new SharedArrayBuffer(Math.max(1, hosts) * 4), lock: RwLock.create().buffer };
}

export type NaiveGet =
  | { kind: 'hit' | 'created'; transport: TrackedTransport }
  | { kind: 'foreign'; transport?: undefined };

export interface NaivePoolOptions {
  /** Owner index of this thread (ids carry it so threads can tell theirs apart). */
  owner: number;
  factory: (params: ConnectionParams) => TrackedTransport;
  /** Await the liveness check while holding the read lock (the seed's code) or after it. */
  aliveInsideLock: boolean;
  /** Called with how long each read-lock hold lasted (ms). */
  onReadHold?: (ms: number) => void;
}

const OWNER_SHIFT = 20;

export class NaiveTwoPhasePool {
  private readonly ids: Int32Array;
  private readonly lock: RwLock;
  private readonly mine = new Map<number, TrackedTransport>();
  private seq = 0;
  /** Liveness round trips awaited while the read lock was held (network I/O under a lock). */
  aliveChecksInsideLock = 0;

  constructor(
    shared: NaiveTable,
    private readonly options: NaivePoolOptions,
  ) {
    this.ids = new Int32Array(shared.table);
    this.lock = new RwLock(shared.lock);
  }

  async getConnection(slot: number, params: ConnectionParams): Promise<NaiveGet> {
    // Phase 1 (read).
    const read = await this.lock.acquireRead();
    const held = performance.now();
    let candidate: TrackedTransport | undefined;
    try {
      const id = Atomics.load(this.ids, slot);
      if (id !== 0 && id >>> OWNER_SHIFT !== this.options.owner + 1) return { kind: 'foreign' };
      candidate = id === 0 ? undefined : this.mine.get(id);
      if (candidate && this.options.aliveInsideLock) {
        this.aliveChecksInsideLock++;
        if (await candidate.isAlive()) return { kind: 'hit', transport: candidate };
        candidate = undefined;
      }
    } finally {
      read.release();
      this.options.onReadHold?.(performance.now() - held);
    }
    if (candidate && (await candidate.isAlive())) return { kind: 'hit', transport: candidate };
    // Phase 2 (write): connect with no lock held, then insert, overwriting whatever raced us.
    const transport = this.options.factory(params);
    await transport.connect();
    const id = ((this.options.owner + 1) << OWNER_SHIFT) | ++this.seq;
    this.mine.set(id, transport);
    const write = await this.lock.acquireWrite();
    Atomics.store(this.ids, slot, id);
    write.release();
    return { kind: 'created', transport };
  }

  /** Write lock only, as an inserting task would take it (for writer-wait measurements). */
  async insertUnderWriteLock(slot: number, value: number): Promise<void> {
    const write = await this.lock.acquireWrite();
    Atomics.store(this.ids, slot, value);
    write.release();
  }

  lockStats(): ReturnType<RwLock['stats']> {
    return this.lock.stats();
  }

  /** The seed's close_connections(): this thread's connections, drained and closed. */
  async closeConnections(): Promise<void> {
    const all = [...this.mine.values()];
    this.mine.clear();
    await Promise.all(all.map((t) => t.close().catch(() => {})));
  }
}
