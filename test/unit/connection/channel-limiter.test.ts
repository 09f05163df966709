import { describe, expect, it } from 'vitest';
import { ChannelLimiter } from '../../../src/connection/channel-limiter.js';

describe('ChannelLimiter', () => {
  it('admits at most max at once, in FIFO order', async () => {
    const lim = new ChannelLimiter(2);
    const order: number[] = [];
    const r1 = await lim.acquire();
    const r2 = await lim.acquire();
    const p3 = lim.acquire().then((r) => {
      order.push(3);
      return r;
    });
    const p4 = lim.acquire().then((r) => {
      order.push(4);
      return r;
    });
    expect(lim.inUse).toBe(2);
    expect(lim.queued).toBe(2);
    r1();
    r1(); // double release is harmless
    const r3 = await p3;
    expect(order).toEqual([3]);
    expect(lim.inUse).toBe(2);
    r2();
    const r4 = await p4;
    expect(order).toEqual([3, 4]);
    r3();
    r4();
    expect(lim.inUse).toBe(0);
  });

  it('fail rejects waiters and later acquires', async () => {
    const lim = new ChannelLimiter(1);
    await lim.acquire();
    const waiting = lim.acquire();
    lim.fail(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    await expect(lim.acquire()).rejects.toThrow('gone');
  });

  it('reserveOne lowers the capacity', async () => {
    const lim = new ChannelLimiter(2);
    lim.reserveOne();
    await lim.acquire();
    let second = false;
    void lim.acquire().then(() => (second = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(second).toBe(false);
  });
});
