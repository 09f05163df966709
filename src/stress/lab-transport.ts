/**
 * Instrumentation shared by the connection-pool scenarios, identical in naive and safe mode
 * so both are judged by the same yardstick: a ledger of counters in shared memory (every
 * thread adds to it) and a Transport wrapper that feeds it. The wrapper sees what the pools
 * cannot hide: a close while a command runs or while a user holds the connection.
 */
import type { ConnectionParams, ExecOptions, ExecResult, Transport } from '../connection/transport.js';
import { type SimLatencies, SimTransport } from './sim-transport.js';
import type { RunSettings } from './types.js';

/** Ledger slots (Int32 each). Counters only: adds are atomic, no ordering is relied on. */
export const Ledger = {
  ATTEMPTS: 0,
  OPENED: 1,
  FAILED: 2,
  CLOSED: 3,
  OPEN_NOW: 4,
  MAX_OPEN: 5,
  /** close() while a user had the connection checked out. */
  CLOSED_IN_USE: 6,
  /** Commands that started on, or were running on, a connection closed under them. */
  COMMANDS_HIT: 7,
  COMMANDS: 8,
} as const;
const LEDGER_INTS = 9;

export function createLedger(): SharedArrayBuffer {
  return new SharedArrayBuffer(LEDGER_INTS * 4);
}

export function readLedger(sab: SharedArrayBuffer): Record<keyof typeof Ledger, number> {
  const ia = new Int32Array(sab);
  const out = {} as Record<keyof typeof Ledger, number>;
  for (const [k, i] of Object.entries(Ledger)) out[k as keyof typeof Ledger] = Atomics.load(ia, i);
  return out;
}

/** Connections this worker holds open right now, and the most it ever held. */
export class LocalOpenCount {
  now = 0;
  max = 0;
  /** Connect attempts started by this worker. */
  attempts = 0;
}

export class TrackedTransport implements Transport {
  readonly key: string;
  private opened = false;
  private closed = false;
  private holders = 0;
  private readonly running = new Set<{ hit: boolean }>();

  constructor(
    readonly inner: Transport,
    private readonly ledger: Int32Array,
    private readonly local: LocalOpenCount,
  ) {
    this.key = inner.key;
  }

  get isOpen(): boolean {
    return !this.closed && (inner(this.inner)?.isOpen ?? this.opened);
  }

  /** The scenario's user has the connection checked out (between get and done). */
  hold(): void {
    this.holders++;
  }

  unhold(): void {
    this.holders--;
  }

  async connect(): Promise<void> {
    Atomics.add(this.ledger, Ledger.ATTEMPTS, 1);
    this.local.attempts++;
    try {
      await this.inner.connect();
    } catch (err) {
      Atomics.add(this.ledger, Ledger.FAILED, 1);
      throw err;
    }
    this.opened = true;
    Atomics.add(this.ledger, Ledger.OPENED, 1);
    const open = Atomics.add(this.ledger, Ledger.OPEN_NOW, 1) + 1;
    for (let seen = Atomics.load(this.ledger, Ledger.MAX_OPEN); open > seen; ) {
      const prev = Atomics.compareExchange(this.ledger, Ledger.MAX_OPEN, seen, open);
      seen = prev === seen ? open : prev;
    }
    this.local.max = Math.max(this.local.max, ++this.local.now);
  }

  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    Atomics.add(this.ledger, Ledger.COMMANDS, 1);
    const run = { hit: this.closed };
    if (run.hit) Atomics.add(this.ledger, Ledger.COMMANDS_HIT, 1);
    this.running.add(run);
    try {
      return await this.inner.exec(command, options);
    } finally {
      this.running.delete(run);
    }
  }

  put(content: string | Buffer, remotePath: string, mode?: number): Promise<void> {
    return this.inner.put(content, remotePath, mode);
  }

  get(remotePath: string): Promise<Buffer> {
    return this.inner.get(remotePath);
  }

  isAlive(timeoutMs?: number): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.inner.isAlive(timeoutMs);
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      if (this.holders > 0) Atomics.add(this.ledger, Ledger.CLOSED_IN_USE, 1);
      for (const run of this.running) {
        if (!run.hit) Atomics.add(this.ledger, Ledger.COMMANDS_HIT, 1);
        run.hit = true;
      }
      if (this.opened) {
        Atomics.add(this.ledger, Ledger.CLOSED, 1);
        Atomics.sub(this.ledger, Ledger.OPEN_NOW, 1);
        this.local.now--;
      }
    }
    await this.inner.close();
  }
}

function inner(t: Transport): { isOpen?: boolean } | undefined {
  return 'isOpen' in t ? (t as { isOpen?: boolean }) : undefined;
}

/**
 * Builds tracked transports for one worker: simulated, or real ssh to the run's targets.
 * ssh2 is imported only when asked for: loading it costs every worker thread start-up time.
 */
export async function labTransportFactory(
  settings: RunSettings,
  ledger: SharedArrayBuffer,
  local: LocalOpenCount,
  random: () => number,
  sim: (params: ConnectionParams) => SimLatencies,
): Promise<(params: ConnectionParams) => TrackedTransport> {
  const ia = new Int32Array(ledger);
  if (settings.transport === 'ssh') {
    const { SshTransport } = await import('../connection/ssh-transport.js');
    return (params) => new TrackedTransport(new SshTransport(params), ia, local);
  }
  return (params) => new TrackedTransport(new SimTransport(params, sim(params), random), ia, local);
}
