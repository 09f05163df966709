import { describe, expect, it } from 'vitest';
import { ConnectionRegistry, SlotState } from '../../../src/sync/index.js';

describe('ConnectionRegistry state machine', () => {
  it('single-flight: one claim wins, others wait, then see READY', async () => {
    const r = ConnectionRegistry.create(4);
    expect(r.size).toBe(4);
    expect(r.claim(1, 10)).toBe('won');
    expect(r.claim(1, 11)).toBe('wait');
    const waiting = r.waitWhileConnecting(1, 2000);
    setTimeout(() => r.publishReady(1), 10);
    expect(await waiting).toBe(SlotState.READY);
    expect(r.claim(1, 11)).toBe('ready');
    expect(r.snapshot(1)).toMatchObject({
      state: SlotState.READY,
      stateName: 'READY',
      owner: 10,
      generation: 1,
    });
    expect(r.counters()).toMatchObject({ claimsWon: 1, claimsWait: 1, claimsReady: 1, published: 1 });
  });

  it('a failed connect goes DEAD and can be claimed again', () => {
    const r = ConnectionRegistry.create(1);
    r.claim(0, 1);
    r.markDead(0);
    expect(r.state(0)).toBe(SlotState.DEAD);
    expect(r.claim(0, 2)).toBe('won');
    expect(r.snapshot(0).owner).toBe(2);
  });

  it('pins only READY slots and never closes a pinned one', () => {
    const r = ConnectionRegistry.create(1);
    expect(r.pin(0)).toBe(false);
    r.claim(0, 1);
    r.publishReady(0);
    expect(r.pin(0)).toBe(true);
    expect(r.pin(0)).toBe(true);
    expect(r.refcount(0)).toBe(2);
    expect(r.closeIfIdle(0)).toBe(false);
    r.unpin(0);
    r.unpin(0);
    expect(() => r.unpin(0)).toThrow(expect.objectContaining({ code: 'FLT_SYNC_STATE' }));
    expect(r.closeIfIdle(0)).toBe(true);
    expect(r.pin(0)).toBe(false);
    expect(r.claim(0, 2)).toBe('wait');
    r.markClosed(0);
    expect(r.state(0)).toBe(SlotState.NONE);
  });

  it('closeIfIdle with a generation refuses a slot re-published since (ABA)', () => {
    const r = ConnectionRegistry.create(1);
    r.claim(0, 1);
    r.publishReady(0);
    const seen = r.generation(0);
    expect(r.closeIfIdle(0)).toBe(true);
    r.markClosed(0);
    r.claim(0, 1);
    r.publishReady(0);
    expect(r.closeIfIdle(0, seen)).toBe(false);
    expect(r.state(0)).toBe(SlotState.READY);
    expect(r.closeIfIdle(0, seen + 1)).toBe(true);
  });

  it('rejects invalid transitions with FLT_SYNC_STATE', () => {
    const r = ConnectionRegistry.create(1);
    expect(() => r.publishReady(0)).toThrow(expect.objectContaining({ code: 'FLT_SYNC_STATE' }));
    expect(() => r.markClosed(0)).toThrow(expect.objectContaining({ code: 'FLT_SYNC_STATE' }));
    expect(() => r.state(5)).toThrow(expect.objectContaining({ code: 'FLT_SYNC_LAYOUT' }));
  });

  it('lruIdle lists idle READY slots, least recently used first', () => {
    const r = ConnectionRegistry.create(5);
    for (let s = 0; s < 5; s++) {
      r.claim(s, 1);
      r.publishReady(s);
    }
    for (const s of [3, 0, 4, 1, 2]) r.touch(s);
    r.pin(0);
    expect(r.lruIdle(10)).toEqual([3, 4, 1, 2]);
    expect(r.lruIdle(2)).toEqual([3, 4]);
    expect(r.lruIdle(10, (s) => s !== 4)).toEqual([3, 1, 2]);
    expect(r.snapshot(4).useCount).toBe(1);
  });

  it('releaseOwner marks a crashed worker’s slots DEAD with refcount reset and wakes waiters', async () => {
    const r = ConnectionRegistry.create(3);
    r.claim(0, 7);
    r.publishReady(0);
    r.pin(0);
    r.claim(1, 7);
    r.claim(2, 8);
    const waiter = r.waitWhileConnecting(1, 2000);
    expect(r.releaseOwner(7)).toEqual([0, 1]);
    expect(await waiter).toBe(SlotState.DEAD);
    expect(r.snapshot(0)).toMatchObject({ state: SlotState.DEAD, refcount: 0 });
    expect(r.state(2)).toBe(SlotState.CONNECTING);
  });

  it('waitWhileConnecting times out with FLT_SYNC_TIMEOUT; attach shares the table', async () => {
    const r = ConnectionRegistry.create(1);
    const other = ConnectionRegistry.attach(r.buffer);
    r.claim(0, 1);
    await expect(other.waitWhileConnecting(0, 20)).rejects.toMatchObject({ code: 'FLT_SYNC_TIMEOUT' });
    expect(new ConnectionRegistry(r.buffer).state(0)).toBe(SlotState.CONNECTING);
  });
});
