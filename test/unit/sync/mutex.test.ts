import { describe, expect, it } from 'vitest';
import { Mutex, SyncError } from '../../../src/sync/index.js';

describe('Mutex on the main thread', () => {
  it('is exclusive: tryAcquire fails while held and succeeds after release', () => {
    const m = Mutex.create();
    const g = m.tryAcquire();
    expect(g).toBeDefined();
    expect(m.tryAcquire()).toBeUndefined();
    expect(m.holder()).toBe(0);
    g!.release();
    expect(m.isLocked()).toBe(false);
    expect(m.holder()).toBe(-1);
    expect(m.tryAcquire()).toBeDefined();
  });

  it('re-attaches from a buffer and offset', () => {
    const sab = new SharedArrayBuffer(8 + Mutex.BYTES * 2);
    const a = Mutex.create(sab, 8 + Mutex.BYTES);
    const b = new Mutex(sab, 8 + Mutex.BYTES);
    const g = a.tryAcquire();
    expect(b.tryAcquire()).toBeUndefined();
    expect(Mutex.create(sab, 8).tryAcquire()).toBeDefined();
    g!.release();
    expect(b.tryAcquire()).toBeDefined();
  });

  it('rejects a misaligned offset with FLT_SYNC_LAYOUT', () => {
    expect(() => new Mutex(new SharedArrayBuffer(128), 4)).toThrow(
      expect.objectContaining({ code: 'FLT_SYNC_LAYOUT' }),
    );
  });

  it('hands the lock to an async waiter on release, and counts the contention', async () => {
    const m = Mutex.create();
    const first = await m.acquire();
    let got = false;
    const second = m.acquire().then((g) => {
      got = true;
      return g;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toBe(false);
    first.release();
    const g = await second;
    expect(got).toBe(true);
    g.release();
    const s = m.stats();
    expect(s.acquisitions).toBe(2);
    expect(s.contended).toBe(1);
    expect(s.totalWaitNs).toBeGreaterThan(10_000_000);
    expect(s.maxWaitUs).toBeGreaterThanOrEqual(10_000);
    expect(s.holders).toBe(0);
    expect(s.maxHolders).toBe(1);
  });

  it('times out with FLT_SYNC_TIMEOUT and stays usable', async () => {
    const m = Mutex.create();
    const g = await m.acquire();
    const t0 = performance.now();
    await expect(m.acquire({ timeoutMs: 30 })).rejects.toMatchObject({ code: 'FLT_SYNC_TIMEOUT' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    g.release();
    (await m.acquire({ timeoutMs: 30 })).release();
    expect(m.stats().timeouts).toBe(1);
  });

  it('aborts with FLT_SYNC_ABORTED, and an abandoned wait does not swallow the next wake-up', async () => {
    const m = Mutex.create();
    const g = await m.acquire();
    const ac = new AbortController();
    const aborted = m.acquire({ signal: ac.signal });
    const waiter = m.acquire({ timeoutMs: 2000 });
    setTimeout(() => ac.abort(new Error('stop')), 10);
    await expect(aborted).rejects.toBeInstanceOf(SyncError);
    await expect(aborted).rejects.toMatchObject({ code: 'FLT_SYNC_ABORTED' });
    g.release();
    (await waiter).release();
    await expect(m.acquire({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'FLT_SYNC_ABORTED',
    });
  });

  it('releases through `using` and ignores a second release', async () => {
    const m = Mutex.create();
    {
      using g = await m.acquire();
      expect(m.isLocked()).toBe(true);
      g.release();
      expect(m.isLocked()).toBe(false);
      const other = m.tryAcquire();
      // The disposer of `g` must not release `other`'s hold.
      expect(other).toBeDefined();
      {
        using _inner = other!;
      }
    }
    expect(m.isLocked()).toBe(false);
    {
      using _g = await m.acquire();
    }
    expect(m.isLocked()).toBe(false);
  });

  it('refuses acquireSync on the main thread with FLT_SYNC_MAIN_THREAD', () => {
    expect(() => Mutex.create().acquireSync()).toThrow(
      expect.objectContaining({ code: 'FLT_SYNC_MAIN_THREAD' }),
    );
  });

  it('releaseAllHeldBy frees a hold of the given thread only', () => {
    const m = Mutex.create();
    m.tryAcquire();
    expect(m.releaseAllHeldBy(7)).toBe(0);
    expect(m.isLocked()).toBe(true);
    expect(m.releaseAllHeldBy(0)).toBe(1);
    expect(m.isLocked()).toBe(false);
  });
});
