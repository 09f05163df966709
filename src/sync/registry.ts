import { SyncError, timeoutError } from './errors.js';
import {
  kRegClaimsReady,
  kRegClaimsWait,
  kRegClaimsWon,
  kRegCloseMisses,
  kRegCloses,
  kRegHeaderInts,
  kRegMarkedDead,
  kRegOwnerReleased,
  kRegPinMisses,
  kRegPins,
  kRegPublished,
  kRegSlotCount,
  kRegTick,
  kRegUnpins,
  kRegWaits,
  kSlotGeneration,
  kSlotInts,
  kSlotLastUsed,
  kSlotOwner,
  kSlotStateBits,
  kSlotStateMask,
  kSlotUseCount,
  kSlotWord,
} from './layout.js';
import { KeepAlive } from './runtime.js';
import { deadlineOf, waitAsyncOn } from './wait.js';

export const SlotState = { NONE: 0, CONNECTING: 1, READY: 2, DEAD: 3, CLOSING: 4 } as const;
export type SlotState = (typeof SlotState)[keyof typeof SlotState];
const STATE_NAMES = ['NONE', 'CONNECTING', 'READY', 'DEAD', 'CLOSING'] as const;

export interface SlotSnapshot {
  slot: number;
  state: SlotState;
  stateName: (typeof STATE_NAMES)[number];
  refcount: number;
  owner: number;
  lastUsed: number;
  useCount: number;
  generation: number;
}

export interface RegistryCounters {
  claimsWon: number;
  claimsReady: number;
  claimsWait: number;
  waits: number;
  pins: number;
  pinMisses: number;
  unpins: number;
  closes: number;
  closeMisses: number;
  published: number;
  markedDead: number;
  ownerReleased: number;
}

const REF_ONE = 1 << kSlotStateBits;
const stateOf = (w: number): SlotState => (w & kSlotStateMask) as SlotState;
const refsOf = (w: number): number => w >>> kSlotStateBits;
const withState = (w: number, s: SlotState): number => (w & ~kSlotStateMask) | s;

/**
 * Shared table of connection slots, one per host index, read and written by every worker.
 * Each slot's state and refcount share one Int32 (state | refcount << 3), so "pin only when
 * READY" and "close only when READY and unpinned" are single CASes: a close can never slip
 * between a pinner's check and its increment. All CASes are seq-cst; the other slot fields
 * (owner, tick, use count) are advisory and written after the CAS that grants the right.
 */
export class ConnectionRegistry {
  static create(slots: number): ConnectionRegistry {
    if (!Number.isInteger(slots) || slots < 1) {
      throw new SyncError(
        'FLT_SYNC_LAYOUT',
        `ConnectionRegistry.create: slots must be a positive integer, got ${slots}`,
      );
    }
    const sab = new SharedArrayBuffer((kRegHeaderInts + slots * kSlotInts) * 4);
    Atomics.store(new Int32Array(sab), kRegSlotCount, slots);
    return new ConnectionRegistry(sab);
  }

  static attach(sab: SharedArrayBuffer): ConnectionRegistry {
    return new ConnectionRegistry(sab);
  }

