import { SyncError } from './errors.js';
import {
  kHolderCount,
  kHolderEntryInts,
  kHolderReadGen,
  kHolderReadWaiting,
  kHolderSlots,
  kHolderTag,
  kHolderWaiting,
} from './layout.js';

export interface HolderEntry {
  threadId: number;
  holds: number;
  waiting: number;
  readWaiting: number;
  readGen: number;
}

/**
 * Per-thread table of holds and waits, bounded to kHolderSlots threads at once.
 * Ordering: an entry is claimed with a CAS (0 -> tag) so two threads never share one; after
 * that only the owning thread writes it (plain Atomics.store/add suffice), and the main
 * thread reads it only once the owner has ended (releaseAllHeldBy), so no torn updates.
 */
export class HolderTable {
  private readonly ia: Int32Array;
  private lastIndex = 0;

  constructor(sab: SharedArrayBuffer, byteOffset: number) {
    this.ia = new Int32Array(sab, byteOffset, kHolderSlots * kHolderEntryInts);
  }

  /** Int32 index of `tag`'s entry, claiming a free one when needed. */
  entry(tag: number): number {
    const ia = this.ia;
    if (Atomics.load(ia, this.lastIndex + kHolderTag) === tag) return this.lastIndex;
    let free = -1;
    for (let i = 0; i < ia.length; i += kHolderEntryInts) {
      const t = Atomics.load(ia, i + kHolderTag);
      if (t === tag) return (this.lastIndex = i);
      if (t === 0 && free < 0) free = i;
    }
    for (let i = free < 0 ? ia.length : free; i < ia.length; i += kHolderEntryInts) {
      if (Atomics.compareExchange(ia, i + kHolderTag, 0, tag) === 0) return (this.lastIndex = i);
    }
    throw new SyncError(
      'FLT_SYNC_CAPACITY',
      `more than ${kHolderSlots} threads hold or wait on one primitive`,
    );
  }

  add(entry: number, field: number, delta: number): number {
    return Atomics.add(this.ia, entry + field, delta) + delta;
  }

  get(entry: number, field: number): number {
    return Atomics.load(this.ia, entry + field);
  }

  set(entry: number, field: number, value: number): void {
    Atomics.store(this.ia, entry + field, value);
  }

  /** Frees the entry once it holds and waits for nothing (only the owner calls this). */
  freeIfIdle(entry: number): void {
    const ia = this.ia;
    if (
      Atomics.load(ia, entry + kHolderCount) === 0 &&
      Atomics.load(ia, entry + kHolderWaiting) === 0 &&
      Atomics.load(ia, entry + kHolderReadWaiting) === 0
    ) {
      Atomics.store(ia, entry + kHolderReadGen, 0);
      Atomics.store(ia, entry + kHolderTag, 0);
    }
  }

  /** Empties the entry of a thread that has ended and returns what it held and awaited. */
  take(tag: number): HolderEntry | undefined {
    const ia = this.ia;
    for (let i = 0; i < ia.length; i += kHolderEntryInts) {
      if (Atomics.load(ia, i + kHolderTag) !== tag) continue;
      const out: HolderEntry = {
        threadId: tag - 1,
        holds: Atomics.exchange(ia, i + kHolderCount, 0),
        waiting: Atomics.exchange(ia, i + kHolderWaiting, 0),
        readWaiting: Atomics.exchange(ia, i + kHolderReadWaiting, 0),
        readGen: Atomics.exchange(ia, i + kHolderReadGen, 0),
      };
      Atomics.store(ia, i + kHolderTag, 0);
      return out;
    }
    return undefined;
  }

  /** Holds per thread, for diagnostics and tests. */
  list(): HolderEntry[] {
    const out: HolderEntry[] = [];
    const ia = this.ia;
    for (let i = 0; i < ia.length; i += kHolderEntryInts) {
      const tag = Atomics.load(ia, i + kHolderTag);
      if (tag === 0) continue;
      out.push({
        threadId: tag - 1,
        holds: Atomics.load(ia, i + kHolderCount),
        waiting: Atomics.load(ia, i + kHolderWaiting),
        readWaiting: Atomics.load(ia, i + kHolderReadWaiting),
        readGen: Atomics.load(ia, i + kHolderReadGen),
      });
    }
    return out;
  }
}

export { kHolderCount, kHolderReadGen, kHolderReadWaiting, kHolderWaiting };
