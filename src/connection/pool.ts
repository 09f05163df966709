/**
 * One worker's SSH connections, coordinated through the shared ConnectionRegistry.
 * - single-flight: a connect happens only after winning `claim` (CAS NONE|DEAD -> CONNECTING);
 * - a connection in use is pinned (refcount in the registry word), so eviction and
 *   closeAll can never close it under a running command (closeIfIdle is one CAS);
 * - the liveness check runs after pinning and outside any lock; a dead connection is
 *   marked DEAD and reconnected once;
 * - size is bounded by evicting idle connections, least recently used first (or, for a
 *   play, the host that comes last in the run's order: `evictFirst`).
 * No lock is held across network I/O: CONNECTING and CLOSING are states, not locks.
 */
import { FlotillaError } from '../errors/index.js';
import type { LockGuard } from '../sync/guard.js';
import { SlotState } from '../sync/registry.js';
import { connectionKey, loginSettings } from './login-key.js';
import {
  type ConnectionPoolOptions,
  knownClosed,
  type PoolEvent,
  type PoolStats,
  type SlotRegistry,
} from './pool-types.js';
import type { ConnectionParams, Transport } from './transport.js';

export type { ConnectionPoolOptions, PoolEvent, PoolStats } from './pool-types.js';

interface Entry {
  transport: Transport;
  key: string;
  lastUsedMs: number;
  users: number;
  /** Resolved whenever `users` drops to 0. */
  idleWaiters: (() => void)[];
  /** The run's connection budget permit, given back once the socket is closed. */
  permit?: LockGuard;
  /**
   * Set while only pre-establishment has used the connection: the login settings it was
   * opened with. The first task reconnects if its own settings differ (its play, role or task
   * variables may set other ones); from then on, as Ansible's ControlPersist master, the
   * connection is reused for the same user@host:port.
   */
  preconnected?: string;
}

export class ConnectionPool {
  private readonly registry: SlotRegistry;
  private readonly entries = new Map<number, Entry>();
  private readonly connecting = new Map<number, Promise<void>>();
  private readonly backgroundCloses = new Set<Promise<void>>();
  private closingAll = false;
  private readonly counts = { opened: 0, reused: 0, reconnects: 0, evictions: 0, expired: 0 };
  private expiryTimer?: NodeJS.Timeout;
  private stopWatchingBudget?: () => void;

  constructor(private readonly options: ConnectionPoolOptions) {
    if (!Number.isInteger(options.maxConnections) || options.maxConnections < 1) {
      throw new RangeError(
        `ConnectionPool: maxConnections must be a positive integer, got ${options.maxConnections}`,
      );
    }
    this.registry = options.registry;
    this.stopWatchingBudget = options.budget?.watch(() => this.evictForOthers());
  }

  get connectionsOpened(): number {
    return this.counts.opened;
  }

  stats(): PoolStats {
    return { ...this.counts, open: this.entries.size };
  }

  async withConnection<T>(
    slot: number,
    params: ConnectionParams,
    fn: (t: Transport) => Promise<T>,
  ): Promise<T> {
    const entry = await this.acquire(slot, params, true);
    try {
      return await fn(entry.transport);
    } finally {
      this.release(slot, entry);
    }
  }

  /**
   * Connects now (pre-establishment) and leaves the connection idle in the pool. Not when
   * the connection budget is spent: that would close another host's connection only to
   * open this one early; the host connects when its first task needs it.
   */
  async preconnect(slot: number, params: ConnectionParams): Promise<void> {
    if (this.options.budget && this.options.budget.available === 0 && !this.entries.has(slot)) return;
    this.release(slot, await this.acquire(slot, params, false));
  }

