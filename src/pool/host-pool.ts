/**
 * The host worker pool: one single-thread Piscina pool per shard, so affinity holds by
 * construction (a host's work can only reach the thread that owns its connection) and a
 * crash is confined to its shard. We chose this over one pool with a custom loadBalancer:
 * the balancer cannot see the payload, and returning null for a busy shard stalls the
 * whole queue. Shard 0's thread may already be running (prestart.ts).
 */
import type { Piscina } from 'piscina';
import { FlotillaError, fromErrorData, toErrorData } from '../errors/index.js';
import type {
  HostWorkerArg,
  HostWorkerMethod,
  HostWorkerReply,
  ShutdownOptions,
} from '../protocol/host-worker-api.js';
import type {
  PlayData,
  PreconnectOutcome,
  UnitOutcome,
  UnitRequest,
  WorkerInit,
} from '../protocol/messages.js';
import { decodeUnsafe, encodeUnsafe } from '../python/unsafe.js';
import { shardPool, takePrestartedPool } from './prestart.js';
import { resolveWorkerEntry } from './worker-entry.js';

export interface ShardCrash {
  shard: number;
  error: Error;
}

export class HostPool {
  private readonly pools: Piscina[];
  private readonly threadIds: number[] = [];
  private readonly crashed = new Map<number, Error>();
  /** Calls not answered yet: closing waits for them, as a reply after destroy() crashes Piscina. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private closing?: Promise<void>;

  constructor(
    readonly shardCount: number,
    private readonly onCrash: (crash: ShardCrash) => void = () => {},
  ) {
    const entry = resolveWorkerEntry('host-worker');
    if (entry.eval) {
      // Piscina loads a file; the TypeScript sources go through the build first.
      throw new FlotillaError(
        'FLT_WORKER_ENTRY',
        `host workers run from the build, and ${entry.file} is not built`,
        {
          hint: 'run `npm run build` and use dist/src/cli/main.js',
        },
      );
    }
    this.pools = Array.from(
      { length: shardCount },
      (_, shard) =>
        (shard === 0 ? takePrestartedPool(entry.filename) : undefined) ?? shardPool(entry.filename),
    );
  }

  async init(messages: WorkerInit[]): Promise<void> {
    await Promise.all(
      messages.map(async (m) => {
        const r = await this.call(m.shard, 'init', m);
        this.threadIds[m.shard] = r.threadId;
      }),
    );
  }

  threadIdOf(shard: number): number | undefined {
    return this.threadIds[shard];
  }

  isCrashed(shard: number): Error | undefined {
    return this.crashed.get(shard);
  }

  async startPlay(play: PlayData): Promise<void> {
    await Promise.all(
      this.pools.map((_p, shard) =>
        this.crashed.has(shard) ? undefined : this.call(shard, 'startPlay', play),
      ),
    );
  }

  preconnect(shard: number, hosts: string[]): Promise<PreconnectOutcome[]> {
    return this.call(shard, 'preconnect', hosts);
  }

  renderTaskName(shard: number, unit: UnitRequest): Promise<string> {
    return this.call(shard, 'renderTaskName', unit);
  }

  templatedActionError(shard: number, unit: UnitRequest): Promise<string | undefined> {
    return this.call(shard, 'templatedActionError', unit);
  }

  runUnit(shard: number, unit: UnitRequest): Promise<UnitOutcome> {
    return this.call(shard, 'runUnit', unit);
  }

  /**
   * Asks every live worker to disconnect its SSH sessions properly (on an interrupt, to kill
   * its running remote commands first), then ends the threads.
   */
  close(timeoutMs = 1500, options: { interrupt?: boolean } = {}): Promise<void> {
    this.closing ??= this.doClose(timeoutMs, options);
    return this.closing;
  }

  private async doClose(timeoutMs: number, options: { interrupt?: boolean }): Promise<void> {
    this.closed = true;
    const payload: ShutdownOptions | undefined = options.interrupt ? { interrupt: true } : undefined;
    const graceful = Promise.all(
      this.pools.map((pool, shard) =>
        this.crashed.has(shard) ? undefined : this.send(pool, 'shutdown', payload).catch(() => {}),
      ),
    );
    // An interrupted unit answers once its session is closed, possibly after `shutdown` did:
    // Piscina throws "Unexpected message from Worker" for an answer that reaches a destroyed
    // pool, so every call in flight settles (or the deadline passes) before the threads end.
    const settled = Promise.all([graceful, Promise.allSettled(this.inFlight)]);
    await Promise.race([settled, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await Promise.all(this.pools.map((p) => p.destroy().catch(() => {})));
  }

  /** One method call on one worker thread, typed by the method's name (HostWorkerApi). */
  private async send<M extends HostWorkerMethod>(
    pool: Piscina,
    method: M,
    arg: HostWorkerArg<M>,
  ): Promise<HostWorkerReply<M>> {
    // Unsafe marks (python/unsafe.ts) do not survive structured clone: they travel encoded.
    return decodeUnsafe(await pool.run(encodeUnsafe(arg), { name: method })) as HostWorkerReply<M>;
  }

  /** `send` to a shard's worker; a thread that dies marks the shard crashed. */
  private async call<M extends HostWorkerMethod>(
    shard: number,
    method: M,
    arg: HostWorkerArg<M>,
  ): Promise<HostWorkerReply<M>> {
    const crashed = this.crashed.get(shard);
    if (crashed) throw crashed;
    const reply = this.send(this.pools[shard], method, arg);
    this.inFlight.add(reply);
    try {
      return await reply;
    } catch (err) {
      const data = toErrorData(err);
      // Errors our code throws carry an FLT_ code; anything else means the thread died.
      if (data.code !== 'FLT_INTERNAL' || this.closed) throw fromErrorData(data);
      const error = new FlotillaError('FLT_WORKER_CRASHED', `worker ${shard} crashed: ${data.message}`, {
        hint: 'the hosts it owned are marked failed; the other workers carry on',
      });
      if (!this.crashed.has(shard)) {
        this.crashed.set(shard, error);
        this.onCrash({ shard, error });
      }
      throw error;
    } finally {
      this.inFlight.delete(reply);
    }
  }
}
