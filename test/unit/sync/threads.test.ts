import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Mutex, RwLock, Semaphore } from '../../../src/sync/index.js';
import { nextMessage, sleep, spawnFixture } from './helpers.js';

const FIXTURE = new URL('./fixtures/sync-worker.ts', import.meta.url);
const started: Worker[] = [];

function spawn(action: string, buffers: Record<string, SharedArrayBuffer>): Worker {
  const w = spawnFixture(FIXTURE, { action, buffers });
  started.push(w);
  return w;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

describe('primitives across real worker threads', () => {
  it('the main thread recovers everything a terminated worker held or waited for', async () => {
    const mutex = Mutex.create();
    const sem = Semaphore.create(1);
    const rwWrite = RwLock.create();
    const rwRead = RwLock.create();
    const rwWaitWrite = RwLock.create();
    const mainRead = await rwWaitWrite.acquireRead();
    const w = spawn('hold-all', {
      mutex: mutex.buffer,
      sem: sem.buffer,
      rwWrite: rwWrite.buffer,
      rwRead: rwRead.buffer,
      rwWaitWrite: rwWaitWrite.buffer,
    });
    const { threadId } = await nextMessage<{ threadId: number }>(w);
    expect(mutex.holder()).toBe(threadId);
    expect(mutex.tryAcquire()).toBeUndefined();
    expect(sem.tryAcquire()).toBeUndefined();
    expect(rwWrite.tryAcquireRead()).toBeUndefined();
    expect(rwRead.tryAcquireWrite()).toBeUndefined();
    // Writer preference: the worker's queued writer keeps new readers out.
    expect(rwWaitWrite.inspect().waitingWriters).toBe(1);
    expect(rwWaitWrite.tryAcquireRead()).toBeUndefined();

    await w.terminate();
    expect(mutex.releaseAllHeldBy(threadId)).toBe(1);
    expect(sem.releaseAllHeldBy(threadId)).toBe(1);
    expect(rwWrite.releaseAllHeldBy(threadId)).toBe(1);
    expect(rwRead.releaseAllHeldBy(threadId)).toBe(1);
    expect(rwWaitWrite.releaseAllHeldBy(threadId)).toBe(0);

    (await mutex.acquire({ timeoutMs: 200 })).release();
    (await sem.acquire({ timeoutMs: 200 })).release();
    (await rwWrite.acquireWrite({ timeoutMs: 200 })).release();
    (await rwRead.acquireWrite({ timeoutMs: 200 })).release();
    expect(rwWaitWrite.inspect().waitingWriters).toBe(0);
    (await rwWaitWrite.acquireRead({ timeoutMs: 200 })).release();
    mainRead.release();
    (await rwWaitWrite.acquireWrite({ timeoutMs: 200 })).release();
  });

  it('a timer in a worker keeps ticking while it waits asynchronously', async () => {
    const m = Mutex.create();
    const g = await m.acquire();
    const w = spawn('ticks', { mutex: m.buffer });
    await nextMessage(w);
    await sleep(150);
    g.release();
    const { ticks } = await nextMessage<{ ticks: number }>(w);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('a pending async acquire keeps an otherwise idle worker alive', async () => {
    const s = Semaphore.create(1);
    const g = await s.acquire();
    const w = spawn('only-acquire', { sem: s.buffer });
    await nextMessage(w);
    // Listen before waiting: without the keep-alive handle the worker would exit meanwhile.
    const second = nextMessage(w);
    await sleep(100);
    g.release();
    await expect(second).resolves.toEqual({ acquired: true });
  });

  it('acquireSync in a worker times out with FLT_SYNC_TIMEOUT', async () => {
    const mutex = Mutex.create();
    const sem = Semaphore.create(1);
    const rw = RwLock.create();
    const held = [await mutex.acquire(), await sem.acquire(), await rw.acquireWrite()];
    const w = spawn('sync-timeouts', { mutex: mutex.buffer, sem: sem.buffer, rw: rw.buffer });
    const { codes, waitedMs } = await nextMessage<{ codes: Record<string, string>; waitedMs: number }>(w);
    expect(codes).toEqual({
      mutex: 'FLT_SYNC_TIMEOUT',
      sem: 'FLT_SYNC_TIMEOUT',
      read: 'FLT_SYNC_TIMEOUT',
      write: 'FLT_SYNC_TIMEOUT',
    });
    expect(waitedMs).toBeGreaterThanOrEqual(75);
    for (const g of held) g.release();
    expect(rw.inspect()).toEqual({ readers: 0, writer: false, waitingWriters: 0, waitingReaders: 0 });
  });
});