  private readonly ia: Int32Array;
  private readonly keepAlive = new KeepAlive();
  readonly size: number;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ia = new Int32Array(buffer);
    this.size = Atomics.load(this.ia, kRegSlotCount);
    if (this.size < 1 || this.ia.length < kRegHeaderInts + this.size * kSlotInts) {
      throw new SyncError(
        'FLT_SYNC_LAYOUT',
        'ConnectionRegistry: buffer is not a registry created by create()',
      );
    }
  }

  private at(slot: number, field = kSlotWord): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.size) {
      throw new SyncError(
        'FLT_SYNC_LAYOUT',
        `ConnectionRegistry: slot ${slot} out of range 0..${this.size - 1}`,
      );
    }
    return kRegHeaderInts + slot * kSlotInts + field;
  }

  private count(counter: number): void {
    Atomics.add(this.ia, counter, 1);
  }

  /** Counts and passes `value` through, so each exit of a CAS loop stays one line. */
  private counted<T>(counter: number, value: T): T {
    Atomics.add(this.ia, counter, 1);
    return value;
  }

  /** Single-flight: CAS NONE|DEAD -> CONNECTING. 'won' = connect, then publishReady or markDead. */
  claim(slot: number, ownerId: number): 'won' | 'ready' | 'wait' {
    const ia = this.ia;
    const i = this.at(slot);
    for (;;) {
      const w = Atomics.load(ia, i);
      const s = stateOf(w);
      if (s === SlotState.READY) return this.counted(kRegClaimsReady, 'ready');
      if (s === SlotState.CONNECTING || s === SlotState.CLOSING) return this.counted(kRegClaimsWait, 'wait');
      // Refcount is kept: late unpins from users of a dead connection must still balance.
      if (Atomics.compareExchange(ia, i, w, withState(w, SlotState.CONNECTING)) === w) {
        Atomics.store(ia, this.at(slot, kSlotOwner), ownerId);
        this.count(kRegClaimsWon);
        return 'won';
      }
    }
  }

  /**
   * Waits (without blocking the event loop) while the slot is CONNECTING, or CLOSING (also a
   * passing state); resolves with the state it settled in. Rejects FLT_SYNC_TIMEOUT.
   */
  async waitWhileConnecting(slot: number, timeoutMs?: number): Promise<SlotState> {
    const ia = this.ia;
    const i = this.at(slot);
    const deadline = deadlineOf(timeoutMs);
    this.count(kRegWaits);
    let w = Atomics.load(ia, i);
    if (!isPassing(w)) return stateOf(w);
    this.keepAlive.hold();
    try {
      while (isPassing(w)) {
        if ((await waitAsyncOn(ia, i, w, deadline, undefined)) === 'timed-out') {
          w = Atomics.load(ia, i);
          if (isPassing(w)) throw timeoutError(`ConnectionRegistry slot ${slot}`, timeoutMs ?? 0);
        }
        w = Atomics.load(ia, i);
      }
    } finally {
      this.keepAlive.release();
    }
    return stateOf(w);
  }

  /** CONNECTING -> READY; bumps the generation so a racing closer can detect reuse (ABA). */
  publishReady(slot: number): void {
    const i = this.at(slot);
    if (this.state(slot) !== SlotState.CONNECTING) {
      throw new SyncError(
        'FLT_SYNC_STATE',
        `ConnectionRegistry.publishReady: slot ${slot} is ${STATE_NAMES[this.state(slot)]}`,
      );
    }
    // Bumped before READY becomes visible, so a closer that sees READY also sees the new generation.
    Atomics.add(this.ia, this.at(slot, kSlotGeneration), 1);
    this.transition(i, (s) => s === SlotState.CONNECTING, SlotState.READY, 'publishReady');
    this.count(kRegPublished);
  }

  /** Any state -> DEAD (connect failed, or the liveness check failed). Refcount is kept. */
  markDead(slot: number): void {
    this.transition(this.at(slot), () => true, SlotState.DEAD, 'markDead');
    this.count(kRegMarkedDead);
  }

  /** Refcount + 1, only while READY. */
  pin(slot: number): boolean {
    const ia = this.ia;
    const i = this.at(slot);
    for (;;) {
      const w = Atomics.load(ia, i);
      if (stateOf(w) !== SlotState.READY) return this.counted(kRegPinMisses, false);
      if (Atomics.compareExchange(ia, i, w, w + REF_ONE) === w) return this.counted(kRegPins, true);
    }
  }

  unpin(slot: number): void {
    const ia = this.ia;
    const i = this.at(slot);
    for (;;) {
      const w = Atomics.load(ia, i);
      if (refsOf(w) === 0)
        throw new SyncError('FLT_SYNC_STATE', `ConnectionRegistry.unpin: slot ${slot} is not pinned`);
      if (Atomics.compareExchange(ia, i, w, w - REF_ONE) === w) {
        this.count(kRegUnpins);
        return;
      }
    }
  }

  /**
   * READY with refcount 0 -> CLOSING in one CAS, so no pin can land in between. With
   * `expectedGeneration`, refuses when the slot was re-published since the caller looked.
   */
  closeIfIdle(slot: number, expectedGeneration?: number): boolean {
    const i = this.at(slot);
    const idle = withState(0, SlotState.READY);
    if (expectedGeneration !== undefined && this.generation(slot) !== expectedGeneration) {
      return this.counted(kRegCloseMisses, false);
    }
    let ok = Atomics.compareExchange(this.ia, i, idle, withState(0, SlotState.CLOSING)) === idle;
    if (ok && expectedGeneration !== undefined && this.generation(slot) !== expectedGeneration) {
      // Re-published between our check and the CAS: hand it back (no pin can land on CLOSING).
      Atomics.store(this.ia, i, idle);
      ok = false;
    }
    this.count(ok ? kRegCloses : kRegCloseMisses);
    return ok;
  }

  /** CLOSING -> NONE, once the owner has really closed the connection. */
  markClosed(slot: number): void {
    this.transition(this.at(slot), (s) => s === SlotState.CLOSING, SlotState.NONE, 'markClosed');
  }

  private transition(i: number, allowed: (s: SlotState) => boolean, to: SlotState, what: string): void {
    const ia = this.ia;
    for (;;) {
      const w = Atomics.load(ia, i);
      if (!allowed(stateOf(w))) {
        throw new SyncError(
          'FLT_SYNC_STATE',
          `ConnectionRegistry.${what}: slot is ${STATE_NAMES[stateOf(w)]}`,
        );
      }
      if (Atomics.compareExchange(ia, i, w, withState(w, to)) === w) {
        Atomics.notify(ia, i);
        return;
      }
    }
  }

  state(slot: number): SlotState {
    return stateOf(Atomics.load(this.ia, this.at(slot)));
  }

  refcount(slot: number): number {
    return refsOf(Atomics.load(this.ia, this.at(slot)));
  }

  generation(slot: number): number {
    return Atomics.load(this.ia, this.at(slot, kSlotGeneration));
  }

  /** Marks the slot used now: last-used = the shared monotonic tick, use count + 1. */
  touch(slot: number): void {
    const tick = Atomics.add(this.ia, kRegTick, 1) + 1;
    Atomics.store(this.ia, this.at(slot, kSlotLastUsed), tick);
    Atomics.add(this.ia, this.at(slot, kSlotUseCount), 1);
  }

  /** Up to `limit` idle READY slots (refcount 0), least recently used first: eviction candidates. */
  lruIdle(limit: number, filter?: (slot: number) => boolean): number[] {
    const idle: { slot: number; lastUsed: number }[] = [];
    const ready = withState(0, SlotState.READY);
    for (let slot = 0; slot < this.size; slot++) {
      if (Atomics.load(this.ia, this.at(slot)) !== ready) continue;
      if (filter && !filter(slot)) continue;
      idle.push({ slot, lastUsed: Atomics.load(this.ia, this.at(slot, kSlotLastUsed)) });
    }
    idle.sort((a, b) => a.lastUsed - b.lastUsed || a.slot - b.slot);
    return idle.slice(0, Math.max(0, limit)).map((e) => e.slot);
  }

  snapshot(slot: number): SlotSnapshot {
    const w = Atomics.load(this.ia, this.at(slot));
    return {
      slot,
      state: stateOf(w),
      stateName: STATE_NAMES[stateOf(w)],
      refcount: refsOf(w),
      owner: Atomics.load(this.ia, this.at(slot, kSlotOwner)),
      lastUsed: Atomics.load(this.ia, this.at(slot, kSlotLastUsed)),
      useCount: Atomics.load(this.ia, this.at(slot, kSlotUseCount)),
      generation: this.generation(slot),
    };
  }

  /** Marks DEAD (refcount reset) every non-NONE slot owned by a crashed worker; returns them. */
  releaseOwner(ownerId: number): number[] {
    const released: number[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      const i = this.at(slot);
      if (Atomics.load(this.ia, this.at(slot, kSlotOwner)) !== ownerId) continue;
      for (;;) {
        const w = Atomics.load(this.ia, i);
        if (stateOf(w) === SlotState.NONE) break;
        if (Atomics.compareExchange(this.ia, i, w, SlotState.DEAD) === w) {
          Atomics.notify(this.ia, i);
          released.push(slot);
          this.count(kRegOwnerReleased);
          break;
        }
      }
    }
    return released;
  }

  counters(): RegistryCounters {
    const c = (i: number): number => Atomics.load(this.ia, i);
    return {
      claimsWon: c(kRegClaimsWon),
      claimsReady: c(kRegClaimsReady),
      claimsWait: c(kRegClaimsWait),
      waits: c(kRegWaits),
      pins: c(kRegPins),
      pinMisses: c(kRegPinMisses),
      unpins: c(kRegUnpins),
      closes: c(kRegCloses),
      closeMisses: c(kRegCloseMisses),
      published: c(kRegPublished),
      markedDead: c(kRegMarkedDead),
      ownerReleased: c(kRegOwnerReleased),
    };
  }
}

function isPassing(w: number): boolean {
  const s = stateOf(w);
  return s === SlotState.CONNECTING || s === SlotState.CLOSING;
}
