import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../src/sync/index.js';

describe('Semaphore on the main thread', () => {
  it('admits exactly `permits` holders', () => {
    const s = Semaphore.create(3);
    const gs = [s.tryAcquire(), s.tryAcquire(), s.tryAcquire()];
    expect(gs.every(Boolean)).toBe(true);
    expect(s.tryAcquire()).toBeUndefined();
    expect(s.available).toBe(0);
    gs[0]!.release();
    gs[0]!.release();
    expect(s.available).toBe(1);
    expect(s.stats()).toMatchObject({ acquisitions: 3, holders: 2, maxHolders: 3 });
  });

  it('wakes a waiter when a permit comes back', async () => {
    const s = Semaphore.create(1);
    const g = await s.acquire();
    const next = s.acquire({ timeoutMs: 2000 });
    setTimeout(() => g.release(), 15);
    (await next).release();
    expect(s.stats().contended).toBe(1);
    expect(s.available).toBe(1);
  });

  it('times out and aborts with typed errors', async () => {
    const s = Semaphore.create(1);
    const g = s.tryAcquire()!;
    await expect(s.acquire({ timeoutMs: 20 })).rejects.toMatchObject({ code: 'FLT_SYNC_TIMEOUT' });
    const ac = new AbortController();
    const p = s.acquire({ signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'FLT_SYNC_ABORTED' });
    g.release();
    expect(s.available).toBe(1);
  });

  it('validates permits', () => {
    expect(() => Semaphore.create(0)).toThrow(expect.objectContaining({ code: 'FLT_SYNC_LAYOUT' }));
    expect(() => Semaphore.create(1.5)).toThrow(expect.objectContaining({ code: 'FLT_SYNC_LAYOUT' }));
  });

  it('releaseAllHeldBy returns the permits a thread held', () => {
    const s = Semaphore.create(4);
    s.tryAcquire();
    s.tryAcquire();
    expect(s.available).toBe(2);
    expect(s.releaseAllHeldBy(0)).toBe(2);
    expect(s.available).toBe(4);
    expect(s.releaseAllHeldBy(0)).toBe(0);
  });

  it('releases through `using`', async () => {
    const s = Semaphore.create(1);
    {
      using _g = await s.acquire();
      expect(s.available).toBe(0);
    }
    expect(s.available).toBe(1);
  });
});
