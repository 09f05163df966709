/**
 * A tiny FIFO semaphore: at most `max` SSH channels open at once on one connection
 * (OpenSSH's MaxSessions defaults to 10 and refuses the 11th). Extra callers queue.
 */
export class ChannelLimiter {
  private active = 0;
  private readonly waiters: { resolve: (release: () => void) => void; reject: (err: unknown) => void }[] = [];
  private failure: unknown;

  constructor(private max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`maxSessions must be a positive integer, got ${max}`);
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function once a channel slot is free. */
  acquire(): Promise<() => void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Permanently takes one slot away (a long-lived channel such as sftp). */
  reserveOne(): void {
    if (this.max > 1) this.max--;
  }

  /** Rejects every queued and future acquire (the connection is gone). */
  fail(err: unknown): void {
    this.failure = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      while (this.active < this.max && this.waiters.length > 0) {
        this.active++;
        this.waiters.shift()!.resolve(this.releaser());
      }
    };
  }
}
