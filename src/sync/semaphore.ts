import { SyncError } from './errors.js';
import { LockGuard, type Releasable } from './guard.js';
import { HolderTable, kHolderCount, kHolderWaiting } from './holders.js';
import {
  kHeaderBytes,
  kSemAvailable,
  kSemaphoreBytes,
  kSemPermits,
  kSemWaiters,
  kStatsBytes,
} from './layout.js';
import { assertMayBlock, checkOffset, KeepAlive, ownerTag } from './runtime.js';
import { type PrimitiveStats, SharedStats } from './stats.js';
import {
  type AcquireOptions,
  deadlineOf,
  failWait,
  rejectAborted,
  type SyncAcquireOptions,
  waitAsyncOn,
  waitSyncOn,
} from './wait.js';

/**
 * Counting semaphore. kSemAvailable is the number of free permits, taken with a CAS that never
 * lets it go below zero. Ordering: a waiter increments kSemWaiters *then* re-reads
 * kSemAvailable; a releaser increments kSemAvailable *then* reads kSemWaiters. Both are
 * seq-cst, so at least one side sees the other (Dekker): no wake-up is lost. The waiter also
 * sleeps only while kSemAvailable is still 0.
 */
export class Semaphore implements Releasable {
  static readonly BYTES = kSemaphoreBytes;

  static create(
    permits: number,
    sab: SharedArrayBuffer = new SharedArrayBuffer(kSemaphoreBytes),
    byteOffset = 0,
  ) {
    if (!Number.isInteger(permits) || permits < 1 || permits > 0x3fffffff) {
      throw new SyncError(
        'FLT_SYNC_LAYOUT',
        `Semaphore.create: permits must be a positive integer, got ${permits}`,
      );
    }
    checkOffset(sab, byteOffset, kSemaphoreBytes, 'Semaphore.create');
    new Uint8Array(sab, byteOffset, kSemaphoreBytes).fill(0);
    const ia = new Int32Array(sab, byteOffset, 4);
    Atomics.store(ia, kSemPermits, permits);
    Atomics.store(ia, kSemAvailable, permits);
    return new Semaphore(sab, byteOffset);
  }

  private readonly ia: Int32Array;
  private readonly counters: SharedStats;
  private readonly holders: HolderTable;
  private readonly keepAlive = new KeepAlive();

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly byteOffset = 0,
  ) {
    checkOffset(buffer, byteOffset, kSemaphoreBytes, 'Semaphore');
    this.ia = new Int32Array(buffer, byteOffset, kHeaderBytes / 4);
    this.counters = new SharedStats(buffer, byteOffset + kHeaderBytes);
    this.holders = new HolderTable(buffer, byteOffset + kHeaderBytes + kStatsBytes);
  }

  get permits(): number {
    return Atomics.load(this.ia, kSemPermits);
  }

  get available(): number {
    return Atomics.load(this.ia, kSemAvailable);
  }

  private take(): boolean {
    const ia = this.ia;
    let a = Atomics.load(ia, kSemAvailable);
    while (a > 0) {
      const prev = Atomics.compareExchange(ia, kSemAvailable, a, a - 1);
      if (prev === a) return true;
      a = prev;
    }
    return false;
  }

  tryAcquire(): LockGuard | undefined {
    const entry = this.holders.entry(ownerTag());
    if (this.take()) return this.won(entry, -1);
    this.holders.freeIfIdle(entry);
    return undefined;
  }

  acquire(options?: AcquireOptions): Promise<LockGuard> {
    if (options?.signal?.aborted) return rejectAborted('Semaphore.acquire', options, this.counters);
    const entry = this.holders.entry(ownerTag());
    if (this.take()) return Promise.resolve(this.won(entry, -1));
    return this.acquireSlow(entry, options);
  }

  private async acquireSlow(entry: number, options: AcquireOptions | undefined): Promise<LockGuard> {
    const ia = this.ia;
    const start = performance.now();
    const deadline = deadlineOf(options?.timeoutMs);
    this.beginWait(entry);
    this.keepAlive.hold();
    try {
      while (!this.take()) {
        const r = await waitAsyncOn(ia, kSemAvailable, 0, deadline, options?.signal);
        if (r === 'timed-out' || r === 'aborted') failWait(r, 'Semaphore.acquire', options, this.counters);
      }
    } finally {
      this.keepAlive.release();
      this.endWait(entry);
    }
    return this.won(entry, start);
  }

  acquireSync(options?: SyncAcquireOptions): LockGuard {
    assertMayBlock('Semaphore.acquireSync');
    const entry = this.holders.entry(ownerTag());
    if (this.take()) return this.won(entry, -1);
    const start = performance.now();
    const deadline = deadlineOf(options?.timeoutMs);
    this.beginWait(entry);
    try {
      while (!this.take()) {
        const r = waitSyncOn(this.ia, kSemAvailable, 0, deadline);
        if (r === 'timed-out') failWait(r, 'Semaphore.acquireSync', options, this.counters);
      }
    } finally {
      this.endWait(entry);
    }
    return this.won(entry, start);
  }

  private beginWait(entry: number): void {
    this.holders.add(entry, kHolderWaiting, 1);
    Atomics.add(this.ia, kSemWaiters, 1);
  }

  private endWait(entry: number): void {
    Atomics.sub(this.ia, kSemWaiters, 1);
    this.holders.add(entry, kHolderWaiting, -1);
    this.holders.freeIfIdle(entry);
  }

  private won(entry: number, waitStart: number): LockGuard {
    this.holders.add(entry, kHolderCount, 1);
    this.counters.acquired(waitStart);
    return new LockGuard(this, 0);
  }

  /** @internal called by the guard exactly once. */
  releaseHold(): void {
    const entry = this.holders.entry(ownerTag());
    this.holders.add(entry, kHolderCount, -1);
    this.holders.freeIfIdle(entry);
    this.counters.released();
    this.give(1);
  }

  private give(n: number): void {
    Atomics.add(this.ia, kSemAvailable, n);
    if (Atomics.load(this.ia, kSemWaiters) > 0) Atomics.notify(this.ia, kSemAvailable, n);
  }

  /** Gives back every permit the ended thread held (and forgets its waits); returns the count. */
  releaseAllHeldBy(threadId: number): number {
    const taken = this.holders.take(ownerTag(threadId));
    if (!taken) return 0;
    if (taken.waiting > 0) Atomics.sub(this.ia, kSemWaiters, taken.waiting);
    if (taken.holds > 0) {
      this.counters.released(taken.holds);
      this.give(taken.holds);
    }
    return taken.holds;
  }

  stats(): PrimitiveStats {
    return this.counters.read();
  }
}
