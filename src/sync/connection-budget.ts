import type { LockGuard } from './guard.js';
import { Semaphore } from './semaphore.js';

// After the semaphore: [wanted, seq]. `wanted` counts idle connections some worker asked
// the others to close; `seq` changes on every request, so owners can sleep on it.
const kWanted = 0;
const kSeq = 1;
const kExtraBytes = 8;

/**
 * The run's budget of open connections, shared by every worker thread: a Semaphore with one
 * permit per open socket, held from connect until the socket is closed. A worker that finds
 * no permit closes its own least recently used idle connection; when it has none, it asks
 * (`requestEviction`) and the workers that hold idle connections close theirs, each its
 * least recently used first (`claimEviction`, one CAS per connection closed).
 */
export class ConnectionBudget {
  static create(permits: number): ConnectionBudget {
    const sab = new SharedArrayBuffer(Semaphore.BYTES + kExtraBytes);
    Semaphore.create(permits, sab, 0);
    return new ConnectionBudget(sab);
  }

  private readonly semaphore: Semaphore;
  private readonly ia: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.semaphore = new Semaphore(buffer, 0);
    this.ia = new Int32Array(buffer, Semaphore.BYTES, kExtraBytes / 4);
  }

  get permits(): number {
    return this.semaphore.permits;
  }

  get available(): number {
    return this.semaphore.available;
  }

  /** Idle connections asked for and not yet closed. */
  get wanted(): number {
    return Atomics.load(this.ia, kWanted);
  }

  tryTake(): LockGuard | undefined {
    return this.semaphore.tryAcquire();
  }

  /** A permit, or undefined after `timeoutMs`. */
  async take(timeoutMs: number): Promise<LockGuard | undefined> {
    return this.semaphore.acquire({ timeoutMs }).catch(() => undefined);
  }

  /** Asks the workers holding idle connections to close one. */
  requestEviction(): void {
    Atomics.add(this.ia, kWanted, 1);
    Atomics.add(this.ia, kSeq, 1);
    Atomics.notify(this.ia, kSeq);
  }

  /** Takes one outstanding request (the caller then closes an idle connection). */
  claimEviction(): boolean {
    for (;;) {
      const w = Atomics.load(this.ia, kWanted);
      if (w <= 0) return false;
      if (Atomics.compareExchange(this.ia, kWanted, w, w - 1) === w) return true;
    }
  }

  /** Hands a claimed request back (the claimer had nothing to close after all). */
  unclaimEviction(): void {
    Atomics.add(this.ia, kWanted, 1);
  }

  /**
   * Calls `onRequest` whenever some worker asks for an eviction (and every `pollMs`, so a
   * connection that became idle since is found). Returns a stop function.
   */
  watch(onRequest: () => void, pollMs = 500): () => void {
    let stopped = false;
    const waitAsync = (
      Atomics as unknown as {
        waitAsync(ia: Int32Array, i: number, v: number, t?: number): { async: boolean; value: unknown };
      }
    ).waitAsync;
    void (async () => {
      while (!stopped) {
        const seen = Atomics.load(this.ia, kSeq);
        if (Atomics.load(this.ia, kWanted) > 0) onRequest();
        const r = waitAsync(this.ia, kSeq, seen, pollMs);
        if (r.async) await r.value;
      }
    })();
    return () => {
      stopped = true;
    };
  }

  /** Gives back every permit a crashed worker thread held. */
  releaseAllHeldBy(threadId: number): number {
    return this.semaphore.releaseAllHeldBy(threadId);
  }
}