  private async acquire(slot: number, params: ConnectionParams, countReuse: boolean): Promise<Entry> {
    const key = connectionKey(params);
    let reconnectsLeft = 1;
    let openedHere = false;
    for (;;) {
      if (this.closingAll) throw this.poolClosedError(params.host);
      const entry = this.entries.get(slot);
      const otherLogin =
        countReuse && entry?.preconnected !== undefined && entry.preconnected !== loginSettings(params);
      if (entry && (entry.key !== key || otherLogin)) {
        await this.retire(slot, entry); // the host's connection settings changed (e.g. another user)
        continue;
      }
      if (entry && this.registry.pin(slot)) {
        entry.users++;
        const stale = Date.now() - entry.lastUsedMs > this.options.idleCheckAfterMs;
        const healthy =
          !knownClosed(entry.transport) &&
          (!stale || (await entry.transport.isAlive(this.options.aliveTimeoutMs ?? 5000)));
        if (healthy) {
          if (countReuse && !openedHere) {
            this.counts.reused++;
            this.emit({ type: 'reused', slot, key });
          }
          if (countReuse) entry.preconnected = undefined;
          this.registry.touch(slot);
          return entry;
        }
        this.emit({ type: 'found-dead', slot, key });
        this.release(slot, entry);
        this.discardDead(slot, entry);
        if (reconnectsLeft-- <= 0) throw this.deadError(params);
        this.counts.reconnects++;
        continue;
      }
      if (entry && this.registry.state(slot) !== SlotState.CONNECTING) {
        this.discardDead(slot, entry); // DEAD (or reset) underneath us
        continue;
      }
      const mine = this.connecting.get(slot);
      if (mine) {
        await mine; // share this worker's attempt, and its error if it fails
        continue;
      }
      const claim = this.registry.claim(slot, this.options.ownerId);
      if (claim === 'won') {
        const attempt = this.connectClaimed(slot, params, key, !countReuse);
        this.connecting.set(slot, attempt);
        try {
          await attempt;
          openedHere = true;
        } finally {
          this.connecting.delete(slot);
        }
        continue; // pin it through the normal path
      }
      if (claim === 'ready') {
        // READY here but not ours: connections never cross threads, so this is a routing bug.
        throw new FlotillaError(
          'FLT_CONN_NOT_OWNER',
          `host ${params.host} is connected by another worker (slot ${slot})`,
          {
            host: params.host,
            hint: 'a host must always be routed to the worker that owns its shard',
          },
        );
      }
      await this.registry.waitWhileConnecting(slot, params.connectTimeoutMs + 5000).catch((err) => {
        throw new FlotillaError('FLT_CONN_TIMEOUT', `gave up waiting for another connect to ${params.host}`, {
          host: params.host,
          cause: err,
        });
      });
    }
  }

  private async connectClaimed(
    slot: number,
    params: ConnectionParams,
    key: string,
    preconnect: boolean,
  ): Promise<void> {
    this.makeRoom();
    let permit: LockGuard | undefined;
    try {
      permit = await this.takePermit(params);
    } catch (err) {
      this.registry.markDead(slot);
      throw err;
    }
    const started = Date.now();
    const transport = this.options.transportFactory(params);
    try {
      await transport.connect();
    } catch (err) {
      this.registry.markDead(slot);
      const code = (err as { code?: string }).code ?? 'FLT_CONN_FAILED';
      this.emit({ type: 'connect-failed', slot, key, code });
      this.track(transport.close().finally(() => permit?.release()));
      throw err;
    }
    this.counts.opened++;
    const entry: Entry = { transport, key, lastUsedMs: Date.now(), users: 0, idleWaiters: [], permit };
    if (preconnect) entry.preconnected = loginSettings(params);
    this.entries.set(slot, entry);
    this.startExpiry();
    this.registry.publishReady(slot);
    this.registry.touch(slot);
    this.emit({ type: 'connected', slot, key, ms: Date.now() - started });
  }

  private release(slot: number, entry: Entry): void {
    entry.users--;
    entry.lastUsedMs = Date.now();
    this.registry.unpin(slot);
    if (entry.users === 0) for (const wake of entry.idleWaiters.splice(0)) wake();
    if (entry.users === 0 && this.options.budget && this.options.budget.wanted > 0) this.evictForOthers();
    // A connection that died under its user is marked now, so the next task reconnects.
    if (knownClosed(entry.transport) && this.registry.state(slot) === SlotState.READY)
      this.registry.markDead(slot);
  }

