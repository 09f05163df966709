import './runtime.js';

/** Something a guard gives back exactly once. */
export interface Releasable {
  releaseHold(mode: number): void;
}

/**
 * Proof of one acquisition. `release()` is idempotent, so `using g = await m.acquire()` and an
 * explicit early `g.release()` can be combined safely.
 */
export class LockGuard implements Disposable {
  private done = false;

  constructor(
    private readonly owner: Releasable,
    private readonly mode: number,
  ) {}

  get released(): boolean {
    return this.done;
  }

  release(): void {
    if (this.done) return;
    this.done = true;
    this.owner.releaseHold(this.mode);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}
