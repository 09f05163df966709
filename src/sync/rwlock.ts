import { SyncError } from './errors.js';
import { LockGuard, type Releasable } from './guard.js';
import { HolderTable, kHolderCount, kHolderReadGen, kHolderReadWaiting, kHolderWaiting } from './holders.js';
import { kHeaderBytes, kRwLockBytes, kRwState, kRwWriterOwner, kStatsBytes } from './layout.js';
import { assertMayBlock, checkOffset, KeepAlive, ownerTag } from './runtime.js';
import {
  grantGen,
  grantWaitingReaders,
  MAX_FAST_READERS,
  normalise,
  ONE_WAITING_READER,
  ONE_WAITING_WRITER,
  readerMayEnter,
  readers,
  WRITER,
  waitingReaders,
  waitingWriters,
  writerHeld,
  writerMayEnter,
} from './rwlock-state.js';
import { type PrimitiveStats, SharedStats } from './stats.js';
import {
  type AcquireOptions,
  deadlineOf,
  failWait,
  rejectAborted,
  type SyncAcquireOptions,
  type WaitResult,
  waitAsyncOn,
  waitSyncOn,
} from './wait.js';

const READ = 1;
const WRITE = 2;
const MAX_WAITING = 0xff;

/** A wait step: the async and sync paths share the state machine and differ only here. */
type Waiter = (s: number) => Promise<WaitResult> | WaitResult;

/**
 * Writer-preferring reader-writer lock on one packed Int32 (see rwlock-state.ts). A reader that
 * arrives while a writer holds or waits registers as waiting; when the writer leaves, all waiting
 * readers are admitted as one batch before the next writer, so neither side starves.
 * Ordering: every transition is one seq-cst CAS on kRwState; sleepers wait on that same word and
 * every transition that can unblock someone is followed by notify-all.
 */
export class RwLock implements Releasable {
  static readonly BYTES = kRwLockBytes;

  static create(sab: SharedArrayBuffer = new SharedArrayBuffer(kRwLockBytes), byteOffset = 0): RwLock {
    checkOffset(sab, byteOffset, kRwLockBytes, 'RwLock.create');
    new Uint8Array(sab, byteOffset, kRwLockBytes).fill(0);
    return new RwLock(sab, byteOffset);
  }

