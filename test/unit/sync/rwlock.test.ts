import { describe, expect, it } from 'vitest';
import { RwLock } from '../../../src/sync/index.js';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Tracks whether a pending acquisition has resolved yet. */
function track<T>(p: Promise<T>): { done: () => boolean; value: Promise<T> } {
  let settled = false;
  const value = p.then((v) => {
    settled = true;
    return v;
  });
  return { done: () => settled, value };
}

describe('RwLock on the main thread', () => {
  it('shares between readers and excludes a writer', () => {
    const l = RwLock.create();
    const r1 = l.tryAcquireRead();
    const r2 = l.tryAcquireRead();
    expect(r1 && r2).toBeDefined();
    expect(l.tryAcquireWrite()).toBeUndefined();
    r1!.release();
    r2!.release();
    const w = l.tryAcquireWrite();
    expect(w).toBeDefined();
    expect(l.tryAcquireRead()).toBeUndefined();
    expect(l.tryAcquireWrite()).toBeUndefined();
    w!.release();
    expect(l.inspect()).toEqual({ readers: 0, writer: false, waitingWriters: 0, waitingReaders: 0 });
    expect(l.stats().maxHolders).toBe(2);
  });

  it('prefers writers: a reader arriving while a writer waits, waits', async () => {
    const l = RwLock.create();
    const r1 = await l.acquireRead();
    const writer = track(l.acquireWrite());
    await tick();
    expect(l.inspect().waitingWriters).toBe(1);
    expect(l.tryAcquireRead()).toBeUndefined();
    const lateReader = track(l.acquireRead());
    await tick();
    expect(lateReader.done()).toBe(false);
    r1.release();
    const w = await writer.value;
    expect(lateReader.done()).toBe(false);
    w.release();
    (await lateReader.value).release();
  });

  it('does not starve readers: waiting readers enter as a batch before the next writer', async () => {
    const l = RwLock.create();
    const w1 = await l.acquireWrite();
    const readers = [track(l.acquireRead()), track(l.acquireRead())];
    const w2 = track(l.acquireWrite());
    await tick();
    expect(l.inspect()).toMatchObject({ waitingReaders: 2, waitingWriters: 1 });
    w1.release();
    const granted = await Promise.all(readers.map((r) => r.value));
    expect(l.inspect().readers).toBe(2);
    expect(w2.done()).toBe(false);
    for (const g of granted) g.release();
    (await w2.value).release();
    expect(l.inspect()).toEqual({ readers: 0, writer: false, waitingWriters: 0, waitingReaders: 0 });
  });

  it('a writer that times out lets the readers queued behind it in', async () => {
    const l = RwLock.create();
    const r1 = await l.acquireRead();
    const writer = l.acquireWrite({ timeoutMs: 30 });
    await tick();
    const reader = track(l.acquireRead({ timeoutMs: 2000 }));
    await expect(writer).rejects.toMatchObject({ code: 'FLT_SYNC_TIMEOUT' });
    (await reader.value).release();
    r1.release();
    expect(l.inspect()).toEqual({ readers: 0, writer: false, waitingWriters: 0, waitingReaders: 0 });
  });

  it('a waiting reader times out or aborts without leaving a trace', async () => {
    const l = RwLock.create();
    const w = await l.acquireWrite();
    await expect(l.acquireRead({ timeoutMs: 20 })).rejects.toMatchObject({ code: 'FLT_SYNC_TIMEOUT' });
    const ac = new AbortController();
    const p = l.acquireRead({ signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'FLT_SYNC_ABORTED' });
    expect(l.inspect().waitingReaders).toBe(0);
    w.release();
    expect(l.stats()).toMatchObject({ timeouts: 1, aborts: 1 });
  });

  it('refuses the sync API on the main thread', () => {
    const l = RwLock.create();
    expect(() => l.acquireReadSync()).toThrow(expect.objectContaining({ code: 'FLT_SYNC_MAIN_THREAD' }));
    expect(() => l.acquireWriteSync()).toThrow(expect.objectContaining({ code: 'FLT_SYNC_MAIN_THREAD' }));
  });

  it('releaseAllHeldBy undoes the reads and the write of a thread', async () => {
    const l = RwLock.create();
    await l.acquireRead();
    await l.acquireRead();
    expect(l.releaseAllHeldBy(0)).toBe(2);
    expect(l.inspect().readers).toBe(0);
    {
      using _w = await l.acquireWrite();
      expect(l.releaseAllHeldBy(0)).toBe(1);
      expect(l.inspect().writer).toBe(false);
    }
  });
});
