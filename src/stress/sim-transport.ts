/**
 * A simulated connection for the race lab: no network, only the latencies that matter for
 * the hazards (connect, liveness check, command) and the one behaviour real ssh has that
 * the hazards expose: closing a connection fails every command running on it.
 */

import { connectionKey } from '../connection/login-key.js';
import type { ConnectionParams, ExecResult, Transport } from '../connection/transport.js';
import { FlotillaError } from '../errors/index.js';

export interface SimLatencies {
  connectMs: number;
  aliveMs: number;
  execMs: number;
  /** Extra random delay in [0, jitterMs) added to each step, from the run's seeded PRNG. */
  jitterMs?: number;
  /** Connect attempts fail (an unreachable host). */
  unreachable?: boolean;
}

export const SIM_DEFAULTS: SimLatencies = { connectMs: 5, aliveMs: 1, execMs: 2, jitterMs: 1 };

interface Pending {
  timer: NodeJS.Timeout;
  reject: (err: Error) => void;
}

export class SimTransport implements Transport {
  readonly key: string;
  private state: 'new' | 'open' | 'closed' = 'new';
  private readonly pending = new Set<Pending>();

  constructor(
    readonly params: ConnectionParams,
    private readonly latencies: SimLatencies,
    private readonly random: () => number = Math.random,
  ) {
    this.key = connectionKey(params);
  }

  /** Same capability as SshTransport: the pool can see a closed connection for free. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  async connect(): Promise<void> {
    await this.delay(this.latencies.connectMs);
    if (this.latencies.unreachable) {
      throw new FlotillaError('FLT_CONN_UNREACHABLE', `simulated host ${this.params.host} is unreachable`, {
        host: this.params.host,
      });
    }
    if (this.state === 'closed') throw this.closedError('connect after close');
    this.state = 'open';
  }

  async exec(command: string): Promise<ExecResult> {
    if (this.state !== 'open') throw this.closedError(`exec "${command}" on a closed connection`);
    // `sleep S` takes S seconds, as it would on a real host.
    const sleep = /^sleep (\d+(?:\.\d+)?)$/.exec(command);
    await this.delay(sleep ? Number(sleep[1]) * 1000 : this.latencies.execMs);
    return { rc: 0, stdout: `${command}\n`, stderr: '' };
  }

  async put(): Promise<void> {
    if (this.state !== 'open') throw this.closedError('put on a closed connection');
    await this.delay(this.latencies.execMs);
  }

  async get(): Promise<Buffer> {
    if (this.state !== 'open') throw this.closedError('get on a closed connection');
    await this.delay(this.latencies.execMs);
    return Buffer.alloc(0);
  }

  async isAlive(): Promise<boolean> {
    if (this.state !== 'open') return false;
    try {
      await this.delay(this.latencies.aliveMs);
      return true;
    } catch {
      return false;
    }
  }

  /** Like ssh2's end(): every command still running on this connection fails. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.reject(this.closedError('connection closed while a command was running'));
    }
    this.pending.clear();
  }

  private delay(ms: number): Promise<void> {
    const total = ms + (this.latencies.jitterMs ?? 0) * this.random();
    return new Promise((resolve, reject) => {
      const p: Pending = {
        timer: setTimeout(() => {
          this.pending.delete(p);
          resolve();
        }, total),
        reject,
      };
      this.pending.add(p);
    });
  }

  private closedError(what: string): FlotillaError {
    return new FlotillaError('FLT_CONN_CLOSED', `${this.params.host}: ${what}`, { host: this.params.host });
  }
}
