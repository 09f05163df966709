import { SyncError } from './errors.js';
import { LockGuard, type Releasable } from './guard.js';
import { kHeaderBytes, kMutexBytes, kMutexOwner, kMutexState } from './layout.js';
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

const FREE = 0;
const HELD = 1;
/** Held, and a waiter may be asleep: the unlocker must notify. */
const CONTENDED = 2;

/**
 * Mutual exclusion across threads (Drepper's three-state futex mutex on one Int32).
 * Ordering: every transition is a seq-cst CAS/exchange on kMutexState, which also orders the
 * protected data: writes made before unlock's `sub` are visible after the next CAS wins.
 */
export class Mutex implements Releasable {
  static readonly BYTES = kMutexBytes;

  /** Initialises a mutex in `sab` (a fresh buffer when omitted). */
  static create(sab: SharedArrayBuffer = new SharedArrayBuffer(kMutexBytes), byteOffset = 0): Mutex {
    checkOffset(sab, byteOffset, kMutexBytes, 'Mutex.create');
    new Uint8Array(sab, byteOffset, kMutexBytes).fill(0);
    return new Mutex(sab, byteOffset);
  }

  private readonly ia: Int32Array;
  private readonly counters: SharedStats;
  private readonly keepAlive = new KeepAlive();
  private readonly tag = ownerTag();

  /** Attaches to a mutex created elsewhere (any thread) in the same buffer. */
  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly byteOffset = 0,
  ) {
    checkOffset(buffer, byteOffset, kMutexBytes, 'Mutex');
    this.ia = new Int32Array(buffer, byteOffset, kHeaderBytes / 4);
    this.counters = new SharedStats(buffer, byteOffset + kHeaderBytes);
  }

  tryAcquire(): LockGuard | undefined {
    if (Atomics.compareExchange(this.ia, kMutexState, FREE, HELD) !== FREE) return undefined;
    return this.won(-1);
  }

  /** Resolves with a guard; only the contended path allocates more than one promise. */
  acquire(options?: AcquireOptions): Promise<LockGuard> {
    if (options?.signal?.aborted) return rejectAborted('Mutex.acquire', options, this.counters);
    if (Atomics.compareExchange(this.ia, kMutexState, FREE, HELD) === FREE)
      return Promise.resolve(this.won(-1));
    return this.acquireSlow(options);
  }

  private async acquireSlow(options: AcquireOptions | undefined): Promise<LockGuard> {
    const ia = this.ia;
    const start = performance.now();
    const deadline = deadlineOf(options?.timeoutMs);
    const signal = options?.signal;
    this.keepAlive.hold();
    try {
      // Announce ourselves (state 2) so the holder's unlock notifies; sleep while it stays 2.
      let c = Atomics.exchange(ia, kMutexState, CONTENDED);
      while (c !== FREE) {
        const r = await waitAsyncOn(ia, kMutexState, CONTENDED, deadline, signal);
        if (r === 'timed-out' || r === 'aborted') failWait(r, 'Mutex.acquire', options, this.counters);
        c = Atomics.exchange(ia, kMutexState, CONTENDED);
      }
    } finally {
      this.keepAlive.release();
    }
    return this.won(start);
  }

  /** Blocking acquire with Atomics.wait; refused on the main thread. */
  acquireSync(options?: SyncAcquireOptions): LockGuard {
    assertMayBlock('Mutex.acquireSync');
    const ia = this.ia;
    if (Atomics.compareExchange(ia, kMutexState, FREE, HELD) === FREE) return this.won(-1);
    const start = performance.now();
    const deadline = deadlineOf(options?.timeoutMs);
    let c = Atomics.exchange(ia, kMutexState, CONTENDED);
    while (c !== FREE) {
      const r = waitSyncOn(ia, kMutexState, CONTENDED, deadline);
      if (r === 'timed-out') failWait(r, 'Mutex.acquireSync', options, this.counters);
      c = Atomics.exchange(ia, kMutexState, CONTENDED);
    }
    return this.won(start);
  }

  private won(waitStart: number): LockGuard {
    // A plain write: the owner is read for recovery only after the owner thread has ended
    // (thread exit synchronises), and by holder() as a hint; it guards nothing itself.
    this.ia[kMutexOwner] = this.tag;
    this.counters.acquiredExclusive(waitStart);
    return new LockGuard(this, 0);
  }

  /** @internal called by the guard exactly once. */
  releaseHold(): void {
    // Cleared before the seq-cst unlock below, so it can never erase the next holder's tag.
    this.ia[kMutexOwner] = 0;
    this.unlock();
  }

  private unlock(): void {
    if (Atomics.sub(this.ia, kMutexState, 1) !== HELD) {
      Atomics.store(this.ia, kMutexState, FREE);
      Atomics.notify(this.ia, kMutexState, 1);
    }
  }

  /** threadId of the holder, or -1 when free. */
  holder(): number {
    return Atomics.load(this.ia, kMutexOwner) - 1;
  }

  isLocked(): boolean {
    return Atomics.load(this.ia, kMutexState) !== FREE;
  }

  /**
   * Releases the mutex if the (ended) thread `threadId` held it; returns how many holds were
   * released. Only for threads that have exited: a live holder would lose its lock.
   */
  releaseAllHeldBy(threadId: number): number {
    const tag = ownerTag(threadId);
    if (Atomics.compareExchange(this.ia, kMutexOwner, tag, 0) !== tag) return 0;
    if (Atomics.load(this.ia, kMutexState) === FREE) {
      throw new SyncError('FLT_SYNC_STATE', 'Mutex: owner recorded but the mutex is free');
    }
    this.unlock();
    return 1;
  }

  stats(): PrimitiveStats {
    const s = this.counters.read();
    return { ...s, holders: this.isLocked() ? 1 : 0, maxHolders: s.acquisitions > 0 ? 1 : 0 };
  }
}