  /**
   * Drops a dead entry: DEAD in the registry (so a claim can win); the transport is closed
   * in the background once its last user is done, never under a running command.
   */
  private discardDead(slot: number, entry: Entry): void {
    if (this.entries.get(slot) !== entry) return;
    this.entries.delete(slot);
    const s = this.registry.state(slot);
    if (s === SlotState.READY || s === SlotState.CLOSING) this.registry.markDead(slot);
    const close = () => this.track(this.closeEntry(entry));
    if (entry.users === 0) close();
    else entry.idleWaiters.push(close);
  }

  /** Closes an entry once idle and frees its slot (used when the settings for a slot changed). */
  private async retire(slot: number, entry: Entry): Promise<void> {
    while (entry.users > 0) await new Promise<void>((r) => entry.idleWaiters.push(r));
    if (this.entries.get(slot) !== entry) return;
    if (this.registry.closeIfIdle(slot)) {
      this.entries.delete(slot);
      await this.closeEntry(entry).catch(() => {});
      this.registry.markClosed(slot);
      this.emit({ type: 'closed', slot, key: entry.key });
    } else this.discardDead(slot, entry);
  }

  /** Sweeps idle connections past `idleExpiryMs`; an unref'd timer, so it never holds the process. */
  private startExpiry(): void {
    const expiry = this.options.idleExpiryMs;
    if (expiry === undefined || this.expiryTimer) return;
    this.expiryTimer = setInterval(() => this.expireIdle(Date.now() - expiry), Math.max(10, expiry / 2));
    this.expiryTimer.unref();
  }

  /** Closes idle connections last used before `cutoffMs` (never one in use: CAS on the registry). */
  expireIdle(cutoffMs: number): number {
    let expired = 0;
    for (const [slot, entry] of this.entries) {
      if (entry.users > 0 || entry.lastUsedMs > cutoffMs) continue;
      if (!this.registry.closeIfIdle(slot, this.registry.generation(slot))) continue;
      this.entries.delete(slot);
      expired++;
      this.emit({ type: 'expired', slot, key: entry.key });
      this.track(this.closeEntry(entry).finally(() => this.registry.markClosed(slot)));
    }
    this.counts.expired += expired;
    return expired;
  }

  /** Evicts idle connections (dead ones first, then least recently used) down to the cap. */
  private makeRoom(): void {
    for (const [slot, entry] of this.entries) {
      if (entry.users === 0 && knownClosed(entry.transport)) this.discardDead(slot, entry);
    }
    let excess = this.entries.size + 1 - this.options.maxConnections;
    if (excess <= 0) return;
    for (const slot of this.idleVictims(excess)) {
      if (this.evict(slot) && --excess <= 0) return;
    }
  }

  /** Closes one idle connection of ours (CAS in the registry); resolves once its socket is closed. */
  private evict(slot: number): Promise<void> | undefined {
    const entry = this.entries.get(slot);
    if (!entry || !this.registry.closeIfIdle(slot, this.registry.generation(slot))) return undefined;
    this.entries.delete(slot);
    this.counts.evictions++;
    this.emit({ type: 'evicted', slot, key: entry.key });
    const closed = this.closeEntry(entry).finally(() => this.registry.markClosed(slot));
    this.track(closed);
    return closed.catch(() => {});
  }

  /** Up to `limit` of our idle connections, the first to close first (`evictFirst`). */
  private idleVictims(limit: number): number[] {
    if (this.options.evictFirst !== 'last-in-run-order')
      return this.registry.lruIdle(limit, (s) => this.entries.has(s));
    // One pass keeping the `limit` highest slots (limit is 1-4 but for a shrinking cap):
    // this runs once per connection opened beyond the budget, over up to thousands of entries.
    const top: number[] = [];
    if (limit <= 0) return top;
    for (const [slot, entry] of this.entries) {
      if (
        entry.users > 0 ||
        this.registry.state(slot) !== SlotState.READY ||
        this.registry.refcount(slot) > 0
      )
        continue;
      if (top.length === limit) {
        if (slot <= top[limit - 1]) continue;
        top.pop();
      }
      let i = top.length;
      while (i > 0 && top[i - 1] < slot) i--;
      top.splice(i, 0, slot);
    }
    return top;
  }

