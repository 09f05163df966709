/**
 * The shard map: every host gets a stable owner worker for the whole run (round-robin,
 * so shards differ by at most one host) and a registry slot (its index in the run).
 */
export interface ShardMap {
  workerCount: number;
  /** host → owner worker index */
  owner: Map<string, number>;
  /** host → connection registry slot */
  slot: Map<string, number>;
  /** worker index → hosts it owns, in inventory order */
  shards: string[][];
}

export function buildShardMap(hosts: string[], workerCount: number): ShardMap {
  const count = Math.max(1, Math.min(workerCount, hosts.length || 1));
  const owner = new Map<string, number>();
  const slot = new Map<string, number>();
  const shards: string[][] = Array.from({ length: count }, () => []);
  hosts.forEach((host, i) => {
    owner.set(host, i % count);
    slot.set(host, i);
    shards[i % count].push(host);
  });
  return { workerCount: count, owner, slot, shards };
}
