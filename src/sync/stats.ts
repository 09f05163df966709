import {
  kStatAborts,
  kStatAcquisitions,
  kStatContended,
  kStatHolders,
  kStatMaxHolders,
  kStatMaxWaitUs,
  kStatTimeouts,
  kStatWaitNsTotal64,
} from './layout.js';

export interface PrimitiveStats {
  acquisitions: number;
  contended: number;
  totalWaitNs: number;
  maxWaitUs: number;
  holders: number;
  maxHolders: number;
  timeouts: number;
  aborts: number;
}

/**
 * Counters in shared memory. They guard nothing, so any ordering would do; Atomics are used
 * only to avoid lost increments. The uncontended path costs two adds and one load.
 */
export class SharedStats {
  private readonly ia: Int32Array;
  private readonly big: BigInt64Array;

  constructor(sab: SharedArrayBuffer, byteOffset: number) {
    this.ia = new Int32Array(sab, byteOffset, 8);
    this.big = new BigInt64Array(sab, byteOffset, kStatWaitNsTotal64 + 1);
  }

  /** Records one acquisition; `waitStartMs` is the performance.now() when waiting began, or -1. */
  acquired(waitStartMs: number): void {
    const ia = this.ia;
    Atomics.add(ia, kStatAcquisitions, 1);
    const holders = Atomics.add(ia, kStatHolders, 1) + 1;
    if (holders > Atomics.load(ia, kStatMaxHolders)) raiseTo(ia, kStatMaxHolders, holders);
    if (waitStartMs >= 0) this.recordWait(waitStartMs);
  }

  /**
   * Exclusive locks (one holder at most) skip the shared holders gauge: the lock word already
   * says whether it is held, which keeps the uncontended path to a single counter add.
   */
  acquiredExclusive(waitStartMs: number): void {
    Atomics.add(this.ia, kStatAcquisitions, 1);
    if (waitStartMs >= 0) this.recordWait(waitStartMs);
  }

  private recordWait(waitStartMs: number): void {
    const waitedMs = performance.now() - waitStartMs;
    Atomics.add(this.ia, kStatContended, 1);
    Atomics.add(this.big, kStatWaitNsTotal64, BigInt(Math.round(waitedMs * 1e6)));
    raiseTo(this.ia, kStatMaxWaitUs, Math.round(waitedMs * 1000));
  }

  released(count = 1): void {
    Atomics.sub(this.ia, kStatHolders, count);
  }

  timedOut(): void {
    Atomics.add(this.ia, kStatTimeouts, 1);
  }

  aborted(): void {
    Atomics.add(this.ia, kStatAborts, 1);
  }

  read(): PrimitiveStats {
    const ia = this.ia;
    return {
      acquisitions: Atomics.load(ia, kStatAcquisitions) >>> 0,
      contended: Atomics.load(ia, kStatContended) >>> 0,
      totalWaitNs: Number(Atomics.load(this.big, kStatWaitNsTotal64)),
      maxWaitUs: Atomics.load(ia, kStatMaxWaitUs),
      holders: Atomics.load(ia, kStatHolders),
      maxHolders: Atomics.load(ia, kStatMaxHolders),
      timeouts: Atomics.load(ia, kStatTimeouts),
      aborts: Atomics.load(ia, kStatAborts),
    };
  }
}

/** CAS loop raising a shared maximum; gives up as soon as someone else stored a larger one. */
function raiseTo(ia: Int32Array, index: number, value: number): void {
  let seen = Atomics.load(ia, index);
  while (value > seen) {
    const prev = Atomics.compareExchange(ia, index, seen, value);
    if (prev === seen) return;
    seen = prev;
  }
}