  /** Our first idle connection to go (`idleVictims`), closed; false when we have none idle. */
  private async evictOwnIdle(): Promise<boolean> {
    for (const slot of this.idleVictims(4)) {
      const closed = this.evict(slot);
      if (closed) {
        await closed;
        return true;
      }
    }
    return false;
  }

  /** Other workers asked for connections the budget has no room for: close our idle ones. */
  private evictForOthers(): void {
    const budget = this.options.budget;
    if (!budget || this.closingAll) return;
    while (budget.claimEviction()) {
      const [slot] = this.idleVictims(1);
      if (slot === undefined || !this.evict(slot)) {
        budget.unclaimEviction();
        return;
      }
    }
  }

  /**
   * A permit of the run's connection budget (one per open socket, across all workers).
   * When none is free: close our own least recently used idle connection, or else ask the
   * other workers to close one of theirs, and wait for a permit to come back. Never over
   * budget: a connection in use is given back when its task ends.
   */
  private async takePermit(params: ConnectionParams): Promise<LockGuard | undefined> {
    const budget = this.options.budget;
    if (!budget) return undefined;
    let asked = false;
    for (;;) {
      if (this.closingAll) throw this.poolClosedError(params.host);
      const permit = budget.tryTake();
      if (permit) return permit;
      if (await this.evictOwnIdle()) continue;
      // Ask again when our request was taken but the permit it freed went elsewhere.
      if (!asked || budget.wanted === 0) budget.requestEviction();
      asked = true;
      const waited = await budget.take(250);
      if (waited) return waited;
    }
  }

  /** Disconnects an entry's transport, then gives its budget permit back. */
  private closeEntry(entry: Entry): Promise<void> {
    return entry.transport.close().finally(() => entry.permit?.release());
  }

  /**
   * The run is interrupted: kills the remote commands running on every connection (their
   * process groups), waiting at most `timeoutMs` for them to end. Later acquires fail.
   */
  async interruptAll(timeoutMs = 2000): Promise<void> {
    this.closingAll = true;
    await Promise.all([...this.entries.values()].map((e) => e.transport.interruptRunning?.(timeoutMs)));
  }

  /**
   * Waits up to `timeoutMs` for running users, then disconnects every connection and
   * frees its slot. Later acquires fail with FLT_CONN_CLOSED.
   */
  async closeAll(timeoutMs = 10_000): Promise<void> {
    this.closingAll = true;
    clearInterval(this.expiryTimer);
    this.stopWatchingBudget?.();
    await Promise.allSettled([...this.connecting.values()]);
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      [...this.entries].map(async ([slot, entry]) => {
        while (entry.users > 0 && Date.now() < deadline) {
          await new Promise<void>((r) => {
            const timer = setTimeout(r, Math.max(0, deadline - Date.now()));
            entry.idleWaiters.push(() => {
              clearTimeout(timer);
              r();
            });
          });
        }
        this.entries.delete(slot);
        const idle = this.registry.closeIfIdle(slot);
        await this.closeEntry(entry).catch(() => {});
        if (idle) this.registry.markClosed(slot);
        else if (this.registry.state(slot) !== SlotState.NONE) this.registry.markDead(slot); // forced: users timed out
        this.emit({ type: 'closed', slot, key: entry.key });
      }),
    );
    await Promise.allSettled([...this.backgroundCloses]);
  }

  private track(p: Promise<unknown>): void {
    const done = p.then(
      () => {},
      () => {},
    );
    this.backgroundCloses.add(done);
    void done.finally(() => this.backgroundCloses.delete(done));
  }

  private emit(event: PoolEvent): void {
    this.options.onEvent?.(event);
  }

  private poolClosedError(host: string): FlotillaError {
    return new FlotillaError('FLT_CONN_CLOSED', `connection pool is closed; cannot connect to ${host}`, {
      host,
      hint: 'the run is shutting down',
    });
  }

  private deadError(params: ConnectionParams): FlotillaError {
    return new FlotillaError(
      'FLT_CONN_CLOSED',
      `Failed to connect to the host via ssh: connection to ${params.address} port ${params.port} died and the reconnect died too`,
      { host: params.host, hint: 'the host or its sshd keeps dropping connections; check the host' },
    );
  }
}
