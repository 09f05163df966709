import { FlotillaError } from '../errors/index.js';

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

/**
 * A host the run did not know at the start (add_host) joins the shard with the fewest hosts
 * and takes the next registry slot.
 */
export function assignShard(
  map: ShardMap,
  host: string,
  slotCapacity: number,
): { shard: number; slot: number } {
  const slot = map.slot.size;
  if (slot >= slotCapacity)
    throw new FlotillaError(
      'FLT_RUN_HOSTS',
      `add_host: the run can take ${slotCapacity} hosts, and ${host} would be one more`,
    );
  let shard = 0;
  for (let i = 1; i < map.shards.length; i++) if (map.shards[i].length < map.shards[shard].length) shard = i;
  map.owner.set(host, shard);
  map.slot.set(host, slot);
  map.shards[shard].push(host);
  return { shard, slot };
}
