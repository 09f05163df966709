import { isMainThread, threadId } from 'node:worker_threads';
import { SyncError } from './errors.js';

// Node 20.19+ ships Symbol.dispose; older runtimes get the well-known registry symbol that
// TypeScript's `using` down-level helpers also look for.
(Symbol as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

/** Owner tag stored in shared memory: threadId + 1, so 0 can mean "nobody" (main is 0). */
export function ownerTag(tid: number = threadId): number {
  return tid + 1;
}

export function assertMayBlock(what: string): void {
  if (isMainThread) {
    throw new SyncError(
      'FLT_SYNC_MAIN_THREAD',
      `${what}: blocking wait refused on the main thread (it would freeze the event loop); use the async acquire()`,
    );
  }
}

export function checkOffset(sab: SharedArrayBuffer, byteOffset: number, bytes: number, what: string): void {
  if (!(sab instanceof SharedArrayBuffer)) {
    throw new SyncError('FLT_SYNC_LAYOUT', `${what}: expected a SharedArrayBuffer`);
  }
  if (byteOffset % 8 !== 0 || byteOffset < 0 || byteOffset + bytes > sab.byteLength) {
    throw new SyncError(
      'FLT_SYNC_LAYOUT',
      `${what}: byteOffset ${byteOffset} must be a multiple of 8 with ${bytes} bytes available (buffer has ${sab.byteLength})`,
    );
  }
}

/**
 * Keeps the thread's event loop alive while a waitAsync is pending: in Node 20 a pending
 * Atomics.waitAsync holds no handle, so a worker with nothing else to do would exit.
 * One per primitive instance, counted, so nested waits share one timer.
 */
export class KeepAlive {
  private count = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  hold(): void {
    if (this.count++ === 0) this.timer = setInterval(noop, 1 << 30);
  }

  release(): void {
    if (--this.count === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

function noop(): void {}
