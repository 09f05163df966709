/**
 * The seed's CommandContext pool (seed-analysis §5 issues 2 and 4), in one worker: an
 * unbounded map that grows with every host a command touches, closed only when the caller
 * remembers to call closeConnections() (an early return or a throw skips it). Deliberately
 * wrong; the unbounded scenario's baseline.
 */
import type { ConnectionParams } from '../connection/transport.js';
import type { TrackedTransport } from './lab-transport.js';

export class NaiveCommandContext {
  private readonly connections = new Map<number, TrackedTransport>();

  constructor(private readonly factory: (params: ConnectionParams) => TrackedTransport) {}

  async getConnection(slot: number, params: ConnectionParams): Promise<TrackedTransport> {
    const found = this.connections.get(slot);
    if (found && (await found.isAlive())) return found;
    const transport = this.factory(params);
    await transport.connect();
    this.connections.set(slot, transport);
    return transport;
  }

  /** The manual cleanup step every caller must remember, on every exit path. */
  async closeConnections(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((t) => t.close().catch(() => {})));
  }
}
