/**
 * The seed's ConnectionFactory (seed-analysis §5 issue 3), in one worker: a bounded map whose
 * `put` evicts the first-inserted key when full, whatever its age, use or health, and closes
 * it. Deliberately wrong; the eviction scenario's baseline.
 */
import type { ConnectionParams } from '../connection/transport.js';
import type { TrackedTransport } from './lab-transport.js';

export class NaiveFifoPool {
  private readonly connections = new Map<number, TrackedTransport>();
  evictions = 0;

  constructor(
    private readonly maxConnections: number,
    private readonly factory: (params: ConnectionParams) => TrackedTransport,
  ) {}

  async get(slot: number, params: ConnectionParams): Promise<TrackedTransport> {
    const found = this.connections.get(slot);
    if (found?.isOpen) return found;
    const transport = this.factory(params);
    await transport.connect();
    this.put(slot, transport);
    return transport;
  }

  /** The seed's put(): when full, remove `keys().next()` (insertion order: FIFO). */
  private put(slot: number, transport: TrackedTransport): void {
    const replaced = this.connections.get(slot);
    if (replaced) {
      this.connections.delete(slot);
      void replaced.close().catch(() => {});
    }
    if (this.connections.size >= this.maxConnections) {
      const [oldest, conn] = this.connections.entries().next().value as [number, TrackedTransport];
      this.connections.delete(oldest);
      this.evictions++;
      void conn.close().catch(() => {});
    }
    this.connections.set(slot, transport);
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((t) => t.close().catch(() => {})));
  }
}