  private readonly ia: Int32Array;
  private readonly counters: SharedStats;
  private readonly holders: HolderTable;
  private readonly keepAlive = new KeepAlive();

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly byteOffset = 0,
  ) {
    checkOffset(buffer, byteOffset, kRwLockBytes, 'RwLock');
    this.ia = new Int32Array(buffer, byteOffset, kHeaderBytes / 4);
    this.counters = new SharedStats(buffer, byteOffset + kHeaderBytes);
    this.holders = new HolderTable(buffer, byteOffset + kHeaderBytes + kStatsBytes);
  }

  // --- readers -----------------------------------------------------------------------------

  tryAcquireRead(): LockGuard | undefined {
    const entry = this.holders.entry(ownerTag());
    if (this.tryEnterRead()) return this.wonRead(entry, -1);
    this.holders.freeIfIdle(entry);
    return undefined;
  }

  acquireRead(options?: AcquireOptions): Promise<LockGuard> {
    if (options?.signal?.aborted) return rejectAborted('RwLock.acquireRead', options, this.counters);
    const entry = this.holders.entry(ownerTag());
    if (this.tryEnterRead()) return Promise.resolve(this.wonRead(entry, -1));
    return this.withKeepAlive(() => this.readSlow(options, this.asyncWaiter(options), 'RwLock.acquireRead'));
  }

  acquireReadSync(options?: SyncAcquireOptions): LockGuard {
    assertMayBlock('RwLock.acquireReadSync');
    const entry = this.holders.entry(ownerTag());
    if (this.tryEnterRead()) return this.wonRead(entry, -1);
    const deadline = deadlineOf(options?.timeoutMs);
    return this.readSlowSync(options, (s) => waitSyncOn(this.ia, kRwState, s, deadline));
  }

  private tryEnterRead(): boolean {
    const ia = this.ia;
    let s = Atomics.load(ia, kRwState);
    while (readerMayEnter(s)) {
      if (readers(s) >= MAX_FAST_READERS) throw capacity('readers');
      const prev = Atomics.compareExchange(ia, kRwState, s, s + 1);
      if (prev === s) return true;
      s = prev;
    }
    return false;
  }

  /** Enters, or registers as a waiting reader; returns -1 when entered, else the grant generation. */
  private enterOrRegisterRead(entry: number): number {
    const ia = this.ia;
    for (;;) {
      const s = Atomics.load(ia, kRwState);
      if (readerMayEnter(s)) {
        if (readers(s) >= MAX_FAST_READERS) throw capacity('readers');
        if (Atomics.compareExchange(ia, kRwState, s, s + 1) === s) return -1;
      } else {
        if (waitingReaders(s) >= MAX_WAITING) throw capacity('waiting readers');
        if (Atomics.compareExchange(ia, kRwState, s, s + ONE_WAITING_READER) === s) {
          const gen = grantGen(s);
          const h = this.holders;
          // Older registrations of this thread at another generation were granted already.
          if (h.get(entry, kHolderReadWaiting) > 0 && h.get(entry, kHolderReadGen) !== gen) {
            h.add(entry, kHolderCount, h.get(entry, kHolderReadWaiting));
            h.set(entry, kHolderReadWaiting, 0);
          }
          h.add(entry, kHolderReadWaiting, 1);
          h.set(entry, kHolderReadGen, gen);
          return gen;
        }
      }
    }
  }

  private async readSlow(
    options: AcquireOptions | undefined,
    wait: Waiter,
    what: string,
  ): Promise<LockGuard> {
    const start = performance.now();
    const entry = this.holders.entry(ownerTag());
    const gen = this.enterOrRegisterRead(entry);
    if (gen < 0) return this.wonRead(entry, start);
    for (;;) {
      const s = Atomics.load(this.ia, kRwState);
      if (grantGen(s) !== gen) return this.grantedRead(entry, gen, start);
      const r = await wait(s);
      if ((r === 'timed-out' || r === 'aborted') && !this.giveUpRead(entry, gen)) {
        failWait(r, what, options, this.counters);
      }
    }
  }

  private readSlowSync(options: SyncAcquireOptions | undefined, wait: Waiter): LockGuard {
    const start = performance.now();
    const entry = this.holders.entry(ownerTag());
    const gen = this.enterOrRegisterRead(entry);
    if (gen < 0) return this.wonRead(entry, start);
    for (;;) {
      const s = Atomics.load(this.ia, kRwState);
      if (grantGen(s) !== gen) return this.grantedRead(entry, gen, start);
      const r = wait(s) as WaitResult;
      if (r === 'timed-out' && !this.giveUpRead(entry, gen)) {
        failWait(r, 'RwLock.acquireReadSync', options, this.counters);
      }
    }
  }

  /** Deregisters a waiting reader; false when done, true when it was granted meanwhile. */
  private giveUpRead(entry: number, gen: number): boolean {
    for (;;) {
      const s = Atomics.load(this.ia, kRwState);
      if (grantGen(s) !== gen) return true;
      if (Atomics.compareExchange(this.ia, kRwState, s, s - ONE_WAITING_READER) === s) {
        this.holders.add(entry, kHolderReadWaiting, -1);
        this.holders.freeIfIdle(entry);
        return false;
      }
    }
  }

  private grantedRead(entry: number, gen: number, start: number): LockGuard {
    const h = this.holders;
    if (h.get(entry, kHolderReadGen) === gen && h.get(entry, kHolderReadWaiting) > 0) {
      h.add(entry, kHolderReadWaiting, -1);
      h.add(entry, kHolderCount, 1);
    }
    this.counters.acquired(start);
    return new LockGuard(this, READ);
  }

  private wonRead(entry: number, start: number): LockGuard {
    this.holders.add(entry, kHolderCount, 1);
    this.counters.acquired(start);
    return new LockGuard(this, READ);
  }

  // --- writers -----------------------------------------------------------------------------

  tryAcquireWrite(): LockGuard | undefined {
    const s = Atomics.load(this.ia, kRwState);
    if (!writerMayEnter(s) || Atomics.compareExchange(this.ia, kRwState, s, s | WRITER) !== s)
      return undefined;
    return this.wonWrite(-1);
  }

  acquireWrite(options?: AcquireOptions): Promise<LockGuard> {
    if (options?.signal?.aborted) return rejectAborted('RwLock.acquireWrite', options, this.counters);
    const g = this.tryAcquireWrite();
    if (g) return Promise.resolve(g);
    return this.withKeepAlive(() =>
      this.writeSlow(options, this.asyncWaiter(options), 'RwLock.acquireWrite'),
    );
  }

  acquireWriteSync(options?: SyncAcquireOptions): LockGuard {
    assertMayBlock('RwLock.acquireWriteSync');
    const g = this.tryAcquireWrite();
    if (g) return g;
    const deadline = deadlineOf(options?.timeoutMs);
    const entry = this.holders.entry(ownerTag());
    const start = performance.now();
    for (let registered = false; ; ) {
      const step = this.writeStep(entry, registered);
      if (step === 'won') return this.wonWrite(start);
      if (step === 'registered') registered = true;
      else if (waitSyncOn(this.ia, kRwState, step, deadline) === 'timed-out') {
        this.giveUpWrite(entry);
        failWait('timed-out', 'RwLock.acquireWriteSync', options, this.counters);
      }
    }
  }

  private async writeSlow(
    options: AcquireOptions | undefined,
    wait: Waiter,
    what: string,
  ): Promise<LockGuard> {
    const entry = this.holders.entry(ownerTag());
    const start = performance.now();
    for (let registered = false; ; ) {
      const step = this.writeStep(entry, registered);
      if (step === 'won') return this.wonWrite(start);
      if (step === 'registered') registered = true;
      else {
        const r = await wait(step);
        if (r === 'timed-out' || r === 'aborted') {
          this.giveUpWrite(entry);
          failWait(r, what, options, this.counters);
        }
      }
    }
  }

  /** Takes the lock, or registers as waiting, or returns the word to sleep on. */
  private writeStep(entry: number, registered: boolean): 'won' | 'registered' | number {
    const ia = this.ia;
    for (;;) {
      const s = Atomics.load(ia, kRwState);
      if (writerMayEnter(s)) {
        const next = (s | WRITER) - (registered ? ONE_WAITING_WRITER : 0);
        if (Atomics.compareExchange(ia, kRwState, s, next) !== s) continue;
        if (registered) this.holders.add(entry, kHolderWaiting, -1);
        return 'won';
      }
      if (registered) return s;
      if (waitingWriters(s) >= MAX_WAITING) throw capacity('waiting writers');
      if (Atomics.compareExchange(ia, kRwState, s, s + ONE_WAITING_WRITER) !== s) continue;
      this.holders.add(entry, kHolderWaiting, 1);
      return 'registered';
    }
  }

  private giveUpWrite(entry: number): void {
    this.update((s) => normalise(s - ONE_WAITING_WRITER));
    this.holders.add(entry, kHolderWaiting, -1);
    this.holders.freeIfIdle(entry);
  }

  private wonWrite(start: number): LockGuard {
    Atomics.store(this.ia, kRwWriterOwner, ownerTag());
    this.counters.acquired(start);
    return new LockGuard(this, WRITE);
  }

  // --- release -----------------------------------------------------------------------------

  /** @internal called by a guard exactly once. */
  releaseHold(mode: number): void {
    this.counters.released();
    if (mode === WRITE) {
      Atomics.store(this.ia, kRwWriterOwner, 0);
      this.update((s) => grantWaitingReaders(s & ~WRITER));
      return;
    }
    const entry = this.holders.entry(ownerTag());
    this.holders.add(entry, kHolderCount, -1);
    this.holders.freeIfIdle(entry);
    this.update((s) => s - 1);
  }

  /** CAS loop applying `next`; wakes every sleeper if anyone could now proceed. */
  private update(next: (s: number) => number): void {
    const ia = this.ia;
    let s = Atomics.load(ia, kRwState);
    for (;;) {
      const n = next(s);
      const prev = Atomics.compareExchange(ia, kRwState, s, n);
      if (prev === s) {
        const unblocksWriter = waitingWriters(n) > 0 && writerMayEnter(n);
        if (unblocksWriter || grantGen(n) !== grantGen(s)) Atomics.notify(ia, kRwState);
        return;
      }
      s = prev;
    }
  }

  /**
   * Undoes everything the ended thread `threadId` held or waited for (read holds, the write
   * hold, registrations as a waiting reader or writer). Returns the holds released.
   */
  releaseAllHeldBy(threadId: number): number {
    const tag = ownerTag(threadId);
    const taken = this.holders.take(tag);
    const wasWriter = Atomics.compareExchange(this.ia, kRwWriterOwner, tag, 0) === tag;
    if (!taken && !wasWriter) return 0;
    const holds = taken?.holds ?? 0;
    this.update((s) => {
      let n = s - holds - (taken?.waiting ?? 0) * ONE_WAITING_WRITER;
      if (taken && taken.readWaiting > 0) {
        // Still waiting if no grant happened since; otherwise they were admitted as readers.
        n -= grantGen(s) === taken.readGen ? taken.readWaiting * ONE_WAITING_READER : taken.readWaiting;
      }
      if (wasWriter) n = grantWaitingReaders(n & ~WRITER);
      return normalise(n);
    });
    this.counters.released(holds + (wasWriter ? 1 : 0));
    return holds + (wasWriter ? 1 : 0);
  }

  // --- helpers -----------------------------------------------------------------------------

  private asyncWaiter(options: AcquireOptions | undefined): Waiter {
    const deadline = deadlineOf(options?.timeoutMs);
    return (s) => waitAsyncOn(this.ia, kRwState, s, deadline, options?.signal);
  }

  private async withKeepAlive(fn: () => Promise<LockGuard>): Promise<LockGuard> {
    this.keepAlive.hold();
    try {
      return await fn();
    } finally {
      this.keepAlive.release();
    }
  }

  /** Snapshot of the packed word, for diagnostics and tests. */
  inspect(): { readers: number; writer: boolean; waitingWriters: number; waitingReaders: number } {
    const s = Atomics.load(this.ia, kRwState);
    return {
      readers: readers(s),
      writer: writerHeld(s),
      waitingWriters: waitingWriters(s),
      waitingReaders: waitingReaders(s),
    };
  }

  stats(): PrimitiveStats {
    return this.counters.read();
  }
}

function capacity(what: string): SyncError {
  return new SyncError('FLT_SYNC_CAPACITY', `RwLock: too many ${what}`);
}
